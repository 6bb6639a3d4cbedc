"""What a careful reader marks as loaded language in the five seed articles, and who it is about.

Each expectation names a phrase by its text and occurrence in a seed (``../shared/seeds``; skipped
where absent).  ``MARKED`` phrases must be covered, end to end, by the ``loaded`` family's spans
(pieces of one span cut before each lexicon term count as one cover); ``NOT_MARKED`` words must not
be touched by any span; ``ACTORS`` give the agent and target of the piece that starts a phrase.
Expectations the tagger does not meet yet are strict xfails, so that meeting one is noticed.
"""

from __future__ import annotations

import pytest

import framing

# (seed, phrase, occurrence): the phrase's n-th occurrence (0-based) in the seed's text.
MARKED = [
    ("000", "agitated", 0),
    ("000", "provocative displays", 0),
    ("000", "provocations", 0),  # "Japanese provocations"
    ("001", "Outraged", 0),  # the headline
    ("001", "Provocations", 0),
    ("001", "provocations", 0),  # "Japan's provocations", first paragraph
    ("001", "exasperated with Tokyo's provocations", 0),
    ("001", "seriously deteriorated", 0),
    ("003", "totally unacceptable", 0),
    ("003", "hand-wringing", 0),
    ("004", "provocative remarks", 0),
    ("004", "reprimand", 0),
    ("004", "provoked", 2),  # "has repeatedly provoked neighboring countries"
]
MISSED = [  # marked by a reader, not yet by the tagger
    ("000", "Flexes", 0),  # the headline
    ("002", "provocations", 0),
    ("004", "illegitimate", 0),
    ("004", "formidable force", 0),
    ("004", "Join Forces Against Japan", 0),  # the headline
    ("004", "provoked neighboring countries", 0),  # the span stops before the noun ("neighboring")
    # Marked before the sentence classifier, lost with it: both score just under the threshold (-2.30 and -2.32
    # against -2.25) in sentences that read as reported analysis ("Japan is facing backlash over its territorial
    # disputes ...", "... provocations will not be tolerated," stated NetEase experts); every weight of the sentence
    # log-odds that paid in cross-validation lost them, only 0.1 (F1 0.259) kept them.
    ("004", "provocations", 0),
    ("004", "backlash", 0),
]
# Names, bylines and plain words a reader leaves alone.
NOT_MARKED = [
    ("000", "Rothen", 0),
    ("000", "Henrik", 0),
    ("001", "Rothen", 0),
    ("001", "Henrik", 0),
    ("004", "Rothen", 0),
    ("004", "inherently Japanese", 0),
    ("002", "Newsweek", 0),
    ("003", "Kyodo", 0),
    ("002", "strike capabilities", 0),
    ("003", "shake", 0),  # "shake up": no longer tagged since the sentence classifier
]
# (seed, phrase, occurrence, agent, target): actors of the loaded piece that starts at the phrase.
ACTORS = [
    ("001", "exasperated", 0, "Moscow", "Tokyo"),  # Moscow is the one exasperated, with Tokyo
    ("000", "agitated", 0, "Moscow", ""),  # "… have reportedly agitated Moscow": Moscow feels it
    ("001", "provocations", 0, "Japan", ""),  # "Japan's provocations"
    ("001", "provocations", 1, "Tokyo", ""),  # "Tokyo's provocations"
    ("000", "provocations", 0, "Japan", ""),  # "Japanese provocations"
    ("004", "provoked", 2, "Kishida administration", ""),
]


@pytest.fixture(scope="module")
def loaded(seeds):
    extractor = framing.Extractor(families=["loaded"])
    return {key: (text, extractor.extract(text).spans("loaded")) for key, text in seeds.items()}


def _find(text: str, phrase: str, occurrence: int) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.find(phrase, start + 1)
        assert start >= 0, f"{phrase!r} (occurrence {occurrence}) is not in the seed: the seed changed"
    return start, start + len(phrase)


def _covered(text: str, evidence, start: int, end: int) -> bool:
    """Whether the spans cover ``text[start:end]`` with no gap but white space."""
    pos = start
    for e in sorted(evidence, key=lambda e: e.start):
        if e.start <= pos < e.end or (e.start > pos and not text[pos:e.start].strip() and e.start < end):
            pos = max(pos, e.end)
    return pos >= end


@pytest.mark.parametrize("seed, phrase, occurrence", MARKED)
def test_a_reader_s_loaded_phrase_is_marked_whole(loaded, seed, phrase, occurrence):
    text, evidence = loaded[seed]
    start, end = _find(text, phrase, occurrence)
    assert _covered(text, evidence, start, end), [e.text for e in evidence]


@pytest.mark.parametrize("seed, phrase, occurrence", MISSED)
@pytest.mark.xfail(strict=True, reason="not marked by the tagger (token F1 about 0.27 on PTC out of fold)")
def test_loaded_phrases_still_missed(loaded, seed, phrase, occurrence):
    test_a_reader_s_loaded_phrase_is_marked_whole(loaded, seed, phrase, occurrence)


@pytest.mark.parametrize("seed, phrase, occurrence", NOT_MARKED)
def test_names_and_bylines_are_not_loaded(loaded, seed, phrase, occurrence):
    text, evidence = loaded[seed]
    start, end = _find(text, phrase, occurrence)
    assert not [e.text for e in evidence if e.start < end and start < e.end]


@pytest.mark.parametrize("seed, phrase, occurrence, agent, target", ACTORS)
def test_agent_and_target_where_the_sentence_gives_them(loaded, seed, phrase, occurrence, agent, target):
    text, evidence = loaded[seed]
    start, _ = _find(text, phrase, occurrence)
    pieces = [e for e in evidence if e.start <= start < e.end]
    assert pieces, f"{phrase!r} is not marked"
    attrs = pieces[0].attrs
    assert (attrs.get("agent", ""), attrs.get("target", "")) == (agent, target)
