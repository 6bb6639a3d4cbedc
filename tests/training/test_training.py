"""Training: reproducible bundles, model selection reported honestly, the stored model is the fitted one, errors before work."""

from __future__ import annotations

import json

import numpy as np
import pytest

from framing import load_model, score, score_many
from framing.corpus import CorpusError, find_manifests, load_head
from framing.model import HeadConfig
from framing.training import best_thresholds, train
from framing.training.heads import HeadTrainer, Reader

from conftest import ROOT

SAMPLE = ROOT / "corpus" / "sample"
quiet = {"show_progress": False, "log": lambda m: None}


def test_same_corpus_gives_identical_files(tmp_path):
    a = train(SAMPLE, out=tmp_path / "a" / "m", **quiet)
    b = train(SAMPLE, out=tmp_path / "b" / "m", **quiet)
    assert sorted(p.name for p in a.iterdir()) == sorted(p.name for p in b.iterdir())
    for f in a.iterdir():
        assert f.read_bytes() == (b / f.name).read_bytes(), f.name


def test_retraining_one_head_keeps_the_others_as_they_were(tmp_path, sample_model_path):
    texts = [json.loads(line)["text"] for line in (SAMPLE / "articles.jsonl").open()][:8]
    out = tmp_path / "m"
    out.mkdir()
    for f in sample_model_path.iterdir():
        (out / f.name).write_bytes(f.read_bytes())
    logged = []
    train(SAMPLE, out=out, head="sample_topics", overrides={"word_ngrams": [1, 1]}, show_progress=False, log=logged.append)
    assert any(m.endswith("keeping sample_genre, sample_claims") for m in logged)
    before, after = load_model(sample_model_path), load_model(out)
    assert set(after.heads) == {"sample_genre", "sample_topics"} and after.part("claim_stance") is not None
    assert len(after.vectorizers) == 2  # the retrained head now reads unigrams: a vocabulary of its own
    old, new = score_many(texts, before, False), score_many(texts, after, False)
    assert [s.heads["sample_genre"] for s in old] == [s.heads["sample_genre"] for s in new]
    assert [s.heads["sample_topics"] for s in old] != [s.heads["sample_topics"] for s in new]
    claim = "Tesk Metals shuts its Norland factory"
    assert score(texts[0], before, claims=claim).claims == score(texts[0], after, claims=claim).claims


def test_stored_arrays_reproduce_the_fitted_model(sample_model_path):
    """The numpy prediction path gives the probabilities scikit-learn's fit implies."""
    model = load_model(sample_model_path)
    data = load_head(next(m for m in find_manifests(SAMPLE) if m.head == "sample_genre"))
    config = HeadConfig.from_dict(data.manifest.model)
    reader = Reader(False)
    read = reader.read(data.articles, config.vectorizer_key, "")
    trainer = HeadTrainer(data, config, read, reader.feature_names, len(reader.indexes[config.vectorizer_key]))
    best = model.heads["sample_genre"].info["hyperparameters"]["C_selected"]
    fitted = trainer.fit(np.arange(len(data.articles)), best)
    expected = trainer.predict(fitted, read.features[:5], trainer.counts[:5])
    got = np.array([list(s.heads["sample_genre"].values()) for s in score_many([a.text for a in data.articles[:5]], model, False)])
    assert np.allclose(got, expected, atol=1e-4)


def test_one_head_and_ablations(tmp_path):
    only = train(SAMPLE, out=tmp_path / "g", head="sample_genre", overrides={"use_ngrams": False}, **quiet)
    meta = json.loads((only / "bundle.json").read_text())
    assert list(meta["heads"]) == ["sample_genre"]
    assert meta["heads"]["sample_genre"]["hyperparameters"]["use_ngrams"] is False
    ngrams = train(SAMPLE, out=tmp_path / "n", head="sample_genre", overrides={"use_features": False}, **quiet)
    assert json.loads((ngrams / "bundle.json").read_text())["heads"]["sample_genre"]["feature_names"] == []
    with pytest.raises(CorpusError, match="no head named 'nope'"):
        train(SAMPLE, out=tmp_path / "x", head="nope", **quiet)


def test_model_selection_and_reports(tmp_path):
    meta = json.loads((train(SAMPLE, out=tmp_path / "m", **quiet) / "bundle.json").read_text())
    genre, topics = meta["heads"]["sample_genre"], meta["heads"]["sample_topics"]
    assert set(genre["metrics"]["selection"]) == {"C=0.5", "C=2"}
    best = max(genre["metrics"]["selection"].values())
    assert genre["metrics"]["grouped_cv"]["macro_f1"] == best
    assert genre["metrics"]["grouped_cv"]["macro_f1"] > 0.7  # opinion vs reporting is easy on the sample
    assert genre["n_duplicates"] == 2 and genre["n_groups"] < 6  # duplicates merged their outlets' groups
    assert topics["multilabel"] and len(topics["thresholds"]) == 3
    assert all(0.05 <= t <= 0.95 for t in topics["thresholds"])
    assert abs(sum(genre["priors"]) - 1) < 1e-6


def test_thresholds_maximise_f1():
    y = np.array([[1], [1], [0], [0]])
    p = np.array([[0.9], [0.6], [0.5], [0.1]])
    assert best_thresholds(y, p)[0] == pytest.approx(0.55)


def test_global_threshold_maximises_micro_f1():
    # label 0 alone would want 0.55, label 1 alone 0.25; one threshold for both must trade them off
    y = np.array([[1, 1], [1, 0], [0, 1], [0, 0]])
    p = np.array([[0.9, 0.3], [0.6, 0.1], [0.5, 0.3], [0.1, 0.2]])
    per_label = best_thresholds(y, p)
    shared = best_thresholds(y, p, "global")
    assert per_label[0] != per_label[1] and shared[0] == shared[1]
    pred = p >= shared
    tp = int((pred & (y == 1)).sum())
    assert 2 * tp / (pred.sum() + y.sum()) == pytest.approx(8 / 9)  # 0.25 for both beats 0.55 for both (4/6)
    with pytest.raises(ValueError, match="thresholds must be"):
        HeadConfig.from_dict({"thresholds": "some"})


def test_bad_settings_fail_before_training(tmp_path):
    (tmp_path / "d.jsonl").write_text("\n".join(json.dumps({"text": f"t {i}", "label": "ab"[i % 2]}) for i in range(10)))
    (tmp_path / "h.toml").write_text('head = "h"\ndata = ["d.jsonl"]\n[model]\nCC = 1\n')
    with pytest.raises(CorpusError, match=r"unknown model settings \['CC'\]"):
        train(tmp_path, out=tmp_path / "m", **quiet)
    assert not (tmp_path / "m").exists()
    with pytest.raises(ValueError, match="nothing to learn"):
        HeadConfig.from_dict({"use_features": False, "use_ngrams": False})


def test_missing_data_everywhere_is_an_error(tmp_path):
    (tmp_path / "h.toml").write_text('head = "h"\ndata = ["absent.jsonl"]\n')
    messages = []
    with pytest.raises(CorpusError, match="no head has its data"):
        train(tmp_path, out=tmp_path / "m", show_progress=False, log=messages.append)
    assert "absent.jsonl" in messages[0]
