"""Evaluate a bundle on a corpus: per head, the scores of its predictions against the labels."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import numpy as np

from ..corpus import HeadData
from ..model.metrics import multilabel_scores, single_label_scores
from ..pipeline import Pipeline
from .train import _log, load_heads


def evaluate(corpus: str | Path, model: Any = None, head: str | list[str] | None = None, show_progress: bool = True,
             log: Callable[[str], None] = _log) -> dict[str, Any]:
    """Scores of ``model`` on every head of ``corpus`` that the model has.

    A head is evaluated on its manifest's ``heldout`` files when it has them,
    otherwise on its ``data`` files; ``split`` says which, because scores on
    the files a model was trained on are not held-out scores.

    Returns
    -------
    dict
        Head → ``{"split", "files", "n", "accuracy", "macro_f1", "confusion"…}``
        (multi-label: ``micro_f1``, ``macro_f1``, ``exact_match``).
    """
    pipeline = Pipeline(model)
    loaded = pipeline.model
    results = {}
    for data in load_heads(corpus, head, log):
        if not isinstance(data, HeadData):
            log(f"{data.head!r} is a {data.manifest.kind} model: its held-out figures are in the bundle's card; skipped")
            continue
        if data.head not in loaded.heads:
            log(f"head {data.head!r} is not in model {loaded.path}; skipped")
            continue
        split = "heldout" if data.heldout else "data"
        articles = data.heldout or data.articles
        h = loaded.heads[data.head]
        index = {label: i for i, label in enumerate(h.labels)}
        articles = [a for a in articles if all(x in index for x in a.labels)]
        scores = list(pipeline.pipe([a.text for a in articles], show_progress=show_progress))
        if data.manifest.multilabel:
            y = np.zeros((len(articles), len(h.labels)), dtype=np.int64)
            pred = np.zeros_like(y)
            for row, (a, s) in enumerate(zip(articles, scores)):
                y[row, [index[x] for x in a.labels]] = 1
                pred[row, [index[x] for x in s.labels[data.head]]] = 1
            result = multilabel_scores(y, pred, h.labels)
        else:
            y = np.array([index[a.labels[0]] for a in articles], dtype=np.int64)
            pred = np.array([index[s.labels[data.head]] for s in scores], dtype=np.int64)
            result = single_label_scores(y, pred, h.labels)
        files = data.manifest.heldout if data.heldout else data.manifest.data
        results[data.head] = {"split": split, "files": [str(p) for p in files], **result}
    return results
