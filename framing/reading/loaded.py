"""Loaded language: charged words, name-calling labels and intensifiers, and who they are about.

Which words are loaded is decided by a token-level tagger
(:mod:`.loaded_tagger`, trained on annotated propaganda spans) that reads the
words around each token and the terms of the ``loaded`` lexicon; a reported
span is a run of tagged tokens, so it covers a phrase ("disastrous nuclear
deal") rather than a word.  A span holding several lexicon terms is cut before
each, so that a piece holds one term, which gives its category and, where the
sentence says it plainly, the actor behind it
(``agent``: "Japan's provocations", "Japanese provocations", "Moscow slammed
…", "… was slammed by Moscow") and the actor it is aimed at (``target``:
"slammed Tokyo", "aggression against Ukraine", "dictator Kim").  A demonym is
reported as its country (lexicon ``demonyms``).  Pronouns are not resolved.
:func:`loaded_terms` gives every lexicon term, tagged or not, with its actors; the
``loaded`` feature family counts the spans of :func:`loaded_spans`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from ..lexicons import Entry
    from ..text import Document
    from .reading import Reading

# Capitalised words that open sentences or titles without naming anyone.
_NOT_NAMES = (
    "The|A|An|This|That|These|Those|It|Its|He|His|She|Her|They|Their|We|Our|I|You|Your|In|On|At|As|But|And|Or|If|"
    "When|While|After|Before|Since|For|With|By|From|To|Of|Over|Under|Against|Not|No|So|Yet|Then|There|Here|What|"
    "Who|Why|How|Which|Such|Some|Many|Most|All|Both|Even|Still|Also|Now|Today|Yesterday|Monday|Tuesday|Wednesday|"
    "Thursday|Friday|Saturday|Sunday|Mr|Mrs|Ms|Dr"
)
_WORD = r"(?:[A-Z]\.){2,}|[A-Z][\w&-]*"
_NAME = rf"(?!(?:{_NOT_NAMES})\b)(?:{_WORD})(?:\s+(?:of\s+|de\s+|al-)?(?:{_WORD}))*"
# A name may end in the body it heads ("the Kishida administration").
_HEAD = r"(?:\s+(?:government|administration|regime|ministry|officials|authorities|leaders?|forces|military|army|media|party))?"
_ACTOR = rf"(?:[Tt]he\s+)?(?P<name>{_NAME}{_HEAD})"

# What precedes a term is read from its last few words (cheaper than a regex anchored at the end).
_NAME_WORD = re.compile(rf"(?!(?:{_NOT_NAMES})$)(?:{_WORD})")
_HEADS = frozenset("government administration regime ministry officials authorities leader leaders forces military army media party".split())
_PREPOSITIONS = frozenset("about against among at by for from in into of on over to toward towards with without".split())
_AUXILIARIES = frozenset("has have had is are was were will would could should must did does do again also just then now not never".split())
_PASSIVE = frozenset("is are was were be been being get got gets".split())
_POSSESSIVE = ("'s", "'", "\u2019s", "\u2019")
_BY_AFTER = re.compile(rf"\s+(?:by|from)\s+{_ACTOR}")
_AGAINST_AFTER = re.compile(rf"\s+(?:against|towards?|toward|on|at)\s+{_ACTOR}")
_OBJECT_AFTER = re.compile(rf"\s+{_ACTOR}")
_NAME_AFTER = re.compile(rf"\s+(?P<name>{_NAME})")
# A headline in title case has capitals everywhere: only possessors and demonyms are read there.
_LOWER_WORD = re.compile(r"\b[a-z]{4,}")
_NEXT_WORD = re.compile(
    r"[ \t]+(?!(?:a|an|the|of|in|on|at|to|for|from|by|with|over|about|and|or|but|as|than|that|this|which|who|"
    r"is|are|was|were|be|been|it|its|he|she|they|we|his|her|their|our|not|no|so|too|enough)\b)[a-z][\w-]*"
)
_NEXT_CAPITAL = re.compile(r"[ \t]+[A-Z][a-z][\w-]*")
# Who does it (agent) can be read off nouns and adjectives by their possessor
# or demonym; verbs give their subject and object.
_NOMINAL = frozenset({"charged_noun", "charged_adjective"})
# Verbs and participles of feeling: their subject or object is the one who feels (the agent of the
# feeling: "Moscow is exasperated with Tokyo", "… agitated Moscow"), what they are about is the target.
_FEELINGS = frozenset(
    "agitate agitated anger angered annoy annoyed enrage enraged exasperate exasperated frustrate frustrated fume "
    "incense incensed infuriate infuriated irk irked irritate irritated outrage outraged upset vex vexed".split()
)
_ABOUT_AFTER = re.compile(rf"\s+(?:with|at|over|about|by)\s+{_ACTOR}")
#: Detail of a tagged span that holds no lexicon term.
TAGGED = "tagged"


class LoadedTerm(NamedTuple):
    """One loaded-language term: the span of the phrase it colours, its lexicon entry, its actors."""

    start: int
    end: int
    entry: Entry
    agent: str
    target: str


def _name_ending(words: list[str]) -> str:
    """The name that ends ``words`` ("North Korea", "Kishida administration"), or ""."""
    i = len(words)
    head = words[-1] if words and words[-1] in _HEADS else ""
    i -= bool(head)
    j = i
    while j > 0 and i - j < 4 and _NAME_WORD.fullmatch(words[j - 1]):
        j -= 1
    if j == i:
        return ""
    return " ".join(words[j:i] + ([head] if head else []))


def _possessor(words: list[str], demonyms: dict) -> str:
    """Who owns a noun phrase ending ``words`` + term: "Japan's [military]", "Japanese [military]"."""
    for k in (1, 2):  # the term may have one modifier between ("Japan's latest provocations")
        if len(words) < k or (k == 2 and not words[-1].islower()):
            continue
        last = words[-k]
        for mark in _POSSESSIVE:
            if last.endswith(mark) and len(last) > len(mark):
                return _name_ending(words[:-k] + [last[: -len(mark)]])
        entry = demonyms.get(last.lower())
        if entry is not None:
            two = demonyms.get(" ".join(words[-k - 1:len(words) - k + 1]).lower()) if len(words) > k else None
            return (two or entry).category
    return ""


def _subject(words: list[str], gerund: bool = False) -> str:
    """The name before a verb, over up to three auxiliaries and adverbs ("Kishida has repeatedly …");
    not the object of a preposition ("Sanctions against Russia have …") unless the verb is a
    gerund, whose subject that is ("about Russian meddling", "the video of Trump bragging")."""
    i = len(words)
    while i > 0 and len(words) - i < 3 and (words[i - 1] in _AUXILIARIES or words[i - 1].endswith("ly") and words[i - 1].islower()):
        i -= 1
    name = _name_ending(words[:i])
    before = i - len(name.split()) - 1
    return "" if name and not gerund and before >= 0 and words[before].lower() in _PREPOSITIONS else name


def _passive(words: list[str]) -> bool:
    """Whether the verb after ``words`` is a passive participle ("was [roundly] slammed")."""
    return bool(words) and (words[-1] in _PASSIVE or len(words) > 1 and words[-1].endswith("ly") and words[-2] in _PASSIVE)


def _actors(doc: "Document", start: int, end: int, category: str, demonyms: dict, entry_term: str = "") -> tuple[str, str]:
    """The agent and target of the term ``entry_term`` at ``text[start:end]``, or empty strings."""
    text = doc.text
    s_start, s_end = doc.sentence_at(start)
    words = text[max(s_start, start - 60):start].split()[-7:]
    after = text[end:min(s_end, end + 80)]
    headline = not _LOWER_WORD.search(text, s_start, s_end)
    gerund = text[start:end].lower().endswith("ing")
    agent = target = ""
    if entry_term in _FEELINGS:
        if headline:
            return "", ""
        if _passive(words) or category == "charged_adjective":  # "Moscow is exasperated with Tokyo's …"
            m = _ABOUT_AFTER.match(after)
            return _subject(words, gerund), (m["name"] if m else "")
        m = _OBJECT_AFTER.match(after)  # "… agitated Moscow": Moscow feels it
        return (m["name"] if m else ""), _subject(words, gerund)
    if category in _NOMINAL:
        agent = _possessor(words, demonyms)
        if headline:
            return agent, ""
        m = _BY_AFTER.match(after)
        agent = agent or (m["name"] if m else "")
        m = _AGAINST_AFTER.match(after)
        target = m["name"] if m else ""
    elif headline:
        return "", ""
    elif category == "charged_verb":
        if _passive(words):
            m = _BY_AFTER.match(after)
            agent, target = (m["name"] if m else ""), _subject(words, gerund)
        else:
            m = _OBJECT_AFTER.match(after) or _AGAINST_AFTER.match(after)
            agent, target = _subject(words, gerund), (m["name"] if m else "")
    elif category == "label":
        m = _NAME_AFTER.match(after)
        target = m["name"] if m else ""
    return agent, target


def _phrase_end(text: str, end: int, category: str) -> int:
    """End of the phrase a term colours: an intensifier or attributive adjective takes the next word."""
    if category in ("intensifier", "charged_adjective"):
        m = _NEXT_WORD.match(text, end)
        if m and (category == "intensifier" or m.group()[-2:] != "ly"):
            return m.end()
    return end


def matches(reading: "Reading") -> list[tuple[int, int, Entry]]:
    """Lexicon terms of the article as ``(start, phrase end, entry)``, in text order."""
    doc = reading.doc
    text = doc.text
    return [(m.start, _phrase_end(text, m.end, m.entry.category), m.entry)
            for m in reading.lexicons["loaded"].matcher.finditer(doc.lower, doc.vocabulary)]


def loaded_terms(reading: "Reading") -> list[LoadedTerm]:
    """Every lexicon term of the article with its agent and target where found (one per :func:`matches`)."""
    doc = reading.doc
    demonyms = reading.lexicons["demonyms"].entries
    return [LoadedTerm(start, end, entry, *_actors(doc, start, end, entry.category, demonyms, entry.term))
            for start, end, entry in reading.loaded_matches]


#: The span rules :func:`refine` applies, in order (each measured by grouped cross-validation in
#: ``tools/train_loaded_tagger.py --rules``).
RULES = ("names", "trim", "heads", "repeats")
# Words a span neither starts nor ends with ("and provocative displays", "if provoked").
_FUNCTION = frozenset(
    "a an the and or but if of in on at to for from by with as than that which who whom whose is are was were be been "
    "being has have had it its this these those their his her our".split()
)
_WORD_RE = re.compile(r"[\w'\u2019-]+")


def _possessive_or_demonym(word: str, demonyms: dict) -> bool:
    return word.endswith(_POSSESSIVE) and len(word) > 2 or word.lower() in demonyms


def refine(reading: "Reading", spans: list[tuple[int, int]], rules: tuple[str, ...] = RULES) -> list[tuple[int, int]]:
    """The tagger's spans made into phrases a reader would mark (rules named in :data:`RULES`).

    ``names``: a span of capitalised words holding no lexicon term is a name or a byline, not loaded
    ("Rothen", "inherently Japanese"), unless it stands in a title-case headline of 4+ words.
    ``trim``: function words at either end are dropped ("and provocative displays").
    ``heads``: a span runs to the end of the phrase of each lexicon term it holds ("provocative
    remarks") and, ending in a possessor or demonym, on to the noun it modifies ("exasperated with
    Tokyo's provocations").
    ``repeats``: a lexicon term tagged once is tagged wherever else the article uses it of a named
    actor (the headline's "Provocations", then the body's "Japan's provocations"); repeating it
    everywhere cost 0.005 F1 in cross-validation, as PTC marks only some occurrences.
    ``lone`` (not in :data:`RULES`: cross-validation did not keep it): a one-word span holding no lexicon term is dropped.
    """
    text = reading.doc.text
    matches = reading.loaded_matches
    term_starts = [m[0] for m in matches]
    out = []
    for start, end in spans:
        words = _WORD_RE.findall(text, start, end)
        if "trim" in rules:
            first, last = 0, len(words)
            while first < last and words[first].lower() in _FUNCTION:
                first += 1
            while last > first and words[last - 1].lower() in _FUNCTION:
                last -= 1
            if first == last:
                continue
            if first or last < len(words):  # (rare) where the kept words are
                found = list(_WORD_RE.finditer(text, start, end))
                start, end = found[first].start(), found[last - 1].end()
                words = words[first:last]
        k = bisect_left(term_starts, start)
        holds_term = k < len(term_starts) and term_starts[k] < end
        if "lone" in rules and len(words) == 1 and not holds_term:
            continue
        if "names" in rules and not holds_term and all(w[0].isupper() for w in words):
            s_start, s_end = reading.doc.sentence_at(start)
            title_case = not _LOWER_WORD.search(text, s_start, s_end) and len(text[s_start:s_end].split()) >= 4
            if not title_case:
                continue
        out.append((start, end))
    if "heads" in rules:
        demonyms = reading.lexicons["demonyms"].entries
        for k, (start, end) in enumerate(out):
            # a term's phrase ("provocative remarks") is marked whole
            for term_start, phrase_end, _ in matches[bisect_left(term_starts, start):bisect_left(term_starts, end)]:
                end = max(end, phrase_end)
            for _ in range(2):  # "Japan's latest provocations"
                last = text[max(start, end - 40):end].split()
                if not last or not _possessive_or_demonym(last[-1], demonyms):
                    break
                m = _NEXT_WORD.match(text, end) or _NEXT_CAPITAL.match(text, end)
                if not m or m.group().strip().lower() in _FUNCTION:
                    break
                end = m.end()
            out[k] = (start, end)
    if "repeats" in rules and out:
        span_starts = [a for a, _ in out]  # in text order, disjoint but for what "heads" ran together
        ends = [b for _, b in out]

        def inside(pos: int) -> bool:
            k = bisect_right(span_starts, pos) - 1
            return k >= 0 and pos < ends[k]

        tagged = {entry for start, _, entry in matches if inside(start)}
        out += [(term.start, term.end) for term in reading.loaded_terms
                if term.entry in tagged and (term.agent or term.target) and not inside(term.start)]
    out.sort()
    merged: list[tuple[int, int]] = []
    for start, end in out:  # "heads" may run a span into the next
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def loaded_spans(reading: "Reading", rules: tuple[str, ...] = RULES) -> list[tuple[int, int, LoadedTerm | None]]:
    """Spans of ``doc.text`` the tagger marks as loaded language, each with the lexicon term it holds (or None).

    A tagged span holding several terms is cut before each term after the
    first, so that every piece reports one term and its actors; the pieces
    cover the span.
    """
    doc = reading.doc
    matches = reading.loaded_matches
    terms = reading.loaded_terms
    spans = reading.tagger.spans(doc, [], reading.sentence_starts, reading.loaded_scores)
    spans = refine(reading, spans, rules)
    text = doc.text
    out = []
    i = 0
    for start, end in spans:
        while i < len(matches) and matches[i][0] < start:
            i += 1
        j = i
        while j < len(matches) and matches[j][0] < end:
            j += 1
        if i == j:
            out.append((start, end, None))
            continue
        cuts = [start] + [m[0] for m in matches[i + 1:j]] + [end]
        for k, term in enumerate(terms[i:j]):
            piece_end = cuts[k + 1]
            while text[piece_end - 1].isspace():
                piece_end -= 1
            out.append((cuts[k], piece_end, term))
        i = j
    return out
