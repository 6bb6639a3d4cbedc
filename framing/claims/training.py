"""Training and honest evaluation of the stance model on FNC-1."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, NamedTuple

import numpy as np
from sklearn.metrics import f1_score

from ..model.bundle import sha256_file
from .analysis import Analysis, analyse
from .fnc1 import FNC1, LABELS, fnc_score, load_fnc1
from .model import StanceModel


def analyse_fnc1(data: FNC1) -> tuple[list[Analysis], list[Analysis]]:
    """Analyses of the claims and of the bodies (each text once)."""
    return [analyse(c, claim=True) for c in data.claims], [analyse(b) for b in data.bodies]


def fit_pairs(model: StanceModel, claims: list[Analysis], bodies: list[Analysis], data: FNC1, rows: np.ndarray) -> StanceModel:
    """Fit ``model`` on the pairs ``rows`` of ``data``, its term weights on those pairs' texts only."""
    pairs = data.pairs[rows]
    model.features.fit([claims[i] for i in np.unique(pairs[:, 0])] + [bodies[i] for i in np.unique(pairs[:, 1])])
    dense, bag = model.features.transform(claims, bodies, pairs)
    return model.fit_features(dense, bag, data.labels[rows])


def train_fnc1(folder: str | os.PathLike, save_to: str | os.PathLike | None = None, card: dict | None = None,
               **params: float) -> StanceModel:
    """Train the stance model on all FNC-1 training pairs in ``folder``.

    Parameters
    ----------
    folder : path
        Holds ``train_stances.jsonl`` and ``train_bodies.jsonl``.
    save_to : path, optional
        Bundle folder to write (e.g. :data:`~framing.claims.model.DEFAULT_PATH`).
    card : dict, optional
        More for the model card (held-out scores); the training files' SHA-256
        and class counts are added.
    **params
        Passed to :class:`StanceModel`.
    """
    data = load_fnc1(folder)
    claims, bodies = analyse_fnc1(data)
    model = fit_pairs(StanceModel(**params), claims, bodies, data, np.arange(len(data.labels)))
    if save_to is not None:
        counts = np.bincount(data.labels, minlength=len(LABELS))
        card = {
            **(card or {}),
            "training_files": {name: sha256_file(Path(folder) / name) for name in ("train_stances.jsonl", "train_bodies.jsonl")},
            "pairs": dict(zip(LABELS, counts.tolist())),
            "bodies": len(data.bodies),
            "claims": len(data.claims),
            "params": {"C_related": model.C_related, "C_class": model.C_class, "n_bins": model.n_bins,
                       "near_weight": model.near_weight, "text_weight": model.text_weight, "balance": model.balance},
        }
        model.save(save_to, card=card)
    return model


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
