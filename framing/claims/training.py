"""Training and honest evaluation of the stance model on FNC-1."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, NamedTuple

import numpy as np
from sklearn.metrics import f1_score

from ..lexicons import LexiconSet
from ..model.schema import Component
from ..progress import progress
from .analysis import Analysis, analyse
from .fnc1 import FNC1, LABELS, fnc_score, read_pairs
from .model import StanceModel

if TYPE_CHECKING:
    from ..corpus import Manifest


def analyse_fnc1(data: FNC1, show_progress: bool = False) -> tuple[list[Analysis], list[Analysis]]:
    """Analyses of the claims and of the bodies (each text once)."""
    lexicons = LexiconSet()
    claims = [analyse(c, lexicons, claim=True) for c in progress(data.claims, len(data.claims), "reading claims", show_progress)]
    return claims, [analyse(b, lexicons) for b in progress(data.bodies, len(data.bodies), "reading texts", show_progress)]


def fit_pairs(model: StanceModel, claims: list[Analysis], bodies: list[Analysis], data: FNC1, rows: np.ndarray) -> StanceModel:
    """Fit ``model`` on the pairs ``rows`` of ``data``, its term weights on those pairs' texts only."""
    pairs = data.pairs[rows]
    model.features.fit([claims[i] for i in np.unique(pairs[:, 0])] + [bodies[i] for i in np.unique(pairs[:, 1])])
    dense, bag = model.features.transform(claims, bodies, pairs)
    return model.fit_features(dense, bag, data.labels[rows])


def read_manifest(manifest: "Manifest") -> FNC1:
    """The claim–text pairs a ``kind = "claim_stance"`` manifest declares (its ``data``, ``bodies`` and ``[fields]``)."""
    return read_pairs(manifest.data, manifest.bodies, manifest.fields)


def train_component(manifest: "Manifest", data: FNC1, log: Callable[[str], None] = print, show_progress: bool = True) -> Component:
    """Fit the stance model on every pair, with its score on bodies held out, for a bundle.

    The held-out figure comes from GroupKFold(5) over bodies (no body on both
    sides), each fold's term weights fitted on its own training pairs.
    ``manifest.model`` holds :class:`StanceModel` settings.
    """
    from sklearn.model_selection import GroupKFold

    from ..corpus import CorpusError

    try:
        StanceModel(**manifest.model)
    except TypeError as err:
        raise CorpusError(f"{manifest.path}: [model] of a claim-stance model: {err}") from None
    analyses = analyse_fnc1(data, show_progress)
    folds = list(GroupKFold(5).split(data.pairs, data.labels, data.pairs[:, 1]))
    held_out = cross_validate(data, folds, lambda: StanceModel(**manifest.model), analyses)
    model = fit_pairs(StanceModel(**manifest.model), *analyses, data, np.arange(len(data.labels)))
    log(f"{manifest.head}: bodies held out, FNC-1 score {held_out.score:.1%} of the maximum, macro-F1 {held_out.macro_f1:.3f}")
    metrics = {"bodies_held_out": {**held_out._asdict(), "split": "GroupKFold(5) over bodies"}}
    arrays = model.to_arrays()
    vocabulary = f"vocabulary-{manifest.head}.json"
    spec = {
        "kind": "claim_stance", "description": manifest.description, "labels": list(LABELS),
        "feature_names": model.features.get_feature_names_out().tolist(), "vocabulary": vocabulary,
        "metrics": metrics, "training_files": manifest.file_hashes(),
        "pairs": dict(zip(LABELS, np.bincount(data.labels, minlength=len(LABELS)).tolist())),
        "n_texts": len(data.bodies), "n_claims": len(data.claims),
    }
    card = {
        "predicts": manifest.description or "the stance of a text toward a claim", "labels": list(LABELS),
        "training_data": manifest.training_data(pairs=len(data.labels), texts=len(data.bodies), claims=len(data.claims)),
        "measured": metrics, "limits": list(manifest.limits),
    }
    return Component(manifest.head, "claim_stance", spec, arrays, {vocabulary: arrays.pop("features.terms").tolist()}, card)


class Evaluation(NamedTuple):
    """Held-out results pooled over folds."""

    score: float  # FNC-1 weighted score / its maximum
    f1: dict[str, float]  # per class
    macro_f1: float
    n_pairs: int


def cross_validate(data: FNC1, folds: list[tuple[np.ndarray, np.ndarray]], make_model: Callable[[], StanceModel],
                   analyses: tuple[list[Analysis], list[Analysis]] | None = None) -> Evaluation:
    """Fit a fresh model on each fold's training pairs and score the pooled held-out predictions."""
    claims, bodies = analyses or analyse_fnc1(data)
    truth, predicted = [], []
    for train, test in folds:
        model = fit_pairs(make_model(), claims, bodies, data, train)
        dense, bag = model.features.transform(claims, bodies, data.pairs[test])
        predicted.append(model.predict_proba_features(dense, bag).argmax(axis=1))
        truth.append(data.labels[test])
    y, p = np.concatenate(truth), np.concatenate(predicted)
    f1 = f1_score(y, p, labels=range(len(LABELS)), average=None, zero_division=0)
    return Evaluation(fnc_score(y, p), dict(zip(LABELS, f1.tolist())), float(f1.mean()), len(y))
