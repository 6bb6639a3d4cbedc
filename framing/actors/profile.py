"""Per-actor profiles: mentions, voice, role in loaded language and stance.

:func:`analyze_actors` reads an article once and reports, for every actor it
mentions, how often it is named, how much it speaks (direct quotations from
speakers belonging to it), how often loaded language casts it as the agent or
the target, how the article stands toward it, and the role it casts it in
(``role``: Protagonist / Antagonist / Innocent, :mod:`.roles`).  Voice and loaded-language roles come from
the evidence of the ``quote``, ``attribution`` and ``loaded`` feature families, so the numbers
agree with :func:`framing.extract`; an actor gets the speaker or agent phrase
that names it ("Chinese commentators" → China, "NetEase experts" → NetEase).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Mapping, NamedTuple, Sequence

import numpy as np

from ..evidence import Evidence
from ..features import FAMILIES, Extractor, Features
from ..lexicons import LexiconOverrides, LexiconSet
from ..model import Model, load_model
from ..reading import LoadedTagger, Reading
from ..reading.gazetteer import Gazetteer
from ..reading.mentions import Mention
from ..text.words import WORD
from .roles import EntityRole, EntityRoleModel, entity_role_model
from .stance import ActorStanceModel, Voice, actor_features

#: Evidence kind → the attribute naming who speaks (voice), and the kind read for roles.
VOICE_KINDS = {"quote": "speaker", "attribution": "source"}
ROLE_KIND = "loaded"
_PHRASE_WORD = re.compile(r"[\w.-]+(?:'\w+)*")


@dataclass(frozen=True)
class ActorProfile:
    """What an article does with one actor.

    Attributes
    ----------
    name, kind, affiliation : str
        The actor ("Japan", "Fumio Kishida"), its kind (``country``,
        ``person``, ``organisation``, ``outlet``, or ``given`` for a caller's
        actor the gazetteer does not know) and the country it belongs to.
    mentions : tuple of Evidence
        Every mention (kind ``actor``, detail = how it is named: ``name``,
        ``capital``, ``demonym``, ``title``, ``surname``, ``alias``), offsets
        into the caller's text.
    members : tuple of str
        For a country: the people, outlets and organisations of the article that
        belong to it.  Its voice and roles include theirs.
    quotes : int
        Direct quotations whose speaker is the actor (or a member).
    quoted_token_share : float
        Their share of all quoted word tokens of the article (0 to 1).
    attributions : int
        Claims the article attributes to the actor (or a member), quoted or
        paraphrased ("says Dmitry Streltsov", "according to Russia").
    agent_of_loaded, target_of_loaded : int
        Loaded-language terms that cast the actor (or a member) as the one
        acting / the one acted on.
    stance : mapping
        ``{"neg": p, "neu": p, "pos": p}``: the article's stance toward the
        actor, from :class:`~framing.actors.stance.ActorStanceModel` (probabilities
        tilted toward neg and pos for macro-F1, not base rates; held-out
        macro-F1 on BASIL in benchmarks/RESULTS.md).
        Empty without a stance model, or for an actor only named by a
        speaker or agent phrase.
    evidence : tuple of Evidence
        The quote and loaded-language evidence counted above.
    role : EntityRole or None
        The role the article casts the actor in (``role.main_role``,
        ``role.fine_roles``, ``role.probabilities``, ``role.evidence``), from the
        bundle's entity-role model over all its mentions (start, end and text
        of its first mention); None without a role model, or for an actor only
        named by a speaker or agent phrase.
    """

    name: str
    kind: str
    affiliation: str
    mentions: tuple[Evidence, ...]
    members: tuple[str, ...] = ()
    quotes: int = 0
    quoted_token_share: float = 0.0
    attributions: int = 0
    agent_of_loaded: int = 0
    target_of_loaded: int = 0
    stance: Mapping[str, float] = field(default_factory=dict)
    evidence: tuple[Evidence, ...] = ()
    role: EntityRole | None = None

    @property
    def n_mentions(self) -> int:
        return len(self.mentions)

    @property
    def stance_label(self) -> str:
        """The most probable stance label, or "" without a stance model."""
        return max(self.stance, key=self.stance.get) if self.stance else ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict."""
        return {
            "name": self.name, "kind": self.kind, "affiliation": self.affiliation,
            "n_mentions": self.n_mentions, "mentions": [e.to_dict() for e in self.mentions],
            "members": list(self.members), "quotes": self.quotes,
            "quoted_token_share": round(self.quoted_token_share, 4), "attributions": self.attributions,
            "agent_of_loaded": self.agent_of_loaded, "target_of_loaded": self.target_of_loaded,
            "stance": {k: round(float(v), 4) for k, v in self.stance.items()}, "stance_label": self.stance_label,
            "evidence": [e.to_dict() for e in self.evidence],
            "role": self.role.to_dict() if self.role is not None else None,
        }


class ActorResolver:
    """Says which actor a phrase of the article names ("Chinese commentators" → China).

    The caller's aliases win, then people of the article (full name or
    surname), then the gazetteer, outlets before organisations before countries.
    """

    def __init__(self, mentions: Sequence[Mention], gazetteer: Gazetteer, actors: Mapping[str, Sequence[str]]):
        self.gazetteer = gazetteer
        self.info = {m.actor: (m.kind, m.affiliation) for m in mentions}
        forms: dict[str, str] = {}
        for name, aliases in actors.items():
            for alias in (name, *aliases):
                forms.setdefault(_key(alias), name)
        for m in mentions:
            if m.kind == "person":
                for part in (m.actor, m.actor.split()[-1]):
                    forms.setdefault(_key(part), m.actor)
        self._forms = forms
        self._longest = max((len(f.split()) for f in forms), default=0)

    def __call__(self, phrase: str) -> str:
        """The actor's name, or "" when the phrase names none of them."""
        if not phrase:
            return ""
        words = [w.rstrip(".") for w in _PHRASE_WORD.findall(phrase.lower())]
        for n in range(min(self._longest, len(words)), 0, -1):
            for i in range(len(words) - n + 1):
                gram = " ".join(words[i:i + n])
                found = self._forms.get(gram) or (self._forms.get(gram[:-2]) if gram.endswith("'s") else None)
                if found:
                    return found
        place = self.gazetteer.named_in(phrase)
        if place is None:
            return ""
        self.info.setdefault(place.name, (place.kind, place.affiliation))
        return place.name


def _key(name: str) -> str:
    """A name as :class:`ActorResolver` compares it: lower case, single spaces, no final periods."""
    return " ".join(w.rstrip(".") for w in _PHRASE_WORD.findall(name.lower()))


class _Credits(NamedTuple):
    """What the family evidence credits to each actor (by name)."""

    evidence: dict[str, list[Evidence]]
    quoted_tokens: dict[str, int]
    total_quoted: int
    agent: dict[str, int]
    target: dict[str, int]


def _credit(evidence: Sequence[Evidence], resolve: ActorResolver) -> _Credits:
    """Credit quotes and attributions to their speaker, loaded terms to their agent and target."""
    credits = _Credits({}, {}, 0, {}, {})
    total_quoted = 0
    for e in evidence:
        if e.kind in VOICE_KINDS:
            n = len(WORD.findall(e.text)) if e.kind == "quote" else 0
            total_quoted += n
            who = resolve(e.attrs.get(VOICE_KINDS[e.kind], ""))
            if who:
                credits.quoted_tokens[who] = credits.quoted_tokens.get(who, 0) + n
                credits.evidence.setdefault(who, []).append(e)
        elif e.kind == ROLE_KIND:
            for role, counts in (("agent", credits.agent), ("target", credits.target)):
                who = resolve(e.attrs.get(role, ""))
                if who:
                    counts[who] = counts.get(who, 0) + 1
                    credits.evidence.setdefault(who, []).append(e)
    return credits._replace(total_quoted=total_quoted)


def actor_stance_model(model: Any = None) -> ActorStanceModel | None:
    """``model`` itself, or the actor-stance model a bundle carries (None if it has none).

    Parameters
    ----------
    model : ActorStanceModel, Model, name or path, optional
        Default: the shipped bundle's (see :func:`framing.load_model`), loaded on every
        call, as a name or path is; :func:`framing.analyze_actors` loads each bundle once.
    """
    if isinstance(model, ActorStanceModel):
        return model
    return load_model(model).built("actor_stance", ActorStanceModel.from_part)


def _role_model(model: Any) -> EntityRoleModel | None:
    """The entity-role model of ``model`` (itself, or its bundle's); None for a bare stance model (no bundle to read)."""
    return None if isinstance(model, ActorStanceModel) else entity_role_model(model)


class ActorAnalyzer:
    """Finds the actors of articles and profiles them (see :func:`analyze_actors`).

    Parameters
    ----------
    lexicons : LexiconSet or mapping, optional
        The lexicons to read with, or overrides as for :class:`~framing.Extractor`
        (e.g. your own ``actors_outlets`` list).
    stance_model : ActorStanceModel, Model, name or path, optional
        The model that estimates stance, or a bundle whose actor-stance model
        does (see :func:`framing.load_model`).  Default: the shipped bundle's,
        trained on BASIL.  With a bundle that has none, ``stance`` is an empty dict.
    tagger : LoadedTagger, optional
        The loaded-language tagger (default: the shipped one).
    role_model : EntityRoleModel, Model, name or path, optional
        The model that gives the actors their ``role``, or a bundle whose
        entity-role model does.  Default: the bundle of ``stance_model``; None
        as ``role`` with a bundle that has none, or with a bare stance model.
    """

    def __init__(self, lexicons: LexiconSet | LexiconOverrides | None = None, stance_model: Any = None,
                 tagger: LoadedTagger | None = None, role_model: Any = None):
        wanted = [name for name in (*VOICE_KINDS, ROLE_KIND) if name in FAMILIES]
        self.extractor = Extractor(wanted, lexicons, tagger)
        self.lexicons = self.extractor.lexicons
        self._stance_model = stance_model
        self._role_model = role_model if role_model is not None else stance_model
        self._loaded: list[ActorStanceModel | None] = []
        self._roles: list[EntityRoleModel | None] = []

    @property
    def gazetteer(self) -> Gazetteer:
        return self.lexicons.compiled(Gazetteer)

    @property
    def stance_model(self) -> ActorStanceModel | None:
        """The stance model, read from its bundle on first use (:meth:`read` needs none).

        Raises
        ------
        BundleError
            If the bundle is missing or damaged.
        """
        if not self._loaded:
            self._loaded.append(actor_stance_model(self._stance_model))
        return self._loaded[0]

    @property
    def role_model(self) -> EntityRoleModel | None:
        """The entity-role model of the stance model's bundle, read on first use (None if it has none)."""
        if not self._roles:
            self._roles.append(_role_model(self._role_model))
        return self._roles[0]

    def analyze(self, text_or_reading: Any, actors: Mapping[str, Sequence[str]] | None = None, features: Features | None = None,
                stance_model: Any = None) -> list[ActorProfile]:
        """Profiles of the actors of one article (see :func:`analyze_actors`); ``stance_model`` overrides the analyzer's."""
        reading = self.extractor.read(text_or_reading)
        profiles, X, spans = self._read(reading, actors, features)
        model = self.stance_model if stance_model is None else actor_stance_model(stance_model)
        roles = self.role_model if stance_model is None else _role_model(stance_model)
        if model is None and roles is None:
            return profiles
        stances = model.predict_actors(X) if model is not None else [{} for _ in profiles]
        # speaker, source and agent phrases may name an actor by its name or any of its mentions' words
        found = roles.aggregate(reading, [[(m.start, m.end) for m in mine] for mine in spans],
                                [[p.name, *dict.fromkeys(m.text for m in p.mentions)] for p in profiles]) if roles is not None else [None] * len(profiles)
        return [replace(p, stance=stance, role=role) if p.mentions else p for p, stance, role in zip(profiles, stances, found)]

    def read(
        self, text_or_reading: Any, actors: Mapping[str, Sequence[str]] | None = None, features: Features | None = None
    ) -> tuple[list[ActorProfile], np.ndarray]:
        """Profiles without stance, and their stance features (:func:`~.stance.actor_features`, one row each)."""
        profiles, X, _ = self._read(text_or_reading, actors, features)
        return profiles, X

    def _read(
        self, text_or_reading: Any, actors: Mapping[str, Sequence[str]] | None = None, features: Features | None = None
    ) -> tuple[list[ActorProfile], np.ndarray, list[list[Mention]]]:
        """:meth:`read`, and each actor's mentions in ``doc.text`` offsets."""
        reading = self.extractor.read(text_or_reading)
        doc = reading.doc
        actors = dict(actors or {})
        mentions = reading.mentions(actors)
        evidence = features.evidence if features is not None else self.extractor.extract_reading(reading).evidence
        resolve = ActorResolver(mentions, reading.gazetteer, actors)

        credits = _credit(evidence, resolve)

        by_actor: dict[str, list[Mention]] = {}
        for m in mentions:
            by_actor.setdefault(m.actor, []).append(m)
        names = list(by_actor) + [n for n in credits.evidence if n not in by_actor]
        members: dict[str, list[str]] = {}
        for name in names:
            kind, affiliation = resolve.info.get(name, ("given", ""))
            if affiliation and affiliation != name and kind != "country":
                members.setdefault(affiliation, []).append(name)

        rows = []
        for name in names:
            kind, affiliation = resolve.info.get(name, ("given", ""))
            group = [name, *members.get(name, [])]
            own = sorted({id(e): e for n in group for e in credits.evidence.get(n, [])}.values(), key=lambda e: (e.start, e.end, e.kind))
            quoted = sum(credits.quoted_tokens.get(n, 0) for n in group)
            voice = Voice(
                quotes=sum(1 for e in own if e.kind == "quote"),
                quoted_token_share=quoted / credits.total_quoted if credits.total_quoted else 0.0,
                agent_of_loaded=sum(credits.agent.get(n, 0) for n in group),
                target_of_loaded=sum(credits.target.get(n, 0) for n in group),
            )
            spans = by_actor.get(name, [])
            profile = ActorProfile(
                name=name, kind=kind, affiliation=affiliation,
                mentions=tuple(doc.evidence("actor", m.start, m.end, m.via, actor=name) for m in spans),
                members=tuple(members.get(name, [])),
                **voice._asdict(), attributions=sum(1 for e in own if e.kind == "attribution"), evidence=tuple(own),
            )
            rows.append((profile, spans, voice))
        first = {m.actor: m.start for m in reversed(mentions)}
        rows.sort(key=lambda r: (-r[0].n_mentions, first.get(r[0].name, len(doc.text))))
        X = actor_features(reading, [spans for _, spans, _ in rows], [voice for _, _, voice in rows])
        return [profile for profile, _, _ in rows], X, [spans for _, spans, _ in rows]

