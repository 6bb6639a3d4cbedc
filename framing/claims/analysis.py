"""One text read for stance: its content terms by sentence, and the stance cues in it.

Both sides of a claim–text pair are read the same way, once each, so a text
paired with many claims (as in FNC-1, or a fact-checker's list of claims) is
analysed a single time.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import numpy as np

from ..lexicons import LexiconSet
from ..reading import Reading
from ..text import Document
from .terms import term_of

#: Cue categories, in the order of the cue columns: the ``stance_cues``
#: lexicon's categories, hedges (from the ``hedges`` lexicon) and negation.
CUE_CATEGORIES = ("refuting", "denial", "rumour", "support", "hedge", "negation")
_CUE_INDEX = {c: i for i, c in enumerate(CUE_CATEGORIES)}
_NEGATION_WORDS = frozenset("not no never nothing none neither nor without nobody cannot".split())
_QUOTE = re.compile(r'"[^"\n]{3,}"')


class Cue(NamedTuple):
    """A stance cue: ``text`` span, category (one of :data:`CUE_CATEGORIES`) and the term matched."""

    start: int
    end: int
    category: str
    term: str


class Analysis(NamedTuple):
    """A text read for stance.

    Attributes
    ----------
    doc : Document
        The prepared text (offsets of everything below index ``doc.text``).
    terms : list of str
        Content term of every word token (``""`` for stop words).
    token_sentence : ndarray
        Sentence index of every word token.
    sentences : list of (int, int)
        Sentence spans; a text without sentence breaks is one sentence.
    cues : list of Cue
        Stance cues, in text order.
    cue_sentence : ndarray
        Sentence index of every cue.
    quotes : list of (int, int)
        Spans of quotations (text between straight double quotes).
    quoted : ndarray of bool
        Whether each sentence holds a quotation.
    """

    doc: Document
    terms: list[str]
    token_sentence: np.ndarray
    sentences: list[tuple[int, int]]
    cues: list[Cue]
    cue_sentence: np.ndarray
    quotes: list[tuple[int, int]]
    quoted: np.ndarray

    @property
    def n_sentences(self) -> int:
        return len(self.sentences)

    def cue_counts(self) -> np.ndarray:
        """Cue counts per sentence: an (n_sentences, len(CUE_CATEGORIES)) array."""
        counts = np.zeros((self.n_sentences, len(CUE_CATEGORIES)))
        if self.cues:
            cols = [_CUE_INDEX[c.category] for c in self.cues]
            np.add.at(counts, (self.cue_sentence, cols), 1.0)
        return counts


def stance_cues(reading: Reading) -> list[Cue]:
    """Refuting, denial, rumour and support words, hedges and negations of the text, in text order."""
    doc = reading.doc
    lower = doc.lower
    cues = [Cue(m.start, m.end, m.entry.category, m.entry.term)
            for m in reading.lexicons["stance_cues"].matcher.finditer(lower, doc.vocabulary)]
    cues += [Cue(c.start, c.end, "hedge", c.entry.term) for c in reading.certainty_cues if c.family == "hedge"]
    if doc.vocabulary & _NEGATION_WORDS or "n't" in lower:
        starts, ends = doc.tokens
        cues += [
            Cue(int(s), int(e), "negation", w)
            for w, s, e in zip(doc.words, starts, ends)
            if w in _NEGATION_WORDS or w.endswith("n't")
        ]
    cues.sort()
    return cues


def analyse(text: str | Reading, lexicons: LexiconSet | None = None, claim: bool = False) -> Analysis:
    """Read a text for stance: a :class:`~framing.reading.Reading` or a string, under ``lexicons``
    (default: the reading's own, or the shipped ones).

    A claim (``claim=True``) is normalised like an article, but no line is dropped: boilerplate
    removal would blank a headline such as "Video: …" or "Source: …".
    """
    if isinstance(text, Reading):
        reading = text if lexicons is None else text.under(lexicons)
    else:
        reading = Reading.of(text, lexicons or LexiconSet(), None, boilerplate=not claim)
    return reading.derived(_analysis)


def _analysis(reading: Reading) -> Analysis:
    doc = reading.doc
    sentences = doc.sentences or ([(0, len(doc.text))] if doc.text.strip() else [])
    sentence_starts = np.array([s for s, _ in sentences], dtype=np.int64)
    token_starts, _ = doc.tokens
    token_sentence = np.maximum(np.searchsorted(sentence_starts, token_starts, side="right") - 1, 0)
    cues = stance_cues(reading)
    cue_starts = np.array([c.start for c in cues], dtype=np.int64)
    cue_sentence = np.maximum(np.searchsorted(sentence_starts, cue_starts, side="right") - 1, 0)
    quotes = [m.span() for m in _QUOTE.finditer(doc.text)]
    quoted = np.zeros(len(sentences), dtype=bool)
    for start, end in quotes:
        first = max(int(np.searchsorted(sentence_starts, start, side="right")) - 1, 0)
        last = max(int(np.searchsorted(sentence_starts, end - 1, side="right")) - 1, 0)
        quoted[first:last + 1] = True
    terms = [term_of(w) for w in doc.words]
    return Analysis(doc, terms, token_sentence, sentences, cues, cue_sentence, quotes, quoted)
