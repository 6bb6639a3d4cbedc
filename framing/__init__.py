"""framing: how news articles tell a story, with the spans that show it."""

__version__ = "0.1.0"

from .features import Evidence, Extractor, Features, extract
from .features.transformer import FeatureTransformer

__all__ = ["Evidence", "Extractor", "FeatureTransformer", "Features", "extract", "__version__"]
