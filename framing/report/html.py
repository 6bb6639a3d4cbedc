"""One self-contained HTML page of scored articles: highlighted evidence, head bars, actors, sourcing.

The page has no external scripts, fonts or styles.  Every piece of the
caller's text and of the model's output is escaped, so an article holding
``<script>`` shows it as text.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence, Union

from .spans import nest_spans, tags
from ..actors.perspective import MAIN_ROLES, SOURCE_KINDS
from .view import ArticleView, HeadView, Mark, article_view

if TYPE_CHECKING:
    from ..actors import ActorProfile
    from ..evidence import Evidence
    from ..pipeline import Score

#: Evidence kind → (style of its highlight, what the legend says).  Other kinds get a neutral style.
KINDS: dict[str, tuple[str, str]] = {
    "loaded": ("background:rgba(230,60,60,.30)", "loaded language: charged words and labels"),
    "hedge": ("background:rgba(60,120,230,.28)", "hedges: words that soften a claim"),
    "booster": ("background:rgba(240,150,20,.35)", "boosters: words of certainty and emphasis"),
    "report_verb": ("background:rgba(40,170,90,.28)", "reporting verbs (said, claimed, admitted...)"),
    "quote": ("background:rgba(120,120,120,.14);font-style:italic", "direct quotations"),
    "attribution": ("border-bottom:2px solid #8a4fd0", "attributions: who a claim is credited to"),
    "actor": ("text-decoration:underline dotted #333;text-underline-offset:3px", "actor mentions"),
    "ngram": ("outline:1px dashed #b08900;outline-offset:-1px", "n-grams among the inputs that pushed a predicted label most"),
    "stance": ("box-shadow:inset 0 -3px 0 #1b8a9a", "stance toward a claim: matching sentences, claim terms, cues near them"),
    "technique": ("border-left:4px solid #d08a00;padding-left:3px", "paragraphs with persuasion techniques (hover: which)"),
}
OTHER_STYLE = "border-bottom:1px dashed #555"
SOURCE_COLOURS = dict(zip(SOURCE_KINDS, ("#2f7d4f", "#c0392b", "#8a4fd0", "#999")))

CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#222;background:#fff}
header,section.article{max-width:1100px;margin:0 auto;padding:12px 20px}
header{border-bottom:1px solid #ddd}
h1{font-size:22px;margin:6px 0}h2{font-size:19px;margin:18px 0 8px}h3{font-size:14px;margin:10px 0 4px}
#legend{position:sticky;top:0;z-index:2;background:#fafafa;border-bottom:1px solid #ddd;padding:6px 20px;font-size:13px}
#legend label{margin-right:14px;white-space:nowrap;cursor:pointer}
.swatch{display:inline-block;padding:0 4px;margin:0 3px}
.summary{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:10px 24px}
.head .row,.mix .row{display:grid;grid-template-columns:190px 1fr 44px;gap:6px;align-items:center;font-size:13px}
.name{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.bar{display:block;height:12px;background:#eee;border-radius:2px;overflow:hidden}
.fill{display:block;height:100%;background:#4a78c2}
.row.predicted .fill{background:#1f4fa0}.row.predicted .name{font-weight:600}
.chip{display:inline-block;background:#1f4fa0;color:#fff;border-radius:10px;padding:0 8px;margin:0 4px 2px 0;font-size:12px}
.stack{display:flex;height:14px;background:#eee;border-radius:2px;overflow:hidden}
.stack span{display:block;height:100%}
table.actors{border-collapse:collapse;font-size:13px;width:100%}
table.actors th,table.actors td{border-bottom:1px solid #e4e4e4;padding:2px 6px;text-align:right}
table.actors th:nth-child(-n+2),table.actors td:nth-child(-n+2){text-align:left}
.text{white-space:pre-wrap;font:16px/1.65 Georgia,"Times New Roman",serif;border-top:1px solid #ddd;padding-top:10px;margin-top:12px}
mark{color:inherit;background:none;cursor:pointer;padding:0}
mark:hover{box-shadow:0 0 0 1px #333}
mark.focus{box-shadow:0 0 0 2px #000}
.note{color:#666;font-size:13px}
.perspective{background:#f6f8fb;border:1px solid #dde3ec;border-radius:4px;padding:6px 12px;margin:8px 0;font-size:14px}
.perspective div{margin:2px 0}.perspective b{display:inline-block;min-width:110px}
a.span{color:inherit;text-decoration:underline dotted;text-underline-offset:2px}
section#compare{max-width:none}
table.compare{border-collapse:collapse;font-size:13px;margin:8px 0 14px;width:100%;table-layout:fixed}
table.compare th:first-child{width:170px}
table.compare td{overflow-wrap:anywhere}
table.compare th,table.compare td{border:1px solid #e0e0e0;padding:4px 6px;vertical-align:top;text-align:left}
table.compare th[scope=row]{background:#fafafa}
.rate{display:flex;align-items:center;gap:6px}.rate .bar{flex:1;min-width:40px}
#panel{position:fixed;right:12px;bottom:12px;max-width:420px;max-height:50vh;overflow:auto;background:#fff;border:1px solid #888;
box-shadow:0 2px 10px rgba(0,0,0,.2);padding:8px 12px;font-size:13px;z-index:3}
#panel .item{border-bottom:1px solid #eee;padding:4px 0;white-space:pre-wrap}
#panel .item:first-line{font-weight:600}
"""

JS = """
(function () {
  var panel = document.getElementById("panel");
  function show(mark) {
    var focused = document.querySelectorAll("mark.focus");
    for (var i = 0; i < focused.length; i++) focused[i].classList.remove("focus");
    panel.textContent = "";
    for (var m = mark; m; m = m.parentElement.closest("mark")) {
      var item = document.createElement("div");
      item.className = "item";
      item.textContent = m.title;
      panel.appendChild(item);
    }
    var same = document.querySelectorAll('mark[data-e="' + mark.getAttribute("data-e") + '"]');
    for (var j = 0; j < same.length; j++) same[j].classList.add("focus");
    panel.hidden = false;
  }
  document.addEventListener("click", function (ev) {
    var mark = ev.target.closest("mark");
    if (mark) show(mark);
    else if (!panel.contains(ev.target)) panel.hidden = true;
  });
  var boxes = document.querySelectorAll("#legend input[data-kind]");
  for (var k = 0; k < boxes.length; k++) {
    boxes[k].addEventListener("change", function () {
      document.body.classList.toggle("hide-" + this.getAttribute("data-kind"), !this.checked);
    });
  }
  function follow() {
    var wanted = /^#e=([\\w-]+)$/.exec(location.hash);
    var target = wanted && document.querySelector('mark[data-e="' + wanted[1] + '"]');
    if (target) { show(target); target.scrollIntoView({block: "center"}); }
  }
  window.addEventListener("hashchange", follow);
  follow();
  document.documentElement.setAttribute("data-ready", "1");
})();
"""


def _a(value: object) -> str:
    """An attribute value or text, escaped."""
    return escape(str(value), quote=True)


def _css_name(kind: str) -> str:
    return re.sub(r"[^a-z0-9_-]", "_", kind.lower())


def _kind_css(kinds: Iterable[str]) -> str:
    """Highlight rules per kind, and the rules that hide a kind unticked in the legend."""
    rules = []
    for kind in kinds:
        c = _css_name(kind)
        rules.append(f"mark.k-{c},.swatch.k-{c}{{{KINDS.get(kind, (OTHER_STYLE,))[0]}}}")
        rules.append(f".hide-{c} mark.k-{c}{{background:none;border:0;outline:0;text-decoration:none;font-style:inherit}}")
    return "\n".join(rules)


def _tooltip(mark: Mark) -> str:
    e = mark.evidence
    lines = [(f"{e.kind} · {e.detail}" if e.detail else e.kind) + f"  [{e.start}:{e.end}]",
             f"“{e.text if len(e.text) <= 80 else e.text[:77] + '...'}”"]
    lines += [f"{k}: {v}" for k, v in e.attrs.items()]
    lines += list(mark.notes) or ["not among the inputs that pushed a predicted label most"]
    return "\n".join(lines)


def marked_text(text: str, marks: Sequence[Mark], prefix: str) -> str:
    """``text`` escaped, with each mark as ``<mark>`` elements (several where it crosses another).

    The ids of a mark's elements are ``prefix`` and its index in ``marks``.
    """
    pieces = nest_spans([(m.start, m.end) for m in marks])
    out, at = [], 0
    for tag in tags(pieces):
        out.append(escape(text[at:tag.pos], quote=False))
        at = tag.pos
        if tag.opens:
            m = marks[tag.piece.index]
            e = m.evidence
            out.append(f'<mark class="k-{_css_name(e.kind)}" data-e="{prefix}{tag.piece.index}" data-kind="{_a(e.kind)}" '
                       f'data-detail="{_a(e.detail)}" title="{_a(_tooltip(m))}">')
        else:
            out.append("</mark>")
    out.append(escape(text[at:], quote=False))
    return "".join(out)


def _bar_row(name: str, p: float, predicted: bool) -> str:
    return (f'<div class="row{" predicted" if predicted else ""}"><span class="name" title="{_a(name)}">{_a(name)}</span>'
            f'<span class="bar"><span class="fill" style="width:{100 * max(0.0, min(1.0, p)):.1f}%"></span></span>'
            f'<span class="p">{p:.2f}</span></div>')


def _head(h: HeadView) -> str:
    chips = "".join(f'<span class="chip">{_a(label)}</span>' for label in h.predicted) or '<span class="note">no label over its threshold</span>'
    rows = "".join(_bar_row(label, p, label in h.predicted) for label, p in sorted(h.probabilities.items(), key=lambda kv: -kv[1]))
    kind = "several labels, one probability each" if h.multilabel else "one label, probabilities sum to 1"
    return f'<div class="head" data-head="{_a(h.name)}"><h3>{_a(h.name)} <span class="note">({kind})</span></h3><div>{chips}</div>{rows}</div>'


def _sourcing(mix: dict[str, tuple[float, float]]) -> str:
    stack = "".join(f'<span class="src-{k}" title="{k}: {mix[k][0]:.0f}" style="width:{100 * mix[k][1]:.1f}%;background:{SOURCE_COLOURS[k]}"></span>'
                    for k in SOURCE_KINDS if mix[k][1] > 0)
    rows = "".join(f'<div class="row"><span class="name"><span class="swatch" style="background:{SOURCE_COLOURS[k]}">&nbsp;</span>{k}</span>'
                   f'<span class="note">{mix[k][0]:.0f} attribution{"" if mix[k][0] == 1 else "s"}</span><span class="p">{mix[k][1]:.2f}</span></div>'
                   for k in SOURCE_KINDS)
    attributed, unattributed = mix["quotes"]
    total = sum(mix[k][0] for k in SOURCE_KINDS)
    empty = "" if total else '<p class="note">No attribution found.</p>'
    return (f'<div class="mix"><h3>sourcing mix</h3>{empty}<div class="stack">{stack}</div>{rows}'
            f'<p class="note">Direct quotations: {attributed:.0f} with a speaker, {unattributed:.0f} without.</p></div>')


def _actors(actors: Sequence["ActorProfile"]) -> str:
    if not actors:
        return '<p class="note">No actor found.</p>'
    head = "".join(f"<th>{c}</th>" for c in ("actor", "kind", "mentions", "quotes", "quoted words", "attributions",
                                             "agent of loaded", "target of loaded", "stance"))
    rows = []
    for a in actors:
        stance = " ".join(f"{k} {v:.2f}" for k, v in a.stance.items())
        rows.append(f'<tr><td>{_a(a.name)}</td><td>{_a(a.kind)}</td><td>{a.n_mentions}</td><td>{a.quotes}</td>'
                    f"<td>{a.quoted_token_share:.0%}</td><td>{a.attributions}</td><td>{a.agent_of_loaded}</td><td>{a.target_of_loaded}</td>"
                    f'<td title="{_a(stance)}">{_a(a.stance_label or "-")}</td></tr>')
    return f'<table class="actors"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _linked(view: ArticleView, number: int, text: str, evidence: Sequence["Evidence"]) -> str:
    """``text`` as a link to the first of ``evidence`` among the view's marks (the others in its title)."""
    spans = [(e, view.mark_of(e)) for e in evidence]
    spans = [(e, i) for e, i in spans if i is not None]
    if not spans:
        return _a(text)
    first = spans[0][1]
    where = "; ".join(f"“{e.text if len(e.text) <= 60 else e.text[:57] + '...'}” [{e.start}:{e.end}]" for e, _ in spans[:6])
    return f'<a class="span" href="#e=a{number}-{first}" data-spans="{len(spans)}" title="{_a(where)}">{_a(text)}</a>'


def _perspective(view: ArticleView, number: int) -> str:
    p = view.perspective
    rows = []
    for role in MAIN_ROLES:
        items = [_linked(view, number, c.actor + (f" ({', '.join(c.fine_roles)})" if c.fine_roles else ""), c.evidence)
                 for c in p.cast.get(role, [])]
        rows.append((f"{role}s", items))
    rows.append(("Voice", [_linked(view, number, f"{v.actor} {v.quoted_token_share:.0%}", v.evidence) for v in p.voice]))
    rows.append(("Sourcing", [_linked(view, number, f"{s.kind} {s.share:.0%}", s.evidence) for s in p.sourcing]))
    if p.narratives:
        rows.append(("Narratives", [_linked(view, number, n.label + (f": {'; '.join(n.subnarratives)}" if n.subnarratives and n.subnarratives != ("Other",) else ""), n.evidence)
                                    for n in p.narratives]))
    body = "".join(f"<div><b>{_a(name)}</b> {', '.join(items) if items else '—'}</div>" for name, items in rows)
    return f'<div class="perspective" data-perspective="a{number}"><h3>perspective</h3>{body}</div>'


def _paragraph_marks(view: ArticleView) -> dict[int, "Evidence"]:
    """Start of each paragraph with techniques → the evidence of its ``technique`` mark."""
    return {m.evidence.start: m.evidence for m in view.marks if m.evidence.kind == "technique"}


def _techniques(view: ArticleView, number: int) -> str:
    """A row per paragraph with techniques: its opening words (a link to it) and its techniques with probabilities."""
    rows = []
    marks = _paragraph_marks(view)
    for t in view.techniques:
        if not t.techniques:
            continue
        opening = " ".join(view.text[t.start:t.end].split()[:8]) if view.text else ""
        spans = [e for ts in t.evidence.values() for e in ts]
        found = [_linked(view, number, f"{k} {t.probabilities[k]:.2f}", t.evidence.get(k, ())) for k in t.techniques]
        rows.append(f"<tr><td>{_linked(view, number, opening + ' …', [marks[t.start], *spans])}</td>"
                    f"<td>{', '.join(found)}</td></tr>")
    if not view.techniques:
        return ""
    if not rows:
        return '<h3>persuasion techniques</h3><p class="note">No paragraph reaches the threshold of any technique.</p>'
    return (f'<h3>persuasion techniques <span class="note">(per paragraph; {len(rows)} of {len(view.techniques)} paragraphs)</span></h3>'
            f'<table class="actors techniques"><thead><tr><th>paragraph</th><th>techniques</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _article(view: ArticleView, number: int) -> str:
    empty = '<p class="note">Empty text: the probabilities are the training priors.</p>' if view.empty else ""
    heads = "".join(_head(h) for h in view.heads)
    return (f'<section class="article" id="a{number}"><h2>{_a(view.title)}</h2>{empty}{_perspective(view, number)}'
            f'<div class="summary">{heads}{_sourcing(view.sourcing)}</div>{_techniques(view, number)}'
            f"<h3>actors</h3>{_actors(view.actors)}"
            f'<div class="text">{marked_text(view.text, view.marks, f"a{number}-")}</div></section>')


#: Feature rates the comparison shows, with their row names and the evidence kind behind each.
COMPARED_RATES = (("loaded.per_1k", "loaded language per 1,000 words", "loaded"), ("hedge.per_1k", "hedges per 1,000 words", "hedge"))
#: At most this many actors shared by several articles get a row.
COMPARED_ACTORS = 8


def _rate(view: ArticleView, number: int, feature: str, kind: str, most: float) -> str:
    value = view.features.get(feature, 0.0)
    spans = [m.evidence for m in view.marks if m.evidence.kind == kind]
    bar = f'<span class="bar"><span class="fill" style="width:{100 * value / most if most else 0:.1f}%"></span></span>'
    return f'<div class="rate">{_linked(view, number, f"{value:.1f}", spans)}{bar}</div>'


def _mix(view: ArticleView, number: int) -> str:
    p = view.perspective
    stack = "".join(f'<span style="width:{100 * s.share:.1f}%;background:{SOURCE_COLOURS[s.kind]}" title="{s.kind} {s.share:.0%}"></span>'
                    for s in p.sourcing)
    items = ", ".join(_linked(view, number, f"{s.kind} {s.share:.0%}", s.evidence) for s in p.sourcing) or "—"
    return f'<div class="stack">{stack}</div>{items}'


def _technique_counts(view: ArticleView, number: int, most: int = 4) -> str:
    """The techniques of the most paragraphs, with how many, each linked to those paragraphs."""
    found: dict[str, list] = {}
    marks = _paragraph_marks(view)
    for t in view.techniques:
        for k in t.techniques:
            found.setdefault(k, []).append(marks[t.start])
    ranked = sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:most]
    return "<br>".join(_linked(view, number, f"{k} ({len(spans)})", spans) for k, spans in ranked) or '<span class="note">none found</span>'


def _comparison(views: Sequence[ArticleView]) -> str:
    """One column per article: narratives, each shared actor's role and voice, sourcing, rates, frames."""
    head = "".join(f'<th scope="col"><a href="#a{i}">{_a(v.title)}</a></th>' for i, v in enumerate(views))
    rows = []

    def row(name: str, cells: Iterable[str]) -> None:
        rows.append(f'<tr><th scope="row">{_a(name)}</th>{"".join(f"<td>{c}</td>" for c in cells)}</tr>')

    def labels(view: ArticleView, number: int, head: str) -> str:
        chosen = view.labels.get(head, ())
        return "<br>".join(_linked(view, number, label, view.label_spans.get((head, label), ())) for label in chosen) or "—"

    if any("narratives" in v.labels for v in views):
        row("narratives", (labels(v, i, "narratives") for i, v in enumerate(views)))
    actors: dict[str, list[int]] = {}
    for v in views:
        for a in v.actors:
            actors.setdefault(a.name, []).append(a.n_mentions)
    shared = sorted((name for name, n in actors.items() if len(n) > 1), key=lambda name: (-len(actors[name]), -sum(actors[name])))
    for name in shared[:COMPARED_ACTORS]:
        cells = []
        for i, v in enumerate(views):
            actor = next((a for a in v.actors if a.name == name), None)
            if actor is None:
                cells.append('<span class="note">not named</span>')
                continue
            role = getattr(actor, "role", None)
            said = role.main_role + (f" ({', '.join(role.fine_roles)})" if role.fine_roles else "") if role else f"{actor.n_mentions} mention{'' if actor.n_mentions == 1 else 's'}"
            cast = _linked(v, i, said, [*(role.evidence if role else ()), *actor.mentions])
            voice = _linked(v, i, f"voice {actor.quoted_token_share:.0%}", [e for e in actor.evidence if e.kind == "quote"]) if actor.quotes else '<span class="note">no quotes</span>'
            cells.append(f"{cast}<br>{voice}")
        row(name, cells)
    row("sourcing", (_mix(v, i) for i, v in enumerate(views)))
    for feature, name, kind in COMPARED_RATES:
        most = max((v.features.get(feature, 0.0) for v in views), default=0.0)
        row(name, (_rate(v, i, feature, kind, most) for i, v in enumerate(views)))
    if any(v.techniques for v in views):
        row("persuasion techniques (paragraphs)", (_technique_counts(v, i) for i, v in enumerate(views)))
    if any("frames" in v.labels for v in views):
        row("frames", (labels(v, i, "frames") for i, v in enumerate(views)))
    return (f'<section class="article" id="compare"><h2>side by side</h2><table class="compare"><thead><tr><th></th>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table><p class="note">Each entry links to a span of its article that shows it.</p></section>')


def _legend(kinds: Sequence[str]) -> str:
    boxes = "".join(f'<label><input type="checkbox" checked data-kind="{_css_name(k)}"><span class="swatch k-{_css_name(k)}">{_a(k)}</span>'
                    f'<span class="note">{_a(KINDS.get(k, ("", "evidence of the " + k + " family"))[1])}</span></label>' for k in kinds)
    return (f'<div id="legend">{boxes}<br><span class="note">Hover over a highlight for its kind, detail and weight toward '
            "the predicted labels; click it for the spans under it. Untick a kind to hide it.</span></div>")


def render_html(scores: Union["Score", Sequence["Score"]], titles: Sequence[str] | None = None, top: int = 15) -> str:
    """One self-contained HTML page showing how scored articles tell their story.

    Per article: the text with every evidence span highlighted by kind
    (hover: kind, detail and weight toward the predicted labels; click: every
    span at that point), each head's probabilities as bars with its predicted
    labels (frames are the ``frames`` head's), the actor table (mentions,
    voice, loaded-language roles, stance) and the sourcing mix; a legend
    toggles the kinds.  Each article opens with its perspective summary
    (:attr:`Score.perspective`), and several articles with a side-by-side
    comparison: narratives, each shared actor's role and voice, sourcing,
    loaded-language and hedging rates, frames.  Every entry of both links to
    a span of its article.

    Parameters
    ----------
    scores : Score or sequence of Score
        From :func:`framing.score` or :func:`framing.score_many`.
    titles : sequence of str, optional
        One per score; default "Article 1", "Article 2"...
    top : int
        Per predicted label, how many of the inputs that pushed it most have
        their weight shown on the spans behind them.

    Returns
    -------
    str
        The page: no external scripts, fonts or styles; the text is escaped.
    """
    scores = [scores] if hasattr(scores, "heads") else list(scores)
    titles = list(titles) if titles is not None else [f"Article {i + 1}" for i in range(len(scores))]
    if len(titles) != len(scores):
        raise ValueError(f"{len(titles)} titles for {len(scores)} articles")
    views = [article_view(s, t, top) for s, t in zip(scores, titles)]
    seen = {m.evidence.kind for v in views for m in v.marks}
    kinds = [k for k in KINDS if k in seen] + sorted(seen - set(KINDS))
    nav = ""
    if len(views) > 1:
        nav = "<nav>" + " · ".join(f'<a href="#a{i}">{_a(v.title)}</a>' for i, v in enumerate(views)) + "</nav>"
    articles = (_comparison(views) if len(views) > 1 else "") + "".join(_article(v, i) for i, v in enumerate(views))
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>framing report</title><style>{CSS}{_kind_css(kinds)}</style></head>"
            f'<body><header><h1>framing report</h1><p class="note">{len(views)} article{"" if len(views) == 1 else "s"}. '
            f"Probabilities and spans from the framing feature layer and model; the actor stance is the actor model's.</p>{nav}</header>"
            f'{_legend(kinds)}{articles}<div id="panel" hidden></div><script>{JS}</script></body></html>\n')


_SURROGATE = re.compile("[\ud800-\udfff]")


def write_report(scores: Union["Score", Sequence["Score"]], out: str | Path, titles: Sequence[str] | None = None) -> Path:
    """Write :func:`render_html` of ``scores`` to ``out`` (UTF-8) and return its path.

    A lone surrogate in a text (which a ``str`` may hold but UTF-8 cannot) is written as U+FFFD,
    one character for one, so the page shows where it was.
    """
    out = Path(out)
    out.write_text(_SURROGATE.sub("\ufffd", render_html(scores, titles)), encoding="utf-8")
    return out
