"""Direct quotations: marks, nesting, unbalanced and multi-paragraph quotes, speakers and cues."""

from __future__ import annotations

import pytest

import framing
from framing.reading.quotations import Quotation
from framing.text import prepare

_EXTRACTOR = framing.Extractor()


def direct_quotations(doc):
    """The quotations of a prepared document, read with the shipped lexicons."""
    return iter(_EXTRACTOR.read(doc).quotations)


def _quotes(text: str) -> list[tuple[str, str, str]]:
    """(content, speaker, cue) of each quotation."""
    doc = prepare(text)
    out = []
    for q in direct_quotations(doc):
        cue = doc.text[q.cue[0]:q.cue[1]] if q.cue else ""
        out.append((doc.text[q.content[0]:q.content[1]], q.speaker_text, cue))
    return out


def test_curly_quote_with_inverted_speaker_and_apposition():
    assert _quotes("\u201cWe will not back down,\u201d said Jane Doe, a senator from Ohio.") == [
        ("We will not back down,", "Jane Doe", "said"),
    ]


def test_angled_quote_with_subject_before_the_verb():
    assert _quotes("\u00abThe border stays closed,\u00bb the foreign minister told reporters.") == [
        ("The border stays closed,", "the foreign minister", "told"),
    ]


def test_speaker_and_colon_before_the_quote():
    assert _quotes('John Smith told reporters: "The plan failed."') == [("The plan failed.", "John Smith", "told")]


def test_split_quote_keeps_its_speaker():
    found = _quotes('"We are ready," Governor Ann Lee said, "and we will act."')
    assert [s for _, s, _ in found] == ["Governor Ann Lee", "Governor Ann Lee"]


def test_pronoun_speaker_resolves_to_the_last_named_person():
    found = _quotes('Senator John Smith spoke first. "We act now," he said.')
    assert found == [("We act now,", "John Smith", "said")]


def test_labelling_verb_is_a_cue():
    assert _quotes("Putin called the sanctions 'economic warfare' on Tuesday.") == [("economic warfare", "Putin", "called")]


def test_nested_quote_is_part_of_the_outer_one():
    found = _quotes("\"He told me 'go home' and left,\" said Mary Jones.")
    assert found == [("He told me 'go home' and left,", "Mary Jones", "said")]
    found = _quotes("'He shouted \"stop\" at us,' said Mary Jones.")
    assert found == [('He shouted "stop" at us,', "Mary Jones", "said")]


def test_unbalanced_quote_ends_with_its_paragraph():
    text = 'He called it "historic and overdue.\n\nThe vote passed on Monday. Officials met later.'
    doc = prepare(text)
    (q,) = direct_quotations(doc)
    assert doc.text[q.content[0]:q.content[1]] == "historic and overdue."
    assert q.content[1] <= doc.text.index("\n")


def test_stray_marks_start_nothing():
    assert _quotes('A 12" pipe burst near the 5" mark; crews fixed it.') == []


def test_quote_continues_into_the_next_paragraph():
    text = '"The first part of the speech ends here.\n\n"The second part goes on," said Ann Lee.'
    found = _quotes(text)
    assert len(found) == 1
    content, speaker, cue = found[0]
    assert content.startswith("The first part") and content.endswith("goes on,")
    assert (speaker, cue) == ("Ann Lee", "said")


def test_apostrophes_are_not_quotes():
    text = "Russia's leaders' plan isn't new; rock 'n' roll in the '90s wasn't either, and 'em dashes don't count."
    assert _quotes(text) == []


def test_negation_inside_a_quote_does_not_matter():
    assert _quotes('"We did not agree to anything," said Tom Hall.') == [("We did not agree to anything,", "Tom Hall", "said")]


def test_quotation_tuple():
    doc = prepare('"Yes," she said.')
    (q,) = direct_quotations(doc)
    assert isinstance(q, Quotation) and q.speaker == (7, 10) and q.cue == (11, 15) and q.content == (1, 5)


# Hand-checked speakers of the direct quotations in the seed articles.  Seed 003's
# Streltsov statement is reported speech without quotation marks: he is a
# source (see test_attribution), not the speaker of a direct quotation.
SEED_SPEAKERS = {
    "002": ["Nozdrev"],
    "003": ["Shinzo Abe", "a government source", "a senior Japanese foreign ministry official", "a diplomatic source"],
}


@pytest.mark.parametrize("key", sorted(SEED_SPEAKERS))
def test_seed_quotes_have_their_speakers(seeds, key):
    speakers = [q.speaker_text for q in direct_quotations(prepare(seeds[key]))]
    for expected in SEED_SPEAKERS[key]:
        assert any(expected in s for s in speakers), (expected, speakers)


def test_seed_003_indirect_statement_is_not_a_direct_quote(seeds):
    speakers = [q.speaker_text for q in direct_quotations(prepare(seeds["003"]))]
    assert not any("Streltsov" in s for s in speakers)
    assert len(speakers) == 4


def test_pronoun_skips_a_person_of_the_other_honorific():
    text = 'Ms. Anna Lee spoke first. "No," said Mr. Tom Hall. Later she added: "We wait."'
    assert [s for _, s, _ in _quotes(text)] == ["Mr. Tom Hall", "Anna Lee"]


def test_told_is_never_inverted_and_passives_have_no_speaker():
    assert _quotes('"Leave now," told the guards.') == [("Leave now,", "", "told")]
    assert [s for _, s, _ in _quotes('A reporter was asked to leave: "Go."')] == [""]


def test_unpaired_mark_in_a_text_without_paragraphs_is_contained():
    text = 'He called it "historic. ' + " ".join(['"Yes," she said, and the talks went on for hours.'] * 100)
    doc = prepare(text)
    found = list(direct_quotations(doc))
    assert len(found) >= 90
    assert max(e - s for s, e in (q.content for q in found)) < 200


def test_double_comma_before_a_verb_does_not_crash():
    # an AllSides article has "..., the head of X,, described ..." (an empty apposition)
    text = 'Today, in a statement to the press, the head of Vellor,, described the plan as "wasteful" and said the "time is now."'
    features = framing.extract(text)
    assert features.values["quote.count"] >= 1
