"""Hostile input to the text layer: every pattern family stays linear, and the linear forms
give what the plain ones gave.

Each family is run on an input of the worst shape found for it (benchmarks/RESULTS.md lists
them with their times), ~100 kB, against a CPU-time budget generous enough not to flake on a
slow machine: the quadratic forms took tens of seconds to minutes on these inputs.
"""

from __future__ import annotations

import random
import re
import time

import pytest

import framing
from framing.text import boilerplate, document, html, prepare

BUDGET = 5.0  # CPU seconds; the linear code takes hundredths


def _cpu(fn, *args) -> float:
    start = time.process_time()
    fn(*args)
    return time.process_time() - start


N = 100_000
PAGE = "<p>a</p><p>b</p>"
WORST = {
    # family: input of the worst shape found for it
    "lines: a line of white space": "x\n" + " " * N + "\ny",
    "lines: tabs": "x\n" + "\t" * N + "\ny",
    "lines: no-break spaces": "x\n" + "\u00a0" * N + "\ny",
    "sentences: a run of periods": "He said " + "." * N + " said.",
    "sentences: a run of ! and ?": "He said " + "!?" * (N // 2) + " said.",
    "sentences: ellipses": "He said " + "\u2026" * (N // 3) + " said.",
    "sentences: periods then closers": "a" + "." * (N // 2) + "'" * (N // 2) + "a",
    "sentences: abbreviations": "Mr. " * (N // 4),
    "sentences: hard-wrapped run": "a b\nc d\ne f\n\n" + "." * N,
    "html: unclosed tags": PAGE + "<a" * (N // 2),
    "html: unclosed block tags": PAGE + "<p" * (N // 2),
    "html: unclosed dropped tags": PAGE + "<script" * (N // 7),
    "html: spaces without a line break": PAGE + " " * N + "x",
    "html: tabs without a line break": PAGE + "\t" * N + "x",
    "html: unclosed comments": PAGE + "<!--" * (N // 4),
    "html: entities": PAGE + "&a" * (N // 2),
    "html detection: unclosed tags": "<p" * (N // 2),
    "normalize: combining marks": "a" + "\u0301" * N,
    "normalize: carriage returns": "\r" * N,
    "boilerplate: icon names": "iconarrow " * (N // 10),
    "boilerplate: placeholders": "{{" * (N // 2),
    "words: apostrophes": "a'" * (N // 2),
}


@pytest.mark.parametrize("family", list(WORST))
def test_worst_input_of_each_pattern_family_extracts_in_linear_time(family):
    framing.extract("Warm up. It said.")
    assert _cpu(framing.extract, WORST[family]) < BUDGET, family


def test_a_megabyte_of_the_worst_sentence_input_scores_quickly():
    framing.score("Warm up. It said.")
    assert _cpu(framing.score, "He said " + "." * 1_000_000 + " said.") < 2 * BUDGET


def test_line_spans_at_line_starts_are_the_unanchored_ones():
    plain = re.compile(r"[^\n]*[^\s][^\n]*")
    rnd = random.Random(11)
    pieces = [" ", "\t", "\n", "\u00a0", "\x0b", "\x1c", "\u2028", "\u3000", "a", "\r", "\x85"]
    for _ in range(20000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12)))
        assert [m.span() for m in boilerplate._LINE.finditer(text)] == [m.span() for m in plain.finditer(text)], repr(text)


_PLAIN_HTML_TOKENS = re.compile(
    r"(?P<comment><!--.*?(?:-->|\Z))"
    rf"|(?P<dropped><(?P<tag>{html._DROPPED})\b[^>]*>.*?(?:</(?P=tag)\s*>|\Z))"
    rf"|(?P<block></?(?:{html._BLOCK})\b[^>]*>)"
    r"|(?P<tag_other></?[A-Za-z!?][^>]*>)"
    r"|(?P<entity>&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?)"
    r"|(?P<space>[ \t]*\n[ \t\n]*)",
    re.DOTALL | re.IGNORECASE,
)


def _plain_html_edits(text):
    out = []
    for m in _PLAIN_HTML_TOKENS.finditer(text):
        kind = m.lastgroup
        new = {"block": "\n\n", "space": " "}.get(kind, "")
        if kind == "entity":
            new = html.html.unescape(m.group())
            if new == m.group():
                continue
        out.append((m.start(), m.end(), new))
    return out


def test_html_tokens_after_the_last_tag_end_are_the_plain_ones():
    """Tags are searched for only up to the last ">"; the edits are those of one plain search."""
    pieces = ["<", ">", "<p", "<p>", "</p>", "<a", "<a href=x>", "<script>", "</script>", "</script >", "<script",
              "<!--", "-->", "<!-->", "-", "&amp;", "&amp", "&#39;", "&x", " ", "\t", "\n", "x", "<b>", "</", "<style>",
              "</style>", "<br/>", "<nav>", "</nav >", "<script</script>"]
    rnd = random.Random(12)
    for _ in range(30000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 14)))
        assert [tuple(e) for e in html.html_edits(text)] == _plain_html_edits(text), repr(text)
        plain_looks = sum(1 for _ in html._LOOKS_LIKE_HTML.finditer(text)) >= 2
        assert html.looks_like_html(text) == plain_looks, repr(text)


def test_spans_of_the_linear_sentence_patterns_on_the_worst_shapes_are_sensible():
    doc = prepare("He said " + "." * 5000 + " Then he left.")
    assert [doc.text[s:e] for s, e in doc.sentences] == ["He said " + "." * 5000, "Then he left."]
    doc = prepare("Mr.! Next one. Mr.. Next")
    assert [doc.text[s:e] for s, e in doc.sentences] == ["Mr.!", "Next one.", "Mr..", "Next"]
