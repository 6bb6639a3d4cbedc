"""Bundles: pickle-free files, verified on load, written atomically, found by name or folder; n-gram vocabularies."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from framing.model import FORMAT, BundleError, load, load_model, model_paths
from framing.model import bundle as bundle_io
from framing.model.ngrams import GrowingIndex, NgramVocabulary
from framing.training import train

from conftest import ROOT

SAMPLE = ROOT / "corpus" / "sample"


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> Path:
    return train(SAMPLE, out=tmp_path_factory.mktemp("models") / "sample", show_progress=False, log=lambda m: None)


def copy(src: Path, dst: Path) -> Path:
    dst.mkdir()
    for f in src.iterdir():
        (dst / f.name).write_bytes(f.read_bytes())
    return dst


def test_bundle_files_and_contents(trained):
    names = sorted(p.name for p in trained.iterdir())
    assert names == ["arrays.npz", "bundle.json", "card.json", "vocabulary-sample_claims.json", "vocabulary-v0.json"]
    meta = json.loads((trained / "bundle.json").read_text())
    assert meta["format"] == FORMAT and set(meta["libraries"]) == {"numpy", "scipy", "scikit-learn"}
    assert set(meta["files"]) == {"arrays.npz", "card.json", "vocabulary-sample_claims.json", "vocabulary-v0.json"}
    claims = meta["stance"]["sample_claims"]
    assert claims["kind"] == "claim_stance" and claims["files"] == ["vocabulary-sample_claims.json"]
    assert 0 < claims["metrics"]["bodies_held_out"]["score"] <= 1
    head = meta["heads"]["sample_genre"]
    assert head["labels"] == ["opinion", "reporting"] and head["feature_names"]
    assert set(head["training_files"]) == {"articles.jsonl"} and len(head["training_files"]["articles.jsonl"]) == 64
    assert {"grouped_cv", "random_cv", "selection"} <= set(head["metrics"])
    card = json.loads((trained / "card.json").read_text())
    assert card["heads"]["sample_topics"]["measured"]["grouped_cv"]["micro_f1"] >= 0
    assert sum(p.stat().st_size for p in trained.iterdir()) <= bundle_io.MAX_BYTES


def test_arrays_load_without_pickle(trained):
    with np.load(trained / "arrays.npz", allow_pickle=False) as npz:
        assert all(npz[k].dtype != object for k in npz.files)
    with zipfile.ZipFile(trained / "arrays.npz") as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_heads_store_their_own_terms_and_weights_uncompressed(trained):
    meta = json.loads((trained / "bundle.json").read_text())
    with zipfile.ZipFile(trained / "arrays.npz") as z:
        kinds = {i.filename: i.compress_type for i in z.infolist()}
    with np.load(trained / "arrays.npz", allow_pickle=False) as npz:
        stored = {k: npz[k] for k in npz.files}
    full = load(trained)
    for name, head in full.heads.items():
        own = stored[f"{name}.terms"]
        assert list(own) == list(np.flatnonzero(head.idf)) and stored[f"{name}.coef_terms"].shape == (len(head.labels), len(own))
        assert np.array_equal(head.coef_terms[:, own], stored[f"{name}.coef_terms"]) and not head.coef_terms[:, np.flatnonzero(head.idf == 0)].any()
        assert head.coef_terms.flags.f_contiguous
    assert set(kinds.values()) <= {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
    # float weights barely compress: stored, so loading them is a copy; what compresses is compressed
    weights = np.random.default_rng(0).normal(size=(20, 5000)).astype(np.float32)
    blob = bundle_io.npz_bytes({"w": weights, "z": np.zeros(5000)}, store_incompressible=True)
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        assert {i.filename: i.compress_type for i in z.infolist()} == {"w.npy": zipfile.ZIP_STORED, "z.npy": zipfile.ZIP_DEFLATED}


def test_a_format_1_bundle_loads_the_same_weights(trained, tmp_path):
    """Format 1 stored each head's n-gram arrays dense over the shared vocabulary; it still loads."""
    old = copy(trained, tmp_path / "old")
    meta, arrays, _ = bundle_io.read_bundle(trained)
    (old / "arrays.npz").write_bytes(bundle_io.npz_bytes(arrays))
    meta["format"] = 1
    meta["files"]["arrays.npz"] = hashlib.sha256((old / "arrays.npz").read_bytes()).hexdigest()
    (old / "bundle.json").write_bytes(bundle_io.json_bytes(meta))
    with np.load(old / "arrays.npz", allow_pickle=False) as npz:
        assert not any(k.endswith(".terms") for k in npz.files)
    a, b = load(trained), load(old)
    for name, head in a.heads.items():
        assert np.array_equal(head.coef_terms, b.heads[name].coef_terms) and np.array_equal(head.idf, b.heads[name].idf)


def test_converting_a_bundle_keeps_every_array_and_writes_its_digest(trained, tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("convert_bundle", ROOT / "tools" / "convert_bundle.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    digest = tool.convert(trained, tmp_path / "again")
    assert digest == json.loads((tmp_path / "again" / "card.json").read_text())["bundle_sha256"] == load(tmp_path / "again").sha256
    assert (tmp_path / "again" / "arrays.npz").read_bytes() == (trained / "arrays.npz").read_bytes()  # already format 2: the same bytes


def test_tampered_file_is_refused(trained, tmp_path):
    bad = copy(trained, tmp_path / "m")
    vocab = json.loads((bad / "vocabulary-v0.json").read_text())
    (bad / "vocabulary-v0.json").write_text(json.dumps(vocab[::-1]))
    with pytest.raises(BundleError, match="vocabulary-v0.json does not match its SHA-256"):
        load(bad)


@pytest.mark.parametrize("damage, message", [
    (lambda d: (d / "arrays.npz").unlink(), "arrays.npz is missing"),
    (lambda d: (d / "bundle.json").unlink(), "no bundle.json"),
    (lambda d: (d / "bundle.json").write_text("{"), "not valid JSON"),
    (lambda d: (d / "bundle.json").write_text(json.dumps({**json.loads((d / "bundle.json").read_text()), "format": 99})), "has format 99"),
])
def test_damaged_bundle_is_refused(trained, tmp_path, damage, message):
    bad = copy(trained, tmp_path / "m")
    damage(bad)
    with pytest.raises(BundleError, match=message):
        load(bad)


def test_missing_folder(tmp_path):
    with pytest.raises(BundleError, match="folder missing"):
        load(tmp_path / "nothing")


def test_bad_model_references(tmp_path):
    with pytest.raises(BundleError, match="no model bundle 'no-such-model'"):
        load_model("no-such-model")
    with pytest.raises(BundleError, match="folder missing|no model bundle"):
        load_model(tmp_path / "absent")
    assert model_paths()[0].parts[-3:] == ("framing", "bundled", "default")


def test_failed_write_leaves_previous_bundle(trained, tmp_path, monkeypatch):
    target = copy(trained, tmp_path / "m")
    before = {p.name: p.read_bytes() for p in target.iterdir()}
    monkeypatch.setattr(bundle_io, "MAX_BYTES", 10)
    with pytest.raises(BundleError, match="over the"):
        bundle_io.write_bundle(target, {"heads": {}}, {"x": np.zeros(1000)}, {"card.json": {}})
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m"]  # no temporary folder left


def test_rewrite_replaces_bundle(tmp_path):
    target = tmp_path / "b"
    meta = {"heads": {}, "stance": {"x": {"kind": "test"}}}
    bundle_io.write_bundle(target, meta, {"x.a": np.arange(3)}, {"card.json": {"v": 1}})
    bundle_io.write_bundle(target, meta, {"x.a": np.arange(4)}, {"card.json": {"v": 2}})
    meta, arrays, files = bundle_io.read_bundle(target)
    assert list(arrays["x.a"]) == [0, 1, 2, 3] and files["card.json"]["v"] == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b"]


@pytest.mark.parametrize("key", [((1, 2), None), ((1, 3), (3, 4)), ((2, 2), None)])
def test_fixed_vocabulary_counts_like_training(key):
    import zlib

    words = "the storm hit the harbour and the storm closed the harbour road".split()
    index = GrowingIndex(key)
    index.count("a storm hit the town".split())  # terms the text need not have
    all_columns, all_counts = index.count(words)
    terms = list(index)
    keep = [t for t in terms if zlib.crc32(t.encode()) % 3]  # a vocabulary with some terms missing
    vocabulary = NgramVocabulary(keep, key)
    columns, counts = vocabulary.count(words)
    expected = {terms[c]: n for c, n in zip(all_columns, all_counts) if terms[c] in set(keep)}
    assert {keep[c]: n for c, n in zip(columns, counts)} == expected
    assert list(columns) == sorted(columns)
