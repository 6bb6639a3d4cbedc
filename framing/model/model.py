"""A loaded bundle: its heads, their shared n-gram vocabularies, and the other parts it stores.

A bundle may carry parts beside its heads (the stance models of :mod:`framing.actors`
and :mod:`framing.claims`).  The model does not know them: it hands a client the
stored :class:`~.schema.Part` and keeps what the client builds from it (:meth:`Model.built`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Mapping, TypeVar

import numpy as np

from .bundle import BundleError, bundle_digest, read_bundle
from .heads import Head, HeadInput
from .hierarchy import Hierarchy
from .ngrams import NgramVocabulary
from .schema import Part, own_arrays, vectorizer_key

T = TypeVar("T")


class Model:
    """A loaded bundle: its heads and their shared vocabularies.

    Use :func:`load` (or :func:`framing.load_model`) rather than the constructor.

    Attributes
    ----------
    sha256 : str
        The bundle's digest (:func:`~framing.model.bundle.bundle_digest`), to pin it with.
    """

    def __init__(self, meta: dict[str, Any], arrays: Mapping[str, np.ndarray], json_files: Mapping[str, Any], path: Path):
        self.meta = meta
        self.path = path
        self.sha256 = bundle_digest(meta)  # pins the bundle: see load_model(path, sha256=...)
        self.card = json_files.get("card.json", {})
        self.vectorizers: dict[str, NgramVocabulary] = {
            key: NgramVocabulary(json_files[spec["file"]], vectorizer_key(spec)) for key, spec in meta["vectorizers"].items()
        }
        self.heads: dict[str, Head] = {name: Head.from_spec(name, spec, own_arrays(arrays, name)) for name, spec in meta["heads"].items()}

        self.hierarchies = _hierarchies(self.heads)
        # the other parts are built by their clients on first use: scoring without them stays light
        self.parts: dict[str, Part] = {
            name: Part(name, spec["kind"], spec, own_arrays(arrays, name), {f: json_files[f] for f in spec.get("files", [])})
            for name, spec in meta.get("stance", {}).items()
        }
        self._built: dict[str, Any] = {}

    def part(self, kind: str) -> Part | None:
        """The stored part of this kind (``"claim_stance"``, ``"actor_stance"``), or None."""
        return next((p for p in self.parts.values() if p.kind == kind), None)

    def built(self, kind: str, build: Callable[[Part], T]) -> T | None:
        """``build(part)`` for the part of this kind, built once per model; None if the bundle has none.

        Raises
        ------
        BundleError
            If the stored part does not fit what ``build`` expects.
        """
        part = self.part(kind)
        if part is None:
            return None
        if part.name not in self._built:
            try:
                self._built[part.name] = build(part)
            except (KeyError, IndexError, TypeError, ValueError) as err:
                raise BundleError(f"model bundle {self.path}: {kind} model {part.name!r} is inconsistent ({type(err).__name__}: {err})") from None
        return self._built[part.name]

    def decide(self, probabilities: Mapping[str, np.ndarray]) -> dict[str, str | list[str]]:
        """Each head's label(s) from its probabilities; a head with a parent is decided together with
        it, and a head with a "none of these" label gives it alone (see :mod:`~framing.model.hierarchy`)."""
        together = set(self.hierarchies) | {parent for parent, _ in self.hierarchies.values() if parent}
        # decided below, in place: the heads keep their order
        labels = {name: None if name in together else head.decide(probabilities[name]) for name, head in self.heads.items()}
        for name, (parent, hierarchy) in self.hierarchies.items():
            head = self.heads[name]
            if parent is None:
                on, _ = hierarchy.decide(probabilities[name], head.thresholds)
                labels[name] = hierarchy.labels(on, np.zeros(0, bool))[0]
            else:
                on_parent, on = hierarchy.decide(probabilities[parent], self.heads[parent].thresholds,
                                                 probabilities[name], head.thresholds)
                labels[parent], labels[name] = hierarchy.labels(on_parent, on)
        return labels

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


def _hierarchies(heads: Mapping[str, Head]) -> dict[str, tuple[str | None, Hierarchy]]:
    """Head → (its parent head or None, the rule): heads with a parent, and parentless heads with a
    "none" label that no child head already covers; parents come before their children."""
    out: dict[str, tuple[str | None, Hierarchy]] = {}
    children = {h.info.get("parent") for h in heads.values()}
    for name, head in heads.items():
        parent, none = head.info.get("parent"), head.info.get("none_label") or ""
        if parent:
            if parent not in heads or not heads[parent].multilabel or not head.multilabel:
                raise ValueError(f"head {name!r}: parent {parent!r} is not a multi-label head of the bundle")
            out[name] = (parent, Hierarchy(heads[parent].labels, head.labels, none=none or "Other"))
        elif none and name not in children:
            out[name] = (None, Hierarchy(head.labels, [], none=none))
    return out


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
    except (KeyError, IndexError, TypeError, ValueError) as err:
        raise BundleError(f"model bundle {path} is incomplete or inconsistent ({type(err).__name__}: {err})") from None
