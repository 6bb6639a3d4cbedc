"""framing: how news articles tell a story, with the spans that show it.

The scoring path (``score``, ``extract``) needs numpy only; scikit-learn is
imported on first use of what needs it (``FeatureTransformer``, ``train``,
``evaluate``), so ``framing score FILE`` starts fast.
"""

__version__ = "0.1.0"

from .evidence import Evidence
from .features import Extractor, Features, extract
from .scoring import Score, load_model, score, score_many

_LAZY = {
    "FeatureTransformer": ("framing.features.transformer", "FeatureTransformer"),
    "train": ("framing.model.training", "train"),
    "evaluate": ("framing.model.evaluation", "evaluate"),
    "analyze_actors": ("framing.actors", "analyze_actors"),
    "ActorProfile": ("framing.actors", "ActorProfile"),
    "stance": ("framing.claims", "stance"),
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'framing' has no attribute {name!r}")


__all__ = [
    "ActorProfile", "Evidence", "Extractor", "FeatureTransformer", "Features", "Score", "analyze_actors",
    "evaluate", "extract", "load_model", "score", "score_many", "stance", "train", "__version__",
]
