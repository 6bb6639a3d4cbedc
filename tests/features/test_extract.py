"""The public extract API: evidence offsets, serialisation, bad input."""

from __future__ import annotations

import gc
import json

import pytest

import framing

from generated import sourcing_texts


def test_every_evidence_span_indexes_the_callers_text(seeds):
    for name, text in seeds.items():
        features = framing.extract(text)
        assert features.evidence, name
        for e in features.evidence:
            assert text[e.start:e.end] == e.text, (name, e)


def test_to_dict_is_json_serialisable(seeds):
    data = framing.extract(seeds["001"]).to_dict()
    again = json.loads(json.dumps(data))
    assert again["values"] == data["values"]
    assert {"kind", "start", "end", "text", "detail"} <= set(again["evidence"][0])


def test_feature_names_are_fixed_whatever_the_text():
    a = framing.extract("Perhaps.")
    b = framing.extract("A longer text that surely says more, and may say it twice.")
    assert list(a.values) == list(b.values) == framing.Extractor().feature_names()


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t", b""])
def test_empty_text_gives_zeros_and_no_evidence(text):
    features = framing.extract(text)
    assert features.evidence == []
    assert all(v == 0 for v in features.values.values())


def test_non_text_raises_type_error_naming_the_type():
    with pytest.raises(TypeError, match="list"):
        framing.extract(["a", "b"])
    with pytest.raises(TypeError, match="NoneType"):
        framing.extract(None)


def test_non_utf8_bytes_raise_value_error():
    with pytest.raises(ValueError, match="not valid UTF-8"):
        framing.extract("Caf\u00e9".encode("latin-1"))


def test_utf8_bytes_and_html_are_accepted():
    text = "<html><body><p>Officials may well disagree.</p><p>Clearly.</p></body></html>"
    features = framing.extract(text.encode("utf-8"))
    assert [e.text for e in features.evidence] == ["may well", "Clearly"]
    for e in features.evidence:
        assert text[e.start:e.end] == e.text


def test_lone_surrogates_in_a_str_are_read_like_other_characters():
    # a Python str may hold them (e.g. text decoded with errors="surrogateescape")
    text = 'The minister said \ud800 it was a disgrace. "Shameful \udfff", she claimed.'
    f = framing.extract(text)
    assert f.values["quote.count"] == 1
    assert all(text[e.start:e.end] == e.text for e in f.evidence)
    json.dumps(f.to_dict())


def test_huge_article_is_handled():
    paragraph = "Officials may have provoked the crisis, analysts believe. " * 20 + "\n\n"
    text = paragraph * 900  # about 1 MB; the speed is measured in benchmarks/
    features = framing.extract(text)
    assert features.values["doc.tokens"] > 100_000
    assert features.values["hedge.count"] >= 2 * 20 * 900


def test_unknown_family_is_refused():
    with pytest.raises(ValueError, match="unknown feature families"):
        framing.Extractor(families=["hedge", "nonsense"])


def test_extract_pauses_the_cycle_collector_safely():
    """extract turns the cyclic collector off for the article: extraction must make no reference
    cycles (or they would pile up), and the collector's state is restored, also after an error."""
    texts = sourcing_texts(200, 5) + ["", "<html><body><p>\u201cNo,\u201d said Mr. Smith.</p></body></html>", b"bytes \xe2\x80\x94 said he"]
    for text in texts:  # first use loads and compiles the lexicons and models, which may make cycles once
        framing.extract(text)
    gc.collect()
    gc.disable()
    try:
        for text in texts:
            framing.extract(text)
        assert gc.collect() == 0
        assert not gc.isenabled()
    finally:
        gc.enable()
    framing.extract(texts[0])
    assert gc.isenabled()
    with pytest.raises(TypeError):
        framing.extract(42)
    assert gc.isenabled()
