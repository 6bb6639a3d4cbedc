"""Lexicon files: plain word lists with a header naming their origin.

A lexicon file (``data/<name>.tsv``) starts with ``#`` header lines that name
where the list comes from; every other line is ``term<TAB>category`` with an
optional third column ``forms``:

* ``v``: add the regular verb inflections (provoke → provokes, provoked, provoking),
* ``n``: add the plural (provocation → provocations),
* a trailing ``*`` on the term matches any word ending (``outrag*``),
* spaces in a term match any run of white space (``according to``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator, Mapping, NamedTuple, Union

from .matcher import Matcher

DATA = "data"
PACKAGE = "framing.lexicons"


class Entry(NamedTuple):
    term: str
    category: str


def _verb_forms(verb: str) -> list[str]:
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
        stem = verb[:-1]
        return [verb + "s", stem + "ed", stem + "ing"]
    if verb.endswith("y") and len(verb) > 2 and verb[-2] not in "aeiou":
        return [verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"]
    if verb.endswith(("s", "sh", "ch", "x", "z")):
        return [verb + "es", verb + "ed", verb + "ing"]
    # consonant-vowel-consonant monosyllables double the last letter: slam → slammed
    if re.fullmatch(r"[^aeiou]*[aeiou][bdgklmnprt]", verb):
        return [verb + "s", verb + verb[-1] + "ed", verb + verb[-1] + "ing"]
    return [verb + "s", verb + "ed", verb + "ing"]


def _noun_forms(noun: str) -> list[str]:
    if noun.endswith(("s", "sh", "ch", "x", "z")):
        return [noun + "es"]
    if noun.endswith("y") and len(noun) > 2 and noun[-2] not in "aeiou":
        return [noun[:-1] + "ies"]
    return [noun + "s"]


def expand_forms(term: str, forms: str) -> list[str]:
    """The surface forms of ``term`` (the last word is inflected) for the ``forms`` code."""
    head, _, last = term.rpartition(" ")
    prefix = head + " " if head else ""
    out = [term]
    if "v" in forms:
        out += [prefix + f for f in _verb_forms(last)]
    if "n" in forms:
        out += [prefix + f for f in _noun_forms(last)]
    return out


@dataclass(frozen=True, eq=False)
class Lexicon:
    """A named word list: surface form → :class:`Entry`.

    Parameters
    ----------
    name : str
        What the list is (``"hedges"``).
    entries : mapping
        Lower-case surface form (wildcards end in ``*``) → entry.
    source : str
        Where the list comes from (the file header).
    """

    name: str
    entries: Mapping[str, Entry]
    source: str = ""

    @classmethod
    def load(cls, name: str) -> "Lexicon":
        """Load a lexicon that ships with the package (``data/<name>.tsv``)."""
        ref = resources.files(PACKAGE).joinpath(DATA, f"{name}.tsv")
        if not ref.is_file():
            known = sorted(p.name[:-4] for p in resources.files(PACKAGE).joinpath(DATA).iterdir() if p.name.endswith(".tsv"))
            raise KeyError(f"no lexicon named {name!r}; known: {', '.join(known)}")
        return cls.parse(ref.read_text(encoding="utf-8"), name=name, origin=f"framing/lexicons/data/{name}.tsv")

    @classmethod
    def from_file(cls, path: Union[str, os.PathLike], name: str | None = None) -> "Lexicon":
        """Load a lexicon from a file in the package's format."""
        path = Path(path)
        return cls.parse(path.read_text(encoding="utf-8"), name=name or path.stem, origin=str(path))

    @classmethod
    def parse(cls, text: str, name: str, origin: str = "<string>") -> "Lexicon":
        header: list[str] = []
        entries: dict[str, Entry] = {}
        for lineno, line in enumerate(text.splitlines(), 1):
            if line.startswith("#"):
                header.append(line[1:].strip())
                continue
            if not line.strip():
                continue
            for surface, entry in _parse_line(line, origin, lineno):
                entries.setdefault(surface, entry)
        return cls(name, entries, "\n".join(header))

    def extended(self, lines: Iterable[str]) -> "Lexicon":
        """A copy with more entries, each a ``term<TAB>category[<TAB>forms]`` line."""
        entries = dict(self.entries)
        for lineno, line in enumerate(lines, 1):
            for surface, entry in _parse_line(line, "<extended>", lineno):
                entries[surface] = entry
        return Lexicon(self.name, entries, self.source)

    def without(self, terms: Iterable[str]) -> "Lexicon":
        """A copy without the given surface forms."""
        drop = {t.lower() for t in terms}
        return Lexicon(self.name, {k: v for k, v in self.entries.items() if k not in drop}, self.source)

    @cached_property
    def categories(self) -> list[str]:
        """The categories of the entries, sorted."""
        return sorted({e.category for e in self.entries.values()})

    @cached_property
    def matcher(self) -> "Matcher":
        """The compiled :class:`~framing.lexicons.matcher.Matcher` for these entries (built once)."""
        return Matcher(self.entries)


def _parse_line(line: str, origin: str, lineno: int) -> Iterator[tuple[str, Entry]]:
    cols = line.rstrip("\n").split("\t")
    if len(cols) < 2 or not cols[0].strip() or not cols[1].strip():
        raise ValueError(f"{origin}, line {lineno}: expected 'term<TAB>category[<TAB>forms]', got {line!r}")
    term = " ".join(cols[0].lower().split())
    forms = cols[2].strip() if len(cols) > 2 else ""
    entry = Entry(term, cols[1].strip())
    for surface in expand_forms(term, forms):
        yield surface, entry
