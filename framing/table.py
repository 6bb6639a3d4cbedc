"""Scores as a table: one row per article, a column per head label (pandas, an optional extra).

    >>> frame = framing.to_frame(framing.pipe(((r.text, r.id) for r in rows), as_tuples=True))
    >>> frame = framing.score_frame(df, text="body")          # a DataFrame column scored, in place of rows

Columns, for each head ``h`` of the bundle: ``h`` (the predicted label, or the list of labels
of a multi-label head) and ``h:label`` (each label's probability); ``empty`` (the text had no
words); with ``features=True``, every feature-layer value as ``feature:name``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:
    import pandas as pd

    from .pipeline import Score

#: Separates a head from its label, or ``feature`` from a feature name, in column names.
SEP = ":"


def _pandas():
    try:
        import pandas
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("framing.to_frame needs pandas: pip install 'framing[table]'") from None
    return pandas


def score_row(score: "Score", features: bool = False) -> dict[str, Any]:
    """One article's row: labels, probabilities, ``empty``, and the feature values if asked."""
    row: dict[str, Any] = {}
    for head, probabilities in score.heads.items():
        label = score.labels[head]
        row[head] = list(label) if isinstance(label, list) else label
        row.update({f"{head}{SEP}{name}": p for name, p in probabilities.items()})
    row["empty"] = score.empty
    if features:
        row.update({f"feature{SEP}{name}": value for name, value in score.features.items()})
    return row


def to_frame(scores: Iterable[Any], features: bool = False, index: Iterable[Any] | None = None,
             index_name: str = "id") -> "pd.DataFrame":
    """A DataFrame of scores, one row per article in input order.

    Parameters
    ----------
    scores : iterable of Score, or of (Score, id) pairs
        From :func:`framing.score_many`, or :func:`framing.pipe` (``as_tuples=True`` pairs give
        the index); a generator is consumed row by row.
    features : bool
        Add every feature-layer value as a ``feature:<name>`` column.
    index : iterable, optional
        The row labels (article ids); default: the pairs' second items, else 0, 1, 2, …
    index_name : str

    Returns
    -------
    pandas.DataFrame
    """
    pandas = _pandas()
    rows, ids = [], []
    for item in scores:
        score, key = item if isinstance(item, tuple) else (item, None)
        rows.append(score_row(score, features))
        ids.append(key)
    if index is not None:
        ids = list(index)
        if len(ids) != len(rows):
            raise ValueError(f"{len(ids)} index labels for {len(rows)} scores")
    frame = pandas.DataFrame(rows)
    if any(i is not None for i in ids):
        frame.index = pandas.Index(ids, name=index_name)
    return frame


def score_frame(frame: "pd.DataFrame", text: str = "text", model: Any = None, features: bool = False,
                n_jobs: int = 1, batch_size: int = 32, show_progress: bool = True) -> "pd.DataFrame":
    """Score a DataFrame's text column: the scores' table, with the frame's index.

    Raises
    ------
    KeyError
        If ``frame`` has no column ``text``.
    """
    from .pipeline import pipeline_for

    if text not in frame.columns:
        raise KeyError(f"no column {text!r} to score; columns: {list(frame.columns)[:10]}")
    scores = pipeline_for(model).pipe(frame[text].tolist(), show_progress=show_progress, n_jobs=n_jobs, batch_size=batch_size)
    out = to_frame(scores, features=features)
    out.index = frame.index
    return out
