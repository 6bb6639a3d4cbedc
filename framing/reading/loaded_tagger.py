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
offset.

Each token's score also holds a term for its sentence: a sum of weights of the
distinct words, adjacent word pairs and lexicon categories the sentence holds
(each once, however often).  In the shipped tagger this is a separate sentence
classifier (a logistic regression over those indicators, trained on "this
sentence holds a loaded span"), its log-odds scaled by a weight chosen by
cross-validation and folded into the arrays (its intercept into the bias): a
charged word in a sentence that reads as loaded is tagged more readily than
the same word in a neutral one.  Tagged tokens are the tokens scoring above a threshold; a span is a
maximal run of them within a sentence, bridging gaps of up to ``bridge``
tokens, which gives phrase extents like those annotators mark.

The arrays live in ``framing/reading/data/loaded_tagger.npz`` (no pickle)
and the vocabulary, threshold and provenance in ``loaded_tagger.json``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import numpy as np

from ..text.words import WordIndex

if TYPE_CHECKING:
    from ..text import Document

DATA = Path(__file__).resolve().parent / "data"
SHIPPED = DATA / "loaded_tagger"
WINDOW = 2
SHAPES = ("capitalised", "all_capitals", "quoted", "sentence_start", "title")
_BITS = np.arange(len(SHAPES), dtype=np.uint8)
#: The optional arrays of the sentence term, in the order of :class:`LoadedTagger`'s parameters.
SENTENCE_ARRAYS = ("sentence_word_weights", "sentence_category_weights", "sentence_pairs", "sentence_pair_weights")


def shape_codes(doc: "Document", sentence_starts: np.ndarray | None = None) -> np.ndarray:
    """Shape code of each token of ``doc``: bit ``j`` set for the indicator ``SHAPES[j]`` (uint8).

    One small integer per token indexes a table of the summed shape weights,
    instead of a matrix product of indicators and weights.  ``sentence_starts``
    are the start offsets of ``doc.sentences``, if already at hand.
    """
    starts, ends = doc.tokens
    if not len(starts):
        return np.zeros(0, dtype=np.uint8)
    text = doc.text
    lasts = ends - 1
    if text.isascii():  # (most articles) one byte a character, and the capitals are A-Z
        chars = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
        capitalised = chars.take(starts) - np.uint8(65) < 26
        last_capital = chars.take(lasts) - np.uint8(65) < 26
        quotes = np.flatnonzero(chars == 0x22)
    else:  # a capital is where the text and its same-length lower-case differ
        chars = _code_points(text)
        upper = chars != _code_points(doc.lower)
        capitalised, last_capital = upper.take(starts), upper.take(lasts)
        quotes = np.flatnonzero((chars == 0x22) | (chars == 0x201C) | (chars == 0x201D))
    codes = capitalised.view(np.uint8).copy()
    codes |= (capitalised & last_capital & (lasts != starts)).view(np.uint8) << 1  # first and last letters: cheaper than all
    codes |= (np.searchsorted(quotes, starts).astype(np.uint8) & 1) << 2  # an odd number of marks before: inside a quotation
    first_token = np.searchsorted(starts, sentence_starts if sentence_starts is not None else _sentence_starts(doc))
    codes[first_token[first_token < len(starts)]] |= 8
    if doc.paragraphs:
        codes |= (starts < doc.paragraphs[0][1]).astype(np.uint8) << 4
    return codes


def token_shapes(doc: "Document") -> np.ndarray:
    """Shape indicators of each token of ``doc``, one column per name of :data:`SHAPES` (bool, n × 5)."""
    return (shape_codes(doc)[:, None] >> _BITS & 1).astype(bool)


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)  # a str may hold lone surrogates


def _sentence_starts(doc: "Document") -> np.ndarray:
    return np.fromiter((s for s, _ in doc.sentences), dtype=np.int64, count=len(doc.sentences))


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


def sentence_ids(doc: "Document", sentence_starts: np.ndarray | None = None) -> np.ndarray:
    """Index of the sentence of each token (tokens outside any sentence share the preceding one)."""
    starts, _ = doc.tokens
    return np.searchsorted(sentence_starts if sentence_starts is not None else _sentence_starts(doc), starts, side="right")


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct ``values``, sorted."""
    values = np.sort(values)
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values


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
    sentence_word_weights : ndarray, len(vocabulary)+2, optional
        Weight, for each token of a sentence, of each word id the sentence holds (once however often).
    sentence_category_weights : ndarray, len(categories)+1, optional
        The same for the lexicon categories (column 0: a word of no category).
    sentence_pairs : ndarray of int, k × 2, optional
        Word id pairs ``(a, b)``: the sentence holds word ``a`` directly followed by word ``b``.
    sentence_pair_weights : ndarray, k, optional
        Weight, for each token of a sentence, of each of ``sentence_pairs`` the sentence holds (once however often).
    """

    def __init__(self, vocabulary: Sequence[str], word_weights: np.ndarray, category_weights: np.ndarray,
                 shape_weights: np.ndarray, bias: float, threshold: float, bridge: int, categories: Sequence[str],
                 sentence_word_weights: np.ndarray | None = None, sentence_category_weights: np.ndarray | None = None,
                 sentence_pairs: np.ndarray | None = None, sentence_pair_weights: np.ndarray | None = None):
        self.vocabulary = list(vocabulary)
        self._index = WordIndex(self.vocabulary)
        self.word_weights = word_weights
        self.category_weights = category_weights
        self.shape_weights = shape_weights
        self.bias = float(bias)
        self.threshold = float(threshold)
        self.bridge = int(bridge)
        self.categories = tuple(categories)
        self.sentence_word_weights = sentence_word_weights
        self.sentence_category_weights = sentence_category_weights
        self.sentence_pairs = sentence_pairs
        self.sentence_pair_weights = sentence_pair_weights
        # A pair's key is ``a · (len(vocabulary) + 2) + b``; sorted, to be found by a binary search.
        self._pair_keys = self._pair_weights = None
        if sentence_pairs is not None and len(sentence_pairs):
            keys = sentence_pairs[:, 0].astype(np.int64) * (len(self.vocabulary) + 2) + sentence_pairs[:, 1]
            order = np.argsort(keys, kind="stable")
            self._pair_keys, self._pair_weights = keys[order], sentence_pair_weights[order]
        # Folded once: a word's weight plus that of "no category" at its offset (the usual
        # case), and the bias plus the shape weights of each shape code.
        self._plain_word_weights = word_weights + category_weights[:, :1]
        # The same weights a row per word: a token's weights at the five offsets share a cache
        # line, where the rows per offset put them 88 KiB apart (five misses a token).
        self._plain_by_word = np.ascontiguousarray(self._plain_word_weights.T)
        self._offsets = np.arange(2 * WINDOW + 1)
        codes = np.arange(2 ** len(SHAPES), dtype=np.uint8)
        self._shape_table = (codes[:, None] >> _BITS & 1).astype(bool) @ shape_weights + self.bias
        self.stem: Path | None = None  # the files it was loaded from, if any

    def __reduce__(self):
        # a tagger read from files pickles as a reference to them, not as its 1 MB of weights
        if self.stem is not None:
            return type(self).load, (self.stem,)
        return type(self), (self.vocabulary, self.word_weights, self.category_weights, self.shape_weights,
                            self.bias, self.threshold, self.bridge, self.categories, self.sentence_word_weights,
                            self.sentence_category_weights, self.sentence_pairs, self.sentence_pair_weights)

    @property
    def shipped(self) -> bool:
        """Whether this is the tagger that ships with the package."""
        return self.stem == SHIPPED

    @classmethod
    def load(cls, stem: Path | str | None = None) -> "LoadedTagger":
        """The tagger stored as ``stem.json`` and ``stem.npz`` (default: the shipped one)."""
        stem = SHIPPED if stem is None else Path(stem).resolve()
        spec = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
        with np.load(stem.with_suffix(".npz"), allow_pickle=False) as arrays:
            sentence = [arrays[k] if k in arrays.files else None for k in SENTENCE_ARRAYS]
            tagger = cls(spec["vocabulary"], arrays["word_weights"], arrays["category_weights"], arrays["shape_weights"],
                         spec["bias"], spec["threshold"], spec["bridge"], spec["categories"], *sentence)
        tagger.stem = stem
        return tagger

    def token_ids(self, doc: "Document") -> np.ndarray:
        """Vocabulary id of each token of ``doc`` (out-of-vocabulary words share one id)."""
        return doc.vocabulary.ids_in(self._index)

    def scores(self, doc: "Document", terms: Sequence[tuple[int, int, str]],
               sentence_starts: np.ndarray | None = None) -> np.ndarray:
        """Log-odds that each token of ``doc`` is loaded language; ``terms`` are the lexicon's ``(start, end, category)``."""
        n = doc.n_tokens
        if not n:
            return np.zeros(0)
        if sentence_starts is None:
            sentence_starts = _sentence_starts(doc)
        token_ids = self.token_ids(doc)
        token_cats = token_categories(doc, terms, self.categories)
        ids = windowed(token_ids, len(self.vocabulary) + 1)
        cats = windowed(token_cats, 0)
        total = self._shape_table.take(shape_codes(doc, sentence_starts))
        # weights[j, k]: the weight of the word at window position j when it stands at offset k
        # from a token, so the token at t adds weights[t + k, k] for each k
        weights = self._plain_by_word.take(ids, axis=0)
        # The weights folded with "no category" serve every token but the few near a lexicon
        # term; theirs are patched in before the sum, so that it adds what the full model adds.
        hits = np.flatnonzero(cats)
        if len(hits):
            offsets = np.repeat(self._offsets, len(hits))
            at = np.tile(hits, len(self._offsets))
            inside = (at >= offsets) & (at < offsets + n)
            offsets, at = offsets[inside], at[inside]
            weights[at, offsets] = self.word_weights[offsets, ids[at]] + self.category_weights[offsets, cats[at]]
        for k in self._offsets.tolist():
            total += weights[k:k + n, k]
        if self.sentence_word_weights is not None:
            total += self.sentence_scores(sentence_ids(doc, sentence_starts), token_ids, token_cats)
        return total

    def sentence_scores(self, sentences: np.ndarray, ids: np.ndarray, cats: np.ndarray) -> np.ndarray:
        """Each token's sentence term: the weights of the distinct word ids, word pairs and categories of its
        sentence (float32; ``sentences``: non-decreasing sentence index of each token)."""
        n_sentences = int(sentences[-1]) + 1
        n_ids = len(self.vocabulary) + 2
        # categories are few: a dense table of which sentence holds which
        width = len(self.sentence_category_weights)
        present = np.bincount(sentences * width + cats, minlength=n_sentences * width).reshape(n_sentences, width) > 0
        per_sentence = present @ self.sentence_category_weights.astype(np.float64)
        # (sentence, word) pairs once each (sorting beats np.unique's hashing on a few thousand values)
        distinct = _distinct(sentences * n_ids + ids)
        per_sentence += np.bincount(distinct // n_ids, weights=self.sentence_word_weights.take(distinct % n_ids), minlength=n_sentences)
        if self._pair_keys is not None and len(ids) > 1:
            same = sentences[1:] == sentences[:-1]
            # (pair, sentence) once each, in the order of the pairs, so that the binary searches run forward
            found = _distinct((ids[:-1] * n_ids + ids[1:])[same] * n_sentences + sentences[1:][same])
            keys = found // n_sentences
            at = np.minimum(np.searchsorted(self._pair_keys, keys), len(self._pair_keys) - 1)
            hit = self._pair_keys.take(at) == keys
            per_sentence += np.bincount((found % n_sentences)[hit], weights=self._pair_weights.take(at[hit]), minlength=n_sentences)
        return per_sentence.astype(np.float32).take(sentences)

    def spans(self, doc: "Document", terms: Sequence[tuple[int, int, str]],
              sentence_starts: np.ndarray | None = None, scores: np.ndarray | None = None) -> list[tuple[int, int]]:
        """Spans of ``doc.text`` tagged as loaded language, in text order (``sentence_starts``: of ``doc.sentences``,
        and ``scores``: :meth:`scores` of ``doc``, if at hand)."""
        if sentence_starts is None:
            sentence_starts = _sentence_starts(doc)
        if scores is None:
            scores = self.scores(doc, terms, sentence_starts)
        if not len(scores):
            return []
        starts, ends = doc.tokens
        tagged = runs(scores > self.threshold, sentence_ids(doc, sentence_starts), self.bridge)
        return [(int(starts[a]), int(ends[b])) for a, b in tagged]
