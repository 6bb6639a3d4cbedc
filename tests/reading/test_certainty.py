"""Hedges and boosters: lexicon hits, negation, fixed phrases, context rules."""

from __future__ import annotations

import framing
from framing.lexicons import Lexicon


def spans(text: str, kind: str) -> list[tuple[str, str]]:
    return [(e.text, e.detail) for e in framing.extract(text).spans(kind)]


def test_hedges_by_category():
    text = "The plan may fail. It reportedly cost about 300 million. Perhaps officials seem unsure."
    assert spans(text, "hedge") == [
        ("may", "modal"),
        ("reportedly", "evidential"),
        ("about", "approximator"),
        ("Perhaps", "epistemic_adverb"),
        ("seem", "epistemic_verb"),
    ]


def test_approximator_needs_a_number():
    assert spans("They talked about the islands around noon.", "hedge") == []
    assert spans("Around 100 vehicles and some 40 ships took part.", "hedge") == [
        ("Around", "approximator"),
        ("some", "approximator"),
    ]


def test_negated_hedge_is_not_a_hedge():
    assert spans("Putin could not contain his irritation.", "hedge") == []
    assert spans("The report does not suggest a link.", "hedge") == []
    assert spans("The ministry couldn't say.", "hedge") == []


def test_negated_booster_counts_as_hedge():
    assert spans("It is not clear who fired first.", "hedge") == [("clear", "negated_booster")]
    assert spans("It is not clear who fired first.", "booster") == []


def test_booster_phrase_swallows_the_hedge_inside():
    assert spans("This is, without doubt, a turning point.", "hedge") == []
    assert spans("This is, without doubt, a turning point.", "booster") == [("without doubt", "phrase")]


def test_may_the_month_and_might_the_noun_are_not_hedges():
    assert spans("Talks resume on May 9. Putin Flexes Military Might.", "hedge") == []
    assert spans("He showcased the might of Russian weaponry.", "hedge") == []
    assert spans("Tokyo may respond.", "hedge") == [("may", "modal")]


def test_inflections_and_no_match_inside_words():
    assert spans("Officials appeared calm; the dismay suggested otherwise.", "hedge") == [
        ("appeared", "epistemic_verb"),
        ("suggested", "epistemic_verb"),
    ]


def test_user_lexicon_overrides():
    mine = Lexicon.load("hedges").extended(["iffy\tepistemic_adjective"]).without(["may"])
    extractor = framing.Extractor(lexicons={"hedges": mine})
    found = [e.text for e in extractor.extract("The deal may be iffy.").spans("hedge")]
    assert found == ["iffy"]


def test_seed_hedges_and_boosters(seeds):
    f = framing.extract(seeds["004"])
    assert "inevitably" in [e.text for e in f.spans("booster")]
    f = framing.extract(seeds["000"])
    hedges = [e.text for e in f.spans("hedge")]
    assert "presumably" in hedges and "reportedly" in hedges
    assert "Might" not in hedges and "May" not in hedges  # "Military Might", "this May"
