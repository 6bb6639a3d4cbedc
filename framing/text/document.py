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
from typing import Any

import numpy as np

from .boilerplate import boilerplate_edits
from .edits import OffsetMap, apply_edits
from .html import html_edits, looks_like_html
from .normalize import normalization_edits

WORD = re.compile(r"\w+(?:['.-]\w+)*")
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
_LINE = re.compile(r"[^\n]*[^\s][^\n]*")
_SOFT_WRAP = re.compile(r"[^\s.!?:;\"')\]]\n(?=[ \t]*[^\s\n])")
_HARD_BREAK = re.compile(r"\S\n(?=[ \t]*[^\s\n])")
# A sentence may end after . ! ? (and closing quotes/brackets) before a space.
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*(?=\s)")
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt ft gen col lt sgt capt cmdr adm maj gov sen rep amb pres
    rev hon messrs no nos vs etc inc ltd co corp dept univ est approx fig jan feb mar apr jun jul
    aug sep sept oct nov dec u.s u.k u.n e.g i.e a.m p.m d.c""".split()
)


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
    """

    def __init__(self, original: str, text: str, offset_map: OffsetMap):
        self.original = original
        self.text = text
        self.offset_map = offset_map
        self.cache: dict[str, Any] = {}

    @cached_property
    def lower(self) -> str:
        """``text`` lower-cased with the same length, for case-insensitive lexicon matching."""
        low = self.text.lower()
        if len(low) != len(self.text):  # e.g. "İ" lower-cases to two characters
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in self.text)
        return low

    @cached_property
    def tokens(self) -> tuple[np.ndarray, np.ndarray]:
        """Word tokens as two arrays, ``starts`` and ``ends``, in ``text`` offsets."""
        spans = [m.span() for m in WORD.finditer(self.text)]
        if not spans:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        arr = np.asarray(spans, dtype=np.int64)
        return arr[:, 0], arr[:, 1]

    @cached_property
    def n_tokens(self) -> int:
        return len(WORD.findall(self.text))

    def count_tokens(self, start: int, end: int) -> int:
        """Number of word tokens wholly inside ``text[start:end]``."""
        starts, ends = self.tokens
        return int(np.searchsorted(ends, end, side="right") - np.searchsorted(starts, start, side="left"))

    @cached_property
    def paragraphs(self) -> list[tuple[int, int]]:
        """Paragraph spans.  Single line breaks separate paragraphs unless the text is hard-wrapped."""
        text = self.text
        soft = len(_SOFT_WRAP.findall(text))
        if soft and soft * 2 > len(_HARD_BREAK.findall(text)):
            spans, pos = [], 0
            for m in _BLANK_LINE.finditer(text):
                spans.append((pos, m.start()))
                pos = m.end()
            spans.append((pos, len(text)))
            return [_strip(text, s, e) for s, e in spans if text[s:e].strip()]
        return [_strip(text, m.start(), m.end()) for m in _LINE.finditer(text)]

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Sentence spans, never crossing a paragraph break."""
        text = self.text
        out: list[tuple[int, int]] = []
        for p_start, p_end in self.paragraphs:
            start = p_start
            for m in _SENTENCE_END.finditer(text, p_start, p_end):
                if m.group()[0] == "." and len(m.group()) == 1 and _is_abbreviation(text, m.start()):
                    continue
                nxt = m.end()
                while nxt < p_end and text[nxt].isspace():
                    nxt += 1
                if nxt < p_end and text[nxt].islower():
                    continue
                out.append(_strip(text, start, m.end()))
                start = nxt
            if start < p_end and text[start:p_end].strip():
                out.append(_strip(text, start, p_end))
        return out

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
        """Build an :class:`~framing.features.base.Evidence` for a span of ``text``."""
        from ..features.base import Evidence

        o_start, o_end = self.offset_map.span(start, end)
        return Evidence(kind, o_start, o_end, self.original[o_start:o_end], detail, attrs)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at ``dot`` closes an abbreviation or an initial."""
    start = dot
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot].lower()
    if len(word) == 1 and word.isalpha():  # an initial: "John F. Kennedy"
        return True
    return word in _ABBREVIATIONS


def prepare(text: Any) -> Document:
    """Clean ``text`` into a :class:`Document`, keeping offsets into it.

    Parameters
    ----------
    text : str or bytes
        The article.  Bytes must be UTF-8.  HTML is reduced to its visible text.

    Raises
    ------
    TypeError, ValueError
        See :func:`as_text`.
    """
    original = as_text(text)
    current, offsets = original, OffsetMap.identity(len(original))
    steps = [normalization_edits, boilerplate_edits]
    if looks_like_html(original):
        steps.insert(0, html_edits)
    for step in steps:
        current, step_map = apply_edits(current, step(current))
        offsets = offsets.then(step_map)
    return Document(original, current, offsets)
