"""Fast paths of the text layer and the sourcing families give what the plain versions give.

Texts are generated from pieces full of the awkward cases (quotation marks of
both kinds, apostrophes, line breaks, abbreviations, titles, reporting verbs).
"""

from __future__ import annotations

import random

import pytest

from framing.features import Extractor
from framing.features.quotes import word_counts
from framing.text import prepare
from framing.text.words import words_of

PIECES = [
    '"', '"', "'", "'", "\u201c", "\u201d", "\u2018", "\u2019", "said", "told reporters:", "says", "Mr.", "Sen.",
    "John Smith", "Smith", "he", "she", "a government source", "officials", "the report", "called it", "U.S.",
    "rock 'n' roll", "leaders'", "'90s", "can't", "no.", "yes!", "why?", "\n", "\n\n", ",", " - ", "(", ")",
    "according to", "Reuters", "analysts believe", "e\u0301", "caf\u00e9", "x_y", "3.5",
]


def _texts(n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    seps = [" ", " ", "", "\n", ", ", ". "]
    return ["".join(rnd.choice(PIECES) + rnd.choice(seps) for _ in range(rnd.randint(0, 60))) for _ in range(n)]


@pytest.mark.parametrize("seed", [1, 2])
def test_quotation_word_counts_are_the_words_of_each_quotation(seed):
    extractor = Extractor()
    for text in _texts(1500, seed):
        reading = extractor.read(text)
        doc = reading.doc
        found = reading.quotations
        assert word_counts(reading, found) == [len(words_of(doc.lower[slice(*q.content)])) for q in found], text


def test_a_labelling_cue_holds_one_of_the_stems():
    """The label search runs only where the lower-cased window holds a stem: it finds nothing elsewhere."""
    from framing.reading.quotations import LABEL_CUE as _LABEL_CUE
    from framing.reading.quotations import LABEL_STEMS as _LABEL_STEMS

    words = ["CALLED", "Dubbed", "labelled", "termed", "brands", "recall", "it", "the", "\u212a", "\u017f", "-", "\n", " "]
    rnd = random.Random(3)
    for text in _texts(1000, 3) + [" ".join(rnd.choice(words) for _ in range(rnd.randint(0, 8))) for _ in range(3000)]:
        if _LABEL_CUE.search(text):
            assert any(stem in text.lower() for stem in _LABEL_STEMS), text


def test_menu_labels_grouped_by_first_letter_match_the_plain_alternation():
    import re

    from framing.text import boilerplate

    plain = re.compile(boilerplate._WHOLE_LINE.pattern.replace(boilerplate._NAV, boilerplate._NAV_LABELS, 1), re.IGNORECASE)
    assert plain.pattern != boilerplate._WHOLE_LINE.pattern
    labels = [re.sub(r"\\|[?()]| \?|s\?|\.\{0,40\}", "", b) for b in boilerplate._NAV_LABELS.split("|")]
    rnd = random.Random(4)
    lines = [
        rnd.choice(["", " ", "- ", "(", ">> "]) + rnd.choice([lab, lab.upper(), lab.title(), lab + "s", lab[:-1], "x" + lab])
        + rnd.choice(["", " ", ":", " |", " more", " from AP News"])
        for lab in labels for _ in range(20)
    ]
    for line in lines + [t.replace("\n", " ") for t in _texts(1000, 4)]:
        assert bool(boilerplate._WHOLE_LINE.match(line)) == bool(plain.match(line)), line


def test_extract_pauses_the_cycle_collector_safely():
    """extract turns the cyclic collector off for the article: extraction must make no reference
    cycles (or they would pile up), and the collector's state is restored, also after an error."""
    import gc

    import framing

    texts = _texts(200, 5) + ["", "<html><body><p>\u201cNo,\u201d said Mr. Smith.</p></body></html>", b"bytes \xe2\x80\x94 said he"]
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


def test_paragraphs_from_the_boilerplate_lines_are_the_plain_ones():
    """prepare hands the boilerplate pass's lines to the document when it blanked none; the
    paragraphs are those a fresh scan of the cleaned text finds, hard-wrapped or not."""
    import re

    from framing.text import Document

    furniture = ["Follow us on Twitter", "Read more", "Photo: AP", "\u00a9 2024 AP", "{{x}}"]
    rnd = random.Random(6)
    texts = _texts(1500, 6) + ["\n".join(rnd.choice(furniture + ["He said no."]) for _ in range(5)) for _ in range(300)]
    texts += ["a b c d e f\ng h i j.\n\nk l m\nn o.", "x\r\ny  \n\n", "   ", ""]
    for text in texts:
        for clean in (True, False):
            doc = prepare(text, boilerplate=clean)
            plain = Document(doc.original, doc.text, doc.offset_map)
            assert plain._lines is None
            assert doc.paragraphs == plain.paragraphs, text
            if doc._lines is not None:
                assert doc._lines == [m.span() for m in re.finditer(r"[^\n]*[^\s][^\n]*", doc.text)]


def test_boilerplate_prose_test_is_the_plain_one():
    """The prose test stops at the sixteenth word: it says what counting all the words says."""
    import re

    from framing.text import boilerplate

    rnd = random.Random(7)
    words = ["word", "x_y", "3.5", "-", " ", "  ", ",", "\u00e9t\u00e9", "'", "\t", "a-b"]
    for _ in range(4000):
        line = "".join(rnd.choice(words) for _ in range(rnd.randint(0, 60)))
        plain = line.count(" ") >= boilerplate.SHORT_LINE_WORDS and len(re.findall(r"\w+", line)) > boilerplate.SHORT_LINE_WORDS
        assert boilerplate._is_prose(line) == plain, line


def test_offset_map_span_is_the_plain_walk_back():
    """OffsetMap.span walks the layers newest first with the empty span handled apart; the plain
    walk (one loop, an ``empty`` flag) gives the same spans, through one, two and three layers."""
    from bisect import bisect_right

    from framing.text import Edit, apply_edits

    def plain(layers, start, end):
        empty = end <= start
        last = end - 1
        for new_starts, new_ends, old_starts, old_ends in reversed(layers):
            i = bisect_right(new_starts, start) - 1
            if i >= 0:
                start = old_starts[i] if start < new_ends[i] else start + old_ends[i] - new_ends[i]
            if not empty:
                i = bisect_right(new_starts, last) - 1
                if i >= 0:
                    last = old_ends[i] - 1 if last < new_ends[i] else last + old_ends[i] - new_ends[i]
        return (start, start) if empty else (start, last + 1)

    rnd = random.Random(8)
    for _ in range(300):
        text = "".join(rnd.choice("ab \n") for _ in range(rnd.randint(0, 40)))
        offsets = None
        for _ in range(rnd.randint(1, 3)):
            cuts = sorted(rnd.sample(range(len(text) + 1), min(len(text) + 1, 2 * rnd.randint(0, 4))))
            edits = [Edit(a, b, rnd.choice(["", "x", " - ", "..."])) for a, b in zip(cuts[::2], cuts[1::2])]
            text, step = apply_edits(text, edits)
            offsets = step if offsets is None else offsets.then(step)
        for _ in range(30):
            start, end = rnd.randint(0, len(text)), rnd.randint(0, len(text))
            assert offsets.span(start, end) == plain(offsets.layers, start, end)
