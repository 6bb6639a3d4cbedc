"""Reporting verbs: whether the article has people "say" things or "claim", "admit", "warn" them.

The verb a writer picks to report speech frames the speaker (Bergler 1992):
"said" only reports, "claimed" withholds the writer's commitment, "admitted"
presents the content as true and the speaker as giving ground, "warned"
announces danger.  The lexicon ``reporting_verbs`` sorts verbs into
``neutral`` and seven ``evaluative_*`` classes (see its header).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from ..lexicons import Entry
from .base import FeatureFamily, count_names, count_values, per_1k, share
from .quotemarks import is_quoted, quoted_spans

if TYPE_CHECKING:
    from ..lexicons import LexiconSet
    from ..text import Document

NEUTRAL = "neutral"
EVALUATIVE = "evaluative"
# A verb form right after a determiner is a noun: "a warning", "his notes".
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|his|her|its|their|our|my|your|this|these|those|such|no|any|every|each)\s+$")


class ReportingVerb(NamedTuple):
    """One reporting verb in ``doc.text``; ``detail`` is its lexicon category."""

    start: int
    end: int
    entry: Entry
    detail: str


def reporting_verbs(doc: "Document", lexicons: "LexiconSet") -> list[ReportingVerb]:
    """The reporting verbs of ``doc`` in text order (cached on ``doc``, shared with the sourcing families).

    Negation does not cancel a verb: "did not deny" is still the writer's choice
    of "deny".  Verbs inside direct quotations are the speaker's words, not the
    writer's choice, and are left out.
    """
    cached = doc.cache.get("reporting_verbs")
    if cached is not None:
        return cached
    lower = doc.lower
    quoted = quoted_spans(doc)
    starts = [s for s, _ in quoted]
    verbs = [
        ReportingVerb(m.start, m.end, m.entry, m.entry.category)
        for m in lexicons["reporting_verbs"].matcher.finditer(lower, doc.vocabulary)
        if not _DETERMINER_BEFORE.search(lower, max(0, m.start - 7), m.start) and not is_quoted(quoted, starts, m.start)
    ]
    doc.cache["reporting_verbs"] = verbs
    return verbs


class ReportingVerbs(FeatureFamily):
    """Reporting-verb counts and rates per class, and the share of evaluative verbs.

    Values: ``report_verb.count`` and ``.per_1k``; per class
    (``report_verb.neutral.count``, ``report_verb.evaluative_alarm.per_1k``…);
    and ``report_verb.evaluative.count``, ``.per_1k`` and ``.share`` (evaluative
    verbs among all reporting verbs), the figure that says how much the
    writer's verbs judge the people quoted.  Evidence: one span per verb,
    detail = class, attribute ``term`` = the lexicon entry.
    """

    name = "report_verb"

    def _details(self) -> list[str]:
        return self.lexicons["reporting_verbs"].categories

    def feature_names(self) -> list[str]:
        prefix = f"{self.name}.{EVALUATIVE}"
        return count_names(self.name, self._details()) + [f"{prefix}.count", f"{prefix}.per_1k", f"{prefix}.share"]

    def extract(self, doc):
        verbs = reporting_verbs(doc, self.lexicons)
        evidence = [doc.evidence(self.name, v.start, v.end, v.detail, term=v.entry.term) for v in verbs]
        values = count_values(self.name, self._details(), evidence, doc.n_tokens)
        evaluative = sum(v.detail != NEUTRAL for v in verbs)
        prefix = f"{self.name}.{EVALUATIVE}"
        values[f"{prefix}.count"] = float(evaluative)
        values[f"{prefix}.per_1k"] = per_1k(evaluative, doc.n_tokens)
        values[f"{prefix}.share"] = share(evaluative, len(verbs))
        return values, evidence
