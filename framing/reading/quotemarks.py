"""Quotation marks: the spans of ``doc.text`` that stand between them.

Quotation marks are read in ``doc.text``, where curly and angled quotes are
already straight.  Rules for the marks:

* a double quote opens after a space, a bracket or a dash and before a
  non-space, and closes after a non-space; a stray closing mark (an inch sign)
  is skipped;
* an opening mark inside an open quotation opens a nested one ('"He said
  "no," she recalled."'), closed by the next closing mark;
* a quotation still open at the end of its paragraph goes on if the next
  paragraph re-opens it (the English convention for a long quotation), or runs
  to a lone closing mark at most three paragraphs on (a letter or a post quoted
  with its line breaks), and ends with its paragraph otherwise (with its
  sentence in a paragraph longer than 3,000 characters), so an unbalanced mark
  never swallows the rest of the article;
* single quotes count only as a pair ('like this') whose opener follows a space
  and whose closer is followed by a space or punctuation, so apostrophes
  (Russia's, '90s, rock 'n' roll, the leaders' plan) start nothing;
* a quotation inside another ('He said "no"') is part of it, not a second one.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..text import Document

_OPEN_AFTER = frozenset(" \n([{-/:;'")
_CLOSE_BEFORE = frozenset(" \n.,;:!?)]}-'")
# The mark comes first in the pattern so that the engine searches for it as a literal.
_SINGLE_OPEN = re.compile(r"'(?<![^\s(\[\"-]')(?=[^\W_])(?!\d\ds?\b|n'|em\b|til\b|tis\b|twas\b|cause\b|bout\b)", re.I)
_SINGLE_CLOSE = re.compile(r"'(?<=[^\s']')(?=[\s.,;:!?)\]\"-]|$)")
_PLURAL_POSSESSIVE = re.compile(r"\s+[a-z0-9]")  # "the leaders' plan"
_SINGLE_REACH = 300  # characters a single-quoted passage may span
_LINE_BROKEN_REACH = 3  # paragraphs an unclosed quotation may run to a lone closing mark
_MAX_OPEN = 3000  # characters a quotation may run before its opening mark is taken as unpaired


def quoted_spans(doc: "Document") -> list[tuple[int, int]]:
    """Content spans (without the marks) of the outermost quotations of ``doc``, in text order
    (read them from :attr:`Reading.quoted_spans <framing.reading.Reading.quoted_spans>`, computed once)."""
    return _outermost(_double_quoted(doc) + _single_quoted(doc))


def _double_quoted(doc: "Document") -> list[tuple[int, int]]:
    """Content spans of double-quoted passages (see the module rules)."""
    text = doc.text
    pos = text.find('"')
    if pos < 0:
        return []
    marks = []
    while pos >= 0:
        marks.append(pos)
        pos = text.find('"', pos + 1)
    starts = [s for s, _ in doc.paragraphs]
    ends = [e for _, e in doc.paragraphs]
    can_open, can_close = _mark_roles(text, marks)
    closing = _closing_pairs(can_open, can_close)
    spans: list[tuple[int, int]] = []
    open_at, open_para, depth = -1, -1, 0
    i = 0
    while i < len(marks):
        pos = marks[i]
        i += 1
        para = bisect_right(starts, pos) - 1
        if depth and pos - open_at > _MAX_OPEN:  # a mark left unpaired: no quotation runs this long
            end = _unclosed_end(doc, open_at, ends[open_para])
            spans.append((open_at + 1, end))
            depth = 0
            i = bisect_right(marks, end)  # read the marks after it afresh
            continue
        if depth and para != open_para:
            if can_open[i - 1] and para == open_para + 1 and pos == starts[para] and _goes_on(text, open_at, starts[open_para], ends[open_para]):
                open_para, depth = para, 1
                i = _next_event(marks, starts, closing, can_open, can_close, i - 1, open_at, open_para)
                continue
            if can_close[i - 1] and not can_open[i - 1] and para - open_para <= _LINE_BROKEN_REACH:
                spans.append((open_at + 1, pos))  # a quoted letter or post with line breaks
                depth = 0
                continue
            spans.append((open_at + 1, _unclosed_end(doc, open_at, ends[open_para])))
            depth = 0
        if not depth:
            before = text[pos - 1] if pos else " "
            if can_open[i - 1] or not (can_close[i - 1] or before.isalnum()):
                open_at, open_para, depth = pos, para, 1
                i = _next_event(marks, starts, closing, can_open, can_close, i - 1, open_at, open_para)
        elif can_open[i - 1] and not can_close[i - 1]:  # a quotation inside the quotation
            depth = 2
        else:
            depth -= 1
            if not depth:
                spans.append((open_at + 1, pos))
    if depth:
        spans.append((open_at + 1, _unclosed_end(doc, open_at, ends[open_para])))
    return [(s, e) for s, e in spans if e > s]


def _mark_roles(text: str, marks: list[int]) -> tuple[list[bool], list[bool]]:
    """Whether each mark may open a quotation, and whether it may close one."""
    n = len(text)
    can_open, can_close = [], []
    for pos in marks:
        before = text[pos - 1] if pos else " "
        after = text[pos + 1] if pos + 1 < n else " "
        can_open.append(before in _OPEN_AFTER and not after.isspace())
        can_close.append(not before.isspace() and (after in _CLOSE_BEFORE or pos + 1 == n))
    return can_open, can_close


def _closing_pairs(can_open: list[bool], can_close: list[bool]) -> list[int]:
    """For each mark index k, the first index from k on of a mark that lowers the depth right after
    another that did (the second of the pair closes a quotation open at depth 1); len(marks) if none."""
    lowers = [not (o and not c) for o, c in zip(can_open, can_close)]
    closing = [len(lowers)] * (len(lowers) + 2)
    for k in range(len(lowers) - 1, 0, -1):
        closing[k] = k if lowers[k] and lowers[k - 1] else closing[k + 1]
    return closing


def _next_event(marks: list[int], starts: list[int], closing: list[int], can_open: list[bool], can_close: list[bool],
                opener: int, open_at: int, open_para: int) -> int:
    """Index of the next mark after ``opener`` (which left a quotation open at depth 1) at which
    something happens: the quotation closes, runs too long, or reaches another paragraph.

    The marks between only move the depth between 1 and 2 (nested quotations); stepping over them
    at once keeps a run of opening marks from being re-read for each (quadratic in the run).
    """
    nxt = opener + 1
    if nxt >= len(marks):
        return nxt
    close = nxt if not (can_open[nxt] and not can_close[nxt]) else closing[nxt + 1]
    too_long = bisect_right(marks, open_at + _MAX_OPEN)
    other_para = bisect_left(marks, starts[open_para + 1]) if open_para + 1 < len(starts) else len(marks)
    return min(close, too_long, other_para)


def _unclosed_end(doc: "Document", open_at: int, para_end: int) -> int:
    """Where a quotation that is never closed ends: with its paragraph, or its sentence if the paragraph is long."""
    return para_end if para_end - open_at <= _MAX_OPEN else max(open_at + 1, doc.sentence_at(open_at + 1)[1])


def _goes_on(text: str, open_at: int, para_start: int, para_end: int) -> bool:
    """Whether a quotation left open may continue in the next paragraph.

    It must have opened the paragraph or followed a lead-in ('X said: "'), and
    the paragraph must end a sentence.
    """
    lead = text[para_start:open_at].rstrip()
    return (not lead or lead[-1] in ":,") and text[para_end - 1] in ".!?"


def _single_quoted(doc: "Document") -> list[tuple[int, int]]:
    """Content spans of 'single-quoted' passages whose marks pair up within a paragraph."""
    text = doc.text
    if "'" not in text:
        return []
    spans = []
    taken = -1
    for m in _SINGLE_OPEN.finditer(text):
        start = m.start()
        if start < taken:
            continue
        line_end = text.find("\n", start, start + _SINGLE_REACH)  # no further: unbounded, each mark read to the end
        reach = min(start + _SINGLE_REACH, len(text) if line_end < 0 else line_end)
        for close in _SINGLE_CLOSE.finditer(text, start + 2, reach):
            end = close.start()
            if text[end - 1] == "s" and _PLURAL_POSSESSIVE.match(text, end + 1):
                continue
            spans.append((start + 1, end))
            taken = end + 1
            break
    return spans


def _outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans not inside (or crossing into) an earlier, longer one, in text order."""
    spans.sort(key=lambda s: (s[0], -s[1]))
    kept: list[tuple[int, int]] = []
    for s, e in spans:
        if kept and s <= kept[-1][1]:
            continue
        kept.append((s, e))
    return kept
