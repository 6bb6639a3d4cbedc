"""Bundle tampering: every hostile or careless bundle is refused with BundleError, in bounded
time, reading nothing outside its folder; a pinned digest refuses any other bundle.

The tamperer here can edit the folder, so each altered file gets its SHA-256 rewritten in
``bundle.json`` (the recorded hashes catch damage, not an attacker): what must stop the
bundle is the confinement, the limits and the validation.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

import numpy as np
import pytest

import framing
from framing.model import BundleError, bundle_sha256, load, load_model
from framing.model import bundle as bundle_io

BUDGET = 5.0  # CPU seconds for a refusal (they take milliseconds)
MEMORY = 64 * 2**20  # bytes a refusal may allocate (the sample bundle is a few hundred kB)


@pytest.fixture()
def bundle(sample_model_path, tmp_path) -> Path:
    """A fresh copy of the sample bundle, in a folder of its own."""
    dst = tmp_path / "folder" / "m"
    dst.mkdir(parents=True)
    for f in sample_model_path.iterdir():
        (dst / f.name).write_bytes(f.read_bytes())
    return dst


def _meta(bundle: Path) -> dict:
    return json.loads((bundle / "bundle.json").read_text())


def _write_meta(bundle: Path, meta: dict) -> None:
    (bundle / "bundle.json").write_bytes(json.dumps(meta).encode())


def _rewrite(bundle: Path, name: str, blob: bytes) -> None:
    """Replace a file and record its new SHA-256, as someone who can edit the folder would."""
    (bundle / name).write_bytes(blob)
    meta = _meta(bundle)
    meta["files"][name] = hashlib.sha256(blob).hexdigest()
    _write_meta(bundle, meta)


def _arrays(bundle: Path) -> dict[str, np.ndarray]:
    with np.load(bundle / "arrays.npz", allow_pickle=False) as npz:
        return {k: npz[k] for k in npz.files}


def _head(bundle: Path) -> str:
    return next(name for name, spec in _meta(bundle)["heads"].items() if spec["feature_names"])


def _single_head(bundle: Path) -> str:
    return next(name for name, spec in _meta(bundle)["heads"].items() if not spec["multilabel"])


def _multi_head(bundle: Path) -> str:
    return next(name for name, spec in _meta(bundle)["heads"].items() if spec["multilabel"])


def test_single_label_priors_must_sum_to_one(bundle):
    meta = _meta(bundle)
    head = _single_head(bundle)
    meta["heads"][head]["priors"] = [0.9] * len(meta["heads"][head]["priors"])
    _write_meta(bundle, meta)
    _refused(bundle, rf"heads.{head}.priors: expected probabilities that sum to 1")


@pytest.mark.parametrize("thresholds", [None, "0.5", [1.5]])
def test_a_multi_label_head_needs_thresholds_in_0_1(bundle, thresholds):
    meta = _meta(bundle)
    head = _multi_head(bundle)
    n = len(meta["heads"][head]["labels"])
    meta["heads"][head]["thresholds"] = thresholds if not isinstance(thresholds, list) else thresholds * n
    _write_meta(bundle, meta)
    _refused(bundle, rf"heads.{head}.thresholds: expected a list of {n} finite numbers in \[0.0, 1.0\]")


def _refused(bundle: Path, match: str) -> BundleError:
    """Loading ``bundle`` fails with a BundleError matching ``match``, within the CPU and memory budgets."""
    start = time.process_time()
    tracemalloc.start()
    try:
        with pytest.raises(BundleError, match=match) as err:
            load(bundle)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.process_time() - start < BUDGET
    assert peak < MEMORY, f"{peak / 2**20:.0f} MB allocated"
    return err.value


# -- confinement -------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["../outside.json", "../../outside.json", "/etc/passwd", "/proc/self/environ",
                                  "sub/../../outside.json", ".hidden", "", "a\\b", "x" * 300])
def test_file_names_outside_the_folder_are_refused_before_anything_is_opened(bundle, name, monkeypatch):
    outside = bundle.parent / "outside.json"
    outside.write_text("[]")
    meta = _meta(bundle)
    meta["files"][name] = hashlib.sha256(b"[]").hexdigest()
    _write_meta(bundle, meta)
    opened = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda p, *a, **k: (opened.append(str(p)), real_open(p, *a, **k))[1])
    _refused(bundle, "not a plain file name inside the bundle folder")
    assert all(Path(p).resolve().is_relative_to(bundle) for p in opened), opened


def test_refusals_do_not_tell_whether_an_outside_file_exists(bundle):
    (bundle.parent / "there.json").write_text("[]")
    messages = []
    for name in ["../there.json", "../absent.json"]:
        meta = _meta(bundle)
        meta["files"] = {**{k: v for k, v in meta["files"].items() if not k.startswith("..")}, name: "0" * 64}
        _write_meta(bundle, meta)
        messages.append(str(_refused(bundle, "not a plain file name")).replace(name, "NAME"))
    assert messages[0] == messages[1]


def test_links_are_refused_without_being_followed(bundle):
    outside = bundle.parent / "card-elsewhere.json"
    outside.write_bytes((bundle / "card.json").read_bytes())  # same bytes: the recorded hash matches
    (bundle / "card.json").unlink()
    (bundle / "card.json").symlink_to(outside)
    linked = str(_refused(bundle, "card.json is missing, a link or not a regular file"))
    outside.unlink()  # a dangling link: the same message, nothing learnt about the target
    assert str(_refused(bundle, "card.json is missing, a link")) == linked


def test_a_fifo_does_not_hang_the_load(bundle):
    (bundle / "card.json").unlink()
    os.mkfifo(bundle / "card.json")
    _refused(bundle, "card.json is missing, a link or not a regular file")


# -- limits --------------------------------------------------------------------------------

def _npy_header(descr: str, shape: tuple) -> bytes:
    out = io.BytesIO()
    np.lib.format.write_array_header_1_0(out, {"descr": descr, "fortran_order": False, "shape": shape})
    return out.getvalue()


def _with_members(bundle: Path, members: dict[str, bytes]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(bundle / "arrays.npz") as old, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info, old.read(info))
        for name, blob in members.items():
            new.writestr(name, blob)
    _rewrite(bundle, "arrays.npz", buffer.getvalue())


def test_arrays_the_bundle_does_not_name_are_never_read(bundle):
    # a 10**12-element array under no head's name: left in the archive, the bundle loads
    _with_members(bundle, {"unused.huge.npy": _npy_header("<f8", (10**6, 10**6)) + b"\0" * 64})
    assert load(bundle).heads


def test_a_named_array_declaring_a_huge_shape_is_refused_before_decompressing(bundle):
    head = _head(bundle)
    _with_members(bundle, {f"{head}.extra.npy": _npy_header("<f8", (10**6, 10**6)) + b"\0" * 64})
    _refused(bundle, rf"{head}.extra: declared shape \(1000000, 1000000\)")


def test_an_object_array_is_refused_from_its_header(bundle):
    head = _head(bundle)
    _with_members(bundle, {f"{head}.extra.npy": _npy_header("|O", (3,)) + b"\0" * 64})
    _refused(bundle, "not a plain number type")


def test_a_truncated_array_is_refused(bundle):
    head = _head(bundle)
    _with_members(bundle, {f"{head}.extra.npy": _npy_header("<f8", (1000,)) + b"\0" * 64})
    _refused(bundle, "shorter than its declared shape")


def test_an_oversized_card_is_refused_by_its_size(bundle, monkeypatch):
    monkeypatch.setattr(bundle_io, "MAX_JSON_BYTES", 100_000)  # the limit, not a real 4 MB file
    _rewrite(bundle, "card.json", json.dumps({"x": "a" * 200_000}).encode())
    _refused(bundle, r"card.json is \d+ bytes, over the limit")


def test_a_long_string_is_refused(bundle):
    _rewrite(bundle, "card.json", json.dumps({"x": "a" * (bundle_io.MAX_STRING + 1)}).encode())
    _refused(bundle, "card.json: a string of 100001 characters")


@pytest.mark.parametrize("depth", [bundle_io.MAX_DEPTH + 1, 100_000])
def test_deep_nesting_is_refused_not_a_recursion_error(bundle, depth):
    _rewrite(bundle, "card.json", ("[" * depth + "]" * depth).encode())
    _refused(bundle, "card.json nests deeper than 32 levels")


@pytest.mark.parametrize("field, value", [("word_ngrams", [1, 10**11]), ("word_ngrams", [0, 2]), ("word_ngrams", [3, 2]),
                                          ("word_ngrams", "1-2"), ("char_ngrams", [2, 10**11]), ("word_ngrams", [1.0, 2])])
def test_ngram_ranges_are_bounded(bundle, field, value):
    meta = _meta(bundle)
    key = next(iter(meta["vectorizers"]))
    meta["vectorizers"][key][field] = value
    _write_meta(bundle, meta)
    _refused(bundle, rf"vectorizers.{key}.{field}: expected \[lo, hi\]")


# -- values --------------------------------------------------------------------------------

@pytest.mark.parametrize("key, bad", [("coef_terms", np.nan), ("intercept", np.inf), ("mean", -np.inf)])
def test_non_finite_weights_are_refused(bundle, key, bad):
    head = _head(bundle)
    arrays = _arrays(bundle)
    arrays[f"{head}.{key}"] = arrays[f"{head}.{key}"].copy()
    arrays[f"{head}.{key}"].flat[0] = bad
    _rewrite(bundle, "arrays.npz", bundle_io.npz_bytes(arrays))
    _refused(bundle, rf"{head}.{key}: holds NaN or infinite values")


@pytest.mark.parametrize("terms", ["reversed", "outside", "negative", "floats", "unsigned_down"])
def test_own_terms_out_of_order_or_outside_the_vocabulary_are_refused(bundle, terms):
    head = _head(bundle)
    arrays = _arrays(bundle)
    own = arrays[f"{head}.terms"]
    n_terms = len(json.loads((bundle / _meta(bundle)["vectorizers"][_meta(bundle)["heads"][head]["vectorizer"]]["file"]).read_text()))
    arrays[f"{head}.terms"] = {"reversed": own[::-1], "outside": own + n_terms, "negative": own - own[-1] - 1,
                               "floats": own.astype(np.float64), "unsigned_down": own[::-1].astype(np.uint32)}[terms]
    _rewrite(bundle, "arrays.npz", bundle_io.npz_bytes(arrays))
    _refused(bundle, rf"{head}.terms: expected increasing columns of its vocabulary")


def test_own_weights_that_do_not_fit_the_own_terms_are_refused(bundle):
    head = _head(bundle)
    arrays = _arrays(bundle)
    arrays[f"{head}.coef_terms"] = arrays[f"{head}.coef_terms"][:, 1:]
    _rewrite(bundle, "arrays.npz", bundle_io.npz_bytes(arrays))
    _refused(bundle, rf"{head}.coef_terms: expected floats of shape .* terms of its own\), got float32")


def test_weights_spread_over_a_huge_vocabulary_are_refused_before_allocating(bundle, monkeypatch):
    meta = _meta(bundle)
    name = meta["vectorizers"][meta["heads"][_head(bundle)]["vectorizer"]]["file"]
    terms = json.loads((bundle / name).read_text())
    _rewrite(bundle, name, json.dumps(terms + [f"zz{i}" for i in range(200_000)]).encode())
    # the limit scaled down (not a 512 MB vocabulary): the stored arrays fit it, spread they would not
    monkeypatch.setattr(bundle_io, "MAX_ARRAY_BYTES", sum(a.nbytes for a in _arrays(bundle).values()))
    _refused(bundle, r"coef_terms: spread over its \d+ terms, the heads' weights pass")


def test_a_bundle_of_an_unknown_format_is_refused_naming_the_formats_read(bundle):
    meta = _meta(bundle)
    meta["format"] = 3
    _write_meta(bundle, meta)
    _refused(bundle, "has format 3; this version of framing reads formats 1, 2: retrain it")


def test_a_zero_scale_is_refused(bundle):
    head = _head(bundle)
    arrays = _arrays(bundle)
    arrays[f"{head}.scale"] = np.zeros_like(arrays[f"{head}.scale"])
    _rewrite(bundle, "arrays.npz", bundle_io.npz_bytes(arrays))
    _refused(bundle, rf"{head}.scale: expected values > 0")


def test_a_missing_head_array_is_refused(bundle):
    head = _head(bundle)
    arrays = {k: v for k, v in _arrays(bundle).items() if k != f"{head}.intercept"}
    _rewrite(bundle, "arrays.npz", bundle_io.npz_bytes(arrays))
    _refused(bundle, rf"{head}.intercept: missing")


def test_label_counts_must_match_the_arrays(bundle):
    meta = _meta(bundle)
    head = _head(bundle)
    spec = meta["heads"][head]
    spec["labels"].append("extra")
    spec["priors"].append(0.0)
    if spec.get("thresholds"):
        spec["thresholds"].append(0.5)
    _write_meta(bundle, meta)
    error = _refused(bundle, rf"{head}\.\w+: expected floats of shape \({len(spec['labels'])}[,)]")
    assert f"{len(spec['labels'])} labels" in str(error)


def _edit_head(bundle: Path, edit) -> str:
    meta = _meta(bundle)
    head = _head(bundle)
    edit(meta["heads"][head])
    _write_meta(bundle, meta)
    return head


@pytest.mark.parametrize("edit, field", [
    (lambda s: s.update(priors=["0.5"] * len(s["priors"])), "priors"),
    (lambda s: s.update(priors=s["priors"][:-1]), "priors"),
    (lambda s: s.update(priors=[2.0] * len(s["priors"])), "priors"),
    (lambda s: s.update(labels={"a": 1}), "labels"),
    (lambda s: s.update(thresholds=None) if s["multilabel"] else s.update(thresholds=[0.5] * len(s["labels"])), "thresholds"),
    (lambda s: s.update(labels=[s["labels"][0]] * len(s["labels"])), "labels"),
    (lambda s: s.update(multilabel="yes"), "multilabel"),
    (lambda s: s.update(feature_names="all"), "feature_names"),
    (lambda s: s.update(vectorizer="v9"), "vectorizer"),
    (lambda s: s.update(hyperparameters=[]), "hyperparameters"),
    (lambda s: s["hyperparameters"].update(clip="5"), "hyperparameters.clip"),
    (lambda s: s["hyperparameters"].update(clip=0), "hyperparameters.clip"),
    (lambda s: s["hyperparameters"].update(sublinear_tf=1), "hyperparameters.sublinear_tf"),
    (lambda s: s["hyperparameters"].update(min_labels=-1), "hyperparameters.min_labels"),
    (lambda s: s["hyperparameters"].update(feature_weight=None), "hyperparameters.feature_weight"),
])
def test_wrong_types_and_values_in_a_head_are_refused_naming_the_field(bundle, edit, field):
    head = _edit_head(bundle, edit)
    _refused(bundle, rf"bundle.json: heads.{head}.{field}: expected")


@pytest.mark.parametrize("edit, field", [
    (lambda m: m.update(heads=[]), "heads"),
    (lambda m: m.update(vectorizers={"v0": []}), "vectorizers.v0"),
    (lambda m: m.update(stance={"x": {"kind": 3}}), "stance.x.kind"),
    (lambda m: m.update(stance={"x": {"kind": "claim_stance", "files": ["../x"]}}), "stance.x.files"),
    (lambda m: m["heads"].update({"sample.genre": m["heads"][next(iter(m["heads"]))]}), "heads.sample.genre"),
])
def test_wrong_structure_of_the_manifest_is_refused_naming_the_field(bundle, edit, field):
    meta = _meta(bundle)
    edit(meta)
    _write_meta(bundle, meta)
    _refused(bundle, rf"bundle.json: {field}: expected")


def test_nan_in_the_manifest_is_refused(bundle):
    text = (bundle / "bundle.json").read_text()
    head = _head(bundle)
    meta = _meta(bundle)
    meta["heads"][head]["priors"][0] = float("nan")
    (bundle / "bundle.json").write_text(json.dumps(meta))  # json.dumps writes NaN
    assert text != (bundle / "bundle.json").read_text()
    _refused(bundle, "bundle.json is not valid JSON .*NaN is not a number JSON allows")


def test_a_card_that_is_not_utf8_is_refused(bundle):
    _rewrite(bundle, "card.json", '{"model": "caf\u00e9"}'.encode("latin-1"))
    _refused(bundle, r"card.json is not UTF-8 \(byte 14\)")


def test_a_card_that_is_a_list_is_refused(bundle):
    _rewrite(bundle, "card.json", b"[]")
    _refused(bundle, r"card.json: \(top level\): expected a table")


def test_a_vocabulary_with_repeated_terms_is_refused(bundle):
    name = next(iter(_meta(bundle)["vectorizers"].values()))["file"]
    terms = json.loads((bundle / name).read_text())
    _rewrite(bundle, name, json.dumps([terms[0]] + terms[1:-1] + [terms[0]]).encode())
    _refused(bundle, rf"{name}: \(top level\): expected distinct strings")


def test_refusals_are_bundle_errors_for_every_byte_flip_of_the_manifest(bundle):
    """A damaged bundle.json (the hashes cannot catch it) never gives another exception."""
    blob = (bundle / "bundle.json").read_bytes()
    rnd = np.random.default_rng(0)
    for pos in rnd.choice(len(blob), 150, replace=False):
        damaged = bytearray(blob)
        damaged[pos] = int(rnd.integers(32, 127))
        (bundle / "bundle.json").write_bytes(bytes(damaged))
        try:
            load(bundle)
        except BundleError:
            pass


# -- pinning -------------------------------------------------------------------------------

def test_a_pinned_digest_accepts_the_bundle_and_refuses_any_other(bundle):
    digest = bundle_sha256(bundle)
    assert json.loads((bundle / "card.json").read_text())["bundle_sha256"] == digest  # written by training
    assert load_model(bundle, sha256=digest).sha256 == digest
    assert load_model(bundle, sha256=digest.upper()).sha256 == digest
    name = next(iter(_meta(bundle)["vectorizers"].values()))["file"]
    terms = json.loads((bundle / name).read_text())
    _rewrite(bundle, name, json.dumps(terms[::-1]).encode())  # hashes rewritten: only the pin catches it
    assert load(bundle).heads
    with pytest.raises(BundleError, match=f"not the pinned {digest}"):
        load_model(bundle, sha256=digest)
    with pytest.raises(ValueError, match="64 hexadecimal digits"):
        load_model(bundle, sha256="abc")


def test_the_digest_leaves_out_the_card_only(bundle):
    digest = bundle_sha256(bundle)
    card = json.loads((bundle / "card.json").read_text())
    _rewrite(bundle, "card.json", json.dumps({**card, "note": "edited"}).encode())
    assert bundle_sha256(bundle) == digest
    meta = _meta(bundle)
    meta["framing"] = "9.9"
    _write_meta(bundle, meta)
    assert bundle_sha256(bundle) != digest


def test_the_digest_is_the_documented_sha256sum_listing(bundle):
    meta = _meta(bundle)
    files = {k: v for k, v in meta["files"].items() if k != "card.json"}
    manifest = hashlib.sha256(bundle_io.json_bytes({**meta, "files": files})).hexdigest()
    listing = "".join(f"{h}  {n}\n" for n, h in sorted([*files.items(), ("bundle.json", manifest)]))
    assert bundle_sha256(bundle) == hashlib.sha256(listing.encode()).hexdigest()


def test_the_shipped_bundle_passes_every_check():
    model = framing.load_model()
    assert len(model.sha256) == 64 and model.heads
    assert load_model(model, sha256=model.sha256) is model


# -- crash-safe writes ---------------------------------------------------------------------

def _dead_pid() -> int:
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    return int(child.stdout)


def _bundle_like(src: Path, dst: Path) -> Path:
    dst.mkdir()
    for f in src.iterdir():
        (dst / f.name).write_bytes(f.read_bytes())
    return dst


def test_a_write_killed_between_its_renames_is_finished_on_load(bundle):
    pid = _dead_pid()
    old = bundle.rename(bundle.parent / f".m.old-{pid}")
    written = _bundle_like(old, bundle.parent / f".m.writing-{pid}")
    assert load(bundle).heads  # the complete new bundle was moved in
    assert sorted(p.name for p in bundle.parent.iterdir()) == ["m"] and not written.exists()


def test_a_write_killed_before_its_bundle_json_is_undone_on_load(bundle):
    pid = _dead_pid()
    old = bundle.rename(bundle.parent / f".m.old-{pid}")
    partial = _bundle_like(old, bundle.parent / f".m.writing-{pid}")
    (partial / "bundle.json").unlink()
    assert load_model(bundle).heads  # the previous bundle is back
    assert sorted(p.name for p in bundle.parent.iterdir()) == ["m"]


def test_leftovers_of_dead_writers_are_cleared_on_the_next_write(bundle):
    pid = _dead_pid()
    _bundle_like(bundle, bundle.parent / f".m.writing-{pid}")
    _bundle_like(bundle, bundle.parent / f".m.old-{pid}")
    (bundle.parent / f".m.writing-{os.getppid()}").mkdir()  # a writer still running: left alone
    meta = {"heads": {}, "stance": {"x": {"kind": "test"}}}
    bundle_io.write_bundle(bundle, meta, {"x.a": np.arange(3)}, {"card.json": {}})
    assert sorted(p.name for p in bundle.parent.iterdir()) == [f".m.writing-{os.getppid()}", "m"]


@pytest.mark.parametrize("exchange", [True, False])
def test_a_rewrite_leaves_one_bundle_with_or_without_an_atomic_exchange(tmp_path, monkeypatch, exchange):
    if not exchange:
        monkeypatch.setattr(bundle_io, "_exchange", lambda a, b: False)
    target = tmp_path / "b"
    meta = {"heads": {}, "stance": {"x": {"kind": "test"}}}
    for n in (3, 4):
        bundle_io.write_bundle(target, meta, {"x.a": np.arange(n)}, {"card.json": {"v": n}})
    assert list(bundle_io.read_bundle(target)[1]["x.a"]) == [0, 1, 2, 3]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b"]


def test_the_swap_is_atomic_on_linux(tmp_path):
    if not sys.platform.startswith("linux"):
        pytest.skip("renameat2 is Linux only")
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "x").write_text("a")
    (b / "x").write_text("b")
    if not bundle_io._exchange(a, b):
        pytest.skip("this libc or file system has no RENAME_EXCHANGE")
    assert (a / "x").read_text() == "b" and (b / "x").read_text() == "a"
