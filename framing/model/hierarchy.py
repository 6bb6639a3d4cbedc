"""Two multi-label heads that decide together: labels and their sub-labels (numpy only).

A taxonomy such as SemEval-2025's narratives writes each sub-label after its parent,
``"URW: Praise of Russia: Praise of Russian military might"`` under
``"URW: Praise of Russia"``, and has one label, ``"Other"``, for "none of these".
Deciding the two heads apart gives answers no annotator would write (a subnarrative
without its narrative, "Other" beside a narrative).  :meth:`Hierarchy.decide` decides
them together; training chooses its thresholds (:func:`joint_thresholds`) with the same rule.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

SEPARATOR = ": "


class Hierarchy:
    """The parent of each sub-label, and the rule that decides a parent head and its sub-label head.

    Parameters
    ----------
    parents, children : sequence of str
        The labels of the parent head and of the sub-label head (may be empty: a head
        alone, whose ``none`` label is then given alone).
    none : str
        The label meaning "none of the others" (in either head).

    Notes
    -----
    The rule, for each article, with each head's thresholds:

    1. if ``none``'s probability reaches its threshold, the answer is ``none`` in both heads;
    2. else the parents at or over their thresholds, at least the one with the widest
       margin (``p - threshold``): the article was found to carry some narrative;
    3. for each parent, its sub-labels at or over their thresholds, at least its most
       likely one by margin; a sub-label whose parent is off is off.
    """

    def __init__(self, parents: Sequence[str], children: Sequence[str] = (), none: str = "Other"):
        self.parents, self.children, self.none = list(parents), list(children), none
        by_length = sorted(self.parents, key=len, reverse=True)
        # the longest parent that prefixes the child: parent names hold ": " themselves ("URW: …")
        self.parent_of = {c: next((p for p in by_length if c.startswith(p + SEPARATOR)), None) for c in self.children}
        self._parent_index = np.array([self.parents.index(p) if p else -1 for p in self.parent_of.values()], dtype=np.int64)
        self._none_parent = self.parents.index(none) if none in self.parents else -1
        self._none_child = self.children.index(none) if none in self.children else -1
        self._own = [np.flatnonzero(self._parent_index == j) for j in range(len(self.parents))]

    def unknown_children(self) -> list[str]:
        """Sub-labels with no parent among the parent labels (``none`` aside): never predicted."""
        return [c for c, p in self.parent_of.items() if p is None and c != self.none]

    def decide(self, parent_p: np.ndarray, parent_thresholds: np.ndarray, child_p: np.ndarray | None = None,
               child_thresholds: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Which labels of both heads are on, for one article (1-d probabilities) or many (rows).

        Returns
        -------
        parent_on, child_on : arrays of bool, the shapes of ``parent_p`` and ``child_p``
        """
        one = np.ndim(parent_p) == 1
        pp = np.atleast_2d(np.asarray(parent_p, dtype=np.float64))
        pc = np.zeros((len(pp), 0)) if child_p is None else np.atleast_2d(np.asarray(child_p, dtype=np.float64))
        tc = np.zeros(0) if child_thresholds is None else np.asarray(child_thresholds, dtype=np.float64)
        rows = np.arange(len(pp))
        margin = pp - np.asarray(parent_thresholds, dtype=np.float64)
        is_none = margin[:, self._none_parent] >= 0 if self._none_parent >= 0 else np.zeros(len(pp), bool)
        if self._none_parent >= 0:
            margin[:, self._none_parent] = -np.inf
        parent_on = margin >= 0
        if margin.shape[1] > (self._none_parent >= 0):
            parent_on[rows, np.argmax(margin, axis=1)] = True
        parent_on[is_none] = False
        if self._none_parent >= 0:
            parent_on[is_none, self._none_parent] = True

        child_margin = pc - tc
        child_on = (child_margin >= 0) & (self._parent_index >= 0)
        child_on &= parent_on[:, np.maximum(self._parent_index, 0)]
        for j in np.flatnonzero(parent_on.any(axis=0)):  # one article turns on a few parents: visit only those
            own = self._own[j]
            if not len(own):
                continue
            bare = parent_on[:, j] & ~child_on[:, own].any(axis=1)
            child_on[bare, own[np.argmax(child_margin[bare][:, own], axis=1)]] = True
        if self._none_child >= 0:
            child_on[is_none | ~parent_on.any(axis=1), self._none_child] = True
        return (parent_on[0], child_on[0]) if one else (parent_on, child_on)

    def labels(self, parent_on: np.ndarray, child_on: np.ndarray) -> tuple[list[str], list[str]]:
        """The labels of one article's decisions, in label order."""
        return [self.parents[j] for j in np.flatnonzero(parent_on)], [self.children[j] for j in np.flatnonzero(child_on)]


def samples_f1(y: np.ndarray, pred: np.ndarray, missed: Sequence[int] | None = None) -> float:
    """Mean over articles of the F1 of the predicted label set against the true one
    (scikit-learn's ``average="samples"``; an article with neither scores 0).

    ``missed``: per article, true labels outside the columns (labels a head does not learn),
    counted as not found.
    """
    y, pred = np.asarray(y, dtype=bool), np.asarray(pred, dtype=bool)
    tp = (y & pred).sum(axis=1)
    denominator = y.sum(axis=1) + pred.sum(axis=1) + (0 if missed is None else np.asarray(missed))
    return float(np.mean(np.where(denominator > 0, 2 * tp / np.maximum(denominator, 1), 0.0))) if len(y) else 0.0


def joint_thresholds(hierarchy: Hierarchy, y_parent: np.ndarray, p_parent: np.ndarray, y_child: np.ndarray | None,
                     p_child: np.ndarray | None, grid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Thresholds of both heads with the best samples-F1 (parents + sub-labels) under :meth:`Hierarchy.decide`.

    Three numbers are searched over ``grid``: the ``none`` label's threshold, one for
    every other parent and one for every sub-label (per-label thresholds would be
    chosen from a handful of articles each).  Ties: the lowest thresholds.
    """
    n_parents, n_children = y_parent.shape[1], 0 if y_child is None else y_child.shape[1]
    best, best_score = (grid[0], grid[0], grid[0]), -1.0
    for t_none in grid:
        for t_parent in grid:
            tp = np.full(n_parents, t_parent)
            if hierarchy._none_parent >= 0:
                tp[hierarchy._none_parent] = t_none
            for t_child in grid if n_children else grid[:1]:
                on_p, on_c = hierarchy.decide(p_parent, tp, p_child, np.full(n_children, t_child))
                score = samples_f1(y_parent, on_p) + (samples_f1(y_child, on_c) if n_children else 0.0)
                if score > best_score + 1e-12:
                    best, best_score = (t_none, t_parent, t_child), score
            if hierarchy._none_parent < 0:
                break
    t_none, t_parent, t_child = best
    tp = np.full(n_parents, t_parent)
    if hierarchy._none_parent >= 0:
        tp[hierarchy._none_parent] = t_none
    return tp, np.full(n_children, t_child)
