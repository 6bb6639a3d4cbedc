"""Claim-stance prediction on numpy alone, to the last bit of what the scipy computation gave.

The child process blocks scipy, scikit-learn and NLTK, then rebuilds the shipped
bundle's claim-stance model, computes pair features (``ClaimFeatures.transform_text``)
and probabilities (``StanceModel.predict_proba_features``) for texts read in this
process, and stems their words (``framing.claims.terms.term_of``).  This process
checks them against the terms of the analyses and against stage two's sums
computed by ``scipy.sparse``, as the model computed them before.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from framing.claims.claim_features import SparseRows
from framing.claims.model import StanceModel, _sequential_scores
from framing.model.linear import sigmoid, softmax

from conftest import ROOT, import_blocker

BUNDLE = ROOT / "models" / "default"
BLOCKED = ("scipy", "sklearn", "nltk")


def _shipped_model_inputs() -> tuple[dict[str, np.ndarray], list[str]]:
    """The claim-stance arrays of the shipped bundle (keys without their prefix) and its vocabulary."""
    meta = json.loads((BUNDLE / "bundle.json").read_text(encoding="utf-8"))
    name, spec = next((n, s) for n, s in meta["stance"].items() if s["kind"] == "claim_stance")
    with np.load(BUNDLE / "arrays.npz", allow_pickle=False) as npz:
        arrays = {k[len(name) + 1:]: npz[k] for k in npz.files if k.startswith(name + ".")}
    vocabulary = json.loads((BUNDLE / spec["vocabulary"]).read_text(encoding="utf-8"))
    return arrays, vocabulary


def _shipped_model() -> StanceModel:
    arrays, vocabulary = _shipped_model_inputs()
    return StanceModel.from_arrays({**arrays, "features.terms": np.array(vocabulary, dtype=str)})


def _groups() -> list[tuple[list[str], str]]:
    """Real pairs: the sample corpus' claims over their texts, over sample articles, and over the example article."""
    pairs = [json.loads(line) for line in (ROOT / "corpus" / "sample" / "claims.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    claims = list(dict.fromkeys(p["claim"] for p in pairs))
    by_text: dict[str, list[str]] = {}
    for p in pairs:
        by_text.setdefault(p["text"], []).append(p["claim"])
    articles = [json.loads(line)["text"] for line in (ROOT / "corpus" / "sample" / "articles.jsonl").read_text(encoding="utf-8").splitlines()[:6]]
    harbour = (ROOT / "corpus" / "examples" / "harbour_dispute.txt").read_text(encoding="utf-8")
    groups = [(cs, t) for t, cs in by_text.items()] + [(claims, a) for a in articles]
    groups.append((claims + ["The two governments reached an agreement on the harbour", "The harbour will close"], harbour))
    return groups


def _scipy_probabilities(model: StanceModel, dense: np.ndarray, bag) -> np.ndarray:
    """The probabilities as the model computed them with scipy (stage two: CSR matrix @ coefficients)."""
    p_related = sigmoid(model._related_matrix(dense) @ model.related_coef_ + model.related_intercept_)
    scores = np.asarray(model._class_matrix(dense, bag) @ model.class_coef_.T) + model.class_intercept_
    return np.column_stack([softmax(scores) * p_related[:, None], 1.0 - p_related])


_CHILD = textwrap.dedent("""
    import importlib, json, sys, types, warnings
    import numpy as np

    BLOCKED = {blocked!r}
    root, work = sys.argv[1], sys.argv[2]
    sys.path.insert(0, root)
    setup = json.load(open(work + "/setup.json", encoding="utf-8"))
    try:
        import framing.claims  # the whole package, once framing/claims/analysis.py needs no NLTK
        mode = "package"
    except ImportError as err:
        # analysis.py (not under test here) still imports NLTK: import again with a stand-in
        # for it that holds what the other modules take from it
        mode = f"stand-in analysis ({{err}})"
        for name in [m for m in sys.modules if m == "framing" or m.startswith("framing.")]:
            del sys.modules[name]
        analysis = types.ModuleType("framing.claims.analysis")
        analysis.CUE_CATEGORIES = tuple(setup["cue_categories"])
        analysis.Analysis = type("Analysis", (), {{}})
        analysis.analyse = None
        sys.modules["framing.claims.analysis"] = analysis
    from framing.claims.claim_features import SparseRows
    from framing.claims.model import StanceModel
    from framing.claims.terms import term_of

    class Read:  # what ClaimFeatures.transform_text reads of an analysis
        def __init__(self, d):
            self.terms, self.quoted = d["terms"], np.array(d["quoted"], dtype=bool)
            self.token_sentence = np.array(d["token_sentence"], dtype=np.int64)
            self.n_sentences, self._cues = d["n_sentences"], np.array(d["cue_counts"], dtype=float).reshape(-1, 6)

        def cue_counts(self):
            return self._cues

    arrays = dict(np.load(work + "/model.npz", allow_pickle=False))
    model = StanceModel.from_arrays({{**arrays, "features.terms": np.array(setup["vocabulary"], dtype=str)}})
    out = {{}}
    for g, (claims, text) in enumerate(setup["groups"]):
        block = model.features.transform_text([Read(c) for c in claims], Read(text))
        assert isinstance(block.bag, SparseRows)
        out[f"dense{{g}}"], out[f"proba{{g}}"] = block.dense, model.predict_proba_features(block.dense, block.bag)
        out[f"indptr{{g}}"], out[f"indices{{g}}"], out[f"data{{g}}"] = block.bag.indptr, block.bag.indices, block.bag.data
    np.savez(work + "/out.npz", **out)
    terms = {{w: term_of(w) for w in setup["words"]}}
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)
    assert not loaded, loaded
    json.dump({{"mode": mode, "terms": terms}}, open(work + "/out.json", "w", encoding="utf-8"))
    print("ok")
""")


def _read(analysis) -> dict:
    return {
        "terms": list(analysis.terms), "token_sentence": analysis.token_sentence.tolist(), "n_sentences": analysis.n_sentences,
        "cue_counts": analysis.cue_counts().tolist(), "quoted": analysis.quoted.tolist(),
    }


def test_prediction_needs_numpy_only_and_gives_the_scipy_probabilities(tmp_path):
    pytest.importorskip("scipy", reason="the reference probabilities are computed with scipy")
    from framing.claims.analysis import CUE_CATEGORIES, analyse

    model = _shipped_model()
    groups = []
    for claims, text in _groups():
        claim_an = [a for a in (analyse(c, claim=True) for c in claims) if any(a.terms)]
        groups.append((claim_an, analyse(text)))
    arrays, vocabulary = _shipped_model_inputs()
    np.savez(tmp_path / "model.npz", **arrays)
    words = sorted({w for cs, t in groups for a in [*cs, t] for w in a.doc.words})
    setup = {
        "cue_categories": list(CUE_CATEGORIES), "vocabulary": vocabulary, "words": words,
        "groups": [([_read(c) for c in cs], _read(t)) for cs, t in groups],
    }
    (tmp_path / "setup.json").write_text(json.dumps(setup), encoding="utf-8")
    script = import_blocker(BLOCKED, "claim-stance prediction must not need it") + _CHILD.format(blocked=BLOCKED)
    run = subprocess.run([sys.executable, "-c", script, str(ROOT), str(tmp_path)], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert run.returncode == 0 and run.stdout.strip().endswith("ok"), run.stderr[-3000:]

    report = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    expected_terms = {w: t for cs, text in groups for a in [*cs, text] for w, t in zip(a.doc.words, a.terms)}
    assert report["terms"] == expected_terms
    n_pairs = 0
    with np.load(tmp_path / "out.npz", allow_pickle=False) as out:
        for g, (claim_an, text_an) in enumerate(groups):
            block = model.features.transform_text(claim_an, text_an)
            assert np.array_equal(out[f"dense{g}"], block.dense)
            for key in ("indptr", "indices", "data"):
                assert np.array_equal(out[f"{key}{g}"], getattr(block.bag, key))
            expected = _scipy_probabilities(model, block.dense, block.bag.to_scipy())
            assert out[f"proba{g}"].tobytes() == expected.tobytes(), f"group {g}: not bit-identical"
            n_pairs += len(claim_an)
    assert n_pairs > 50
    if report["mode"] != "package":
        print(f"tested with {report['mode']}")


def test_sequential_sums_equal_scipy_where_numpy_sums_differ():
    sp = pytest.importorskip("scipy.sparse", reason="the reference is scipy's CSR product")
    model = _shipped_model()
    rng = np.random.default_rng(0)
    n_rows, n_dense = 60, model.class_mean_.shape[0]
    n_bag = (model.class_coef_.shape[1] - n_dense) // 2
    dense = rng.normal(size=(n_rows, n_dense)) * model.class_scale_ + model.class_mean_
    dense[:, 5] = model.class_mean_[5]  # a column of zeros after scaling, which scipy leaves out
    bag = sp.random(n_rows, 2 * n_bag, density=0.1, format="csr", random_state=1, data_rvs=lambda n: rng.uniform(0.01, 1.0, n))
    bag.sort_indices()
    expected = np.asarray(model._class_matrix(dense, bag) @ model.class_coef_.T) + model.class_intercept_
    for given in (bag, SparseRows(bag.indptr, bag.indices, bag.data, bag.shape)):
        assert model._class_scores(dense, given).tobytes() == expected.tobytes()
    # in small chunks too
    scaled = (dense - model.class_mean_) / model.class_scale_
    weighted = bag.data * np.where(bag.indices < n_bag, model.near_weight, model.text_weight)
    chunked = _sequential_scores(scaled, bag.indptr, bag.indices, weighted, model.class_coef_, max_cells=1000)
    assert (chunked + model.class_intercept_).tobytes() == expected.tobytes()
    # the order matters: a plain numpy product gives other last bits
    matrix = np.hstack([scaled, bag.toarray() * np.repeat([model.near_weight, model.text_weight], n_bag)])
    assert (matrix @ model.class_coef_.T + model.class_intercept_).tobytes() != expected.tobytes()


def test_sparse_rows_match_scipy():
    sp = pytest.importorskip("scipy.sparse")
    model = _shipped_model()
    from framing.claims.analysis import analyse

    claims = [analyse("Marrow Hill council closes the old river bridge", claim=True), analyse("Norland opens a new school", claim=True)]
    text = analyse((ROOT / "corpus" / "examples" / "harbour_dispute.txt").read_text(encoding="utf-8"))
    bag = model.features.transform_text(claims, text).bag
    rows = np.repeat(np.arange(bag.shape[0]), np.diff(bag.indptr))
    reference = sp.csr_matrix((bag.data, (rows, bag.indices)), shape=bag.shape)  # how the bag was built before
    converted = bag.to_scipy()
    assert converted.has_sorted_indices and converted.shape == reference.shape
    for key in ("indptr", "indices", "data"):
        assert np.array_equal(getattr(converted, key), getattr(reference, key))
    assert np.array_equal(bag.toarray(), reference.toarray())
