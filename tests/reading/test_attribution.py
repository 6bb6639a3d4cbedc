"""Sourcing: named, anonymous, relayed and vague attributions, with source, role and cue."""

from __future__ import annotations

import framing


def _attributions(text: str) -> framing.Features:
    return framing.Extractor(families=["attribution"]).extract(text)


def _kinds(text: str) -> list[tuple[str, str]]:
    return [(e.detail, e.attrs["source"]) for e in _attributions(text).spans("attribution")]


def test_named_source_with_apposition_role():
    (ev,) = _attributions("Dmitry Ivanov, a professor at Moscow State University, said the talks had failed.").spans("attribution")
    assert ev.detail == "named"
    assert ev.attrs == {"source": "Dmitry Ivanov", "role": "a professor at Moscow State University", "cue": "said"}


def test_named_source_with_title_role():
    (ev,) = _attributions("Foreign Minister Anna Berg warned that the border would close.").spans("attribution")
    assert (ev.detail, ev.attrs["source"], ev.attrs["role"], ev.attrs["cue"]) == ("named", "Anna Berg", "Foreign Minister", "warned")


def test_inverted_named_source():
    assert _kinds("This is the only card Moscow holds, says Dmitry Ivanov, a professor of history.") == [("named", "Dmitry Ivanov")]


def test_anonymous_sources():
    assert _kinds("A senior defence official said the drills would go on.")[0][0] == "anonymous"
    assert _kinds("Officials who spoke on condition of anonymity said the deal was dead.")[0][0] == "anonymous"
    assert _kinds('"The deal is dead," said a diplomatic source.')[0][0] == "anonymous"


def test_relayed_sources():
    assert _kinds("According to Reuters, the talks collapsed.") == [("relayed", "Reuters")]
    assert _kinds("The talks collapsed, as reported by the local newspaper.")[0][0] == "relayed"
    assert _kinds("The newspaper's editors wrote that the talks collapsed.")[0][0] == "relayed"
    assert _kinds("The talks collapsed, according to reports from Interfax, a news agency.") == [("relayed", "Interfax")]
    assert _kinds("Tass reporters noted the silence.") == [("relayed", "Tass")]


def test_vague_sources():
    text = "Experts say the plan is flawed. Critics argue it costs too much. Observers in Brussels believe it will fail."
    assert [k for k, _ in _kinds(text)] == ["vague", "vague", "vague"]


def test_cognition_verbs_need_a_source_noun():
    assert _kinds("I believe the plan will fail, and we think so too.") == []


def test_negation_does_not_cancel_an_attribution():
    assert [k for k, _ in _kinds("A spokesman did not deny the report.")] == ["anonymous"]


def test_no_source_no_attribution():
    assert _kinds("The plan said little about costs.") == []


def _seed_values(seeds, key):
    return _attributions(seeds[key])


def test_seed_relayed_sourcing(seeds):
    """Seeds 000, 001 and 004 relay Chinese media; each relays more than 003, a Japanese daily's own reporting."""
    relayed_003 = _seed_values(seeds, "003").values["attribution.relayed.share"]
    for key, outlet in (("000", "Sohu"), ("001", "Tencent"), ("004", "NetEase")):
        feats = _seed_values(seeds, key)
        sources = [e.attrs["source"] for e in feats.spans("attribution", "relayed")]
        assert outlet in sources, (key, sources)
        assert feats.values["attribution.relayed.share"] > relayed_003
    assert any("publication" in e.attrs["source"] for e in _seed_values(seeds, "004").spans("attribution", "relayed"))
    assert [e.attrs["source"] for e in _seed_values(seeds, "001").spans("attribution", "vague")] == ["Chinese analysts"]


def test_seed_003_sources(seeds):
    feats = _seed_values(seeds, "003")
    named = {e.attrs["source"]: e.attrs.get("role", "") for e in feats.spans("attribution", "named")}
    assert "professor" in named["Dmitry Streltsov"]
    anonymous = [e.attrs["source"] for e in feats.spans("attribution", "anonymous")]
    assert "a senior Japanese foreign ministry official" in anonymous
    assert "a government source" in anonymous


def test_people_with_access_are_anonymous_and_generic_people_are_no_source():
    assert _kinds("The deal is off, according to people familiar with the talks.")[0][0] == "anonymous"
    assert _kinds("The deal is off, according to the people, who were granted anonymity.")[0][0] == "anonymous"
    assert _kinds("People think differently when they are afraid.") == []
    assert _kinds("Many experts believe the deal is off.") == [("vague", "Many experts")]


def test_lowercase_outlet_word_is_no_outlet():
    assert _kinds("The new slate of candidates adds three women.") == []
