"""Reporting verbs: neutral versus evaluative, nouns left out, negation kept."""

from __future__ import annotations

import pytest

import framing
from framing.lexicons import Lexicon


def _verbs(text: str, **kwargs) -> framing.Features:
    return framing.Extractor(families=["report_verb"], **kwargs).extract(text)


def test_classes_and_evaluative_share():
    feats = _verbs("The minister said the talks failed. Critics claimed the vote was rigged; "
                   "he admitted errors and warned of unrest.")
    details = {e.text: e.detail for e in feats.spans("report_verb")}
    assert details == {
        "said": "neutral",
        "claimed": "evaluative_distancing",
        "admitted": "evaluative_concessive",
        "warned": "evaluative_alarm",
    }
    assert feats.values["report_verb.count"] == 4
    assert feats.values["report_verb.evaluative.count"] == 3
    assert feats.values["report_verb.evaluative.share"] == pytest.approx(0.75)


def test_negation_does_not_cancel_the_verb():
    feats = _verbs("The ministry did not deny the report, and she never conceded the point.")
    assert [e.detail for e in feats.spans("report_verb")] == ["evaluative_denial", "evaluative_concessive"]


def test_noun_forms_are_not_verbs():
    feats = _verbs("The warning came after his notes and their claims were published in the States.")
    assert feats.values["report_verb.count"] == 0


def test_evidence_offsets_index_the_callers_text():
    text = "<p>Officials \u2014 privately \u2014 <b>insisted</b> the plan \u201cworks\u201d.</p>"
    feats = _verbs(text)
    (ev,) = feats.spans("report_verb")
    assert text[ev.start:ev.end] == "insisted" and ev.detail == "evaluative_assertive"


def test_lexicon_override_adds_a_verb():
    mine = Lexicon.load("reporting_verbs").extended(["opine\tevaluative_assertive\tv"])
    feats = _verbs("The columnist opined that the war was lost.", lexicons={"reporting_verbs": mine})
    assert [e.attrs["term"] for e in feats.spans("report_verb")] == ["opine"]


def test_seed_verbs(seeds):
    def details(key):
        return {e.text.lower(): e.detail for e in _verbs(seeds[key]).spans("report_verb")}

    assert details("001")["revealed"] == "evaluative_factive"
    assert details("004")["warned"] == "evaluative_alarm"
    assert details("003")["decried"] == "evaluative_critical"


def test_verbs_inside_quotations_are_the_speakers_not_the_writers():
    feats = _verbs('"They claimed victory and denied everything," the mayor said.')
    assert [e.text for e in feats.spans("report_verb")] == ["said"]
