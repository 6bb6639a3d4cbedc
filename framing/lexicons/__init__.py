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
from bisect import bisect_left
from itertools import count
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Collection, Iterable, Iterator, Mapping, NamedTuple, Sequence, Union

import numpy as np

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
_new_match = tuple.__new__  # Match without its Python-level __new__: one is built per match


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


# The words of VOCABULARY_WORD are the runs of word characters (``\\w``: alphanumeric
# or "_") and of apostrophes between two word characters.
_ASCII_WORD = np.array([chr(c).isalnum() or c == 95 for c in range(128)])
_APOSTROPHE, _SPACE = ord("'"), ord(" ")
# For ASCII text, the words are also the runs of word characters and apostrophes once every
# apostrophe not between two word characters is a space: str.translate and str.split find
# them several times faster than the regex.
_LONE_APOSTROPHE = re.compile(r"'(?:(?<!\w')|(?!\w))", re.ASCII)
_LONE_APOSTROPHE_ANY = re.compile(_LONE_APOSTROPHE.pattern)  # in any script
_ASCII_NON_WORD = {c: " " for c in range(128) if not (chr(c).isalnum() or chr(c) in "_'")}


def _spaced(ascii_text: str) -> str:
    """``ascii_text`` with every character that belongs to no word replaced by a space."""
    if "'" in ascii_text:
        ascii_text = _LONE_APOSTROPHE.sub(" ", ascii_text)
    return ascii_text.translate(_ASCII_NON_WORD)


def words_of(text: str) -> list[str]:
    """The words of ``text`` in order: ``VOCABULARY_WORD.findall(text)``, faster."""
    return _spaced(text).split() if text.isascii() else VOCABULARY_WORD.findall(text)


def scan_words(text: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The words of ``text`` (``VOCABULARY_WORD.findall(text)``) and their start and end offsets,
    from one pass over the characters."""
    if text.isascii():
        spaced = _spaced(text)
        in_word = np.frombuffer(spaced.encode("ascii"), dtype=np.uint8) != _SPACE
    else:
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        in_word = _ASCII_WORD.take(np.minimum(codes, 127))  # 127 is no word character
        high = np.flatnonzero(codes > 127)
        if len(high):
            found, where = np.unique(codes[high], return_inverse=True)
            in_word[high] = np.array([chr(c).isalnum() for c in found.tolist()])[where]
        joins = np.flatnonzero(codes[1:-1] == _APOSTROPHE) + 1
        if len(joins):
            in_word[joins[in_word[joins - 1] & in_word[joins + 1]]] = True
        spaced = np.where(in_word, codes, np.uint32(_SPACE)).tobytes().decode("utf-32-le", "surrogatepass")
    padded = np.zeros(len(in_word) + 2, dtype=bool)
    padded[1:-1] = in_word
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return spaced.split(), np.ascontiguousarray(edges[::2]), np.ascontiguousarray(edges[1::2])


def vocabulary(lower_text: str) -> frozenset[str]:
    """The distinct words of a lower-cased text, as :class:`Matcher` expects them."""
    return frozenset(words_of(lower_text))


class Vocabulary(frozenset):
    """The distinct words of a lower-cased text, which also knows where each occurs.

    :meth:`Matcher.finditer` given a ``Vocabulary`` of the very text it searches
    looks its entries' first words up here instead of scanning the text once
    per word.  Build it with :meth:`of`.

    Attributes
    ----------
    words : list of str
        The word tokens in order, with their ``starts`` and ``ends`` (arrays).
    word_ids : ndarray
        The id of each token's word: the index of the word's first token.
    """

    __slots__ = ("_ids", "_index", "_lines", "ends", "starts", "text", "word_ids", "words")

    @classmethod
    def of(cls, lower_text: str, words: list[str], starts: np.ndarray, ends: np.ndarray) -> "Vocabulary":
        """The vocabulary of ``lower_text`` from its :func:`scan_words`."""
        # one pass numbers the words: a word's id is the index of its first token
        index: dict[str, int] = {}
        word_ids = np.fromiter(map(index.setdefault, words, count()), dtype=np.intp, count=len(words))
        ids = word_ids
        # a word after or before an apostrophe ("rock 'n' roll") is no whole word: an id no word has
        lone = np.fromiter((m.start() for m in _LONE_APOSTROPHE_ANY.finditer(lower_text)), dtype=np.intp)
        if len(lone) and len(ids):
            ids = word_ids.copy()
            for edges, at in ((ends, lone), (starts, lone + 1)):
                i = np.minimum(np.searchsorted(edges, at), len(edges) - 1)
                ids[i[edges[i] == at]] = len(ids)
        vocab = cls(index)
        vocab.text, vocab.words, vocab.starts, vocab.ends, vocab.word_ids = lower_text, words, starts, ends, word_ids
        vocab._index, vocab._ids, vocab._lines = index, ids, None
        return vocab

    def ids_in(self, index: "WordIndex") -> np.ndarray:
        """Each token's id in ``index`` (``len(index)`` for a word not in it), each distinct word looked up once."""
        # word_ids numbers a token by its word's first token, and the words iterate in that order
        firsts = np.flatnonzero(self.word_ids == np.arange(len(self.word_ids)))
        table = np.empty(len(self.words), dtype=np.intp)
        table[firsts] = index.ids(self._index)
        return table.take(self.word_ids)

    @property
    def lines(self) -> str:
        """The distinct words, one a line, for the regular expressions of wildcard entries."""
        if self._lines is None:
            self._lines = "\n".join(self)
        return self._lines

    def occurrences_and_index(self, words: Iterable[str]) -> Iterator[tuple[int, str, int]]:
        """``(start, word, token index)`` for each occurrence of ``words`` that touches no apostrophe
        (the whole words a literal search with word boundaries finds), in text order."""
        found = self._found(words).tolist()
        return zip(self.starts[found].tolist(), map(self.words.__getitem__, found), found)

    def _found(self, words: Iterable[str]) -> np.ndarray:
        wanted = np.zeros(len(self.words) + 1, dtype=bool)  # the last slot: words touching an apostrophe
        wanted[list(map(self._index.__getitem__, words))] = True
        return np.flatnonzero(wanted[self._ids])


class WordIndex:
    """Words numbered ``0 … len(words) - 1``, looked up many at a time.

    Each word is found by its ``str`` hash (cached in the string) in a sorted
    array: the sorted queries of one call walk that array in order, where the
    probes of a large dict for a new document's words mostly miss the cache.
    Two words with one 64-bit hash would be confused; the constructor checks
    that its own words have distinct hashes.

    Parameters
    ----------
    words : sequence of str
        The words, word ``i`` having id ``i``.
    """

    def __init__(self, words: Sequence[str]):
        hashes = np.fromiter(map(hash, words), dtype=np.int64, count=len(words))
        order = np.argsort(hashes, kind="stable")
        self._hashes, self._ids = hashes[order], order
        if len(np.unique(hashes)) != len(hashes):
            raise ValueError("two words share a hash (or a word is repeated)")

    def __len__(self) -> int:
        return len(self._ids)

    def ids(self, words: Collection[str]) -> np.ndarray:
        """The id of each of ``words``, ``len(self)`` for a word not in the index."""
        hashes = np.fromiter(map(hash, words), dtype=np.int64, count=len(words))
        if not len(self._ids):
            return np.full(len(hashes), 0, dtype=np.intp)
        order = hashes.argsort()
        at = np.minimum(np.searchsorted(self._hashes, hashes[order]), len(self._ids) - 1)
        out = np.empty(len(hashes), dtype=np.intp)
        out[order] = np.where(self._hashes[at] == hashes[order], self._ids[at], len(self._ids))
        return out


class Matcher:
    """Finds lexicon entries in lower-cased text, whole words only, longest match first.

    Scanning a text with one big alternation costs time at every character.
    Instead the matcher intersects the text's vocabulary with the first words
    of its entries (a set operation in C), finds where those words stand, and
    tries the entries only there.  Given the :class:`Vocabulary` of the text
    (``Document.vocabulary``), it looks the words up in its word index, in
    time linear in the text whatever the number of words; given a plain set,
    it finds each word with a literal search of the whole text.
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
        self._needy_words = frozenset(w for w in self._first_words if self._needs[w])
        self._free_words = self._first_words - self._needy_words
        wild = sorted(w[:-1] for w in firsts if w.endswith("*"))
        self._wild_first = re.compile("^(?:" + "|".join(map(re.escape, wild)) + r")\w*$", re.M) if wild else None
        pattern = _trie_regex(entries) if entries else r"(?!x)x"
        self._entry_at = re.compile(r"(?:" + pattern + r")(?!\w)")
        self._continuations = _continuations(entries)
        self._word_finders: dict[tuple[str, bool], re.Pattern] = {}
        self._whole_words = _whole_word_entries(self._exact, self._prefixes, self._first_words)
        self._followers = _followers(self._exact, self._prefixes, self._first_words - self._whole_words.keys())

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

        ``vocab`` is :func:`vocabulary` of the text, passed to share it between lexicons;
        the :class:`Vocabulary` of ``lower_text`` itself is fastest.
        """
        if vocab is None:
            vocab = vocabulary(lower_text)
        firsts = list(vocab & self._free_words)
        firsts += [w for w in vocab & self._needy_words if any(r <= vocab for r in self._needs[w])]
        if isinstance(vocab, Vocabulary) and vocab.text is lower_text:
            if self._wild_first is not None:
                firsts += self._wild_first.findall(vocab.lines)
            yield from self._at_words(lower_text, vocab.occurrences_and_index(firsts), vocab.words)
            return
        wild = self._wild_first.findall("\n".join(vocab)) if self._wild_first is not None else []
        found: set[int] = set()
        for finder in [self._finder(w) for w in firsts] + [self._finder(w, wild=True) for w in wild]:
            found.update(map(_START, finder.finditer(lower_text)))  # no Python step per occurrence
        yield from self._at(lower_text, sorted(found))

    def _at(self, lower_text: str, starts: Iterable[int]) -> Iterator[Match]:
        """The match at each of ``starts`` (in text order) that no earlier match covers."""
        end = -1
        for pos in starts:
            if pos >= end:
                match = self._match_at(lower_text, pos)
                if match is not None:
                    end = match.end
                    yield match

    def _at_words(self, lower_text: str, found: Iterable[tuple[int, str, int]], tokens: list[str]) -> Iterator[Match]:
        """:meth:`_at` for whole words, given as ``(start, word, index in tokens)``: a word that is
        an entry and begins no longer one is its own match, without the regular expression; so
        is a word whose longer entries cannot go on with the next token (``"in"`` before ``"the"``,
        where only "in fact", "in part" could match), or no match if it is no entry itself."""
        whole, followers, exact = self._whole_words, self._followers, self._exact
        last = len(tokens) - 1
        end = -1
        for pos, word, i in found:
            if pos < end:
                continue
            entry = whole.get(word)
            if entry is None:
                nexts = followers.get(word)
                following = tokens[i + 1] if nexts is not None and i < last else ""
                if nexts is None or following in nexts or "'" in following:
                    match = self._match_at(lower_text, pos)
                else:
                    entry = exact.get(word)
                    match = None if entry is None else _new_match(Match, (pos, pos + len(word), entry))
            else:
                match = _new_match(Match, (pos, pos + len(word), entry))
            if match is not None:
                end = match.end
                yield match

    def _match_at(self, lower_text: str, pos: int) -> Match | None:
        """The longest entry that starts at ``pos``, or None."""
        m = self._entry_at.match(lower_text, pos)
        if m is None:
            return None
        found = m.group()
        key = found if found.isalpha() else " ".join(found.split())
        entry = self._exact.get(key) or self._prefix_entry(key)
        return None if entry is None else Match(pos, m.end(), entry)

    def _prefix_entry(self, key: str) -> Entry | None:
        for n in range(min(len(key), self._longest_prefix), 0, -1):
            entry = self._prefixes.get(key[:n])
            if entry is not None:
                return entry
        return None


def _followers(exact: Mapping[str, Entry], prefixes: Mapping[str, Entry], first_words: Iterable[str]) -> dict[str, frozenset[str]]:
    """First word → the words its longer entries go on with ("in" → {"fact", "part"}), for the
    words where the next token decides: at a whole-word occurrence of the word, an entry that
    goes on past it matches only if the next token is that entry's next word (or holds an
    apostrophe, "fact's", which :meth:`Matcher._at_words` leaves to the regular expression).
    Left out: words a wildcard could begin, and words with an entry whose rest holds no
    whole next word ("etc" of "etc.", "e" of "e.g") or a wildcard one."""
    terms = sorted(set(exact) | {p + "*" for p in prefixes})
    out = {}
    for word in first_words:
        if any(word.startswith(p) for p in prefixes):
            continue
        nexts: set[str] | None = set()
        i = bisect_left(terms, word)
        while i < len(terms) and terms[i].startswith(word):
            rest = terms[i][len(word):]
            i += 1
            if not rest or rest[0].isalnum() or rest[0] == "_":
                continue  # the word itself, or an entry with a longer first word
            following = _FIRST_WORD.findall(rest)
            if not following or following[0].endswith("*"):
                nexts = None
                break
            nexts.add(following[0])
        if nexts is not None:
            out[word] = frozenset(nexts)
    return out


def _whole_word_entries(exact: Mapping[str, Entry], prefixes: Mapping[str, Entry], first_words: Iterable[str]) -> dict[str, Entry]:
    """First words whose only match, where they stand as a whole word, is themselves: entries
    that no other entry extends past a word boundary ("in" of "in fact" is not one).  A
    wildcard entry ends at an apostrophe ("ab*" in "abc'd"), so words with one are left out
    where a wildcard could begin them."""
    terms = sorted(set(exact) | {p + "*" for p in prefixes})
    out = {}
    for word in first_words:
        if word not in exact or ("'" in word and any(word.startswith(p) for p in prefixes)):
            continue
        i = bisect_left(terms, word)
        extended = False
        while i < len(terms) and terms[i].startswith(word):
            rest = terms[i][len(word):]
            if rest and rest != "*" and not (rest[0].isalnum() or rest[0] == "_"):
                extended = True
                break
            i += 1
        if not extended:
            out[word] = exact[word]
    return out


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

