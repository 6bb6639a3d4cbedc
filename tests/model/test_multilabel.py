"""Multi-label decisions: the ``min_labels`` floor of :func:`chosen_labels` and its setting."""

from __future__ import annotations

import numpy as np
import pytest

from framing.model import HeadConfig
from framing.model.multilabel import chosen_labels


def test_floor_adds_the_most_likely_labels_below_threshold():
    p = np.array([[0.9, 0.2, 0.3], [0.1, 0.2, 0.15]])
    t = np.full(3, 0.5)
    assert chosen_labels(p, t).tolist() == [[True, False, False], [False, False, False]]
    assert chosen_labels(p, t, 1).tolist() == [[True, False, False], [False, True, False]]
    assert chosen_labels(p, t, 2).tolist() == [[True, False, True], [False, True, True]]
    assert chosen_labels(p[1], t, 9).all()  # one article, floor above the number of labels
    # ranked by distance to each label's own threshold, not by probability
    assert chosen_labels(np.array([0.4, 0.3]), np.array([0.8, 0.35]), 1).tolist() == [False, True]


def test_setting_is_checked():
    assert HeadConfig.from_dict({"min_labels": 2}).min_labels == 2
    assert HeadConfig().min_labels == 0
    for bad in (-1, 1.5, True):
        with pytest.raises(ValueError, match="min_labels"):
            HeadConfig.from_dict({"min_labels": bad})
