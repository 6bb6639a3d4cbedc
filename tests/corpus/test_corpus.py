"""Corpus reading: formats, manifests, checks before training, duplicate groups."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from framing.corpus import (
    CorpusError, Manifest, MissingData, duplicate_clusters, find_manifests, load_head, load_manifest, read_articles,
    read_jsonl, signature, split_groups,
)

from conftest import ROOT

SAMPLE = ROOT / "corpus" / "sample"


def write_jsonl(path: Path, rows: list) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def rows(n: int, labels=("a", "b")) -> list[dict]:
    return [{"text": f"article number {i} about {labels[i % len(labels)]} things", "label": labels[i % len(labels)], "source": f"o{i % 3}"} for i in range(n)]


def test_sample_corpus_declares_two_heads_and_a_claim_stance_model():
    manifests = find_manifests(SAMPLE)
    assert [(m.head, m.kind) for m in manifests] == [("sample_claims", "claim_stance"), ("sample_genre", "text"), ("sample_topics", "text")]
    genre, topics = (load_head(m) for m in manifests[1:])
    assert genre.labels == ["opinion", "reporting"] and not genre.manifest.multilabel
    assert topics.manifest.multilabel and topics.labels == ["economy", "sport", "weather"]
    assert topics.targets().shape == (len(topics.articles), 3)
    assert all(a.group for a in genre.articles)


def test_jsonl_gz_and_field_mapping(tmp_path):
    path = tmp_path / "x.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(json.dumps({"body": "t", "frames": ["X", "Y", "X"], "outlet": "o"}) + "\n")
    (article,) = read_jsonl(path, {"text": "body", "labels": "frames", "group": "outlet"})
    assert article.labels == ("X", "Y") and article.group == "o" and article.origin.endswith("x.jsonl.gz:1")


@pytest.mark.parametrize("line, message", [
    ("{not json", "not valid JSON"),
    ('["a list"]', "expected a JSON object"),
    ('{"label": "a"}', "no text"),
    ('{"text": "t"}', "no label"),
    ('{"text": "t", "label": 3}', "field 'label' must be a non-empty string"),
])
def test_malformed_line_names_file_and_line(tmp_path, line, message):
    path = write_jsonl(tmp_path / "bad.jsonl", [{"text": "ok", "label": "a"}, line])
    with pytest.raises(CorpusError, match=rf"bad\.jsonl:2: {message}"):
        list(read_jsonl(path))


def test_folder_per_label(tmp_path):
    for label in ("left", "right"):
        (tmp_path / label).mkdir()
        for i in range(2):
            (tmp_path / label / f"{i}.txt").write_text(f"{label} text {i}", encoding="utf-8")
    (tmp_path / "left" / "bad.txt").write_bytes(b"caf\xe9")
    with pytest.raises(CorpusError, match=r"bad\.txt:1: not UTF-8"):
        list(read_articles(tmp_path))
    (tmp_path / "left" / "bad.txt").unlink()
    (m,) = find_manifests(tmp_path)
    data = load_head(Manifest(**{**m.__dict__, "min_examples": 1}))
    assert data.labels == ["left", "right"] and len(data.articles) == 4


def test_missing_data_is_skipped_with_its_path(tmp_path):
    manifest = tmp_path / "m.toml"
    manifest.write_text('head = "h"\ndata = ["nowhere/x.jsonl"]\n', encoding="utf-8")
    (m,) = find_manifests(manifest)
    with pytest.raises(MissingData, match=r"head 'h' skipped: missing .*nowhere/x\.jsonl"):
        load_head(m)


def test_manifest_typos_are_errors(tmp_path):
    manifest = tmp_path / "m.toml"
    manifest.write_text('head = "h"\ndata = ["x.jsonl"]\nmin_exmaples = 3\n', encoding="utf-8")
    with pytest.raises(CorpusError, match="unknown settings"):
        find_manifests(manifest)


@pytest.mark.parametrize("data, settings, message", [
    ([], {}, "has no articles"),
    (rows(10, ("a",)), {}, "needs two classes"),
    (rows(10) + [{"text": "t", "label": "c"}], {}, r"too few articles for \{'c': 1\}"),
    (rows(10) + [{"text": "t", "label": "c"}], {"allowed": ["a", "b"]}, r"d\.jsonl:11: unknown label 'c'"),
])
def test_unusable_corpus_fails_before_training(tmp_path, data, settings, message):
    path = write_jsonl(tmp_path / "d.jsonl", data)
    with pytest.raises(CorpusError, match=message):
        load_head(Manifest(head="h", data=[path], min_examples=3, **settings))


def test_label_map_and_drop(tmp_path):
    path = write_jsonl(tmp_path / "d.jsonl", rows(12, ("a", "b", "z")))
    data = load_head(Manifest(head="h", data=[path], label_map={"a": "A"}, drop=["z"], min_examples=2))
    assert data.labels == ["A", "b"] and len(data.articles) == 8


def test_duplicates_share_a_group():
    texts = [
        "the harbour patrol entered the disputed waters on tuesday and the minister protested loudly at once",
        "the harbour patrol entered the disputed waters on tuesday and the minister protested loudly at once",
        "the harbour patrol entered the disputed waters on tuesday and the minister protested loudly at once today",
        "a storm flooded the lower streets of the town and closed the harbour for two whole days this week",
    ]
    sigs = np.array([signature(t.split()) for t in texts])
    clusters = duplicate_clusters(sigs)
    assert list(clusters) == [0, 0, 0, 3]
    assert list(duplicate_clusters(sigs, threshold=1.0)) == [0, 0, 2, 3]
    assert list(split_groups(["x", "y", "z", "y"], clusters)) == [0, 0, 0, 0]
    assert list(split_groups(["", "", "", ""], np.arange(4))) == [0, 1, 2, 3]


def test_sample_corpus_duplicates_are_found():
    data = load_head(next(m for m in find_manifests(SAMPLE) if m.kind == "text"))
    clusters = duplicate_clusters(np.array([signature(a.text.lower().split()) for a in data.articles]))
    dup_ids = {data.articles[i].id for i in np.flatnonzero(clusters != np.arange(len(clusters)))}
    assert dup_ids == {"s042", "s043"}


def test_shipped_manifests_point_at_shared_datasets():
    for m in find_manifests(ROOT / "corpus") + find_manifests(ROOT / "corpus" / "not_shipped"):
        if m.missing():
            pytest.skip(f"../shared is absent: {m.missing()[0]}")
        assert all(p.exists() for p in m.data)
    assert {m.head for m in find_manifests(ROOT / "corpus")} == {
        "actor_stance", "claim_stance", "entity_roles", "frames", "ideology", "narratives", "subnarratives", "techniques"}


def test_groups_merge_names_of_one_outlet(tmp_path):
    (tmp_path / "a.jsonl").write_text("".join(
        json.dumps({"text": "words here", "label": x, "source": s}) + "\n"
        for x, s in [("a", "Fox News Opinion"), ("b", "CNN (Fox News)"), ("a", "Fox Online News"), ("b", "Vox")]
    ))
    (tmp_path / "h.toml").write_text(
        'head = "h"\ndata = ["a.jsonl"]\nmin_examples = 1\n'
        '[groups]\nbrands = ["Fox News"]\nmap = {"Fox Online News" = "Fox News (Online)"}\n'
    )
    data = load_head(load_manifest(tmp_path / "h.toml"))
    assert [a.group for a in data.articles] == ["Fox News", "Fox News", "Fox News", "Vox"]
