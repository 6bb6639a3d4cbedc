"""Hyper-parameters of a head, read from the ``[model]`` table of its manifest."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields
from fnmatch import fnmatchcase
from typing import Any, Callable, Mapping, Sequence

MAX_NGRAM = 10  # longest word or character n-gram a head may use (bundles are refused past it too)


@dataclass(frozen=True)
class HeadConfig:
    """How a head is trained.  Every field can be set in the manifest's ``[model]`` table.

    Attributes
    ----------
    use_features, use_ngrams : bool
        Use the scaled feature-layer values / the n-gram TF-IDF (ablation: turn one off).
    word_ngrams : (int, int)
        Word n-gram lengths, inclusive.
    char_ngrams : (int, int) or None
        Character n-gram lengths inside words (padded with a space), or None for none.
    min_df, max_df : int, float
        Fewest articles a term must occur in; largest share of articles it may occur in.
    max_features : int
        Most frequent terms kept (by document frequency).
    sublinear_tf : bool
        Use ``1 + log(count)`` instead of the count.
    features_include, features_exclude : list of str
        Shell patterns over feature names (``"hedge.*"``); empty include keeps all.
    feature_weight : float
        Factor on the standardised feature values, i.e. their strength
        against the n-grams under one regularisation.
    clip : float
        Standardised feature values are clipped to ``[-clip, clip]``.
    C : list of float
        Inverse regularisation strengths tried; the best on grouped CV is kept.
    class_weight : "balanced" or None
    cv_folds : int
        Folds of the grouped (and of the random) cross-validation.
    max_iter : int
    seed : int
        Seeds the random-split CV (the grouped CV needs none).
    n_jobs : int
        Cross-validation folds fitted at once (threads); results do not depend on it.
    thresholds : {"per_label", "global"}
        Multi-label heads: one threshold per label (best F1 each) or one for
        all labels (best micro-F1), chosen on out-of-fold probabilities.
    min_labels : int
        Multi-label heads: every article gets at least this many labels (its
        most likely ones) even below threshold; 0 = thresholds alone.
        Global thresholds are chosen with the floor applied.
    """

    use_features: bool = True
    use_ngrams: bool = True
    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] | None = None
    min_df: int = 2
    max_df: float = 0.9
    max_features: int = 50_000
    sublinear_tf: bool = True
    features_include: tuple[str, ...] = ()
    features_exclude: tuple[str, ...] = ()
    feature_weight: float = 1.0
    clip: float = 5.0
    C: tuple[float, ...] = (1.0,)
    class_weight: str | None = "balanced"
    cv_folds: int = 5
    max_iter: int = 2000
    seed: int = 0
    n_jobs: int = 2
    thresholds: str = "per_label"
    min_labels: int = 0

    @classmethod
    def from_dict(cls, spec: Mapping[str, Any], where: str = "[model]") -> "HeadConfig":
        """Build from a manifest's ``[model]`` table; unknown keys are an error (typos)."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(spec) - known)
        if unknown:
            raise ValueError(f"{where}: unknown model settings {unknown}; known: {sorted(known)}")
        _check_settings(spec, where)
        values = dict(spec)
        for key in ("word_ngrams", "char_ngrams", "features_include", "features_exclude"):
            if values.get(key) is not None:
                values[key] = tuple(values[key])
        if "C" in values:
            values["C"] = tuple(float(c) for c in (values["C"] if isinstance(values["C"], (list, tuple)) else [values["C"]]))
        if values.get("class_weight") in ("none", ""):
            values["class_weight"] = None
        config = cls(**values)
        if not (config.use_features or config.use_ngrams):
            raise ValueError(f"{where}: use_features and use_ngrams are both off: nothing to learn from")
        if config.thresholds not in ("per_label", "global"):
            raise ValueError(f"{where}: thresholds must be 'per_label' or 'global'")
        if not (type(config.min_labels) is int and config.min_labels >= 0):
            raise ValueError(f"{where}: min_labels must be a whole number >= 0")
        if config.class_weight not in (None, "balanced"):
            raise ValueError(f"{where}: class_weight must be 'balanced' or 'none'")
        return config

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready settings (tuples as lists)."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    @property
    def vectorizer_key(self) -> tuple:
        """Heads with equal keys share one text vectorisation."""
        return (tuple(self.word_ngrams), tuple(self.char_ngrams) if self.char_ngrams else None)

    def select_features(self, names: Sequence[str]) -> list[str]:
        """The feature names this head uses, in their order."""
        if not self.use_features:
            return []
        keep = [n for n in names if not self.features_include or any(fnmatchcase(n, p) for p in self.features_include)]
        return [n for n in keep if not any(fnmatchcase(n, p) for p in self.features_exclude)]


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _whole(lo: int) -> tuple[Callable[[Any], bool], str]:
    return (lambda v: type(v) is int and v >= lo), f"a whole number >= {lo}"


def _ngrams(v: Any) -> bool:
    return isinstance(v, (list, tuple)) and len(v) == 2 and all(type(n) is int for n in v) and 1 <= v[0] <= v[1] <= MAX_NGRAM


_FLAG = (lambda v: isinstance(v, bool), "true or false")
_PATTERNS = (lambda v: isinstance(v, (list, tuple)) and all(isinstance(p, str) for p in v), "a list of strings")
# What each [model] setting must be (the choices of thresholds and class_weight are checked after).
_SETTINGS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "use_features": _FLAG, "use_ngrams": _FLAG, "sublinear_tf": _FLAG,
    "word_ngrams": (_ngrams, f"[lo, hi] with 1 <= lo <= hi <= {MAX_NGRAM}"),
    "char_ngrams": (lambda v: v is None or _ngrams(v), f"[lo, hi] with 1 <= lo <= hi <= {MAX_NGRAM}"),
    "min_df": _whole(1),
    "max_df": (lambda v: _number(v) and 0 < v <= 1, "a number in (0, 1]"),
    "max_features": _whole(1),
    "features_include": _PATTERNS, "features_exclude": _PATTERNS,
    "feature_weight": (lambda v: _number(v) and v >= 0, "a finite number >= 0"),
    "clip": (lambda v: _number(v) and v > 0, "a finite number > 0"),
    "C": (lambda v: (_number(v) and v > 0) or (isinstance(v, (list, tuple)) and len(v) > 0 and all(_number(c) and c > 0 for c in v)),
          "a number > 0 or a non-empty list of them"),
    "class_weight": (lambda v: v is None or isinstance(v, str), "'balanced' or 'none'"),
    "cv_folds": _whole(2),
    "max_iter": _whole(1),
    "seed": _whole(0),
    "n_jobs": _whole(1),
    "thresholds": (lambda v: isinstance(v, str), "'per_label' or 'global'"),
    "min_labels": _whole(0),
}


def _check_settings(spec: Mapping[str, Any], where: str) -> None:
    """Each setting has the type and range it must, before anything is converted: the error names it."""
    for key, value in spec.items():
        ok, expected = _SETTINGS[key]
        if not ok(value):
            raise ValueError(f"{where}: {key} must be {expected}, got {value!r:.80}")
