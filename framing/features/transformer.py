"""The feature layer as a scikit-learn transformer over lists of texts."""

from __future__ import annotations

from typing import Any, Iterable, Sequence

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from ..lexicons import LexiconOverrides
from .extractor import Extractor


def check_texts(X: Any) -> list:
    """``X`` as a list of documents; a lone string is refused (it would be read as characters)."""
    if isinstance(X, (str, bytes)):
        raise TypeError("expected a list of texts, got a single text; wrap it in a list")
    if not isinstance(X, Iterable):
        raise TypeError(f"expected a list of texts, got {type(X).__name__}")
    return list(X.tolist() if isinstance(X, np.ndarray) else X)


class FeatureTransformer(TransformerMixin, BaseEstimator):
    """Turn texts into the interpretable feature matrix of :func:`framing.extract`.

    Parameters
    ----------
    families : sequence of str, optional
        Feature families to compute (default: all).
    lexicons : mapping, optional
        Lexicon overrides, as for :class:`~framing.features.Extractor`.
    counts : bool, default False
        Keep raw ``.count`` values.  Off by default: rates and shares compare
        across articles of different lengths, raw counts mostly measure length.

    Attributes
    ----------
    feature_names_out_ : ndarray of str
        Names of the output columns.
    """

    def __init__(self, families: Sequence[str] | None = None, lexicons: LexiconOverrides | None = None, counts: bool = False):
        self.families = families
        self.lexicons = lexicons
        self.counts = counts

    def fit(self, X: Iterable, y: Any = None) -> "FeatureTransformer":
        """Build the extractor; learns nothing from ``X`` (the features are fixed)."""
        check_texts(X)
        self.extractor_ = Extractor(self.families, self.lexicons)
        names = self.extractor_.feature_names()
        self._columns = [i for i, n in enumerate(names) if self.counts or not n.endswith(".count")]
        self.feature_names_out_ = np.asarray([names[i] for i in self._columns], dtype=object)
        return self

    def transform(self, X: Iterable) -> np.ndarray:
        """Feature matrix of shape ``(n_texts, n_features)``, float64."""
        check_is_fitted(self, "feature_names_out_")
        texts = check_texts(X)
        out = np.zeros((len(texts), len(self._columns)), dtype=np.float64)
        names = self.feature_names_out_
        for row, text in enumerate(texts):
            values = self.extractor_.extract(text).values
            out[row] = [values[n] for n in names]
        return out

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        check_is_fitted(self, "feature_names_out_")
        return self.feature_names_out_.copy()

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.requires_fit = True
        return tags
