"""The fast paths give exactly what the plain versions they replace give.

Each speed-up of the text layer and the matchers is checked against a
straightforward reference on generated strings full of the awkward cases
(apostrophes, hyphens, line breaks, other white space, abbreviations).
"""

from __future__ import annotations

import random
import re

import pytest

from framing.reading.certainty import (
    _CLAUSE_BREAK,
    _NEGATION_WINDOW,
    _NEGATOR,
    _negated,
)
from framing.lexicons import Lexicon, Matcher
from framing.lexicons.matcher import vocabulary
from framing.text.words import WORD as VOCABULARY_WORD
from framing.text.words import TextVocabulary as Vocabulary
from framing.text.words import scan_words, words_of
from framing.text import boilerplate, document, normalize

PIECES = [
    "may", "May", "dismay", "may's", "'may'", "in", "in fact", "in  part", "in\nfact", "in-depth", "of course",
    "rock 'n' roll", "don''t", "leaders'", "'90s", "a'b'c", "x_y", "said", "said,", "said.", "Mr.", "U.S.", "No.",
    "e.g.", "3.5", "-", " - ", ",", ";", '"', "(", ")", "not", "never", "but", "and", "can't", "\t", "\x0c",
    "\u3000", "\u00e9t\u00e9", "caf\u00e9", "\n", "\n\n", "  ", "?", "!", "outraged", "outrage machine",
]


def _texts(n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    seps = [" ", " ", "", "\n", "'", "-", ". ", ", "]
    return ["".join(rnd.choice(PIECES) + rnd.choice(seps) for _ in range(rnd.randint(0, 40))) for _ in range(n)]


def test_words_of_is_the_regex():
    for text in _texts(3000, 1) + ["", "'", "''", "a''b", "'a'", "_'_", "x'"]:
        assert words_of(text) == VOCABULARY_WORD.findall(text)
        assert words_of(text.lower()) == VOCABULARY_WORD.findall(text.lower())


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


def test_scan_words_is_the_regex():
    odd = ["", "'", "''", "a''b", "'a'", "_'_", "x'", "\u0130stanbul caf\u00e9", "\u00e9'\u00e9 \u2163 x\u0301y", "a\ud800b"]
    for text in _texts(3000, 1) + odd:
        for variant in (text, text.lower()):
            words, starts, ends = scan_words(variant)
            assert words == VOCABULARY_WORD.findall(variant)
            assert list(zip(starts.tolist(), ends.tolist())) == [m.span() for m in VOCABULARY_WORD.finditer(variant)]


@pytest.mark.parametrize("seed", [2, 3])
@pytest.mark.parametrize("indexed", [False, True])
def test_matcher_matches_the_plain_rule(seed, indexed):
    """With a plain word set the matcher searches each word; given the text's :class:`Vocabulary`
    it looks words up instead: the same matches either way, including a wildcard that stops
    at an apostrophe ("ma*" in "may's")."""
    lexicon = Lexicon.parse(
        "may\th\nmay's\tp\nma*\tw\nin fact\tb\nin part\th\nin-depth\tx\nin\ti\nof course\tb\noutrag*\tl\n"
        "outrage machine\tl\nsaid\tr\tv\nleaders' plan\tq\nrock 'n' roll\tm\nn\tn\ne.g\te\n",
        "test",
    )
    for text in _texts(500, seed):
        low = text.lower()
        vocab = Vocabulary.of(low, *scan_words(low)) if indexed else None
        got = [(m.start, m.end, m.entry.term) for m in lexicon.matcher.finditer(low, vocab)]
        assert got == _reference_matches(lexicon.matcher, low), low


@pytest.mark.parametrize("name", ["hedges", "boosters", "loaded", "reporting_verbs", "attribution_cues"])
def test_shipped_matchers_given_the_next_word_match_the_plain_rule(name):
    """At a word whose longer entries need a next word, the indexed matcher reads the next
    token instead of trying the regular expression: the matches are the plain rule's, for the
    shipped lexicons, their multiword entries cut, joined and followed by awkward tokens."""
    matcher = Lexicon.load(name).matcher
    multi = [t for t in list(matcher._exact) + [p + "*" for p in matcher._prefixes] if not VOCABULARY_WORD.fullmatch(t)]
    rnd = random.Random(len(name))
    pieces = []
    for term in rnd.sample(multi, min(len(multi), 150)):
        words = term.rstrip("*").split()
        pieces += [term.rstrip("*"), words[0], " ".join(words[:2]), words[0] + "'s", words[0] + "  \n" + " ".join(words[1:]), words[-1] + "'"]
    assert any(matcher._followers.values())
    seps = [" ", " ", "  ", "\n", "'", "-", ". ", ", ", "' ", " '"]
    texts = ["".join(rnd.choice(pieces + PIECES) + rnd.choice(seps) for _ in range(rnd.randint(0, 30))) for _ in range(1500)]
    for text in texts:
        low = text.lower()
        vocab = Vocabulary.of(low, *scan_words(low))
        got = [(m.start, m.end, m.entry.term) for m in matcher.finditer(low, vocab)]
        assert got == _reference_matches(matcher, low), low


def test_sentences_match_one_lookbehind_per_abbreviation():
    not_abbreviation = "".join(rf"(?<!\b{a}\.)" for a in document._ABBREVIATIONS) + r"(?<!\b[A-Z]\.)(?<!\.[A-Za-z]\.)"
    terminator = rf"(?:[!?][.!?]*|\.{not_abbreviation}[.!?]*)[\"')\]]*(?=\s+[\"'(\[]*[^a-z\s]|\s*$)"
    plain = re.compile(rf"\S[^\n.!?]*(?:(?!{terminator})[.!?][^\n.!?]*)*(?:{terminator})?")
    extra = [w + ". The" for w in document._ABBREVIATIONS] + ["He met Sen. Kelly. Then", "Gov. X. Y. left. Z"]
    for text in _texts(2000, 4) + extra:
        assert [m.span() for m in document._SENTENCE_IN_LINES.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_negation_reads_the_same_as_the_whole_window():
    def whole_window(lower, start, sentence_start):
        before = lower[max(sentence_start, start - 60):start]
        breaks = list(_CLAUSE_BREAK.finditer(before))
        if breaks:
            before = before[breaks[-1].end():]
        words = before.split()[-_NEGATION_WINDOW:]
        return bool(words) and bool(_NEGATOR.search(" ".join(words)))

    rnd = random.Random(5)
    for text in _texts(3000, 6):
        text = text.lower() + " cue"
        start = len(text) - 3
        sentence_start = rnd.randint(0, start)
        assert _negated(text, start, sentence_start) == whole_window(text, start, sentence_start)


def test_normalization_edits_match_a_scan_of_every_unit():
    """The non-NFC path finds its units from the non-ASCII characters; a plain scan finds the same."""

    def plain(text):
        out = []
        for m in normalize._COMPOSABLE.finditer(text):
            piece = m.group()
            new = normalize._REPLACEMENTS.get(piece)
            if new is None:
                new = normalize.unicodedata.normalize("NFC", piece)
                new = normalize._REPLACEMENTS.get(new, normalize.normalize_same_length(new))
                if new == piece:
                    continue
            out.append((m.start(), m.end(), new))
        return out

    pieces = ["e\u0301", "\u0301", "\u0301\u0301", "\r", "\r\u0301", "\u00e9", "\u1ab0\u1ab0", "a", " ", "\u2014", "\u200b", "x\u20d0y"]
    rnd = random.Random(7)
    for _ in range(3000):
        text = normalize.normalize_same_length("".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12))) + "e\u0301")
        assert [tuple(e) for e in normalize.normalization_edits(text)] == plain(text), repr(text)


def test_boilerplate_lines_are_the_non_blank_lines():
    for text in _texts(3000, 8):
        plain = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if not m.group().isspace()]
        assert [m.span() for m in boilerplate._LINE.finditer(text)] == plain


def test_lazy_sentence_loops_match_the_greedy_ones():
    """The sentence patterns try the terminator once, in a lazy loop; the greedy loop with a
    negative lookahead (the plain form) finds the same sentences, in lines and in blocks."""
    terminator = document._TERMINATOR
    lines = re.compile(rf"\S[^\n.!?]*(?:(?!{terminator})[.!?][^\n.!?]*)*(?:{terminator})?")
    blocks = re.compile(rf"\S{document._IN_BLOCK}*(?:(?!{terminator})[.!?]{document._IN_BLOCK}*)*(?:{terminator})?")
    extra = ["", "\n", "a.\n", "a. \n\n b", "x!?\n  \ny", 'He said "no." Then', "end.", "end. ", "a\n \n", "A. B. c. D"]
    for text in _texts(3000, 9) + extra:
        assert [m.span() for m in document._SENTENCE_IN_LINES.finditer(text)] == [m.span() for m in lines.finditer(text)]
        assert [m.span() for m in document._SENTENCE_IN_BLOCKS.finditer(text)] == [m.span() for m in blocks.finditer(text)]


def test_vocabulary_ids_in_a_word_index_are_a_dict_lookup_per_token():
    """The loaded tagger's word lookup (one per distinct word, by hash) gives each token the id
    a dict gives its word, words touching an apostrophe ("rock 'n' roll") included."""
    from framing.text.words import WordIndex

    known = ["may", "in", "fact", "n", "rock", "roll", "leaders", "don't", "caf\u00e9", "said", "outrage"]
    index = WordIndex(known)
    ids = {w: i for i, w in enumerate(known)}
    for text in _texts(500, 7) + [""]:
        low = text.lower()
        words, starts, ends = scan_words(low)
        vocab = Vocabulary.of(low, words, starts, ends)
        assert vocab.ids_in(index).tolist() == [ids.get(w, len(known)) for w in words], low


def test_tagger_scores_from_word_rows_are_the_sums_per_offset():
    """The tagger gathers a row of five weights per word (one cache line a token); the plain
    form gathers from one row per offset and patches the tokens near a lexicon term: the
    scores are bit-identical (the same float32 values added in the same order)."""
    import numpy as np

    from framing.reading import Reading
    from framing.reading.loaded_tagger import WINDOW, LoadedTagger, shape_codes, token_categories, windowed
    from framing.lexicons import LexiconSet
    from framing.text import prepare

    tagger, lexicons = LoadedTagger.load(), LexiconSet()

    def plain(doc, terms):
        n = doc.n_tokens
        ids = windowed(tagger.token_ids(doc), len(tagger.vocabulary) + 1)
        cats = windowed(token_categories(doc, terms, tagger.categories), 0)
        total = tagger._shape_table.take(shape_codes(doc))
        for k in range(2 * WINDOW + 1):
            part = tagger._plain_word_weights[k].take(ids[k:k + n])
            for t in range(n):
                if cats[t + k]:
                    part[t] = tagger.word_weights[k, ids[t + k]] + tagger.category_weights[k, cats[t + k]]
            total += part
        return total

    pieces = PIECES + ["slammed", "disastrous", "so-called", "regime", "outrageous", "Japan's", "very", "brutal", "\u201c"]
    rnd = random.Random(11)
    texts = ["".join(rnd.choice(pieces) + rnd.choice([" ", " ", "\n", ". "]) for _ in range(rnd.randint(0, 40))) for _ in range(400)]
    for text in texts + ["", "slammed", "outrageous slammed brutal"]:
        doc = prepare(text)
        terms = [(start, end, entry.category) for start, end, entry in Reading(doc, lexicons, None).loaded_matches]
        got = tagger.scores(doc, terms)
        if doc.n_tokens:
            assert got.dtype == np.float32 and np.array_equal(got, plain(doc, terms)), text
