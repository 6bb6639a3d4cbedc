"""Word (and character) n-gram counts, shared by training and prediction.

Terms come from the words of a :class:`~framing.text.Document` (the same
tokens the feature layer reads), so an article is tokenised once.  Word
n-grams are words joined by a space; character n-grams are taken inside each
word padded with spaces and start with ``#`` so the two kinds never collide.
"""

from __future__ import annotations

from collections import Counter
from itertools import repeat
from operator import methodcaller
from typing import Sequence

import numpy as np


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


def _counted(columns: np.ndarray, weights: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Distinct known columns (sorted) and their (weighted) counts; -1 marks unknown terms."""
    known = columns >= 0
    if weights is None:  # runs of a sorted copy: half the cost of np.unique with its inverse
        ordered = np.sort(columns[known])
        starts = np.flatnonzero(np.diff(ordered, prepend=-1))
        return ordered[starts], np.diff(starts, append=len(ordered)).astype(np.float64)
    unique, inverse = np.unique(columns[known], return_inverse=True)
    return unique, np.bincount(inverse, weights=weights[known], minlength=len(unique))


class GrowingIndex(dict):
    """Term → column of a training corpus: every new term gets the next column.

    Parameters
    ----------
    key : tuple
        ``(word_ngrams, char_ngrams)`` as in :attr:`HeadConfig.vectorizer_key`.
    """

    def __init__(self, key: tuple):
        super().__init__()
        self.key = key

    def __missing__(self, term: str) -> int:
        column = self[term] = len(self)
        return column

    def _columns(self, terms: list[str]) -> np.ndarray:
        return np.fromiter(map(self.__getitem__, terms), dtype=np.int64, count=len(terms))

    def count(self, words: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Columns of a text's terms (sorted) and their counts."""
        word_ngrams, char_ngrams = self.key
        columns = self._columns(word_terms(words, *word_ngrams))
        if not char_ngrams:
            return _counted(columns)
        grams, weights = char_terms(words, *char_ngrams)
        return _counted(
            np.concatenate([columns, self._columns(grams)]),
            np.concatenate([np.ones(len(columns)), np.asarray(weights, dtype=np.float64)]),
        )


class NgramVocabulary:
    """A fixed vocabulary, for prediction: counts a text's known terms fast.

    Word n-grams are looked up by word ids (one dictionary lookup per token,
    then sorted-array searches in numpy) instead of by building every n-gram
    string; the result equals :meth:`GrowingIndex.count` restricted to ``terms``.

    Parameters
    ----------
    terms : list of str
        Column → term.
    key : tuple
        ``(word_ngrams, char_ngrams)``.
    """

    def __init__(self, terms: Sequence[str], key: tuple):
        self.terms = list(terms)
        self.key = key
        # Built with whole-array operations (a bundle's vocabulary has ~10^5 terms: a Python loop
        # per term was a third of the load time).  Word ids follow first appearance in the terms.
        chars = any(filter(methodcaller("startswith", "#"), self.terms))  # C-level: no per-term Python
        self._chars: dict[str, int] = {term: c for c, term in enumerate(self.terms) if term[:1] == "#"} if chars else {}
        word_columns = np.arange(len(self.terms), dtype=np.int64)
        plain_terms = self.terms
        if self._chars:
            word_columns = np.fromiter((c for c, t in enumerate(self.terms) if t[:1] != "#"), dtype=np.int64)
            plain_terms = [self.terms[c] for c in word_columns]
        # a term of k spaces holds k + 1 words: one split of the joined terms instead of one per term
        lengths = np.fromiter(map(str.count, plain_terms, repeat(" ")), dtype=np.int64, count=len(plain_terms)) + 1
        flat = " ".join(plain_terms).split(" ") if plain_terms else []
        words = dict(zip(dict.fromkeys(flat), range(len(flat))))
        ids = np.fromiter(map(words.__getitem__, flat), dtype=np.int64, count=len(flat))
        starts = np.cumsum(lengths) - lengths
        self._word_index = words
        self._base = len(words) + 1
        self._unigrams = np.full(self._base, -1, dtype=np.int64)  # word id → column, no search needed
        self._tables: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        for n in np.flatnonzero(np.bincount(lengths)).tolist():  # (np.unique would import numpy.ma: 30 ms)
            rows = np.flatnonzero(lengths == n)
            if n == 1:
                self._unigrams[ids[starts[rows]]] = word_columns[rows]
                continue
            if self._base ** n >= 2 ** 63:
                raise ValueError(f"{n}-grams over {len(words)} words do not fit the 64-bit keys of the n-gram table")
            keys = np.zeros(len(rows), dtype=np.int64)
            for j in range(n):
                keys = keys * self._base + ids[starts[rows] + j]
            order = np.argsort(keys, kind="stable")
            self._tables[n] = (keys[order], word_columns[rows][order])

    def _ids(self, words: Sequence[str]) -> np.ndarray:
        """Each word's id, -1 for a word of no term."""
        return np.fromiter(map(self._word_index.get, words, repeat(-1)), dtype=np.int64, count=len(words))

    def _ngram_keys(self, ids: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
        """The table key of the n-gram starting at each of the first ``len(ids) - n + 1`` words, and
        whether all its words are known."""
        m = len(ids) - n + 1
        key, valid = ids[:m].copy(), ids[:m] >= 0
        for j in range(1, n):
            part = ids[j:j + m]
            key = key * self._base + part
            valid &= part >= 0
        return key, valid

    def _lookup(self, n: int, key: np.ndarray) -> np.ndarray:
        """The column of each n-gram ``key``, -1 where the vocabulary has none."""
        keys, columns = self._tables[n]
        pos = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
        return np.where(keys[pos] == key, columns[pos], -1)

    def count(self, words: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Columns of a text's known terms (sorted) and their counts."""
        ids = self._ids(words)
        lo, hi = self.key[0]
        found = [self._unigrams[ids]] if lo == 1 else []  # ids of -1 index the last slot, which is -1
        for n in range(max(lo, 2), hi + 1):
            if n not in self._tables or len(ids) < n:
                continue
            key, valid = self._ngram_keys(ids, n)
            found.append(self._lookup(n, np.sort(key[valid])))  # sorted queries: each search starts where the last ended
        columns = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
        if not self.key[1]:
            return _counted(columns)
        grams, weights = char_terms(words, *self.key[1])
        get = self._chars.get
        char_columns = np.fromiter(map(get, grams, repeat(-1)), dtype=np.int64, count=len(grams))
        return _counted(
            np.concatenate([columns, char_columns]),
            np.concatenate([np.ones(len(columns)), np.asarray(weights, dtype=np.float64)]),
        )

    def count_coded(self, distinct: Sequence[str], codes: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Row, column and count of every known word n-gram of several texts (an article's
        paragraphs), by row then column: :meth:`count` of each row, found in one pass (an n-gram
        counts where all its words are in one row).  Word n-grams only.

        The texts are given coded: token ``k`` is ``distinct[codes[k]]``, in row ``rows[k]`` (rows
        ascending), so each distinct word is looked up once.
        """
        ids, row = self._ids(distinct)[codes], rows
        lo, hi = self.key[0]
        found_rows, found_columns = [], []
        if lo == 1:
            found_rows.append(row), found_columns.append(self._unigrams[ids])
        for n in range(max(lo, 2), hi + 1):
            m = len(ids) - n + 1
            if n not in self._tables or m <= 0:
                continue
            key, valid = self._ngram_keys(ids, n)
            valid &= row[:m] == row[n - 1:]
            key, at = key[valid], row[:m][valid]
            order = np.argsort(key)  # sorted queries: each search starts where the last ended
            found_rows.append(at[order]), found_columns.append(self._lookup(n, key[order]))
        if not found_rows:
            return row[:0], row[:0], np.zeros(0)
        rows, columns = np.concatenate(found_rows), np.concatenate(found_columns)
        width = len(self.terms) + 1
        pairs, counts = _counted(np.where(columns >= 0, rows * width + columns, -1))
        return pairs // width, pairs % width, counts


def tfidf(counts: np.ndarray, idf: np.ndarray, sublinear: bool) -> np.ndarray:
    """TF-IDF weights of one text's term counts (``idf`` already gathered at its columns), L2-normalised."""
    tf = 1.0 + np.log(counts) if sublinear else counts
    values = tf * idf
    norm = np.sqrt(values @ values)
    return values / norm if norm > 0 else values


def smooth_idf(df: np.ndarray, n_docs: int) -> np.ndarray:
    """``ln((1 + n) / (1 + df)) + 1``, the smoothed inverse document frequency."""
    return np.log((1.0 + n_docs) / (1.0 + df)) + 1.0
