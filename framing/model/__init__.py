"""Models over the feature layer and n-grams: training, pickle-free bundles, prediction.

Prediction (:mod:`.predict`) needs numpy only; training imports scikit-learn.
"""

from .bundle import FORMAT, BundleError
from .config import HeadConfig
from .predict import Head, Model, load

__all__ = ["BundleError", "FORMAT", "Head", "HeadConfig", "Model", "load"]
