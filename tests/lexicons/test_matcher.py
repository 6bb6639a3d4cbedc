"""The lexicon matcher finds what its plain rule finds, searching each word or looking words up.

Checked on generated strings full of the awkward cases (apostrophes, hyphens,
line breaks, other white space, abbreviations), with a test lexicon and with the
shipped lexicons' multiword entries.
"""

from __future__ import annotations

import random
import re

import pytest

from framing.lexicons import Lexicon, Matcher
from framing.lexicons.matcher import vocabulary
from framing.text import WORD
from framing.text.words import TextVocabulary, scan_words

from generated import WORD_PIECES, word_texts


def _reference_matches(matcher: Matcher, text: str) -> list:
    """The matcher's rule, plainly: at each start of a first word of its entries (a whole
    word, touching no word character or apostrophe), the longest entry; a match hides the
    starts inside it."""
    vocab = vocabulary(text)
    words = [w for w in vocab & matcher._first_words if not matcher._needs[w] or any(r <= vocab for r in matcher._needs[w])]
    words += matcher._wild_first.findall("\n".join(vocab)) if matcher._wild_first else []
    starts = set()
    for word in words:
        for m in re.finditer(re.escape(word) + r"(?![\w'])", text):
            if m.start() == 0 or not (text[m.start() - 1].isalnum() or text[m.start() - 1] in "_'"):
                starts.add(m.start())
    out, end = [], -1
    for pos in sorted(starts):
        m = matcher._entry_at.match(text, pos) if pos >= end else None
        entry = m and (matcher._exact.get(" ".join(m.group().split())) or matcher._prefix_entry(" ".join(m.group().split())))
        if entry:
            end = m.end()
            out.append((pos, end, entry.term))
    return out


@pytest.mark.parametrize("seed", [2, 3])
@pytest.mark.parametrize("indexed", [False, True])
def test_matcher_matches_the_plain_rule(seed, indexed):
    """With a plain word set the matcher searches each word; given the text's :class:`TextVocabulary`
    it looks words up instead: the same matches either way, including a wildcard that stops
    at an apostrophe ("ma*" in "may's")."""
    lexicon = Lexicon.parse(
        "may\th\nmay's\tp\nma*\tw\nin fact\tb\nin part\th\nin-depth\tx\nin\ti\nof course\tb\noutrag*\tl\n"
        "outrage machine\tl\nsaid\tr\tv\nleaders' plan\tq\nrock 'n' roll\tm\nn\tn\ne.g\te\n",
        "test",
    )
    for text in word_texts(500, seed):
        low = text.lower()
        vocab = TextVocabulary.of(low, *scan_words(low)) if indexed else None
        got = [(m.start, m.end, m.entry.term) for m in lexicon.matcher.finditer(low, vocab)]
        assert got == _reference_matches(lexicon.matcher, low), low


@pytest.mark.parametrize("name", ["hedges", "boosters", "loaded", "reporting_verbs", "attribution_cues"])
def test_shipped_matchers_given_the_next_word_match_the_plain_rule(name):
    """At a word whose longer entries need a next word, the indexed matcher reads the next
    token instead of trying the regular expression: the matches are the plain rule's, for the
    shipped lexicons, their multiword entries cut, joined and followed by awkward tokens."""
    matcher = Lexicon.load(name).matcher
    multi = [t for t in list(matcher._exact) + [p + "*" for p in matcher._prefixes] if not WORD.fullmatch(t)]
    rnd = random.Random(len(name))
    pieces = []
    for term in rnd.sample(multi, min(len(multi), 150)):
        words = term.rstrip("*").split()
        pieces += [term.rstrip("*"), words[0], " ".join(words[:2]), words[0] + "'s", words[0] + "  \n" + " ".join(words[1:]), words[-1] + "'"]
    assert any(matcher._followers.values())
    seps = [" ", " ", "  ", "\n", "'", "-", ". ", ", ", "' ", " '"]
    texts = ["".join(rnd.choice(pieces + WORD_PIECES) + rnd.choice(seps) for _ in range(rnd.randint(0, 30))) for _ in range(1500)]
    for text in texts:
        low = text.lower()
        vocab = TextVocabulary.of(low, *scan_words(low))
        got = [(m.start, m.end, m.entry.term) for m in matcher.finditer(low, vocab)]
        assert got == _reference_matches(matcher, low), low
