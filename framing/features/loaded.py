"""Loaded language: charged words, name-calling labels and intensifiers, and who they are about.

The spans, their lexicon terms and the actors behind them are found by
:mod:`framing.reading.loaded` (a tagger over the ``loaded`` lexicon); this family counts them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..reading.loaded import TAGGED
from .base import FeatureFamily, count_names, count_values, share

if TYPE_CHECKING:
    from ..reading import Reading


class LoadedLanguage(FeatureFamily):
    """Loaded-language counts and rates, overall and per category.

    Evidence is a span the tagger marks (or a piece of it, one per lexicon
    term); its detail is the category of the ``loaded`` lexicon term inside (``charged_verb``, ``charged_noun``,
    ``charged_adjective``, ``charged_adverb``, ``label``, ``intensifier``) or
    ``tagged`` when it holds none; attrs give the lexicon ``term`` and, where
    found, its ``agent`` and ``target``.  Besides the counts,
    ``loaded.with_actor.share`` is the share of spans whose agent or target was found.
    """

    name = "loaded"

    def _details(self) -> list[str]:
        return self.lexicons["loaded"].categories + [TAGGED]

    def feature_names(self) -> list[str]:
        return count_names(self.name, self._details()) + [f"{self.name}.with_actor.share"]

    def extract(self, reading: "Reading"):
        evidence = []
        with_actor = 0
        for start, end, term in reading.loaded_spans:
            if term is None:
                evidence.append(reading.evidence(self.name, start, end, TAGGED))
                continue
            actors = {k: v for k, v in (("agent", term.agent), ("target", term.target)) if v}
            with_actor += bool(actors)
            evidence.append(reading.evidence(self.name, start, end, term.entry.category, term=term.entry.term, **actors))
        values = count_values(self.name, self._details(), evidence, reading.n_tokens)
        values[f"{self.name}.with_actor.share"] = share(with_actor, len(evidence))
        return values, evidence
