"""The loaded-language tagger: shipped arrays, scores, spans."""

from __future__ import annotations

import json

import numpy as np
import pytest

from framing.lexicons import LexiconSet
from framing.reading import LoadedTagger, Reading
from framing.reading.loaded_tagger import DATA, SHAPES, WINDOW, runs, sentence_ids, token_shapes
from framing.text import prepare


@pytest.fixture(scope="module")
def tagger() -> LoadedTagger:
    return LoadedTagger.load()


def terms_of(doc):
    return [(t.start, t.end, t.entry.category) for t in Reading(doc, LexiconSet(), None).loaded_terms]


def test_arrays_match_the_vocabulary_and_categories(tagger):
    offsets = 2 * WINDOW + 1
    assert tagger.word_weights.shape == (offsets, len(tagger.vocabulary) + 2)
    assert tagger.category_weights.shape == (offsets, len(tagger.categories) + 1)
    assert tagger.shape_weights.shape == (len(SHAPES),)
    assert tagger.categories == tuple(LexiconSet()["loaded"].categories)
    assert np.isfinite(tagger.word_weights).all()


def test_spec_names_its_training_data_and_cross_validation():
    spec = json.loads((DATA / "loaded_tagger.json").read_text(encoding="utf-8"))
    assert "all visible articles" in spec["training"]["data"]
    assert spec["cross_validation"]["rules"] and 0 < spec["cross_validation"]["Loaded_Language_with_rules"]["f1"] < 1
    assert 0 < spec["cross_validation"]["Loaded_Language"]["f1"] < 1
    with np.load(DATA / "loaded_tagger.npz", allow_pickle=False) as arrays:
        assert {"word_weights", "category_weights", "shape_weights"} <= set(arrays.files) <= {
            "word_weights", "category_weights", "shape_weights", "sentence_word_weights", "sentence_category_weights"}


def test_scores_are_the_sum_of_the_looked_up_weights(tagger):
    doc = prepare("Critics slammed the outrageous plan.\n\nThe very idea is \"ABSURD\", they said.")
    terms = terms_of(doc)
    scores = tagger.scores(doc, terms)
    ids = tagger.token_ids(doc)
    cats = np.zeros(len(ids), dtype=int)
    starts, _ = doc.tokens
    for start, end, category in terms:
        cats[(starts >= start) & (starts < end)] = tagger.categories.index(category) + 1
    shapes = token_shapes(doc)
    pad = len(tagger.vocabulary) + 1
    sentences = sentence_ids(doc)
    for i in range(len(ids)):
        expected = tagger.bias + shapes[i] @ tagger.shape_weights
        if tagger.sentence_word_weights is not None:  # each distinct word and category of the sentence, once
            same = sentences == sentences[i]
            expected += tagger.sentence_word_weights[np.unique(ids[same])].sum()
            expected += tagger.sentence_category_weights[np.unique(cats[same])].sum()
        for k in range(-WINDOW, WINDOW + 1):
            inside = 0 <= i + k < len(ids)
            expected += tagger.word_weights[k + WINDOW, ids[i + k] if inside else pad]
            expected += tagger.category_weights[k + WINDOW, cats[i + k] if inside else 0]
        assert scores[i] == pytest.approx(expected, abs=1e-5)


def test_token_ids_are_the_vocabulary_index_of_the_words(tagger, seeds):
    index = {w: i for i, w in enumerate(tagger.vocabulary)}
    for text in (seeds["003"], "Ünïcode wörds, the zzqxkwv and qqzzxv: O'Brien's 2024 \u00e9lan."):
        doc = prepare(text)
        expected = [index.get(w, len(index)) for w in doc.words]
        assert tagger.token_ids(doc).tolist() == expected
    ids = tagger.token_ids(prepare("the zzqxkwv qqzzxv"))
    assert ids[1] == ids[2] == len(index) > ids[0]


def test_runs_bridge_gaps_within_a_sentence_only():
    tagged = np.array([1, 0, 1, 0, 0, 1, 1, 0, 1], dtype=bool)
    same = np.zeros(9, dtype=int)
    assert runs(tagged, same, 0) == [(0, 0), (2, 2), (5, 6), (8, 8)]
    assert runs(tagged, same, 1) == [(0, 2), (5, 8)]
    assert runs(tagged, np.array([0, 0, 1, 1, 1, 1, 1, 1, 1]), 1) == [(0, 0), (2, 2), (5, 8)]


def test_shapes():
    doc = prepare('Title Words\n\nHe said "THE plan" failed. Next.')
    shapes = dict(zip(doc.words, token_shapes(doc).tolist()))
    capitalised, all_capitals, quoted, sentence_start, title = zip(*[shapes[w] for w in ("title", "he", "the", "plan", "failed", "next")])
    assert capitalised == (True, True, True, False, False, True)
    assert all_capitals == (False, False, True, False, False, False)
    assert quoted == (False, False, True, True, False, False)
    assert sentence_start == (True, True, False, False, False, True)
    assert title == (True, False, False, False, False, False)


def test_spans_are_ordered_disjoint_runs_of_words(tagger, seeds):
    doc = prepare(seeds["002"])
    spans = tagger.spans(doc, terms_of(doc))
    assert spans, "no loaded language tagged in a Chinese-media commentary"
    assert all(a < b <= c for (a, b), (c, _) in zip(spans, spans[1:]))
    assert all(doc.text[a].isalnum() and doc.text[b - 1].isalnum() for a, b in spans)


def test_empty_text(tagger):
    assert tagger.spans(prepare(""), []) == []


def test_a_sentence_term_adds_the_weights_of_the_distinct_words_and_categories_of_the_sentence(tagger):
    rng = np.random.default_rng(0)
    words = rng.normal(size=len(tagger.vocabulary) + 2).astype(np.float32)
    categories = rng.normal(size=len(tagger.categories) + 1).astype(np.float32)
    parts = (tagger.vocabulary, tagger.word_weights, tagger.category_weights, tagger.shape_weights,
             tagger.bias, tagger.threshold, tagger.bridge, tagger.categories)
    with_sentence, tagger = LoadedTagger(*parts, words, categories), LoadedTagger(*parts)
    doc = prepare("The plan failed, the plan failed. Critics slammed it!")
    terms = terms_of(doc)
    added = with_sentence.scores(doc, terms) - tagger.scores(doc, terms)
    ids, sentences = tagger.token_ids(doc), sentence_ids(doc)
    cats = np.zeros(len(ids), dtype=int)
    starts, _ = doc.tokens
    for start, end, category in terms:
        cats[(starts >= start) & (starts < end)] = tagger.categories.index(category) + 1
    for i in range(len(ids)):
        same = sentences == sentences[i]
        expected = words[np.unique(ids[same])].sum() + categories[np.unique(cats[same])].sum()
        assert added[i] == pytest.approx(expected, abs=1e-4)
    assert added[0] != added[-1]  # two sentences, two terms
