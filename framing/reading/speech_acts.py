"""Speech acts: every reporting verb of an article with its speaker, and the people who spoke.

"he"/"she" take the name of the last named person who spoke before them,
skipping a "Mr." for "she" and a "Ms." for "he"; a participle after a comma
('"...," he said, adding') takes the speaker of the verb before it in the sentence.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from .speakers import OUTLET_NAME, PERSONAL, Speaker, SpeakerFinder, capitalized

if TYPE_CHECKING:
    from ..lexicons import Entry, Lexicon
    from .reading import Reading

_new_act = tuple.__new__  # a SpeechAct without its Python-level __new__: one is built per verb
_INTRODUCTION_REACH = 20_000  # characters searched back for a surname's first name or title
#: Reporting verbs of one article whose speaker is looked for; the verbs after them are counted
#: without a speaker.  Far above any real article (the most in the datasets is under 200),
#: it bounds what a text made of nothing but verbs costs.
MAX_SPEAKER_SEARCHES = 10_000


class SpeechAct(NamedTuple):
    """A reporting verb and, where the text gives it, who speaks."""

    start: int
    end: int
    entry: Entry
    detail: str
    speaker: Speaker | None




class Speech(NamedTuple):
    """The speech acts of an article, and its named people who spoke: ``(offset, name, pronoun an honorific gives)``."""

    acts: list[SpeechAct]
    persons: list[tuple[int, str, str]]


def _is_person(speaker: Speaker, finder: SpeakerFinder) -> bool:
    """A named person: two capitalised words ("Grant Newsham"), a title and a name ("Amb. Nozdrev"),
    or a surname that came earlier after a first name or title ("Boehner" after "John Boehner")."""
    words = _person_words(speaker.name, finder.noun_lexicon)
    if words == 0:
        return False
    if words >= 2 or speaker.role:
        return True
    name = speaker.name
    known = finder.surnames.get(name)
    if known is None:
        known = finder.surnames[name] = _introduced(finder.text, name, speaker.start)
    return known


@lru_cache(maxsize=8192)
def _person_words(name: str, nouns: Lexicon) -> int:
    """The number of words of ``name`` if it may name a person (capitalised words, no source
    noun last, no outlet), else 0; cached per name."""
    words = name.split()
    if not words or words[-1].lower() in nouns.entries or not all(capitalized(w) for w in words):
        return 0
    if OUTLET_NAME.search(name):
        return 0
    return len(words)


def _introduced(text: str, name: str, end: int) -> bool:
    """Whether ``name`` follows a capitalised word ("John Boehner", "Speaker Boehner") before ``end``."""
    pos = text.find(" " + name, max(0, end - _INTRODUCTION_REACH), end)
    while pos > 0:
        before = text.rfind(" ", max(0, pos - 30), pos) + 1
        if capitalized(text[before:pos]) and text[pos - 1] not in ".!?\"":
            return True
        pos = text.find(" " + name, pos + 1, end)
    return False


def speech(reading: "Reading") -> Speech:
    """Every reporting verb of the article with its speaker (see the module notes), and the named
    people among the speakers, in text order."""
    doc, finder = reading.doc, reading.speakers
    text = doc.text
    acts: list[SpeechAct] = []
    persons: list[tuple[int, str, str]] = []  # (offset, name, pronoun an honorific gives)
    speaker_of = finder.of
    for n, (start, end, entry, detail) in enumerate(reading.reporting_verbs):
        if n >= MAX_SPEAKER_SEARCHES:
            acts.append(_new_act(SpeechAct, (start, end, entry, detail, None)))
            continue
        speaker = speaker_of(start, end)
        if acts and acts[-1].speaker is not None and text.endswith("ing", start, end):
            sentence_start = doc.sentence_at(start)[0]
            if acts[-1].start >= sentence_start and text[max(0, start - 4):start].rstrip().endswith(","):
                speaker = acts[-1].speaker
        if speaker is not None:
            if speaker.text.lower() in PERSONAL:
                speaker = _resolved(speaker, persons)
            elif _is_person(speaker, finder):
                persons.append((speaker.start, speaker.name, _gender(speaker)))
        acts.append(_new_act(SpeechAct, (start, end, entry, detail, speaker)))
    return Speech(acts, persons)


def _gender(speaker: Speaker) -> str:
    """ "he" or "she" where an honorific tells ("Mr. Boehner", "Ms. Warren"), else ""."""
    title = speaker.role.split(".")[0].lower()
    return "he" if title == "mr" else "she" if title in ("ms", "mrs", "miss") else ""


def _resolved(speaker: Speaker, persons: list[tuple[int, str, str]]) -> Speaker:
    pronoun = speaker.text.lower()
    for i in range(bisect_left(persons, (speaker.start,)) - 1, -1, -1):
        _, name, gender = persons[i]
        if gender in ("", pronoun):
            return speaker._replace(name=name)
    return speaker


def resolve(speaker: Speaker | None, persons: list[tuple[int, str, str]]) -> Speaker | None:
    """``speaker`` with "he"/"she" resolved to the last of ``persons`` (:attr:`Speech.persons`) who spoke before it."""
    if speaker is None or speaker.text.lower() not in PERSONAL:
        return speaker
    return _resolved(speaker, persons)
