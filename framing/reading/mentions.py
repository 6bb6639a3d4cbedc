"""Who an article talks about: every mention of a country, person, organisation or outlet.

Mentions come from three rules, in order of precedence:

1. the caller's actors and their aliases (``{"Japan": ["Tokyo", "Kishida"]}``),
   matched in any case, except aliases of three letters or fewer ("US"),
   matched as written;
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
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import TYPE_CHECKING, Mapping, NamedTuple, Sequence

import numpy as np

from .gazetteer import Gazetteer, Hit

if TYPE_CHECKING:
    from ..text import Document
    from .reading import Reading

_WORD = r"(?:Mc|Mac|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_NAME = rf"{_WORD}(?:\s+(?:[A-Z]\.\s+)?{_WORD}){{0,2}}"
_NAME_AT = re.compile(rf"\.?[ \t]+({_NAME})(?![\w-])")
_FULL_NAME = rf"{_WORD}(?:\s+(?:[A-Z]\.\s+)?{_WORD}){{1,2}}"
# "Name, a professor at ...": the cue is found first (a literal), the name read back from it
_APPOSITIVE_CUE = re.compile(r",\s+(?:a|an|the)\s")
_CLAUSE_END = re.compile(r"[,.;\"]")
_NAME_BEFORE = re.compile(rf"(?<![\w-])({_FULL_NAME})\s*$")
_NAME_AFTER = re.compile(rf"\s+({_FULL_NAME})(?![\w-])")
_SPEECH_VERBS = frozenset("said says told added stated warned noted argued wrote explained claimed".split())
# what may stand between "Japan's"/"Russian" and a title: "Russian defense minister", "Japan's then foreign minister"
_BEFORE_TITLE = re.compile(r"(?:'s?)?(?:\s+[a-z][\w-]*){0,2}\s+")
_OF_COUNTRY = re.compile(r"\s+of\s+(?:the\s+)?")
_INITIAL = re.compile(r"[A-Z]\.")
_NON_SPACE = re.compile(r"\S+")
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
        How the text names it: ``name`` (a person's full name, or a country's,
        organisation's or outlet's listed name), ``capital`` (a capital or a
        state institution), ``demonym``, ``surname``, ``alias`` (the caller's).
    """

    start: int
    end: int
    actor: str
    kind: str
    affiliation: str
    via: str


@lru_cache(maxsize=None)
def _literal(word: str) -> re.Pattern:
    return re.compile(re.escape(word) + r"(?![\w'])")


def _name_words(name: str) -> list[str]:
    return [w for w in name.split() if not _INITIAL.fullmatch(w)]


def _clean_name(name: str, gazetteer: Gazetteer, titles: frozenset[str] = frozenset()) -> str:
    """Drop leading words that are not part of a name ("The", a demonym, a title); "" if nothing is left.

    The result is a substring of ``name`` (its tail), so its offset is ``name.index(result)``.
    """
    for m in _NON_SPACE.finditer(name):
        word = m.group()
        if word not in _NOT_NAMES and not gazetteer.knows(word) and word.lower().rstrip(".") not in titles:
            return name[m.start():] if _name_words(name[m.start():]) else ""
    return ""


class People:
    """People an article names: full name → the country the text says they belong to ("" if none)."""

    def __init__(self) -> None:
        self.affiliation: dict[str, str] = {}

    def add(self, name: str, affiliation: str = "") -> None:
        if not self.affiliation.get(name):
            self.affiliation[name] = affiliation


def _country_of(hits: Sequence[Hit]) -> str:
    for h in hits:
        if h.place.affiliation:
            return h.place.affiliation
    return ""


def find_people(reading: "Reading") -> People:
    """The people the article names (rule 2 of the module notes), with their countries."""
    doc, lexicons, gazetteer, hits = reading.doc, reading.lexicons, reading.gazetteer, reading.gazetteer_hits
    text = doc.text
    people = People()
    hit_starting = {h.start: h for h in hits}
    hit_starts = [h.start for h in hits]
    hit_ends = [h.end for h in hits]  # hits do not overlap: ends are sorted too
    for m in lexicons["titles"].matcher.finditer(doc.lower, doc.vocabulary):
        after = _NAME_AT.match(text, m.end)
        if after is None:
            continue
        name = _clean_name(after.group(1), gazetteer)
        if not name or name.split()[-1] in _NOT_NAMES:
            continue
        start = after.start(1) + after.group(1).index(name)
        nearby = hits[bisect_left(hit_ends, m.start - 40):bisect_right(hit_ends, m.start)]
        affiliation = next(
            (h.place.affiliation for h in nearby if h.place.affiliation and _BEFORE_TITLE.fullmatch(text, h.end, m.start)),
            "",
        )
        of = _OF_COUNTRY.match(text, start + len(name))
        if not affiliation and of is not None and of.end() in hit_starting:
            affiliation = hit_starting[of.end()].place.affiliation
        people.add(name, affiliation)
    for m in _APPOSITIVE_CUE.finditer(text):
        before = _NAME_BEFORE.search(text, max(0, m.start() - 60), m.start())
        if before is None:
            continue
        name = _clean_name(before.group(1), gazetteer)
        if name:
            clause = _CLAUSE_END.search(text, m.end(), m.end() + 120)
            clause_end = clause.start() if clause else m.end() + 120
            people.add(name, _country_of(hits[bisect_left(hit_starts, m.end()):bisect_left(hit_starts, clause_end)]))
    # "Foreign Minister Anja Berg told reporters": the name before the verb starts after its title
    titles = frozenset(t for t in lexicons["titles"].entries if " " not in t)
    for verb in sorted(_SPEECH_VERBS & doc.vocabulary):  # in a fixed order: the first person found wins a shared surname
        for m in _literal(verb).finditer(doc.lower):
            after = _NAME_AFTER.match(text, m.end())
            before = _NAME_BEFORE.search(text, max(0, m.start() - 60), m.start())
            for found in (after, before):
                name = _clean_name(found.group(1), gazetteer, titles) if found else ""
                if name and not gazetteer.knows(name):
                    people.add(name)
    return people


# runs of capitalised words (with initials): where people's names are looked up
_CAPITALISED_RUN = re.compile(r"[A-Z][\w'-]*(?:\.?[ \t]+(?:[A-Z]\.[ \t]+)?[A-Z][\w'-]*)*")
_RUN_WORD = re.compile(r"[\w-]+(?:'\w+)*")


def _person_mentions(doc: "Document", people: People) -> list[Mention]:
    """Every occurrence of each person's full name or surname."""
    if not people.affiliation:
        return []
    surname_of: dict[str, str] = {}
    for name in people.affiliation:
        surname = _name_words(name)[-1]
        # the longer name wins a shared surname ("Kishida" → "Fumio Kishida", not "Kishida")
        if surname not in surname_of or len(name) > len(surname_of[surname]):
            surname_of[surname] = name
    out = []
    for run in _CAPITALISED_RUN.finditer(doc.text):
        for word in _RUN_WORD.finditer(run.group()):
            token = word.group()
            name = surname_of.get(token[:-2] if token.endswith("'s") else token)
            if name is None:
                continue
            end = run.start() + word.start() + len(token) - (2 if token.endswith("'s") else 0)
            start = end - len(name)
            full = start >= run.start() and " ".join(doc.text[start:end].split()) == name
            start = start if full else end - len(token.removesuffix("'s"))
            out.append(Mention(start, end, name, "person", people.affiliation[name], "name" if full else "surname"))
    return out


@lru_cache(maxsize=256)
def _alias_finder(forms: tuple[str, ...]) -> re.Pattern:
    """Any of ``forms`` as whole words; in any case, except short ones ("US", "EU") as written."""
    short = [re.escape(f) for f in forms if sum(c.isalpha() for c in f) <= 3]
    long = [r"\s+".join(map(re.escape, f.split())) for f in forms if sum(c.isalpha() for c in f) > 3]
    either = ([f"(?i:{'|'.join(long)})"] if long else []) + short
    return re.compile(r"(?<![\w'])(?:" + "|".join(either) + r")(?![\w-])")


def _given_mentions(doc: "Document", actors: Mapping[str, Sequence[str]], gazetteer: Gazetteer) -> list[Mention]:
    out = []
    for name, aliases in actors.items():
        place = gazetteer.lookup(name)
        kind, affiliation = (place.kind, place.affiliation) if place is not None and place.name == name else ("given", "")
        forms = tuple(sorted({f.strip() for f in (name, *aliases) if f.strip()}, key=len, reverse=True))
        out.extend(Mention(m.start(), m.end(), name, kind, affiliation, "alias") for m in _alias_finder(forms).finditer(doc.text))
    return out


def find_mentions(reading: "Reading", actors: Mapping[str, Sequence[str]]) -> list[Mention]:
    """All actor mentions of the article in text order (see the module notes for the rules).

    Parameters
    ----------
    actors : mapping
        The caller's actors: name → aliases.  Their mentions take precedence.
    """
    doc, gazetteer, hits = reading.doc, reading.gazetteer, reading.gazetteer_hits
    people = reading.people
    gazetteer_mentions = [Mention(h.start, h.end, h.place.name, h.place.kind, h.place.affiliation, h.place.via) for h in hits]
    ranked = _given_mentions(doc, actors, gazetteer) + _person_mentions(doc, people) + gazetteer_mentions
    taken = np.zeros(len(doc.text), dtype=bool)
    kept = []
    for mention in ranked:
        if taken[mention.start:mention.end].any():
            continue
        taken[mention.start:mention.end] = True
        kept.append(mention)
    kept.sort()
    return kept
