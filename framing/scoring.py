"""Score articles with a trained bundle: label probabilities per head, and why.

    >>> from framing import score
    >>> s = score(text)                       # the shipped default model
    >>> s.labels["ideology"], s.heads["ideology"]
    >>> s.explain("ideology", top=5)          # what pushed the score, with spans

Scoring needs numpy only (no scikit-learn), so it starts fast.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable, NamedTuple, Sequence, Union

import numpy as np

from .features import Evidence, default_extractor
from .gc_pause import gc_paused
from .model.bundle import BundleError
from .model.predict import HeadInput, Model, load
from .model.progress import progress
from .text import Document, prepare

ModelRef = Union[Model, str, os.PathLike, None]
_PACKAGE = Path(__file__).resolve().parent
_loaded: dict[tuple[Path, int], Model] = {}


class Reason(NamedTuple):
    """One input's push on a label's score.

    Attributes
    ----------
    name : str
        A feature name (``hedge.per_1k``) or an n-gram (``"border dispute"``).
    kind : str
        ``"feature"`` or ``"ngram"``.
    value : float
        The input as the model saw it: standardised feature value, or TF-IDF weight.
    weight : float
        Coefficient × value: positive pushes towards the label.
    evidence : list of Evidence
        Spans of the text behind the input (the feature's evidence, the n-gram's occurrences).
    """

    name: str
    kind: str
    value: float
    weight: float
    evidence: list[Evidence]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "value": round(self.value, 6), "weight": round(self.weight, 6),
                "evidence": [e.to_dict() for e in self.evidence]}


@dataclass
class Score:
    """What a model says about one article.

    Attributes
    ----------
    heads : dict
        Head → label → probability (single-label heads sum to 1).
    labels : dict
        Head → the label (single-label) or list of labels (multi-label).
    features : dict
        Feature-layer values (name → float).
    evidence : list of Evidence
        Feature-layer evidence, in text order.
    empty : bool
        The text has no words: probabilities are the training priors.
    claims : dict
        Claim → :class:`~framing.claims.StanceResult`: the article's stance toward
        each claim passed to :func:`score` (empty if none was).
    """

    heads: dict[str, dict[str, float]]
    labels: dict[str, Union[str, list[str]]]
    features: dict[str, float]
    evidence: list[Evidence]
    empty: bool = False
    claims: dict[str, Any] = field(default_factory=dict)
    _model: Model | None = field(default=None, repr=False)
    _doc: Document | None = field(default=None, repr=False)
    _inputs: dict[str, HeadInput] = field(default_factory=dict, repr=False)

    def explain(self, head: str, label: str | None = None, top: int = 10) -> list[Reason]:
        """The inputs that pushed ``label``'s score most (by absolute weight).

        Parameters
        ----------
        head : str
        label : str, optional
            Default: the predicted label (multi-label: the most probable).
        top : int
            How many reasons.
        """
        if self._model is None or head not in self._model.heads:
            raise KeyError(f"no head {head!r}; heads: {list(self.heads)}")
        h = self._model.heads[head]
        label = label or max(self.heads[head], key=self.heads[head].get)
        if label not in h.labels:
            raise KeyError(f"head {head!r} has no label {label!r}; labels: {h.labels}")
        if self.empty:
            return []
        row = h.labels.index(label)
        x = self._inputs[head]
        weights = np.concatenate([h.coef_features[row] * x.features, h.coef_terms[row, x.columns] * x.weights])
        order = np.argsort(-np.abs(weights), kind="stable")[:top]
        n_f = len(h.feature_names)
        reasons = []
        for i in order:
            if weights[i] == 0:
                break
            if i < n_f:
                name = h.feature_names[i]
                reasons.append(Reason(name, "feature", float(x.features[i]), float(weights[i]), self._feature_evidence(name)))
            else:
                term = self._model.term(h.vectorizer, int(x.columns[i - n_f]))
                reasons.append(Reason(term, "ngram", float(x.weights[i - n_f]), float(weights[i]), self._ngram_evidence(term)))
        return reasons

    @property
    def document(self) -> Document | None:
        """The cleaned article the score was computed from (None for a score built by hand)."""
        return self._doc

    @cached_property
    def actors(self) -> list:
        """Actors of the article with mentions, voice, loaded-language roles and stance.

        Computed on first use (it costs a few milliseconds): see
        :func:`framing.actors.analyze_actors`.  Stance comes from the model's
        actor-stance model; a model without one gives actors no stance.
        """
        from .actors import analyze_actors
        from .features import Features

        if self._doc is None:
            return []
        return analyze_actors(self._doc, features=Features(self.features, self.evidence), stance_model=self._model)

    def to_html(self, title: str = "Article") -> str:
        """This score as a self-contained HTML page (see :func:`framing.report.render_html`)."""
        from .report import render_html

        return render_html(self, titles=[title])

    def _feature_evidence(self, name: str) -> list[Evidence]:
        parts = name.split(".")
        detail = parts[1] if len(parts) > 2 else None
        return [e for e in self.evidence if e.kind == parts[0] and (detail is None or e.detail == detail)]

    def _ngram_evidence(self, term: str) -> list[Evidence]:
        doc = self._doc
        starts, ends = doc.tokens
        words = doc.words
        if term.startswith("#"):  # a character n-gram: the words that hold it
            gram = term[1:]
            hits = [(i, i) for i, w in enumerate(words) if gram in f" {w} "]
        else:
            parts = term.split(" ")
            n = len(parts)
            hits = [(i, i + n - 1) for i in range(len(words) - n + 1) if words[i:i + n] == parts]
        return [doc.evidence("ngram", int(starts[a]), int(ends[b]), term) for a, b in hits]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict of everything but the explanations (actors included)."""
        return {
            "heads": self.heads, "labels": self.labels, "empty": self.empty,
            "features": self.features, "evidence": [e.to_dict() for e in self.evidence],
            "actors": [a.to_dict() for a in self.actors],
            "claims": {claim: result.to_dict() for claim, result in self.claims.items()},
        }


def model_paths(name: str = "default") -> list[Path]:
    """Where a bundle called ``name`` is looked for: shipped with the package, then the source checkout."""
    return [_PACKAGE / "bundled" / name, _PACKAGE.parent / "models" / name]


def load_model(model: ModelRef = None) -> Model:
    """A loaded, verified bundle (cached per folder until its ``bundle.json`` changes).

    Parameters
    ----------
    model : Model, str or path, optional
        A folder, the name of a shipped bundle (``"default"``), or a loaded
        model.  None: the default bundle.

    Raises
    ------
    BundleError
        If no bundle is found, or it is incomplete, altered, incompatible, or
        needs feature values this version of framing does not compute.
    """
    if isinstance(model, Model):
        return model
    ref = "default" if model is None else model
    candidates = [Path(ref)] if isinstance(ref, os.PathLike) or os.sep in str(ref) or Path(ref).is_dir() else model_paths(str(ref))
    path = next((p for p in candidates if p.is_dir()), None)
    if path is None:
        raise BundleError(f"no model bundle {str(ref)!r}; looked in {', '.join(map(str, candidates))}")
    path = path.resolve()
    manifest = path / "bundle.json"
    key = (path, manifest.stat().st_mtime_ns if manifest.exists() else 0)
    if key not in _loaded:
        loaded = load(path)
        known = set(default_extractor().feature_names())
        missing = [n for n in loaded.feature_names() if n not in known]
        if missing:
            raise BundleError(f"model bundle {path} reads features this version of framing does not compute: {missing[:5]}")
        _loaded[key] = loaded
    return _loaded[key]


def score_document(doc: Document, model: Model, claims: Sequence[str] = ()) -> Score:
    """Score an already prepared document (and its stance toward ``claims``)."""
    features = default_extractor().extract_document(doc)
    empty = doc.n_tokens == 0
    inputs = {} if empty else model.read(features.values, doc.words)
    heads, labels = {}, {}
    for name, head in model.heads.items():
        p = head.priors if empty else head.probabilities(inputs[name])
        heads[name] = {label: round(float(v), 6) for label, v in zip(head.labels, p)}
        labels[name] = head.decide(p)
    toward = {}
    if claims:
        from .claims import stances

        toward = dict(zip(claims, stances(claims, doc, model)))
    return Score(heads, labels, features.values, features.evidence, empty, toward, model, doc, inputs)


def score(text: Any, model: ModelRef = None, claims: str | Sequence[str] = ()) -> Score:
    """Score one article with every head of a model.

    Parameters
    ----------
    text : str or bytes
        The article (plain text or HTML; bytes must be UTF-8).
    model : Model, str or path, optional
        See :func:`load_model`; default: the shipped model.
    claims : str or sequence of str, optional
        Claims (e.g. headlines) to read the article's stance toward, with the
        model's claim-stance model (see :func:`framing.stance`).

    Returns
    -------
    Score
        Probabilities, labels, feature values and evidence; ``.explain(head)``.
        An empty text gets the training priors and ``empty=True``.

    Raises
    ------
    BundleError
        If the model cannot be loaded, or ``claims`` are given and it has no claim-stance model.
    ValueError
        If a claim has no content word.
    """
    return score_document(prepare(text), load_model(model), _claims(claims))


def score_many(texts: Iterable[Any], model: ModelRef = None, show_progress: bool = True,
               claims: str | Sequence[str] = ()) -> list[Score]:
    """Score articles, in input order (a progress bar on a terminal); ``claims`` as for :func:`score`."""
    loaded = load_model(model)
    texts = list(texts)
    claims = _claims(claims)
    with gc_paused():  # the results kept for the caller would be rescanned by every collection
        return [score_document(prepare(t), loaded, claims) for t in progress(texts, len(texts), "scoring", show_progress)]


def _claims(claims: str | Sequence[str]) -> tuple[str, ...]:
    return (claims,) if isinstance(claims, str) else tuple(claims)
