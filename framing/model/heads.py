"""A head of a bundle: one prediction task, its stored weights, and how they explain a score (numpy only).

A head's score for a label is ``intercept + coef_f · x_f + coef_t · tfidf``
where ``x_f`` are the feature-layer values standardised with the training
mean and scale (clipped), and ``tfidf`` the article's n-gram weights.  Heads
with the same n-gram settings share one vocabulary and one vectorisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, NamedTuple

import numpy as np

from .linear import sigmoid, softmax
from .multilabel import chosen_labels
from .ngrams import tfidf


class HeadInput(NamedTuple):
    """What a head read in one article: standardised features, n-gram columns and weights."""

    features: np.ndarray
    columns: np.ndarray
    weights: np.ndarray


@dataclass
class Head:
    """One prediction task of a bundle (see ``bundle.json`` for the meaning of each field)."""

    name: str
    multilabel: bool
    labels: list[str]
    priors: np.ndarray
    thresholds: np.ndarray | None
    feature_names: list[str]
    mean: np.ndarray
    scale: np.ndarray
    clip: float
    feature_weight: float
    vectorizer: str
    sublinear_tf: bool
    idf: np.ndarray
    coef_features: np.ndarray
    coef_terms: np.ndarray
    intercept: np.ndarray
    min_labels: int
    info: dict[str, Any]

    @classmethod
    def from_spec(cls, name: str, spec: Mapping[str, Any], arrays: Mapping[str, np.ndarray]) -> "Head":
        """The head stored as ``spec`` (its ``bundle.json`` entry) and ``arrays`` (keys without its prefix)."""
        hyper = spec["hyperparameters"]
        return cls(
            name=name, multilabel=spec["multilabel"], labels=spec["labels"],
            priors=np.asarray(spec["priors"], dtype=np.float64),
            thresholds=np.asarray(spec["thresholds"]) if spec.get("thresholds") else None,
            feature_names=spec["feature_names"], mean=arrays["mean"], scale=arrays["scale"],
            clip=hyper["clip"], feature_weight=hyper["feature_weight"],
            vectorizer=spec["vectorizer"], sublinear_tf=hyper["sublinear_tf"],
            idf=arrays["idf"], coef_features=arrays["coef_features"].astype(np.float64),
            coef_terms=arrays["coef_terms"], intercept=arrays["intercept"],
            min_labels=hyper.get("min_labels", 0), info=dict(spec),  # older bundles: no min_labels
        )

    def __post_init__(self):
        # Column-major: an article reads a few hundred term columns, each then one contiguous run
        # of label weights instead of one value per label row (rows lie 300 KB apart).
        self.coef_terms = np.asfortranarray(self.coef_terms)

    def read(self, values: Mapping[str, float], columns: np.ndarray, counts: np.ndarray) -> HeadInput:
        """This head's inputs from feature values and the shared n-gram counts."""
        x = np.fromiter((values[n] for n in self.feature_names), dtype=np.float64, count=len(self.feature_names))
        x = np.clip((x - self.mean) / self.scale, -self.clip, self.clip) * self.feature_weight
        if len(self.idf):
            weights = tfidf(counts, self.idf[columns], self.sublinear_tf)
        else:
            columns, weights = columns[:0], counts[:0]
        return HeadInput(x, columns, weights)

    def decision(self, x: HeadInput) -> np.ndarray:
        z = self.intercept + self.coef_features @ x.features
        if len(x.columns):
            z = z + self.coef_terms[:, x.columns] @ x.weights
        return z

    def probabilities(self, x: HeadInput) -> np.ndarray:
        """Probability per label: softmax (single-label) or one sigmoid per label."""
        z = self.decision(x)
        return sigmoid(z) if self.multilabel else softmax(z)

    def decide(self, p: np.ndarray) -> str | list[str]:
        """The label (single-label) or the labels at or over their thresholds (multi-label).

        Multi-label heads trained with ``min_labels`` also give the article its
        ``min_labels`` most likely labels (see :func:`~framing.model.multilabel.chosen_labels`).
        """
        if self.multilabel:
            on = chosen_labels(p, self.thresholds, self.min_labels)
            return [label for label, yes in zip(self.labels, on) if yes]
        return self.labels[int(np.argmax(p))]

    def contributions(self, x: HeadInput, label: str) -> np.ndarray:
        """Coefficient × input toward ``label`` for each input the article gave: the feature
        values first (in :attr:`feature_names` order), then its n-grams (in ``x.columns`` order)."""
        row = self.labels.index(label)
        return np.concatenate([self.coef_features[row] * x.features, self.coef_terms[row, x.columns] * x.weights])

    def strongest(self, x: HeadInput, label: str, top: int) -> list[tuple[int, float]]:
        """The ``top`` inputs that pushed ``label`` most (by absolute weight, ties in input order),
        as ``(index into contributions, weight)``, without the inputs that weigh nothing."""
        weights = self.contributions(x, label)
        order = np.argsort(-np.abs(weights), kind="stable")[:top]
        out = []
        for i in order:
            if weights[i] == 0:
                break
            out.append((int(i), float(weights[i])))
        return out
