"""The loaded-language family: charged words, labels, intensifiers and their actors."""

from __future__ import annotations

import pytest

import framing
from framing.lexicons import Lexicon


def loaded(text: str, **kwargs) -> list:
    return framing.Extractor(families=["loaded"], **kwargs).extract(text).spans("loaded")


def terms(text: str) -> dict[str, str]:
    """Lexicon term → detail of every loaded span."""
    return {e.attrs["term"]: e.detail for e in loaded(text)}


def test_seed_001_provocations_by_japan(seeds):
    spans = [e for e in loaded(seeds["001"]) if e.attrs["term"] == "provocation"]
    assert spans, "provocations not found"
    assert all(e.detail == "charged_noun" for e in spans)
    assert any(e.text == "provocations" and e.attrs.get("agent") == "Japan" for e in spans)


def test_seed_004_reprimand_and_provocations(seeds):
    found = terms(seeds["004"])
    assert found.get("reprimand") == "charged_verb"
    assert found.get("provocation") == "charged_noun"


def test_evidence_offsets_index_the_callers_text(seeds):
    text = seeds["004"]
    for e in loaded(text):
        assert text[e.start:e.end] == e.text


@pytest.mark.parametrize(
    "text, term",
    [
        ("Critics slammed the plan.", "slam"),
        ("She slams the plan.", "slam"),
        ("They were slamming the plan.", "slam"),
        ("The move provoked anger.", "provoke"),
        ("It keeps provoking its neighbours.", "provoke"),
        ("Putin flexes his muscles.", "flex"),
        ("The speech stirred the crowd.", "stir"),
        ("The minister decried the decision.", "decry"),
        ("Further provocations followed.", "provocation"),
    ],
)
def test_inflections(text, term):
    assert term in terms(text)


def test_categories():
    found = terms("The thug gave an utterly outrageous tirade and brazenly lied.")
    assert found == {
        "thug": "label",
        "utterly": "intensifier",
        "outrageous": "charged_adjective",
        "tirade": "charged_noun",
        "brazenly": "charged_adverb",
        "lied": "charged_verb",
    }


def test_phrase_spans_take_the_word_coloured():
    spans = [e.text for e in loaded("It was a very long and absurd plan, absurd for all.")]
    assert spans == ["very long", "absurd plan", "absurd"]


def test_no_match_inside_other_words():
    assert terms("The slammer, the stirrup, the flexible provocateurish everyday chaotically.") == {}


@pytest.mark.parametrize(
    "text",
    [
        "The committee met on Tuesday and approved the budget.",
        "Officials said the talks would resume next week in Geneva.",
        "The company reported quarterly revenue of $3 billion.",
    ],
)
def test_neutral_news_has_no_loaded_language(text):
    assert loaded(text) == []


@pytest.mark.parametrize(
    "text, term, agent, target",
    [
        ("Japan's provocations continued.", "provocation", "Japan", ""),
        ("Putin condemned Japanese provocations again.", "provocation", "Japan", ""),
        ("North Korean provocations worry Seoul.", "provocation", "North Korea", ""),
        ("Moscow slammed Tokyo on Monday.", "slam", "Moscow", "Tokyo"),
        ("The Kishida administration has repeatedly provoked China.", "provoke", "Kishida administration", "China"),
        ("Tokyo was slammed by the Russian government.", "slam", "Russian government", "Tokyo"),
        ("It did not expect a move to reprimand it.", "reprimand", "", ""),
        ("Analysts fear Russian provocations against Ukraine.", "provocation", "Russia", "Ukraine"),
        ("Provocations from North Korea continued.", "provocation", "North Korea", ""),
        ("Critics called dictator Kim Jong Un dangerous.", "dictator", "", "Kim Jong Un"),
    ],
)
def test_agent_and_target(text, term, agent, target):
    (e,) = [e for e in loaded(text) if e.attrs["term"] == term]
    assert e.attrs.get("agent", "") == agent
    assert e.attrs.get("target", "") == target


def test_headline_capitals_are_not_names():
    (e,) = [e for e in loaded("Putin Flexes Military Might Ahead Of Visit") if e.attrs["term"] == "flex"]
    assert "target" not in e.attrs and "agent" not in e.attrs


def test_values():
    text = "Moscow slammed Tokyo. The very idea is absurd. The weather was mild and the roads were dry today."
    values = framing.Extractor(families=["doc", "loaded"]).extract(text).values
    assert values["loaded.count"] == 3
    assert values["loaded.charged_verb.count"] == 1
    assert values["loaded.intensifier.count"] == 1
    assert values["loaded.per_1k"] == pytest.approx(1000 * 3 / values["doc.tokens"])
    assert values["loaded.with_actor.share"] == pytest.approx(1 / 3)


def test_feature_names_are_fixed():
    ex = framing.Extractor(families=["loaded"])
    assert ex.feature_names() == list(ex.extract("").values)
    assert "loaded.label.per_1k" in ex.feature_names()


def test_lexicon_override():
    mine = Lexicon.load("loaded").extended(["kerfuffle\tcharged_noun\tn"])
    assert terms("A kerfuffle.") == {}
    assert [e.detail for e in loaded("Two kerfuffles.", lexicons={"loaded": mine})] == ["charged_noun"]


def test_lexicon_header_names_its_sources():
    assert "Origin" in Lexicon.load("loaded").source
    assert "Origin" in Lexicon.load("demonyms").source
