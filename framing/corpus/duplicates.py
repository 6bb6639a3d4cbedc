"""Exact and near-duplicate articles, found by MinHash over word shingles.

News corpora repeat themselves: wire stories run in several outlets, pages are
scraped twice.  A duplicate on both sides of a cross-validation split inflates
the score, so duplicates are put in one group.  Signatures use fixed seeds, so
the same corpus always gives the same groups.
"""

from __future__ import annotations

from typing import Sequence
from zlib import crc32

import numpy as np

SHINGLE = 5  # words per shingle
N_HASHES = 64
BANDS = 16  # locality-sensitive hashing: 16 bands of 4 hashes
_rng = np.random.default_rng(20240229)
_POSITION = _rng.integers(1, 2**63, size=SHINGLE, dtype=np.uint64) | np.uint64(1)
_MUL = _rng.integers(1, 2**63, size=N_HASHES, dtype=np.uint64) | np.uint64(1)
_ADD = _rng.integers(0, 2**63, size=N_HASHES, dtype=np.uint64)


def signature(words: Sequence[str]) -> np.ndarray:
    """MinHash signature (``N_HASHES`` uint64) of the set of word 5-shingles of a text.

    Two texts' signatures agree in a share of places that estimates the
    Jaccard similarity of their shingle sets.
    """
    ids = np.fromiter((crc32(w.encode("utf-8")) for w in words), dtype=np.uint64, count=len(words))
    if len(ids) == 0:
        return np.full(N_HASHES, np.iinfo(np.uint64).max, dtype=np.uint64)
    k = min(SHINGLE, len(ids))
    n = len(ids) - k + 1
    shingles = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):  # arithmetic modulo 2**64 is the point
        for j in range(k):
            shingles += ids[j:j + n] * _POSITION[j]
        hashed = (shingles[:, None] * _MUL[None, :] + _ADD[None, :]) >> np.uint64(32)
    return hashed.min(axis=0)


def duplicate_clusters(signatures: np.ndarray, threshold: float = 0.8) -> np.ndarray:
    """Cluster of every article: the index of the first article it (transitively) duplicates.

    Parameters
    ----------
    signatures : ndarray of shape (n_articles, N_HASHES)
        From :func:`signature`.
    threshold : float
        Estimated Jaccard similarity of shingle sets from which two articles
        count as duplicates (1.0: exact copies only).

    Returns
    -------
    ndarray of int
        ``clusters[i] == i`` for an article without an earlier duplicate.
    """
    forest = _Forest(len(signatures))
    rows = N_HASHES // BANDS
    for band in range(BANDS):
        keys = np.ascontiguousarray(signatures[:, band * rows:(band + 1) * rows]).view(f"V{8 * rows}").ravel()
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        same = np.flatnonzero(sorted_keys[1:] == sorted_keys[:-1])
        for pos in same:  # neighbours in sort order share the band: candidate pair
            a, b = int(order[pos]), int(order[pos + 1])
            if forest.root(a) != forest.root(b) and np.mean(signatures[a] == signatures[b]) >= threshold:
                forest.join(a, b)
    return forest.roots()


def split_groups(names: Sequence[str], clusters: np.ndarray) -> np.ndarray:
    """Group of every article for grouped cross-validation.

    Articles share a group if they share a non-empty group name (the outlet)
    or a duplicate cluster, directly or through others.
    """
    forest = _Forest(len(names))
    for i, c in enumerate(clusters):
        forest.join(i, int(c))
    first: dict[str, int] = {}
    for i, name in enumerate(names):
        if name:
            forest.join(i, first.setdefault(name, i))
    return forest.roots()


class _Forest:
    """Union-find whose roots are the smallest member, so results do not depend on join order."""

    def __init__(self, n: int):
        self.parent = list(range(n))

    def root(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.root(a), self.root(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def roots(self) -> np.ndarray:
        return np.array([self.root(i) for i in range(len(self.parent))], dtype=np.int64)
