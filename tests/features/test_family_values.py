"""Feature values of each family: counts, rates and shares agree with the evidence, names are fixed.

What the analyses find (which hedge, which source, which speaker) is tested in
tests/reading/; here, what the families count of it.
"""

from __future__ import annotations

import pytest

import framing
from framing.features.quotes import word_counts
from framing.text.words import words_of

from generated import sourcing_texts


def _attributions(text: str) -> framing.Features:
    return framing.Extractor(families=["attribution"]).extract(text)


def loaded(text: str, **kwargs) -> list:
    return framing.Extractor(families=["loaded"], **kwargs).extract(text).spans("loaded")


def test_certainty_values_are_counts_and_rates():
    features = framing.extract("Clearly the plan may fail. Indeed it might.")
    values = features.values
    assert values["hedge.count"] == 2 and values["booster.count"] == 2
    assert values["hedge.per_1k"] == 1000 * 2 / values["doc.tokens"]
    assert values["hedge.modal.count"] == 2


def test_report_verb_feature_names_match_values():
    extractor = framing.Extractor(families=["report_verb"])
    assert list(extractor.extract("He said so.").values) == extractor.feature_names()
    assert all(v == 0 for v in extractor.extract("").values.values())


def test_loaded_values(seeds):
    features = framing.Extractor(families=["doc", "loaded"]).extract(seeds["001"])
    values, spans = features.values, features.spans("loaded")
    details = ("charged_verb", "charged_noun", "charged_adjective", "charged_adverb", "label", "intensifier", "tagged")
    assert values["loaded.count"] == len(spans) > 0
    assert sum(values[f"loaded.{d}.count"] for d in details) == len(spans)
    assert values["loaded.charged_noun.count"] == sum(e.detail == "charged_noun" for e in spans)
    assert values["loaded.per_1k"] == pytest.approx(1000 * len(spans) / values["doc.tokens"])
    with_actor = sum("agent" in e.attrs or "target" in e.attrs for e in spans)
    assert values["loaded.with_actor.share"] == pytest.approx(with_actor / len(spans))


def test_loaded_feature_names_are_fixed():
    ex = framing.Extractor(families=["loaded"])
    assert ex.feature_names() == list(ex.extract("").values)
    assert "loaded.label.per_1k" in ex.feature_names()


def test_attribution_shares_sum_to_one():
    v = _attributions("Analysts say it will pass. A source said it would not. According to Reuters, it did.").values
    assert v["attribution.count"] == 3
    assert sum(v[f"attribution.{d}.share"] for d in ("named", "anonymous", "relayed", "vague")) == pytest.approx(1.0)


def test_attribution_feature_names_match_values():
    extractor = framing.Extractor(families=["attribution"])
    assert list(extractor.extract("Nothing here.").values) == extractor.feature_names()


def test_quote_values_and_evidence():
    text = ('\u201cWe will win the vote,\u201d said Amb. Nikolay Petrov. Later Petrov added: \u201cWe will win it.\u201d '
            'The party called it a \u201cnew start\u201d and a "historic moment for the whole country" in a leaflet.')
    feats = framing.Extractor(families=["quote"]).extract(text)
    v = feats.values
    assert v["quote.count"] == 4
    assert v["quote.attributed.count"] == 4  # both labels in the last sentence are the party's
    assert v["quote.speakers"] == 2  # Petrov twice, the party
    assert 0 < v["quote.token_share"] < 1
    first = feats.spans("quote")[0]
    assert first.text.startswith("\u201cWe will win") and first.text.endswith("\u201d")
    assert first.attrs == {"speaker": "Amb. Nikolay Petrov", "cue": "said"}
    assert text[first.start:first.end] == first.text


def test_short_unattributed_quote_is_a_phrase():
    feats = framing.Extractor(families=["quote"]).extract('The so-called "peace plan" was shelved.')
    assert [e.detail for e in feats.spans("quote")] == ["phrase"]


@pytest.mark.parametrize("seed", [1, 2])
def test_quotation_word_counts_are_the_words_of_each_quotation(seed):
    extractor = framing.Extractor()
    for text in sourcing_texts(1500, seed):
        reading = extractor.read(text)
        doc = reading.doc
        found = reading.quotations
        assert word_counts(reading, found) == [len(words_of(doc.lower[slice(*q.content)])) for q in found], text
