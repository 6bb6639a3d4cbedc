"""Finding a lexicon's entries in text: whole words only, longest match first."""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING, Iterable, Iterator, Mapping, NamedTuple

from ..text.words import TextVocabulary, words_of

if TYPE_CHECKING:
    from .format import Entry


class Match(NamedTuple):
    start: int
    end: int
    entry: Entry


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



def vocabulary(lower_text: str) -> frozenset[str]:
    """The distinct words of a lower-cased text, as :class:`Matcher` expects them."""
    return frozenset(words_of(lower_text))


class Matcher:
    """Finds lexicon entries in lower-cased text, whole words only, longest match first.

    Scanning a text with one big alternation costs time at every character.
    Instead the matcher intersects the text's vocabulary with the first words
    of its entries (a set operation in C), finds where those words stand, and
    tries the entries only there.  Given the :class:`~framing.text.words.TextVocabulary` of the text
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
        the :class:`~framing.text.words.TextVocabulary` of ``lower_text`` itself is fastest.
        """
        if vocab is None:
            vocab = vocabulary(lower_text)
        firsts = list(vocab & self._free_words)
        firsts += [w for w in vocab & self._needy_words if any(r <= vocab for r in self._needs[w])]
        if isinstance(vocab, TextVocabulary) and vocab.text is lower_text:
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
