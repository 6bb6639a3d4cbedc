"""Stance toward a claim: features, evidence offsets, bad input, model storage, FNC-1 held out."""

from __future__ import annotations

import json

import numpy as np
import pytest

from framing import score
from framing.claims import LABELS, StanceModel, claim_stance_model, fnc_score, load_fnc1, read_pairs, stance
from framing.claims.analysis import analyse
from framing.claims.fnc1 import claim_split_folds
from framing.corpus import CorpusError
from framing.model import BundleError, Part
from framing.training import train

from conftest import ROOT, dataset

SAMPLE = ROOT / "corpus" / "sample"

# Invented texts: a claim, a text that reports it and a text that refutes it.
CLAIM = "Giant squid found alive in the harbour of Portvale"
REPORT = (
    "Fishermen say a giant squid was found alive in the harbour of Portvale on Monday. "
    "\"The squid in the harbour was alive,\" one of them said. "
    "The town council confirmed that the squid was found in the harbour."
)
REFUTE = (
    "Stories about a giant squid in the Portvale harbour are a hoax. "
    "The photos were doctored, and the harbour master denied that any squid was found."
)
OTHER = "The central bank left interest rates unchanged on Thursday, citing slowing inflation."


@pytest.fixture(scope="module")
def fnc1():
    folder = dataset("fnc1/train_stances.jsonl").parent
    return load_fnc1(folder)


def body_part(fnc1, part: int) -> np.ndarray:
    """Pairs whose body falls in one eighth of the bodies (by index)."""
    return np.flatnonzero(fnc1.pairs[:, 1] % 8 == part)


@pytest.fixture(scope="module")
def small_model(fnc1):
    """A model fitted on the pairs of an eighth of the FNC-1 bodies (enough to exercise every part)."""
    rows = body_part(fnc1, 1)
    claims = [fnc1.claims[i] for i in fnc1.pairs[rows, 0]]
    bodies = [fnc1.bodies[i] for i in fnc1.pairs[rows, 1]]
    return StanceModel().fit(claims, bodies, [LABELS[i] for i in fnc1.labels[rows]])


def test_fnc_score_weights_related_classes():
    y = np.array([0, 1, 2, 3])  # agree, disagree, discuss, unrelated
    assert fnc_score(y, y) == 1.0
    # related but wrong class earns 0.25 of each related pair's 1.0; unrelated right earns 0.25
    assert fnc_score(y, np.array([2, 2, 0, 3])) == pytest.approx((0.25 + 0.25 + 0.25 + 0.25) / 3.25)
    assert fnc_score(y, np.array([3, 3, 3, 0])) == 0.0


def test_cues_found_with_categories():
    cues = {(c.category, c.term) for c in analyse(REFUTE).cues}
    assert ("refuting", "hoax") in cues
    assert ("refuting", "doctored") in cues
    assert ("denial", "deny") in cues


def test_relatedness_features_separate_related_from_unrelated(small_model):
    feats = small_model.features
    names = list(feats.get_feature_names_out())
    block = feats.transform_text([analyse(CLAIM), analyse(CLAIM)], analyse(REPORT))
    other = feats.transform_text([analyse(CLAIM)], analyse(OTHER))
    for name in ("related.cosine", "related.term_share", "related.max_sentence_cosine"):
        col = names.index(name)
        assert block.dense[0, col] > 0.3 > other.dense[0, col]
    assert np.array_equal(block.dense[0], block.dense[1])  # same claim, same features


def test_refuting_cues_near_the_claim_are_counted(small_model):
    names = list(small_model.features.get_feature_names_out())
    refute = small_model.features.transform_text([analyse(CLAIM)], analyse(REFUTE)).dense[0]
    report = small_model.features.transform_text([analyse(CLAIM)], analyse(REPORT)).dense[0]
    assert refute[names.index("cue.refuting.matching")] >= 2
    assert report[names.index("cue.refuting.matching")] == 0
    assert report[names.index("treatment.matching_quoted")] > 0


def test_stance_result_and_evidence_offsets(small_model):
    text = "<p>" + REPORT.replace("giant", "<b>giant</b>", 1) + "</p>"
    result = stance(CLAIM, text, model=small_model)
    assert set(result.probabilities) == set(LABELS)
    assert sum(result.probabilities.values()) == pytest.approx(1.0)
    assert result.label == max(result.probabilities, key=result.probabilities.get)
    assert result.probabilities["unrelated"] < 0.5
    details = {e.detail for e in result.evidence}
    assert {"matching_sentence", "claim_term", "quote", "support"} <= details
    for e in result.evidence:
        assert text[e.start:e.end] == e.text
    terms = {e.text.lower() for e in result.evidence if e.detail == "claim_term"}
    assert {"squid", "harbour", "portvale"} <= terms
    assert result.to_dict()["label"] == result.label


def test_unrelated_text_is_unrelated(small_model):
    assert stance(CLAIM, OTHER, model=small_model).label == "unrelated"


def test_refuting_text_shows_its_cues(small_model):
    result = stance(CLAIM, REFUTE, model=small_model)
    cues = {e.text.lower() for e in result.evidence if e.detail in ("refuting", "denial")}
    assert {"hoax", "doctored", "denied"} <= cues


@pytest.mark.parametrize("claim", ["", "   ", "the of and"])
def test_empty_claim_raises(small_model, claim):
    with pytest.raises(ValueError, match="no content word"):
        stance(claim, REPORT, model=small_model)


def test_headline_like_claim_keeps_its_words(small_model):
    """A one-line claim that looks like a caption ("Video: …") is not dropped as boilerplate."""
    result = stance("Video: " + CLAIM, REPORT, model=small_model)
    assert result.probabilities["unrelated"] < 0.5
    assert analyse("Source: " + CLAIM, claim=True).terms[:2] == ["sourc", "giant"]


def test_empty_text_is_unrelated(small_model):
    result = stance(CLAIM, "  ", model=small_model)
    assert result.label == "unrelated" and result.probabilities["unrelated"] == 1.0 and result.evidence == []


def test_claim_longer_than_text_is_scored(small_model):
    text = "Squid found."
    result = stance(REPORT + " " + REFUTE, text, model=small_model)
    assert sum(result.probabilities.values()) == pytest.approx(1.0)
    assert {e.text for e in result.evidence if e.detail == "claim_term"} == {"Squid", "found"}


def test_model_round_trips_through_plain_arrays(small_model):
    arrays = small_model.to_arrays()
    terms = arrays.pop("features.terms").tolist()
    assert all(a.dtype.kind in "fiub" for a in arrays.values())
    spec = {"feature_names": small_model.features.get_feature_names_out().tolist(), "vocabulary": "v.json"}
    loaded = _from_component(StanceModel, spec, arrays, {"v.json": terms})
    claims, texts = [CLAIM, CLAIM, CLAIM], [REPORT, REFUTE, OTHER]
    assert np.allclose(loaded.predict_proba(claims, texts), small_model.predict_proba(claims, texts))
    with pytest.raises(BundleError, match="other features"):
        _from_component(StanceModel, {**spec, "feature_names": spec["feature_names"][:-1]}, arrays, {"v.json": terms})


def test_a_bundle_path_names_its_claim_stance_model(sample_model_path, tmp_path):
    result = stance("Tesk Metals shuts its Norland factory", "Tesk Metals closed its factory in Norland on Friday.", model=sample_model_path)
    assert result.label != "unrelated"
    s = score("Tesk Metals closed its factory in Norland on Friday.", sample_model_path, claims=["Tesk Metals shuts its Norland factory"])
    assert s.claims["Tesk Metals shuts its Norland factory"] == result
    assert s.to_dict()["claims"]["Tesk Metals shuts its Norland factory"]["label"] == result.label
    without = train(SAMPLE, out=tmp_path / "m", head="sample_genre", show_progress=False, log=lambda m: None)
    with pytest.raises(BundleError, match="no claim-stance model"):
        stance(CLAIM, REPORT, model=without)


def test_claim_split_holds_out_bodies_and_headlines(fnc1):
    for fit_rows, held_out in claim_split_folds(fnc1, n_splits=5):
        for col in (0, 1):
            assert not set(fnc1.pairs[fit_rows, col]) & set(fnc1.pairs[held_out, col])


def test_held_out_bodies_beat_majority_baselines(fnc1, small_model):
    """Pairs of another eighth of the bodies: none of their bodies was seen in training."""
    rows = body_part(fnc1, 0)
    probs = small_model.predict_proba([fnc1.claims[i] for i in fnc1.pairs[rows, 0]], [fnc1.bodies[i] for i in fnc1.pairs[rows, 1]])
    y = fnc1.labels[rows]
    score = fnc_score(y, probs.argmax(axis=1))
    all_unrelated = fnc_score(y, np.full(len(y), LABELS.index("unrelated")))
    assert score > 0.75 > all_unrelated


def test_shipped_model_separates_related_from_unrelated():
    try:
        claim_stance_model()
    except BundleError as err:
        pytest.skip(f"the shipped stance model is not installed: {err}")
    assert stance(CLAIM, REPORT).probabilities["unrelated"] < 0.5
    assert stance(CLAIM, OTHER).label == "unrelated"


def test_pairs_are_read_inline_or_by_body_id_and_errors_name_the_line(tmp_path):
    inline = tmp_path / "pairs.jsonl"
    inline.write_text(json.dumps({"claim": CLAIM, "text": REPORT, "stance": "agree"}) + "\n"
                      + json.dumps({"claim": CLAIM, "text": OTHER, "stance": "unrelated"}) + "\n")
    pairs = read_pairs([inline], fields={"claim": "claim"})
    assert pairs.bodies == [REPORT, OTHER] and pairs.claims == [CLAIM] and list(pairs.labels) == [0, 3]
    bodies = tmp_path / "bodies.jsonl"
    bodies.write_text(json.dumps({"body_id": 7, "text": REFUTE}) + "\n")
    stances = tmp_path / "stances.jsonl"
    stances.write_text(json.dumps({"headline": CLAIM, "body_id": 7, "stance": "disagree"}) + "\n")
    assert read_pairs([stances], bodies).bodies == [REFUTE]
    stances.write_text(json.dumps({"headline": CLAIM, "body_id": 7, "stance": "refutes"}) + "\n")
    with pytest.raises(CorpusError, match=r"stances.jsonl:1: unknown stance 'refutes'"):
        read_pairs([stances], bodies)
    stances.write_text(json.dumps({"headline": CLAIM, "body_id": 8, "stance": "agree"}) + "\n{oops\n")
    with pytest.raises(CorpusError, match=r"stances.jsonl:1: body id '8' is not in"):
        read_pairs([stances], bodies)
    stances.write_text(json.dumps({"headline": CLAIM, "body_id": 7, "stance": "agree"}) + "\n{oops\n")
    with pytest.raises(CorpusError, match=r"stances.jsonl:2: not valid JSON"):
        read_pairs([stances], bodies)


def _from_component(cls, spec, arrays, files):
    """``cls`` rebuilt from a bundle part holding ``spec``, ``arrays`` and ``files``."""
    return cls.from_part(Part("stance", spec.get("kind", ""), spec, arrays, files))
