"""The bundle format: a folder of JSON and ``.npz`` files, verified when loaded.

A bundle ``models/<name>/`` holds

* ``bundle.json``: format version, library versions, heads (labels,
  thresholds, priors, hyper-parameters, feature names, metrics, SHA-256 of
  the training files) and the SHA-256 of every other file of the bundle;
* ``arrays.npz``: numbers only, read with ``allow_pickle=False``.  Since format 2 a head's
  n-gram arrays cover only its own terms: ``<head>.terms`` (its columns of the shared
  vocabulary, increasing), ``<head>.idf`` and ``<head>.coef_terms`` over them, spread back
  over the vocabulary when loaded (format 1 stored them dense: 2.5x the bytes); members that
  DEFLATE would not shrink by a quarter (the float weights) are stored uncompressed, so
  reading them is a copy;
* ``vocabulary-<key>.json``: the n-gram vocabularies (lists of terms);
* ``card.json``: the model card (with the bundle's digest, ``bundle_sha256``).

Nothing in a bundle is executed when it is loaded.  Files are written with
fixed zip timestamps and sorted JSON keys, so the same model gives the same bytes.

A bundle is read as untrusted input: only plain file names inside its folder, never
through a link; sizes, array types and declared shapes checked before anything is
parsed or decompressed; then the values (:mod:`.validation`).  The recorded SHA-256
catch damage, not an attacker, who can rewrite them: :func:`bundle_digest` is the one
digest to pin a bundle with (``load_model(path, sha256=...)``).
"""

from __future__ import annotations

import ctypes
import hashlib
import io
import json
import os
import re
import shutil
import stat
import sys
import zipfile
import zlib
from pathlib import Path
from typing import Any, Iterable, Mapping

import numpy as np

from .schema import ARRAYS, CARD, MANIFEST, BundleError
from .validation import check_arrays, check_files, check_manifest

__all__ = ["ARRAYS", "CARD", "FORMAT", "MANIFEST", "READS", "BundleError", "bundle_digest", "bundle_sha256", "read_bundle", "recover", "write_bundle"]

FORMAT = 2
READS = (1, 2)  # format 1: each head's n-gram arrays dense over the whole shared vocabulary
MAX_BYTES = 20 * 1024 * 1024  # all the files of a bundle together, as written
# Limits checked when a bundle is read, before anything is parsed or decompressed.
MAX_JSON_BYTES = 4 * 1024 * 1024  # bundle.json and card.json
MAX_ARRAY_BYTES = 512 * 1024 * 1024  # the arrays the manifest names, decompressed (as declared in their headers)
MAX_STRING = 100_000  # characters of any string in a JSON file
MAX_DEPTH = 32  # nesting of any JSON file
# A bundle's files are plain names inside its folder: no separators, no "..", no hidden files.
_FILE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")
_LEFTOVER = re.compile(r"\.(?P<name>.+)\.(?P<kind>old|writing)-(?P<pid>\d+)")


def json_bytes(obj: Any) -> bytes:
    return (json.dumps(obj, indent=1, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")


def npz_bytes(arrays: Mapping[str, np.ndarray], store_incompressible: bool = False) -> bytes:
    """An ``.npz`` archive with fixed timestamps (``np.savez`` stamps the current time).

    With ``store_incompressible``, a member that DEFLATE would not shrink by a quarter (float
    weights) is stored as it is: loading it is then a copy instead of a decompression.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(arrays):
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            array = io.BytesIO()
            np.lib.format.write_array(array, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            data = array.getvalue()
            shrinks = not store_incompressible or len(zlib.compress(data, 6)) <= 0.75 * len(data)
            info.compress_type = zipfile.ZIP_DEFLATED if shrinks else zipfile.ZIP_STORED
            archive.writestr(info, data)
    return buffer.getvalue()


def own_terms(meta: Mapping[str, Any], arrays: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """``arrays`` with each head's n-gram arrays over its own terms (format 2): ``<head>.terms``,
    the columns where its IDF or a coefficient is not zero, and ``idf`` and ``coef_terms`` there.
    A head without n-grams (empty arrays) is left as it is."""
    out = dict(arrays)
    for head in meta.get("heads", {}):
        idf, coef = out.get(f"{head}.idf"), out.get(f"{head}.coef_terms")
        if idf is None or coef is None or not len(idf):
            continue
        terms = np.flatnonzero((idf != 0) | (coef != 0).any(axis=0)).astype(np.int32)
        out[f"{head}.terms"], out[f"{head}.idf"], out[f"{head}.coef_terms"] = terms, idf[terms], coef[:, terms]
    return out


def spread_terms(meta: Mapping[str, Any], arrays: dict[str, np.ndarray], json_files: Mapping[str, Any], where: str) -> None:
    """Undo :func:`own_terms` in place: each head's ``idf`` and ``coef_terms`` over its whole
    vocabulary (zeros elsewhere; the weights column-major, as heads read them).  ``terms`` and
    the shapes are checked first, and the spread arrays are bounded by :data:`MAX_ARRAY_BYTES`."""
    budget = MAX_ARRAY_BYTES
    for head, spec in meta["heads"].items():
        terms = arrays.pop(f"{head}.terms", None)
        if terms is None:
            continue
        n_terms, n_labels = len(json_files[meta["vectorizers"][spec["vectorizer"]]["file"]]), len(spec["labels"])
        terms = terms.astype(np.int64) if terms.dtype.kind in "iu" else terms  # (a difference of unsigned ints wraps)
        if not (terms.ndim == 1 and terms.dtype.kind == "i" and (terms.size == 0 or (terms[0] >= 0 and terms[-1] < n_terms))
                and (np.diff(terms) > 0).all()):
            raise BundleError(f"{where}: {head}.terms: expected increasing columns of its vocabulary (0 to {n_terms - 1})")
        idf, coef = arrays.get(f"{head}.idf"), arrays.get(f"{head}.coef_terms")
        for key, array, shape in (("idf", idf, (len(terms),)), ("coef_terms", coef, (n_labels, len(terms)))):
            if array is None or array.shape != shape or array.dtype.kind != "f":
                got = "nothing" if array is None else f"{array.dtype} {array.shape}"
                raise BundleError(f"{where}: {head}.{key}: expected floats of shape {shape} "
                                  f"({n_labels} labels, {len(terms)} terms of its own), got {got}")
        budget -= n_terms * (idf.itemsize + n_labels * coef.itemsize)
        if budget < 0:
            raise BundleError(f"{where}: {head}.coef_terms: spread over its {n_terms} terms, the heads' weights pass "
                              f"the {MAX_ARRAY_BYTES} bytes of arrays a bundle may hold")
        full_idf = np.zeros(n_terms, dtype=idf.dtype)
        full_idf[terms] = idf
        full = np.zeros((n_labels, n_terms), dtype=coef.dtype, order="F")
        full[:, terms] = coef
        arrays[f"{head}.idf"], arrays[f"{head}.coef_terms"] = full_idf, full


def bundle_digest(meta: Mapping[str, Any]) -> str:
    r"""The SHA-256 that pins a bundle, from its (verified) ``bundle.json`` contents.

    It is the SHA-256 of the lines ``"<sha256>  <name>\n"`` (the ``sha256sum`` format), sorted
    by name, of every file ``bundle.json`` lists except ``card.json``, and of ``bundle.json``
    itself in its canonical form (:func:`json_bytes`) without the card's entry.  The card is
    left out because the digest is written in it; every other byte the model reads is covered
    (``bundle.json`` records each file's SHA-256, checked when the bundle is read).
    """
    files = {name: digest for name, digest in meta["files"].items() if name != CARD}
    manifest = hashlib.sha256(json_bytes({**meta, "files": files})).hexdigest()
    lines = sorted([*files.items(), (MANIFEST, manifest)])
    return hashlib.sha256("".join(f"{digest}  {name}\n" for name, digest in lines).encode("utf-8")).hexdigest()


def write_bundle(path: str | os.PathLike, meta: dict[str, Any], arrays: Mapping[str, np.ndarray], json_files: Mapping[str, Any]) -> Path:
    """Write a bundle atomically: into a folder beside ``path``, then swapped in for it.

    An interrupted write leaves the previous bundle at ``path`` as it was.  On Linux the
    two folders are exchanged in one step (``renameat2``), so ``path`` always holds a whole
    bundle; elsewhere the old one is renamed away first, and a write killed between the two
    renames is finished (or undone) by the next write or load (:func:`recover`).  The
    bundle's :func:`bundle_digest` is written in its ``card.json`` as ``bundle_sha256``.

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
    recover(path)
    tmp = path.parent / f".{path.name}.writing-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        blobs = {ARRAYS: npz_bytes(own_terms(meta, arrays), store_incompressible=True), **{name: json_bytes(obj) for name, obj in json_files.items() if name != CARD}}
        files = {name: hashlib.sha256(blob).hexdigest() for name, blob in blobs.items()}
        manifest = {**meta, "format": FORMAT, "files": dict(sorted(files.items()))}
        if CARD in json_files:
            blobs[CARD] = json_bytes({**json_files[CARD], "bundle_sha256": bundle_digest(manifest)})
            manifest["files"] = dict(sorted({**files, CARD: hashlib.sha256(blobs[CARD]).hexdigest()}.items()))
        size = sum(map(len, blobs.values()))
        if size > MAX_BYTES:
            raise BundleError(f"bundle would be {size / 2**20:.1f} MB, over the {MAX_BYTES / 2**20:.0f} MB limit; lower max_features")
        for name, blob in blobs.items():
            (tmp / name).write_bytes(blob)
        # bundle.json last, and whole (renamed into place): a folder that has one is complete
        (tmp / f"{MANIFEST}.part").write_bytes(json_bytes(manifest))
        os.replace(tmp / f"{MANIFEST}.part", tmp / MANIFEST)
        _swap_in(tmp, path)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return path


def _swap_in(new: Path, path: Path) -> None:
    """Put the folder ``new`` at ``path``; ``new`` is left holding the previous bundle, if any."""
    if not path.exists():
        new.rename(path)
        return
    if _exchange(new, path):
        return
    old = path.parent / f".{path.name}.old-{os.getpid()}"
    path.rename(old)
    new.rename(path)  # killed before this line: recover() finishes the write
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a libc without it (glibc < 2.28, musl)
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this process is not writing it now: a leftover of an earlier life
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def recover(path: str | os.PathLike) -> None:
    """Finish or undo a :func:`write_bundle` of ``path`` that was killed, and clear what it left.

    Leftovers are the folders ``.NAME.writing-PID`` (a bundle being written) and
    ``.NAME.old-PID`` (the previous bundle, renamed away) of writers no longer running.
    If ``path`` is missing, the newest complete written bundle (one with its
    ``bundle.json``) is moved in, or else the previous bundle is moved back.  Errors
    (a read-only folder) are ignored: the caller then finds what is there.
    """
    path = Path(path)
    try:
        found = [(m, p) for p in path.parent.iterdir() if (m := _LEFTOVER.fullmatch(p.name)) and m["name"] == path.name]
    except OSError:
        return
    stale = [(m["kind"], p) for m, p in found if not _alive(int(m["pid"]))]
    try:
        if not path.exists():
            written = sorted((p for kind, p in stale if kind == "writing" and (p / MANIFEST).is_file()), key=lambda p: p.stat().st_mtime)
            previous = [p for kind, p in stale if kind == "old" and (p / MANIFEST).is_file()]
            chosen = written[-1] if written else (previous[0] if previous else None)
            if chosen is not None:
                chosen.rename(path)
                stale = [(kind, p) for kind, p in stale if p != chosen]
        for _, leftover in stale:
            shutil.rmtree(leftover, ignore_errors=True)
    except OSError:
        pass


def read_bundle(path: str | os.PathLike) -> tuple[dict[str, Any], dict[str, np.ndarray], dict[str, Any]]:
    """Read and verify a bundle: ``(meta, arrays, json_files)``.

    Every file is read from inside the folder (plain names, no links), after its size is
    checked; of ``arrays.npz`` only the arrays of the heads and parts ``bundle.json``
    names are read, after their declared shapes and types are checked.  The values are
    then checked against the layout (see :mod:`.validation`).

    Raises
    ------
    BundleError
        If the folder or a file is missing, a file's SHA-256 differs from the one
        recorded, the format version is not one of :data:`READS`, a limit is exceeded, or
        a value is not what the layout says.
    """
    path = Path(path)
    meta, blobs = verified_files(path)
    check_manifest(meta, f"{path / MANIFEST}")
    if ARRAYS not in blobs:
        raise BundleError(f"incomplete model bundle at {path}: {ARRAYS} not listed")
    owners = set(meta["heads"]) | set(meta.get("stance", {}))
    arrays = read_arrays(blobs.pop(ARRAYS), owners, f"{path / ARRAYS}")
    json_files = {name: parse_json(blob, f"{path / name}") for name, blob in blobs.items()}
    check_files(meta, json_files, path)
    spread_terms(meta, arrays, json_files, f"{path / ARRAYS}")
    check_arrays(meta, arrays, json_files, f"{path / ARRAYS}")
    return meta, arrays, json_files


def bundle_sha256(path: str | os.PathLike) -> str:
    """The :func:`bundle_digest` of the bundle in folder ``path``, its files verified.

    Pin a bundle with ``load_model(path, sha256=bundle_sha256(path))`` computed where
    the bundle is known to be good (``framing train`` prints it).

    Raises
    ------
    BundleError
        As :func:`read_bundle`, for the files and their hashes.
    """
    meta, _ = verified_files(Path(path))
    return bundle_digest(meta)


def verified_files(path: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    """``bundle.json`` parsed, and the bytes of every file it lists, each checked against its SHA-256."""
    if not path.is_dir():
        recover(path)
        if not path.is_dir():
            raise BundleError(f"no model bundle at {path} (folder missing)")
    if not (path / MANIFEST).is_file():
        raise BundleError(f"incomplete model bundle at {path}: no {MANIFEST}")
    meta = parse_json(read_file(path, MANIFEST, MAX_JSON_BYTES), f"{path / MANIFEST}")
    version = meta.get("format") if isinstance(meta, dict) else None
    if version not in READS:
        raise BundleError(f"model bundle {path} has format {version!r}; this version of framing reads formats "
                          f"{', '.join(map(str, READS))}: retrain it or install a matching framing")
    files = meta.get("files")
    if not isinstance(files, dict) or not all(isinstance(v, str) and re.fullmatch(r"[0-9a-f]{64}", v) for v in files.values()):
        raise BundleError(f"{path / MANIFEST}: files: expected a table of file name = SHA-256 (64 hexadecimal digits)")
    blobs = {}
    total = 0
    for name, expected in files.items():
        blob = read_file(path, name, MAX_JSON_BYTES if name == CARD else MAX_BYTES)
        total += len(blob)
        if total > MAX_BYTES:
            raise BundleError(f"model bundle {path}: its files pass the {MAX_BYTES / 2**20:.0f} MB limit of a bundle at {name}")
        if hashlib.sha256(blob).hexdigest() != expected:
            raise BundleError(f"model bundle {path}: {name} does not match its SHA-256 in {MANIFEST} (altered or damaged)")
        blobs[name] = blob
    return meta, blobs


def read_file(folder: Path, name: Any, limit: int) -> bytes:
    """The bytes of file ``name`` of a bundle: a plain name, a regular file (not a link), at most ``limit`` bytes.

    Nothing outside the folder is opened or looked at, so the errors say nothing about it.
    """
    if not isinstance(name, str) or not _FILE_NAME.fullmatch(name):
        raise BundleError(f"{folder / MANIFEST}: files: {str(name)[:80]!r} is not a plain file name inside the bundle folder")
    file = folder / name
    missing = BundleError(f"incomplete model bundle at {folder}: {name} is missing, a link or not a regular file")
    if not hasattr(os, "O_NOFOLLOW") and file.is_symlink():
        raise missing
    try:  # O_NOFOLLOW: a link is refused, never followed; O_NONBLOCK: a FIFO does not hang the open
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        raise missing from None
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise missing
        if info.st_size > limit:
            raise BundleError(f"model bundle {folder}: {name} is {info.st_size} bytes, over the limit of {limit}")
        blob = f.read(limit + 1)
    if len(blob) > limit:
        raise BundleError(f"model bundle {folder}: {name} is over the limit of {limit} bytes")
    return blob


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json(blob: bytes, where: str) -> Any:
    """A bundle's JSON file: UTF-8, no NaN or infinity, nested at most :data:`MAX_DEPTH`, strings of at most :data:`MAX_STRING`."""
    try:
        text = blob.decode("utf-8")
    except UnicodeDecodeError as err:
        raise BundleError(f"{where} is not UTF-8 (byte {err.start}); the bundle is damaged") from None
    try:
        obj = json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise BundleError(f"{where} nests deeper than {MAX_DEPTH} levels") from None
    except ValueError as err:
        raise BundleError(f"{where} is not valid JSON ({err}); the bundle is damaged") from None
    _check_tree(obj, where)
    return obj


def _check_tree(obj: Any, where: str) -> None:
    """Depth and string lengths of a parsed JSON value, without recursion."""
    stack = [(obj, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if len(value) > MAX_STRING:
                raise BundleError(f"{where}: a string of {len(value)} characters, over the limit of {MAX_STRING}")
        elif isinstance(value, (list, dict)):
            if depth > MAX_DEPTH:
                raise BundleError(f"{where} nests deeper than {MAX_DEPTH} levels")
            if isinstance(value, list) and value and all(map(str.__instancecheck__, value)):
                # a vocabulary: 10^5 strings, checked at C speed rather than one by one
                longest = max(map(len, value))
                if longest > MAX_STRING:
                    raise BundleError(f"{where}: a string of {longest} characters, over the limit of {MAX_STRING}")
                continue
            items: Iterable[Any] = value if isinstance(value, list) else [*value.keys(), *value.values()]
            stack.extend((v, depth + 1) for v in items if isinstance(v, (str, list, dict)))


def read_arrays(blob: bytes, owners: set[str], where: str) -> dict[str, np.ndarray]:
    """The arrays ``<owner>.<key>`` of an ``.npz`` archive whose owner is in ``owners``.

    Each member's ``.npy`` header is read first: a type that is not a plain number (no
    objects, no pickles) or a declared size that passes :data:`MAX_ARRAY_BYTES` (all the
    arrays together) is refused before the data is decompressed.  Other members are not read.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(blob))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as err:
        raise BundleError(f"{where} is not an .npz archive ({err})") from None
    arrays: dict[str, np.ndarray] = {}
    budget = MAX_ARRAY_BYTES
    for info in members:
        name = info.filename[:-4] if info.filename.endswith(".npy") else ""
        if name.split(".", 1)[0] not in owners or name in arrays:
            continue
        try:
            with archive.open(info) as member:
                arrays[name] = _read_npy(member, budget, f"{where}: {name}")
        except (zipfile.BadZipFile, ValueError, OSError, EOFError) as err:
            raise BundleError(f"{where}: {name} cannot be read ({err}); the bundle is damaged") from None
        budget -= arrays[name].nbytes
    return arrays


def _read_npy(member: Any, budget: int, where: str) -> np.ndarray:
    version = np.lib.format.read_magic(member)
    if version == (1, 0):
        shape, fortran, dtype = np.lib.format.read_array_header_1_0(member)
    else:
        shape, fortran, dtype = np.lib.format.read_array_header_2_0(member)
    if dtype.hasobject or dtype.fields is not None or dtype.kind not in "biuf" or dtype.itemsize > 8:
        raise BundleError(f"{where}: type {dtype} is not a plain number type")
    size = 1
    for n in shape:
        size *= int(n)  # Python ints: a declared 10**12 elements does not overflow
    if size * dtype.itemsize > budget:
        raise BundleError(f"{where}: declared shape {shape} ({size * dtype.itemsize} bytes) passes the {MAX_ARRAY_BYTES} bytes of arrays a bundle may hold")
    data = bytearray(size * dtype.itemsize)
    if member.readinto(data) != len(data):
        raise BundleError(f"{where}: shorter than its declared shape {shape}; the bundle is damaged")
    return np.frombuffer(data, dtype=dtype).reshape(shape, order="F" if fortran else "C")
