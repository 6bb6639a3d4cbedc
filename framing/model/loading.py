"""Finding a bundle by name or folder, and loading it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Union

from .bundle import BundleError
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
    path = next((p for p in candidates if p.is_dir()), None)
    if path is None:
        raise BundleError(f"no model bundle {str(ref)!r}; looked in {', '.join(map(str, candidates))}")
    return path.resolve()


def load_model(model: ModelRef = None) -> Model:
    """A loaded, verified bundle.

    Parameters
    ----------
    model : Model, str or path, optional
        A folder, the name of a shipped bundle (``"default"``), or a loaded
        model (returned as it is).  None: the default bundle.

    Raises
    ------
    BundleError
        If no bundle is found, or it is incomplete, altered or incompatible.
    """
    if isinstance(model, Model):
        return model
    return load(find_bundle(model))
