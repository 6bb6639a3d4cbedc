"""A capitalised common word opening a sentence before a verb's base form is no speaker ("Short note.")."""

from __future__ import annotations

import pytest

import framing


def _acts(text: str) -> list[tuple[str | None, str]]:
    reading = framing.pipeline_for().read(text)
    return [(a.speaker.text if a.speaker else None, reading.text[a.start:a.end]) for a in reading.speech_acts]


@pytest.mark.parametrize("text", ["Short note.", "Please note that prices rose.", "It rained. Moscow warn us."])
def test_no_named_speaker_before_a_base_form(text):
    assert all(speaker is None for speaker, _ in _acts(text))
    assert framing.extract(text).values["attribution.count"] == 0


@pytest.mark.parametrize("text, speaker", [
    ("Analysts note that prices rose.", "Analysts"),  # a plural agrees with the base form
    ("Police say he fled.", "Police"),  # a kind of source
    ("People say so.", "People"),
    ("Kishida noted it.", "Kishida"),  # a name with an agreeing form
    ("Trump said no.", "Trump"),  # an irregular past
    ("They left. The GOP say no.", "The GOP"),  # more than one word
    ("Lavrov went on to say it.", "Lavrov"),  # a past form in a verb of several words
    ("Russia will warn them.", "Russia"),  # a modal between: the base form agrees
])
def test_subjects_that_agree_keep_their_speaker(text, speaker):
    assert _acts(text)[0][0] == speaker
