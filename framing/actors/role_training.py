"""Training and honest evaluation of the entity-role model on articles with labelled mentions (SemEval-2025 Task 10).

An entity-role corpus is JSON Lines, one article a line: its ``text`` and its
``mentions``, each ``{start, end, main_role, fine_roles}`` (offsets into the
text, end exclusive).  Every mention is one training row
(:func:`~.roles.role_rows`); near-duplicate articles form one group
(:mod:`framing.corpus.duplicates`), and all mentions of an article are in
its article's group, so no split puts an article, or a copy of it, on both sides.

Hyper-parameters (regularisation and class weights of the main-role model, a
shift of the Protagonist and Innocent priors, regularisation of the fine-role
models and the threshold of a second fine role) are chosen by grouped
cross-validation inside the rows a model is fitted on, so
:func:`cross_validate` measures the whole procedure on groups it never saw.
Figures are those of SemEval-2025 Task 10 subtask 1: main-role accuracy and
macro-F1, and the exact-match ratio of the fine-role sets.
"""

from __future__ import annotations

import itertools
import os
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, NamedTuple, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

from ..model.schema import Component
from ..progress import progress
from .roles import DEFAULT_CONFIG, DENSE_NAMES, FINE_ROLES, MAIN_OF, MAIN_ROLES, EntityRoleModel, RoleRows, decide, role_rows, standardise, to_doc_spans

if TYPE_CHECKING:
    from ..corpus import Manifest
    from ..reading import Reading

#: Where an article's parts are read from in a JSON object, by default (the shared dataset's names).
ROLE_FIELDS: Mapping[str, str] = {"text": "text", "mentions": "mentions", "id": "id"}
#: Candidate hyper-parameters of the main-role model: inverse regularisation and class weights.
C_GRID = (0.1, 0.3, 1.0, 3.0)
WEIGHT_GRID = (None, "balanced")
#: Log-prior shifts added to Protagonist and Innocent (Antagonist is the reference).
SHIFT_GRID = tuple(itertools.product((-0.5, 0.0, 0.5, 1.0), (-0.5, 0.0, 0.5, 1.0)))
#: Inverse regularisation of the fine-role models, and thresholds of a second fine role (above 1: never).
FINE_C_GRID = (0.1, 0.3, 1.0)
SECOND_GRID = (0.5, 0.7, 0.9, 2.0)
#: A context term is in the vocabulary when this many training mentions have it.
MIN_DF = 2
_SETTINGS = {"seed", *DEFAULT_CONFIG}


class RoleArticle(NamedTuple):
    """An article with its labelled mentions.

    Attributes
    ----------
    text : str
    mentions : list of (int, int, str, tuple of str)
        ``(start, end, main role, fine roles)``, offsets into ``text``.
    id : str
    origin : str
        ``file:line``, for messages.
    """

    text: str
    mentions: list[tuple[int, int, str, tuple[str, ...]]]
    id: str = ""
    origin: str = ""


def role_articles(rows: Iterable[tuple[str, dict]], fields: Mapping[str, str] | None = None) -> list[RoleArticle]:
    """``(origin, JSON object)`` pairs as :class:`RoleArticle` (fields as in :data:`ROLE_FIELDS`).

    Raises
    ------
    CorpusError
        A row without text, a mention out of the text, a main role not in
        :data:`~.roles.MAIN_ROLES`, or a fine role not under its main role; the message names the row.
    """
    from ..corpus import CorpusError

    keys = {**ROLE_FIELDS, **(fields or {})}
    out = []
    for origin, row in rows:
        text, mentions = row.get(keys["text"]), row.get(keys["mentions"])
        if not isinstance(text, str):
            raise CorpusError(f"{origin}: no text (field {keys['text']!r})")
        if not isinstance(mentions, list):
            raise CorpusError(f"{origin}: field {keys['mentions']!r} must be a list of mentions")
        found = []
        for m in mentions:
            try:
                start, end, main, fines = int(m["start"]), int(m["end"]), m["main_role"], tuple(m["fine_roles"])
            except (KeyError, TypeError, ValueError):
                raise CorpusError(f"{origin}: a mention needs start, end, main_role and fine_roles: {m!r}") from None
            if not 0 <= start < end <= len(text):
                raise CorpusError(f"{origin}: mention ({start}, {end}) is outside the text")
            if main not in MAIN_ROLES:
                raise CorpusError(f"{origin}: main role {main!r} is not one of {list(MAIN_ROLES)}")
            wrong = [f for f in fines if MAIN_OF.get(f) != main]
            if not fines or wrong:
                raise CorpusError(f"{origin}: fine roles {list(fines)} must be 1+ of those under {main!r}")
            found.append((start, end, main, fines))
        out.append(RoleArticle(text, found, str(row.get(keys["id"], "")), origin))
    return out


def read_entity_roles(files: Sequence[str | os.PathLike], fields: Mapping[str, str] | None = None) -> list[RoleArticle]:
    """The articles of entity-role JSON Lines files (see :func:`role_articles`)."""
    from ..corpus import json_rows

    return [a for path in files for a in role_articles(json_rows(path), fields)]


def read_manifest(manifest: "Manifest") -> list[RoleArticle]:
    """The articles a ``kind = "entity_roles"`` manifest declares (its ``data`` and ``[fields]``)."""
    return read_entity_roles(manifest.data, manifest.fields)


class Rows(NamedTuple):
    """Training rows: one per labelled mention."""

    dense: np.ndarray  # DENSE_NAMES, one row each
    terms: list[list[str]]
    y: np.ndarray  # index into MAIN_ROLES
    fine: np.ndarray  # (n, len(FINE_ROLES)) 0/1
    groups: np.ndarray  # near-duplicate group of the article
    article: np.ndarray  # index of the article


def _reader() -> Callable[[str], "Reading"]:
    from ..features import Extractor

    return Extractor([]).read


def read_rows(articles: Sequence[RoleArticle], config: Mapping[str, Any] | None = None, show_progress: bool = False,
              read: Callable[[str], "Reading"] | None = None, duplicate_threshold: float = 0.8) -> Rows:
    """The context of every labelled mention (:func:`~.roles.role_rows`), with labels and groups."""
    from ..corpus import duplicate_clusters, signature, split_groups

    read = read or _reader()
    dense, terms, y, fine, article, signatures = [], [], [], [], [], []
    for i, a in enumerate(progress(articles, len(articles), "reading mentions", show_progress)):
        reading = read(a.text)
        signatures.append(signature(reading.doc.words))
        spans = to_doc_spans(reading, [(s, e) for s, e, _, _ in a.mentions])
        rows = role_rows(reading, spans, None, config)
        dense.append(rows.dense)
        terms += rows.terms
        for _, _, main, fines in a.mentions:
            y.append(MAIN_ROLES.index(main))
            fine.append([f in fines for f in FINE_ROLES])
            article.append(i)
    clusters = duplicate_clusters(np.array(signatures).reshape(len(articles), -1), duplicate_threshold)
    groups = split_groups([""] * len(articles), clusters)
    article = np.array(article, dtype=np.int64)
    return Rows(np.vstack(dense) if dense else np.zeros((0, len(DENSE_NAMES))), terms, np.array(y, dtype=np.int64),
                np.array(fine, dtype=np.float64).reshape(len(y), len(FINE_ROLES)), groups[article], article)


# -- fitting ----------------------------------------------------------------------------


class Design:
    """The design matrix of rows over a vocabulary learnt on training rows: standardised dense columns, then 0/1 terms."""

    def __init__(self, dense: np.ndarray, terms: Sequence[Sequence[str]], min_df: int = MIN_DF):
        counts: dict[str, int] = {}
        for row in terms:
            for t in row:
                counts[t] = counts.get(t, 0) + 1
        self.vocabulary = sorted(t for t, c in counts.items() if c >= min_df)
        self.index = {t: i for i, t in enumerate(self.vocabulary)}
        self.mean, self.scale = dense.mean(axis=0), dense.std(axis=0)
        self.scale[self.scale < 1e-9] = 1.0  # constant in training (up to rounding): no weight, whatever it is later

    def transform(self, dense: np.ndarray, terms: Sequence[Sequence[str]]) -> sp.csr_matrix:
        k = dense.shape[1]
        rows, cols = [], []
        for i, row in enumerate(terms):
            found = sorted({self.index[t] for t in row if t in self.index})
            rows += [i] * len(found)
            cols += found
        bag = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(terms), len(self.vocabulary)))
        return sp.hstack([sp.csr_matrix(standardise(dense, self.mean, self.scale)), bag], format="csr") if k else bag


def _logistic(C: float, weight: str | None = None) -> LogisticRegression:
    return LogisticRegression(C=C, class_weight=weight, solver="lbfgs", max_iter=2000, tol=1e-6)


def _fit_main(X: sp.csr_matrix, y: np.ndarray, C: float, weight: str | None) -> tuple[np.ndarray, np.ndarray]:
    coef = np.zeros((len(MAIN_ROLES), X.shape[1]))
    intercept = np.full(len(MAIN_ROLES), -30.0)  # a class absent from training is never predicted
    present = np.unique(y)
    if len(present) == 1:
        intercept[present] = 0.0
        return coef, intercept
    clf = _logistic(C, weight).fit(X, y)
    if len(present) == 2:  # binary: sklearn keeps one row for the second class
        coef[present[1]], intercept[present[1]] = clf.coef_[0], clf.intercept_[0]
        intercept[present[0]] = 0.0
    else:
        coef[clf.classes_], intercept[clf.classes_] = clf.coef_, clf.intercept_
    return coef, intercept


def _fit_fine(X: sp.csr_matrix, y: np.ndarray, fine: np.ndarray, C: float) -> tuple[np.ndarray, np.ndarray]:
    """One-vs-rest per fine role, over the rows of its main role."""
    coef = np.zeros((len(FINE_ROLES), X.shape[1]))
    intercept = np.full(len(FINE_ROLES), -30.0)
    for j, role in enumerate(FINE_ROLES):
        rows = y == MAIN_ROLES.index(MAIN_OF[role])
        target = fine[rows, j]
        if not target.any():
            continue
        if target.all():
            intercept[j] = 30.0
            continue
        clf = _logistic(C).fit(X[rows], target.astype(np.int64))
        coef[j], intercept[j] = clf.coef_[0], clf.intercept_[0]
    return coef, intercept


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _shifted(shift: Sequence[float]) -> np.ndarray:
    return np.array([shift[0], 0.0, shift[1]])


def main_score(y: np.ndarray, predicted: np.ndarray) -> float:
    """What the main-role hyper-parameters are chosen for: the mean of accuracy and macro-F1."""
    return float(0.5 * (predicted == y).mean() + 0.5 * f1_score(y, predicted, labels=range(3), average="macro", zero_division=0))


def exact_match(fine: np.ndarray, predicted: Sequence[Sequence[str]]) -> float:
    """The share of mentions whose predicted fine-role set is exactly the true one (subtask 1's EMR)."""
    if not len(predicted):
        return 0.0
    truth = [{FINE_ROLES[j] for j in np.flatnonzero(row)} for row in fine]
    return float(np.mean([set(p) == t for p, t in zip(predicted, truth)]))


def _folds(y: np.ndarray, groups: np.ndarray, n_splits: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    return list(GroupKFold(min(n_splits, len(set(groups.tolist()))), shuffle=True, random_state=seed).split(y, y, groups))


def _take(rows: Rows, index: np.ndarray) -> Rows:
    return Rows(rows.dense[index], [rows.terms[i] for i in index], rows.y[index], rows.fine[index], rows.groups[index], rows.article[index])


def choose(rows: Rows, n_splits: int = 5, seed: int = 0) -> dict[str, Any]:
    """The hyper-parameters with the best grouped-CV scores on these rows.

    Main role: (C, class weight, prior shift) by :func:`main_score`; the
    shifts only move the decision, so they are tried on the same out-of-fold
    probabilities.  Fine roles: (C, second-role threshold) by the exact-match
    ratio, each mention restricted to the fine roles of its true main role
    (so the two choices do not depend on each other).
    """
    folds = _folds(rows.y, rows.groups, n_splits, seed)
    designs = []
    for train, test in folds:
        design = Design(rows.dense[train], [rows.terms[i] for i in train])
        designs.append((train, test, design.transform(rows.dense[train], [rows.terms[i] for i in train]),
                        design.transform(rows.dense[test], [rows.terms[i] for i in test])))
    best: dict[str, Any] = {}
    best_main = -1.0
    for C, weight in itertools.product(C_GRID, WEIGHT_GRID):
        log_p = np.zeros((len(rows.y), len(MAIN_ROLES)))
        for train, test, X_train, X_test in designs:
            coef, intercept = _fit_main(X_train, rows.y[train], C, weight)
            log_p[test] = np.log(_softmax(X_test @ coef.T + intercept) + 1e-12)
        for shift in SHIFT_GRID:
            score = main_score(rows.y, (log_p + _shifted(shift)).argmax(axis=1))
            if score > best_main:
                best_main, best = score, {"C": C, "class_weight": weight, "shift": list(shift)}
    best_fine = -1.0
    for C in FINE_C_GRID:
        q = np.zeros(rows.fine.shape)
        for train, test, X_train, X_test in designs:
            coef, intercept = _fit_fine(X_train, rows.y[train], rows.fine[train], C)
            q[test] = 1 / (1 + np.exp(-(X_test @ coef.T + intercept)))
        truth = np.eye(len(MAIN_ROLES))[rows.y]
        for threshold in SECOND_GRID:
            score = exact_match(rows.fine, [decide(t, r, threshold)[1] for t, r in zip(truth, q)])
            if score > best_fine:
                best_fine, best["fine_C"], best["second_threshold"] = score, C, threshold
    return best


def fit_role_model(rows: Rows, seed: int = 0, config: Mapping[str, Any] | None = None,
                   hyperparameters: Mapping[str, Any] | None = None) -> EntityRoleModel:
    """A role model fitted on all rows, its hyper-parameters chosen by grouped CV on them (:func:`choose`).

    ``hyperparameters``: use these instead of choosing.  Deterministic: the same rows and seed give the same arrays.
    """
    chosen = dict(hyperparameters) if hyperparameters is not None else choose(rows, seed=seed)
    design = Design(rows.dense, rows.terms)
    X = design.transform(rows.dense, rows.terms)
    main_coef, main_intercept = _fit_main(X, rows.y, chosen["C"], chosen["class_weight"])
    main_intercept = main_intercept + _shifted(chosen["shift"])
    fine_coef, fine_intercept = _fit_fine(X, rows.y, rows.fine, chosen["fine_C"])
    return EntityRoleModel(design.vocabulary, design.mean, design.scale, main_coef, main_intercept, fine_coef, fine_intercept,
                           chosen["second_threshold"], {**DEFAULT_CONFIG, **(config or {})}, {"hyperparameters": chosen})


def _predict_rows(model: EntityRoleModel, rows: Rows) -> tuple[np.ndarray, list[list[str]]]:
    main, fine = model.predict_proba(RoleRows(rows.dense, rows.terms, [], [], []))
    decided = [model.decide(p, q) for p, q in zip(main, fine)]
    return np.array([MAIN_ROLES.index(m) for m, _ in decided], dtype=np.int64), [f for _, f in decided]


class Evaluation(NamedTuple):
    """Held-out results pooled over folds (SemEval-2025 Task 10 subtask 1 figures), beside the trivial baselines."""

    accuracy: float
    macro_f1: float
    f1: dict[str, float]
    exact_match: float
    fine_micro_f1: float
    confusion: list[list[int]]  # rows: true Protagonist / Antagonist / Innocent; columns: predicted
    baseline_accuracy: float  # "Antagonist" for every mention
    baseline_macro_f1: float
    baseline_exact_match: float  # the most frequent fine-role set for every mention
    chosen: list[dict]
    n_rows: int
    n_articles: int
    n_groups: int


def _fine_micro_f1(fine: np.ndarray, predicted: Sequence[Sequence[str]]) -> float:
    guess = np.array([[f in p for f in FINE_ROLES] for p in predicted], dtype=bool).reshape(fine.shape)
    truth = fine.astype(bool)
    tp = float((guess & truth).sum())
    return 2 * tp / max(float(guess.sum() + truth.sum()), 1.0)


def cross_validate(rows: Rows, n_splits: int = 5, seed: int = 0, config: Mapping[str, Any] | None = None,
                   fit: Callable[..., EntityRoleModel] = fit_role_model) -> Evaluation:
    """Held-out figures of ``fit`` by GroupKFold over the groups: every prediction is of a group unseen in fitting and tuning."""
    predicted = np.zeros_like(rows.y)
    fines: list[list[str]] = [[] for _ in rows.y]
    chosen = []
    for train, test in _folds(rows.y, rows.groups, n_splits, seed):
        model = fit(_take(rows, train), seed=seed, config=config)
        main, fine = _predict_rows(model, _take(rows, test))
        predicted[test] = main
        for i, f in zip(test, fine):
            fines[i] = f
        chosen.append(model.info["hyperparameters"])
    labels = range(len(MAIN_ROLES))
    baseline = np.full_like(rows.y, MAIN_ROLES.index("Antagonist"))
    sets = [tuple(FINE_ROLES[j] for j in np.flatnonzero(r)) for r in rows.fine]
    common = max(set(sets), key=lambda s: (sets.count(s), s)) if sets else ()
    per = f1_score(rows.y, predicted, labels=labels, average=None, zero_division=0)
    return Evaluation(
        float((predicted == rows.y).mean()), float(per.mean()), dict(zip(MAIN_ROLES, per.round(4).tolist())),
        exact_match(rows.fine, fines), _fine_micro_f1(rows.fine, fines),
        np.bincount(rows.y * 3 + predicted, minlength=9).reshape(3, 3).tolist(),
        float((baseline == rows.y).mean()), float(f1_score(rows.y, baseline, labels=labels, average="macro", zero_division=0)),
        exact_match(rows.fine, [common] * len(sets)), chosen,
        len(rows.y), len(set(rows.article.tolist())), len(set(rows.groups.tolist())),
    )


def _config(manifest: "Manifest") -> tuple[int, dict[str, Any]]:
    from ..corpus import CorpusError

    unknown = sorted(set(manifest.model) - _SETTINGS)
    if unknown:
        raise CorpusError(f"{manifest.path}: [model] of an entity-role model: unknown settings {unknown} (known: {sorted(_SETTINGS)})")
    config = {k: type(DEFAULT_CONFIG[k])(manifest.model[k]) for k in DEFAULT_CONFIG if k in manifest.model}
    return int(manifest.model.get("seed", 0)), {**DEFAULT_CONFIG, **config}


def train_component(manifest: "Manifest", data: list[RoleArticle], log: Callable[[str], None] = print,
                    show_progress: bool = True) -> Component:
    """Fit the role model on every mention, with its figures on groups held out, for a bundle.

    ``manifest.model`` may set ``seed`` (the grouped splits' shuffle) and the
    context settings of :data:`~.roles.DEFAULT_CONFIG`.
    """
    from ..corpus import CorpusError

    seed, config = _config(manifest)
    rows = read_rows(data, config, show_progress, duplicate_threshold=manifest.duplicate_threshold)
    if len(set(rows.groups.tolist())) < 2 or len(set(rows.y.tolist())) < 2:
        raise CorpusError(f"{manifest.path}: an entity-role model needs mentions of two main roles at least, in two groups at least")
    held_out = cross_validate(rows, seed=seed, config=config)
    model = fit_role_model(rows, seed=seed, config=config)
    log(f"{manifest.head}: groups held out, main-role accuracy {held_out.accuracy:.3f} macro-F1 {held_out.macro_f1:.3f} "
        f"(all Antagonist: {held_out.baseline_accuracy:.3f} / {held_out.baseline_macro_f1:.3f}), "
        f"fine-role exact match {held_out.exact_match:.3f}")
    counts = dict(zip(MAIN_ROLES, np.bincount(rows.y, minlength=len(MAIN_ROLES)).tolist()))
    fine_counts = dict(zip(FINE_ROLES, rows.fine.sum(axis=0).astype(int).tolist()))
    metrics = {"groups_held_out": {**held_out._asdict(),
                                   "split": "GroupKFold(5) over near-duplicate groups of articles (all mentions of an article together), "
                                            "hyper-parameters by a nested GroupKFold(5)"}}
    vocabulary = f"vocabulary-{manifest.head}.json"
    spec = {
        "kind": "entity_roles", "description": manifest.description, "labels": list(MAIN_ROLES), "fine_roles": list(FINE_ROLES),
        "feature_names": list(DENSE_NAMES), "vocabulary": vocabulary, "config": config,
        "hyperparameters": model.info["hyperparameters"], "metrics": metrics, "training_files": manifest.file_hashes(),
        "rows": counts, "fine_rows": fine_counts, "articles": held_out.n_articles, "groups": held_out.n_groups,
    }
    card = {
        "predicts": manifest.description or "the role an article casts each entity in", "labels": list(MAIN_ROLES),
        "fine_roles": list(FINE_ROLES),
        "training_data": manifest.training_data(rows=counts, articles=held_out.n_articles, groups=held_out.n_groups),
        "measured": metrics, "limits": list(manifest.limits),
    }
    arrays = model.to_arrays()
    arrays = {k: (v.astype(np.float32) if k.endswith("_coef") else v) for k, v in arrays.items()}
    return Component(manifest.head, "entity_roles", spec, arrays, {vocabulary: model.vocabulary}, card)
