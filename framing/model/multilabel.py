"""The decision rule of multi-label heads, shared by training and prediction (numpy only)."""

from __future__ import annotations

import numpy as np


def chosen_labels(p: np.ndarray, thresholds: np.ndarray, min_labels: int = 0) -> np.ndarray:
    """Which labels are on: those at or over their thresholds, and at least the ``min_labels`` best.

    The floor exists because annotated articles always carry some labels
    (SemEval frames: 1 to 8, 98 % at least 2): an article with none above
    threshold still gets its most likely ones instead of an empty answer.

    Parameters
    ----------
    p : array, shape (n_labels,) or (n_articles, n_labels)
        Probabilities.
    thresholds : array, shape (n_labels,)
    min_labels : int
        Labels always on per article, ranked by ``p - thresholds`` (ties by label order).

    Returns
    -------
    array of bool, the shape of ``p``
    """
    on = p >= thresholds
    k = min(min_labels, p.shape[-1])
    if k > 0:
        margin = p - thresholds
        best = np.argsort(-margin, axis=-1, kind="stable")[..., :k]
        np.put_along_axis(on, best, True, axis=-1)
    return on
