"""Finding a bundle by name or folder, and loading it."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Union

from .bundle import BundleError, recover
from .model import Model, load

ModelRef = Union[Model, str, os.PathLike, None]
_PACKAGE = Path(__file__).resolve().parents[1]


def model_paths(name: str = "default") -> list[Path]:
    """Where a bundle called ``name`` is looked for: shipped with the package, then the source checkout."""
    return [_PACKAGE / "bundled" / name, _PACKAGE.parent / "models" / name]


def find_bundle(model: str | os.PathLike | None = None) -> Path:
    """The folder of a bundle: ``model`` itself if it is a folder or a path, else the shipped bundle of that name.

    Raises
    ------
    BundleError
        If no such bundle is found.
    """
    ref = "default" if model is None else model
    candidates = [Path(ref)] if isinstance(ref, os.PathLike) or os.sep in str(ref) or Path(ref).is_dir() else model_paths(str(ref))
    for candidate in candidates:
        if not candidate.is_dir():
            recover(candidate)  # a write killed between its renames
    path = next((p for p in candidates if p.is_dir()), None)
    if path is None:
        raise BundleError(f"no model bundle {str(ref)!r}; looked in {', '.join(map(str, candidates))}")
    return path.resolve()


def load_model(model: ModelRef = None, sha256: str | None = None) -> Model:
    """A loaded, verified bundle.

    Parameters
    ----------
    model : Model, str or path, optional
        A folder, the name of a shipped bundle (``"default"``), or a loaded
        model (returned as it is).  None: the default bundle.
    sha256 : str, optional
        The bundle's pinned digest (:func:`~framing.model.bundle.bundle_sha256`, printed by
        ``framing train`` and recorded in its ``card.json``).  The SHA-256 that
        ``bundle.json`` records for each file catch damage, but whoever can edit the folder
        can rewrite them too; a digest kept elsewhere is what makes a bundle the one you
        trust.  None: not pinned.

    Raises
    ------
    BundleError
        If no bundle is found, or it is incomplete, altered, incompatible, or not the pinned one.
    ValueError
        If ``sha256`` is not 64 hexadecimal digits.
    """
    if sha256 is not None and not (isinstance(sha256, str) and re.fullmatch(r"[0-9a-fA-F]{64}", sha256)):
        raise ValueError(f"sha256 must be 64 hexadecimal digits, got {sha256!r}")
    loaded = model if isinstance(model, Model) else load(find_bundle(model))
    if sha256 is not None and loaded.sha256 != sha256.lower():
        raise BundleError(f"model bundle {loaded.path} has SHA-256 {loaded.sha256}, not the pinned {sha256.lower()}; refusing it")
    return loaded
