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
from itertools import chain
from typing import TYPE_CHECKING, Callable

import numpy as np

if TYPE_CHECKING:
    from ..text import Document

_OPEN_AFTER = frozenset(" \n([{-/:;'")
_CLOSE_BEFORE = frozenset(" \n.,;:!?)]}-'")
_OPEN_AFTER_CODES = np.array(sorted(map(ord, _OPEN_AFTER)), dtype=np.uint32)
_CLOSE_BEFORE_CODES = np.array(sorted(map(ord, _CLOSE_BEFORE)), dtype=np.uint32)
_DOUBLE, _SPACE = ord('"'), ord(" ")
# The mark comes first in the pattern so that the engine searches for it as a literal.
_SINGLE_OPEN = re.compile(r"'(?<![^\s(\[\"-]')(?=[^\W_])(?!\d\ds?\b|n'|em\b|til\b|tis\b|twas\b|cause\b|bout\b)", re.I)
_SINGLE_CLOSE = re.compile(r"'(?<=[^\s']')(?=[\s.,;:!?)\]\"-]|$)")
_PLURAL_POSSESSIVE = re.compile(r"\s+[a-z0-9]")  # "the leaders' plan"
_SINGLE_REACH = 300  # characters a single-quoted passage may span
_LINE_BROKEN_REACH = 3  # paragraphs an unclosed quotation may run to a lone closing mark
_AT_ONCE = 512  # marks from which their facts are found with numpy (_mark_facts)
_MAX_OPEN = 3000  # characters a quotation may run before its opening mark is taken as unpaired


def quoted_spans(doc: "Document") -> list[tuple[int, int]]:
    """Content spans (without the marks) of the outermost quotations of ``doc``, in text order
    (read them from :attr:`Reading.quoted_spans <framing.reading.Reading.quoted_spans>`, computed once)."""
    return _outermost(_double_quoted(doc), _single_quoted(doc))


def _double_quoted(doc: "Document") -> list[tuple[int, int]]:
    """Content spans of double-quoted passages (see the module rules).

    What each mark may do, the paragraph it is in and the next mark at which something happens
    when it opens a quotation are found for all marks first; the loop below only follows the
    quotations from one such event to the next.
    """
    text = doc.text
    if '"' not in text:
        return []
    starts = [s for s, _ in doc.paragraphs]
    ends = [e for _, e in doc.paragraphs]
    found = _mark_facts if text.count('"') >= _AT_ONCE else _mark_facts_one_by_one
    marks, can_open, can_close, only_opens, opens_outside, paras, events, unclosed, resume = found(doc, starts, ends)
    n = len(marks)
    spans: list[tuple[int, int]] = []
    open_at, open_para, depth = -1, -1, 0
    i = 0
    while i < len(marks):
        pos = marks[i]
        para = paras[i]
        i += 1
        if depth and pos - open_at > _MAX_OPEN:  # a mark left unpaired: no quotation runs this long
            end = _unclosed_end(doc, open_at, ends[open_para])
            spans.append((open_at + 1, end))
            depth = 0
            i = bisect_right(marks, end)  # read the marks after it afresh
            continue
        if depth and para != open_para:
            if can_open[i - 1] and para == open_para + 1 and pos == starts[para] and _goes_on(text, open_at, starts[open_para], ends[open_para]):
                open_para, depth = para, 1
                i = events[i - 1]
                continue
            if can_close[i - 1] and not can_open[i - 1] and para - open_para <= _LINE_BROKEN_REACH:
                spans.append((open_at + 1, pos))  # a quoted letter or post with line breaks
                depth = 0
                continue
            spans.append((open_at + 1, _unclosed_end(doc, open_at, ends[open_para])))
            depth = 0
        if not depth:
            if opens_outside[i - 1]:
                event = events[i - 1]
                if event < n and marks[event] - pos <= _MAX_OPEN:
                    if paras[event] == para and not only_opens[event]:  # closed there: the common case at once
                        spans.append((pos + 1, marks[event]))
                        i = event + 1
                        continue
                    open_at, open_para, depth = pos, para, 1
                    i = event
                    continue
                # left open to the end, or past the longest a quotation runs: it ends unclosed
                spans.append((pos + 1, unclosed[i - 1]))
                i = resume[i - 1] if event < n else n
        elif can_open[i - 1] and not can_close[i - 1]:  # a quotation inside the quotation
            depth = 2
        else:
            depth -= 1
            if not depth:
                spans.append((open_at + 1, pos))
    if depth:
        spans.append((open_at + 1, _unclosed_end(doc, open_at, ends[open_para])))
    return [(s, e) for s, e in spans if e > s]


def _mark_facts(doc: "Document", starts: list[int], ends: list[int]) -> tuple[list, ...]:
    """For each double quote: its offset, whether it may open, close, only open, open outside a
    quotation, its paragraph, its next event (:func:`_next_events`), where a quotation it opens
    ends unclosed and the first mark after that end; found with numpy for all marks at once."""
    text = doc.text
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    at = np.flatnonzero(codes == _DOUBLE)
    opens, closes = _mark_roles(codes, at)
    # outside a quotation a mark opens one unless it may only close it or stands right after a letter
    before = np.where(at > 0, codes[np.maximum(at - 1, 0)], _SPACE)
    opens_outside = opens | ~(closes | _is_alnum(before))
    paras = (np.searchsorted(np.array(starts, dtype=np.int64), at, side="right") - 1).tolist()
    events = _next_events(at, opens, closes, starts, paras)
    unclosed = _unclosed_ends(doc, at, ends, paras)
    resume = np.searchsorted(at, unclosed, side="right")  # the first mark after it
    return (at.tolist(), opens.tolist(), closes.tolist(), (opens & ~closes).tolist(), opens_outside.tolist(), paras,
            events.tolist(), unclosed.tolist(), resume.tolist())


def _mark_facts_one_by_one(doc: "Document", starts: list[int], ends: list[int]) -> tuple[list, ...]:
    """:func:`_mark_facts` mark by mark: for the few marks of an article, where numpy's cost per
    call outweighs the work."""
    text = doc.text
    size = len(text)
    marks = []
    pos = text.find('"')
    while pos >= 0:
        marks.append(pos)
        pos = text.find('"', pos + 1)
    can_open, can_close, only_opens, opens_outside, paras = [], [], [], [], []
    for pos in marks:
        before = text[pos - 1] if pos else " "
        after = text[pos + 1] if pos + 1 < size else " "
        opens = before in _OPEN_AFTER and not after.isspace()
        closes = not before.isspace() and after in _CLOSE_BEFORE
        can_open.append(opens)
        can_close.append(closes)
        only_opens.append(opens and not closes)
        opens_outside.append(opens or not (closes or before.isalnum()))
        paras.append(bisect_right(starts, pos) - 1)
    n = len(marks)
    closing = [n] * (n + 2)  # as in _next_events
    for k in range(n - 1, 0, -1):
        closing[k] = k if not only_opens[k] and not only_opens[k - 1] else closing[k + 1]

    def event(k: int) -> int:
        if k + 1 >= n:
            return n
        close = k + 1 if not only_opens[k + 1] else closing[k + 2]
        other_para = bisect_left(marks, starts[paras[k] + 1]) if paras[k] + 1 < len(starts) else n
        return min(close, bisect_right(marks, marks[k] + _MAX_OPEN), other_para)

    # asked for the marks that open a quotation only
    events = _Asked(event)
    unclosed = _Asked(lambda k: _unclosed_end(doc, marks[k], ends[paras[k]]))
    resume = _Asked(lambda k: bisect_right(marks, unclosed[k]))
    return marks, can_open, can_close, only_opens, opens_outside, paras, events, unclosed, resume


class _Asked:
    """A list whose items are computed when asked for."""

    def __init__(self, item: Callable[[int], int]):
        self.item = item

    def __getitem__(self, k: int) -> int:
        return self.item(k)


def _mark_roles(codes: np.ndarray, at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Whether each mark (at offsets ``at`` of the text's code points ``codes``) may open a
    quotation, and whether it may close one."""
    n = len(codes)
    before = np.where(at > 0, codes[np.maximum(at - 1, 0)], _SPACE)
    after = np.where(at + 1 < n, codes[np.minimum(at + 1, n - 1)], _SPACE)
    can_open = np.isin(before, _OPEN_AFTER_CODES) & ~_is_space(after)
    can_close = ~_is_space(before) & np.isin(after, _CLOSE_BEFORE_CODES)
    return can_open, can_close


def _is_space(codes: np.ndarray) -> np.ndarray:
    """``str.isspace`` of each code point, asked once per distinct one."""
    return _per_code(codes, str.isspace)


def _is_alnum(codes: np.ndarray) -> np.ndarray:
    """``str.isalnum`` of each code point, asked once per distinct one."""
    return _per_code(codes, str.isalnum)


def _per_code(codes: np.ndarray, test: Callable[[str], bool]) -> np.ndarray:
    distinct, index = np.unique(codes, return_inverse=True)
    return np.array([test(chr(c)) for c in distinct.tolist()], dtype=bool)[index.reshape(-1)]


def _next_events(at: np.ndarray, can_open: np.ndarray, can_close: np.ndarray, starts: list[int], paras: list[int]) -> np.ndarray:
    """For each mark index k, the index of the next mark at which something happens if mark k
    leaves a quotation open at depth 1: the quotation closes, runs too long, or reaches another
    paragraph (``len(marks)`` if none).

    The marks between only move the depth between 1 and 2 (nested quotations); stepping over
    them at once keeps a run of opening marks from being re-read for each (quadratic in the run).
    A quotation at depth 1 closes at the first mark that does not only open, or, if that one
    opens it to depth 2, at the second of the first two such marks in a row.
    """
    n = len(at)
    index = np.arange(n)
    lowers = ~(can_open & ~can_close)
    pair = np.zeros(n, dtype=bool)
    pair[1:] = lowers[1:] & lowers[:-1]
    # closing[k]: the first index from k on at which a pair ends (n if none), for k >= 1
    closing = np.minimum.accumulate(np.where(pair, index, n)[::-1])[::-1]
    closing = np.concatenate([closing, [n, n]])
    nxt = index + 1
    close = np.where(lowers[np.minimum(nxt, n - 1)], nxt, closing[np.minimum(nxt + 1, n + 1)])
    too_long = np.searchsorted(at, at + _MAX_OPEN, side="right")
    para_after = np.array(starts + [-1], dtype=np.int64)[np.array(paras, dtype=np.int64) + 1]  # -1: none
    other_para = np.where(para_after >= 0, np.searchsorted(at, para_after, side="left"), n)
    return np.minimum(np.minimum(close, too_long), other_para)


def _unclosed_ends(doc: "Document", at: np.ndarray, ends: list[int], paras: list[int]) -> np.ndarray:
    """:func:`_unclosed_end` of a quotation opened at each of the marks ``at``, in paragraphs ``paras``."""
    if not ends:
        return np.zeros(len(at), dtype=np.int64)  # no paragraph holds a mark: never read
    para_ends = np.array(ends, dtype=np.int64)[np.array(paras, dtype=np.int64)]
    unclosed = para_ends.copy()
    long = np.flatnonzero(para_ends - at > _MAX_OPEN)
    if len(long):  # the end of the sentence after the mark (sentence_at, for all at once)
        bounds = np.fromiter(chain.from_iterable(doc.sentences), dtype=np.int64, count=2 * len(doc.sentences)).reshape(-1, 2)
        pos = at[long] + 1
        k = np.searchsorted(bounds[:, 0], pos, side="right") - 1
        inside = (k >= 0) & (pos < bounds[np.maximum(k, 0), 1])
        unclosed[long] = np.maximum(pos, np.where(inside, bounds[np.maximum(k, 0), 1], pos))
    return unclosed


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
    """Content spans of 'single-quoted' passages whose marks pair up within a paragraph.

    An opening mark pairs with the first closing mark after it, within its line and
    ``_SINGLE_REACH`` characters, that ends no plural possessive.  The marks that may close are
    found in one search of the whole text; at the edge of the reach a mark closes whatever
    follows it (as ``$`` matches there in a search that stops at the edge).
    """
    text = doc.text
    if "'" not in text:
        return []
    closers = _single_closers(text)
    n_closers = len(closers)
    spans = []
    taken = -1
    for m in _SINGLE_OPEN.finditer(text):
        start = m.start()
        if start < taken:
            continue
        line_end = text.find("\n", start, start + _SINGLE_REACH)  # no further: unbounded, each mark read to the end
        reach = min(start + _SINGLE_REACH, len(text) if line_end < 0 else line_end)
        end = -1
        j = bisect_left(closers, start + 2)
        while j < n_closers and closers[j] < reach - 1:
            close = closers[j]
            if not _ends_plural_possessive(text, close):
                end = close
                break
            j += 1
        if end < 0 and start + 2 <= reach - 1 and text[reach - 1] == "'" and text[reach - 2] != "'" and not text[reach - 2].isspace() \
                and not _ends_plural_possessive(text, reach - 1):
            end = reach - 1
        if end >= 0:
            spans.append((start + 1, end))
            taken = end + 1
    return spans


def _single_closers(text: str) -> list[int]:
    """Offsets of the single quotes that may close a quotation (``_SINGLE_CLOSE`` over the whole text)."""
    return [m.start() for m in _SINGLE_CLOSE.finditer(text)]


def _ends_plural_possessive(text: str, end: int) -> bool:
    """Whether the mark at ``end`` ends a plural possessive ("the leaders' plan") rather than a quotation."""
    return text[end - 1] == "s" and _PLURAL_POSSESSIVE.match(text, end + 1) is not None


def _outermost(spans: list[tuple[int, int]], more: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans not inside (or crossing into) an earlier, longer one, in text order; ``spans`` and
    ``more`` each in text order (their starts rise), so that one of them alone needs no sort."""
    if spans and more:
        spans = sorted(spans + more, key=lambda s: (s[0], -s[1]))
    spans = spans or more
    kept: list[tuple[int, int]] = []
    last = -1
    for s, e in spans:
        if s <= last:
            continue
        kept.append((s, e))
        last = e
    return kept
