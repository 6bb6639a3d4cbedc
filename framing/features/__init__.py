"""Interpretable features of how an article tells its story, one module per family."""

from .base import Evidence, FeatureFamily, Features
from .extractor import FAMILIES, Extractor, default_extractor, extract

__all__ = ["Evidence", "Extractor", "FAMILIES", "FeatureFamily", "Features", "default_extractor", "extract"]
