"""Who is speaking: the noun phrase that goes with a reporting verb, with its role.

News reports speech in a few fixed shapes, and they can be read without a
parser by a short walk over the words next to the verb:

* subject first: "Tencent's reporters revealed", "a government source said",
  "Grant Newsham, a retired colonel, stressed" (the apposition is the role);
* inverted after a quotation or a paraphrase: '"...," said Amb. Nikolay
  Nozdrev', "..., says Dmitry Streltsov, a professor at ...".

:class:`SpeakerFinder` walks from a verb (or any position) to its speaker;
:mod:`.speech_acts` pairs every reporting verb with one.  The walk
is bounded (ten words, one apposition), so a missed phrase costs a missing
speaker, never a run-away span.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, NamedTuple

if TYPE_CHECKING:
    from ..lexicons import Lexicon, LexiconSet
    from ..text import Document

# Tokens are words (Russia's, U.S, Jean-Pierre) and the marks that end phrases.
_MARKS = ',;:"()!?'
_WINDOW = 100  # characters searched on either side of a verb
_SHORT_WINDOW = 50  # tried first before a verb: most subjects are short
_FURTHER = object()  # a walk that reached the edge of its window
_MAX_WORDS = 10
_new_speaker = tuple.__new__  # a Speaker without its Python-level __new__: one is built per verb
_WALKS_KEPT = 4096  # windows remembered per document (see SpeakerFinder)
# Between subject and verb: "has repeatedly said", "also told".
_BETWEEN = frozenset(
    "has have had is was were are be been will would shall should can could may might must did does do not never "
    "also then later again once further still just publicly privately recently previously earlier today yesterday".split()
)
# Words that end a noun phrase when met: they begin a clause or a prepositional phrase of the clause.
_CLAUSE = frozenset(
    "that which what whose when where while whereas whether if as because since after before although though but or "
    "nor so than to into onto about against between through during without until unless under over across behind "
    "beyond toward towards like unlike via within despite amid upon according".split()
)
# Prepositions that stay inside a source phrase: "journalists from China", "officials in Moscow".
_INNER = frozenset("of from in at for with on by among".split())
# After an inverted verb these begin the verb's own phrases: 'said X in a statement'.
_AFTER_STOP = _CLAUSE | _BETWEEN | {"in", "at", "on", "by", "who", "and"}
DETERMINERS = frozenset(
    "the a an this these those its his her their our my your some many several most other another each every".split()
)
PERSONAL = frozenset({"he", "she"})
_PRONOUNS = frozenset("i me we us you they them it who whom this i'm i've i'd we're we've they're you're it's he's she's".split())
_NEEDS_OBJECT = frozenset({"tell", "tells", "told"})  # never inverted: '"...," told X' is no subject
_IRREGULAR_PAST = frozenset("said told wrote spoke went hit".split())  # past forms of the reporting verbs without -ed ("went on to say", "hit back")
_NOT_SINGULAR = PERSONAL | _PRONOUNS | frozenset("all both many most some few several none".split())  # pronouns and plurals
_BE = frozenset("is are was were be been being".split())
_LONGEST_LOOKED_UP = max(map(len, PERSONAL | _BE))
_OPENERS = frozenset("but and yet so still meanwhile later then now also instead however".split())
_DAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday yesterday today".split())
_ABBREVIATED = frozenset("st mt jr sr no inc co corp ltd".split())
_PLACE_AFTER_NAME = re.compile(r"\s+(?:of|from|in|at)\s+")  # "Fumio Kishida of Japan"
# Outlets not in the list still show their kind in their name: "AB News", "The Moscow Times".
OUTLET_NAME = re.compile(r"\b(?:[A-Z][\w&.-]*\s+)+(?:News|Times|Post|Journal|Herald|Daily|Press|Tribune|Gazette|Telegraph|Agency)\b")
# Words on which the noun-phrase walk does more than take the word (see SpeakerFinder._phrase_start).
_PHRASE_STOPS = _CLAUSE | {"and"} | PERSONAL | _PRONOUNS | _INNER | DETERMINERS
_APPOSITION_END = frozenset({",", ";", '"', "(", ")", "-"})


class Speaker(NamedTuple):
    """The source phrase of a speech act.

    Attributes
    ----------
    start, end : int
        The phrase in ``doc.text`` (without an apposition).
    text : str
        The phrase as written ("Amb. Nikolay Nozdrev", "a government source", "he").
    name : str
        Who it is: the phrase without title and determiner ("Nikolay Nozdrev"),
        for "he"/"she" the name of the last person quoted before, else the text.
    role : str
        Title before the name ("Amb.") or apposition after it ("a professor at ...").
    """

    start: int
    end: int
    text: str
    name: str
    role: str



@lru_cache(maxsize=8)
def _title_words(titles: Lexicon) -> frozenset[str]:
    return frozenset(t for t in titles.entries if " " not in t)


def _split(window: str) -> list[str]:
    """The tokens of ``window``: marks are padded with spaces and split off (str.replace and
    str.split run in C; a tokenizing regex costs three times as much)."""
    for mark in _MARKS:
        if mark in window:
            window = window.replace(mark, f" {mark} ")
    return (window + " ").replace(". ", " . ").split()


def capitalized(word: str) -> bool:
    return word[:1].isupper()


def _is_word(token: str) -> bool:
    return token[0].isalnum() or token[0] == "_"


class _Tokens:
    """The tokens of a window of text; offsets are found only for the spans asked for.

    A walk reads tokens from one end (``from_right`` for a subject before its
    verb), so offsets are searched from that end, one token after another.
    """

    def __init__(self, text: str, start: int, end: int, from_right: bool):
        self.text, self.start, self.end, self.from_right = text, start, end, from_right
        self.words = _split(text[start:end])

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Offsets from the start of token ``first`` to the end of token ``last``."""
        text, words = self.text, self.words
        if self.from_right:
            pos = self.end
            for k in range(len(words) - 1, first - 1, -1):
                pos = text.rfind(words[k], self.start, pos)
                if k == last:
                    end = pos + len(words[k])
            return pos, end
        pos = self.start
        for k in range(last + 1):
            pos = text.find(words[k], pos, self.end)
            if k == first:
                start = pos
            pos += len(words[k])
        return start, pos

    def starts_window(self, pos: int) -> bool:
        """Whether nothing but white space stands between the window's start and ``pos``."""
        return not self.text[self.start:pos].strip()


class SpeakerFinder:
    """The speaker walk over one document: :meth:`of` a verb, :meth:`before` or :meth:`after` a position."""

    def __init__(self, doc: "Document", lexicons: "LexiconSet"):
        self.doc = doc
        self.lexicons = lexicons
        self.text = doc.text
        self.titles = _title_words(lexicons["titles"])
        self.noun_lexicon = lexicons["source_nouns"]
        self.nouns = self.noun_lexicon.entries
        self.surnames: dict[str, bool] = {}  # single capitalised speaker names known to be people
        # walks already done, by the window they read (offsets kept relative to the verb): an
        # input made of the same cue over and over ("said said said …") walks each window once
        self._walked_before: dict[str, Speaker | None] = {}
        self._walked_after: dict[str, Speaker | None] = {}

    def _abbreviation(self, word: str) -> bool:
        low = word.lower()
        return (len(word) == 1 and word.isupper()) or "." in word or low in self.titles or low in _ABBREVIATED

    def of(self, start: int, end: int) -> Speaker | None:
        """The speaker of the verb at ``text[start:end]``: before it, or after it when inverted."""
        text = self.text
        k = start - 1
        while k >= 0 and text[k] == " ":
            k -= 1
        if k < 0 or text[k] in '"\'\n:,':
            if text.endswith("ing", start, end):  # "Bloomberg contrasted ..., saying": the sentence's subject
                return self.subject(self.doc.sentence_at(start)[0], start) if k >= 0 and text[k] == "," else None
            inverts = text[start:end].lower() not in _NEEDS_OBJECT
            if k < 0 or text[k] != ",":
                return self.after(end) if inverts else None
            # an apposition before the verb, or a paraphrase before an inverted subject
            found = self.before(start)
            return found if found is not None or not inverts else self.after(end)
        # the word before the verb, looked for no further back than the longest word it is
        # compared with: from the start of the text, each verb of "-said-said…" read it all
        lo = max(0, k - _LONGEST_LOOKED_UP)
        space = text.rfind(" ", lo, k)
        word_start = space + 1
        word = text[word_start:k + 1].lower() if space >= 0 or lo == 0 else ""  # longer: none of them
        if word in PERSONAL:  # the commonest subject, without a walk
            return self.speaker(word_start, k + 1)
        if word in _BE and text.endswith("ed", start, end):  # "was asked to leave": no speaker
            return None
        found = self.before(start)
        return None if found is not None and self._no_name_before_base_form(found, start, end) else found

    def _no_name_before_base_form(self, speaker: Speaker, start: int, end: int) -> bool:
        """Whether ``speaker`` is a capitalised common word opening its sentence, not a name: "Short
        note.", "Please note".  Right before a verb's base form ("note", "say"; no "will" or "did"
        between) one capitalised word is a subject only as a pronoun, a plural ("Analysts note",
        "All agree") or a kind of source ("Police say", "People say"): a name takes "notes", "noted"."""
        verb = self.text[start:end].split(None, 1)[0].lower()  # "pointed out": its verb
        if verb.endswith(("s", "ed", "ing")) or verb in _IRREGULAR_PAST or self.text[speaker.end:start].strip():
            return False
        phrase = speaker.text
        low = phrase.lower()
        if not capitalized(phrase) or " " in phrase or "'" in phrase or low.endswith("s") or low in _NOT_SINGULAR or low in self.nouns:
            return False
        return self.doc.sentence_at(speaker.start)[0] == speaker.start

    def before(self, pos: int) -> Speaker | None:
        """The subject phrase ending before the verb at ``pos`` ("a government source said")."""
        window = self.text[max(0, pos - _WINDOW):pos]  # all the walk reads
        return _recalled(self._walked_before, window, pos, self._before_walk)

    def _before_walk(self, pos: int) -> Speaker | None:
        para_start = self.text.rfind("\n", max(0, pos - _WINDOW), pos) + 1
        if pos - para_start > _SHORT_WINDOW:
            found = self._before(pos, pos - _SHORT_WINDOW, final=False)
            if found is not _FURTHER:
                return found
        return self._before(pos, max(para_start, pos - _WINDOW), final=True)

    def _before(self, pos: int, lo: int, final: bool) -> "Speaker | None | object":
        """:meth:`before` within ``text[lo:pos]``, or ``_FURTHER`` if the walk reached ``lo`` and may go on."""
        toks = _Tokens(self.text, lo, pos, from_right=True)
        words = toks.words
        i = len(words) - 1
        while i >= 0 and (words[i].lower() in _BETWEEN or (words[i].endswith("ly") and words[i].islower())):
            i -= 1
        if i < 0:
            return None if final else _FURTHER
        if words[i] == ",":
            found = self._before_apposition(toks, i)
            reached = found is None or toks.starts_window(found.start)
        elif words[i].lower() == "who" and i > 1 and words[i - 1] == ",":  # "Bloomberg, who added that"
            start = self._phrase_start(words, i - 2)
            found = None if start is None else self.speaker(*toks.span(start, i - 2))
            reached = start == 0
        elif not _is_word(words[i]):
            return None
        else:
            start = self._phrase_start(words, i)
            found = None if start is None else self.speaker(*toks.span(start, i))
            reached = start == 0
        return _FURTHER if reached and not final else found

    def _phrase_start(self, words: list[str], i: int) -> int | None:
        """Index of the first word of the noun phrase that ends at ``words[i]``."""
        start = None
        count = 0
        j = i
        while j >= 0 and count < _MAX_WORDS:
            word = words[j]
            low = word.lower()
            if low not in _PHRASE_STOPS and word[0].isalpha():  # a plain word: the commonest case at once
                start = j
                count += 1
                j -= 1
                continue
            if word == ".":
                if start is not None and j > 0 and self._abbreviation(words[j - 1]):
                    j -= 1
                    continue
                break
            if not word[0].isalpha() or low in _CLAUSE:  # a number or date ends it too
                break
            if low == "and":  # "Putin and Xi said" joins names; "and said" joins verbs
                if start is not None and capitalized(words[start]) and j > 0 and capitalized(words[j - 1]):
                    j -= 1
                    continue
                break
            if low in PERSONAL or low in _PRONOUNS:
                return j if start is None and low in PERSONAL else start
            if low in _INNER:
                if start is None:
                    break
                j -= 1
                continue
            start = j
            count += 1
            if low in DETERMINERS and not (j > 0 and words[j - 1].lower() in _INNER):
                break
            j -= 1
        return start

    def _apposition_end(self, words: list[str], i: int) -> int:
        """End index (exclusive) of an apposition starting at ``words[i]``, or ``i`` if there is none."""
        if i >= len(words):
            return i
        first = words[i].lower()
        if not (first in DETERMINERS or first in self.titles or first[0].isdigit() or first == "who"):
            return i
        j = i
        while j < len(words):
            word = words[j]
            if word in _APPOSITION_END or (word == "." and not (j > i and self._abbreviation(words[j - 1]))):
                break
            j += 1
        return j

    def _before_apposition(self, toks: _Tokens, i: int) -> Speaker | None:
        """ "Grant Newsham, a retired colonel, stressed": the phrase before the apposition."""
        words = toks.words
        k = i - 1
        while k >= 0 and words[k] not in (",", '"', ";", ":"):
            if words[k] == "." and not (k > 0 and self._abbreviation(words[k - 1])):
                return None
            k -= 1
        if k < 1 or words[k] != "," or not (capitalized(words[k - 1]) or words[k - 1].lower() in self.nouns):
            return None
        start = self._phrase_start(words, k - 1)
        if start is None:
            return None
        role = ""
        if self._apposition_end(words, k + 1) == i:
            role = self.text[slice(*toks.span(k + 1, i - 1))] if k + 1 < i else ""  # "X, , said": no role
        elif not words[k + 1].endswith(("ing", "ed")):
            return None  # "If Japan continues, it will..., warned X" has no apposition
        if start > 1 and words[start - 1] == "," and words[start].lower() in DETERMINERS:
            # "Chris Rogers, a trade analyst at Panjiva, a data firm, said": the first apposition is the role
            name_start = self._phrase_start(words, start - 2)
            if name_start is not None and capitalized(words[start - 2]):
                return self.speaker(*toks.span(name_start, start - 2), self.text[slice(*toks.span(start, k - 1))])
        return self.speaker(*toks.span(start, k - 1), role)

    def after(self, pos: int) -> Speaker | None:
        """The inverted subject after the verb ending at ``pos`` ('"...," said Amb. Nikolay Nozdrev')."""
        window = self.text[pos:pos + _WINDOW]  # all the walk reads
        return _recalled(self._walked_after, window, pos, self._after_walk)

    def _after_walk(self, pos: int) -> Speaker | None:
        text = self.text
        end = min(len(text), pos + _WINDOW)
        line_end = text.find("\n", pos, end)
        toks = _Tokens(text, pos, end if line_end < 0 else line_end, from_right=False)
        words = toks.words
        i = 0
        while i < len(words) and words[i].lower() in _DAYS:
            i += 1
        first = i
        last = None
        while i < len(words) and i - first < _MAX_WORDS:
            word = words[i]
            low = word.lower()
            if word == ".":
                if last is not None and self._abbreviation(words[last]) and i + 1 < len(words) and capitalized(words[i + 1]):
                    i += 1
                    continue
                break
            if not _is_word(word) or low in _PRONOUNS:
                break
            if low in PERSONAL:
                last = i if last is None else last
                break
            if low in _INNER and low not in _AFTER_STOP:
                if last is None:
                    break
                i += 1
                continue
            if (low in _AFTER_STOP and (word.islower() or low not in _BETWEEN)) or low in _DAYS:
                break
            last = i
            i += 1
        if last is None:
            return None
        found = words[first:last + 1]
        lead = found[0].lower()
        if not (lead in DETERMINERS or lead in PERSONAL or any(capitalized(w) or w.lower() in self.nouns for w in found)):
            return None
        role = ""
        if last + 2 < len(words) and words[last + 1] == ",":
            end = self._apposition_end(words, last + 2)
            if end > last + 2:
                role = text[slice(*toks.span(last + 2, end - 1))]
        return self.speaker(*toks.span(first, last), role)

    def subject(self, pos: int, limit: int) -> Speaker | None:
        """A name (or "he"/"she") opening the sentence at ``pos``: "Sen. Ted Cruz on Friday lashed out"."""
        toks = _Tokens(self.text, pos, min(limit, pos + _WINDOW), from_right=False)
        words = toks.words
        i = 1 if words and words[0].lower() in _OPENERS else 0
        lead = words[i].lower() if i < len(words) else ""
        if lead in _INNER or lead in _CLAUSE or lead.endswith(("ed", "ing")):  # "In the wake of X, Trump ..."
            i = words.index(",", i) + 1 if "," in words[i:] else len(words)
        if i < len(words) and words[i].lower() in PERSONAL:
            return self.speaker(*toks.span(i, i))
        last = None
        for j in range(i, min(len(words), i + _MAX_WORDS)):
            word = words[j]
            if word == "." and last is not None and self._abbreviation(words[last]):
                continue
            if not capitalized(word) or word.lower() in DETERMINERS or word.lower() in _PRONOUNS:
                break
            last = j
        return None if last is None else self.speaker(*toks.span(i, last))

    def speaker(self, start: int, end: int, role: str = "") -> Speaker:
        """The :class:`Speaker` of ``text[start:end]``, the title split from the name ("Foreign Minister | Yoko Kamikawa")."""
        phrase = self.text[start:end]
        name, title = _name_and_title(phrase, self.titles)
        return Speaker(start, end, phrase, name, role or title)


def _recalled(walked: dict[str, Speaker | None], window: str, pos: int, walk: Callable[[int], Speaker | None]) -> Speaker | None:
    """``walk(pos)``, recalled from ``walked`` if the same ``window`` of text was walked before
    (its speaker is stored with offsets relative to ``pos``, so it holds wherever the window stands)."""
    found = walked.get(window, _FURTHER)  # _FURTHER: not walked yet
    if found is not _FURTHER:
        return found if found is None else _shifted(found, pos)
    found = walk(pos)
    if len(walked) < _WALKS_KEPT:  # real text repeats few windows: memory stays bounded
        walked[window] = found if found is None else _shifted(found, -pos)
    return found


def _shifted(speaker: Speaker, by: int) -> Speaker:
    start, end, text, name, role = speaker
    return _new_speaker(Speaker, (start + by, end + by, text, name, role))


@lru_cache(maxsize=8192)
def _name_and_title(phrase: str, titles: frozenset[str]) -> tuple[str, str]:
    """The name in a speaker phrase and the title before it ("" if none), cached: the same
    phrases come back within an article and across articles."""
    words = phrase.split()
    name_from = 0
    title = ""
    for k in range(len(words) - 1, 0, -1):
        if words[k][0].isupper() and words[k - 1].lower().rstrip(".") in titles:  # the cheaper test first
            name_from = k
            break
    if name_from:
        title = " ".join(words[:name_from])
    elif len(words) > 1 and words[0].lower() in DETERMINERS:
        name_from = 1
    name = " ".join(words[name_from:])
    if capitalized(name):
        name = _PLACE_AFTER_NAME.split(name, maxsplit=1)[0]
    return name, title
