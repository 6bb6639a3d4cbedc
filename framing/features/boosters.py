"""Boosters: how often the article asserts certainty or emphasis ("clearly", "no doubt")."""

from __future__ import annotations

from .base import FeatureFamily, count_names, count_values
from .certainty import certainty_cues


class Boosters(FeatureFamily):
    """Booster counts and rates, overall and per category (lexicon ``boosters``).

    A booster under negation is counted as a hedge instead (see :mod:`.certainty`).
    """

    name = "booster"

    def feature_names(self) -> list[str]:
        return count_names(self.name, self.lexicons["boosters"].categories)

    def extract(self, doc):
        evidence = [
            doc.evidence(self.name, c.start, c.end, c.detail, term=c.entry.term)
            for c in certainty_cues(doc, self.lexicons)
            if c.family == "booster"
        ]
        return count_values(self.name, self.lexicons["boosters"].categories, evidence, doc.n_tokens), evidence
