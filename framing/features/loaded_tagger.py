"""Which words of an article are loaded language: a token-level linear tagger shipped as plain arrays.

A token's score is a sum of weights looked up in arrays: the weight of the
word at each offset −2..+2 around it (one row per offset, one column per
vocabulary word), the weight of the ``loaded`` lexicon category found at each
offset, the weights of a few shape indicators (capitalised, all capitals,
inside quotation marks, first of its sentence, in the title line) and a bias.
It is a logistic regression over those indicators, trained by
``tools/train_loaded_tagger.py``; word weights also carry the word's
distributional embedding (learned from unlabelled news) times the embedding
weights, folded in at training time so that the run time stays one gather per
offset.  Tagged tokens are the tokens scoring above a threshold; a span is a
maximal run of them within a sentence, bridging gaps of up to ``bridge``
tokens, which gives phrase extents like those annotators mark.

The arrays live in ``framing/features/data/loaded_tagger.npz`` (no pickle)
and the vocabulary, threshold and provenance in ``loaded_tagger.json``.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import numpy as np

if TYPE_CHECKING:
    from ..text import Document

DATA = Path(__file__).resolve().parent / "data"
WINDOW = 2
SHAPES = ("capitalised", "all_capitals", "quoted", "sentence_start", "title")
# Words are found in the vocabulary by a 64-bit polynomial hash of their code points, computed for all
# tokens at once from prefix sums (a dict lookup per token costs more than the rest of the tagger).
_BASE = 0x9E3779B97F4A7C15  # odd, hence invertible modulo 2**64
_MASK = 2**64 - 1


def token_shapes(doc: "Document") -> np.ndarray:
    """Shape indicators of each token of ``doc``, one column per name of :data:`SHAPES` (bool, n × 5)."""
    starts, ends = doc.tokens
    shapes = np.zeros((len(starts), len(SHAPES)), dtype=bool)
    if not len(starts):
        return shapes
    # Code points of the text and of its same-length lower-case: a character is a capital where they differ.
    text = _code_points(doc.text)
    upper = text != _code_points(doc.lower)
    shapes[:, 0] = upper[starts]
    shapes[:, 1] = shapes[:, 0] & upper[ends - 1] & (ends - starts > 1)  # first and last letters: cheaper than all
    quotes = np.flatnonzero((text == 0x22) | (text == 0x201C) | (text == 0x201D))
    shapes[:, 2] = np.searchsorted(quotes, starts) % 2 == 1  # an odd number of marks before: inside a quotation
    first_token = np.searchsorted(starts, [s for s, _ in doc.sentences])
    shapes[first_token[first_token < len(starts)], 3] = True
    if doc.paragraphs:
        shapes[:, 4] = starts < doc.paragraphs[0][1]
    return shapes


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """``_BASE**i`` and ``_BASE**-i`` modulo 2**64 for ``i < n`` (uint64 arithmetic wraps modulo 2**64)."""
    if len(_POWERS[0]) < n:
        size = max(n, 2 * len(_POWERS[0]))
        inverse = pow(_BASE, -1, 2**64)
        _POWERS[:] = [np.cumprod(np.array([1] + [b] * (size - 1), dtype=np.uint64)) for b in (_BASE, inverse)]
    return _POWERS[0], _POWERS[1]


_POWERS: list[np.ndarray] = [np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.uint64)]


def span_hashes(codes: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Hash of each ``codes[start:end]`` (code points), the same wherever the span lies."""
    powers, inverses = _powers(len(codes) + 1)
    prefix = np.zeros(len(codes) + 1, dtype=np.uint64)
    np.cumsum(codes.astype(np.uint64) * powers[:len(codes)], out=prefix[1:])
    return (prefix[ends] - prefix[starts]) * inverses[starts]


def token_categories(doc: "Document", terms: Sequence[tuple[int, int, str]], categories: Sequence[str]) -> np.ndarray:
    """Category id (1-based index in ``categories``, 0 for none) of each token, from ``(start, end, category)`` terms."""
    starts, _ = doc.tokens
    out = np.zeros(len(starts), dtype=np.int64)
    if terms:
        ids = {c: i + 1 for i, c in enumerate(categories)}
        term_starts, term_ends, term_categories = zip(*terms)
        firsts = np.searchsorted(starts, term_starts).tolist()
        lasts = np.searchsorted(starts, term_ends).tolist()
        for first, last, category in zip(firsts, lasts, term_categories):
            out[first:last] = ids.get(category, 0)
    return out


def sentence_ids(doc: "Document") -> np.ndarray:
    """Index of the sentence of each token (tokens outside any sentence share the preceding one)."""
    starts, _ = doc.tokens
    sentence_starts = np.fromiter((s for s, _ in doc.sentences), dtype=np.int64)
    return np.searchsorted(sentence_starts, starts, side="right")


def windowed(ids: np.ndarray, pad: int, window: int = WINDOW) -> np.ndarray:
    """``ids`` with ``window`` copies of ``pad`` at each end: ``windowed(ids)[k:k + len(ids)]`` is each token's id at offset ``k - window``."""
    out = np.full(len(ids) + 2 * window, pad, dtype=np.int64)
    out[window:window + len(ids)] = ids
    return out


def runs(tagged: np.ndarray, sentences: np.ndarray, bridge: int) -> list[tuple[int, int]]:
    """Maximal runs ``(first, last)`` of tagged tokens in one sentence, joined over gaps of up to ``bridge`` tokens."""
    out: list[tuple[int, int]] = []
    for i in np.flatnonzero(tagged).tolist():
        if out and i - out[-1][1] <= bridge + 1 and sentences[i] == sentences[out[-1][1]]:
            out[-1] = (out[-1][0], i)
        else:
            out.append((i, i))
    return out


class LoadedTagger:
    """Token-level linear tagger of loaded language (see the module docstring).

    Parameters
    ----------
    vocabulary : sequence of str
        Lower-cased words; word ``i`` has id ``i``, any other word id
        ``len(vocabulary)`` and the padding past either end of the text id ``len(vocabulary) + 1``.
    word_weights : ndarray, (2·WINDOW+1) × (len(vocabulary)+2)
        Weight of each word id at each offset.
    category_weights : ndarray, (2·WINDOW+1) × (len(categories)+1)
        Weight of each lexicon category (column 0: none) at each offset.
    shape_weights : ndarray, len(SHAPES)
    bias, threshold : float
        A token is tagged when its score exceeds ``threshold`` (a log-odds).
    bridge : int
        Longest gap of untagged tokens that a span runs over.
    categories : sequence of str
        The ``loaded`` lexicon categories, in the order of ``category_weights``.
    """

    def __init__(self, vocabulary: Sequence[str], word_weights: np.ndarray, category_weights: np.ndarray,
                 shape_weights: np.ndarray, bias: float, threshold: float, bridge: int, categories: Sequence[str]):
        self.vocabulary = list(vocabulary)
        lengths = np.fromiter(map(len, vocabulary), dtype=np.int64, count=len(vocabulary))
        ends = np.cumsum(lengths + 1) - 1  # words joined by one separator
        hashes = span_hashes(_code_points("\n".join(vocabulary)), ends - lengths, ends)
        order = np.argsort(hashes, kind="stable")
        self._hashes, self._hash_ids = hashes[order], order
        if len(np.unique(hashes)) != len(hashes):
            raise ValueError("two vocabulary words share a hash")
        self.word_weights = word_weights
        self.category_weights = category_weights
        self.shape_weights = shape_weights
        self.bias = float(bias)
        self.threshold = float(threshold)
        self.bridge = int(bridge)
        self.categories = tuple(categories)

    @classmethod
    def load(cls, stem: Path | str = DATA / "loaded_tagger") -> "LoadedTagger":
        """The tagger stored as ``stem.json`` and ``stem.npz``."""
        stem = Path(stem)
        spec = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
        with np.load(stem.with_suffix(".npz"), allow_pickle=False) as arrays:
            return cls(spec["vocabulary"], arrays["word_weights"], arrays["category_weights"], arrays["shape_weights"],
                       spec["bias"], spec["threshold"], spec["bridge"], spec["categories"])

    def token_ids(self, doc: "Document") -> np.ndarray:
        """Vocabulary id of each token of ``doc`` (out-of-vocabulary words share one id)."""
        starts, ends = doc.tokens
        hashes = span_hashes(_code_points(doc.lower), starts, ends)
        if not len(self._hashes):
            return np.full(len(starts), len(self.vocabulary), dtype=np.int64)
        order = np.argsort(hashes)  # sorted queries make the binary searches share their path (faster)
        at = np.empty(len(hashes), dtype=np.int64)
        at[order] = np.minimum(np.searchsorted(self._hashes, hashes[order]), len(self._hashes) - 1)
        return np.where(self._hashes[at] == hashes, self._hash_ids[at], len(self.vocabulary))

    def scores(self, doc: "Document", terms: Sequence[tuple[int, int, str]]) -> np.ndarray:
        """Log-odds that each token of ``doc`` is loaded language; ``terms`` are the lexicon's ``(start, end, category)``."""
        n = doc.n_tokens
        if not n:
            return np.zeros(0)
        ids = windowed(self.token_ids(doc), len(self.vocabulary) + 1)
        cats = windowed(token_categories(doc, terms, self.categories), 0)
        total = token_shapes(doc) @ self.shape_weights + self.bias
        for k in range(2 * WINDOW + 1):
            total += self.word_weights[k].take(ids[k:k + n]) + self.category_weights[k].take(cats[k:k + n])
        return total

    def spans(self, doc: "Document", terms: Sequence[tuple[int, int, str]]) -> list[tuple[int, int]]:
        """Spans of ``doc.text`` tagged as loaded language, in text order."""
        scores = self.scores(doc, terms)
        if not len(scores):
            return []
        starts, ends = doc.tokens
        return [(int(starts[a]), int(ends[b])) for a, b in runs(scores > self.threshold, sentence_ids(doc), self.bridge)]


@lru_cache(maxsize=1)
def shipped_tagger() -> LoadedTagger:
    """The tagger shipped with the package, loaded once per process."""
    return LoadedTagger.load()
