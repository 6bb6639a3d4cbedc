"""Actors of an article: who is named, who speaks, who acts and is acted on, and the stance toward each.

>>> from framing import analyze_actors
>>> [p.name for p in analyze_actors("Tokyo protested. Moscow said nothing.")]
['Japan', 'Russia']

Mentions are found by :mod:`framing.reading.mentions`; this package profiles them
(:mod:`.profile`) and estimates the stance toward each (:mod:`.stance`, trained by
:mod:`.training`).
"""

from ..reading.gazetteer import Gazetteer, Place
from ..reading.mentions import Mention
from .profile import ActorAnalyzer, ActorProfile, ActorResolver, actor_stance_model
from .stance import STANCE_LABELS, ActorStanceModel, Voice, actor_features

__all__ = [
    "ActorAnalyzer", "ActorProfile", "ActorResolver", "ActorStanceModel", "Gazetteer", "Mention", "Place", "STANCE_LABELS",
    "Voice", "actor_features", "actor_stance_model",
]
