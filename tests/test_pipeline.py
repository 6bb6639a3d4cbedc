"""The pipeline: scoring from stored arrays, probabilities, labels, explanations with spans, bad input."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest

import framing
from framing import score, score_many
from framing.model import BundleError, load_model
from framing.text import WORD

OPINION = ("Comment: the harbour plan\n\nI believe the council of Vell deserves far better than this. Frankly, "
           "this is a shameful failure. Heavy rain flooded the lower streets of Vell. We should act now.")


@pytest.fixture(scope="module")
def model(sample_model_path):
    return load_model(sample_model_path)


def test_probabilities_and_labels(model):
    s = score(OPINION, model)
    genre = s.heads["sample_genre"]
    assert sum(genre.values()) == pytest.approx(1, abs=1e-5)
    assert s.labels["sample_genre"] == "opinion" == max(genre, key=genre.get)
    assert isinstance(s.labels["sample_topics"], list) and "weather" in s.labels["sample_topics"]
    assert not s.empty and s.features and json.loads(json.dumps(s.to_dict()))["labels"] == s.labels


def test_explain_gives_weights_and_spans(model):
    s = score(OPINION, model)
    reasons = s.explain("sample_genre", top=40)
    assert 0 < len(reasons) <= 40
    assert [abs(r.weight) for r in reasons] == sorted((abs(r.weight) for r in reasons), reverse=True)
    ngrams = [r for r in reasons if r.kind == "ngram"]
    assert ngrams
    for r in ngrams:
        assert r.evidence, r.name
        for e in r.evidence:
            assert OPINION[e.start:e.end] == e.text and WORD.findall(e.text.lower()) == r.name.split()
    for r in (r for r in reasons if r.kind == "feature"):
        assert all(e.kind == r.name.split(".")[0] for e in r.evidence)
    assert s.explain("sample_topics", "sport", top=3)
    with pytest.raises(KeyError, match="no label 'x'"):
        s.explain("sample_genre", "x")
    json.dumps([r.to_dict() for r in reasons])


def test_empty_text_gives_priors(model):
    for text in ("", "   \n", " ... - !"):
        s = score(text, model)
        assert s.empty
        assert list(s.heads["sample_genre"].values()) == pytest.approx(model.heads["sample_genre"].priors, abs=1e-6)
        assert s.explain("sample_genre") == []


def test_score_many_keeps_order(model):
    texts = [OPINION, "", "Officials in Oster said 120 households were affected, according to a statement."]
    many = score_many(texts, model, show_progress=False)
    assert [m.heads for m in many] == [score(t, model).heads for t in texts]


def test_score_many_pauses_the_cycle_collector_safely(model, monkeypatch):
    """score_many turns the cyclic collector off for the batch: scoring must make no reference
    cycles (or they would pile up), and the collector's state is restored, also after an error."""
    texts = [OPINION, "Officials in Oster said 120 households were affected, according to a statement.", ""]
    gc.collect()
    gc.disable()
    try:
        scored = score_many(texts, model, show_progress=False)
        assert gc.collect() == 0
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert len(scored) == 3
    score_many(texts, model, show_progress=False)
    assert gc.isenabled()
    with pytest.raises(TypeError):
        score_many([OPINION, 42], model, show_progress=False)
    assert gc.isenabled()


def test_techniques_make_no_reference_cycles():
    """Techniques are worked out with the collector paused (as scoring is): they must make no cycles,
    their explanations included."""
    texts = [OPINION, "Officials in Oster said 120 households were affected, according to a statement.", ""]
    scored = score_many(texts, show_progress=False)
    gc.collect()
    gc.disable()
    try:
        found = [[t.to_dict() for t in s.techniques] for s in scored]
        assert gc.collect() == 0
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert found[0] and found[2] == []


def test_score_pauses_the_cycle_collector_safely(model):
    """score turns the cyclic collector off for the article (reading makes many small tuples and
    no cycles) and restores its state, also after an error."""
    texts = [OPINION, "Officials in Oster said 120 households were affected, according to a statement.", ""]
    gc.collect()
    gc.disable()
    try:
        for text in texts:
            score(text, model)
        assert gc.collect() == 0
        assert not gc.isenabled()
    finally:
        gc.enable()
    score(OPINION, model)
    assert gc.isenabled()
    with pytest.raises(TypeError):
        score(42, model)
    assert gc.isenabled()


def test_bundle_needing_unknown_features_is_refused(model, tmp_path):
    bad = tmp_path / "m"
    bad.mkdir()
    for f in Path(model.path).iterdir():
        (bad / f.name).write_bytes(f.read_bytes())
    meta = json.loads((bad / "bundle.json").read_text())
    meta["heads"]["sample_genre"]["feature_names"][0] = "nofamily.per_1k"
    (bad / "bundle.json").write_text(json.dumps(meta))
    # the bundle layer knows no feature family: the pipeline that would score with it refuses it
    with pytest.raises(BundleError, match=r"does not compute: \['nofamily.per_1k'\]"):
        framing.Pipeline(bad)
    with pytest.raises(BundleError, match=r"does not compute"):
        score("Some text.", model=bad)


def test_to_html_and_actors_and_document(model):
    from framing.report import render_html

    s = score("Japan's Foreign Minister said Tokyo may protest. Russia slammed Japan's provocations.", model)
    assert s.to_html("x") == render_html(s, ["x"])
    assert s.document is not None and "Tokyo" in s.document.text
    assert "Japan" in [a.name for a in s.actors]


def test_scoring_path_imports_no_scikit_learn():
    """Scoring, actors with their stance included, starts fast: it needs numpy only."""
    import subprocess
    import sys

    code = ("import sys, framing; s = framing.score('Officials in Tokyo may disagree, Japan said.'); s.to_dict(); "
            "print('sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"
