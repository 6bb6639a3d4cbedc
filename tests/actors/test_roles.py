"""Entity roles: the answers of entity_roles, the model's arrays, training, actors' roles and the seeds."""

from __future__ import annotations

import json

import numpy as np
import pytest

import framing
from framing.actors import ActorAnalyzer
from framing.actors.role_training import (
    cross_validate, exact_match, fit_role_model, read_entity_roles, read_manifest, read_rows, role_articles, train_component,
)
from framing.actors.roles import DENSE_NAMES, FINE_ROLES, MAIN_OF, MAIN_ROLES, TAXONOMY, EntityRole, EntityRoleModel, check_spans
from framing.corpus import CorpusError, load_manifest
from framing.model import BundleError, Part

from conftest import dataset

FILLER = ("river mountain table garden window paper orange silver market winter music bridge cloud "
          "forest letter engine candle harbor pencil island").split()
CAST = {  # words around an entity that say its role, in made-up articles
    ("Antagonist", ("Instigator",)): "{e} attacked the village and destroyed the homes of everyone.",
    ("Protagonist", ("Guardian",)): "{e} bravely defended the people and protected the town.",
    ("Innocent", ("Victim",)): "{e} suffered terribly and was killed in the shelling.",
}
NAMES = ("Acme", "Globex", "Initech", "Umbrella", "Stark")
FAST = {"C": 1.0, "class_weight": None, "shift": [0.0, 0.0], "fine_C": 1.0, "second_threshold": 2.0}


def made_up(n_articles=24, seed=0):
    """JSON objects of articles with labelled mentions, each article's filler drawn apart (no near-duplicates),
    each entity in a random place."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n_articles):
        parts, mentions = [], []
        cast = list(CAST.items())
        for j in rng.permutation(len(cast)):  # in any order: the words say the role, not the place
            (main, fines), pattern = cast[j]
            name = NAMES[(i + j) % len(NAMES)]
            filler = " ".join(rng.choice(FILLER, size=8)).capitalize() + "."
            sentence = pattern.format(e=name)
            start = len(" ".join(parts)) + (1 if parts else 0)
            mentions.append({"entity": name, "start": start, "end": start + len(name), "main_role": main, "fine_roles": list(fines)})
            parts += [sentence, filler]
        out.append({"id": f"a{i}", "text": " ".join(parts), "mentions": mentions})
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("roles")
    (folder / "roles.jsonl").write_text("\n".join(json.dumps(r) for r in made_up()) + "\n", encoding="utf-8")
    (folder / "m.toml").write_text('head = "entity_roles"\nkind = "entity_roles"\ndata = ["roles.jsonl"]\n'
                                   'limits = ["Research use only."]\n', encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def model(corpus):
    rows = read_rows(read_entity_roles([corpus / "roles.jsonl"]))
    return fit_role_model(rows, hyperparameters=FAST)


def test_made_up_mentions_point_at_their_entity():
    for row in made_up(3):
        assert all(row["text"][m["start"]:m["end"]] == m["entity"] for m in row["mentions"])


def test_answers_once_per_mention_in_order_with_the_callers_offsets(model):
    text = "Acme attacked the village and destroyed the homes. Globex bravely defended the people and protected the town."
    spans = [(51, 57), (0, 4), (51, 57)]
    roles = framing.entity_roles(text, spans, model)
    assert [(r.start, r.end, r.text) for r in roles] == [(51, 57, "Globex"), (0, 4, "Acme"), (51, 57, "Globex")]
    assert [r.main_role for r in roles] == ["Protagonist", "Antagonist", "Protagonist"]
    assert roles[0] == roles[2]
    assert framing.entity_roles(text, [], model) == []


def test_offsets_stay_the_callers_when_cleaning_changes_the_text(model):
    text = "<p>Caf\u00e9 \u201cnews\u201d.</p><p>Acme attacked the village and destroyed the homes.</p>"
    start = text.index("Acme")
    (role,) = framing.entity_roles(text, [(start, start + 4)], model)
    assert (role.start, role.end, role.text) == (start, start + 4, "Acme")
    assert role.main_role == "Antagonist"
    assert all(text[e.start:e.end] == e.text for e in role.evidence)


@pytest.mark.parametrize("mentions, error", [
    ([(5, 3)], ValueError), ([(3, 3)], ValueError), ([(-1, 2)], ValueError), ([(0, 999)], ValueError),
    ([(0.0, 2)], TypeError), ([("0", 2)], TypeError), ([(True, 2)], TypeError), ([(1, 2, 3)], TypeError),
    ([5], TypeError), ("0-4", TypeError), (None, TypeError),
])
def test_bad_mentions_are_refused_clearly(model, mentions, error):
    with pytest.raises(error, match="mention|offsets|pairs"):
        framing.entity_roles("Acme attacked the village.", mentions, model)


def test_numpy_integers_are_offsets():
    assert check_spans([(np.int64(0), np.int32(4))], 10) == [(0, 4)]


def test_an_answer_is_consistent_and_round_trips_through_json(model):
    text = "Initech suffered terribly and was killed in the shelling. Acme attacked the village."
    for role in framing.entity_roles(text, [(0, 7), (58, 62)], model):
        assert role.main_role in MAIN_ROLES and 1 <= len(role.fine_roles) <= 2
        assert all(MAIN_OF[f] == role.main_role for f in role.fine_roles)
        assert sum(role.probabilities.values()) == pytest.approx(1.0)
        assert set(role.fine_probabilities) == set(FINE_ROLES)
        assert all(text[e.start:e.end] == e.text for e in role.evidence)
        assert json.loads(json.dumps(role.to_dict())) == role.to_dict()
        assert role.to_dict()["fine_roles"] == role.fine_roles
    assert framing.entity_roles(text, [(0, 7)], model)[0].main_role == "Innocent"


def test_evidence_holds_the_words_that_pushed_the_role(model):
    text = "Acme attacked the village and destroyed the homes."
    (role,) = framing.entity_roles(text, [(0, 4)], model)
    words = {e.text for e in role.evidence if e.kind == "role"}
    assert words & {"attacked", "destroyed", "village", "homes"}
    assert all(e.attrs["role"] == "Antagonist" for e in role.evidence if e.kind == "role")


def test_model_arrays_are_numeric_and_rebuild_the_model(model, tmp_path):
    arrays = model.to_arrays()
    assert all(a.dtype.kind == "f" for a in arrays.values())
    np.savez(tmp_path / "a.npz", **arrays)
    with np.load(tmp_path / "a.npz", allow_pickle=False) as stored:
        rebuilt = EntityRoleModel.from_arrays(dict(stored), json.loads(json.dumps(model.vocabulary)), model.config)
    text = "Globex bravely defended the people. Acme attacked."
    assert [r.to_dict() for r in framing.entity_roles(text, [(0, 6), (36, 40)], rebuilt)] == \
        [r.to_dict() for r in framing.entity_roles(text, [(0, 6), (36, 40)], model)]
    assert model.get_feature_names_out().tolist()[:len(DENSE_NAMES)] == list(DENSE_NAMES)
    with pytest.raises(BundleError):
        EntityRoleModel.from_arrays({**arrays, "main_coef": arrays["main_coef"][:, :-1]}, model.vocabulary)
    spec = {"feature_names": list(DENSE_NAMES), "fine_roles": list(FINE_ROLES), "vocabulary": "v.json"}
    with pytest.raises(BundleError):
        EntityRoleModel.from_part(Part("r", "entity_roles", {**spec, "feature_names": ["other"]}, arrays, {"v.json": model.vocabulary}))


def test_training_from_a_manifest_is_deterministic_and_honest(corpus):
    manifest = load_manifest(corpus / "m.toml")
    data = read_manifest(manifest)
    a, b = (train_component(manifest, data, log=lambda m: None, show_progress=False) for _ in range(2))
    assert a.kind == "entity_roles" and a.spec["rows"] == {"Protagonist": 24, "Antagonist": 24, "Innocent": 24}
    assert sorted(a.arrays) == sorted(b.arrays) and all(np.array_equal(a.arrays[k], b.arrays[k]) for k in a.arrays)
    assert a.files == b.files and json.dumps(a.spec, sort_keys=True) == json.dumps(b.spec, sort_keys=True)
    held_out = a.spec["metrics"]["groups_held_out"]
    assert held_out["accuracy"] > held_out["baseline_accuracy"] and held_out["n_groups"] > 5
    assert a.card["limits"] == ["Research use only."]
    rebuilt = EntityRoleModel.from_part(Part("entity_roles", "entity_roles", json.loads(json.dumps(a.spec)), a.arrays, a.files))
    assert framing.entity_roles("Stark attacked the village.", [(0, 5)], rebuilt)[0].main_role == "Antagonist"
    (corpus / "bad.toml").write_text('head = "r"\nkind = "entity_roles"\ndata = ["roles.jsonl"]\n[model]\nC = 1\n', encoding="utf-8")
    with pytest.raises(CorpusError, match="unknown settings"):
        train_component(load_manifest(corpus / "bad.toml"), data, log=lambda m: None, show_progress=False)


def test_cross_validation_keeps_articles_together(corpus):
    rows = read_rows(read_entity_roles([corpus / "roles.jsonl"]))
    seen = []

    def fit(train_rows, seed=0, config=None):
        seen.append(set(train_rows.article.tolist()))
        return fit_role_model(train_rows, hyperparameters=FAST)

    ev = cross_validate(rows, fit=fit)
    assert ev.n_rows == 72 and ev.n_articles == 24 and len(seen) == 5
    assert all(len(s) < 24 for s in seen) and set().union(*seen) == set(range(24))
    assert ev.exact_match >= ev.baseline_exact_match and ev.accuracy > 0.9


@pytest.mark.parametrize("mention, message", [
    ({"start": 0, "end": 99, "main_role": "Antagonist", "fine_roles": ["Tyrant"]}, "outside"),
    ({"start": 0, "end": 2, "main_role": "Villain", "fine_roles": ["Tyrant"]}, "main role"),
    ({"start": 0, "end": 2, "main_role": "Innocent", "fine_roles": ["Tyrant"]}, "fine roles"),
    ({"start": 0, "end": 2, "main_role": "Innocent"}, "needs"),
])
def test_bad_corpus_rows_are_named(mention, message):
    with pytest.raises(CorpusError, match=message):
        role_articles([("f:1", {"text": "Acme did it.", "mentions": [mention]})])


def test_exact_match_compares_sets():
    fine = np.zeros((2, len(FINE_ROLES)))
    fine[0, FINE_ROLES.index("Tyrant")] = fine[0, FINE_ROLES.index("Corrupt")] = 1
    fine[1, FINE_ROLES.index("Victim")] = 1
    assert exact_match(fine, [["Corrupt", "Tyrant"], ["Victim", "Exploited"]]) == 0.5


def test_a_bundle_without_a_role_model_gives_no_role(sample_model_path):
    actors = framing.Pipeline(sample_model_path).actors("Tokyo protested. Moscow said nothing.")
    assert actors and all(a.role is None for a in actors)
    assert all(a.to_dict()["role"] is None for a in actors)
    with pytest.raises(BundleError, match="no entity-role model"):
        framing.Pipeline(sample_model_path).entity_roles("Tokyo protested.", [(0, 5)])


def test_actors_get_a_role_over_their_mentions(model):
    text = ("Acme attacked the village and destroyed the homes. Later Acme attacked the school too. "
            "Globex bravely defended the people and protected the town.")
    actors = {a.name: a for a in ActorAnalyzer(role_model=model).analyze(text, {"Acme": [], "Globex": []})}
    assert actors["Acme"].role.main_role == "Antagonist" and actors["Globex"].role.main_role == "Protagonist"
    role = actors["Acme"].role
    assert (role.start, role.end, role.text) == (0, 4, "Acme") and isinstance(role, EntityRole)
    assert json.loads(json.dumps(actors["Acme"].to_dict()))["role"]["main_role"] == "Antagonist"


def test_taxonomy_matches_the_dataset():
    path = dataset("semeval2025_roles/taxonomy.json")
    roles = json.loads(path.read_text(encoding="utf-8"))["roles"]
    assert {k: sorted(v) for k, v in roles.items()} == {k: sorted(v) for k, v in TAXONOMY.items()}


def test_dataset_mentions_are_read_where_they_are():
    articles = read_entity_roles([dataset("semeval2025_roles/articles.jsonl")])
    rows = read_rows(articles[:40])
    assert len(rows.y) == sum(len(a.mentions) for a in articles[:40])
    assert rows.fine.sum(axis=1).min() >= 1
    assert len(set(rows.groups.tolist())) <= 40


# -- the shipped bundle, on the seed articles --------------------------------------------------------


@pytest.mark.parametrize("seed", ["001", "004"])
def test_japan_is_the_antagonist_where_its_acts_are_provocations(seeds, seed):
    text = seeds[seed]
    assert "provocation" in text.lower()
    japan = next(a for a in framing.analyze_actors(text) if a.name == "Japan")
    assert japan.role is not None and japan.role.main_role == "Antagonist"
    assert all(MAIN_OF[f] == "Antagonist" for f in japan.role.fine_roles)
    spans = [(m.start, m.end) for m in japan.mentions]
    assert [r.main_role for r in framing.entity_roles(text, spans)].count("Antagonist") > len(spans) / 2
    assert next(a for a in framing.score(text).actors if a.name == "Japan").role == japan.role
