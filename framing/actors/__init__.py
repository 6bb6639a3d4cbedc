"""Actors of an article: who is named, who speaks, who acts and is acted on, and the stance toward each.

>>> from framing.actors import analyze_actors
>>> [p.name for p in analyze_actors("Tokyo protested. Moscow said nothing.")]
['Japan', 'Russia']
"""

from .gazetteer import Gazetteer, Place
from .mentions import Mention, find_mentions
from .profile import ActorAnalyzer, ActorProfile, ActorResolver, analyze_actors
from .stance import STANCE_LABELS, StanceModel, Voice, actor_features

__all__ = [
    "ActorAnalyzer", "ActorProfile", "ActorResolver", "Gazetteer", "Mention", "Place", "STANCE_LABELS",
    "StanceModel", "Voice", "actor_features", "analyze_actors", "find_mentions",
]
