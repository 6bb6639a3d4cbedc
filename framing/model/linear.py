"""The link functions of every linear model of the package (numpy only)."""

from __future__ import annotations

import numpy as np


def softmax(z: np.ndarray) -> np.ndarray:
    """Probabilities over the last axis of decision values ``z`` (shifted by the maximum, so no overflow)."""
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def sigmoid(z: np.ndarray) -> np.ndarray:
    """``1 / (1 + exp(-z))``, elementwise."""
    return 1.0 / (1.0 + np.exp(-z))
