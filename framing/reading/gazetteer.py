"""The gazetteer: country names, capitals, state institutions, demonyms, organisations and outlets.

Each entry names the actor a word stands for: "Tokyo", "Japanese" and
"Japan's" are all the country Japan; "the Kremlin" is Russia; "NetEase" is an
outlet based in China.  The lists are plain lexicon files
(``framing/lexicons/data/actors_*.tsv``, and ``demonyms.tsv`` shared with
the loaded-language family) that callers may replace through a
:class:`~framing.lexicons.LexiconSet`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator, NamedTuple

from ..lexicons import Entry, LexiconSet, Matcher
from ..text.words import WORD

if TYPE_CHECKING:
    from ..text import Document

#: Gazetteer lexicon → (kind of actor, how the word refers to it).
LISTS = {
    "actors_countries": ("country", "name"),
    "actors_capitals": ("country", "capital"),
    "demonyms": ("country", "demonym"),
    "actors_organisations": ("organisation", "name"),
    "actors_outlets": ("outlet", "name"),
}


# "Sea of Japan" names a sea, not the state
_GEOGRAPHIC_OF = re.compile(r"(?:Sea|Gulf|Bay|Strait|Straits|Ocean|Islands?) of\s+$")


_PHRASE_WORD = re.compile(r"[\w.-]+(?:'\w+)*")
_KIND_RANK = {"person": 0, "outlet": 1, "organisation": 2, "country": 3}


class Place(NamedTuple):
    """What a gazetteer word refers to."""

    name: str
    kind: str
    affiliation: str
    via: str


class Hit(NamedTuple):
    """A gazetteer word found in ``doc.text`` (``possessive``: written ``X's``)."""

    start: int
    end: int
    place: Place
    possessive: bool


class Gazetteer:
    """All gazetteer lists in one matcher, so the longest name wins ("Washington Post" over "Washington").

    Parameters
    ----------
    lexicons : LexiconSet
        Where the ``actors_*`` lists come from (shipped or the caller's).
    """

    def __init__(self, lexicons: LexiconSet):
        surfaces: dict[str, Entry] = {}
        self.places: dict[Entry, Place] = {}
        self.by_name: dict[str, Place] = {}
        countries = lexicons["actors_countries"].entries
        for list_name, (kind, via) in LISTS.items():
            for surface, entry in lexicons[list_name].entries.items():
                name, _, affiliation = entry.category.partition("/")
                if via == "demonym":  # "British" → "Britain" → the country's name in the countries list
                    name = countries.get(name.lower(), Entry(name, name)).category
                place = Place(name, kind, affiliation or (name if kind == "country" else ""), via)
                key = Entry(entry.term, f"{list_name}:{entry.category}")
                self.places.setdefault(key, place)
                self.by_name.setdefault(name.lower(), place)
                for form in (surface, surface + ("'" if surface.endswith("s") else "'s")):
                    surfaces.setdefault(form, key)
        self.matcher = Matcher(surfaces)
        self._surfaces = {form: self.places[key] for form, key in surfaces.items()}
        self._longest = max((len(form.split()) for form in surfaces), default=0)
        self._looked_up: dict[str, Place | None] = {}
        # short forms ("us", "who") are common words unless written in capitals: skip them when they are not
        self._short = frozenset(f for f in surfaces if f.isalpha() and len(f) <= 3)

    def find(self, text: str, lower: str, vocabulary: frozenset[str] | None = None) -> Iterator[Hit]:
        """Gazetteer words in ``text``, written as proper names (capitalised; short ones in capitals)."""
        vocabulary = vocabulary if vocabulary is not None else frozenset(WORD.findall(lower))
        lowered_only = [w for w in self._short & vocabulary if w.upper() not in text]
        for m in self.matcher.finditer(lower, vocabulary.difference(lowered_only) if lowered_only else vocabulary):
            written = text[m.start:m.end]
            if not written[0].isupper() and not written[0].isdigit():
                continue
            possessive = written.endswith(("'s", "'")) and not m.entry.term.endswith("'")
            core = written[: -2 if written.endswith("'s") else -1] if possessive else written
            if sum(c.isalpha() for c in core) <= 3 and not core.isupper():
                continue  # "us", "who", "Ap" are words, not the US, WHO, AP
            if _GEOGRAPHIC_OF.search(text, max(0, m.start - 12), m.start):
                continue
            yield Hit(m.start, m.end - (len(written) - len(core)), self.places[m.entry], possessive)

    def hits(self, doc: "Document") -> list[Hit]:
        """Gazetteer words of a document, in text order."""
        return list(self.find(doc.text, doc.lower, doc.vocabulary))

    def knows(self, word: str) -> bool:
        """Whether a word or name is listed ("Tokyo", "Japanese", "Kremlin's"), in any case."""
        return word.lower() in self._surfaces

    def named_in(self, phrase: str) -> Place | None:
        """The actor a phrase names through the gazetteer: an outlet before an organisation before a country.

        "NetEase experts" → NetEase; "a senior Japanese foreign ministry official" → Japan.
        """
        words = _PHRASE_WORD.findall(phrase)
        best = None
        for n in range(min(self._longest, len(words)), 0, -1):
            for i in range(len(words) - n + 1):
                if not words[i][0].isupper():
                    continue
                gram = " ".join(words[i:i + n])
                place = self._surfaces.get(gram.lower()) or self._surfaces.get(gram.lower().rstrip("."))
                if place is not None and (best is None or _KIND_RANK[place.kind] < _KIND_RANK[best.kind]):
                    best = place
        return best

    def _remember(self, key: str, place: Place | None) -> None:
        if len(self._looked_up) > 100_000:
            self._looked_up.clear()
        self._looked_up[key] = place

    def lookup(self, name: str) -> Place | None:
        """The place a canonical or listed name refers to ("Japan", "Tokyo"), if any."""
        if name not in self._looked_up:
            self._remember(name, self._lookup(name))
        return self._looked_up[name]

    def _lookup(self, name: str) -> Place | None:
        low = name.lower().strip()
        if low.startswith("the "):
            name, low = name.strip()[4:], low[4:]
        place = self.by_name.get(low)
        if place is None:
            hit = next(self.find(name, low), None)
            if hit is not None and hit.start == 0 and hit.end == len(name.rstrip()):
                place = hit.place
        return place
