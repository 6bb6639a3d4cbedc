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
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

import numpy as np

if TYPE_CHECKING:
    from ..text import Document

DATA = Path(__file__).resolve().parent / "data"
WINDOW = 2
SHAPES = ("capitalised", "all_capitals", "quoted", "sentence_start", "title")
_QUOTE_MARKS = np.array([ord(c) for c in "\"\u201c\u201d"], dtype=np.uint32)


def token_shapes(doc: "Document") -> np.ndarray:
    """Shape indicators of each token of ``doc``, one column per name of :data:`SHAPES` (bool, n × 5)."""
    starts, ends = doc.tokens
    shapes = np.zeros((len(starts), len(SHAPES)), dtype=bool)
    if not len(starts):
        return shapes
    # Code points of the text and of its same-length lower-case: a character is a capital where they differ.
    text = np.frombuffer(doc.text.encode("utf-32-le"), dtype=np.uint32)
    upper = text != np.frombuffer(doc.lower.encode("utf-32-le"), dtype=np.uint32)
    shapes[:, 0] = upper[starts]
    n_upper = np.concatenate([[0], np.cumsum(upper)])
    shapes[:, 1] = (n_upper[ends] - n_upper[starts] == ends - starts) & (ends - starts > 1)
    quotes = np.flatnonzero(np.isin(text, _QUOTE_MARKS))
    shapes[:, 2] = np.searchsorted(quotes, starts) % 2 == 1  # an odd number of marks before: inside a quotation
    sentence_starts = np.fromiter((s for s, _ in doc.sentences), dtype=np.int64)
    first_token = np.searchsorted(starts, sentence_starts)
    shapes[first_token[first_token < len(starts)], 3] = True
    if doc.paragraphs:
        shapes[:, 4] = starts < doc.paragraphs[0][1]
    return shapes


def token_categories(doc: "Document", terms: Iterable[tuple[int, int, str]], categories: Sequence[str]) -> np.ndarray:
    """Category id (1-based index in ``categories``, 0 for none) of each token, from ``(start, end, category)`` terms."""
    starts, _ = doc.tokens
    out = np.zeros(len(starts), dtype=np.int64)
    ids = {c: i + 1 for i, c in enumerate(categories)}
    for start, end, category in terms:
        out[np.searchsorted(starts, start):np.searchsorted(starts, end)] = ids.get(category, 0)
    return out


def sentence_ids(doc: "Document") -> np.ndarray:
    """Index of the sentence of each token (tokens outside any sentence share the preceding one)."""
    starts, _ = doc.tokens
    sentence_starts = np.fromiter((s for s, _ in doc.sentences), dtype=np.int64)
    return np.searchsorted(sentence_starts, starts, side="right")


def windowed(ids: np.ndarray, pad: int, window: int = WINDOW) -> np.ndarray:
    """``ids`` at each offset −window..+window around every token (``pad`` past the ends): (2·window+1) × n."""
    n = len(ids)
    padded = np.concatenate([np.full(window, pad, dtype=np.int64), ids, np.full(window, pad, dtype=np.int64)])
    return np.stack([padded[k:k + n] for k in range(2 * window + 1)])


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
        self.index = {w: i for i, w in enumerate(vocabulary)}
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

    def word_ids(self, words: Sequence[str]) -> np.ndarray:
        """Vocabulary id of each word (out-of-vocabulary words share one id)."""
        return np.fromiter(map(self.index.get, words, repeat(len(self.index))), dtype=np.int64, count=len(words))

    def scores(self, doc: "Document", terms: Iterable[tuple[int, int, str]]) -> np.ndarray:
        """Log-odds that each token of ``doc`` is loaded language; ``terms`` are the lexicon's ``(start, end, category)``."""
        if not doc.n_tokens:
            return np.zeros(0)
        ids = windowed(self.word_ids(doc.words), len(self.index) + 1)
        cats = windowed(token_categories(doc, terms, self.categories), 0)
        rows = np.arange(2 * WINDOW + 1)[:, None]
        total = self.word_weights[rows, ids].sum(axis=0) + self.category_weights[rows, cats].sum(axis=0)
        return total + token_shapes(doc) @ self.shape_weights + self.bias

    def spans(self, doc: "Document", terms: Iterable[tuple[int, int, str]]) -> list[tuple[int, int]]:
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
