"""Direct quotations with their speaker and cue verb, where the text gives them (textacy's triples).

The marks are read by :mod:`.quotemarks`; a quotation inside another is part of it.

Speakers: the reporting verb right after the quotation ('"...," said X', '"...,"
X said') or before it in the same sentence ('X told reporters: "..."', also when
the quotation opens the next paragraph after a colon), a labelling verb ('X
called it "..."'), else the speaker of the quotation before it in the same
paragraph if no reporting verb stands between ('"A," Pelosi said. "B."').
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import chain
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from .speakers import PERSONAL, Speaker
from .speech_acts import SpeechAct

if TYPE_CHECKING:
    from .reading import Reading

_BETWEEN_AFTER = re.compile(r"[ ,]{0,4}")  # '"...," said X' or '"..." X said'
_BETWEEN_BEFORE = re.compile(r"[^\".!?\n]{0,100}(?::\s*)?")  # 'X said: "..."', also when the quotation opens the next paragraph
_AT_ONCE = 256  # quotations from which those out of any rule's reach are found first (_within_reach)
_new_quotation = tuple.__new__  # a Quotation without its Python-level __new__: one is built per quotation
LABEL_STEMS = ("call", "dub", "term", "label", "brand")
LABEL_CUE = re.compile(rf"(?<![\w-])(?:{'|'.join(LABEL_STEMS)})(?:s|ed|ing|bed|bing|led|ling)?(?:\s+[\w']+){{0,3}}\s*$", re.I)


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


def _attribute(reading: "Reading", content: tuple[int, int], acts: list[SpeechAct], act_starts: list[int]) -> Quotation:
    """The quotation of ``content`` with the speaker and cue the rules of the module docstring find."""
    doc, finder = reading.doc, reading.speakers
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
    label = LABEL_CUE.search(text, max(0, start - 60), start - 1) if any(map(window.__contains__, LABEL_STEMS)) else None
    if label is not None:
        cue_end = label.start() + len(label.group().split()[0])
        return _quotation(reading.resolve(finder.before(label.start())), (label.start(), cue_end), content)
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


def quotations(reading: "Reading") -> list[Quotation]:
    """The direct quotations of the article in text order."""
    spans = reading.quoted_spans
    found: list[Quotation] = []
    if spans:
        acts = reading.speech_acts
        act_starts = [a.start for a in acts]
        # only a quotation with a verb or a labelling stem within reach needs the rules of
        # _attribute: the others, all of them in an input made of quotation marks, are told at
        # once where there are many (below, numpy's cost per call outweighs the rules')
        near = _within_reach(reading, spans, acts) if len(spans) >= _AT_ONCE else [True] * len(spans)
        if near is None:  # no verb and no labelling stem in the article: no speaker for any
            return [_new_quotation(Quotation, (None, None, span, "")) for span in spans]
        found = [_attribute(reading, span, acts, act_starts) if look else _new_quotation(Quotation, (None, None, span, ""))
                 for span, look in zip(spans, near)]
        _carry_speakers(reading.text, found, act_starts)
    return found


def _within_reach(reading: "Reading", spans: list[tuple[int, int]], acts: list[SpeechAct]) -> list[bool] | None:
    """For each quotation, whether a rule of :func:`_attribute` may apply: a speech act starts or
    has its speaker within 4 characters after it, one ends before it, or a labelling verb's stem
    stands in the 60 characters before it (a superset of the quotations the rules attribute).
    None if the article has neither a speech act nor a stem."""
    text, lower = reading.text, reading.lower
    stems = [stem for stem in LABEL_STEMS if stem in lower]
    if not acts and not stems:
        return None
    bounds = np.fromiter(chain.from_iterable(spans), dtype=np.int64, count=2 * len(spans)).reshape(-1, 2)
    starts = bounds[:, 0]
    near = np.zeros(len(spans), dtype=bool)
    if acts:
        act_starts = np.array([a.start for a in acts], dtype=np.int64)
        # speakers after their verb ('"...," said X') stand after the quotation, within reach of it
        speaker_starts = np.array([a.speaker.start if a.speaker is not None else len(text) + 1 for a in acts], dtype=np.int64)
        act_ends = np.array([a.end for a in acts], dtype=np.int64)
        closed = np.fromiter((text[e:e + 1] in ('"', "'") for e in bounds[:, 1].tolist()), dtype=bool, count=len(spans))
        after = bounds[:, 1] + closed
        i = np.searchsorted(act_starts, after, side="left")
        has = i < len(acts)
        j = np.minimum(i, len(acts) - 1)
        anchor = np.where(speaker_starts[j] >= after, np.minimum(act_starts[j], speaker_starts[j]), act_starts[j])
        near |= has & (anchor - after <= 4)
        k = np.searchsorted(act_starts, starts, side="left") - 1
        near |= (k >= 0) & (act_ends[np.maximum(k, 0)] < starts)
    for stem in stems:
        found = [m.start() for m in re.finditer(stem, lower)]
        if found:  # the window is lower[start - 60:start - 1]: the stem must lie wholly inside it
            at = np.array(found, dtype=np.int64)
            first = np.minimum(np.searchsorted(at, np.maximum(starts - 60, 0), side="left"), len(at) - 1)
            near |= (at[first] >= np.maximum(starts - 60, 0)) & (at[first] + len(stem) <= starts - 1)
    return near.tolist()
