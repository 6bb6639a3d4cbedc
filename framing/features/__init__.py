"""Interpretable features of how an article tells its story, one module per family.

Each family counts what a :class:`~framing.reading.Reading` found (hedges, boosters,
loaded language, reporting verbs, quotations, attributions, document statistics) and
returns its values with the evidence spans behind them.
"""

from ..evidence import Evidence
from .base import FeatureFamily, Features
from .extractor import FAMILIES, Extractor

__all__ = ["Evidence", "Extractor", "FAMILIES", "FeatureFamily", "Features"]
