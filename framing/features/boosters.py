"""Boosters: how often the article asserts certainty or emphasis ("clearly", "no doubt")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import FeatureFamily, count_names, count_values

if TYPE_CHECKING:
    from ..reading import Reading


class Boosters(FeatureFamily):
    """Booster counts and rates, overall and per category (lexicon ``boosters``).

    A booster under negation is counted as a hedge instead (see :mod:`framing.reading.certainty`).
    """

    name = "booster"

    def feature_names(self) -> list[str]:
        return count_names(self.name, self.lexicons["boosters"].categories)

    def extract(self, reading: "Reading"):
        evidence = [
            reading.evidence(self.name, c.start, c.end, c.detail, term=c.entry.term)
            for c in reading.certainty_cues
            if c.family == "booster"
        ]
        return count_values(self.name, self.lexicons["boosters"].categories, evidence, reading.n_tokens), evidence
