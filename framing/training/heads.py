"""Training heads from a corpus: grouped model selection, then a bundle.

Every head is a linear model over the standardised feature-layer values and
the n-gram TF-IDF: multinomial logistic regression for single-label heads,
one logistic regression per label (one-vs-rest) for multi-label heads.  The
regularisation ``C`` is chosen by GroupKFold over the group field (the
outlet; duplicates always share a group); a random-split CV is reported too,
to show how much the outlet itself helps.  Multi-label thresholds are chosen
per label on out-of-fold probabilities; the CV scores reported for them use
thresholds chosen on the other folds only.

Every fold fits its own vocabulary, idf and scaling on its training rows.
"""

from __future__ import annotations

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any, Callable, Mapping

import numpy as np
import scipy.sparse as sp

from ..corpus import Article, CorpusError, HeadData
from ..corpus.duplicates import duplicate_clusters, signature, split_groups
from ..features import Extractor
from ..model.config import HeadConfig
from ..model.hierarchy import Hierarchy, joint_thresholds, samples_f1
from ..model.linear import sigmoid, softmax
from ..model.metrics import multilabel_scores, single_label_scores
from ..model.multilabel import chosen_labels
from ..model.ngrams import GrowingIndex, smooth_idf
from ..progress import progress

THRESHOLDS = np.round(np.arange(0.05, 0.951, 0.05), 2)


@dataclass
class Read:
    """A list of articles, read once: feature values, n-gram counts, duplicate signatures.

    ``matrix`` holds the counts as CSR over the columns the vocabulary had when
    the articles were read; the vocabulary only grows, so later columns are zero.
    """

    features: np.ndarray
    matrix: sp.csr_matrix
    signatures: np.ndarray

    def counts(self, width: int) -> sp.csr_matrix:
        """The counts over the first ``width`` columns of the vocabulary (sharing the stored arrays)."""
        m = self.matrix
        return sp.csr_matrix((m.data, m.indices, m.indptr), shape=(m.shape[0], width))


def _csr(rows: list[tuple[np.ndarray, np.ndarray]], width: int) -> sp.csr_matrix:
    """Rows of (int32 columns, float32 counts) as one CSR matrix: counts are small whole numbers
    (exact in float32) and a vocabulary never nears 2**31 terms; only a huge corpus needs int64 offsets."""
    nnz = sum(len(c) for c, _ in rows)
    index_type = np.int32 if nnz < 2**31 else np.int64
    indptr = np.cumsum([0] + [len(c) for c, _ in rows]).astype(index_type)
    indices = np.concatenate([c for c, _ in rows]).astype(index_type, copy=False) if rows else np.zeros(0, index_type)
    data = np.concatenate([v for _, v in rows]) if rows else np.zeros(0, np.float32)
    return sp.csr_matrix((data, indices, indptr), shape=(len(rows), width))


class Reader:
    """Reads article lists once per n-gram setting, sharing one growing vocabulary per setting."""

    def __init__(self, show_progress: bool):
        self.extractor = Extractor()
        # rates and shares compare across articles of different lengths; raw counts mostly measure length
        self.feature_names: list[str] = [n for n in self.extractor.feature_names() if not n.endswith(".count")]
        self.indexes: dict[tuple, GrowingIndex] = {}
        self._cache: dict[tuple, Read] = {}
        self.show_progress = show_progress

    def read(self, articles: list[Article], key: tuple, desc: str) -> Read:
        cache_key = (tuple(a.origin for a in articles), key)
        if cache_key not in self._cache:
            index = self.indexes.setdefault(key, GrowingIndex(key))
            features = np.zeros((len(articles), len(self.feature_names)))
            rows, sigs = [], []
            for i, article in enumerate(progress(articles, len(articles), desc, self.show_progress)):
                reading = self.extractor.read(article.text)
                doc = reading.doc
                try:
                    values = self.extractor.extract_reading(reading).values
                except Exception as err:  # a bug in a feature family: say which article shows it
                    raise RuntimeError(f"{article.origin}: feature extraction failed ({type(err).__name__}: {err})") from err
                features[i] = [values[n] for n in self.feature_names]
                columns, counts = index.count(doc.words)
                rows.append((columns.astype(np.int32), counts.astype(np.float32)))  # half the memory, as _csr stores them
                sigs.append(signature(doc.words))
            self._cache[cache_key] = Read(features, _csr(rows, len(index)), np.array(sigs).reshape(len(articles), -1))
        return self._cache[cache_key]


class Design:
    """The inputs of a head fitted on some rows: feature scaling, vocabulary and idf."""

    def __init__(self, config: HeadConfig, feature_columns: np.ndarray, features: np.ndarray, counts: sp.csr_matrix):
        self.config = config
        self.feature_columns = feature_columns
        f = features[:, feature_columns]
        self.mean = f.mean(axis=0) if len(f) else np.zeros(len(feature_columns))
        scale = f.std(axis=0) if len(f) else np.ones(len(feature_columns))
        self.scale = np.where(scale > 0, scale, 1.0)
        n = counts.shape[0]
        if config.use_ngrams:
            df = np.bincount(counts.indices, minlength=counts.shape[1])
            eligible = np.flatnonzero((df >= config.min_df) & (df <= config.max_df * n))
            # most frequent first; ties by column so the choice is reproducible
            keep = eligible[np.lexsort((eligible, -df[eligible]))][: config.max_features]
            self.term_columns = np.sort(keep)
            self.idf = smooth_idf(df[self.term_columns], n)
        else:
            self.term_columns = np.zeros(0, dtype=np.int64)
            self.idf = np.zeros(0)

    def transform(self, features: np.ndarray, counts: sp.csr_matrix) -> sp.csr_matrix:
        c = self.config
        f = np.clip((features[:, self.feature_columns] - self.mean) / self.scale, -c.clip, c.clip) * c.feature_weight
        t = counts[:, self.term_columns].tocsr()
        if c.sublinear_tf:
            t.data = 1.0 + np.log(t.data)
        t = t.multiply(self.idf[None, :]).tocsr()
        norms = np.sqrt(np.asarray(t.multiply(t).sum(axis=1)).ravel())
        t = sp.diags(np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)) @ t
        return sp.hstack([sp.csr_matrix(f), t], format="csr")


def _fit(x: sp.csr_matrix, y: np.ndarray, labels: list[str], multilabel: bool, config: HeadConfig, C: float) -> tuple[np.ndarray, np.ndarray]:
    """Coefficients ``(n_labels, n_inputs)`` and intercepts of the head's linear model."""
    from sklearn.linear_model import LogisticRegression

    def model() -> LogisticRegression:
        return LogisticRegression(C=C, class_weight=config.class_weight, max_iter=config.max_iter, tol=1e-4)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=UserWarning)
        if multilabel:
            coef, intercept = np.zeros((len(labels), x.shape[1])), np.zeros(len(labels))
            for j in range(len(labels)):
                k, n = int(y[:, j].sum()), len(y)
                if 0 < k < n:
                    m = model().fit(x, y[:, j])
                    coef[j], intercept[j] = m.coef_[0], m.intercept_[0]
                else:  # a label on none (or all) of a fold's rows: its smoothed rate, whatever the input
                    intercept[j] = np.log((k + 0.5) / (n - k + 0.5))
            return coef, intercept
        m = model().fit(x, y)
    if len(labels) == 2:  # softmax over (-z/2, z/2) is the sigmoid of z
        return np.vstack([-m.coef_[0] / 2, m.coef_[0] / 2]), np.array([-m.intercept_[0] / 2, m.intercept_[0] / 2])
    return m.coef_, m.intercept_


def _probabilities(x: sp.csr_matrix, coef: np.ndarray, intercept: np.ndarray, multilabel: bool) -> np.ndarray:
    z = np.asarray(x @ coef.T) + intercept
    return sigmoid(z) if multilabel else softmax(z)


def best_thresholds(y: np.ndarray, p: np.ndarray, mode: str = "per_label", min_labels: int = 0) -> np.ndarray:
    """Per label, the threshold in :data:`THRESHOLDS` with the best F1 (the lowest among ties).

    ``mode="global"``: one threshold for every label, the one with the best
    micro-F1 (rare labels then get no threshold of their own, which costs
    macro-F1 and, on small corpora, gains micro-F1), scored with the
    ``min_labels`` floor of :func:`~framing.model.multilabel.chosen_labels`
    applied.  Per-label thresholds are chosen label by label, without it.
    """
    if mode == "global":
        pred = np.stack([chosen_labels(p, np.full(y.shape[1], t), min_labels) for t in THRESHOLDS], axis=-1)
        tp = (pred & (y[:, :, None] == 1)).sum(axis=(0, 1))
        f1 = 2 * tp / np.maximum(pred.sum(axis=(0, 1)) + y.sum(), 1)
        return np.full(y.shape[1], THRESHOLDS[int(np.argmax(f1))])
    out = np.empty(y.shape[1])
    for j in range(y.shape[1]):
        pred = p[:, j][:, None] >= THRESHOLDS[None, :]
        tp = (pred & (y[:, j][:, None] == 1)).sum(axis=0)
        f1 = 2 * tp / np.maximum(pred.sum(axis=0) + y[:, j].sum(), 1)
        out[j] = THRESHOLDS[int(np.argmax(f1))]
    return out


@dataclass
class Fitted:
    design: Design
    coef: np.ndarray
    intercept: np.ndarray


@dataclass
class Trained:
    """A head's final model, with what the bundle records about it."""

    trainer: "HeadTrainer"
    fitted: Fitted
    C: float
    thresholds: np.ndarray | None
    priors: np.ndarray
    metrics: dict[str, Any]
    oof: np.ndarray | None = None  # out-of-fold probabilities of the chosen C, on the grouped splits
    splits: list[tuple[np.ndarray, np.ndarray]] | None = None


class HeadTrainer:
    """Cross-validates and fits one head on data read by a :class:`Reader`."""

    def __init__(self, data: HeadData, config: HeadConfig, read: Read, feature_names: list[str], width: int):
        self.data, self.config, self.read = data, config, read
        self.multilabel = data.manifest.multilabel
        self.y = data.targets()
        # A term in fewer than min_df articles of the corpus is in fewer than min_df of any fold's
        # training rows too: dropping it here changes no model and shrinks every fold's matrices.
        counts = read.counts(width)
        self.terms = np.flatnonzero(np.bincount(counts.indices, minlength=width) >= config.min_df) if config.use_ngrams else np.zeros(0, np.int64)
        self.counts = self.compact(counts)
        names = config.select_features(feature_names)
        self.feature_columns = np.array([feature_names.index(n) for n in names], dtype=np.int64)
        self.feature_names = names
        clusters = duplicate_clusters(read.signatures, data.manifest.duplicate_threshold)
        self.n_duplicates = int(np.sum(clusters != np.arange(len(clusters))))
        self.groups = split_groups([a.group for a in data.articles], clusters)

    def compact(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        """Counts over the vocabulary's columns kept for this head (:attr:`terms`, in order)."""
        return counts[:, self.terms].tocsr()

    def fit(self, rows: np.ndarray, C: float) -> Fitted:
        features, counts = self.read.features[rows], self.counts[rows]
        design = Design(self.config, self.feature_columns, features, counts)
        x = design.transform(features, counts)
        coef, intercept = _fit(x, self.y[rows], self.data.labels, self.multilabel, self.config, C)
        return Fitted(design, coef, intercept)

    def predict(self, fitted: Fitted, features: np.ndarray, counts: sp.csr_matrix) -> np.ndarray:
        x = fitted.design.transform(features, counts)
        return _probabilities(x, fitted.coef, fitted.intercept, self.multilabel)

    def out_of_fold(self, splits: list[tuple[np.ndarray, np.ndarray]], C: float) -> np.ndarray:
        from joblib import Parallel, delayed

        def fold(train: np.ndarray, test: np.ndarray) -> np.ndarray:
            return self.predict(self.fit(train, C), self.read.features[test], self.counts[test])

        # threads: the solvers spend their time in numpy and scipy, which release the GIL
        folds = Parallel(n_jobs=self.config.n_jobs, prefer="threads")(delayed(fold)(tr, te) for tr, te in splits)
        p = np.zeros((len(self.y), len(self.data.labels)))
        for (_, test), probabilities in zip(splits, folds):
            p[test] = probabilities
        return p

    def scores(self, p: np.ndarray, splits: list[tuple[np.ndarray, np.ndarray]]) -> dict[str, Any]:
        """CV scores of out-of-fold probabilities (multi-label: thresholds from the other folds)."""
        if not self.multilabel:
            return single_label_scores(self.y, p.argmax(axis=1), self.data.labels)
        pred = np.zeros_like(self.y)
        for _, test in splits:
            others = np.setdiff1d(np.arange(len(self.y)), test)
            pred[test] = self.decide(p[test], self.thresholds(self.y[others], p[others]))
        return multilabel_scores(self.y, pred, self.data.labels)

    def thresholds(self, y: np.ndarray, p: np.ndarray) -> np.ndarray:
        """Multi-label thresholds chosen on probabilities ``p`` of articles labelled ``y``."""
        return best_thresholds(y, p, self.config.thresholds, self.config.min_labels)

    def decide(self, p: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
        """0/1 labels of multi-label probabilities, as the shipped head decides them."""
        return chosen_labels(p, thresholds, self.config.min_labels).astype(self.y.dtype)

    def splits(self, grouped: bool) -> list[tuple[np.ndarray, np.ndarray]]:
        from sklearn.model_selection import GroupKFold, KFold, StratifiedKFold

        rows = np.arange(len(self.y))
        if grouped:
            n_groups = len(np.unique(self.groups))
            if n_groups < 2:
                raise CorpusError(f"head {self.data.head!r}: grouped CV needs two groups, all articles share one")
            return list(GroupKFold(n_splits=min(self.config.cv_folds, n_groups)).split(rows, groups=self.groups))
        if self.multilabel:
            cv = KFold(self.config.cv_folds, shuffle=True, random_state=self.config.seed)
            return list(cv.split(rows))
        folds = min(self.config.cv_folds, int(np.bincount(self.y).min()))
        return list(StratifiedKFold(folds, shuffle=True, random_state=self.config.seed).split(rows, self.y))

    def key_score(self, scores: Mapping[str, Any]) -> float:
        return scores["micro_f1" if self.multilabel else "macro_f1"]



def train_head(trainer: HeadTrainer, heldout: Read | None, width: int, log: Callable[[str], None]) -> Trained:
    data, config = trainer.data, trainer.config
    grouped = trainer.splits(grouped=True)
    selection, oof = {}, {}
    for C in config.C:
        oof[C] = trainer.out_of_fold(grouped, C)
        selection[C] = trainer.scores(oof[C], grouped)
    best = max(config.C, key=lambda c: (trainer.key_score(selection[c]), -c))
    random_splits = trainer.splits(grouped=False)
    metrics: dict[str, Any] = {
        "grouped_cv": {**selection[best], "folds": len(grouped), "split": "GroupKFold on group field and duplicate clusters"},
        "random_cv": {**trainer.scores(trainer.out_of_fold(random_splits, best), random_splits), "folds": len(random_splits)},
        "selection": {f"C={c:g}": trainer.key_score(s) for c, s in selection.items()},
    }
    fitted = trainer.fit(np.arange(len(trainer.y)), best)
    thresholds = trainer.thresholds(trainer.y, oof[best]) if trainer.multilabel else None
    if heldout is not None:
        p = trainer.predict(fitted, heldout.features, trainer.compact(heldout.counts(width)))
        y = data.targets(data.heldout)
        metrics["heldout"] = (
            multilabel_scores(y, trainer.decide(p, thresholds), data.labels)
            if trainer.multilabel else single_label_scores(y, p.argmax(axis=1), data.labels)
        )
        metrics["heldout"]["files"] = [p.name for p in data.manifest.heldout]
    log(f"{data.head}: C={best:g}, grouped-CV {trainer.key_score(metrics['grouped_cv']):.3f}, "
        f"random-CV {trainer.key_score(metrics['random_cv']):.3f}"
        + (f", held-out {trainer.key_score(metrics['heldout']):.3f}" if "heldout" in metrics else ""))
    y = trainer.y
    priors = y.mean(axis=0) if trainer.multilabel else np.bincount(y, minlength=len(data.labels)) / len(y)
    return Trained(trainer, fitted, best, thresholds, priors, metrics, oof[best], grouped)


def decide_together(parent: Trained, child: Trained | None, none: str, log: Callable[[str], None]) -> None:
    """Thresholds of a parent head and its sub-label head (or of a head with a ``none`` label alone)
    chosen together for samples-F1 under the rule of :class:`~framing.model.hierarchy.Hierarchy`.

    Replaces both heads' thresholds and adds ``grouped_cv_joint`` to their metrics: the rule's
    samples-F1 on the grouped folds, with thresholds chosen on the other folds only, and labels
    too rare to learn counted as missed.
    """
    tp, tc = parent.trainer, child.trainer if child is not None else None
    if tc is not None and [a.origin for a in tc.data.articles] != [a.origin for a in tp.data.articles]:
        raise CorpusError(f"head {tc.data.head!r}: its articles are not those of its parent head {tp.data.head!r}")
    hierarchy = Hierarchy(tp.data.labels, tc.data.labels if tc is not None else [], none)
    unknown = hierarchy.unknown_children()
    if unknown:
        raise CorpusError(f"head {tc.data.head!r}: labels {unknown[:3]} have no parent among the labels of {tp.data.head!r}")
    y_p, p_p = tp.y, parent.oof
    y_c, p_c = (tc.y, child.oof) if tc is not None else (None, None)
    pred_p, pred_c = np.zeros_like(y_p, dtype=bool), None if tc is None else np.zeros_like(y_c, dtype=bool)
    for _, test in parent.splits:
        others = np.setdiff1d(np.arange(len(y_p)), test)
        th_p, th_c = joint_thresholds(hierarchy, y_p[others], p_p[others], None if tc is None else y_c[others],
                                      None if tc is None else p_c[others], THRESHOLDS)
        on_p, on_c = hierarchy.decide(p_p[test], th_p, None if tc is None else p_c[test], th_c)
        pred_p[test] = on_p
        if tc is not None:
            pred_c[test] = on_c
    parent.thresholds, child_thresholds = joint_thresholds(hierarchy, y_p, p_p, y_c, p_c, THRESHOLDS)
    for t, y, pred in ((parent, y_p, pred_p), (child, y_c, pred_c)):
        if t is None:
            continue
        scores = multilabel_scores(y, pred.astype(y.dtype), t.trainer.data.labels)
        scores["samples_f1"] = round(samples_f1(y, pred, t.trainer.data.unlearnt), 4)
        t.metrics["grouped_cv_joint"] = {**scores, "folds": len(parent.splits),
                                         "rule": f"framing.model.hierarchy, decided with {tp.data.head!r}" + (f" and {tc.data.head!r}" if tc else "")}
    if child is not None:
        child.thresholds = child_thresholds
    log(f"{tp.data.head}" + (f" + {tc.data.head}" if tc else "") + ": decided together, grouped-CV samples-F1 "
        + ", ".join(f"{t.trainer.data.head} {t.metrics['grouped_cv_joint']['samples_f1']:.3f}" for t in (parent, child) if t is not None))
