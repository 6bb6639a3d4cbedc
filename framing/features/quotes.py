"""Direct quotations: how much of the story is told in other people's words, and whose.

:func:`direct_quotations` finds the quotations of a document with their
speaker and cue verb where the text gives them; the ``quote`` family counts
them.  The marks are read by :mod:`.quotemarks`; a quotation inside another is part of it.

Speakers: the reporting verb right after the quotation ('"...," said X', '"...,"
X said') or before it in the same sentence ('X told reporters: "..."', also when
the quotation opens the next paragraph after a colon), a labelling verb ('X
called it "..."'), else the speaker of the quotation before it in the same
paragraph if no reporting verb stands between ('"A," Pelosi said. "B."').
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING, Iterator, NamedTuple

import numpy as np

from .base import FeatureFamily, count_names, count_values, share
from .quotemarks import quoted_spans
from .speakers import PERSONAL, Speaker, SpeakerFinder, SpeechAct, resolve, speech_acts

if TYPE_CHECKING:
    from ..lexicons import LexiconSet
    from ..text import Document

ATTRIBUTED, UNATTRIBUTED, PHRASE = "attributed", "unattributed", "phrase"
DETAILS = [ATTRIBUTED, UNATTRIBUTED, PHRASE]
_PHRASE_WORDS = 4  # an unattributed quotation this short is a quoted term or a scare quote
_BETWEEN_AFTER = re.compile(r"[ ,]{0,4}")  # '"...," said X' or '"..." X said'
_BETWEEN_BEFORE = re.compile(r"[^\".!?\n]{0,100}(?::\s*)?")  # 'X said: "..."', also when the quotation opens the next paragraph
_LABEL_STEMS = ("call", "dub", "term", "label", "brand")
_LABEL_CUE = re.compile(rf"(?<![\w-])(?:{'|'.join(_LABEL_STEMS)})(?:s|ed|ing|bed|bing|led|ling)?(?:\s+[\w']+){{0,3}}\s*$", re.I)
_INNER_SENTENCE_END = re.compile(r"[.!?]\W*\w")


class Quotation(NamedTuple):
    """A direct quotation; spans are ``(start, end)`` in ``doc.text``.

    Attributes
    ----------
    speaker : (int, int) or None
        The speaker phrase ("Amb. Nikolay Nozdrev", "a government source", "he").
    cue : (int, int) or None
        The verb that introduces the quotation ("said", "warned", "called").
    content : (int, int)
        The quoted words, without the outer quotation marks.
    speaker_text : str
        The speaker as written, "he"/"she" replaced by the last named person quoted.
    """

    speaker: tuple[int, int] | None
    cue: tuple[int, int] | None
    content: tuple[int, int]
    speaker_text: str


def _attribute(
    doc: "Document", content: tuple[int, int], acts: list[SpeechAct], act_starts: list[int], finder: SpeakerFinder
) -> Quotation:
    """The quotation of ``content`` with the speaker and cue the rules of the module docstring find."""
    text = doc.text
    start, end = content
    closed = text[end:end + 1] in ('"', "'")
    after = end + 1 if closed else end
    # a verb right after the quotation, or its subject right after it
    i = bisect_left(act_starts, after)
    if i < len(acts):
        act = acts[i]
        anchor = act.start
        if act.speaker is not None and act.speaker.start >= after:
            anchor = min(anchor, act.speaker.start)
        if anchor - after <= 4 and _BETWEEN_AFTER.fullmatch(text, after, anchor):
            return _quotation(act.speaker, (act.start, act.end), content)
    # a labelling verb just before it: 'Abe called them "totally unacceptable"'
    # most windows hold no labelling verb's stem: substring tests are cheaper than the search
    window = doc.lower[max(0, start - 60):start - 1]
    label = _LABEL_CUE.search(text, max(0, start - 60), start - 1) if any(map(window.__contains__, _LABEL_STEMS)) else None
    if label is not None:
        cue_end = label.start() + len(label.group().split()[0])
        return _quotation(resolve(doc, finder.lexicons, finder.before(label.start())), (label.start(), cue_end), content)
    # a reporting verb before it in the same sentence: 'X told reporters: "..."'
    i = bisect_left(act_starts, start) - 1
    if i >= 0:
        act = acts[i]
        if act.end < start and _BETWEEN_BEFORE.fullmatch(text, act.end, start - 1):
            return _quotation(act.speaker, (act.start, act.end), content)
    return Quotation(None, None, content, "")


def _quotation(speaker: Speaker | None, cue: tuple[int, int], content: tuple[int, int]) -> Quotation:
    if speaker is None:
        return Quotation(None, cue, content, "")
    shown = speaker.name if speaker.text.lower() in PERSONAL else speaker.text  # "he" as resolved
    return Quotation((speaker.start, speaker.end), cue, content, shown)


def _carry_speakers(text: str, found: list[Quotation], act_starts: list[int]) -> None:
    """'"A," Pelosi said. "B."': a quotation with no cue of its own goes on the previous speaker's,
    if it follows in the same paragraph with no other reporting verb between."""
    for k in range(1, len(found)):
        q, prev = found[k], found[k - 1]
        if q.cue is not None or prev.speaker is None:
            continue
        gap_start, gap_end = prev.content[1], q.content[0]
        if "\n" in text[gap_start:gap_end]:
            continue
        verbs_between = bisect_left(act_starts, gap_end) - bisect_left(act_starts, gap_start)
        if verbs_between - (prev.cue is not None and gap_start <= prev.cue[0] < gap_end) == 0:
            found[k] = q._replace(speaker=prev.speaker, speaker_text=prev.speaker_text)


def quotations(doc: "Document", lexicons: "LexiconSet") -> list[Quotation]:
    """The direct quotations of ``doc`` in text order (cached on ``doc`` for the sourcing families)."""
    cached = doc.cache.get("quotations")
    if cached is not None:
        return cached
    spans = quoted_spans(doc)
    found: list[Quotation] = []
    if spans:
        acts = speech_acts(doc, lexicons)
        act_starts = [a.start for a in acts]
        finder = SpeakerFinder(doc, lexicons)
        found = [_attribute(doc, span, acts, act_starts, finder) for span in spans]
        _carry_speakers(doc.text, found, act_starts)
    doc.cache["quotations"] = found
    return found


def direct_quotations(doc: "Document", lexicons: "LexiconSet | None" = None) -> Iterator[Quotation]:
    """Yield the direct quotations of ``doc`` with speaker and cue where the text gives them.

    Parameters
    ----------
    doc : Document
        From :func:`framing.text.prepare`; spans index ``doc.text``.
    lexicons : LexiconSet, optional
        Lexicons for cue verbs and speakers (default: the shipped ones).
    """
    if lexicons is None:
        from .extractor import default_extractor

        lexicons = default_extractor().lexicons
    yield from quotations(doc, lexicons)


def _detail(doc: "Document", q: Quotation, n_words: int) -> str:
    if q.speaker is not None:
        return ATTRIBUTED
    if n_words <= _PHRASE_WORDS and not _INNER_SENTENCE_END.search(doc.text, *q.content):
        return PHRASE
    return UNATTRIBUTED


def _word_counts(doc: "Document", found: list[Quotation]) -> list[int]:
    """The number of words of each quotation: its tokens in the document's word pass, found by
    two binary searches for all (no word crosses a quotation's edge, a mark or a line break)."""
    if not found:
        return []
    starts, ends = doc.tokens
    bounds = np.array([q.content for q in found], dtype=np.intp).reshape(-1, 2)
    return (np.searchsorted(ends, bounds[:, 1], side="right") - np.searchsorted(starts, bounds[:, 0], side="left")).tolist()


def _speaker_key(speaker_text: str) -> str:
    """One key per person: "Amb. Nikolay Nozdrev" and "Nozdrev" are the same speaker."""
    last = speaker_text.split()[-1] if speaker_text else ""
    return last.lower() if last[:1].isupper() else speaker_text.lower()


class Quotes(FeatureFamily):
    """Direct quotations: how many, how much of the text, from how many speakers.

    Values: ``quote.count``, ``quote.per_1k``; per detail (``attributed``: a
    speaker is found; ``phrase``: an unattributed quotation of at most four
    words, a quoted term or scare quote; ``unattributed``: the rest);
    ``quote.token_share`` (share of the article's word tokens inside
    quotations) and ``quote.speakers`` (distinct speakers).  Evidence: one
    span per quotation, marks included, with attributes ``speaker`` and ``cue``
    where found.
    """

    name = "quote"

    def feature_names(self) -> list[str]:
        return count_names(self.name, DETAILS) + [f"{self.name}.token_share", f"{self.name}.speakers"]

    def extract(self, doc):
        text = doc.text
        evidence = []
        speakers = set()
        found = quotations(doc, self.lexicons)
        counts = _word_counts(doc, found)
        for q, n_words in zip(found, counts):
            start, end = q.content
            attrs = {}
            if q.speaker_text:
                attrs["speaker"] = q.speaker_text
                speakers.add(_speaker_key(q.speaker_text))
            if q.cue is not None:
                attrs["cue"] = text[q.cue[0]:q.cue[1]]
            mark_end = end + 1 if end < len(text) and text[end] in "\"'" else end
            evidence.append(doc.evidence(self.name, start - 1, mark_end, _detail(doc, q, n_words), **attrs))
        values = count_values(self.name, DETAILS, evidence, doc.n_tokens)
        values[f"{self.name}.token_share"] = share(sum(counts), doc.n_tokens)
        values[f"{self.name}.speakers"] = float(len(speakers))
        return values, evidence
