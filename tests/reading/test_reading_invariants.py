"""Fast paths of the reading's analyses give exactly what the plain versions they replace give.

Negation of a certainty cue, the loaded tagger's scores and the quotation label
search, each checked against a plain reference on generated strings full of the
awkward cases.
"""

from __future__ import annotations

import random

import numpy as np

from framing.lexicons import LexiconSet
from framing.reading import LoadedTagger, Reading
from framing.reading.certainty import _CLAUSE_BREAK, _NEGATION_WINDOW, _NEGATOR, _negated
from framing.reading.loaded_tagger import WINDOW, sentence_ids, shape_codes, token_categories, windowed
from framing.reading.quotations import LABEL_CUE, LABEL_STEMS
from framing.text import prepare

from generated import WORD_PIECES, sourcing_texts, word_texts


def test_negation_reads_the_same_as_the_whole_window():
    def whole_window(lower, start, sentence_start):
        before = lower[max(sentence_start, start - 60):start]
        breaks = list(_CLAUSE_BREAK.finditer(before))
        if breaks:
            before = before[breaks[-1].end():]
        words = before.split()[-_NEGATION_WINDOW:]
        return bool(words) and bool(_NEGATOR.search(" ".join(words)))

    rnd = random.Random(5)
    for text in word_texts(3000, 6):
        text = text.lower() + " cue"
        start = len(text) - 3
        sentence_start = rnd.randint(0, start)
        assert _negated(text, start, sentence_start) == whole_window(text, start, sentence_start)


def test_tagger_scores_from_word_rows_are_the_sums_per_offset():
    """The tagger gathers a row of five weights per word (one cache line a token); the plain
    form gathers from one row per offset and patches the tokens near a lexicon term: the
    scores are bit-identical (the same float32 values added in the same order)."""
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
        if tagger.sentence_word_weights is not None:
            total += tagger.sentence_scores(sentence_ids(doc), tagger.token_ids(doc), token_categories(doc, terms, tagger.categories))
        return total

    pieces = WORD_PIECES + ["slammed", "disastrous", "so-called", "regime", "outrageous", "Japan's", "very", "brutal", "\u201c"]
    rnd = random.Random(11)
    texts = ["".join(rnd.choice(pieces) + rnd.choice([" ", " ", "\n", ". "]) for _ in range(rnd.randint(0, 40))) for _ in range(400)]
    for text in texts + ["", "slammed", "outrageous slammed brutal"]:
        doc = prepare(text)
        terms = [(start, end, entry.category) for start, end, entry in Reading(doc, lexicons, None).loaded_matches]
        got = tagger.scores(doc, terms)
        if doc.n_tokens:
            assert got.dtype == np.float32 and np.array_equal(got, plain(doc, terms)), text


def test_a_labelling_cue_holds_one_of_the_stems():
    """The label search runs only where the lower-cased window holds a stem: it finds nothing elsewhere."""
    words = ["CALLED", "Dubbed", "labelled", "termed", "brands", "recall", "it", "the", "\u212a", "\u017f", "-", "\n", " "]
    rnd = random.Random(3)
    for text in sourcing_texts(1000, 3) + [" ".join(rnd.choice(words) for _ in range(rnd.randint(0, 8))) for _ in range(3000)]:
        if LABEL_CUE.search(text):
            assert any(stem in text.lower() for stem in LABEL_STEMS), text
