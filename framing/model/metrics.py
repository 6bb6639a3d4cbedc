"""Scores of predictions against labels, as JSON-ready dicts."""

from __future__ import annotations

from typing import Any

import numpy as np


def _f1(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> np.ndarray:
    return np.where(2 * tp + fp + fn > 0, 2 * tp / np.maximum(2 * tp + fp + fn, 1), 0.0)


def single_label_scores(y: np.ndarray, pred: np.ndarray, labels: list[str]) -> dict[str, Any]:
    """Accuracy, macro-F1, F1 per label and the confusion matrix (rows: true, columns: predicted)."""
    k = len(labels)
    confusion = np.bincount(y * k + pred, minlength=k * k).reshape(k, k)
    tp = np.diag(confusion).astype(float)
    f1 = _f1(tp, confusion.sum(axis=0) - tp, confusion.sum(axis=1) - tp)
    return {
        "n": int(len(y)), "accuracy": round(float(tp.sum() / max(len(y), 1)), 4), "macro_f1": round(float(f1.mean()), 4),
        "f1": {label: round(float(v), 4) for label, v in zip(labels, f1)},
        "confusion": {"labels": labels, "matrix": confusion.tolist()},
    }


def multilabel_scores(y: np.ndarray, pred: np.ndarray, labels: list[str]) -> dict[str, Any]:
    """Micro-F1, macro-F1, exact-match ratio and F1 per label of 0/1 matrices."""
    tp = (pred & y).sum(axis=0).astype(float)
    fp = (pred & (1 - y)).sum(axis=0).astype(float)
    fn = ((1 - pred) & y).sum(axis=0).astype(float)
    f1 = _f1(tp, fp, fn)
    return {
        "n": int(len(y)), "micro_f1": round(float(_f1(tp.sum(), fp.sum(), fn.sum())), 4),
        "macro_f1": round(float(f1.mean()), 4), "exact_match": round(float((pred == y).all(axis=1).mean()), 4),
        "f1": {label: round(float(v), 4) for label, v in zip(labels, f1)},
    }
