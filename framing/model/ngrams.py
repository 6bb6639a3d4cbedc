"""Word (and character) n-gram counts, shared by training and prediction.

Terms come from the words of a :class:`~framing.text.Document` (the same
tokens the feature layer reads), so an article is tokenised once.  Word
n-grams are words joined by a space; character n-grams are taken inside each
word padded with spaces and start with ``#`` so the two kinds never collide.
"""

from __future__ import annotations

from collections import Counter
from itertools import repeat
from typing import Callable, Sequence

import numpy as np

Indexer = Callable[[list[str]], np.ndarray]


def word_terms(words: Sequence[str], lo: int, hi: int) -> list[str]:
    """Word n-grams of lengths ``lo`` to ``hi``, in order, with repeats."""
    out: list[str] = []
    for n in range(lo, hi + 1):
        out.extend(words if n == 1 else map(" ".join, zip(*(words[i:] for i in range(n)))))
    return out


def char_terms(words: Sequence[str], lo: int, hi: int) -> tuple[list[str], list[int]]:
    """Character n-grams inside the distinct words, and how often each word occurs."""
    grams: list[str] = []
    weights: list[int] = []
    for word, count in Counter(words).items():
        padded = f" {word} "
        found = [padded[i:i + n] for n in range(lo, hi + 1) for i in range(len(padded) - n + 1)]
        grams.extend("#" + g for g in found)
        weights.extend(repeat(count, len(found)))
    return grams, weights


def vocabulary_indexer(vocabulary: dict[str, int]) -> Indexer:
    """Term → column, -1 for terms not in ``vocabulary``."""
    get = vocabulary.get
    return lambda terms: np.fromiter(map(get, terms, repeat(-1)), dtype=np.int64, count=len(terms))


class GrowingIndex(dict):
    """A vocabulary that gives every new term the next column (for reading a training corpus)."""

    def __missing__(self, term: str) -> int:
        column = self[term] = len(self)
        return column

    def indexer(self) -> Indexer:
        return lambda terms: np.fromiter(map(self.__getitem__, terms), dtype=np.int64, count=len(terms))


def term_counts(words: Sequence[str], key: tuple, index: Indexer) -> tuple[np.ndarray, np.ndarray]:
    """Columns present in a text and their counts, both sorted by column.

    Parameters
    ----------
    words : sequence of str
        Lower-cased word tokens (``Document.words``).
    key : tuple
        ``(word_ngrams, char_ngrams)`` as in :attr:`HeadConfig.vectorizer_key`.
    index : callable
        Terms → columns (-1: not in the vocabulary).
    """
    word_ngrams, char_ngrams = key
    columns = index(word_terms(words, *word_ngrams))
    weights = None
    if char_ngrams:
        grams, gram_weights = char_terms(words, *char_ngrams)
        weights = np.concatenate([np.ones(len(columns)), np.asarray(gram_weights, dtype=np.float64)])
        columns = np.concatenate([columns, index(grams)])
    known = columns >= 0
    unique, inverse = np.unique(columns[known], return_inverse=True)
    counts = np.bincount(inverse, weights=None if weights is None else weights[known], minlength=len(unique))
    return unique, counts.astype(np.float64)


def tfidf(counts: np.ndarray, idf: np.ndarray, sublinear: bool) -> np.ndarray:
    """TF-IDF weights of one text's term counts (``idf`` already gathered at its columns), L2-normalised."""
    tf = 1.0 + np.log(counts) if sublinear else counts
    values = tf * idf
    norm = np.sqrt(values @ values)
    return values / norm if norm > 0 else values


def smooth_idf(df: np.ndarray, n_docs: int) -> np.ndarray:
    """``ln((1 + n) / (1 + df)) + 1``, the smoothed inverse document frequency."""
    return np.log((1.0 + n_docs) / (1.0 + df)) + 1.0
