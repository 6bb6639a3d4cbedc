"""The layout of a bundle's contents, read the same way by loading and by retraining one head.

Its file names and :class:`BundleError` live here, below :mod:`.bundle` and :mod:`.validation`,
which both use them.

``bundle.json`` lists ``heads`` (each with its ``vectorizer``), ``vectorizers``
(n-gram settings and vocabulary file) and ``stance`` (the other parts, each with
its ``kind`` and ``files``); ``arrays.npz`` stores every array as ``<owner>.<key>``.
"""

from __future__ import annotations

from typing import Any, Mapping, NamedTuple

import numpy as np

MANIFEST = "bundle.json"
ARRAYS = "arrays.npz"
CARD = "card.json"


class BundleError(Exception):
    """A model bundle is missing, incomplete, altered, too large or from an incompatible version."""


class Part(NamedTuple):
    """A stored part of a bundle other than a head (a stance model), as its client rebuilds it.

    Attributes
    ----------
    name, kind : str
        The manifest's head name and kind (``"claim_stance"``, ``"actor_stance"``).
    spec : dict
        Its entry in ``bundle.json``.
    arrays : dict
        Its arrays, keys without the ``<name>.`` prefix.
    files : dict
        Its JSON files (e.g. a vocabulary), by file name.
    """

    name: str
    kind: str
    spec: dict[str, Any]
    arrays: dict[str, np.ndarray]
    files: dict[str, Any]


class Component(NamedTuple):
    """A trained part, ready to be written into a bundle: a :class:`Part` and its model-card entry."""

    name: str
    kind: str
    spec: dict[str, Any]
    arrays: dict[str, np.ndarray]
    files: dict[str, Any]
    card: dict[str, Any]


def own_arrays(arrays: Mapping[str, np.ndarray], owner: str) -> dict[str, np.ndarray]:
    """The arrays stored under ``<owner>.``, keys without the prefix."""
    return {k.split(".", 1)[1]: v for k, v in arrays.items() if k.split(".", 1)[0] == owner}


def vectorizer_key(spec: Mapping[str, Any]) -> tuple:
    """``(word_ngrams, char_ngrams)`` of a ``vectorizers`` entry, as ``HeadConfig.vectorizer_key`` gives it."""
    return (tuple(spec["word_ngrams"]), tuple(spec["char_ngrams"]) if spec["char_ngrams"] else None)
