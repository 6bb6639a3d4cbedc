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

import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, NamedTuple, Sequence

import numpy as np
import scipy.sparse as sp

from ..corpus import Article, CorpusError, HeadData, MissingData, find_manifests, load_head
from ..corpus.duplicates import duplicate_clusters, signature, split_groups
from ..text import prepare
from .bundle import CARD, read_bundle, write_bundle
from .components import Component, StanceData, read_component_data, train_component
from .config import HeadConfig
from .metrics import multilabel_scores, single_label_scores
from .multilabel import chosen_labels
from .ngrams import GrowingIndex, smooth_idf
from .progress import progress

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
        from ..features.transformer import FeatureTransformer

        transformer = FeatureTransformer().fit([])
        self.extractor = transformer.extractor_
        self.feature_names: list[str] = list(transformer.get_feature_names_out())
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
                doc = prepare(article.text)
                try:
                    values = self.extractor.extract_document(doc).values
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
            fitted = [model().fit(x, y[:, j]) for j in range(len(labels))]
            return np.vstack([m.coef_[0] for m in fitted]), np.array([m.intercept_[0] for m in fitted])
        m = model().fit(x, y)
    if len(labels) == 2:  # softmax over (-z/2, z/2) is the sigmoid of z
        return np.vstack([-m.coef_[0] / 2, m.coef_[0] / 2]), np.array([-m.intercept_[0] / 2, m.intercept_[0] / 2])
    return m.coef_, m.intercept_


def _probabilities(x: sp.csr_matrix, coef: np.ndarray, intercept: np.ndarray, multilabel: bool) -> np.ndarray:
    z = np.asarray(x @ coef.T) + intercept
    if multilabel:
        return 1.0 / (1.0 + np.exp(-z))
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


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


def _log(message: str) -> None:
    print(message, file=sys.stderr)


def load_heads(corpus: str | Path, head: str | Sequence[str] | None = None,
               log: Callable[[str], None] = _log) -> list[HeadData | StanceData]:
    """Read and check every head and stance model of a corpus (or the named ones) before any training.

    Those whose data is missing are skipped and logged.
    """
    manifests = find_manifests(corpus)
    if head is not None:
        wanted = [head] if isinstance(head, str) else list(head)
        unknown = sorted(set(wanted) - {m.head for m in manifests})
        if unknown:
            raise CorpusError(f"{corpus}: no head named {', '.join(map(repr, unknown))}")
        manifests = [m for m in manifests if m.head in wanted]
    heads: list[HeadData | StanceData] = []
    for manifest in manifests:
        try:
            if manifest.kind != "text":
                heads.append(StanceData(manifest, read_component_data(manifest)))
                continue
            HeadConfig.from_dict(manifest.model, where=f"{manifest.path}: [model]")
            heads.append(load_head(manifest))
        except MissingData as err:
            log(str(err))
        except ValueError as err:
            raise CorpusError(str(err)) from None
    if not heads:
        raise CorpusError(f"{corpus}: no head has its data on this machine")
    return heads


def train(
    corpus: str | Path,
    out: str | Path = "models/default",
    head: str | Sequence[str] | None = None,
    overrides: Mapping[str, Any] | None = None,
    show_progress: bool = True,
    log: Callable[[str], None] = _log,
) -> Path:
    """Train every head and stance model a corpus declares (or the named ones) and write them as a bundle.

    Parameters
    ----------
    corpus : path
        A manifest, a folder of manifests, a folder per label, or a JSON Lines file.
    out : path
        The bundle folder to write (replaced atomically).  When ``head`` is
        given and ``out`` already holds a bundle, its other heads and stance
        models are kept: retraining one head leaves the rest as they were.
    head : str or list of str, optional
        Train only this head (these heads).
    overrides : mapping, optional
        Hyper-parameters applied over every head manifest's ``[model]`` table
        (e.g. ``{"use_ngrams": False}`` for an ablation).
    show_progress : bool
        Draw progress bars when stderr is a terminal.
    log : callable
        Receives messages (skipped heads, chosen settings); default: stderr.

    Returns
    -------
    Path
        The bundle folder.

    Raises
    ------
    CorpusError
        Before any training, if a head's data is unusable (see :func:`framing.corpus.load_head`).
    BundleError
        Before any training, if ``head`` is given and ``out`` holds a damaged bundle.
    """
    from threadpoolctl import threadpool_limits

    heads = load_heads(corpus, head, log)
    kept_heads, kept_components = [], []
    if head is not None and (Path(out) / "bundle.json").exists():
        kept_heads, kept_components = _kept(Path(out), {h.head for h in heads})
        if kept_heads or kept_components:
            log(f"{out}: keeping {', '.join(h.name for h in [*kept_heads, *kept_components])}")
    with threadpool_limits(1):  # BLAS threads on small solver steps cost far more than they give
        entries, components = _train_all(heads, overrides, show_progress, log)
    return _write(out, [*kept_heads, *entries], [*kept_components, *components])


def _train_all(heads: list[HeadData | StanceData], overrides: Mapping[str, Any] | None, show_progress: bool,
               log: Callable[[str], None]) -> tuple[list[HeadEntry], list[Component]]:
    reader = Reader(show_progress)
    entries, components = [], []
    for data in heads:
        if isinstance(data, StanceData):
            components.append(train_component(data.manifest, data.data, log, show_progress))
            continue
        config = HeadConfig.from_dict({**data.manifest.model, **(overrides or {})})
        read = reader.read(data.articles, config.vectorizer_key, f"reading {data.head}")
        heldout = reader.read(data.heldout, config.vectorizer_key, f"reading {data.head} held-out") if data.heldout else None
        width = len(reader.indexes[config.vectorizer_key])
        trainer = HeadTrainer(data, config, read, reader.feature_names, width)
        entries.append(_entry(data, _train_head(trainer, heldout, width, log), reader))
    return entries, components


def _train_head(trainer: HeadTrainer, heldout: Read | None, width: int, log: Callable[[str], None]) -> Trained:
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
    return Trained(trainer, fitted, best, thresholds, priors, metrics)


class HeadEntry(NamedTuple):
    """A trained head as the bundle stores it, its n-gram weights keyed by term (so bundles can merge)."""

    name: str
    key: tuple  # the n-gram settings (HeadConfig.vectorizer_key)
    terms: list[str]  # the n-grams the head reads
    idf: np.ndarray  # one per term
    coef_terms: np.ndarray  # labels × terms
    arrays: dict[str, np.ndarray]  # its other arrays
    spec: dict[str, Any]  # its bundle.json entry, but the vectoriser's name
    card: dict[str, Any]


def _entry(data: HeadData, t: Trained, reader: Reader) -> HeadEntry:
    trainer, fitted, config, m = t.trainer, t.fitted, t.trainer.config, data.manifest
    index = list(reader.indexes[config.vectorizer_key])
    n_f = len(trainer.feature_names)
    spec = {
        "description": m.description, "multilabel": m.multilabel, "labels": data.labels,
        "priors": [round(float(p), 6) for p in t.priors],
        "thresholds": None if t.thresholds is None else [float(x) for x in t.thresholds],
        "feature_names": trainer.feature_names,
        "hyperparameters": {**config.to_dict(), "C_selected": t.C},
        "metrics": t.metrics, "training_files": m.file_hashes(),
        "n_articles": len(data.articles), "n_heldout": len(data.heldout),
        "n_groups": int(len(np.unique(trainer.groups))), "n_duplicates": trainer.n_duplicates,
    }
    card = {
        "predicts": m.description or f"{'labels' if m.multilabel else 'a label'} among {data.labels}",
        "task": f"multi-label (one-vs-rest, {config.thresholds.replace('_', '-')} thresholds)" if m.multilabel else "single-label",
        "labels": data.labels,
        "training_data": {"files": sorted(spec["training_files"]), "articles": len(data.articles),
                          "groups": spec["n_groups"], "duplicates_grouped": trainer.n_duplicates},
        "measured": {k: v for k, v in t.metrics.items() if k != "selection"},
        "limits": list(m.limits),
    }
    return HeadEntry(
        data.head, config.vectorizer_key, [index[c] for c in trainer.terms[fitted.design.term_columns]],
        np.asarray(fitted.design.idf, dtype=np.float64), fitted.coef[:, n_f:].astype(np.float32),
        {"mean": fitted.design.mean, "scale": fitted.design.scale,
         "coef_features": fitted.coef[:, :n_f].astype(np.float32), "intercept": fitted.intercept.astype(np.float64)},
        spec, card,
    )


def _kept(path: Path, replaced: set[str]) -> tuple[list[HeadEntry], list[Component]]:
    """The heads and stance models of the bundle at ``path`` whose names are not in ``replaced``."""
    meta, arrays, files = read_bundle(path)
    card = files.get(CARD, {})

    def own(name: str) -> dict[str, np.ndarray]:
        return {k.split(".", 1)[1]: v for k, v in arrays.items() if k.split(".", 1)[0] == name}

    heads = []
    for name, spec in meta["heads"].items():
        if name in replaced:
            continue
        vec = meta["vectorizers"][spec["vectorizer"]]
        a = own(name)
        idf, coef = a.pop("idf"), a.pop("coef_terms")
        used = np.flatnonzero(idf)
        vocabulary = files[vec["file"]]
        heads.append(HeadEntry(
            name, (tuple(vec["word_ngrams"]), tuple(vec["char_ngrams"]) if vec["char_ngrams"] else None),
            [vocabulary[i] for i in used], idf[used], coef[:, used], a,
            {k: v for k, v in spec.items() if k != "vectorizer"}, card.get("heads", {}).get(name, {}),
        ))
    components = [
        Component(name, spec["kind"], spec, own(name), {f: files[f] for f in spec.get("files", [])}, card.get("stance", {}).get(name, {}))
        for name, spec in meta.get("stance", {}).items() if name not in replaced
    ]
    return heads, components


def _write(out: str | Path, heads: list[HeadEntry], components: list[Component]) -> Path:
    import scipy
    import sklearn

    from .. import __version__

    # one vocabulary per n-gram setting: the union of its heads' terms, sorted
    vectorizers: dict[tuple, str] = {}
    for h in heads:
        vectorizers.setdefault(h.key, f"v{len(vectorizers)}")
    vocabularies = {name: sorted({t for h in heads if h.key == key for t in h.terms}) for key, name in vectorizers.items()}

    arrays: dict[str, np.ndarray] = {}
    head_specs: dict[str, Any] = {}
    positions = {name: {term: i for i, term in enumerate(terms)} for name, terms in vocabularies.items()}
    for h in heads:
        vec = vectorizers[h.key]
        position = positions[vec]
        columns = np.array([position[t] for t in h.terms], dtype=np.int64)
        idf = np.zeros(len(position) if h.terms else 0)
        idf[columns] = h.idf
        coef_terms = np.zeros((len(h.spec["labels"]), len(position)), dtype=np.float32)
        coef_terms[:, columns] = h.coef_terms
        arrays.update({f"{h.name}.{k}": v for k, v in {**h.arrays, "idf": idf, "coef_terms": coef_terms}.items()})
        head_specs[h.name] = {**h.spec, "vectorizer": vec}
    json_files: dict[str, Any] = {f"vocabulary-{name}.json": terms for name, terms in vocabularies.items()}
    for c in components:
        arrays.update({f"{c.name}.{k}": v for k, v in c.arrays.items()})
        json_files.update(c.files)
    meta = {
        "framing": __version__,
        "libraries": {"numpy": np.__version__, "scipy": scipy.__version__, "scikit-learn": sklearn.__version__},
        "heads": head_specs,
        "stance": {c.name: {**c.spec, "files": sorted(c.files)} for c in components},
        "vectorizers": {
            name: {"word_ngrams": list(key[0]), "char_ngrams": list(key[1]) if key[1] else None, "file": f"vocabulary-{name}.json"}
            for key, name in vectorizers.items()
        },
    }
    card = {
        "model": Path(out).name, "heads": {h.name: h.card for h in heads},
        "stance": {c.name: c.card for c in components},
        "how_measured": "grouped_cv: GroupKFold over the outlet (and duplicate clusters), the figure to quote; "
                        "random_cv: shuffled folds, for comparison; heldout: files never trained on.",
        "limits": [
            "Linear models over words and interpretable features: they learn what the training outlets and "
            "topics share, and transfer less to other outlets, periods and languages (English only).",
            "Labels are those of the training data (e.g. AllSides labels outlets, not articles).",
        ],
    }
    json_files[CARD] = card
    return write_bundle(out, meta, arrays, json_files)
