"""Stance models that a bundle carries beside its heads.

A head labels a whole article; a bundle can also carry the two stance models
of :mod:`framing.claims` (how a text stands toward a claim) and
:mod:`framing.actors` (how an article stands toward each actor in it).  Each
is declared by a manifest with ``kind = "claim_stance"`` or
``kind = "actor_stance"``, trained with the heads by :func:`framing.train`,
and stored in the bundle's ``arrays.npz`` under its name, its settings in
``bundle.json`` under ``"stance"``.  The packages that know these models are
imported only when a bundle uses them, so scoring without them stays light.
"""

from __future__ import annotations

from typing import Any, Callable, NamedTuple

import numpy as np

from ..corpus import Manifest, MissingData


class Component(NamedTuple):
    """A trained stance model, ready to be written into a bundle.

    Attributes
    ----------
    name, kind : str
        The manifest's head name and kind.
    spec : dict
        JSON settings for ``bundle.json`` (labels, feature names, metrics, training files).
    arrays : dict
        Name → array (stored as ``<name>.<key>`` in ``arrays.npz``).
    files : dict
        JSON file name → object (e.g. a vocabulary), stored beside ``bundle.json``.
    card : dict
        The model card's entry.
    """

    name: str
    kind: str
    spec: dict[str, Any]
    arrays: dict[str, np.ndarray]
    files: dict[str, Any]
    card: dict[str, Any]


class StanceData(NamedTuple):
    """A stance manifest and its data, read and checked (see :func:`read_component_data`)."""

    manifest: Manifest
    data: Any

    @property
    def head(self) -> str:
        return self.manifest.head


def _training(kind: str) -> tuple[Callable[[Manifest], Any], Callable[..., Component]]:
    """(read data, train) for a stance kind: these import scikit-learn, so only training calls them."""
    if kind == "claim_stance":
        from ..claims.training import read_manifest, train_component
    elif kind == "actor_stance":
        from ..actors.training import read_manifest, train_component  # type: ignore[assignment]
    else:
        raise ValueError(f"unknown stance kind {kind!r}")
    return read_manifest, train_component


def read_component_data(manifest: Manifest) -> Any:
    """Read and check a stance manifest's data before any training.

    Raises
    ------
    MissingData
        If its files are absent on this machine.
    CorpusError
        If the data is unusable (the message names the file and line).
    """
    missing = manifest.missing()
    if missing:
        raise MissingData(f"{manifest.kind} {manifest.head!r} skipped: missing {', '.join(map(str, missing))}")
    return _training(manifest.kind)[0](manifest)


def train_component(manifest: Manifest, data: Any, log: Callable[[str], None], show_progress: bool) -> Component:
    """Fit a stance model on data read by :func:`read_component_data`, with its held-out figures."""
    return _training(manifest.kind)[1](manifest, data, log=log, show_progress=show_progress)


def load_component(spec: dict[str, Any], arrays: dict[str, np.ndarray], files: dict[str, Any]) -> Any:
    """Rebuild a stance model from what :func:`train_component` stored (numpy only for actor stance)."""
    if spec["kind"] == "claim_stance":
        from ..claims.model import StanceModel
    elif spec["kind"] == "actor_stance":
        from ..actors.stance import StanceModel  # type: ignore[assignment]
    else:
        raise ValueError(f"unknown stance kind {spec['kind']!r}")
    return StanceModel.from_component(spec, arrays, files)
