"""The bundle format: a folder of JSON and ``.npz`` files, verified when loaded.

A bundle ``models/<name>/`` holds

* ``bundle.json``: format version, library versions, heads (labels,
  thresholds, priors, hyper-parameters, feature names, metrics, SHA-256 of
  the training files) and the SHA-256 of every other file of the bundle;
* ``arrays.npz``: numbers only, read with ``allow_pickle=False``;
* ``vocabulary-<key>.json``: the n-gram vocabularies (lists of terms);
* ``card.json``: the model card.

Nothing in a bundle is executed when it is loaded.  Files are written with
fixed zip timestamps and sorted JSON keys, so the same model gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import zipfile
from pathlib import Path
from typing import Any, Mapping

import numpy as np

FORMAT = 1
MANIFEST = "bundle.json"
ARRAYS = "arrays.npz"
CARD = "card.json"
MAX_BYTES = 20 * 1024 * 1024


class BundleError(Exception):
    """A model bundle is missing, incomplete, altered, too large or from an incompatible version."""


def json_bytes(obj: Any) -> bytes:
    return (json.dumps(obj, indent=1, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")


def npz_bytes(arrays: Mapping[str, np.ndarray]) -> bytes:
    """An ``.npz`` archive with fixed timestamps (``np.savez`` stamps the current time)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(arrays):
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            array = io.BytesIO()
            np.lib.format.write_array(array, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            archive.writestr(info, array.getvalue())
    return buffer.getvalue()


def write_bundle(path: str | os.PathLike, meta: dict[str, Any], arrays: Mapping[str, np.ndarray], json_files: Mapping[str, Any]) -> Path:
    """Write a bundle atomically: into a folder beside ``path``, then renamed over it.

    An interrupted write leaves the previous bundle at ``path`` as it was.

    Parameters
    ----------
    meta : dict
        Contents of ``bundle.json`` (``format`` and ``files`` are added).
    arrays : mapping
        Name → array, stored in ``arrays.npz``.
    json_files : mapping
        File name → JSON-ready object (vocabularies, ``card.json``).

    Raises
    ------
    BundleError
        If the bundle would exceed :data:`MAX_BYTES`.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.writing-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        blobs = {ARRAYS: npz_bytes(arrays), **{name: json_bytes(obj) for name, obj in json_files.items()}}
        size = sum(map(len, blobs.values()))
        if size > MAX_BYTES:
            raise BundleError(f"bundle would be {size / 2**20:.1f} MB, over the {MAX_BYTES / 2**20:.0f} MB limit; lower max_features")
        for name, blob in blobs.items():
            (tmp / name).write_bytes(blob)
        files = {name: hashlib.sha256(blob).hexdigest() for name, blob in sorted(blobs.items())}
        (tmp / MANIFEST).write_bytes(json_bytes({**meta, "format": FORMAT, "files": files}))
        old = path.parent / f".{path.name}.old-{os.getpid()}"
        if path.exists():
            path.rename(old)
        tmp.rename(path)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return path


def read_bundle(path: str | os.PathLike) -> tuple[dict[str, Any], dict[str, np.ndarray], dict[str, Any]]:
    """Read and verify a bundle: ``(meta, arrays, json_files)``.

    Raises
    ------
    BundleError
        If the folder or a file is missing, a file's SHA-256 differs from the
        one recorded, or the format version is not :data:`FORMAT`.
    """
    path = Path(path)
    if not path.is_dir():
        raise BundleError(f"no model bundle at {path} (folder missing)")
    try:
        meta = json.loads((path / MANIFEST).read_bytes())
    except FileNotFoundError:
        raise BundleError(f"incomplete model bundle at {path}: no {MANIFEST}") from None
    except ValueError as err:
        raise BundleError(f"{path / MANIFEST} is not valid JSON ({err}); the bundle is damaged") from None
    version = meta.get("format") if isinstance(meta, dict) else None
    if version != FORMAT:
        raise BundleError(f"model bundle {path} has format {version!r}; this version of framing reads format {FORMAT}: retrain it or install a matching framing")
    files = meta.get("files") or {}
    blobs = {}
    for name, expected in files.items():
        file = path / name
        if not file.is_file():
            raise BundleError(f"incomplete model bundle at {path}: {name} is missing")
        blob = file.read_bytes()
        if hashlib.sha256(blob).hexdigest() != expected:
            raise BundleError(f"model bundle {path}: {name} does not match its SHA-256 in {MANIFEST} (altered or damaged)")
        blobs[name] = blob
    if ARRAYS not in blobs:
        raise BundleError(f"incomplete model bundle at {path}: {ARRAYS} not listed")
    with np.load(io.BytesIO(blobs.pop(ARRAYS)), allow_pickle=False) as npz:
        arrays = {name: npz[name] for name in npz.files}
    return meta, arrays, {name: json.loads(blob) for name, blob in blobs.items()}
