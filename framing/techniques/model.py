"""Persuasion techniques per paragraph: a multi-label linear head over paragraph inputs (numpy only).

The stored part is a :class:`~framing.model.heads.Head` (one sigmoid per technique over the
paragraph's :data:`~.inputs.INPUT_NAMES` values and its word n-gram TF-IDF) with its own
vocabulary, trained by :mod:`framing.training.techniques` from a ``kind = "techniques"``
manifest and stored in the bundle; explanations come from the head as for the other heads.

An article is scored at once: the n-grams of all its paragraphs are looked up together, their
TF-IDF kept as one sparse table (paragraph, column, weight), and every technique's score of
every paragraph is one gather and one segmented sum.  The reasons and spans behind a technique
are worked out only when a paragraph's ``evidence`` or ``reasons`` is first read.
"""

from __future__ import annotations

from typing import Any, Callable, NamedTuple

import numpy as np

from ..evidence import Evidence
from ..model.heads import Head, HeadInput
from ..model.linear import sigmoid
from ..model.multilabel import chosen_labels
from ..model.ngrams import NgramVocabulary
from ..model.schema import Part
from .inputs import INPUT_NAMES, ParagraphWords


class TechniqueReason(NamedTuple):
    """An input that pushed a technique up in a paragraph: a dense input's name or an n-gram, and its weight."""

    name: str
    kind: str
    weight: float


class Scored(NamedTuple):
    """The techniques model's reading of an article's paragraphs.

    ``p`` and ``on`` are paragraphs × techniques; ``context`` what the neighbouring paragraphs'
    words added to each score (paragraphs × techniques, zero for a model without them);
    ``features`` the scaled dense inputs; the n-gram TF-IDF is sparse: paragraph ``i`` has
    ``columns[indptr[i]:indptr[i + 1]]`` with those ``weights``.
    """

    p: np.ndarray
    on: np.ndarray
    context: np.ndarray
    features: np.ndarray
    indptr: np.ndarray
    columns: np.ndarray
    weights: np.ndarray

    def input_of(self, i: int) -> HeadInput:
        a, b = self.indptr[i], self.indptr[i + 1]
        return HeadInput(self.features[i], self.columns[a:b], self.weights[a:b])


class TechniquesModel:
    """The techniques head and its vocabulary (see the module docstring).

    Use :meth:`from_part` (a bundle's stored part) rather than the constructor.
    """

    def __init__(self, head: Head, vocabulary: NgramVocabulary, neighbours: float = 0.0,
                 coef_neighbours: np.ndarray | None = None):
        self.head, self.vocabulary = head, vocabulary
        #: Weight of the neighbouring paragraphs' TF-IDF, and its coefficients (techniques × terms; None if 0).
        self.neighbours = neighbours
        # both kinds of term weights side by side, column-major: one gather per article reads them
        terms = head.coef_terms if coef_neighbours is None else np.vstack([head.coef_terms, coef_neighbours.astype(np.float32)])
        self._terms = np.asfortranarray(terms)
        self.coef_neighbours = None if coef_neighbours is None else self._terms[len(head.labels):]
        self._feature_columns = [INPUT_NAMES.index(f) for f in head.feature_names]

    @property
    def labels(self) -> list[str]:
        return self.head.labels

    @classmethod
    def from_part(cls, part: Part) -> "TechniquesModel":
        spec = part.spec
        if list(spec["feature_names"]) != list(INPUT_NAMES):
            raise ValueError("the stored techniques model reads other paragraph inputs than this version computes")
        vocabulary = NgramVocabulary(part.files[spec["vocabulary"]], (tuple(spec["word_ngrams"]), None))
        head = Head.from_spec(part.name, {**spec, "vectorizer": spec["vocabulary"]}, part.arrays)
        neighbours = float(spec["hyperparameters"].get("neighbours", 0.0))  # older bundles: none
        if not neighbours:
            return cls(head, vocabulary)
        # stored for the terms the neighbours are read by only; spread over every term, zero elsewhere
        coef, at = part.arrays.get("coef_neighbours"), part.arrays.get("neighbour_terms")
        n_labels, n_terms = head.coef_terms.shape
        if (coef is None or at is None or at.ndim != 1 or at.dtype.kind not in "iu" or coef.shape != (n_labels, len(at))
                or (len(at) and not (0 <= at.min() and at.max() < n_terms)) or len(np.unique(at)) != len(at)):
            raise ValueError("the techniques model's coef_neighbours and neighbour_terms do not match its terms")
        full = np.zeros((n_labels, n_terms))
        full[:, at] = coef
        return cls(head, vocabulary, neighbours, full)

    def score(self, dense: np.ndarray, words: ParagraphWords, firsts: np.ndarray | None = None) -> Scored:
        """Every technique's probability and decision for each paragraph (rows of ``dense``, ``words``).

        The paragraphs may be those of several articles, ``firsts`` giving the row of each article's
        first paragraph (default: one article): the neighbouring paragraphs read are the article's own.
        """
        h = self.head
        n = len(dense)
        features = ((dense[:, self._feature_columns] - h.mean) / h.scale).clip(-h.clip, h.clip) * h.feature_weight
        # one product per article: BLAS sums a lone paragraph's row in another order than a matrix's,
        # and an article's scores must not depend on the articles scored beside it
        if firsts is None or len(firsts) == 1:
            z = features @ h.coef_features.T + h.intercept
        else:
            bounds = [*np.asarray(firsts).tolist(), n]
            z = np.vstack([features[a:b] @ h.coef_features.T for a, b in zip(bounds[:-1], bounds[1:])]) + h.intercept
        context = np.zeros_like(z)
        rows, columns, counts = self.vocabulary.count_coded(words.distinct, words.codes, words.rows)
        values = (1.0 + np.log(counts) if h.sublinear_tf else counts) * h.idf[columns]
        norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=n))
        weights = values / norms[rows] if len(rows) else values
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
        if len(rows):
            starts = indptr[:-1][np.diff(indptr) > 0]
            both = np.add.reduceat(self._terms[:, columns].T * weights[:, None], starts, axis=0)
            k = z.shape[1]
            z[rows[starts]] += both[:, :k]
            if self.coef_neighbours is not None:  # each paragraph's words, as read by the ones before and after it
                u = np.zeros_like(z)
                u[rows[starts]] = both[:, k:]
                u *= 0.5 * self.neighbours
                before, after = u[:-1], u[1:]
                if firsts is not None and len(firsts) > 1:  # no article reads another's paragraphs
                    across = np.zeros((n - 1, 1), dtype=bool)
                    across[np.asarray(firsts[1:]) - 1] = True
                    before, after = np.where(across, 0.0, before), np.where(across, 0.0, after)
                context[1:] += before
                context[:-1] += after
                z += context
        p = sigmoid(z)
        on = chosen_labels(p, h.thresholds, h.min_labels)
        return Scored(p, on, context, features, indptr, columns, weights)

    def reasons(self, x: HeadInput, technique: str, top: int = 5, context: float = 0.0) -> list[TechniqueReason]:
        """The inputs that pushed ``technique`` up most in a paragraph (positive weights only).

        ``context`` is what the neighbouring paragraphs' words added (a reason of kind ``"context"``).
        """
        n_f = len(self.head.feature_names)
        found = []
        for i, weight in self.head.strongest(x, technique, top * 2):
            if weight <= 0:
                continue
            if i < n_f:
                found.append(TechniqueReason(self.head.feature_names[i], "feature", weight))
            else:
                found.append(TechniqueReason(self.vocabulary.terms[int(x.columns[i - n_f])], "ngram", weight))
            if len(found) == top:
                break
        if context > 0:
            found.append(TechniqueReason("neighbouring paragraphs", "context", float(context)))
            found.sort(key=lambda r: -r.weight)  # stable: ties keep the paragraph's own inputs first
        return found[:top]


class ParagraphTechniques:
    """The persuasion techniques of one paragraph.

    Attributes
    ----------
    start, end : int
        The paragraph, as offsets into the caller's text.
    techniques : list of str
        The techniques at or over the model's threshold, most likely first.
    probabilities : dict
        Technique → probability, for every technique the model knows.
    evidence : dict
        Technique (of ``techniques``) → the spans of the paragraph behind it: the
        feature-layer evidence of the inputs that pushed it most, and the occurrences of
        its strongest n-grams.  Worked out when first read.
    reasons : dict
        Technique → the inputs that pushed it most (:class:`TechniqueReason`).  Worked out when first read.
    """

    __slots__ = ("start", "end", "techniques", "probabilities", "_explained", "_explain")

    def __init__(self, start: int, end: int, techniques: list[str], probabilities: dict[str, float],
                 evidence: dict[str, list[Evidence]] | None = None, reasons: dict[str, list[TechniqueReason]] | None = None,
                 explain: Callable[[], tuple[dict, dict]] | None = None):
        self.start, self.end, self.techniques, self.probabilities = start, end, techniques, probabilities
        self._explained = None if explain is not None else (evidence or {}, reasons or {})
        self._explain = explain

    def _explanation(self) -> tuple[dict, dict]:
        if self._explained is None:
            self._explained, self._explain = self._explain(), None
        return self._explained

    @property
    def evidence(self) -> dict[str, list[Evidence]]:
        return self._explanation()[0]

    @property
    def reasons(self) -> dict[str, list[TechniqueReason]]:
        return self._explanation()[1]

    def _fields(self) -> tuple:
        return (self.start, self.end, self.techniques, self.probabilities, self.evidence, self.reasons)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ParagraphTechniques) and self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  (mutable contents, like the lists it holds)

    def __reduce__(self):  # pickles what it found, not the article it was worked out from
        return (ParagraphTechniques, self._fields())

    def __repr__(self) -> str:
        return (f"ParagraphTechniques(start={self.start}, end={self.end}, techniques={self.techniques!r}, "
                f"probabilities={self.probabilities!r}, evidence=..., reasons=...)")

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start, "end": self.end, "techniques": list(self.techniques),
            "probabilities": {k: round(v, 6) for k, v in self.probabilities.items()},
            "evidence": {k: [e.to_dict() for e in v] for k, v in self.evidence.items()},
            "reasons": {k: [{"name": r.name, "kind": r.kind, "weight": round(r.weight, 6)} for r in v] for k, v in self.reasons.items()},
        }
