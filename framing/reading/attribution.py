"""Sourcing: whom the article hands its claims to, and how identifiable they are.

Every attribution is one of four kinds (the evidence ``detail``):

* ``named``: a person or an organisation the reader can identify ("Prime
  Minister Fumio Kishida said", "Dmitry Streltsov, a professor at ...",
  "according to Russia's defense ministry");
* ``anonymous``: a kind of person left unnamed ("a government source said",
  "a senior Japanese foreign ministry official", "officials who spoke on
  condition of anonymity");
* ``relayed``: second-hand, through another outlet or publication ("according
  to reports from Sohu", "as reported by", "the Chinese publication noted",
  "Tencent's reporters revealed", "the report said");
* ``vague``: an unspecified collective authority ("observers believe",
  "analysts note", "critics argue", "experts say").

Attributions come from the speech acts of :mod:`.speech_acts` (a reporting verb
and its subject), the quotations of :mod:`.quotations` introduced by other verbs
("called it"), the cues of the ``attribution_cues`` lexicon ("according to X",
"as reported by X") and cognition verbs after a source noun ("observers
believe").  The kind is read from the source phrase with the lexicons
``source_nouns``, ``news_outlets`` and ``titles``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import TYPE_CHECKING, Iterator, NamedTuple

from ..text.words import WORD as _WORD
from .speakers import DETERMINERS, OUTLET_NAME, PERSONAL, Speaker

if TYPE_CHECKING:
    from ..lexicons import Lexicon
    from .reading import Reading

NAMED, ANONYMOUS, RELAYED, VAGUE = "named", "anonymous", "relayed", "vague"
DETAILS = [NAMED, ANONYMOUS, RELAYED, VAGUE]
_NOUN_KIND = {"anonymous": ANONYMOUS, "vague": VAGUE, "relay": RELAYED}
_INNER = re.compile(r"\s(?:of|from|in|at|for|with|on|by|among)\s")
_OUTLET_SUFFIXES = frozenset("News Times Post Journal Herald Daily Press Tribune Gazette Telegraph Agency".split())
# "People think differently when...", "most deeply felt": a bare generic subject of a cognition
# verb makes a general statement, not an attribution ("many experts believe" still counts).
_EVERYONE = frozenset("people most many some others everyone everybody".split())
_PEOPLE = frozenset({"people", "person"})
_UNNAMED_CLAUSE = (" who", " familiar", " close to", " with knowledge", " briefed", " involved", " knowledgeable")
_OPINION_REACH = 60  # characters before a cognition verb searched for a source noun
_ANONYMITY_REACH = 80  # characters after the cue searched for "on condition of anonymity"
_POSSESSOR = re.compile(r"(\w+)'s\b")
_SOURCE_AFTER_CUE = re.compile(r"\s*(?:from|by|of|in)\b")  # "according to reports from Sohu"


class Attribution(NamedTuple):
    """One sourced claim: the span of source and cue in ``doc.text``, its kind, who and how."""

    start: int
    end: int
    detail: str
    source: str
    role: str
    cue: str


@lru_cache(maxsize=8)
def _anonymity(nouns: Lexicon) -> tuple[frozenset[str], re.Pattern]:
    """The phrases of ``source_nouns`` that mark a source as unnamed on purpose ("on condition of
    anonymity"), and their longest words: a text without any of those holds none of them."""
    phrases = sorted((t for t, e in nouns.entries.items() if e.category == "anonymous" and " " in t), key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases) or r"(?!x)x")
    return frozenset(max(p.split(), key=len) for p in phrases), pattern


@lru_cache(maxsize=8)
def _source_words(nouns: Lexicon, outlets: Lexicon) -> frozenset[str]:
    """Words that make a cognition verb worth reading ("analysts believe"), possessives included."""
    words = {t for t, e in nouns.entries.items() if e.category != "institution" and " " not in t}
    words |= {w for t in outlets.entries for w in t.split()}
    return frozenset(words | {w + "'s" for w in words})


@lru_cache(maxsize=8)
def _outlet_words(outlets: Lexicon) -> frozenset[str]:
    """The longest word of each outlet name: a phrase without any of them names no listed outlet."""
    return frozenset(max(t.split(), key=len) for t in outlets.entries)


def _outlet_spans(phrase: str, outlets: Lexicon) -> Iterator[tuple[int, int]]:
    """Spans of outlet names in ``phrase``: listed ones (up to three words) and names like "AB News"."""
    low = phrase.lower().replace("'s", "  ")  # "Sohu's" is Sohu; offsets kept
    if not _outlet_words(outlets).isdisjoint(low.split()):
        words = [m.span() for m in _WORD.finditer(low)]
        for i, (s, _) in enumerate(words):
            for n in (3, 2, 1):
                if i + n <= len(words) and phrase[s].isupper() and " ".join(low[a:b] for a, b in words[i:i + n]) in outlets.entries:
                    yield s, words[i + n - 1][1]
                    break
    if not _OUTLET_SUFFIXES.isdisjoint(phrase.split()):
        yield from (m.span() for m in OUTLET_NAME.finditer(phrase))


class _PhraseFacts(NamedTuple):
    """What the words of a source phrase tell wherever it stands (see :func:`_phrase_facts`)."""

    relayed: str | None  # the outlet (or the phrase) it relays, None if it relays nothing
    head_word: str
    head: str  # the head word's category in ``source_nouns``, "" if none
    named: bool  # capitalised as a name


def _category(entries: dict, word: str) -> str:
    """The category of ``word`` in a lexicon's ``entries``, "" if it is none of them."""
    entry = entries.get(word)
    return entry.category if entry is not None else ""


@lru_cache(maxsize=8192)
def _phrase_facts(phrase: str, nouns: Lexicon, outlets: Lexicon) -> _PhraseFacts:
    """The facts :meth:`_Sources.kind` reads from the phrase alone, cached: the same phrases
    ("he", "Trump", "officials", "the report") come back within an article and across articles."""
    low = phrase.lower()
    entries = nouns.entries
    inner = _INNER.search(phrase)
    head_end = inner.start() if inner else len(phrase)
    head_start = phrase.rfind(" ", 0, head_end) + 1
    head_word = low[head_start:head_end].removesuffix("'s")
    head = _category(entries, head_word)
    words = phrase.split()
    named = any([w[0].isupper() for w in words[1:]]) or (phrase[:1].isupper() and words[0].lower() not in DETERMINERS)
    # relayed: an outlet or its staff ("Sohu's commentators", "NetEase experts", "the publication's authors")
    for s, e in _outlet_spans(phrase, outlets):
        if e >= head_end or phrase.startswith("'s", e) or (head and e <= head_start):
            return _PhraseFacts(phrase[s:e], head_word, head, named)
    # (a possessive needs its "'s": where none stands before the head, no search)
    if head == "relay" or ("'s" in low[:head_start] and any(_category(entries, p) == "relay" for p in _POSSESSOR.findall(low, 0, head_start))):
        return _PhraseFacts(phrase, head_word, head, named)
    return _PhraseFacts(None, head_word, head, named)


class _Sources:
    """Reads the kind of a source phrase (holds the lexicons it needs)."""

    def __init__(self, reading: "Reading"):
        doc, lexicons = reading.doc, reading.lexicons
        self.lower = doc.lower
        self.nouns = lexicons["source_nouns"]
        words, pattern = _anonymity(self.nouns)
        # most articles cannot hold any of the phrases: no search then (asked of the
        # vocabulary, a frozenset subclass: the other way round would iterate over all of it)
        self.anonymity = None if doc.vocabulary.isdisjoint(words) else pattern
        self.anonymity_words = words
        self.outlets = lexicons["news_outlets"]
        self._facts: dict[str, _PhraseFacts] = {}  # the phrases of this article, looked up once each

    def _anonymous(self, start: int, end: int) -> bool:
        """Whether a phrase of anonymity stands in ``lower[start:end]`` (a window without the
        longest word of any of them holds none: substring tests are cheaper than the regex)."""
        window = self.lower[start:end]
        return any(map(window.__contains__, self.anonymity_words)) and self.anonymity.search(self.lower, start, end) is not None

    def kind(self, speaker: Speaker, context_end: int) -> tuple[str, str] | None:
        """``(detail, source)`` of a speaker phrase, or None if it is no source ("the plan said")."""
        phrase = speaker.text
        if phrase.lower() in PERSONAL:  # "he said": a source if it goes back to a named person
            return (NAMED, speaker.name) if speaker.name != phrase else None
        facts = self._facts.get(phrase)
        if facts is None:
            facts = self._facts[phrase] = _phrase_facts(phrase, self.nouns, self.outlets)
        if facts.relayed is not None:
            return RELAYED, facts.relayed
        if self.anonymity is not None and self._anonymous(speaker.start, context_end + _ANONYMITY_REACH):
            return ANONYMOUS, phrase
        if facts.head_word in _PEOPLE and self.lower.startswith(_UNNAMED_CLAUSE, speaker.end):
            return ANONYMOUS, phrase  # "people familiar with the matter", "people who have met her"
        if facts.head:
            return (NAMED, speaker.name) if facts.head == "institution" else (_NOUN_KIND[facts.head], phrase)
        return (NAMED, speaker.name) if facts.named else None


def attributions(reading: "Reading") -> list[Attribution]:
    """The attributions of the article in text order."""
    doc, lexicons, finder = reading.doc, reading.lexicons, reading.speakers
    text = doc.text
    sources = _Sources(reading)
    found: list[Attribution] = []

    def add(speaker: Speaker | None, cue_start: int, cue_end: int, allowed=DETAILS) -> None:
        if speaker is None:
            return
        kind = sources.kind(speaker, cue_end)
        if kind is None or kind[0] not in allowed:
            return
        start, end = min(speaker.start, cue_start), max(speaker.end, cue_end)
        found.append(Attribution(start, end, kind[0], kind[1], speaker.role, text[cue_start:cue_end]))

    source_words = _source_words(lexicons["source_nouns"], lexicons["news_outlets"])
    # cues inside quotations are the speaker's words, as for reporting verbs
    cues = [m for m in lexicons["attribution_cues"].matcher.finditer(doc.lower, doc.vocabulary) if not reading.is_quoted(m.start)]
    taken = [(m.start, m.end) for m in cues if m.entry.category != "opinion"]
    for m in cues:
        if m.entry.category == "opinion":  # "observers believe", but not "I believe"
            if not source_words.isdisjoint(doc.lower[max(0, m.start - _OPINION_REACH):m.start].split()):
                speaker = finder.before(m.start)
                if speaker is not None and speaker.text.lower() not in _EVERYONE:
                    add(speaker, m.start, m.end, (ANONYMOUS, RELAYED, VAGUE))
            continue
        after = _SOURCE_AFTER_CUE.match(text, m.end)
        speaker = finder.after(after.end() if after else m.end)
        if m.entry.category == "relay":
            source = sources.kind(speaker, m.end) if speaker is not None else None
            name = source[1] if source is not None and source[0] == RELAYED else (speaker.text if speaker else "")
            end = max(m.end, speaker.end) if speaker is not None else m.end
            found.append(Attribution(m.start, end, RELAYED, name, speaker.role if speaker else "", text[m.start:m.end]))
        else:
            add(speaker, m.start, m.end)
    acts = reading.speech_acts
    taken_starts = [s for s, _ in taken]
    for act in acts:
        if act.speaker is None:
            continue
        i = bisect_right(taken_starts, act.start) - 1
        if i < 0 or act.start >= taken[i][1]:  # not the verb of "as reported by"
            add(act.speaker, act.start, act.end)
    act_starts = {a.start for a in acts}
    for q in reading.quotations:
        if q.cue is not None and q.speaker is not None and q.cue[0] not in act_starts:
            add(reading.resolve(finder.speaker(*q.speaker)), *q.cue)
    found.sort()
    return found
