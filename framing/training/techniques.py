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


def train_component(manifest: "Manifest", data: Paragraphs, log: Callable[[str], None], show_progress: bool) -> Component:
    """Fit the techniques model, with its grouped cross-validated figures."""
    settings = {"feature_weight": 0.3, "thresholds": "global", "C": [4.0], "neighbours": 0.0, "neighbour_terms": 0,
                **manifest.model}
    neighbours, near_terms = settings.pop("neighbours"), settings.pop("neighbour_terms")
    if not (isinstance(neighbours, (int, float)) and not isinstance(neighbours, bool) and 0 <= neighbours <= 10):
        raise CorpusError(f"{manifest.path}: [model] neighbours must be a number from 0 to 10")
    if not (type(near_terms) is int and near_terms >= 0):
        raise CorpusError(f"{manifest.path}: [model] neighbour_terms must be a whole number >= 0 (0: every term)")
    config = HeadConfig.from_dict(settings, where=f"{manifest.path}: [model]")
    counts_of = Counter(t for ls in data.labels for t in ls)
    labels = sorted(t for t, n in counts_of.items() if n >= manifest.min_examples)
    skipped = sorted(set(counts_of) - set(labels))
    if not labels:
        raise CorpusError(f"{manifest.path}: no technique has {manifest.min_examples} paragraphs")
    y = np.array([[t in ls for t in labels] for ls in data.labels], dtype=np.int64)
    index = GrowingIndex(config.vectorizer_key)
    counted = [index.count(w) for w in data.words]
    counts = _csr([(c.astype(np.int32), v.astype(np.float32)) for c, v in counted], len(index))
    columns = np.arange(len(INPUT_NAMES))
    folds = _folds(data.groups, config.cv_folds)

    near = neighbours_of(data.groups)

    def near_columns(design: Design, rows: np.ndarray) -> np.ndarray:
        """Positions (among the design's terms) of the terms the neighbours are read by: the most frequent."""
        df = np.bincount(counts[rows].indices, minlength=counts.shape[1])[design.term_columns]
        return np.sort(np.argsort(-df, kind="stable")[:near_terms]) if near_terms else np.arange(len(df))

    def design_matrix(design: Design, near_at: np.ndarray, rows: np.ndarray) -> sp.csr_matrix:
        x = design.transform(data.dense[rows], counts[rows])
        if not neighbours:
            return x
        # the TF-IDF of the paragraphs before and after, summed, at half the neighbours' weight
        # (rows of one article are all on one side of a split, so its neighbours are among `rows`)
        terms = x[:, len(columns) + near_at]
        return sp.hstack([x, (near[rows][:, rows] @ terms) * (0.5 * neighbours)], format="csr")

    def fit(rows: np.ndarray, C: float) -> tuple[Design, np.ndarray, np.ndarray, np.ndarray]:
        design = Design(config, columns, data.dense[rows], counts[rows])
        near_at = near_columns(design, rows)
        coef, intercept = _fit(design_matrix(design, near_at, rows), y[rows], labels, True, config, C)
        return design, near_at, coef, intercept

    def predict(model: tuple, rows: np.ndarray) -> np.ndarray:
        design, near_at, coef, intercept = model
        return _probabilities(design_matrix(design, near_at, rows), coef, intercept, True)

    oof, scores = {}, {}
    for C in config.C:
        p = np.zeros(y.shape)
        for train, test in progress(folds, len(folds), f"cross-validating {manifest.head} C={C:g}", show_progress):
            p[test] = predict(fit(train, C), test)
        pred = np.zeros_like(y)
        for train, test in folds:
            pred[test] = chosen_labels(p[test], best_thresholds(y[train], p[train], "global"))
        oof[C], scores[C] = p, multilabel_scores(y, pred, labels)
        # the official measure counts the pairs of techniques too rare to learn as missed
        missed = sum(n for t, n in counts_of.items() if t in skipped)
        tp = int((pred & y).sum())
        scores[C]["micro_f1_all_techniques"] = round(2 * tp / max(int(pred.sum()) + int(y.sum()) + missed, 1), 4)
    best = max(config.C, key=lambda c: (scores[c]["micro_f1"], -c))
    design, near_at, coef, intercept = fit(np.arange(len(y)), best)
    thresholds = best_thresholds(y, oof[best], "global")
    log(f"{manifest.head}: C={best:g}, grouped-CV micro-F1 {scores[best]['micro_f1']:.3f} "
        f"(all techniques {scores[best]['micro_f1_all_techniques']:.3f}), macro-F1 {scores[best]['macro_f1']:.3f}")

    terms = list(index)
    vocabulary = f"vocabulary-{manifest.head}.json"
    kept = design.term_columns
    n_f = len(INPUT_NAMES)
    metrics = {"grouped_cv": {**scores[best], "folds": len(folds), "split": "GroupKFold over articles"},
               "selection": {f"C={c:g}": scores[c]["micro_f1"] for c in config.C}}
    spec = {
        "kind": "techniques", "description": manifest.description, "multilabel": True, "labels": labels,
        "priors": [round(float(v), 6) for v in y.mean(axis=0)], "thresholds": [float(t) for t in thresholds],
        "feature_names": list(INPUT_NAMES), "hyperparameters": {**config.to_dict(), "C_selected": best, "neighbours": neighbours,
                                                             "neighbour_terms": near_terms},
        "word_ngrams": list(config.word_ngrams), "vocabulary": vocabulary, "metrics": metrics,
        "training_files": manifest.file_hashes(), "paragraphs": len(y), "articles": int(len(np.unique(data.groups))),
        **({"labels_not_learnt": skipped} if skipped else {}),
    }
    n_t = len(kept)
    arrays = {"mean": design.mean, "scale": design.scale, "coef_features": coef[:, :n_f].astype(np.float32),
              "coef_terms": coef[:, n_f:n_f + n_t].astype(np.float32), "idf": np.asarray(design.idf, dtype=np.float64),
              "intercept": intercept.astype(np.float64)}
    if neighbours:
        arrays["coef_neighbours"] = coef[:, n_f + n_t:].astype(np.float32)
        arrays["neighbour_terms"] = near_at.astype(np.int64)
    card = {
        "predicts": manifest.description or "the persuasion techniques of each paragraph", "labels": labels,
        "training_data": manifest.training_data(paragraphs=len(y), articles=spec["articles"]),
        "measured": {k: v for k, v in metrics.items() if k != "selection"}, "limits": list(manifest.limits),
        **({"labels_not_learnt": skipped} if skipped else {}),
    }
    return Component(manifest.head, "techniques", spec, arrays, {vocabulary: [terms[c] for c in kept]}, card)
