"""The values of a bundle, checked when it is loaded: what the model reads must be what the layout says.

A bundle whose numbers are NaN, whose label lists do not match its arrays, or whose
fields have the wrong type would otherwise load and fail at score time (an IndexError,
NaN probabilities, a wrong label).  Each check raises :class:`~.bundle.BundleError`
naming the file and the field (``heads.frames.priors``).  The parts other than heads
(stance models) are checked for what the bundle layout says of them (a kind, their
files, finite arrays); their clients check the rest when they build them.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Mapping

import numpy as np

from .schema import ARRAYS, CARD, BundleError

MAX_NGRAM = 10  # longest word or character n-gram a bundle may ask for
_HEAD_ARRAYS = ("mean", "scale", "idf", "coef_features", "coef_terms", "intercept")


def _fail(where: str, field: str, expected: str) -> BundleError:
    return BundleError(f"{where}: {field}: expected {expected}")


def _table(value: Any, where: str, field: str) -> dict:
    if not isinstance(value, dict):
        raise _fail(where, field, f"a table, not {type(value).__name__}")
    return value


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _strings(value: Any, where: str, field: str, unique: bool = False) -> list[str]:
    if not (isinstance(value, list) and all(map(str.__instancecheck__, value))):
        raise _fail(where, field, "a list of strings")
    if unique and len(set(value)) != len(value):
        raise _fail(where, field, "distinct strings")
    return value


def _numbers(value: Any, n: int, where: str, field: str, lo: float = -math.inf, hi: float = math.inf) -> None:
    if not (isinstance(value, list) and len(value) == n and all(_number(v) and lo <= v <= hi for v in value)):
        bounds = "" if (lo, hi) == (-math.inf, math.inf) else f" in [{lo}, {hi}]"
        raise _fail(where, field, f"a list of {n} finite numbers{bounds}, one per label")


def _ngram_range(value: Any, where: str, field: str, optional: bool) -> None:
    if value is None and optional:
        return
    if not (isinstance(value, list) and len(value) == 2 and all(type(v) is int for v in value) and 1 <= value[0] <= value[1] <= MAX_NGRAM):
        raise _fail(where, field, f"[lo, hi] with 1 <= lo <= hi <= {MAX_NGRAM}" + (", or null" if optional else ""))


def check_manifest(meta: Any, where: str) -> None:
    """The structure and values of ``bundle.json`` (``where`` names it in errors)."""
    meta = _table(meta, where, "(top level)")
    files = _table(meta.get("files"), where, "files")
    vectorizers = _table(meta.get("vectorizers", {}), where, "vectorizers")
    for key, spec in vectorizers.items():
        spec = _table(spec, where, f"vectorizers.{key}")
        _ngram_range(spec.get("word_ngrams"), where, f"vectorizers.{key}.word_ngrams", optional=False)
        _ngram_range(spec.get("char_ngrams"), where, f"vectorizers.{key}.char_ngrams", optional=True)
        if spec.get("file") not in files or spec.get("file") in (ARRAYS, CARD):
            raise _fail(where, f"vectorizers.{key}.file", "the name of a vocabulary file listed in files")
    heads = _table(meta.get("heads"), where, "heads")
    for name, spec in heads.items():
        _check_head(name, _table(spec, where, f"heads.{name}"), vectorizers, where)
    stance = _table(meta.get("stance", {}), where, "stance")
    for name, spec in stance.items():
        field = f"stance.{name}"
        spec = _table(spec, where, field)
        _check_owner_name(name, where, field)
        if not isinstance(spec.get("kind"), str):
            raise _fail(where, f"{field}.kind", "a string")
        if not all(f in files for f in _strings(spec.get("files", []), where, f"{field}.files")):
            raise _fail(where, f"{field}.files", "names of files listed in files")
    both = set(heads) & set(stance)
    if both:
        raise _fail(where, "stance", f"names other than those of heads ({sorted(both)} are both)")


def _check_owner_name(name: str, where: str, field: str) -> None:
    # arrays are stored as <name>.<key>: a dot in the name would split it elsewhere
    if not name or "." in name:
        raise _fail(where, field, "a name without dots")


def _check_head(name: str, spec: dict, vectorizers: Mapping[str, Any], where: str) -> None:
    field = f"heads.{name}"
    _check_owner_name(name, where, field)
    if not isinstance(spec.get("multilabel"), bool):
        raise _fail(where, f"{field}.multilabel", "true or false")
    labels = _strings(spec.get("labels"), where, f"{field}.labels", unique=True)
    if len(labels) < (1 if spec["multilabel"] else 2):
        raise _fail(where, f"{field}.labels", "at least two labels (one for a multi-label head)")
    _numbers(spec.get("priors"), len(labels), where, f"{field}.priors", 0.0, 1.0)
    if not spec["multilabel"] and abs(sum(spec["priors"]) - 1.0) > 1e-3:  # stored rounded
        raise _fail(where, f"{field}.priors", "probabilities that sum to 1 (a single-label head)")
    if spec["multilabel"]:  # its decision compares each probability with its threshold
        _numbers(spec.get("thresholds"), len(labels), where, f"{field}.thresholds", 0.0, 1.0)
    elif spec.get("thresholds") is not None:
        raise _fail(where, f"{field}.thresholds", "null (a single-label head takes the most likely label)")
    _strings(spec.get("feature_names"), where, f"{field}.feature_names", unique=True)
    if spec.get("vectorizer") not in vectorizers:
        raise _fail(where, f"{field}.vectorizer", "the name of one of the vectorizers")
    hyper = _table(spec.get("hyperparameters"), where, f"{field}.hyperparameters")
    if not (_number(hyper.get("clip")) and hyper["clip"] > 0):
        raise _fail(where, f"{field}.hyperparameters.clip", "a finite number > 0")
    if not _number(hyper.get("feature_weight")):
        raise _fail(where, f"{field}.hyperparameters.feature_weight", "a finite number")
    if not isinstance(hyper.get("sublinear_tf"), bool):
        raise _fail(where, f"{field}.hyperparameters.sublinear_tf", "true or false")
    min_labels = hyper.get("min_labels", 0)
    if not (type(min_labels) is int and 0 <= min_labels <= len(labels)):
        raise _fail(where, f"{field}.hyperparameters.min_labels", f"a whole number from 0 to {len(labels)}")


def check_files(meta: Mapping[str, Any], json_files: Mapping[str, Any], path: Path) -> None:
    """The JSON files: vocabularies are lists of distinct strings, the card a table."""
    for key, spec in meta.get("vectorizers", {}).items():
        _strings(json_files.get(spec["file"]), f"{path / spec['file']}", "(top level)", unique=True)
    _table(json_files.get(CARD, {}), f"{path / CARD}", "(top level)")


def check_arrays(meta: Mapping[str, Any], arrays: Mapping[str, np.ndarray], json_files: Mapping[str, Any], where: str) -> None:
    """Every array finite; each head's arrays present, with the shapes its labels, features and vocabulary give."""
    for name, array in arrays.items():
        if array.dtype.kind == "f" and not np.isfinite(array).all():
            raise BundleError(f"{where}: {name}: holds NaN or infinite values")
    for head, spec in meta["heads"].items():
        n_labels, n_features = len(spec["labels"]), len(spec["feature_names"])
        n_terms = len(json_files[meta["vectorizers"][spec["vectorizer"]]["file"]])
        stored = len(arrays[f"{head}.idf"]) if f"{head}.idf" in arrays else n_terms
        if stored == 0:  # a head without n-grams stores empty term arrays
            n_terms = 0
        shapes = {
            "mean": (n_features,), "scale": (n_features,), "idf": (n_terms,),
            "coef_features": (n_labels, n_features), "coef_terms": (n_labels, n_terms), "intercept": (n_labels,),
        }
        for key in _HEAD_ARRAYS:
            array = arrays.get(f"{head}.{key}")
            if array is None:
                raise BundleError(f"{where}: {head}.{key}: missing (head {head!r} needs it)")
            if array.shape != shapes[key] or array.dtype.kind != "f":
                raise BundleError(f"{where}: {head}.{key}: expected floats of shape {shapes[key]} "
                                  f"({n_labels} labels, {n_features} features, {n_terms} terms), got {array.dtype} {array.shape}")
        if (arrays[f"{head}.scale"] <= 0).any():
            raise BundleError(f"{where}: {head}.scale: expected values > 0 (features are divided by it)")
