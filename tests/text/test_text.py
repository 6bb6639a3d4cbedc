"""Text layer: decoding, normalisation with offsets, HTML, boilerplate, segmentation."""

from __future__ import annotations

import pytest

from framing.text import apply_edits, prepare
from framing.text.boilerplate import boilerplate_lines
from framing.text.edits import Edit


def test_apply_edits_maps_spans_back():
    text = "ab—cd…ef"
    new, offsets = apply_edits(text, [Edit(2, 3, " - "), Edit(5, 6, "...")])
    assert new == "ab - cd...ef"
    assert offsets.span(new.index("cd"), new.index("cd") + 2) == (3, 5)
    assert offsets.span(new.index("..."), new.index("...") + 3) == (5, 6)
    assert offsets.span(0, len(new)) == (0, len(text))


def test_apply_edits_rejects_overlap():
    with pytest.raises(ValueError, match="overlapping"):
        apply_edits("abcdef", [Edit(0, 3, "x"), Edit(2, 4, "y")])


def test_normalisation_keeps_offsets_into_the_callers_text():
    text = "\u201cWe\u2019ll see,\u201d he said\u2014calmly\u2026 Zero\u200bwidth cafe\u0301 \u00abangled\u00bb"
    doc = prepare(text)
    assert '"We\'ll see," he said - calmly... Zerowidth caf\u00e9 "angled"' == doc.text
    for word in ("calmly", "Zerowidth", "caf\u00e9", "angled", "said"):
        start = doc.text.index(word)
        o_start, o_end = doc.original_span(start, start + len(word))
        # the span in the caller's text shows the same word, in its original form
        assert text[o_start:o_end].replace("\u200b", "").replace("e\u0301", "\u00e9") == word


def test_bytes_are_decoded_and_bad_bytes_refused():
    assert prepare("déjà vu".encode("utf-8")).text == "déjà vu"
    with pytest.raises(ValueError, match="UTF-8"):
        prepare(b"caf\xe9 au lait")
    with pytest.raises(TypeError, match="int"):
        prepare(42)


def test_html_is_reduced_to_visible_text_with_offsets():
    html = (
        "<html><head><title>T</title><script>var provoke = 1;</script></head><body>"
        "<nav>Home | Login</nav><p>Officials &amp; analysts <b>may</b> disagree.</p>"
        "<p>Second\nparagraph.</p></body></html>"
    )
    doc = prepare(html)
    assert "provoke" not in doc.text and "Login" not in doc.text
    assert "Officials & analysts may disagree." in doc.text
    assert "Second paragraph." in doc.text
    start = doc.text.index("may")
    o_start, o_end = doc.original_span(start, start + 3)
    assert html[o_start:o_end] == "may"
    assert len(doc.paragraphs) == 2


def test_plain_text_with_a_stray_tag_is_not_html():
    doc = prepare("Use the <b> tag for bold, they said.")
    assert doc.text == "Use the <b> tag for bold, they said."


def test_boilerplate_lines_are_blanked_but_prose_stays():
    text = (
        "Title of the story\n"
        "Photo: Someone / Shutterstock.com\n"
        "Follow us on Facebook and Google News.\n"
        "The first paragraph of the article is long enough to be prose, with more than fifteen words in it.\n"
        "Trending Now\n"
        "The last paragraph of the article is also long enough to count as prose, with many words.\n"
        "Sponsored Content\n"
        "You have {{n}} free articles left\n"
        "the most dynamic market\n"
        "in the world.\n"
    )
    doc = prepare(text)
    assert "Shutterstock" not in doc.text and "Follow us" not in doc.text and "Trending" not in doc.text
    assert "dynamic market" not in doc.text and "in the world." not in doc.text
    assert "first paragraph" in doc.text and "last paragraph" in doc.text and "Title of the story" in doc.text


@pytest.mark.parametrize("line", ["arrow arrow burger", "Icon Chevron Arrow-right", "Try 1 month for $1", "Try 3 months for free"])
def test_icon_runs_and_trial_offers_are_boilerplate(line):
    prose = "The first paragraph of the article is long enough to be prose, with more than fifteen words in it."
    assert prepare(f"{prose}\n{line}\n{prose}").text.count(line) == 0


def test_seed_003_paywall_and_icon_lines_are_boilerplate(seeds):
    text = seeds["003"]
    marked = [text[s:e] for s, e in boilerplate_lines(text)]
    assert any("Created with Sketch" in line for line in marked)
    assert any("numberArticlesLeft" in line for line in marked)
    assert any(line.strip() == "Get Unlimited access" for line in marked)
    kept = prepare(text).text
    assert "MOSCOW -- Russia has deployed troops" in kept
    assert "delicate diplomatic dance" in kept
    assert "Nikkei" not in kept and "subscription" not in kept


def test_sentences_respect_abbreviations_initials_and_paragraphs():
    doc = prepare('Amb. Nikolay Nozdrev spoke to the U.S. press. John F. Kennedy said "yes." Then he left!\nNew line here')
    sentences = [doc.text[s:e] for s, e in doc.sentences]
    assert sentences == [
        "Amb. Nikolay Nozdrev spoke to the U.S. press.",
        'John F. Kennedy said "yes."',
        "Then he left!",
        "New line here",
    ]


def test_hard_wrapped_text_keeps_paragraphs_together():
    text = "This paragraph is wrapped\nacross two lines of text.\n\nA second paragraph\nwraps as well here.\n"
    doc = prepare(text)
    assert len(doc.paragraphs) == 2
    assert len(doc.sentences) == 2


def test_tokens_and_counts():
    doc = prepare("Japan's government didn't comment, officials said.")
    assert doc.n_tokens == 6
    starts, ends = doc.tokens
    assert doc.text[starts[0]:ends[0]] == "Japan's"
    assert doc.count_tokens(0, doc.text.index(",")) == 4


def test_empty_and_whitespace_text():
    for text in ("", "   \n\n\t "):
        doc = prepare(text)
        assert doc.n_tokens == 0 and doc.sentences == [] and doc.paragraphs == []
