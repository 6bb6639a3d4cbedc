"""Heads of labels and sub-labels trained and decided together; rare labels skipped; manifests checked."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest

from framing import load_model, score
from framing.corpus import CorpusError, load_head
from framing.corpus.manifest import load_manifest
from framing.training import train

quiet = {"show_progress": False, "log": lambda m: None}

# Made-up articles: each sub-label has its own words, its parent words of the topic.
WORDS = {
    "War: Tanks": "tanks armour brigade shelling artillery column",
    "War: Talks": "talks ceasefire envoy negotiators summit truce",
    "Climate: Heat": "heatwave drought temperature scorching record wildfire",
    "Climate: Floods": "floods rainfall levee river deluge evacuation",
}
TOPIC = {"War": "front soldiers ministry", "Climate": "emissions warming scientists"}
FILLER = "the a of and in on council market school weather sport festival museum train city".split()


def _article(rng: random.Random, subs: list[str]) -> str:
    words = [rng.choice(FILLER) for _ in range(60)]
    for sub in subs:
        words += rng.choices(WORDS[sub].split(), k=12) + TOPIC[sub.split(":")[0]].split()
    rng.shuffle(words)
    return " ".join(words).capitalize() + "."


def _corpus(tmp_path, rare: str = "skip", extra_manifest: str = "") -> tuple:
    rng = random.Random(0)
    rows = []
    for i in range(90):
        kind = rng.randrange(6)  # not i % 6: grouped folds of single articles deal them out in turn
        subs = [] if kind >= 4 else [list(WORDS)[kind]] + ([list(WORDS)[(kind + 2) % 4]] if rng.random() < 0.15 else [])
        rows.append({
            "id": f"x{i}", "text": _article(rng, subs),
            "narratives": sorted({s.split(":")[0] for s in subs}) or ["Other"],
            "subnarratives": sorted(subs) or ["Other"],
        })
    rows[0]["subnarratives"] = rows[0]["subnarratives"] + ["War: Drones"]  # a sub-label too rare to learn
    (tmp_path / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (tmp_path / "n.toml").write_text(
        'head = "narratives"\ntask = "multi"\ndata = ["a.jsonl"]\nmin_examples = 3\n[fields]\nlabels = "narratives"\n'
        '[labels]\nnone = "Other"\n[model]\nuse_features = false\nC = [4.0]\ncv_folds = 3\n', encoding="utf-8")
    (tmp_path / "s.toml").write_text(
        'head = "subnarratives"\ntask = "multi"\ndata = ["a.jsonl"]\nmin_examples = 3\n[fields]\nlabels = "subnarratives"\n'
        f'[labels]\nnone = "Other"\nparent = "narratives"\nrare = "{rare}"\n{extra_manifest}[model]\nuse_features = false\nC = [4.0]\ncv_folds = 3\n',
        encoding="utf-8")
    return rows, tmp_path


def test_parent_and_sub_label_heads_decide_together(tmp_path):
    rows, corpus = _corpus(tmp_path)
    logged: list[str] = []
    out = train(corpus, out=tmp_path / "m", show_progress=False, log=logged.append)
    assert any("narratives + subnarratives: decided together" in m for m in logged)
    model = load_model(out)
    assert model.heads["subnarratives"].info["parent"] == "narratives" and model.heads["subnarratives"].info["labels_not_learnt"] == ["War: Drones"]
    assert "War: Drones" not in model.heads["subnarratives"].labels
    joint = model.heads["subnarratives"].info["metrics"]["grouped_cv_joint"]
    assert joint["samples_f1"] > 0.8 and joint["folds"] == 3
    for row in rows[:24]:
        s = score(row["text"], model)
        narratives, subs = s.labels["narratives"], s.labels["subnarratives"]
        if narratives == ["Other"]:
            assert subs == ["Other"]
        else:
            assert "Other" not in narratives + subs
            assert {x.split(":")[0] for x in subs} == set(narratives)
        assert s.explain("narratives", narratives[0], top=3)
    hits = sum(score(r["text"], model).labels["subnarratives"] == [x for x in r["subnarratives"] if x != "War: Drones"] for r in rows[:30])
    assert hits >= 24
    perspective = score(rows[0]["text"], model).perspective
    assert [n.label for n in perspective.narratives] == score(rows[0]["text"], model).labels["narratives"]
    assert all(n.evidence for n in perspective.narratives)


def test_training_twice_gives_the_same_thresholds_and_files(tmp_path):
    _, corpus = _corpus(tmp_path)
    a, b = train(corpus, out=tmp_path / "a" / "m", **quiet), train(corpus, out=tmp_path / "b" / "m", **quiet)
    for f in a.iterdir():
        assert f.read_bytes() == (b / f.name).read_bytes(), f.name


def test_a_sub_label_head_is_not_trained_without_its_parent(tmp_path):
    _, corpus = _corpus(tmp_path)
    out = train(corpus, out=tmp_path / "m", **quiet)
    with pytest.raises(CorpusError, match="train both together"):
        train(corpus, out=out, head="subnarratives", **quiet)
    with pytest.raises(CorpusError, match="train both together"):
        train(corpus, out=out, head="narratives", **quiet)


def test_rare_labels_are_an_error_unless_skipped(tmp_path):
    _, corpus = _corpus(tmp_path, rare="error")
    with pytest.raises(CorpusError, match=r"War: Drones.*rare = \"skip\""):
        load_head(load_manifest(corpus / "s.toml"))
    (tmp_path / "skip").mkdir()
    _, corpus = _corpus(tmp_path / "skip", rare="skip")
    data = load_head(load_manifest(corpus / "s.toml"))
    assert data.skipped == ["War: Drones"] and data.unlearnt[0] == 1 and sum(data.unlearnt) == 1


@pytest.mark.parametrize("labels, message", [
    ('rare = "drop"\n', "rare must be 'error' or 'skip'"),
    ('none = "Other"\n', "none and parent are for multi-label heads"),
])
def test_manifest_label_settings_are_checked(tmp_path, labels, message):
    (tmp_path / "h.toml").write_text(f'head = "h"\ndata = ["a.jsonl"]\n[labels]\n{labels}', encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        load_manifest(tmp_path / "h.toml")


def test_a_bundle_whose_parent_head_is_missing_is_refused(tmp_path):
    _, corpus = _corpus(tmp_path)
    out = train(corpus, out=tmp_path / "m", **quiet)
    meta = json.loads((out / "bundle.json").read_text(encoding="utf-8"))
    meta["heads"]["subnarratives"]["parent"] = "nowhere"
    (out / "bundle.json").write_text(json.dumps(meta), encoding="utf-8")
    from framing.model import BundleError

    with pytest.raises(BundleError, match="parent 'nowhere'"):
        load_model(out)


def test_shipped_heads_without_a_hierarchy_decide_as_before():
    model = load_model()
    rng = np.random.default_rng(0)
    p = {name: rng.random(len(h.labels)) for name, h in model.heads.items()}
    decided = model.decide(p)
    for name in ("frames", "ideology"):
        assert decided[name] == model.heads[name].decide(p[name])
