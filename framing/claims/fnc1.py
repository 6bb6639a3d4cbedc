"""The FNC-1 stance data set: reading it, its official score, and honest splits.

FNC-1 pairs headlines (claims) with article bodies; each body and each
headline occurs in many pairs.  A model evaluated on pairs whose body it saw in
training is flattered, so splits group pairs by body, or more strictly by
*claim cluster*: the connected parts of the graph whose edges are the related
pairs, so that neither the held-out bodies nor their headlines were seen.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping, NamedTuple, Sequence

import numpy as np

from ..corpus import CorpusError, json_rows

#: The classes, in the order of probability columns.
LABELS = ("agree", "disagree", "discuss", "unrelated")
RELATED = LABELS[:3]


class FNC1(NamedTuple):
    """FNC-1 pairs by index.

    Attributes
    ----------
    claims : list of str
        Distinct headlines.
    bodies : list of str
        Bodies, in ``body_ids`` order.
    body_ids : list of str
    pairs : ndarray of int, shape (n_pairs, 2)
        Claim index, body index.
    labels : ndarray of int
        Index into :data:`LABELS`.
    """

    claims: list[str]
    bodies: list[str]
    body_ids: list[str]
    pairs: np.ndarray
    labels: np.ndarray


#: Where :func:`read_pairs` finds each value in a JSON object, by default (FNC-1's names).
PAIR_FIELDS = {"claim": "headline", "label": "stance", "body_id": "body_id", "text": "text"}


def read_pairs(files: Sequence[str | os.PathLike], bodies: str | os.PathLike | None = None,
               fields: Mapping[str, str] | None = None) -> FNC1:
    """Claim–text pairs with their stance, from JSON Lines files.

    Parameters
    ----------
    files : sequence of paths
        One object per pair: the claim, the stance label, and either the text
        itself or the id of a text in ``bodies`` (FNC-1's layout).
    bodies : path, optional
        One object per text: its id and its text.
    fields : mapping, optional
        Value → JSON key, overriding :data:`PAIR_FIELDS`.

    Raises
    ------
    CorpusError
        On an unreadable line, a missing value, an unknown body id or a label
        outside :data:`LABELS`; the message names the file and line.
    """
    keys = {**PAIR_FIELDS, **(fields or {})}

    def value(row: dict, key: str, where: str) -> str:
        found = row.get(keys[key])
        if not isinstance(found, (str, int)) or found == "":
            raise CorpusError(f"{where}: no {key} (field {keys[key]!r})")
        return str(found)

    texts: list[str] = []
    text_index: dict[str, int] = {}  # body id, or the text itself for pairs that carry it
    if bodies is not None:
        for where, row in json_rows(bodies):
            body_id = value(row, "body_id", where)
            if body_id in text_index:
                raise CorpusError(f"{where}: body id {body_id!r} given twice")
            text_index[body_id] = len(texts)
            texts.append(value(row, "text", where))
    claim_index: dict[str, int] = {}
    pairs, labels = [], []
    for path in files:
        for where, row in json_rows(path):
            label = value(row, "label", where)
            if label not in LABELS:
                raise CorpusError(f"{where}: unknown stance {label!r}; allowed: {list(LABELS)}")
            if keys["body_id"] in row and bodies is not None:
                body_id = value(row, "body_id", where)
                if body_id not in text_index:
                    raise CorpusError(f"{where}: body id {body_id!r} is not in {bodies}")
                body = text_index[body_id]
            else:
                text = value(row, "text", where)
                body = text_index.setdefault(text, len(texts))
                if body == len(texts):
                    texts.append(text)
            pairs.append((claim_index.setdefault(value(row, "claim", where), len(claim_index)), body))
            labels.append(LABELS.index(label))
    if not pairs:
        raise CorpusError(f"{', '.join(map(str, files))}: no claim–text pairs")
    ids = list(text_index) if bodies is not None else [str(i) for i in range(len(texts))]
    return FNC1(list(claim_index), texts, ids, np.array(pairs, dtype=np.int64), np.array(labels, dtype=np.int64))


def load_fnc1(folder: str | os.PathLike, stances: str = "train_stances.jsonl", bodies: str = "train_bodies.jsonl") -> FNC1:
    """Read FNC-1 from its two JSON Lines files (``body_id``/``text``; ``headline``/``body_id``/``stance``)."""
    return read_pairs([Path(folder) / stances], Path(folder) / bodies)


def fnc_score(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """The FNC-1 weighted score as a share of its maximum.

    A pair earns 0.25 when related-versus-unrelated is right, and 0.75 more
    when a related pair gets its exact class.
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    unrelated = LABELS.index("unrelated")
    true_related, pred_related = y_true != unrelated, y_pred != unrelated
    score = 0.25 * (true_related == pred_related) + 0.75 * (true_related & (y_true == y_pred))
    best = 0.25 + 0.75 * true_related
    return float(score.sum() / best.sum())


def claim_clusters(data: FNC1) -> np.ndarray:
    """Cluster of each pair: connected parts of the claim–body graph of related pairs (by body)."""
    related = data.labels != LABELS.index("unrelated")
    n_claims, n_bodies = len(data.claims), len(data.bodies)
    c, b = data.pairs[related, 0], data.pairs[related, 1] + n_claims
    n = n_claims + n_bodies
    from scipy.sparse import coo_matrix  # an evaluation split: scoring never needs scipy
    from scipy.sparse.csgraph import connected_components

    graph = coo_matrix((np.ones(len(c)), (c, b)), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    return component[data.pairs[:, 1] + n_claims]


def claim_split_folds(data: FNC1, n_splits: int = 5, seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """Train/test pair indices with claim clusters held out: no test body *or* headline seen in training.

    Clusters are dealt to folds at random; a pair whose claim and body fall in
    different folds' clusters (an unrelated pair) is used only when both are
    on the same side, so it is dropped from test and train of the other folds.
    """
    n_claims = len(data.claims)
    cluster_of_body = claim_clusters(data)
    rng = np.random.default_rng(seed)
    clusters = np.unique(cluster_of_body)
    fold_of_cluster = dict(zip(clusters.tolist(), rng.permutation(len(clusters)) % n_splits))
    related = data.labels != LABELS.index("unrelated")
    # a claim belongs to the cluster of its related bodies
    claim_fold = np.full(n_claims, -1)
    claim_fold[data.pairs[related, 0]] = [fold_of_cluster[c] for c in cluster_of_body[related]]
    body_fold = np.array([fold_of_cluster[c] for c in cluster_of_body])
    folds = []
    for f in range(n_splits):
        test = (claim_fold[data.pairs[:, 0]] == f) & (body_fold == f)
        train = (claim_fold[data.pairs[:, 0]] != f) & (body_fold != f)
        folds.append((np.flatnonzero(train), np.flatnonzero(test)))
    return folds
