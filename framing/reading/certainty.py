"""The shared pass behind hedges and boosters: find both, then settle their context.

Hedges and boosters are found together because each decides the other: a
booster phrase swallows the hedge inside it ("without doubt" is no hedge), and
negation turns a booster into a hedge ("not clear") and cancels a hedge
("could not contain", "does not suggest").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from ..lexicons import Entry
    from ..text import Document
    from .reading import Reading

# Negators that scope over the next few words of the same clause.
_NEGATOR = re.compile(r"(?<!\w)(?:not|no|never|without|hardly|scarcely|nor|neither|cannot|n't)(?!\w)|n't(?!\w)")
_CLAUSE_BREAK = re.compile(r"[,;:()\"]| - |\bbut\b|\band\b")
_NEGATION_WINDOW = 3  # words before the cue
_NUMBER_AFTER = re.compile(r"\s+(?:\$|£|€)?(?:\d|(?:a |one |two |three |four |five |six |seven |eight |nine |ten |a few |a dozen |dozens |hundreds |thousands |half |a third |a quarter )|(?:hundred|thousand|million|billion|dozen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b)")
_NEEDS_NUMBER = frozenset({"about", "around", "some", "up to"})
_INABILITY = re.compile(r"\s+(?:not\b|n't\b)")
_CAN_MODALS = frozenset({"could", "couldn't"})
# "May" the month and "might" the noun ("the might of", "Military Might").
_MONTH_OR_NOUN_AFTER = re.compile(r"\s*(?:\d|of\b)")
_NOUN_BEFORE = re.compile(r"(?:\b(?:the|its|his|her|their|our|your|military|economic|full|all|with|in|of|this|next|last|early|late|mid)\s+)$")


class Cue(NamedTuple):
    start: int
    end: int
    entry: Entry
    family: str  # "hedge" or "booster", after context
    detail: str


def _negated(lower: str, start: int, sentence_start: int) -> bool:
    window_start = max(sentence_start, start - 60)
    before = lower[window_start:start]
    # Only the last few words (with the space before them) can count: a clause
    # break further back leaves them as they are, so it need not be looked for.
    head = before.rsplit(None, _NEGATION_WINDOW)
    if len(head) > _NEGATION_WINDOW:
        before = before[len(head[0]):]
    if not _NEGATOR.search(before):  # the usual case; clause breaks only take words away
        return False
    breaks = list(_CLAUSE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].end():]
    words = before.split()[-_NEGATION_WINDOW:]
    return bool(words) and bool(_NEGATOR.search(" ".join(words)))


def _month_or_noun(doc: "Document", lower: str, start: int, end: int) -> bool:
    if doc.text[start].isupper() and doc.sentence_at(start)[0] != start:
        return True
    return bool(_MONTH_OR_NOUN_AFTER.match(lower, end) or _NOUN_BEFORE.search(lower, max(0, start - 20), start))


def certainty_cues(reading: "Reading") -> list[Cue]:
    """Hedge and booster cues of the article after overlap and negation are settled, in text order."""
    doc, lexicons = reading.doc, reading.lexicons
    lower = doc.lower
    found = [(m, "hedge") for m in lexicons["hedges"].matcher.finditer(lower, doc.vocabulary)]
    found += [(m, "booster") for m in lexicons["boosters"].matcher.finditer(lower, doc.vocabulary)]
    # Longest first at each start; a cue inside a kept cue is part of it.
    found.sort(key=lambda x: (x[0].start, -(x[0].end - x[0].start)))
    cues: list[Cue] = []
    last_end = -1
    for m, family in found:
        if m.start < last_end:
            continue
        entry = m.entry
        term = lower[m.start:m.end]
        if family == "hedge":
            if entry.term in _NEEDS_NUMBER and not _NUMBER_AFTER.match(lower, m.end):
                continue
            if entry.term in ("may", "might") and _month_or_noun(doc, lower, m.start, m.end):
                continue
            if entry.term in _CAN_MODALS and (term.endswith("n't") or _INABILITY.match(lower, m.end)):
                continue
        negatable = not _NEGATOR.search(term)
        if negatable and _negated(lower, m.start, doc.sentence_at(m.start)[0]):
            if family == "hedge":
                continue
            family, detail = "hedge", "negated_booster"
        else:
            detail = entry.category
        cues.append(Cue(m.start, m.end, entry, family, detail))
        last_end = m.end
    return cues
