"""The HTML report: span nesting, escaping, page structure, and the page as a real browser renders it."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from framing import Evidence, load_model, score
from framing.report import Mark, nest_spans, render_html, write_report
from framing.report.html import marked_text

from conftest import ROOT

SAMPLE = ROOT / "corpus" / "sample"
EXAMPLE = (ROOT / "corpus" / "examples" / "harbour_dispute.txt").read_text(encoding="utf-8")
HOSTILE = (
    'Officials said the plan "may well fail." <script>document.body.setAttribute("data-pwned", "1")</script>\n\n'
    'The minister claimed, according to Reuters, that it was a disgraceful "<img src=x onerror=alert(1)>" move. '
    "Japan and Russia & co. </mark></div> perhaps agreed."
)


@pytest.fixture(scope="module")
def model(sample_model_path):
    return load_model(sample_model_path)


class Page(HTMLParser):
    """Reads a page back: checks that tags nest, and collects marks, scripts, bars and the article text."""

    VOID = {"meta", "br", "input", "img", "link"}

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.tags: list[tuple[str, dict]] = []
        self.texts: list[str] = []  # text inside each article's .text div
        self.pieces: dict[str, list[str]] = {}  # data-e → text of its pieces
        self.feed(html)
        self.close()
        assert not self.stack, f"unclosed: {self.stack}"

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag in self.VOID:
            return
        self.stack.append((tag, attrs))
        if attrs.get("class") == "text":
            self.texts.append("")

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data):
        if any(a.get("class") == "text" for _, a in self.stack):
            self.texts[-1] += data
        marks = [a["data-e"] for t, a in self.stack if t == "mark"]
        for e in marks:
            self.pieces.setdefault(e, []).append(data)

    def find(self, tag: str, **attrs) -> list[dict]:
        return [a for t, a in self.tags if t == tag and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())]


def covered(pieces, index):
    return sorted(p for piece in pieces if piece.index == index for p in range(piece.start, piece.end))


def test_crossing_spans_are_cut_where_they_cross():
    pieces = nest_spans([(0, 10), (5, 20)])
    assert [(p.start, p.end, p.index, p.depth) for p in pieces] == [(0, 10, 0, 0), (5, 10, 1, 1), (10, 20, 1, 0)]


def test_same_start_puts_the_longer_span_outside_and_empty_spans_are_dropped():
    pieces = nest_spans([(3, 5), (3, 9), (4, 4)])
    assert [(p.start, p.end, p.index, p.depth) for p in pieces] == [(3, 9, 1, 0), (3, 5, 0, 1)]


def test_random_spans_nest_and_cover_exactly():
    rng = random.Random(7)
    for _ in range(300):
        spans = []
        for _ in range(rng.randint(0, 12)):
            a = rng.randint(0, 40)
            spans.append((a, a + rng.randint(0, 15)))
        pieces = nest_spans(spans)
        for i, (s, e) in enumerate(spans):
            assert covered(pieces, i) == list(range(s, e)), (spans, i)
        for p in pieces:
            assert p.start < p.end
            inside = [q for q in pieces if q is not p and q.start <= p.start and p.end <= q.end and (q.start, -q.end, q.depth) < (p.start, -p.end, p.depth)]
            assert p.depth == len(inside), (spans, p)
            for q in pieces:
                disjoint = p.end <= q.start or q.end <= p.start
                nested = (q.start <= p.start and p.end <= q.end) or (p.start <= q.start and q.end <= p.end)
                assert disjoint or nested, (spans, p, q)


def test_marked_text_is_well_formed_and_keeps_the_text():
    rng = random.Random(11)
    text = "a <b> & 'c' \"d\" " * 4
    for _ in range(100):
        marks = []
        for _ in range(rng.randint(1, 8)):
            a = rng.randint(0, len(text) - 1)
            b = min(len(text), a + rng.randint(1, 20))
            marks.append(Mark(Evidence("hedge", a, b, text[a:b]), a, b))
        page = Page(f'<div class="text">{marked_text(text, marks, "x")}</div>')
        assert page.texts == [text]
        for i, m in enumerate(marks):
            assert "".join(page.pieces[f"x{i}"]) == m.evidence.text


def test_article_text_cannot_inject_markup(model):
    html = render_html(score(HOSTILE, model), titles=['<script>alert("title")</script>'])
    page = Page(html)
    assert len(page.find("script")) == 1  # the page's own
    assert not page.find("img")
    assert page.texts == [HOSTILE]
    assert "<script>document" not in html and "<img" not in html


def test_every_highlight_shows_its_evidence_text(model):
    s = score(EXAMPLE, model)
    page = Page(render_html(s))
    marks = page.find("mark")
    assert {"loaded", "attribution", "quote", "actor"} <= {m["data-kind"] for m in marks}
    for e in s.evidence:
        ids = {m["data-e"] for m in marks if m["data-kind"] == e.kind and EXAMPLE[e.start:e.end] == e.text}
        assert any("".join(page.pieces[i]) == e.text for i in ids), e
        assert any(f"[{e.start}:{e.end}]" in m["title"] for m in marks if m["data-e"] in ids), e
    for m in marks:
        assert m["title"].startswith(m["data-kind"])


def test_weights_toward_the_predicted_label_are_on_the_spans(model):
    s = score(EXAMPLE, model)
    reasons = [r for r in s.explain("sample_genre", top=15) if r.evidence]
    assert reasons
    page = Page(render_html(s, top=15))
    label = s.labels["sample_genre"]
    r, e = reasons[0], reasons[0].evidence[0]
    titles = [m["title"] for m in page.find("mark", data_kind=e.kind) if f"“{e.text[:40]}" in m["title"]]
    assert any(f"sample_genre → {label}: {r.weight:+.3f} ({r.name})" in t for t in titles)


def test_html_input_is_shown_as_its_visible_text(model):
    html = ("<html><head><script>var x = 1;</script></head><body><p>Officials <b>may well</b> disagree &amp; "
            "the minister claimed it was a disgraceful move.</p></body></html>")
    s = score(html, model)
    page = Page(render_html(s))
    assert "var x" not in page.texts[0] and "<b>" not in page.texts[0]
    assert "Officials may well disagree & the minister" in page.texts[0]
    assert {e.kind for e in s.evidence} >= {"hedge", "loaded"}
    for e in s.evidence:  # these spans hold no markup: shown as they are
        ids = {m["data-e"] for m in page.find("mark", data_kind=e.kind)}
        assert any("".join(page.pieces[i]) == e.text for i in ids), e


def test_page_structure_for_several_articles(model, tmp_path):
    scores = [score(EXAMPLE, model), score("", model)]
    out = write_report(scores, tmp_path / "r.html", titles=["harbour", "empty"])
    html = out.read_text(encoding="utf-8")
    page = Page(html)
    assert [a["id"] for a in page.find("section")] == ["compare", "a0", "a1"]
    assert len(page.find("a", href="#a1")) == 2  # the navigation and the comparison's column
    assert "Empty text: the probabilities are the training priors." in html
    heads = page.find("div", **{"class": "head"})
    assert [h["data-head"] for h in heads] == ["sample_genre", "sample_topics"] * 2
    widths = [a["style"] for a in page.find("span", **{"class": "fill"})]
    # per article 2 + 3 label bars, and in the comparison a loaded and a hedge rate per article
    assert len(widths) == 2 * (2 + 3) + 2 * 2 and all(w.startswith("width:") for w in widths)
    assert page.find("table", **{"class": "actors"})
    kinds = {a["data-kind"] for a in page.find("input")}
    assert {"loaded", "quote", "attribution", "actor"} <= kinds
    assert not any(a.get("src") or a.get("href", "#").startswith(("http", "//")) for _, a in page.tags)


def test_stance_toward_a_claim_has_its_bars_and_spans(model):
    claim = "Estavia sent patrol boats into Norland's waters"
    page = Page(score(EXAMPLE, model, claims=claim).to_html("harbour"))
    heads = page.find("div", **{"class": "head"})
    assert [h["data-head"] for h in heads] == ["sample_genre", "sample_topics", f"stance toward “{claim}”"]
    assert "stance" in {a["data-kind"] for a in page.find("input")}
    assert page.find("mark", **{"class": "k-stance"})


def test_several_titles_must_match_the_scores(model):
    with pytest.raises(ValueError, match="2 titles for 1 articles"):
        render_html([score(EXAMPLE, model)], titles=["a", "b"])


# --- a real browser -----------------------------------------------------------------------

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--window-size=1200,1600"]


@pytest.fixture(scope="module")
def chromium():
    path = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if path is None:
        pytest.skip("no headless browser: install Debian's chromium (apt-get install chromium chromium-driver; .ci/run does)")
    return path


def browse(chromium: str, tmp_path: Path, url: str, *args: str) -> str:
    result = subprocess.run([chromium, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args, url],
                            capture_output=True, text=True, timeout=120, env={**os.environ, "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_browser_runs_the_page_and_not_the_article(model, chromium, tmp_path):
    s = score(HOSTILE + "\n\n" + EXAMPLE, model)
    path = write_report(s, tmp_path / "report.html")
    first = Page(path.read_text(encoding="utf-8")).find("mark", data_kind="loaded")[0]["data-e"]
    dom = browse(chromium, tmp_path, f"{path.as_uri()}#e={first}", "--dump-dom")
    page = Page(dom)
    assert page.find("html", data_ready="1"), "the page's script did not run to its end"
    assert not page.find("body", data_pwned="1") and not page.find("img")
    assert page.find("mark", data_kind="loaded") and len(page.find("span", **{"class": "fill"})) == 5
    focused = [a for a in page.find("mark") if a.get("class", "").endswith("focus")]
    assert focused and {a["data-e"] for a in focused} == {first}
    panel = page.find("div", id="panel")[0]
    assert "hidden" not in panel  # the link to the evidence opened its details


def test_screenshot_shows_text_highlights_and_bars(model, chromium, tmp_path):
    plt = pytest.importorskip("matplotlib.pyplot", reason="matplotlib reads the screenshot (pip install '.[dev]')")
    path = write_report(score(EXAMPLE, model), tmp_path / "report.html")
    browse(chromium, tmp_path, path.as_uri(), f"--screenshot={tmp_path / 'shot.png'}")
    image = plt.imread(tmp_path / "shot.png")[:, :, :3]
    r, g, b = image[..., 0], image[..., 1], image[..., 2]
    assert (image.min(axis=2) < 0.5).mean() > 0.01, "the page looks blank"
    assert ((r > 0.9) & (g < 0.85) & (b < 0.85) & (r - g > 0.1)).sum() > 200, "no loaded-language highlight drawn"
    assert ((b > 0.5) & (r < 0.3) & (b - r > 0.3)).sum() > 200, "no probability bar drawn"


def test_a_lone_surrogate_is_written_as_a_replacement_character(model, tmp_path):
    s = score("Bad \ud800 surrogate here. The minister said it was a disgraceful move.", model)
    page = write_report(s, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Bad \ufffd " in page and "\ud800" not in page
