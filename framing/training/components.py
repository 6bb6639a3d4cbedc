"""Stance models a bundle carries beside its heads, trained by the packages that own them.

A manifest with ``kind = "claim_stance"`` is trained by :mod:`framing.claims.training`
(FNC-1), one with ``kind = "actor_stance"`` by :mod:`framing.actors.training` (BASIL),
one with ``kind = "entity_roles"`` by :mod:`framing.actors.role_training` (SemEval-2025 Task 10), one
with ``kind = "techniques"`` by :mod:`framing.training.techniques` (SemEval-2023, per paragraph);
each returns a :class:`~framing.model.schema.Component` that the bundle stores under its
name.  At scoring time each package rebuilds its model from the stored part.
"""

from __future__ import annotations

from typing import Any, Callable, NamedTuple

from ..actors import role_training
from ..actors import training as actor_training
from ..claims import training as claim_training
from ..corpus import Manifest, MissingData
from ..model.schema import Component
from . import techniques as technique_training

_TRAINERS = {"claim_stance": claim_training, "actor_stance": actor_training, "entity_roles": role_training,
             "techniques": technique_training}


class StanceData(NamedTuple):
    """A stance manifest and its data, read and checked (see :func:`read_component_data`)."""

    manifest: Manifest
    data: Any

    @property
    def head(self) -> str:
        return self.manifest.head


def _trainer(kind: str):
    if kind not in _TRAINERS:
        raise ValueError(f"unknown stance kind {kind!r}; known: {sorted(_TRAINERS)}")
    return _TRAINERS[kind]


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
    return _trainer(manifest.kind).read_manifest(manifest)


def train_component(manifest: Manifest, data: Any, log: Callable[[str], None], show_progress: bool) -> Component:
    """Fit a stance model on data read by :func:`read_component_data`, with its held-out figures."""
    return _trainer(manifest.kind).train_component(manifest, data, log=log, show_progress=show_progress)
