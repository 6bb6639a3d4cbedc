"""Persuasion techniques per paragraph: inputs, the API's contract, training, the shipped model."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest

import framing
from framing.corpus.manifest import load_manifest
from framing.model.schema import Part
from framing.techniques import INPUT_NAMES, ParagraphTechniques, TechniquesModel
from framing.techniques.inputs import COUNTED, NO_WORDS, POOLED, STYLE, ParagraphWords, paragraph_inputs, paragraph_words, tagger_pools
from framing.text.document import prepare
from framing.training.components import read_component_data, train_component

from conftest import ROOT, dataset

EXAMPLE = (ROOT / "corpus" / "examples" / "harbour_dispute.txt").read_text(encoding="utf-8")


def _inputs(texts: list[str], evidence=()) -> tuple[str, np.ndarray, ParagraphWords]:
    """The paragraph inputs and words of ``texts`` joined by blank lines, each a paragraph."""
    text = "\n\n".join(texts)
    spans, at = [], 0
    for t in texts:
        spans.append((at, at + max(len(t), 1)))
        at += len(t) + 2
    dense, words = paragraph_inputs(framing.pipeline_for().read(text), list(evidence), spans)
    return text, dense, words


def test_style_cues_count_what_they_say():
    _, dense, words = _inputs(["Why now? Why you?", "We will win! We will! You see.", "Plain words here.",
                               "NOT the BIGGEST, least honest: isn't it?"])
    cues = dense[:, [INPUT_NAMES.index(f"style.{s}") for s in STYLE]]
    col = {name: i for i, name in enumerate(STYLE)}
    assert cues[0, col["questions"]] == 2 and cues[1, col["exclamations"]] == 2
    assert cues[0, col["second_person"]] == pytest.approx(1 / 4) and cues[1, col["first_person_plural"]] == pytest.approx(2 / 7)
    assert cues[1, col["repeated_bigrams"]] == 0 and cues[0, col["first"]] == 1 and cues[3, col["position"]] == 1
    assert words.lists()[2] == ["plain", "words", "here"] and words.lists()[3] == ["not", "the", "biggest", "least", "honest", "isn't", "it"]
    assert cues[3, col["capitalised_words"]] == pytest.approx(2 / 7)  # NOT, BIGGEST (THE would be, "the" is not)
    assert cues[3, col["negations"]] == pytest.approx(2 / 7) and cues[3, col["superlatives"]] == pytest.approx(3 / 7)
    _, again, _ = _inputs(["We will win.", "We will win again."])
    assert again[1, INPUT_NAMES.index("style.repeated_bigrams")] == pytest.approx(2 / 3)


def test_paragraph_words_are_the_documents_tokens_mapped_back_to_the_callers_text():
    """Cleaning moves offsets (markup, curly quotes): the words still land in the paragraph they came from."""
    text = "<p>Russia\u2019s <b>bold</b> move.</p>\n\n<p>Tokyo &amp; Seoul said \u201cno\u201d 2 times.</p>"
    doc = prepare(text)
    assert doc.offset_map.layers
    cut = text.index("\n\n")
    words, tokens = paragraph_words(doc, [(0, cut), (cut + 2, len(text))])
    assert words.lists() == [["russia", "bold", "move"], ["tokyo", "seoul", "said", "no", "2", "times"]]  # possessive 's dropped
    assert paragraph_words(doc, [(cut + 2, len(text))])[0].lists() == [["tokyo", "seoul", "said", "no", "2", "times"]]
    assert tokens.tolist() == list(range(9))


def test_evidence_is_counted_in_the_paragraph_it_starts_in():
    evidence = [framing.Evidence("hedge", 14, 20, "Second", "modal"), framing.Evidence("loaded", 0, 5, "First", "label")]
    text, dense, words = _inputs(["First part.", "Second part."], evidence)
    assert dense.shape == (2, len(INPUT_NAMES)) and words.lists() == [["first", "part"], ["second", "part"]]
    hedge, label = INPUT_NAMES.index("hedge.all.per_100"), INPUT_NAMES.index("loaded.label.per_100")
    assert dense[:, hedge].tolist() == [0, 50] and dense[:, label].tolist() == [50, 0]
    assert dense[0, INPUT_NAMES.index("article.hedge.all.per_100")] == dense[1, INPUT_NAMES.index("article.hedge.all.per_100")] == 25
    assert len(INPUT_NAMES) == 2 * len(COUNTED) + len(STYLE) + len(POOLED)


def test_tagger_scores_are_pooled_by_paragraph():
    scores = np.array([0.5, -2.0, 3.0, 1.0, -1.0, -4.0])
    pools = tagger_pools(scores, np.array([0, 0, 0, 0, 2, 2]), 3, threshold=0.0)
    assert pools[0].tolist() == [3.0, 1.5, 75.0]  # max; mean of 3.0, 1.0, 0.5; 3 of 4 over the threshold
    assert pools[1].tolist() == list(NO_WORDS) and pools[2].tolist() == [-1.0, -2.5, 0.0]
    reading = framing.pipeline_for().read("A calm note.\n\nThe regime's brutal, barbaric thugs slaughtered them!")
    _, dense, _ = _inputs(["A calm note.", "The regime's brutal, barbaric thugs slaughtered them!"])
    top = dense[:, INPUT_NAMES.index("tagger.max")]
    assert top[1] > reading.tagger.threshold > top[0]  # the loaded paragraph has a token over the threshold


def test_one_answer_per_paragraph_in_order_with_spans_inside_it():
    found = framing.techniques(EXAMPLE)
    doc = framing.score(EXAMPLE).document
    assert [(t.start, t.end) for t in found] == [doc.original_span(s, e) for s, e in doc.paragraphs]
    labels = framing.load_model().part("techniques").spec["labels"]
    for t in found:
        assert isinstance(t, ParagraphTechniques) and list(t.probabilities) == labels
        assert set(t.techniques) <= set(labels) and set(t.evidence) == set(t.techniques) == set(t.reasons)
        assert t.techniques == sorted(t.techniques, key=lambda k: -t.probabilities[k])
        for spans in t.evidence.values():
            assert all(t.start <= e.start < e.end <= t.end and EXAMPLE[e.start:e.end] == e.text for e in spans)
        assert json.loads(json.dumps(t.to_dict())) == t.to_dict()
    assert [t.to_dict() for t in framing.score(EXAMPLE).techniques] == [t.to_dict() for t in found]
    assert framing.score(EXAMPLE).to_dict()["techniques"] == [t.to_dict() for t in found]


def test_the_callers_paragraphs_and_bad_ones():
    spans = [(0, 53), (55, 300)]
    found = framing.techniques(EXAMPLE, spans)
    assert [(t.start, t.end) for t in found] == spans
    assert framing.techniques(EXAMPLE, []) == [] and framing.techniques("") == []
    with pytest.raises(ValueError, match="not a span of the text"):
        framing.techniques(EXAMPLE, [(10, 5)])
    with pytest.raises(ValueError, match="not a span of the text"):
        framing.techniques(EXAMPLE, [(0, len(EXAMPLE) + 1)])
    with pytest.raises(TypeError, match="whole numbers"):
        framing.techniques(EXAMPLE, [(0.5, 10)])
    with pytest.raises(TypeError, match="a \\(start, end\\) pair"):
        framing.techniques(EXAMPLE, [5])


def test_a_bundle_without_a_techniques_model_gives_none(sample_model_path):
    assert framing.techniques(EXAMPLE, model=sample_model_path) == []
    assert framing.score(EXAMPLE, sample_model_path).techniques == []


# -- training ------------------------------------------------------------------------------

_WORDS = {"Doubt": "allegedly supposedly questionable unproven dubious", "Flag_Waving": "nation patriots homeland flag proud"}


def _corpus(tmp_path):
    rng = random.Random(0)
    filler = "the council met on tuesday to discuss the budget and the new school".split()
    rows = []
    for a in range(30):
        paragraphs = []
        for _ in range(6):
            found = [k for k in _WORDS if rng.random() < 0.3]
            words = [rng.choice(filler) for _ in range(25)] + [w for k in found for w in rng.choices(_WORDS[k].split(), k=4)]
            rng.shuffle(words)
            paragraphs.append({"text": " ".join(words).capitalize() + ".", "techniques": found})
        rows.append({"id": f"a{a}", "paragraphs": paragraphs})
    (tmp_path / "t.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (tmp_path / "t.toml").write_text('head = "techniques"\nkind = "techniques"\ndata = ["t.jsonl"]\nmin_examples = 5\n'
                                     '[model]\nC = [1.0, 4.0]\ncv_folds = 3\nn_jobs = 1\n', encoding="utf-8")
    return load_manifest(tmp_path / "t.toml")


def test_training_learns_made_up_techniques_and_twice_gives_the_same_model(tmp_path):
    manifest = _corpus(tmp_path)
    data = read_component_data(manifest)
    assert data.dense.shape == (180, len(INPUT_NAMES)) and len(set(data.groups)) == 30
    a = train_component(manifest, data, lambda m: None, False)
    b = train_component(manifest, read_component_data(manifest), lambda m: None, False)
    assert a.spec["labels"] == sorted(_WORDS) and a.spec["metrics"]["grouped_cv"]["micro_f1"] > 0.8
    assert a.spec["metrics"]["grouped_cv"]["folds"] == 3 and set(a.spec["metrics"]["selection"]) == {"C=1", "C=4"}
    for key, value in a.arrays.items():
        assert np.array_equal(value, b.arrays[key]), key
    assert a.files == b.files


def test_a_bad_techniques_corpus_names_its_line(tmp_path):
    manifest = _corpus(tmp_path)
    with open(tmp_path / "t.jsonl", "a", encoding="utf-8") as f:
        f.write(json.dumps({"id": "x", "paragraphs": [{"text": 5}]}) + "\n")
    from framing.corpus import CorpusError

    with pytest.raises(CorpusError, match=r"t.jsonl:31: paragraph 0 needs a text"):
        read_component_data(manifest)


# -- the shipped model -----------------------------------------------------------------------


def test_shipped_techniques_are_the_datasets_names_and_measured():
    known = json.loads(dataset("semeval2023_techniques/techniques.json").read_text(encoding="utf-8"))["techniques"]
    part = framing.load_model().part("techniques")
    assert set(part.spec["labels"]) <= set(known) and "Loaded_Language" in part.spec["labels"]
    cv = part.spec["metrics"]["grouped_cv"]
    assert cv["split"] == "GroupKFold over articles" and 0.3 < cv["micro_f1"] < 0.6


def test_seed_provocations_are_loaded_language(seeds):
    """Seed 001 is built on "Japan's provocations": the paragraphs that say so use loaded language."""
    text = seeds["001"]
    found = framing.techniques(text)
    saying = [t for t in found if "provocation" in text[t.start:t.end].lower()]
    assert saying and all("Loaded_Language" in t.techniques for t in saying[:2])


def _trained(tmp_path, **model):
    manifest = _corpus(tmp_path)
    if model:
        text = (tmp_path / "t.toml").read_text(encoding="utf-8")
        (tmp_path / "t.toml").write_text(text + "".join(f"{k} = {v}\n" for k, v in model.items()), encoding="utf-8")
        manifest = load_manifest(tmp_path / "t.toml")
    c = train_component(manifest, read_component_data(manifest), lambda m: None, False)
    return c, TechniquesModel.from_part(Part(c.name, c.kind, c.spec, c.arrays, c.files))


@pytest.mark.parametrize("neighbours", [0.0, 0.5])
def test_an_article_scored_at_once_equals_its_paragraphs_one_by_one(tmp_path, neighbours):
    """The vectorised scoring gives each paragraph the head's own score, plus its neighbours' words."""
    component, model = _trained(tmp_path, neighbours=neighbours, neighbour_terms=20)
    assert ("coef_neighbours" in component.arrays) == bool(neighbours)
    assert not neighbours or (component.arrays["coef_neighbours"].shape[1] == 20 and (model.coef_neighbours != 0).sum(axis=1).max() <= 20)
    texts = ["Allegedly the nation met, supposedly proud.", "The council met on tuesday.", "", "Homeland flag, dubious budget!"]
    _, dense, words = _inputs(texts)
    scored = model.score(dense, words)
    head = model.head
    own = [head.read(dict(zip(INPUT_NAMES, row)), *model.vocabulary.count(w)) for row, w in zip(dense, words.lists())]
    context = np.zeros((len(own), len(model.labels)))
    if neighbours:
        u = np.array([model.coef_neighbours[:, x.columns] @ x.weights for x in own])
        context[1:] += 0.5 * neighbours * u[:-1]
        context[:-1] += 0.5 * neighbours * u[1:]
        assert np.abs(context).max() > 0
    z = np.array([head.decision(x) for x in own]) + context
    assert np.allclose(scored.p, 1 / (1 + np.exp(-z)), atol=1e-12) and np.allclose(scored.context, context, atol=1e-12)
    i, j = np.unravel_index(np.argmax(context), context.shape)
    named = model.reasons(scored.input_of(i), model.labels[j], top=50, context=context[i, j])
    assert any(r.kind == "context" for r in named) == (context[i, j] > 0)
    assert scored.on.tolist() == (scored.p >= head.thresholds).tolist()
    for i, x in enumerate(own):
        assert scored.input_of(i).columns.tolist() == x.columns.tolist()


def _articles() -> list[str]:
    """Articles of one, several and no paragraphs, some sharing words (written here, with made-up figures)."""
    rng = random.Random(7)
    words = ("we", "they", "brutal", "regime", "allegedly", "the", "council", "met", "never", "you", "will", "win", "RIGHT", "greatest")
    made = ["\n\n".join(" ".join(rng.choice(words) for _ in range(rng.randint(3, 25))) + rng.choice(".?!")
                         for _ in range(rng.randint(1, 6))) for _ in range(14)]
    html = "<p>The regime\u2019s <b>brutal</b> thugs &amp; their lies!</p>\n\n<p>You will never win, they said.</p>"
    return [EXAMPLE, "One lone paragraph, brutal and unfair!", "", *made, html, EXAMPLE.replace("\n\n", "\n\n\n")]


def test_articles_scored_together_get_the_answers_each_gets_alone():
    """Several articles' paragraphs are scored at once; each article's answers are exactly its own
    (the neighbouring paragraphs read stop at its edges, and a lone paragraph's scores are summed as in a matrix)."""
    from framing.techniques import paragraph_spans, techniques_many, techniques_model

    pipeline = framing.pipeline_for()
    model = techniques_model(pipeline.model)
    read = [pipeline.read(t) for t in _articles()]
    items = [(r, pipeline.extractor.extract_reading(r).evidence, paragraph_spans(r)) for r in read]
    alone = [framing.techniques(t) for t in _articles()]
    assert any(len(a) == 1 for a in alone) and [] in alone
    together = techniques_many(items, model)
    assert together == alone  # every field: probabilities to the last bit, evidence and reasons
    assert techniques_many(items[5:9], model) == alone[5:9] and techniques_many([], model) == []
    dense = [paragraph_inputs(*item)[0] for item in items]
    from framing.techniques.inputs import paragraph_inputs_many

    many, words = paragraph_inputs_many(items)
    assert np.array_equal(many, np.vstack(dense)) and words.lists() == [w for item in items for w in paragraph_inputs(*item)[1].lists()]


def test_pooled_scores_rank_exactly_however_many_paragraphs():
    """The largest scores of a paragraph are found exactly, even among thousands of paragraphs and
    scores a float32 step apart."""
    rng = np.random.default_rng(0)
    rows = np.sort(rng.integers(0, 4000, 20000))
    scores = (np.float32(1e-3) + rng.integers(-3, 4, len(rows)) * np.spacing(np.float32(1e-3))).astype(np.float32)
    pools = tagger_pools(scores, rows, 4000, threshold=np.float32(1e-3))
    for i in np.unique(rows)[:300]:
        own = np.sort(scores[rows == i].astype(np.float64))[::-1]
        assert pools[i, 0] == own[0] and pools[i, 1] == own[:3].sum() / min(len(own), 3)


def test_scores_returned_together_work_out_their_techniques_a_few_at_a_time():
    import pickle

    from framing.pipeline import ScoredTogether

    texts = _articles()
    scores = framing.score_many(texts, show_progress=False)
    assert "techniques" not in scores[2].__dict__
    first = scores[2].techniques
    ahead = [i for i, s in enumerate(scores) if "techniques" in s.__dict__]
    assert ahead == list(range(2, 2 + ScoredTogether.AHEAD))
    assert first == framing.techniques(texts[2]) and all(s.techniques == framing.techniques(t) for s, t in zip(scores, texts))
    copy = pickle.loads(pickle.dumps(scores[3]))
    assert "_together" not in copy.__dict__ and copy.techniques == scores[3].techniques
    kept = framing.score_many(texts, show_progress=False)[:1]  # the others are dropped: their weak references are skipped
    assert kept[0].techniques == framing.techniques(texts[0])


def test_explanations_are_worked_out_when_read_and_travel_whole():
    import pickle

    found = framing.techniques(EXAMPLE)
    t = next(t for t in found if t.techniques)
    assert t._explained is None
    copy = pickle.loads(pickle.dumps(t))
    assert t._explained is not None and copy == t and copy.to_dict() == t.to_dict()
    assert "evidence=..." in repr(t)
    score = framing.score(EXAMPLE)
    assert score.techniques and pickle.loads(pickle.dumps(score)).techniques == score.techniques  # travels with them


def test_training_with_neighbours_twice_gives_the_same_model(tmp_path):
    a, _ = _trained(tmp_path, neighbours=0.5, neighbour_terms=20)
    b, _ = _trained(tmp_path, neighbours=0.5, neighbour_terms=20)
    assert a.spec["hyperparameters"]["neighbours"] == 0.5 and a.arrays["neighbour_terms"].tolist() == sorted(a.arrays["neighbour_terms"])
    for key, value in a.arrays.items():
        assert np.array_equal(value, b.arrays[key]), key


def test_a_bad_neighbours_setting_is_refused(tmp_path):
    from framing.corpus import CorpusError

    with pytest.raises(CorpusError, match="neighbours must be a number"):
        _trained(tmp_path, neighbours='"near"')
