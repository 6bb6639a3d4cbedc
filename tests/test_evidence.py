"""Evidence crosses process boundaries: it pickles, with or without attrs."""

import copy
import pickle

import framing
from framing.evidence import NO_ATTRS, Evidence


def test_evidence_pickles_with_and_without_attrs():
    plain = Evidence("hedge", 0, 5, "might", "modal")
    with_attrs = Evidence("loaded", 6, 14, "provoked", "charged_verb", {"agent": "Japan"})
    for e in (plain, with_attrs):
        back = pickle.loads(pickle.dumps(e))
        assert back == e and back.to_dict() == e.to_dict()
        assert copy.deepcopy(e) == e
    assert pickle.loads(pickle.dumps(plain)).attrs is NO_ATTRS


def test_features_of_an_article_pickle():
    features = framing.extract('Officials said Japan "provoked" the crisis, according to Sohu. It may escalate.')
    assert features.evidence
    back = pickle.loads(pickle.dumps(features.evidence))
    assert [e.to_dict() for e in back] == [e.to_dict() for e in features.evidence]
