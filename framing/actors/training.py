"""Training and honest evaluation of the actor-stance model on articles labelled per entity (BASIL).

An entity-stance corpus is JSON Lines, one article a line: its text, a
mapping entity → stance (``neg`` / ``neu`` / ``pos``, a ``str-`` prefix for
strong stances is folded in; ``main_event`` is not an actor and is skipped)
and a group that keeps related articles on one side of every split (BASIL:
the event, ``triplet``, reported by three outlets).  Each entity an article
mentions is one training row: the features :class:`~.profile.ActorAnalyzer`
computes for it when a caller names it (:func:`entity_aliases`).

Hyper-parameters (regularisation, class weights and a prior shift of the
non-neutral classes) are chosen by grouped cross-validation inside the rows a
model is fitted on, so :func:`cross_validate` measures the whole procedure on
groups it never saw.
"""

from __future__ import annotations

import itertools
import os
import re
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, NamedTuple, Sequence

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

from ..model.schema import Component
from ..progress import progress
from .profile import ActorAnalyzer
from .stance import FEATURE_NAMES, STANCE_LABELS, ActorStanceModel

if TYPE_CHECKING:
    from ..corpus import Manifest

#: Where an entity-stance article's parts are read from in a JSON object, by default (BASIL's names).
ENTITY_FIELDS: Mapping[str, str] = {"text": "text", "labels": "author_feeling", "group": "triplet", "id": "id"}
#: Labels that are not actors.
NOT_ACTORS = frozenset({"main_event"})
#: Candidate hyper-parameters: inverse regularisation, class weights, and log-prior shifts added to neg and pos.
C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0)
WEIGHT_GRID = ("balanced", None)
SHIFT_GRID = tuple(itertools.product((-1.0, -0.5, 0.0, 0.5, 1.0), (-1.0, -0.5, 0.0, 0.5, 1.0, 1.5)))
_PARTIES = {("republican", "gop"): ("Republicans", "Republican", "GOP"), ("democrat",): ("Democrats", "Democrat", "Democratic")}


class EntityArticle(NamedTuple):
    """An article with the stance it takes toward each of its entities.

    Attributes
    ----------
    text : str
    stances : dict
        Entity name (``_`` for spaces allowed) → one of :data:`~.stance.STANCE_LABELS`.
    group : str
        Articles of one group are never split between training and evaluation.
    origin : str
        ``file:line``, for messages.
    """

    text: str
    stances: dict[str, str]
    group: str = ""
    origin: str = ""


def entity_articles(rows: Iterable[tuple[str, dict]], fields: Mapping[str, str] | None = None) -> list[EntityArticle]:
    """``(origin, JSON object)`` pairs as :class:`EntityArticle` (fields as in :data:`ENTITY_FIELDS`).

    Raises
    ------
    CorpusError
        A row without text, or with a stance that is not neg / neu / pos
        (optionally ``str-`` prefixed); the message names the row.
    """
    from ..corpus import CorpusError

    keys = {**ENTITY_FIELDS, **(fields or {})}
    out = []
    for origin, row in rows:
        text, labels = row.get(keys["text"]), row.get(keys["labels"])
        if not isinstance(text, str):
            raise CorpusError(f"{origin}: no text (field {keys['text']!r})")
        if not isinstance(labels, dict):
            raise CorpusError(f"{origin}: field {keys['labels']!r} must map entities to stances")
        stances = {}
        for entity, label in labels.items():
            if entity in NOT_ACTORS:
                continue
            stance = str(label).removeprefix("str-")
            if stance not in STANCE_LABELS:
                raise CorpusError(f"{origin}: stance {label!r} of {entity!r} is not one of {list(STANCE_LABELS)}")
            stances[entity] = stance
        out.append(EntityArticle(text, stances, str(row.get(keys["group"], "")), origin))
    return out


def read_entity_stances(files: Sequence[str | os.PathLike], fields: Mapping[str, str] | None = None) -> list[EntityArticle]:
    """The articles of entity-stance JSON Lines files (see :func:`entity_articles`)."""
    from ..corpus import json_rows

    return [a for path in files for a in entity_articles(json_rows(path), fields)]


def read_manifest(manifest: "Manifest") -> list[EntityArticle]:
    """The articles a ``kind = "actor_stance"`` manifest declares (its ``data`` and ``[fields]``)."""
    return read_entity_stances(manifest.data, manifest.fields)


def entity_aliases(entity: str) -> tuple[str, list[str]]:
    """The display name of a labelled entity and the aliases a caller would give for it.

    "Barack_Obama" → surname "Obama"; "Sasha_and_Malia_Obama" → each person;
    "Law_enforcement/Federal_authorities" → each part; "Obama's_administration"
    → "Obama administration"; a plural common noun → its singular and the
    ``-er`` spelling ("protestors" → "protesters"); a party → its members and
    adjective ("Democrats", "Democratic").
    """
    name = entity.replace("_", " ")
    words = name.split()
    out: list[str] = []
    parts = [p.strip() for p in re.split(r"/| and ", name) if p.strip()]
    party = [extra for keys, extra in _PARTIES.items() if any(k in name.lower() for k in keys)]
    if len(parts) > 1:
        last = parts[-1].split()
        out += [p if len(p.split()) > 1 or len(last) < 2 else f"{p} {last[-1]}" for p in parts]
    elif "'s " in name:
        out.append(name.replace("'s ", " "))
    elif 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and not party:
        out.append(words[-1])  # a person's surname
    elif len(words) == 1 and name.islower():
        singular = name.removesuffix("s")
        er = singular.replace("or", "er")
        out += [singular, *((er, er + "s") if er != singular else ())]
    out += [a for extra in party for a in extra]
    return name, list(dict.fromkeys(a for a in out if a != name))


class StanceRows(NamedTuple):
    """Training rows: one per (article, entity the article mentions)."""

    X: np.ndarray  # features (FEATURE_NAMES), one row each
    y: np.ndarray  # index into STANCE_LABELS
    groups: np.ndarray
    missing: int  # labelled entities their article never names (left out)


def stance_rows(articles: Sequence[EntityArticle], analyzer: ActorAnalyzer, show_progress: bool = False) -> StanceRows:
    """Stance features of every labelled entity its article mentions, as a caller naming it would get them."""

    X, y, groups, missing = [], [], [], 0
    for article in progress(articles, len(articles), "reading actors", show_progress):
        given = dict(entity_aliases(e) for e in article.stances)
        profiles, features = analyzer.read(article.text, given)
        found = {p.name: x for p, x in zip(profiles, features) if p.mentions}
        for entity, stance in article.stances.items():
            x = found.get(entity_aliases(entity)[0])
            if x is None:
                missing += 1
                continue
            X.append(x)
            y.append(STANCE_LABELS.index(stance))
            groups.append(article.group)
    return StanceRows(np.array(X).reshape(len(y), len(FEATURE_NAMES)), np.array(y, dtype=np.int64), np.array(groups), missing)


def _folds(y: np.ndarray, groups: np.ndarray, n_splits: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    return list(GroupKFold(min(n_splits, len(set(groups))), shuffle=True, random_state=seed).split(y, y, groups))


def _fit(X: np.ndarray, y: np.ndarray, C: float, weight: str | None, shift: tuple[float, float] = (0.0, 0.0)) -> ActorStanceModel:
    """A model fitted with these hyper-parameters; the shift is added to the neg and pos intercepts."""
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale == 0] = 1.0
    # newton-cholesky: exact on a few dozen features, and fast where BLAS threads compete (lbfgs is not)
    clf = LogisticRegression(C=C, class_weight=weight, solver="newton-cholesky", max_iter=200).fit((X - mean) / scale, y)
    coef = np.zeros((len(STANCE_LABELS), X.shape[1]))
    intercept = np.full(len(STANCE_LABELS), -30.0)  # a class absent from training is never predicted
    coef[clf.classes_], intercept[clf.classes_] = clf.coef_, clf.intercept_
    intercept[[0, 2]] += shift
    return ActorStanceModel(mean, scale, coef, intercept, {"C": C, "class_weight": weight, "shift": dict(zip(("neg", "pos"), shift))})


def _macro_f1(y: np.ndarray, predicted: np.ndarray) -> float:
    return float(f1_score(y, predicted, labels=range(len(STANCE_LABELS)), average="macro", zero_division=0))


def choose(X: np.ndarray, y: np.ndarray, groups: np.ndarray, n_splits: int = 5, seed: int = 0,
           shifts: Sequence[tuple[float, float]] = SHIFT_GRID) -> tuple[float, str | None, tuple[float, float]]:
    """The (C, class weight, shift) with the best macro-F1 over grouped folds of these rows.

    Each (C, class weight) is fitted once per fold; the shifts only move the
    decision, so they are tried on the same out-of-fold probabilities.
    """
    best, best_score = (C_GRID[0], WEIGHT_GRID[0], shifts[0]), -1.0
    folds = _folds(y, groups, n_splits, seed)
    for C, weight in itertools.product(C_GRID, WEIGHT_GRID):
        log_p = np.zeros((len(y), len(STANCE_LABELS)))
        for train, test in folds:
            log_p[test] = np.log(_fit(X[train], y[train], C, weight).predict_proba(X[test]) + 1e-12)
        for shift in shifts:
            score = _macro_f1(y, (log_p + [shift[0], 0.0, shift[1]]).argmax(axis=1))
            if score > best_score:
                best, best_score = (C, weight, shift), score
    return best


def fit_stance_model(X: np.ndarray, y: np.ndarray, groups: np.ndarray, seed: int = 0,
                     shifts: Sequence[tuple[float, float]] = SHIFT_GRID) -> ActorStanceModel:
    """A stance model fitted on all rows, its hyper-parameters chosen by grouped CV on them (:func:`choose`).

    ``shifts``: the (neg, pos) log-prior shifts tried (``[(0, 0)]``: none).
    Deterministic: the same rows and seed give the same arrays.
    """
    return _fit(X, y, *choose(X, y, groups, seed=seed, shifts=shifts))


class Evaluation(NamedTuple):
    """Held-out results pooled over folds, beside the majority-class baseline."""

    macro_f1: float
    f1: dict[str, float]
    accuracy: float
    confusion: list[list[int]]  # rows: true neg / neu / pos; columns: predicted
    majority_macro_f1: float
    majority_f1: dict[str, float]
    majority_accuracy: float
    chosen: list[dict]  # each fold's hyper-parameters
    n_rows: int
    n_groups: int


def cross_validate(X: np.ndarray, y: np.ndarray, groups: np.ndarray, n_splits: int = 5, seed: int = 0,
                   fit: Callable[..., ActorStanceModel] = fit_stance_model) -> Evaluation:
    """Held-out figures of ``fit`` by GroupKFold over ``groups``: every prediction is of a group unseen in fitting and tuning.

    ``fit(X, y, groups, seed=seed)`` is called on each training part.
    """
    predicted = np.zeros_like(y)
    chosen = []
    for train, test in _folds(y, groups, n_splits, seed):
        model = fit(X[train], y[train], groups[train], seed=seed)
        predicted[test] = model.predict_proba(X[test]).argmax(axis=1)
        chosen.append({k: model.info[k] for k in ("C", "class_weight", "shift") if k in model.info})
    majority = np.full_like(y, np.bincount(y, minlength=len(STANCE_LABELS)).argmax())
    per = {name: f1_score(y, p, labels=range(len(STANCE_LABELS)), average=None, zero_division=0) for name, p in (("model", predicted), ("majority", majority))}
    return Evaluation(
        float(per["model"].mean()), dict(zip(STANCE_LABELS, per["model"].round(4).tolist())), float((predicted == y).mean()),
        np.bincount(y * len(STANCE_LABELS) + predicted, minlength=len(STANCE_LABELS) ** 2).reshape(3, 3).tolist(),
        float(per["majority"].mean()), dict(zip(STANCE_LABELS, per["majority"].round(4).tolist())), float((majority == y).mean()),
        chosen, len(y), len(set(groups)),
    )


def train_component(manifest: "Manifest", data: list[EntityArticle], log: Callable[[str], None] = print,
                    show_progress: bool = True) -> Component:
    """Fit the stance model on every row, with its figures on groups held out, for a bundle.

    ``manifest.model`` may set ``seed`` (the grouped splits' shuffle).
    """
    from ..corpus import CorpusError

    unknown = sorted(set(manifest.model) - {"seed"})
    if unknown:
        raise CorpusError(f"{manifest.path}: [model] of an actor-stance model: unknown settings {unknown} (known: ['seed'])")
    seed = int(manifest.model.get("seed", 0))
    rows = stance_rows(data, ActorAnalyzer(stance_model=None), show_progress)
    if len(set(rows.groups)) < 2 or len(set(rows.y.tolist())) < 2:
        raise CorpusError(f"{manifest.path}: an actor-stance model needs entities found in their articles, of two stances at least, in two groups at least")
    held_out = cross_validate(*rows[:3], seed=seed)
    model = fit_stance_model(*rows[:3], seed=seed)
    log(f"{manifest.head}: groups held out, macro-F1 {held_out.macro_f1:.3f} (majority class {held_out.majority_macro_f1:.3f})")
    counts = dict(zip(STANCE_LABELS, np.bincount(rows.y, minlength=len(STANCE_LABELS)).tolist()))
    metrics = {"groups_held_out": {**held_out._asdict(), "split": "GroupKFold(5) over groups, hyper-parameters by a nested GroupKFold(5)"}}
    spec = {
        "kind": "actor_stance", "description": manifest.description, "labels": list(STANCE_LABELS),
        "feature_names": list(FEATURE_NAMES), "hyperparameters": model.info, "metrics": metrics,
        "training_files": manifest.file_hashes(), "rows": counts, "groups": int(len(set(rows.groups))),
        "entities_not_found": rows.missing,
    }
    card = {
        "predicts": manifest.description or "the article's stance toward each actor it names", "labels": list(STANCE_LABELS),
        "training_data": manifest.training_data(rows=counts, groups=spec["groups"]),
        "measured": metrics, "limits": list(manifest.limits),
    }
    return Component(manifest.head, "actor_stance", spec, model.to_arrays(), {}, card)
