"""Reporting verbs: the verbs by which the writer has people "say", "claim", "admit" or "warn" things.

The lexicon ``reporting_verbs`` sorts verbs into ``neutral`` and seven
``evaluative_*`` classes (see its header).  Negation does not cancel a verb:
"did not deny" is still the writer's choice of "deny".  Verbs inside direct
quotations are the speaker's words, not the writer's choice, and are left out.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from ..lexicons import Entry
    from .reading import Reading

# A verb form right after a determiner is a noun: "a warning", "his notes".
_new_verb = tuple.__new__  # a ReportingVerb without its Python-level __new__: one is built per verb
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|his|her|its|their|our|my|your|this|these|those|such|no|any|every|each)\s+$")


class ReportingVerb(NamedTuple):
    """One reporting verb in ``doc.text``; ``detail`` is its lexicon category."""

    start: int
    end: int
    entry: Entry
    detail: str


def reporting_verbs(reading: "Reading") -> list[ReportingVerb]:
    """The reporting verbs of the article outside quotations, in text order."""
    lower = reading.lower
    quoted = reading.is_quoted if reading.quoted_spans else None
    return [
        _new_verb(ReportingVerb, (m.start, m.end, m.entry, m.entry.category))
        for m in reading.lexicons["reporting_verbs"].matcher.finditer(lower, reading.doc.vocabulary)
        # the determiner ends in white space: where none stands before the verb, no search
        if not (m.start and lower[m.start - 1].isspace() and _DETERMINER_BEFORE.search(lower, max(0, m.start - 7), m.start))
        and not (quoted and quoted(m.start))
    ]
