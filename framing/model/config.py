"""Hyper-parameters of a head, read from the ``[model]`` table of its manifest."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from fnmatch import fnmatchcase
from typing import Any, Mapping, Sequence


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
