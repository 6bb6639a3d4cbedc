"""Actors: gazetteer, mention rules, voice, roles in loaded language, stance model."""

from __future__ import annotations

import json

import numpy as np
import pytest

from framing import analyze_actors
from framing.actors import STANCE_LABELS, ActorAnalyzer, ActorStanceModel
from framing.actors.stance import FEATURE_NAMES
from framing.features import Features
from framing.features.attribution import Attributions
from framing.features.loaded import LoadedLanguage
from framing.features.quotes import Quotes
from framing.model import BundleError, Part
from framing.text import prepare

ANALYZER = ActorAnalyzer()


def by_name(profiles):
    return {p.name: p for p in profiles}


def with_families(text):
    """Profiles computed from the quote, attribution and loaded families, whether or not they are registered."""
    reading = ANALYZER.extractor.read(prepare(text))
    lexicons = reading.lexicons
    evidence = [e for fam in (Quotes(lexicons), Attributions(lexicons), LoadedLanguage(lexicons)) for e in fam.extract(reading)[1]]
    return by_name(ANALYZER.analyze(reading, features=Features({}, evidence)))


def test_capitals_institutions_and_demonyms_stand_for_states():
    text = "Tokyo protested on Monday. The Kremlin said Beijing agreed, and Russian ships sailed. Moscow's reply came later."
    actors = by_name(ANALYZER.analyze(text))
    assert set(actors) == {"Japan", "Russia", "China"}
    assert [e.detail for e in actors["Russia"].mentions] == ["capital", "demonym", "capital"]
    assert [e.text for e in actors["Russia"].mentions] == ["Kremlin", "Russian", "Moscow"]


def test_lower_case_words_are_not_short_names():
    assert ANALYZER.analyze("Tell us who did it; the who and the why matter to us.") == []
    assert [p.name for p in ANALYZER.analyze("The US and the WHO disagreed.")] == ["United States", "World Health Organization"]


def test_titled_person_is_resolved_by_surname_and_affiliated():
    text = (
        "Japanese Prime Minister Haruto Sato met reporters. Later, Sato left.\n"
        "Foreign Minister Emi Tanaka of Japan spoke too. Tanaka was brief.\n"
        "Ivan Petrov, a lecturer at a university in Moscow, disagreed. Petrov said little."
    )
    actors = by_name(ANALYZER.analyze(text))
    assert actors["Haruto Sato"].kind == "person" and actors["Haruto Sato"].affiliation == "Japan"
    assert [e.detail for e in actors["Haruto Sato"].mentions] == ["name", "surname"]
    assert actors["Emi Tanaka"].affiliation == "Japan"
    assert actors["Ivan Petrov"].affiliation == "Russia"
    assert {"Haruto Sato", "Emi Tanaka"} <= set(actors["Japan"].members)


def test_caller_aliases_take_precedence():
    text = "Prime Minister Haruto Sato spoke in Tokyo. Sato said the talks failed."
    actors = by_name(ANALYZER.analyze(text, actors={"Japan": ["Tokyo", "Sato"]}))
    assert "Haruto Sato" not in actors
    assert [e.text for e in actors["Japan"].mentions] == ["Sato", "Tokyo", "Sato"]
    assert all(e.detail == "alias" for e in actors["Japan"].mentions)
    unknown = by_name(ANALYZER.analyze("ACME CORP denied it. Acme later agreed.", actors={"Acme": ["Acme Corp"]}))
    assert unknown["Acme"].kind == "given" and unknown["Acme"].n_mentions == 2
    short = by_name(ANALYZER.analyze("Tell us more, said the US envoy.", actors={"America": ["US"]}))
    assert [e.text for e in short["America"].mentions] == ["US"]


@pytest.mark.parametrize("text", ["", "   \n", "Nothing in this sentence names anyone at all."])
def test_no_actors_gives_an_empty_list(text):
    assert analyze_actors(text) == []


def test_offsets_index_the_callers_text_and_to_dict_is_json():
    html = "<html><body><p>&ldquo;No,&rdquo; said Tokyo.</p><p>The Kremlin&rsquo;s answer: yes.</p></body></html>"
    profiles = analyze_actors(html)
    spans = [e for p in profiles for e in p.mentions]
    assert {e.text for e in spans} == {"Tokyo", "Kremlin"}
    assert all(html[e.start:e.end] == e.text for e in spans)
    json.dumps([p.to_dict() for p in profiles])


def test_speaker_phrases_give_voice_to_their_country():
    text = (
        '"The talks are over," the Chinese publication noted.\n'
        '"We will respond," said a senior Japanese official.\n'
        '"Nothing has changed," warned Chinese commentators.'
    )
    actors = with_families(text)
    assert actors["China"].quotes == 2 and actors["Japan"].quotes == 1
    assert actors["China"].quoted_token_share + actors["Japan"].quoted_token_share == pytest.approx(1.0)


def test_seeds_japan_is_the_agent_of_provocation(seeds):
    for key in ("001", "004"):
        actors = by_name(analyze_actors(seeds[key]))

        def provocations(p):
            return sum(1 for e in p.evidence if e.kind == "loaded" and e.attrs.get("term", "").startswith("provo") and e.attrs.get("agent"))

        japan = provocations(actors["Japan"])
        assert japan >= 1, key
        assert all(provocations(p) <= japan for p in actors.values()), key
        assert all(provocations(p) < japan for n, p in actors.items() if p.kind == "country" and n != "Japan"), key


def test_seed_004_quoted_voices_are_chinese(seeds):
    actors = with_families(seeds["004"])
    total = len({(e.start, e.end) for p in actors.values() for e in p.evidence if e.kind == "quote"})
    assert total >= 2
    assert actors["China"].quotes == total and actors["China"].quoted_token_share == pytest.approx(1.0)
    assert actors["Japan"].quotes == 0 and actors["Japan"].attributions == 0


def test_seed_003_voices_include_japanese_officials_and_a_russian_professor(seeds):
    actors = with_families(seeds["003"])
    assert actors["Japan"].quotes >= 1
    russian_people = [n for n in actors["Russia"].members if actors[n].kind == "person"]
    assert any(actors[n].attributions >= 1 for n in russian_people)


def test_stance_model_round_trips_through_plain_arrays():
    rng = np.random.default_rng(0)
    k = len(FEATURE_NAMES)
    model = ActorStanceModel(rng.normal(size=k), np.ones(k), rng.normal(size=(3, k)), np.zeros(3), {"note": "test"})
    arrays = model.to_arrays()
    assert set(arrays) == {"mean", "scale", "coef", "intercept"} and all(a.dtype.kind == "f" for a in arrays.values())
    loaded = _from_component(ActorStanceModel, {"feature_names": list(FEATURE_NAMES)}, arrays, {})
    X = rng.normal(size=(4, k))
    assert loaded.predict_proba(X) == pytest.approx(model.predict_proba(X))
    assert all(sum(p.values()) == pytest.approx(1.0) for p in loaded.predict_actors(X))
    with pytest.raises(BundleError, match="other features"):
        _from_component(ActorStanceModel, {"feature_names": list(FEATURE_NAMES)[:-1]}, arrays, {})


def test_shipped_stance_gives_probabilities(seeds):
    analyzer = ActorAnalyzer()
    if analyzer.stance_model is None:
        pytest.skip("the shipped bundle has no actor-stance model (framing train corpus/ --head actor_stance)")
    for p in analyzer.analyze(seeds["004"]):
        assert tuple(p.stance) == STANCE_LABELS and sum(p.stance.values()) == pytest.approx(1.0)
        assert p.stance_label in STANCE_LABELS


def test_gazetteer_lists_can_be_replaced():
    text = '"It is over," the Daily Planet reported. Smallville officials said nothing.'
    default = by_name(ANALYZER.analyze(text))
    assert "Daily Planet" not in default
    mine = ActorAnalyzer(lexicons={"actors_outlets": ["daily planet\tDaily Planet/United States"]}, stance_model=ANALYZER.stance_model)
    actors = by_name(mine.analyze(text))
    assert actors["Daily Planet"].kind == "outlet" and actors["Daily Planet"].affiliation == "United States"


def test_reusing_extracted_features_gives_the_same_profiles(seeds):
    import framing

    text = seeds["003"]
    direct = [p.to_dict() for p in ANALYZER.analyze(text)]
    reused = [p.to_dict() for p in ANALYZER.analyze(text, features=framing.extract(text))]
    assert reused == direct


def test_a_title_before_a_speech_verb_is_not_part_of_the_name():
    text = '"We will act," Foreign Minister Anja Berg told reporters. Later, Berg said more.'
    names = [a.name for a in analyze_actors(text)]
    assert names == ["Anja Berg"]


def _from_component(cls, spec, arrays, files):
    """``cls`` rebuilt from a bundle part holding ``spec``, ``arrays`` and ``files``."""
    return cls.from_part(Part("stance", spec.get("kind", ""), spec, arrays, files))
