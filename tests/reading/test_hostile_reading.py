"""Hostile input to the reading layer: runs of quotation marks and the like stay linear.

Each pattern family gets an input of the worst shape found (benchmarks/RESULTS.md), timed in
CPU seconds with a generous budget so that a slow machine does not flake but a quadratic
regression (tens of seconds at these sizes) fails.
"""

from __future__ import annotations

import random
import time
from bisect import bisect_right

import pytest

import framing
from framing.reading import quotemarks
from framing.text import prepare

from generated import sourcing_texts

BUDGET = 5.0  # CPU seconds for ~100 kB; the linear code takes a few hundredths to a few tenths


def _cpu(fn, *args) -> float:
    start = time.process_time()
    fn(*args)
    return time.process_time() - start


def _double_quoted_reference(doc):
    """The mark-by-mark reading that ``_double_quoted`` replaced (re-reads nested opening marks)."""
    text = doc.text
    marks = [i for i, c in enumerate(text) if c == '"']
    starts = [s for s, _ in doc.paragraphs]
    ends = [e for _, e in doc.paragraphs]
    n = len(text)
    spans, open_at, open_para, depth, i = [], -1, -1, 0, 0
    while i < len(marks):
        pos = marks[i]
        i += 1
        para = bisect_right(starts, pos) - 1
        before = text[pos - 1] if pos else " "
        after = text[pos + 1] if pos + 1 < n else " "
        can_open = before in quotemarks._OPEN_AFTER and not after.isspace()
        can_close = not before.isspace() and (after in quotemarks._CLOSE_BEFORE or pos + 1 == n)
        if depth and pos - open_at > quotemarks._MAX_OPEN:
            end = quotemarks._unclosed_end(doc, open_at, ends[open_para])
            spans.append((open_at + 1, end))
            depth = 0
            i = bisect_right(marks, end)
            continue
        if depth and para != open_para:
            if can_open and para == open_para + 1 and pos == starts[para] and quotemarks._goes_on(text, open_at, starts[open_para], ends[open_para]):
                open_para, depth = para, 1
                continue
            if can_close and not can_open and para - open_para <= quotemarks._LINE_BROKEN_REACH:
                spans.append((open_at + 1, pos))
                depth = 0
                continue
            spans.append((open_at + 1, quotemarks._unclosed_end(doc, open_at, ends[open_para])))
            depth = 0
        if not depth:
            if can_open or not (can_close or before.isalnum()):
                open_at, open_para, depth = pos, para, 1
        elif can_open and not can_close:
            depth = 2
        else:
            depth -= 1
            if not depth:
                spans.append((open_at + 1, pos))
    if depth:
        spans.append((open_at + 1, quotemarks._unclosed_end(doc, open_at, ends[open_para])))
    return [(s, e) for s, e in spans if e > s]


@pytest.mark.parametrize("at_once", [512, 0])  # marks read one by one, and all at once with numpy
@pytest.mark.parametrize("max_open", [3000, 40, 12])
def test_double_quotes_step_over_nested_marks_as_the_plain_reading_does(monkeypatch, max_open, at_once):
    monkeypatch.setattr(quotemarks, "_MAX_OPEN", max_open)  # small: the too-long rule fires often
    monkeypatch.setattr(quotemarks, "_AT_ONCE", at_once)
    rnd = random.Random(max_open)
    pieces = ['"', ' "', '" ', '."', '"a', "a", " ", "\n", "\n\n", ". ", "said", ':"', ",", "'"]
    texts = sourcing_texts(1500, 3) + ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 60))) for _ in range(4000)]
    for text in texts:
        doc = prepare(text)
        assert quotemarks._double_quoted(doc) == _double_quoted_reference(doc), repr(text)


def _single_quoted_reference(doc):
    """The search per opening mark that ``_single_quoted`` replaced (a regex search for its closer)."""
    text = doc.text
    spans, taken = [], -1
    for m in quotemarks._SINGLE_OPEN.finditer(text):
        start = m.start()
        if start < taken:
            continue
        line_end = text.find("\n", start, start + quotemarks._SINGLE_REACH)
        reach = min(start + quotemarks._SINGLE_REACH, len(text) if line_end < 0 else line_end)
        for close in quotemarks._SINGLE_CLOSE.finditer(text, start + 2, reach):
            end = close.start()
            if text[end - 1] == "s" and quotemarks._PLURAL_POSSESSIVE.match(text, end + 1):
                continue
            spans.append((start + 1, end))
            taken = end + 1
            break
    return spans


@pytest.mark.parametrize("reach", [300, 12, 5])
def test_single_quotes_pair_as_the_search_per_mark_does(monkeypatch, reach):
    monkeypatch.setattr(quotemarks, "_SINGLE_REACH", reach)  # small: marks at the edge of the reach are common
    rnd = random.Random(reach)
    pieces = ["'", " '", "' ", "s'", "s' a", "'a", "a", " ", "\n", "''", ".'", "'.", "\u00a0", "'90s", "(", '"', "-"]
    texts = sourcing_texts(1500, 3) + ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 60))) for _ in range(4000)]
    for text in texts:
        doc = prepare(text)
        assert quotemarks._single_quoted(doc) == _single_quoted_reference(doc), repr(text)


@pytest.mark.parametrize("motif", ['. "', ' "a', '"', '"a" ', ':"\n', '""a'])
def test_runs_of_quotation_marks_score_in_linear_time(motif):
    framing.score("Warm up. He said \"no\".")
    text = motif * (100_000 // len(motif))
    assert _cpu(framing.score, text) < BUDGET


# The reading layer's other families do bounded work per cue (a speaker search of at most ten
# words, a window of 40-60 characters before a match): inputs made of nothing but cues.
CUES = {
    "reporting verbs": "said ",
    "reporting verbs glued to the word before": "-said",  # was quadratic: the word before read from the start
    "speakers": '"Ab," said Cd. ',
    "speaker after a comma": "Ab, said ",
    "mentions: capitalised runs": "Ab ",
    "mentions: appositions": "Ab, a ",
    "mentions: titles and countries": "the president of ",
    "attribution": "according to reports from ",
    "outlets": "Ab Cd News ",
    "loaded language": "slammed by ",
    "certainty: negation": "not ",
    "gazetteer": "Sea of ",
    "single quotes": " 'a'",  # was quadratic: each mark looked for the line's end to the end of the text
    "apostrophes": "leaders' ",
    "reporting verbs: told": "told ",
    "reporting verbs after a line break": "\nsaid",
    "quotation then verb": '"a" said ',
}

LETTERS = "abcdefghijklmnopqrstuvwxyz"
# Runs whose windows all differ: no walk around one cue is the walk around another.
VARIED = {
    "reporting verbs, every speaker phrase new": lambda rng: "said " + rng.choice(LETTERS) + " ",
    "speakers: random capitalised names": lambda rng: rng.choice(LETTERS).upper() + "b said ",
    "double quotes, random letters": lambda rng: '. "' + rng.choice(LETTERS),
}


def _varied(n: int, piece) -> str:
    rng = random.Random(13)
    return "".join(piece(rng) for _ in range(n))


@pytest.mark.parametrize("family", list(CUES))
def test_inputs_made_of_cues_score_in_linear_time(family):
    framing.score("Warm up. He said \"no\".")
    text = CUES[family] * (100_000 // len(CUES[family]))
    assert _cpu(framing.score, text) < BUDGET, family


@pytest.mark.parametrize("family", list(VARIED))
def test_varied_runs_of_cues_score_in_linear_time(family):
    framing.score("Warm up. He said \"no\".")
    text = _varied(100_000 // len(VARIED[family](random.Random(0))), VARIED[family])
    assert _cpu(framing.score, text) < BUDGET, family


def test_speaker_walks_recalled_by_window_are_the_walks_themselves():
    """A walk recalled because its window of text came before gives the speaker a fresh walk gives."""
    texts = sourcing_texts(600, 7) + ["said " * 40, "-said" * 40, '"Ab," said Cd. ' * 12, "Ab said " * 30]
    for text in texts:
        reading = framing.pipeline_for().read(text)
        finder = reading.speakers
        fresh = type(finder)(reading.doc, reading.lexicons)
        for pos in range(0, len(reading.text) + 1, 3):
            assert finder.before(pos) == fresh._before_walk(pos), (text, pos)
            assert finder.after(pos) == fresh._after_walk(pos), (text, pos)


def test_quotations_told_at_once_are_those_the_rules_give(monkeypatch):
    """Quotations with no verb or labelling stem within reach get no speaker, as the rules say."""
    from framing.reading import quotations
    from framing.reading.quotations import _attribute, _carry_speakers

    monkeypatch.setattr(quotations, "_AT_ONCE", 0)  # the search for them in every text

    pieces = ['"a"', ' "b c," ', "said", " told", "called it ", "Ab", ". ", "\n", " 'd'", ": "]
    rnd = random.Random(5)
    texts = sourcing_texts(800, 11) + ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 40))) for _ in range(1500)]
    for text in texts:
        reading = framing.pipeline_for().read(text)
        acts = reading.speech_acts
        starts = [a.start for a in acts]
        expected = [_attribute(reading, span, acts, starts) for span in reading.quoted_spans]
        _carry_speakers(reading.text, expected, starts)
        assert reading.quotations == expected, text


def test_speakers_are_looked_for_up_to_the_cap_only(monkeypatch):
    """An article with more reporting verbs than MAX_SPEAKER_SEARCHES (far above any real one)
    counts the verbs after the cap without a speaker; below it, nothing changes."""
    from framing.reading import speech_acts

    text = " ".join(f"{name} said it." for name in ["Mr. Abe", "Ms. Kono", "Mr. Ito", "Ms. Sato"] * 3)
    full = framing.extract(text)
    monkeypatch.setattr(speech_acts, "MAX_SPEAKER_SEARCHES", 5)
    capped = framing.Pipeline().extract(text)
    assert capped.values["report_verb.count"] == full.values["report_verb.count"] == 12
    named = [e for e in full.evidence if e.kind == "attribution" and e.detail == "named"]
    named_capped = [e for e in capped.evidence if e.kind == "attribution" and e.detail == "named"]
    assert len(named) == 12 and len(named_capped) == 5
    assert named_capped == named[:5]
    monkeypatch.setattr(speech_acts, "MAX_SPEAKER_SEARCHES", 100)
    assert framing.Pipeline().extract(text).evidence == full.evidence
