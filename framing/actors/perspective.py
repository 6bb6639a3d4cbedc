"""The perspective of one article in a few lines: who is cast as what, who speaks, how it is sourced,
which narratives it carries, each item with the spans behind it.

:func:`perspective` assembles what the other analyses found (actor roles and voice, the
attribution evidence, the narrative heads); it computes nothing new, so each line of the
summary can be checked against the analysis it comes from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, NamedTuple, Sequence

from ..evidence import Evidence
from .profile import ActorProfile

#: Main roles in the order a summary lists them.
MAIN_ROLES = ("Antagonist", "Protagonist", "Innocent")
#: Attribution kinds of the sourcing mix, in the order shown.
SOURCE_KINDS = ("named", "anonymous", "relayed", "vague")


def _spans(evidence: Iterable[Evidence]) -> list[dict[str, Any]]:
    return [e.to_dict() for e in evidence]


class Cast(NamedTuple):
    """An actor in the role the article gives it."""

    actor: str
    main_role: str
    fine_roles: tuple[str, ...]
    probability: float
    evidence: tuple[Evidence, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "main_role": self.main_role, "fine_roles": list(self.fine_roles),
                "probability": round(self.probability, 4), "evidence": _spans(self.evidence)}


class Voice(NamedTuple):
    """How much of the article's quoted words an actor speaks, its members' included (its quotations as evidence)."""

    actor: str
    quoted_token_share: float
    quotes: int
    members: tuple[str, ...]
    evidence: tuple[Evidence, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "quoted_token_share": round(self.quoted_token_share, 4), "quotes": self.quotes,
                "members": list(self.members), "evidence": _spans(self.evidence)}


class Sourcing(NamedTuple):
    """One kind of attribution (named, anonymous, relayed, vague) and its share of all attributions."""

    kind: str
    count: int
    share: float
    evidence: tuple[Evidence, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "count": self.count, "share": round(self.share, 4), "evidence": _spans(self.evidence)}


class Narrative(NamedTuple):
    """A narrative the article carries, its subnarratives, and the inputs that pushed it most."""

    label: str
    probability: float
    subnarratives: tuple[str, ...]
    evidence: tuple[Evidence, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "probability": round(self.probability, 4),
                "subnarratives": list(self.subnarratives), "evidence": _spans(self.evidence)}


@dataclass(frozen=True)
class Perspective:
    """How one article tells its story (see :func:`perspective`).

    Attributes
    ----------
    cast : dict
        Main role (:data:`MAIN_ROLES`) → the actors the article casts in it, most likely first.
    voice : list of Voice
        Actors with quotations, by share of quoted words.
    sourcing : list of Sourcing
        The attribution kinds the article uses, in :data:`SOURCE_KINDS` order.
    narratives : list of Narrative
        Empty when the model has no narrative head.
    """

    cast: Mapping[str, list[Cast]] = field(default_factory=dict)
    voice: list[Voice] = field(default_factory=list)
    sourcing: list[Sourcing] = field(default_factory=list)
    narratives: list[Narrative] = field(default_factory=list)

    @property
    def antagonists(self) -> list[Cast]:
        return list(self.cast.get("Antagonist", []))

    @property
    def protagonists(self) -> list[Cast]:
        return list(self.cast.get("Protagonist", []))

    @property
    def innocents(self) -> list[Cast]:
        return list(self.cast.get("Innocent", []))

    def items(self) -> list[Cast | Voice | Sourcing | Narrative]:
        """Every item of the summary: the cast, role by role, then voice, sourcing, narratives."""
        return [*(c for role in MAIN_ROLES for c in self.cast.get(role, [])), *self.voice, *self.sourcing, *self.narratives]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict, every item with its evidence spans."""
        return {
            "cast": {role: [c.to_dict() for c in self.cast.get(role, [])] for role in MAIN_ROLES},
            "voice": [v.to_dict() for v in self.voice],
            "sourcing": [s.to_dict() for s in self.sourcing],
            "narratives": [n.to_dict() for n in self.narratives],
        }

    def lines(self, most: int = 4) -> list[str]:
        """The summary as short lines of text (at most ``most`` items a line)."""
        def listed(items: Sequence[str]) -> str:
            return ", ".join(items[:most]) + (f" (+{len(items) - most})" if len(items) > most else "") if items else "—"

        out = []
        for role in MAIN_ROLES:
            cast = [f"{c.actor} ({', '.join(c.fine_roles)})" if c.fine_roles else c.actor for c in self.cast.get(role, [])]
            out.append(f"{role}s: {listed(cast)}")
        voices = [f"{v.actor} {v.quoted_token_share:.0%}" + (f" (incl. {', '.join(v.members)})" if v.members else "") for v in self.voice]
        out.append(f"Voice: {listed(voices)}")
        out.append(f"Sourcing: {listed([f'{s.kind} {s.share:.0%}' for s in self.sourcing])}")
        if self.narratives:
            out.append(f"Narratives: {listed([n.label for n in self.narratives])}")
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())


def cast_of(actors: Sequence[ActorProfile]) -> dict[str, list[Cast]]:
    """Main role → the actors with a role in it, most likely first (ties: most mentioned first)."""
    cast: dict[str, list[Cast]] = {role: [] for role in MAIN_ROLES}
    for actor in actors:
        role = getattr(actor, "role", None)
        if role is None or role.main_role not in cast:
            continue
        cast[role.main_role].append(Cast(actor.name, role.main_role, tuple(role.fine_roles),
                                         float(role.probabilities.get(role.main_role, 0.0)), tuple(role.evidence)))
    for members in cast.values():
        members.sort(key=lambda c: -c.probability)  # stable: the actors come most mentioned first
    return cast


def voice_of(actors: Sequence[ActorProfile]) -> list[Voice]:
    """Actors that speak in quotations, by their share of the quoted words.

    A country's voice includes its members' (its outlets, officials): a member that speaks is
    named under its country, not listed beside it, so the shares do not count a quote twice.
    """
    speaking = [a for a in actors if a.quotes]
    names = {a.name for a in speaking}
    inside = {m for a in speaking for m in a.members if m in names}
    speaking = sorted((a for a in speaking if a.name not in inside), key=lambda a: -a.quoted_token_share)
    return [Voice(a.name, a.quoted_token_share, a.quotes, tuple(m for m in a.members if m in names),
                  tuple(e for e in a.evidence if e.kind == "quote")) for a in speaking]


def sourcing_of(values: Mapping[str, float], evidence: Sequence[Evidence]) -> list[Sourcing]:
    """The attribution kinds the article uses, with their counts, shares and spans."""
    out = []
    for kind in SOURCE_KINDS:
        count = int(values.get(f"attribution.{kind}.count", 0))
        if count:
            spans = tuple(e for e in evidence if e.kind == "attribution" and e.detail == kind)
            out.append(Sourcing(kind, count, float(values.get(f"attribution.{kind}.share", 0.0)), spans))
    return out


def perspective(actors: Sequence[ActorProfile], values: Mapping[str, float], evidence: Sequence[Evidence],
                narratives: Sequence[Narrative] = ()) -> Perspective:
    """The perspective summary of an article from its analyses.

    Parameters
    ----------
    actors : list of ActorProfile
        :func:`framing.analyze_actors` of the article (roles from the bundle's role model).
    values, evidence : mapping, list of Evidence
        The feature-layer values and evidence (:func:`framing.extract`).
    narratives : list of Narrative
        The narratives the model's heads chose, with their evidence (``Score.perspective`` builds them).
    """
    return Perspective(cast_of(actors), voice_of(actors), sourcing_of(values, evidence), list(narratives))
