"""Loaded language: tagged spans, the lexicon terms they hold, and their actors.

The ``loaded`` family reports the spans of the tagger (test_loaded_tagger.py); the
lexicon terms, with the phrase each colours and its actors, are read through
:attr:`Reading.loaded_terms` (the tagger's input, and what actor stance uses).
"""

from __future__ import annotations

import pytest

import framing
from framing.lexicons import Lexicon, LexiconSet
from framing.reading import Reading
from framing.text import prepare


def loaded(text: str, **kwargs) -> list:
    return framing.Extractor(families=["loaded"], **kwargs).extract(text).spans("loaded")


def lexicon_terms(text: str, lexicons: LexiconSet | None = None) -> list:
    doc = prepare(text)
    return [(doc.text[t.start:t.end], t) for t in Reading(doc, lexicons or LexiconSet(), None).loaded_terms]


def terms(text: str) -> dict[str, str]:
    """Lexicon term → category of every lexicon term found."""
    return {t.entry.term: t.entry.category for _, t in lexicon_terms(text)}


def test_seed_001_provocations_by_japan(seeds):
    spans = [e for e in loaded(seeds["001"]) if e.attrs.get("term") == "provocation"]
    assert spans, "provocations not tagged"
    assert all(e.detail == "charged_noun" for e in spans)
    assert any(e.text.lower() == "provocations" and e.attrs.get("agent") == "Japan" for e in spans)


def test_seed_004_reprimand_and_provocations(seeds):
    found = {e.attrs["term"]: e.detail for e in loaded(seeds["004"]) if "term" in e.attrs}
    assert found.get("reprimand") == "charged_verb"
    assert found.get("provocation") == "charged_noun"


@pytest.mark.parametrize("seed", ["001", "004"])
def test_each_span_holds_at_most_one_lexicon_term_and_carries_its_category(seeds, seed):
    text = seeds[seed]
    doc = prepare(text)
    starts = {doc.original_span(t.start, t.end)[0]: t.entry for t in Reading(doc, LexiconSet(), None).loaded_terms}
    spans = loaded(text)
    assert any(e.detail != "tagged" for e in spans)
    for e in spans:
        inside = [entry for start, entry in starts.items() if e.start <= start < e.end]
        assert len(inside) <= 1
        if inside:
            assert (e.detail, e.attrs["term"]) == (inside[0].category, inside[0].term)
        else:
            assert e.detail == "tagged" and "term" not in e.attrs


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
    spans = [text for text, _ in lexicon_terms("It was a very long and absurd plan, absurd for all.")]
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
    (t,) = [t for _, t in lexicon_terms(text) if t.entry.term == term]
    assert (t.agent, t.target) == (agent, target)


def test_tagged_spans_carry_the_actors_of_their_term(seeds):
    text = seeds["001"]
    doc = prepare(text)
    actors = {doc.original_span(t.start, t.end)[0]: (t.agent, t.target) for t in Reading(doc, LexiconSet(), None).loaded_terms}
    with_term = [e for e in loaded(text) if "term" in e.attrs]
    assert any("agent" in e.attrs or "target" in e.attrs for e in with_term)
    for e in with_term:
        first = min(start for start in actors if e.start <= start < e.end)
        assert (e.attrs.get("agent", ""), e.attrs.get("target", "")) == actors[first]


def test_headline_capitals_are_not_names():
    (t,) = [t for _, t in lexicon_terms("Putin Flexes Military Might Ahead Of Visit") if t.entry.term == "flex"]
    assert (t.agent, t.target) == ("", "")


def test_lexicon_override():
    mine = LexiconSet({"loaded": Lexicon.load("loaded").extended(["kerfuffle\tcharged_noun\tn"])})
    assert terms("A kerfuffle.") == {}
    assert [t.entry.category for _, t in lexicon_terms("Two kerfuffles.", mine)] == ["charged_noun"]


def refined(text: str, phrases: list[str], rules=None) -> list[str]:
    """The text of the spans :func:`refine` makes of the given phrases (first occurrences) of ``text``."""
    from framing.reading.loaded import RULES, refine

    doc = prepare(text)
    spans = [(doc.text.index(p), doc.text.index(p) + len(p)) for p in phrases]
    return [doc.text[a:b] for a, b in refine(Reading(doc, LexiconSet(), None), spans, RULES if rules is None else rules)]


def test_span_rules_trim_function_words_and_drop_names():
    text = "Critics called the plan and provocative displays a failure. Officials later met Jones in Paris."
    assert refined(text, ["and provocative displays"]) == ["provocative displays"]
    assert refined(text, ["and provocative displays"], ()) == ["and provocative displays"]
    assert refined(text, ["Jones"]) == []  # a name holds no loaded term
    assert refined(text, ["Jones"], ()) == ["Jones"]
    assert refined("Henrik Rothen\n\nThe talks failed.", ["Rothen"]) == []  # a byline


def test_span_rules_run_to_the_head_noun_and_repeat_a_tagged_term():
    text = "Moscow is exasperated with Tokyo's provocations. Japan's provocations went on."
    assert refined(text, ["exasperated with Tokyo's"]) == ["exasperated with Tokyo's provocations", "provocations"]
    assert refined(text, ["exasperated with Tokyo's"], ("heads",)) == ["exasperated with Tokyo's provocations"]
    assert refined(text, ["exasperated with Tokyo's"], ()) == ["exasperated with Tokyo's"]


def test_feeling_verbs_name_who_feels_as_agent():
    found = {t.entry.term: (t.agent, t.target) for _, t in lexicon_terms(
        "Moscow is thoroughly exasperated with Tokyo's provocations. Tokyo has agitated Moscow.")}
    assert found["exasperate"] == ("Moscow", "Tokyo")
    assert found["agitate"] == ("Moscow", "Tokyo")  # Moscow feels it, about Tokyo
    found = {t.entry.term: (t.agent, t.target) for _, t in lexicon_terms("Sanctions against Russia have agitated Moscow.")}
    assert found["agitate"] == ("Moscow", "")  # Russia is what the sanctions are against, not who agitates
