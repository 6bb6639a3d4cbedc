"""Words of a text: the tokenisation every layer shares, and the indexes built on it.

A word is a run of word characters (``\\w``) with apostrophes between two of them
(:data:`WORD`: "Russia's", "don't", "rock" of "rock 'n' roll").  :func:`scan_words`
finds the words and their offsets in one pass; :class:`TextVocabulary` holds a text's
distinct words and where each occurs, which the lexicon matchers look their entries up
in; :class:`WordIndex` numbers a fixed list of words (a model's vocabulary).
"""

from __future__ import annotations

import re
from itertools import count
from typing import Collection, Iterable, Iterator, Sequence

import numpy as np

WORD = re.compile(r"\w+(?:'\w+)*")

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
    """The words of ``text`` in order: ``WORD.findall(text)``, faster."""
    return _spaced(text).split() if text.isascii() else WORD.findall(text)


def scan_words(text: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The words of ``text`` (``WORD.findall(text)``) and their start and end offsets,
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


class TextVocabulary(frozenset):
    """The distinct words of a lower-cased text, which also knows where each occurs.

    :meth:`framing.lexicons.Matcher.finditer` given the ``TextVocabulary`` of the very text it searches
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
    def of(cls, lower_text: str, words: list[str], starts: np.ndarray, ends: np.ndarray) -> "TextVocabulary":
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
