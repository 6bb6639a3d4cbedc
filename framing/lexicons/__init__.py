"""Word lists as plain data files, and the matcher that finds their entries in text.

A lexicon file (``data/<name>.tsv``) starts with ``#`` header lines that name
where the list comes from; every other line is ``term<TAB>category`` with an
optional third column ``forms``:

* ``v``: add the regular verb inflections (provoke → provokes, provoked, provoking),
* ``n``: add the plural (provocation → provocations),
* a trailing ``*`` on the term matches any word ending (``outrag*``),
* spaces in a term match any run of white space (``according to``).

Users extend or replace lists without editing the package::

    from framing.lexicons import Lexicon
    mine = Lexicon.load("hedges").extended(["arguably\\tepistemic_adverb"])
    framing.Extractor(lexicons={"hedges": mine})

or pass a path to a file of their own in the same format.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator, Mapping, NamedTuple, Union

DATA = "data"


class Entry(NamedTuple):
    term: str
    category: str


class Match(NamedTuple):
    start: int
    end: int
    entry: Entry


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
        ref = resources.files(__package__).joinpath(DATA, f"{name}.tsv")
        if not ref.is_file():
            known = sorted(p.name[:-4] for p in resources.files(__package__).joinpath(DATA).iterdir() if p.name.endswith(".tsv"))
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
        """The compiled :class:`Matcher` for these entries (built once)."""
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


def _trie_regex(terms: Iterable[str]) -> str:
    """A regular expression equivalent to ``a|b|c…`` but branching like a trie, so it runs fast."""
    root: dict = {}
    for term in terms:
        node = root
        atoms = list(term[:-1]) + ["*"] if term.endswith("*") else list(term)
        for atom in atoms:
            node = node.setdefault(atom, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        branches = []
        for atom in sorted(k for k in node if k):
            if atom == "*":
                piece = r"\w*"
            elif atom == " ":
                piece = r"\s+"
            else:
                piece = re.escape(atom)
            child = emit(node[atom])
            branches.append(piece + child)
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            body = "(?:" + body + ")?"
        return body

    return emit(root)


_FIRST_WORD = re.compile(r"\w+(?:'\w+)*\*?")
VOCABULARY_WORD = re.compile(r"\w+(?:'\w+)*")
_START = re.Match.start


def _continuations(entries: Iterable[str]) -> dict[str, str]:
    """First word → a lookahead for the rest of its entries, for words that begin only multiword
    entries: "in" of "in fact" is searched as "in" followed by "fact", not at every "in"."""
    by_first: dict[str, list[str]] = {}
    for term in entries:
        words = _FIRST_WORD.findall(term)
        if words:
            by_first.setdefault(words[0], []).append(term)
    return {
        word: "(?=" + _trie_regex(t[len(word):] for t in terms) + ")"
        for word, terms in by_first.items()
        if not word.endswith("*") and all(t.startswith(word) and t != word for t in terms)
    }


# For ASCII text, the words of VOCABULARY_WORD are the runs of word characters and
# apostrophes once every apostrophe not between two word characters is a space:
# str.translate and str.split find them several times faster than the regex.
_LONE_APOSTROPHE = re.compile(r"'(?:(?<!\w')|(?!\w))", re.ASCII)
_ASCII_NON_WORD = {c: " " for c in range(128) if not (chr(c).isalnum() or chr(c) in "_'")}


def words_of(text: str) -> list[str]:
    """The words of ``text`` in order: ``VOCABULARY_WORD.findall(text)``, faster."""
    if not text.isascii():
        return VOCABULARY_WORD.findall(text)
    if "'" in text:
        text = _LONE_APOSTROPHE.sub(" ", text)
    return text.translate(_ASCII_NON_WORD).split()


def vocabulary(lower_text: str) -> frozenset[str]:
    """The distinct words of a lower-cased text, as :class:`Matcher` expects them."""
    return frozenset(words_of(lower_text))


class Matcher:
    """Finds lexicon entries in lower-cased text, whole words only, longest match first.

    Scanning a text with one big alternation costs time at every character.
    Instead the matcher intersects the text's vocabulary with the first words
    of its entries (a set operation in C), finds the few words present with a
    literal search, and tries the entries only there.
    """

    def __init__(self, entries: Mapping[str, Entry]):
        self._exact = {k: v for k, v in entries.items() if not k.endswith("*")}
        self._prefixes = {k[:-1]: v for k, v in entries.items() if k.endswith("*")}
        self._longest_prefix = max((len(k) for k in self._prefixes), default=0)
        # first word → the sets of other words its entries need (a multiword
        # entry is worth looking for only if all its words occur in the text)
        self._needs: dict[str, list[frozenset[str]]] = {}
        for k in entries:
            words = _FIRST_WORD.findall(k)
            if words:
                rest = frozenset(w for w in words[1:] if not w.endswith("*"))
                self._needs.setdefault(words[0], []).append(rest)
        self._needs = {w: ([] if any(not r for r in rs) else rs) for w, rs in self._needs.items()}
        firsts = set(self._needs)
        self._first_words = frozenset(w for w in firsts if not w.endswith("*"))
        wild = sorted(w[:-1] for w in firsts if w.endswith("*"))
        self._wild_first = re.compile("^(?:" + "|".join(map(re.escape, wild)) + r")\w*$", re.M) if wild else None
        pattern = _trie_regex(entries) if entries else r"(?!x)x"
        self._entry_at = re.compile(r"(?:" + pattern + r")(?!\w)")
        self._continuations = _continuations(entries)
        self._word_finders: dict[tuple[str, bool], re.Pattern] = {}

    def _finder(self, word: str, wild: bool = False) -> re.Pattern:
        """The regex that finds ``word`` as a whole word, followed by what its entries need there."""
        finder = self._word_finders.get((word, wild))
        if finder is None:
            literal = re.escape(word)
            # The lookbehind comes after the word, so the regex starts with the
            # whole word as a literal (searched fast); it tests the character before the word.
            follow = "" if wild else self._continuations.get(word, "")
            finder = re.compile(rf"{literal}(?<![\w']{literal})(?![\w']){follow}")
            self._word_finders[word, wild] = finder
        return finder

    def finditer(self, lower_text: str, vocab: frozenset[str] | None = None) -> Iterator[Match]:
        """Yield :class:`Match` for every entry found in ``lower_text``, in text order.

        ``vocab`` is :func:`vocabulary` of the text, passed to share it between lexicons.
        """
        if vocab is None:
            vocab = vocabulary(lower_text)
        finders = [
            self._finder(w) for w in vocab & self._first_words if not self._needs[w] or any(r <= vocab for r in self._needs[w])
        ]
        if self._wild_first is not None:
            finders += [self._finder(w, wild=True) for w in self._wild_first.findall("\n".join(vocab))]
        starts: set[int] = set()
        for finder in finders:
            starts.update(map(_START, finder.finditer(lower_text)))  # no Python step per occurrence
        end = -1
        for pos in sorted(starts):
            if pos < end:
                continue
            m = self._entry_at.match(lower_text, pos)
            if m is None:
                continue
            found = m.group()
            key = found if found.isalpha() else " ".join(found.split())
            entry = self._exact.get(key) or self._prefix_entry(key)
            if entry is not None:
                end = m.end()
                yield Match(pos, end, entry)

    def _prefix_entry(self, key: str) -> Entry | None:
        for n in range(min(len(key), self._longest_prefix), 0, -1):
            entry = self._prefixes.get(key[:n])
            if entry is not None:
                return entry
        return None


class LexiconSet:
    """The lexicons an extractor uses: the shipped ones, with the caller's overrides.

    Parameters
    ----------
    overrides : mapping, optional
        Lexicon name → :class:`Lexicon`, path to a file, or iterable of lines.
    """

    def __init__(self, overrides: Mapping[str, Union[Lexicon, str, os.PathLike, Iterable[str]]] | None = None):
        self._overrides = dict(overrides or {})
        self._loaded: dict[str, Lexicon] = {}

    def __getitem__(self, name: str) -> Lexicon:
        if name not in self._loaded:
            given = self._overrides.get(name)
            if given is None:
                lex = Lexicon.load(name)
            elif isinstance(given, Lexicon):
                lex = given
            elif isinstance(given, (str, os.PathLike)):
                lex = Lexicon.from_file(given, name=name)
            else:
                lex = Lexicon(name, {}, "given by the caller").extended(given)
            self._loaded[name] = lex
        return self._loaded[name]

