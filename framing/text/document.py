"""The cleaned article that every feature family reads.

:func:`prepare` turns what the caller passed (``str`` or UTF-8 ``bytes``, plain
text or HTML) into a :class:`Document`: the cleaned text that the matchers
search, its paragraphs, sentences and word tokens, and the map that sends any
span of the cleaned text back to the caller's text.  Spans are found in
``doc.text``; evidence is reported in the caller's offsets through
:meth:`Document.evidence`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cached_property
from itertools import groupby
from typing import Any

import numpy as np

from ..evidence import Evidence
from .boilerplate import boilerplate_lines, line_spans
from .edits import Edit, OffsetMap, apply_edits
from .html import html_edits, looks_like_html
from .normalize import normalization_edits, normalize_same_length
from .words import WORD, TextVocabulary, scan_words

_new_evidence = tuple.__new__  # Evidence without its Python-level __new__: one is built per span
_BLOCK = re.compile(r"\S(?:[^\n]|\n(?![ \t]*\n))*")
_SOFT_WRAP = re.compile(r"[^\s.!?:;\"')\]]\n(?=[ \t]*[^\s\n])")
_ABBREVIATIONS = (
    "Mr Mrs Ms Dr Prof Sr Jr St Mt Ft Gen Col Lt Sgt Capt Cmdr Adm Maj Gov Sen Rep Amb Pres Rev Hon "
    "No Nos vs etc Inc Ltd Co Corp Dept Univ approx Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
).split()
# A sentence runs to . ! ? (with closing quotes or brackets) followed by space
# and a character that is not lower case, unless the period closes an
# abbreviation or an initial; it never crosses a paragraph break.  A lookbehind
# has one width, so the abbreviations are tested in one lookbehind per length.
_NOT_ABBREVIATION = "".join(
    rf"(?<!\b(?:{'|'.join(group)})\.)" for _, group in groupby(sorted(_ABBREVIATIONS, key=len), key=len)
) + r"(?<!\b[A-Z]\.)(?<!\.[A-Za-z]\.)"
_CLOSERS = r"[\"')\]]*"
_NEXT_OPENS = r"(?=\s+[\"'(\[]*[^a-z\s]|\s*$)"  # what follows opens a sentence, or nothing does
# The terminator is tried once per run of . ! ? (at its first mark): the run ends a
# sentence when one of its marks may (``!``/``?``, or a period that closes no
# abbreviation) and what follows the run and its closers opens a new one.  Trying
# it at every mark of a run, each time reading to the run's end, was quadratic in
# the run's length; so the run and its closers are taken atomically (a lookahead
# and a back-reference), as giving a mark back can never make the lookahead hold.
_TERMINATOR = rf"(?=[.!?]*?(?:[!?]|\.{_NOT_ABBREVIATION}))(?=(?P<run>[.!?]+{_CLOSERS}))(?P=run){_NEXT_OPENS}"
# Runs of ordinary characters are scanned by a character class (fast in C); the
# lazy loop tries the terminator at each run of marks before it goes past it.
_SENTENCE_IN_LINES = re.compile(rf"\S[^\n.!?]*(?:[.!?]+[^\n.!?]*)*?(?:{_TERMINATOR}|(?=\n)|\Z)")
_IN_BLOCK = r"(?:[^\n.!?]|\n(?![ \t]*\n))"
_SENTENCE_IN_BLOCKS = re.compile(rf"\S{_IN_BLOCK}*(?:[.!?]+{_IN_BLOCK}*)*?(?:{_TERMINATOR}|(?=\n)|\Z)")


def as_text(text: Any) -> str:
    """Return ``text`` as ``str``, decoding UTF-8 bytes.

    Raises
    ------
    TypeError
        If ``text`` is neither ``str`` nor bytes-like.
    ValueError
        If bytes are not valid UTF-8.
    """
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray, memoryview)):
        try:
            return bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise ValueError(
                f"text is not valid UTF-8 (byte {err.start}: {bytes(text)[err.start:err.start + 4]!r}); "
                "decode it yourself with the right encoding and pass a str"
            ) from None
    raise TypeError(f"expected str or UTF-8 bytes, got {type(text).__name__}")


class Document:
    """An article prepared for feature extraction.

    Attributes
    ----------
    original : str
        The text as the caller passed it (bytes decoded).  Evidence offsets index it.
    text : str
        The cleaned text: HTML reduced to text, Unicode normalised, web
        boilerplate lines blanked.  Matchers search this.
    offset_map : OffsetMap
        Sends spans of ``text`` back to spans of ``original``.
    cache : dict
        Analyses shared between feature families (e.g. the hedge/booster pass).
    lines : list of (int, int), optional
        The non-blank lines of ``text`` (``boilerplate.line_spans``), if already at hand.
    """

    def __init__(self, original: str, text: str, offset_map: OffsetMap, lines: list[tuple[int, int]] | None = None):
        self.original = original
        self.text = text
        self.offset_map = offset_map
        self.cache: dict[str, Any] = {}
        self._lines = lines

    @cached_property
    def lower(self) -> str:
        """``text`` lower-cased with the same length, for case-insensitive lexicon matching."""
        low = self.text.lower()
        if len(low) != len(self.text):  # e.g. "İ" lower-cases to two characters
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in self.text)
        return low

    @cached_property
    def _words(self) -> tuple[list[str], np.ndarray, np.ndarray]:
        return scan_words(self.lower)

    @cached_property
    def vocabulary(self) -> TextVocabulary:
        """Distinct lower-cased words with where they occur, shared by the lexicon matchers."""
        return TextVocabulary.of(self.lower, *self._words)

    @property
    def words(self) -> list[str]:
        """Lower-cased word tokens, in order."""
        return self._words[0]

    @property
    def n_tokens(self) -> int:
        return len(self._words[0])

    @property
    def tokens(self) -> tuple[np.ndarray, np.ndarray]:
        """Word tokens as two arrays, ``starts`` and ``ends``, in ``text`` offsets."""
        return self._words[1], self._words[2]

    def count_tokens(self, start: int, end: int) -> int:
        """Number of word tokens wholly inside ``text[start:end]``."""
        starts, ends = self.tokens
        return int(np.searchsorted(ends, end, side="right") - np.searchsorted(starts, start, side="left"))

    @cached_property
    def hard_wrapped(self) -> bool:
        """True when single line breaks wrap lines inside paragraphs (blank lines separate them)."""
        text = self.text
        doubles = text.count("\n\n")
        singles = text.count("\n") - 2 * doubles
        if singles <= doubles:
            return False
        soft = len(_SOFT_WRAP.findall(text))
        return soft * 2 > singles

    @cached_property
    def paragraphs(self) -> list[tuple[int, int]]:
        """Paragraph spans: lines, or blocks between blank lines if the text is hard-wrapped."""
        text = self.text
        if self.hard_wrapped:
            spans = [m.span() for m in _BLOCK.finditer(text)]
        else:  # the lines the boilerplate pass found, when it left the text as it was
            spans = self._lines if self._lines is not None else line_spans(text)
        return [span if not text[span[1] - 1].isspace() else _strip(text, *span) for span in spans]

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Sentence spans, never crossing a paragraph break."""
        pattern = _SENTENCE_IN_BLOCKS if self.hard_wrapped else _SENTENCE_IN_LINES
        text = self.text
        return [m.span() if not text[m.end() - 1].isspace() else _strip(text, *m.span()) for m in pattern.finditer(text)]

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s for s, _ in self.sentences]

    def sentence_at(self, pos: int) -> tuple[int, int]:
        """Span of the sentence that holds ``text`` offset ``pos`` (``(pos, pos)`` if none)."""
        i = bisect_right(self._sentence_starts, pos) - 1
        if i >= 0 and pos < self.sentences[i][1]:
            return self.sentences[i]
        return pos, pos

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Span of ``original`` that the ``text`` span ``[start, end)`` came from."""
        return self.offset_map.span(start, end)

    def evidence(self, kind: str, start: int, end: int, detail: str = "", **attrs: str):
        """Build an :class:`~framing.evidence.Evidence` for a span of ``text``."""
        if self.offset_map.layers:
            start, end = self.offset_map.span(start, end)
        elif end < start:  # as the identity map anchors an empty span
            end = start
        return _new_evidence(Evidence, (kind, start, end, self.original[start:end], detail, attrs))


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def prepare(text: Any, boilerplate: bool = True) -> Document:
    """Clean ``text`` into a :class:`Document`, keeping offsets into it.

    Parameters
    ----------
    text : str or bytes
        The article.  Bytes must be UTF-8.  HTML is reduced to its visible text.
    boilerplate : bool, default True
        Blank web boilerplate lines.  Off for a headline or claim, where a
        line such as "Video: …" is the content.

    Raises
    ------
    TypeError, ValueError
        See :func:`as_text`.
    """
    original = as_text(text)
    current, offsets = original, OffsetMap.identity(len(original))
    if looks_like_html(current):
        current, offsets = apply_edits(current, html_edits(current))
    current = normalize_same_length(current)
    current, step_map = apply_edits(current, normalization_edits(current))
    offsets = offsets.then(step_map)
    lines = None
    if boilerplate:
        lines = line_spans(current)
        marked = boilerplate_lines(current, lines)
        if marked:  # blanked, their line breaks kept: the text's lines are found again
            current, step_map = apply_edits(current, [Edit(start, end, "") for start, end in marked])
            offsets, lines = offsets.then(step_map), None
    return Document(original, current, offsets, lines)
