"""Reporting verbs: whether the article has people "say" things or "claim", "admit", "warn" them.

The verb a writer picks to report speech frames the speaker (Bergler 1992):
"said" only reports, "claimed" withholds the writer's commitment, "admitted"
presents the content as true and the speaker as giving ground, "warned"
announces danger.  The verbs are found by :mod:`framing.reading.reporting`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import FeatureFamily, count_names, count_values, per_1k, share

if TYPE_CHECKING:
    from ..reading import Reading

NEUTRAL = "neutral"
EVALUATIVE = "evaluative"


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

    def extract(self, reading: "Reading"):
        verbs = reading.reporting_verbs
        evidence = [reading.evidence(self.name, v.start, v.end, v.detail, term=v.entry.term) for v in verbs]
        values = count_values(self.name, self._details(), evidence, reading.n_tokens)
        evaluative = sum(v.detail != NEUTRAL for v in verbs)
        prefix = f"{self.name}.{EVALUATIVE}"
        values[f"{prefix}.count"] = float(evaluative)
        values[f"{prefix}.per_1k"] = per_1k(evaluative, reading.n_tokens)
        values[f"{prefix}.share"] = share(evaluative, len(verbs))
        return values, evidence
