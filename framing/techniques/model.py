"""Persuasion techniques per paragraph: a multi-label linear head over paragraph inputs (numpy only).

The stored part is a :class:`~framing.model.heads.Head` (one sigmoid per technique over the
paragraph's :data:`~.inputs.INPUT_NAMES` values and its word n-gram TF-IDF) with its own
vocabulary, trained by :mod:`framing.training.techniques` from a ``kind = "techniques"``
manifest and stored in the bundle; explanations come from the head as for the other heads.
"""

from __future__ import annotations

from typing import Any, NamedTuple, Sequence

import numpy as np

from ..evidence import Evidence
from ..model.heads import Head, HeadInput
from ..model.ngrams import NgramVocabulary
from ..model.schema import Part
from .inputs import INPUT_NAMES


class TechniqueReason(NamedTuple):
    """An input that pushed a technique up in a paragraph: a dense input's name or an n-gram, and its weight."""

    name: str
    kind: str
    weight: float


class TechniquesModel:
    """The techniques head and its vocabulary (see the module docstring).

    Use :meth:`from_part` (a bundle's stored part) rather than the constructor.
    """

    def __init__(self, head: Head, vocabulary: NgramVocabulary):
        self.head, self.vocabulary = head, vocabulary

    @property
    def labels(self) -> list[str]:
        return self.head.labels

    @classmethod
    def from_part(cls, part: Part) -> "TechniquesModel":
        spec = part.spec
        if list(spec["feature_names"]) != list(INPUT_NAMES):
            raise ValueError("the stored techniques model reads other paragraph inputs than this version computes")
        vocabulary = NgramVocabulary(part.files[spec["vocabulary"]], (tuple(spec["word_ngrams"]), None))
        return cls(Head.from_spec(part.name, {**spec, "vectorizer": spec["vocabulary"]}, part.arrays), vocabulary)

    def inputs(self, dense: np.ndarray, words: Sequence[Sequence[str]]) -> list[HeadInput]:
        """Each paragraph's head inputs from its dense row and its words."""
        return [self.head.read(dict(zip(INPUT_NAMES, row)), *self.vocabulary.count(list(w))) for row, w in zip(dense, words)]

    def probabilities(self, x: HeadInput) -> np.ndarray:
        return self.head.probabilities(x)

    def decide(self, p: np.ndarray) -> list[str]:
        return self.head.decide(p)

    def reasons(self, x: HeadInput, technique: str, top: int = 5) -> list[TechniqueReason]:
        """The inputs that pushed ``technique`` up most in a paragraph (positive weights only)."""
        n_f = len(self.head.feature_names)
        out = []
        for i, weight in self.head.strongest(x, technique, top * 2):
            if weight <= 0:
                continue
            if i < n_f:
                out.append(TechniqueReason(self.head.feature_names[i], "feature", weight))
            else:
                out.append(TechniqueReason(self.vocabulary.terms[int(x.columns[i - n_f])], "ngram", weight))
            if len(out) == top:
                break
        return out


class ParagraphTechniques(NamedTuple):
    """The persuasion techniques of one paragraph.

    Attributes
    ----------
    start, end : int
        The paragraph, as offsets into the caller's text.
    techniques : list of str
        The techniques at or over the model's threshold, most likely first.
    probabilities : dict
        Technique → probability, for every technique the model knows.
    evidence : dict
        Technique (of ``techniques``) → the spans of the paragraph behind it: the
        feature-layer evidence of the inputs that pushed it most, and the occurrences of
        its strongest n-grams.
    reasons : dict
        Technique → the inputs that pushed it most (:class:`TechniqueReason`).
    """

    start: int
    end: int
    techniques: list[str]
    probabilities: dict[str, float]
    evidence: dict[str, list[Evidence]]
    reasons: dict[str, list[TechniqueReason]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start, "end": self.end, "techniques": list(self.techniques),
            "probabilities": {k: round(v, 6) for k, v in self.probabilities.items()},
            "evidence": {k: [e.to_dict() for e in v] for k, v in self.evidence.items()},
            "reasons": {k: [{"name": r.name, "kind": r.kind, "weight": round(r.weight, 6)} for r in v] for k, v in self.reasons.items()},
        }
