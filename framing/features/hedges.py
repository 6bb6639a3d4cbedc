"""Hedges: how often the article withholds commitment ("may", "reportedly", "about 100")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import FeatureFamily, count_names, count_values

if TYPE_CHECKING:
    from ..reading import Reading


class Hedges(FeatureFamily):
    """Hedge counts and rates, overall and per category (lexicon ``hedges``).

    Negated hedges are not counted; negated boosters ("not clear") are, with
    detail ``negated_booster``.
    """

    name = "hedge"

    def _details(self) -> list[str]:
        return self.lexicons["hedges"].categories + ["negated_booster"]

    def feature_names(self) -> list[str]:
        return count_names(self.name, self._details())

    def extract(self, reading: "Reading"):
        evidence = [
            reading.evidence(self.name, c.start, c.end, c.detail, term=c.entry.term)
            for c in reading.certainty_cues
            if c.family == "hedge"
        ]
        return count_values(self.name, self._details(), evidence, reading.n_tokens), evidence
