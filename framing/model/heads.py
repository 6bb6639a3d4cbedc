"""Prediction from a bundle's stored arrays: numpy only, no scikit-learn.

A head's score for a label is ``intercept + coef_f · x_f + coef_t · tfidf``
where ``x_f`` are the feature-layer values standardised with the training
mean and scale (clipped), and ``tfidf`` the article's n-gram weights.  Heads
with the same n-gram settings share one vocabulary and one vectorisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, NamedTuple

import numpy as np

from .bundle import BundleError, read_bundle
from .multilabel import chosen_labels
from .ngrams import Vocabulary, tfidf


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
        if self.multilabel:
            return 1.0 / (1.0 + np.exp(-z))
        e = np.exp(z - z.max())
        return e / e.sum()

    def decide(self, p: np.ndarray) -> str | list[str]:
        """The label (single-label) or the labels at or over their thresholds (multi-label).

        Multi-label heads trained with ``min_labels`` also give the article its
        ``min_labels`` most likely labels (see :func:`~framing.model.multilabel.chosen_labels`).
        """
        if self.multilabel:
            on = chosen_labels(p, self.thresholds, self.min_labels)
            return [label for label, yes in zip(self.labels, on) if yes]
        return self.labels[int(np.argmax(p))]


class Model:
    """A loaded bundle: its heads and their shared vocabularies.

    Use :func:`load` (or :func:`framing.load_model`) rather than the constructor.
    """

    def __init__(self, meta: dict[str, Any], arrays: Mapping[str, np.ndarray], json_files: Mapping[str, Any], path: Path):
        self.meta = meta
        self.path = path
        self.card = json_files.get("card.json", {})
        self.vectorizers: dict[str, Vocabulary] = {}
        for key, spec in meta["vectorizers"].items():
            settings = (tuple(spec["word_ngrams"]), tuple(spec["char_ngrams"]) if spec["char_ngrams"] else None)
            self.vectorizers[key] = Vocabulary(json_files[spec["file"]], settings)
        self.heads: dict[str, Head] = {}
        for name, spec in meta["heads"].items():
            a = {k.split(".", 1)[1]: v for k, v in arrays.items() if k.split(".", 1)[0] == name}
            self.heads[name] = Head(
                name=name, multilabel=spec["multilabel"], labels=spec["labels"],
                priors=np.asarray(spec["priors"], dtype=np.float64),
                thresholds=np.asarray(spec["thresholds"]) if spec.get("thresholds") else None,
                feature_names=spec["feature_names"], mean=a["mean"], scale=a["scale"],
                clip=spec["hyperparameters"]["clip"], feature_weight=spec["hyperparameters"]["feature_weight"],
                vectorizer=spec["vectorizer"], sublinear_tf=spec["hyperparameters"]["sublinear_tf"],
                idf=a["idf"], coef_features=a["coef_features"].astype(np.float64),
                coef_terms=a["coef_terms"], intercept=a["intercept"],
                min_labels=spec["hyperparameters"].get("min_labels", 0), info=spec,  # older bundles: none
            )

        # stance models are rebuilt on first use: their code is not needed to score articles
        self._stance = {
            name: (spec, {k.split(".", 1)[1]: v for k, v in arrays.items() if k.split(".", 1)[0] == name},
                   {f: json_files[f] for f in spec.get("files", [])})
            for name, spec in meta.get("stance", {}).items()
        }
        self._built: dict[str, Any] = {}

    def stance_model(self, kind: str) -> Any:
        """The bundle's ``"claim_stance"`` or ``"actor_stance"`` model, or None if it has none.

        Raises
        ------
        BundleError
            If the stored model does not fit this version of framing.
        """
        name = next((n for n, (spec, _, _) in self._stance.items() if spec["kind"] == kind), None)
        if name is None:
            return None
        if name not in self._built:
            from .components import load_component

            try:
                self._built[name] = load_component(*self._stance[name])
            except (KeyError, TypeError, ValueError) as err:
                raise BundleError(f"model bundle {self.path}: stance model {name!r} is inconsistent ({type(err).__name__}: {err})") from None
        return self._built[name]

    @property
    def claim_stance(self) -> Any:
        """The claim-stance model (:class:`framing.claims.StanceModel`), or None."""
        return self.stance_model("claim_stance")

    @property
    def actor_stance(self) -> Any:
        """The actor-stance model (:class:`framing.actors.StanceModel`), or None."""
        return self.stance_model("actor_stance")

    def term(self, vectorizer: str, column: int) -> str:
        """The n-gram of a vocabulary column."""
        return self.vectorizers[vectorizer].terms[column]

    def feature_names(self) -> list[str]:
        """Feature-layer values some head reads, in first-use order."""
        return list(dict.fromkeys(n for h in self.heads.values() for n in h.feature_names))

    def read(self, values: Mapping[str, float], words: list[str]) -> dict[str, HeadInput]:
        """Every head's inputs for one article (one n-gram pass per vectoriser)."""
        counted = {key: vocabulary.count(words) for key, vocabulary in self.vectorizers.items()}
        return {name: head.read(values, *counted[head.vectorizer]) for name, head in self.heads.items()}


def load(path: str | Path) -> Model:
    """Load and verify the bundle in folder ``path``.

    Raises
    ------
    BundleError
        Missing, incomplete, altered or incompatible bundle (see :func:`read_bundle`).
    """
    path = Path(path)
    meta, arrays, json_files = read_bundle(path)
    try:
        return Model(meta, arrays, json_files, path)
    except (KeyError, TypeError, ValueError) as err:
        raise BundleError(f"model bundle {path} is incomplete or inconsistent ({type(err).__name__}: {err})") from None
