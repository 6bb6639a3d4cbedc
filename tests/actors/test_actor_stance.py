"""Actor stance: features near mentions, the model's arrays, training and grouped evaluation."""

from __future__ import annotations

import json

import numpy as np
import pytest

from framing.actors import STANCE_LABELS, ActorAnalyzer, ActorStanceModel
from framing.actors.stance import FEATURE_NAMES
from framing.actors.training import (
    SHIFT_GRID, cross_validate, entity_aliases, entity_articles, fit_stance_model, read_entity_stances,
    read_manifest, stance_rows, train_component,
)
from framing.corpus import CorpusError, load_manifest
from framing.model import BundleError, Part

from conftest import dataset

READER = ActorAnalyzer()  # read() computes features without loading a stance model


def features_of(text, actors=None):
    profiles, X = READER.read(text, actors)
    return {p.name: dict(zip(FEATURE_NAMES, row)) for p, row in zip(profiles, X)}


def separable(n_groups=12, per_group=9, seed=0):
    """Rows whose first feature mostly says the class, grouped; noise elsewhere."""
    rng = np.random.default_rng(seed)
    y = np.tile([0, 1, 1, 1, 2, 1, 0, 1, 1], n_groups)[: n_groups * per_group]
    X = rng.normal(size=(len(y), len(FEATURE_NAMES)))
    X[:, 0] += 5.0 * (y - 1)
    return X, y, np.repeat(np.arange(n_groups), per_group).astype(str)


def test_near_features_see_cues_beside_a_mention_only():
    text = ("Tokyo failed badly and was condemned. "
            "Many unrelated words stand here in between so that nothing is near anything else at all today. "
            "Moscow spoke first, and then the long meeting went on for many hours without any break. "
            "Moscow spoke again, and then the long meeting went on for many hours without any break. "
            "Moscow praised the weather.")
    f = features_of(text)
    assert f["Japan"]["near_neg"] == 1.0 and f["Japan"]["near_pos"] == 0.0
    assert f["Russia"]["near_pos"] == pytest.approx(1 / 3) and f["Russia"]["near_neg"] == 0.0
    assert f["Russia"]["most_mentioned"] == 1.0 and f["Japan"]["most_mentioned"] == 0.0
    assert f["Russia"]["mentions_vs_most"] == 0.0 and f["Japan"]["mentions_vs_most"] == pytest.approx(np.log(2) - np.log(4))


def test_model_arrays_are_numeric_and_rebuild_the_model(tmp_path):
    X, y, groups = separable()
    model = fit_stance_model(X, y, groups)
    arrays = model.to_arrays()
    np.savez(tmp_path / "a.npz", **arrays)
    with np.load(tmp_path / "a.npz", allow_pickle=False) as stored:
        rebuilt = ActorStanceModel.from_arrays(dict(stored), json.loads(json.dumps(model.info)))
    assert rebuilt.predict_proba(X) == pytest.approx(model.predict_proba(X))
    assert list(rebuilt.predict(X[:3])) == [STANCE_LABELS[i] for i in model.predict_proba(X[:3]).argmax(axis=1)]
    assert model.get_feature_names_out().tolist() == list(FEATURE_NAMES)
    with pytest.raises(BundleError):
        ActorStanceModel.from_arrays({**arrays, "coef": arrays["coef"][:, :-1]})
    spec = {"feature_names": list(FEATURE_NAMES)}
    assert _from_component(ActorStanceModel, spec, arrays, {}).predict_proba(X[:2]) == pytest.approx(model.predict_proba(X[:2]))
    with pytest.raises(BundleError):
        _from_component(ActorStanceModel, {"feature_names": ["other"]}, arrays, {})


def test_fitting_is_deterministic_and_tuned_inside_the_rows():
    X, y, groups = separable()
    a, b = fit_stance_model(X, y, groups), fit_stance_model(X, y, groups)
    assert all(np.array_equal(a.to_arrays()[k], b.to_arrays()[k]) for k in a.to_arrays())
    assert tuple(a.info["shift"].values()) in SHIFT_GRID
    plain = fit_stance_model(X, y, groups, shifts=[(0.0, 0.0)])
    assert plain.info["shift"] == {"neg": 0.0, "pos": 0.0}


def test_cross_validation_holds_out_whole_groups_and_reports_the_baseline():
    X, y, groups = separable()
    seen = []

    def spy(X_train, y_train, g_train, seed):
        seen.append(set(g_train))
        return fit_stance_model(X_train, y_train, g_train, seed=seed)

    result = cross_validate(X, y, groups, fit=spy)
    assert result.macro_f1 > 0.8 and result.n_rows == len(y) and result.n_groups == 12
    assert result.majority_f1["neu"] > 0 and result.majority_f1["neg"] == result.majority_f1["pos"] == 0.0
    assert sum(map(sum, result.confusion)) == len(y)
    assert all(len(s) < 12 for s in seen) and set().union(*seen) == set(groups)
    noise = cross_validate(np.random.default_rng(1).normal(size=X.shape), y, groups)
    assert noise.macro_f1 < result.macro_f1


def test_entity_articles_fold_strong_stances_and_skip_the_event():
    rows = [("x:1", {"text": "Acme rose.", "author_feeling": {"Acme": "str-pos", "main_event": "neg"}, "triplet": "e1"})]
    (article,) = entity_articles(rows)
    assert article.stances == {"Acme": "pos"} and article.group == "e1"
    renamed = entity_articles([("x:1", {"body": "Acme rose.", "feel": {"Acme": "neu"}, "event": "e2"})],
                              {"text": "body", "labels": "feel", "group": "event"})
    assert renamed[0].stances == {"Acme": "neu"} and renamed[0].group == "e2"
    with pytest.raises(CorpusError, match="x:2"):
        entity_articles([("x:2", {"text": "Acme rose.", "author_feeling": {"Acme": "great"}})])


@pytest.mark.parametrize("entity, expected", [
    ("Barack_Obama", ["Obama"]),
    ("Sasha_and_Malia_Obama", ["Sasha Obama", "Malia Obama"]),
    ("Law_enforcement/Federal_authorities", ["Law enforcement", "Federal authorities"]),
    ("Obama's_administration", ["Obama administration"]),
    ("protestors", ["protestor", "protester", "protesters"]),
    ("GOP_leaders", ["Republicans", "Republican", "GOP"]),
])
def test_entity_aliases(entity, expected):
    assert entity_aliases(entity) == (entity.replace("_", " "), expected)


def test_training_from_a_manifest(tmp_path):
    lines = []
    for event in range(10):
        for stance, words in (("neg", "failed and was condemned"), ("neu", "met officials"), ("pos", "was praised and succeeded")):
            text = f"Acme Corp {words} on Monday. Later Acme Corp spoke to Globex about the plan {event}."
            lines.append(json.dumps({"text": text, "author_feeling": {"Acme_Corp": stance, "Globex": "neu"}, "triplet": f"e{event}"}))
    (tmp_path / "stances.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "m.toml").write_text('head = "actor_stance"\nkind = "actor_stance"\ndata = ["stances.jsonl"]\n', encoding="utf-8")
    manifest = load_manifest(tmp_path / "m.toml")
    component = train_component(manifest, read_manifest(manifest), log=lambda m: None, show_progress=False)
    assert component.kind == "actor_stance" and component.spec["rows"] == {"neg": 10, "neu": 40, "pos": 10}
    assert all(a.dtype.kind == "f" for a in component.arrays.values())
    model = _from_component(ActorStanceModel, json.loads(json.dumps(component.spec)), component.arrays, component.files)
    held_out = component.spec["metrics"]["groups_held_out"]
    assert held_out["macro_f1"] > held_out["majority_macro_f1"]
    stance = {p.name: p.stance_label for p in ActorAnalyzer(stance_model=model).analyze(
        "Acme Corp failed and was condemned.", {"Acme Corp": ["Acme"]})}
    assert stance["Acme Corp"] == "neg"
    (tmp_path / "m.toml").write_text('head = "s"\nkind = "actor_stance"\ndata = ["stances.jsonl"]\n[model]\nC = 1\n', encoding="utf-8")
    with pytest.raises(CorpusError, match="unknown settings"):
        train_component(load_manifest(tmp_path / "m.toml"), [], log=lambda m: None, show_progress=False)


def test_basil_entities_are_found_in_their_articles():
    articles = read_entity_stances([dataset("basil/articles.jsonl")])
    rows = stance_rows(articles, READER)
    labelled = sum(len(a.stances) for a in articles)
    assert rows.missing + len(rows.y) == labelled
    assert rows.missing <= 0.1 * labelled  # names, surnames, parties, parts of "A and B"
    assert set(np.bincount(rows.y, minlength=3).nonzero()[0]) == {0, 1, 2}


def _from_component(cls, spec, arrays, files):
    """``cls`` rebuilt from a bundle part holding ``spec``, ``arrays`` and ``files``."""
    return cls.from_part(Part("stance", spec.get("kind", ""), spec, arrays, files))
