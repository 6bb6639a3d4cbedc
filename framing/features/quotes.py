"""Direct quotations: how much of the story is told in other people's words, and whose.

The quotations, with their speakers and cue verbs, are found by
:mod:`framing.reading.quotations`; this family counts them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

from .base import FeatureFamily, count_names, count_values, share

if TYPE_CHECKING:
    from ..reading import Reading
    from ..reading.quotations import Quotation

ATTRIBUTED, UNATTRIBUTED, PHRASE = "attributed", "unattributed", "phrase"
DETAILS = [ATTRIBUTED, UNATTRIBUTED, PHRASE]
_PHRASE_WORDS = 4  # an unattributed quotation this short is a quoted term or a scare quote
_INNER_SENTENCE_END = re.compile(r"[.!?]\W*\w")


def _detail(text: str, q: Quotation, n_words: int) -> str:
    if q.speaker is not None:
        return ATTRIBUTED
    if n_words <= _PHRASE_WORDS and not _INNER_SENTENCE_END.search(text, *q.content):
        return PHRASE
    return UNATTRIBUTED


def word_counts(reading: "Reading", found: list[Quotation]) -> list[int]:
    """The number of words of each quotation: its tokens in the document's word pass, found by
    two binary searches for all (no word crosses a quotation's edge, a mark or a line break)."""
    if not found:
        return []
    starts, ends = reading.doc.tokens
    bounds = np.array([q.content for q in found], dtype=np.intp).reshape(-1, 2)
    return (np.searchsorted(ends, bounds[:, 1], side="right") - np.searchsorted(starts, bounds[:, 0], side="left")).tolist()


def _speaker_key(speaker_text: str) -> str:
    """One key per person: "Amb. Nikolay Nozdrev" and "Nozdrev" are the same speaker."""
    last = speaker_text.split()[-1] if speaker_text else ""
    return last.lower() if last[:1].isupper() else speaker_text.lower()


class Quotes(FeatureFamily):
    """Direct quotations: how many, how much of the text, from how many speakers.

    Values: ``quote.count``, ``quote.per_1k``; per detail (``attributed``: a
    speaker is found; ``phrase``: an unattributed quotation of at most four
    words, a quoted term or scare quote; ``unattributed``: the rest);
    ``quote.token_share`` (share of the article's word tokens inside
    quotations) and ``quote.speakers`` (distinct speakers).  Evidence: one
    span per quotation, marks included, with attributes ``speaker`` and ``cue``
    where found.
    """

    name = "quote"

    def feature_names(self) -> list[str]:
        return count_names(self.name, DETAILS) + [f"{self.name}.token_share", f"{self.name}.speakers"]

    def extract(self, reading: "Reading"):
        text = reading.text
        evidence = []
        speakers = set()
        found = reading.quotations
        counts = word_counts(reading, found)
        for q, n_words in zip(found, counts):
            start, end = q.content
            attrs = {}
            if q.speaker_text:
                attrs["speaker"] = q.speaker_text
                speakers.add(_speaker_key(q.speaker_text))
            if q.cue is not None:
                attrs["cue"] = text[q.cue[0]:q.cue[1]]
            mark_end = end + 1 if end < len(text) and text[end] in "\"'" else end
            evidence.append(reading.evidence(self.name, start - 1, mark_end, _detail(text, q, n_words), **attrs))
        values = count_values(self.name, DETAILS, evidence, reading.n_tokens)
        values[f"{self.name}.token_share"] = share(sum(counts), reading.n_tokens)
        values[f"{self.name}.speakers"] = float(len(speakers))
        return values, evidence
