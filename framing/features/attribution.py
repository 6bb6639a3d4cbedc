"""Sourcing: whom the article hands its claims to, and how identifiable they are.

Every attribution (found by :mod:`framing.reading.attribution`) is ``named``,
``anonymous``, ``relayed`` (through another outlet: "according to Sohu") or
``vague`` ("observers believe"); this family counts them and their shares.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..reading.attribution import DETAILS
from .base import FeatureFamily, count_names, count_values, share

if TYPE_CHECKING:
    from ..reading import Reading


class Attributions(FeatureFamily):
    """How claims are sourced: named, anonymous, relayed or vague.

    Values: ``attribution.count`` and ``.per_1k``; per kind ``.count``,
    ``.per_1k`` and ``.share`` (of all attributions), e.g.
    ``attribution.relayed.share``.  Evidence: one span per attribution
    (source and cue), detail = kind, attributes ``source`` (the person, outlet
    or phrase), ``role`` (title or apposition, where given) and ``cue``.
    """

    name = "attribution"

    def feature_names(self) -> list[str]:
        return count_names(self.name, DETAILS) + [f"{self.name}.{d}.share" for d in DETAILS]

    def extract(self, reading: "Reading"):
        evidence = []
        for a in reading.attributions:
            attrs = {"source": a.source, "cue": a.cue}
            if a.role:
                attrs["role"] = a.role
            evidence.append(reading.evidence(self.name, a.start, a.end, a.detail, **attrs))
        values = count_values(self.name, DETAILS, evidence, reading.n_tokens)
        for d in DETAILS:
            values[f"{self.name}.{d}.share"] = share(values[f"{self.name}.{d}.count"], len(evidence))
        return values, evidence
