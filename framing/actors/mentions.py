"""Who an article talks about: every mention of a country, person, organisation or outlet.

Mentions come from three rules, in order of precedence:

1. the caller's actors and their aliases (``{"Japan": ["Tokyo", "Kishida"]}``),
   matched case-insensitively;
2. people: a name after a title ("Prime Minister Fumio Kishida", "Amb.
   Nikolay Nozdrev"), before an appositive ("Dmitry Streltsov, a professor at
   ..."), or beside a speech verb ("said Grant Newsham"); afterwards the
   surname alone ("Kishida") is the same person.  A person belongs to a
   country when the text says so: a country or demonym before the title
   ("Russian President ...", "Japan's Foreign Minister ..."), "of Japan" after
   the name, or a gazetteer word in the appositive ("... at the Moscow State
   Institute");
3. the gazetteer (:mod:`.gazetteer`): countries, capitals and institutions
   standing for states, demonyms, organisations, outlets.

A span claimed by an earlier rule is not counted again by a later one.
"""

from __future__ import annotations

import re
from typing import Mapping, NamedTuple, Sequence

from ..lexicons import LexiconSet
from ..text import Document
from .gazetteer import Gazetteer, Hit

_WORD = r"(?:Mc|Mac|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_NAME = rf"{_WORD}(?:\s+(?:[A-Z]\.\s+)?{_WORD}){{0,2}}"
_NAME_AT = re.compile(rf"\.?[ \t]+({_NAME})(?![\w-])")
_APPOSITIVE = re.compile(rf"\b({_WORD}(?:\s+(?:[A-Z]\.\s+)?{_WORD}){{1,2}}),\s+(?:a|an|the)\s+[^,.;\"]{{3,120}}")
_SPEECH = r"(?:said|says|told|added|stated|warned|noted|argued|wrote|explained|claimed)"
_SPOKE = re.compile(rf"\b{_SPEECH}\s+({_WORD}(?:\s+(?:[A-Z]\.\s+)?{_WORD}){{1,2}})\b|\b({_WORD}(?:\s+(?:[A-Z]\.\s+)?{_WORD}){{1,2}})\s+{_SPEECH}\b")
# what may stand between "Japan's"/"Russian" and a title: "Russian defense minister", "Japan's then foreign minister"
_BEFORE_TITLE = re.compile(r"(?:'s?)?(?:\s+[a-z][\w-]*){0,2}\s+")
_OF_COUNTRY = re.compile(r"\s+of\s+(?:the\s+)?")
_NOT_NAMES = frozenset(
    "The A An In On At Of For And But Or As If When While After Before This That These Those It He She They We "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August "
    "September October November December".split()
)


class Mention(NamedTuple):
    """One mention of an actor, in ``doc.text`` offsets.

    Attributes
    ----------
    actor : str
        The actor's name ("Japan", "Fumio Kishida", "NetEase").
    kind : str
        ``country``, ``person``, ``organisation``, ``outlet`` or ``given`` (a
        caller's actor the gazetteer does not know).
    affiliation : str
        The country the actor belongs to, or "".
    via : str
        How the text names it: ``name``, ``capital``, ``demonym``, ``title``,
        ``surname``, ``alias``.
    """

    start: int
    end: int
    actor: str
    kind: str
    affiliation: str
    via: str


def _name_words(name: str) -> list[str]:
    return [w for w in name.split() if not re.fullmatch(r"[A-Z]\.", w)]


def _clean_name(name: str, gazetteer: Gazetteer) -> str:
    """Drop leading words that are not part of a name ("The", a demonym); "" if nothing is left.

    The result is a substring of ``name`` (its tail), so its offset is ``name.index(result)``.
    """
    for m in re.finditer(r"\S+", name):
        word = m.group()
        if word not in _NOT_NAMES and gazetteer.lookup(word) is None:
            return name[m.start():] if _name_words(name[m.start():]) else ""
    return ""


class _People:
    """People found so far: full name → affiliation, and where each was anchored."""

    def __init__(self) -> None:
        self.affiliation: dict[str, str] = {}
        self.anchors: list[tuple[int, int, str]] = []

    def add(self, name: str, start: int, end: int, affiliation: str = "") -> None:
        if len(_name_words(name)) < 1:
            return
        known = self.affiliation.get(name)
        if known is None or (not known and affiliation):
            self.affiliation[name] = affiliation
        self.anchors.append((start, end, name))


def _country_of(hits: Sequence[Hit]) -> str:
    for h in hits:
        if h.place.affiliation:
            return h.place.affiliation
    return ""


def _find_people(doc: Document, lexicons: LexiconSet, gazetteer: Gazetteer, hits: list[Hit]) -> _People:
    text = doc.text
    people = _People()
    hit_starting = {h.start: h for h in hits}
    for m in lexicons["titles"].matcher.finditer(doc.lower, doc.vocabulary):
        after = _NAME_AT.match(text, m.end)
        if after is None:
            continue
        name = _clean_name(after.group(1), gazetteer)
        if not name or name.split()[-1] in _NOT_NAMES:
            continue
        start = after.start(1) + after.group(1).index(name)
        affiliation = next(
            (h.place.affiliation for h in hits if 0 <= m.start - h.end <= 40 and h.place.affiliation and _BEFORE_TITLE.fullmatch(text, h.end, m.start)),
            "",
        )
        of = _OF_COUNTRY.match(text, start + len(name))
        if not affiliation and of is not None and of.end() in hit_starting:
            affiliation = hit_starting[of.end()].place.affiliation
        people.add(name, start, start + len(name), affiliation)
    for m in _APPOSITIVE.finditer(text):
        name = _clean_name(m.group(1), gazetteer)
        if name:
            inside = [h for h in hits if m.end(1) < h.start < m.end()]
            people.add(name, m.start(1) + m.group(1).index(name), m.end(1), _country_of(inside))
    for m in _SPOKE.finditer(text):
        group = 1 if m.group(1) else 2
        name = _clean_name(m.group(group), gazetteer)
        if name and gazetteer.lookup(name) is None:
            people.add(name, m.start(group) + m.group(group).index(name), m.end(group))
    return people


def _person_mentions(doc: Document, people: _People) -> list[Mention]:
    """Every occurrence of each person's full name or surname."""
    if not people.affiliation:
        return []
    surname_of: dict[str, str] = {}
    for name in people.affiliation:
        surname = _name_words(name)[-1]
        # the longer name wins a shared surname ("Kishida" → "Fumio Kishida", not "Kishida")
        if surname not in surname_of or len(name) > len(surname_of[surname]):
            surname_of[surname] = name
    forms = sorted(set(people.affiliation) | set(surname_of), key=len, reverse=True)
    finder = re.compile(r"\b(?:" + "|".join(map(re.escape, forms)) + r")\b")
    out = []
    for m in finder.finditer(doc.text):
        found = m.group()
        name = found if found in people.affiliation and " " in found else surname_of.get(found, found)
        out.append(Mention(m.start(), m.end(), name, "person", people.affiliation.get(name, ""), "title" if found == name else "surname"))
    return out


def _given_mentions(doc: Document, actors: Mapping[str, Sequence[str]], gazetteer: Gazetteer) -> list[Mention]:
    out = []
    for name, aliases in actors.items():
        place = gazetteer.lookup(name)
        kind, affiliation = (place.kind, place.affiliation) if place is not None and place.name == name else ("given", "")
        forms = sorted({name, *aliases}, key=len, reverse=True)
        finder = re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(f.lower()) for f in forms if f.strip()) + r")(?![\w-])")
        out.extend(Mention(m.start(), m.end(), name, kind, affiliation, "alias") for m in finder.finditer(doc.lower))
    return out


def find_mentions(
    doc: Document,
    lexicons: LexiconSet,
    gazetteer: Gazetteer,
    actors: Mapping[str, Sequence[str]] | None = None,
) -> list[Mention]:
    """All actor mentions of ``doc`` in text order (see the module notes for the rules).

    Parameters
    ----------
    actors : mapping, optional
        The caller's actors: name → aliases.  Their mentions take precedence.
    """
    hits = gazetteer.hits(doc)
    people = _find_people(doc, lexicons, gazetteer, hits)
    gazetteer_mentions = [Mention(h.start, h.end, h.place.name, h.place.kind, h.place.affiliation, h.place.via) for h in hits]
    ranked = _given_mentions(doc, actors or {}, gazetteer) + _person_mentions(doc, people) + gazetteer_mentions
    taken: list[tuple[int, int]] = []
    kept = []
    for mention in ranked:
        if any(mention.start < e and s < mention.end for s, e in taken):
            continue
        taken.append((mention.start, mention.end))
        kept.append(mention)
    kept.sort()
    return kept
