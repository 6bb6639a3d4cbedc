"""Training the techniques-per-paragraph model from a ``kind = "techniques"`` manifest.

A techniques corpus is JSON Lines, one article a line, with its paragraphs in order, each with
its text and the techniques it uses (SemEval-2023 Task 3 subtask 3)::

    {"id": "1", "paragraphs": [{"text": "...", "techniques": ["Loaded_Language", "Doubt"]}, ...]}

The article is the paragraphs joined by blank lines; the feature layer reads it whole, and each
paragraph becomes a row (:func:`framing.techniques.inputs.paragraph_inputs`).  One logistic
regression per technique over the scaled inputs and the paragraph's word n-gram TF-IDF, with
one decision threshold for all techniques (best micro-F1).  Regularisation and threshold are
chosen by GroupKFold over articles: no article has paragraphs on both sides of a split, and
the figures reported use thresholds chosen on the other folds only.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Callable, NamedTuple

import numpy as np
import scipy.sparse as sp

from ..corpus import CorpusError
from ..corpus.articles import json_rows
from ..features import Extractor
from ..model.config import HeadConfig
from ..model.metrics import multilabel_scores
from ..model.multilabel import chosen_labels
from ..model.ngrams import GrowingIndex
from ..model.schema import Component
from ..progress import progress
from ..techniques.inputs import INPUT_NAMES, paragraph_inputs
from .heads import Design, _csr, _fit, _probabilities, best_thresholds

if TYPE_CHECKING:
    from ..corpus import Manifest

#: Where a techniques article's parts are read from in a JSON object, by default.
FIELDS = {"paragraphs": "paragraphs", "text": "text", "labels": "techniques", "id": "id"}
#: Paragraphs joined into the article the feature layer reads.
JOIN = "\n\n"


class Paragraphs(NamedTuple):
    """The rows of a techniques corpus: one per paragraph."""

    dense: np.ndarray
    words: list[list[str]]
    labels: list[tuple[str, ...]]
    groups: np.ndarray
    origins: list[str]


def read_manifest(manifest: "Manifest", show_progress: bool = False) -> Paragraphs:
    """Every paragraph of the manifest's articles, read (the feature layer runs over each article once)."""
    keys = {**FIELDS, **manifest.fields}
    extractor = Extractor()
    dense, words, labels, groups, origins = [], [], [], [], []
    rows = [r for path in manifest.data for r in json_rows(path)]
    for where, row in progress(rows, len(rows), f"reading {manifest.head}", show_progress):
        paragraphs = row.get(keys["paragraphs"])
        if not isinstance(paragraphs, list) or not paragraphs:
            raise CorpusError(f"{where}: no paragraphs (field {keys['paragraphs']!r}, a non-empty list)")
        texts, spans, at = [], [], 0
        for i, p in enumerate(paragraphs):
            text, found = (p.get(keys["text"]), p.get(keys["labels"], [])) if isinstance(p, dict) else (None, None)
            if not isinstance(text, str) or not isinstance(found, list) or not all(isinstance(t, str) for t in found):
                raise CorpusError(f"{where}: paragraph {i} needs a text and a list of technique names")
            texts.append(text)
            spans.append((at, at + len(text)))
            at += len(text) + len(JOIN)
            labels.append(tuple(found))
        article = JOIN.join(texts)
        reading = extractor.read(article)
        d, w = paragraph_inputs(reading, extractor.extract_reading(reading).evidence, spans)
        dense.append(d)
        words.extend(w.lists())
        group = str(row.get(keys["id"]) or where)
        groups.extend([group] * len(texts))
        origins.extend(f"{where} paragraph {i}" for i in range(len(texts)))
    return Paragraphs(np.vstack(dense), words, labels, np.array(groups), origins)


def _folds(groups: np.ndarray, k: int) -> list[tuple[np.ndarray, np.ndarray]]:
    from sklearn.model_selection import GroupKFold

    rows = np.arange(len(groups))
    return list(GroupKFold(n_splits=min(k, len(np.unique(groups)))).split(rows, groups=groups))


def neighbours_of(groups: np.ndarray) -> sp.csr_matrix:
    """Rows × rows: 1 where the column is the paragraph just before or just after in the same article."""
    n = len(groups)
    after = np.flatnonzero(groups[1:] == groups[:-1])  # row i and i + 1 are in one article
    rows, cols = np.concatenate([after, after + 1]), np.concatenate([after + 1, after])
    return sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))


class Problem:
    """A techniques corpus ready to fit: the manifest's settings checked, the labels learnt, the
    n-gram counts, the grouped folds and the neighbours of each paragraph.

    :func:`train_component` fits and cross-validates through it; research scripts do too, to
    measure the same design on other readings of the paragraphs (``dense`` arguments).
    """

    def __init__(self, manifest: "Manifest", data: Paragraphs):
        settings = {"feature_weight": 0.3, "thresholds": "global", "C": [4.0], "neighbours": 0.0, "neighbour_terms": 0,
                    **manifest.model}
        self.neighbours, self.near_terms = settings.pop("neighbours"), settings.pop("neighbour_terms")
        if not (isinstance(self.neighbours, (int, float)) and not isinstance(self.neighbours, bool) and 0 <= self.neighbours <= 10):
            raise CorpusError(f"{manifest.path}: [model] neighbours must be a number from 0 to 10")
        if not (type(self.near_terms) is int and self.near_terms >= 0):
            raise CorpusError(f"{manifest.path}: [model] neighbour_terms must be a whole number >= 0 (0: every term)")
        self.config = HeadConfig.from_dict(settings, where=f"{manifest.path}: [model]")
        self.counts_of = Counter(t for ls in data.labels for t in ls)
        self.labels = sorted(t for t, n in self.counts_of.items() if n >= manifest.min_examples)
        self.skipped = sorted(set(self.counts_of) - set(self.labels))
        if not self.labels:
            raise CorpusError(f"{manifest.path}: no technique has {manifest.min_examples} paragraphs")
        self.data = data
        self.y = np.array([[t in ls for t in self.labels] for ls in data.labels], dtype=np.int64)
        self.index = GrowingIndex(self.config.vectorizer_key)
        counted = [self.index.count(w) for w in data.words]
        self.counts = _csr([(c.astype(np.int32), v.astype(np.float32)) for c, v in counted], len(self.index))
        self.columns = np.arange(len(INPUT_NAMES))
        self.folds = _folds(data.groups, self.config.cv_folds)
        self.near = neighbours_of(data.groups)

    def _near_columns(self, design: Design, rows: np.ndarray) -> np.ndarray:
        """Positions (among the design's terms) of the terms the neighbours are read by: the most frequent."""
        df = np.bincount(self.counts[rows].indices, minlength=self.counts.shape[1])[design.term_columns]
        return np.sort(np.argsort(-df, kind="stable")[:self.near_terms]) if self.near_terms else np.arange(len(df))

    def _matrix(self, design: Design, near_at: np.ndarray, rows: np.ndarray, dense: np.ndarray) -> sp.csr_matrix:
        x = design.transform(dense[rows], self.counts[rows])
        if not self.neighbours:
            return x
        # the TF-IDF of the paragraphs before and after, summed, at half the neighbours' weight
        # (rows of one article are all on one side of a split, so its neighbours are among `rows`)
        terms = x[:, len(self.columns) + near_at]
        return sp.hstack([x, (self.near[rows][:, rows] @ terms) * (0.5 * self.neighbours)], format="csr")

    def fit(self, rows: np.ndarray, C: float, dense: np.ndarray | None = None) -> tuple[Design, np.ndarray, np.ndarray, np.ndarray]:
        """The design, neighbour terms, coefficients and intercepts fitted on ``rows`` (``dense``: the paragraphs' dense inputs)."""
        dense = self.data.dense if dense is None else dense
        design = Design(self.config, self.columns, dense[rows], self.counts[rows])
        near_at = self._near_columns(design, rows)
        coef, intercept = _fit(self._matrix(design, near_at, rows, dense), self.y[rows], self.labels, True, self.config, C)
        return design, near_at, coef, intercept

    def predict(self, model: tuple, rows: np.ndarray, dense: np.ndarray | None = None) -> np.ndarray:
        """Probabilities of ``rows`` by a model from :meth:`fit`."""
        design, near_at, coef, intercept = model
        return _probabilities(self._matrix(design, near_at, rows, self.data.dense if dense is None else dense), coef, intercept, True)

    def out_of_fold(self, C: float, dense: np.ndarray | None = None, held_out: np.ndarray | None = None,
                    show_progress: bool = False, what: str = "") -> np.ndarray:
        """Every paragraph's probabilities by the model fitted without its fold (on ``dense``; the held-out
        fold read as ``held_out``, by default the same)."""
        p = np.zeros(self.y.shape)
        for train, test in progress(self.folds, len(self.folds), what, show_progress):
            p[test] = self.predict(self.fit(train, C, dense), test, dense if held_out is None else held_out)
        return p

    def decided(self, p: np.ndarray) -> np.ndarray:
        """The techniques on, each fold at the one threshold best on the other folds' probabilities."""
        pred = np.zeros_like(self.y)
        for train, test in self.folds:
            pred[test] = chosen_labels(p[test], best_thresholds(self.y[train], p[train], "global"))
        return pred


def train_component(manifest: "Manifest", data: Paragraphs, log: Callable[[str], None], show_progress: bool) -> Component:
    """Fit the techniques model, with its grouped cross-validated figures."""
    problem = Problem(manifest, data)
    config, labels, skipped, y = problem.config, problem.labels, problem.skipped, problem.y
    oof, scores = {}, {}
    for C in config.C:
        oof[C] = p = problem.out_of_fold(C, show_progress=show_progress, what=f"cross-validating {manifest.head} C={C:g}")
        pred = problem.decided(p)
        scores[C] = multilabel_scores(y, pred, labels)
        # the official measure counts the pairs of techniques too rare to learn as missed
        missed = sum(n for t, n in problem.counts_of.items() if t in skipped)
        tp = int((pred & y).sum())
        scores[C]["micro_f1_all_techniques"] = round(2 * tp / max(int(pred.sum()) + int(y.sum()) + missed, 1), 4)
    best = max(config.C, key=lambda c: (scores[c]["micro_f1"], -c))
    design, near_at, coef, intercept = problem.fit(np.arange(len(y)), best)
    thresholds = best_thresholds(y, oof[best], "global")
    log(f"{manifest.head}: C={best:g}, grouped-CV micro-F1 {scores[best]['micro_f1']:.3f} "
        f"(all techniques {scores[best]['micro_f1_all_techniques']:.3f}), macro-F1 {scores[best]['macro_f1']:.3f}")

    terms = list(problem.index)
    vocabulary = f"vocabulary-{manifest.head}.json"
    kept = design.term_columns
    n_f = len(INPUT_NAMES)
    metrics = {"grouped_cv": {**scores[best], "folds": len(problem.folds), "split": "GroupKFold over articles"},
               "selection": {f"C={c:g}": scores[c]["micro_f1"] for c in config.C}}
    spec = {
        "kind": "techniques", "description": manifest.description, "multilabel": True, "labels": labels,
        "priors": [round(float(v), 6) for v in y.mean(axis=0)], "thresholds": [float(t) for t in thresholds],
        "feature_names": list(INPUT_NAMES), "hyperparameters": {**config.to_dict(), "C_selected": best, "neighbours": problem.neighbours,
                                                             "neighbour_terms": problem.near_terms},
        "word_ngrams": list(config.word_ngrams), "vocabulary": vocabulary, "metrics": metrics,
        "training_files": manifest.file_hashes(), "paragraphs": len(y), "articles": int(len(np.unique(data.groups))),
        **({"labels_not_learnt": skipped} if skipped else {}),
    }
    n_t = len(kept)
    arrays = {"mean": design.mean, "scale": design.scale, "coef_features": coef[:, :n_f].astype(np.float32),
              "coef_terms": coef[:, n_f:n_f + n_t].astype(np.float32), "idf": np.asarray(design.idf, dtype=np.float64),
              "intercept": intercept.astype(np.float64)}
    if problem.neighbours:
        arrays["coef_neighbours"] = coef[:, n_f + n_t:].astype(np.float32)
        arrays["neighbour_terms"] = near_at.astype(np.int64)
    card = {
        "predicts": manifest.description or "the persuasion techniques of each paragraph", "labels": labels,
        "training_data": manifest.training_data(paragraphs=len(y), articles=spec["articles"]),
        "measured": {k: v for k, v in metrics.items() if k != "selection"}, "limits": list(manifest.limits),
        **({"labels_not_learnt": skipped} if skipped else {}),
    }
    return Component(manifest.head, "techniques", spec, arrays, {vocabulary: [terms[c] for c in kept]}, card)
