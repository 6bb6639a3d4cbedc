"""The loaded-language tagger: shipped arrays, scores, spans."""

from __future__ import annotations

import json
import pickle

import numpy as np
import pytest

from framing.lexicons import LexiconSet
from framing.reading import LoadedTagger, Reading
from framing.reading.loaded_tagger import DATA, SENTENCE_ARRAYS, SHAPES, WINDOW, runs, sentence_ids, token_categories, token_shapes
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
            "word_weights", "category_weights", "shape_weights", *SENTENCE_ARRAYS}


def test_the_sentence_classifier_is_shipped_and_its_arrays_are_checked(tagger):
    spec = json.loads((DATA / "loaded_tagger.json").read_text(encoding="utf-8"))
    sentences = spec["sentence_classifier"]
    assert sentences["weight"] > 0 and sentences["ngrams"] in (1, 2)
    cv = spec["cross_validation"]
    assert cv["Loaded_Language"]["f1"] > cv["Loaded_Language_without_sentences"]["f1"]
    n_ids = len(tagger.vocabulary) + 2
    assert tagger.sentence_word_weights.shape == (n_ids,) and tagger.sentence_word_weights.dtype == np.float32
    assert tagger.sentence_category_weights.shape == (len(tagger.categories) + 1,)
    pairs, weights = tagger.sentence_pairs, tagger.sentence_pair_weights
    assert pairs.ndim == 2 and pairs.shape[1] == 2 and weights.shape == (len(pairs),) and len(pairs) > 100
    assert pairs.min() >= 0 and pairs.max() < n_ids - 1  # word ids or the out-of-vocabulary id, never the padding
    assert len(np.unique(pairs[:, 0].astype(np.int64) * n_ids + pairs[:, 1])) == len(pairs)  # each pair once
    for w in (tagger.sentence_word_weights, tagger.sentence_category_weights, weights):
        assert np.isfinite(w).all()
    # words seen too rarely in training sentences (and the padding) have no sentence weight
    assert tagger.sentence_word_weights[-1] == 0 and (tagger.sentence_word_weights == 0).sum() > len(tagger.vocabulary) // 4


def test_the_shipped_arrays_are_their_canonical_archive():
    """The trainer writes the arrays with fixed order and timestamps, so that retraining gives the same bytes
    (``python tools/train_loaded_tagger.py`` twice: same sha256); reading and writing them back changes nothing."""
    from framing.model.bundle import npz_bytes

    with np.load(DATA / "loaded_tagger.npz", allow_pickle=False) as arrays:
        loaded = {k: arrays[k] for k in arrays.files}
    assert npz_bytes(loaded) == (DATA / "loaded_tagger.npz").read_bytes()
    assert loaded["sentence_pairs"].dtype == np.int32
    assert all(v.dtype == np.float32 for k, v in loaded.items() if k != "sentence_pairs")


def _sentence_term(tagger, text):
    doc = prepare(text)
    terms = terms_of(doc)
    return tagger.sentence_scores(sentence_ids(doc), tagger.token_ids(doc), token_categories(doc, terms, tagger.categories))


def test_a_loaded_sentence_weighs_more_than_a_neutral_one(tagger):
    loaded = ["Critics slammed the outrageous, disgraceful scheme as a shameless power grab.",
              "The brutal regime's barbaric crackdown terrorised innocent people."]
    neutral = ["The committee met on Tuesday to discuss the budget for next year.",
               "The company said its quarterly revenue rose 3 percent to $2.1 billion."]
    assert min(_sentence_term(tagger, t)[0] for t in loaded) > max(_sentence_term(tagger, t)[0] for t in neutral)
    # and so the same charged word scores higher in the loaded sentence
    texts = ["The outrageous, disgraceful plan was a shameless betrayal.", "The outrageous plan was approved on Tuesday."]
    scores = []
    for text in texts:
        doc = prepare(text)
        scores.append(tagger.scores(doc, terms_of(doc))[doc.words.index("outrageous")])
    assert scores[0] > scores[1]


def test_scores_are_the_sum_of_the_looked_up_weights(tagger):
    doc = prepare("Critics slammed the outrageous plan.\n\nThe very idea is \"ABSURD\", they said.  The very idea, it said.")
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
        if tagger.sentence_word_weights is not None:  # each distinct word, pair and category of the sentence, once
            same = sentences == sentences[i]
            expected += tagger.sentence_word_weights[np.unique(ids[same])].sum()
            expected += tagger.sentence_category_weights[np.unique(cats[same])].sum()
            held = {(a, b) for a, b, s, t in zip(ids, ids[1:], sentences, sentences[1:]) if s == t == sentences[i]}
            expected += sum(w for (a, b), w in zip(tagger.sentence_pairs.tolist(), tagger.sentence_pair_weights) if (a, b) in held)
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
    doc = prepare(seeds["004"])
    spans = tagger.spans(doc, terms_of(doc))
    assert len(spans) > 3, "little loaded language tagged in a Chinese-media commentary"
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
    doc = prepare("The plan failed, the plan failed. Critics slammed it! Failed the")
    ids, sentences = tagger.token_ids(doc), sentence_ids(doc)
    # pairs (unsorted): "the plan" (twice in the first sentence), "failed the" (in the first and the last), "failed
    # critics" (across two sentences only), "the the" (absent)
    pairs = np.array([[ids[0], ids[1]], [ids[9], ids[10]], [ids[5], ids[6]], [ids[0], ids[0]]], dtype=np.int32)
    pair_weights = np.array([2.0, 5.0, 7.0, 11.0], dtype=np.float32)
    with_sentence, tagger = LoadedTagger(*parts, words, categories, pairs, pair_weights), LoadedTagger(*parts)
    terms = terms_of(doc)
    added = with_sentence.scores(doc, terms) - tagger.scores(doc, terms)
    cats = np.zeros(len(ids), dtype=int)
    starts, _ = doc.tokens
    for start, end, category in terms:
        cats[(starts >= start) & (starts < end)] = tagger.categories.index(category) + 1
    for i in range(len(ids)):
        same = sentences == sentences[i]
        expected = words[np.unique(ids[same])].sum() + categories[np.unique(cats[same])].sum()
        expected += {0: 2.0 + 5.0, 2: 5.0}.get(sentences[i] - sentences[0], 0.0)  # each pair once per sentence
        assert added[i] == pytest.approx(expected, abs=1e-4)
    assert len(set(sentences.tolist())) == 3 and added[0] != added[-1]
    assert pickle.loads(pickle.dumps(with_sentence)).sentence_scores(sentences, ids, cats).tolist() == \
        with_sentence.sentence_scores(sentences, ids, cats).tolist()
