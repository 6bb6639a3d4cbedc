"""Actors of an article: who is named, who speaks, who acts and is acted on, and the stance toward each.

>>> from framing import analyze_actors
>>> [p.name for p in analyze_actors("Tokyo protested. Moscow said nothing.")]
['Japan', 'Russia']

Mentions are found by :mod:`framing.reading.mentions`; this package profiles them
(:mod:`.profile`), estimates the stance toward each (:mod:`.stance`, trained by
:mod:`.training`) and the role the article casts it in (:mod:`.roles`, trained by
:mod:`.role_training`).
"""

from ..reading.gazetteer import Gazetteer, Place
from ..reading.mentions import Mention
from .profile import ActorAnalyzer, ActorProfile, ActorResolver, actor_stance_model
from .roles import FINE_ROLES, MAIN_ROLES, TAXONOMY, EntityRole, EntityRoleModel, entity_role_model
from .stance import STANCE_LABELS, ActorStanceModel, Voice, actor_features

__all__ = [
    "ActorAnalyzer", "ActorProfile", "ActorResolver", "ActorStanceModel", "EntityRole", "EntityRoleModel", "FINE_ROLES",
    "Gazetteer", "MAIN_ROLES", "Mention", "Place", "STANCE_LABELS", "TAXONOMY", "Voice", "actor_features",
    "actor_stance_model", "entity_role_model",
]
