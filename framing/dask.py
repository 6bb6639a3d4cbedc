"""Scoring on a Dask cluster: a dask DataFrame column or a bag of texts (``pip install 'framing[dask]'``).

    >>> from dask.distributed import Client
    >>> import dask.dataframe as dd, framing.dask
    >>> client = Client("scheduler:8786")                  # or LocalCluster(), dask-jobqueue, Kubernetes...
    >>> ddf = dd.read_parquet("articles/")                  # a column "text"
    >>> scored = framing.dask.score_dataframe(ddf, text="text")
    >>> scored.to_parquet("scores/")                        # one file per partition

Each partition is scored by :func:`framing.score_frame` in the worker that holds it.  The
bundle travels as its path (a few hundred bytes) and each worker process loads it once
(:func:`framing.pipeline_for`), so the path must name the same bundle on every worker: the
shipped one, or a folder they share.  The results are those of :func:`framing.score_many`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .model import Model, ModelRef, find_bundle
from .pipeline import pipeline_for
from .table import score_frame, score_row

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe
    import pandas as pd


def _reference(model: ModelRef) -> str:
    """The bundle as a path string: what workers are sent instead of its arrays."""
    return str(model.path) if isinstance(model, Model) else str(find_bundle(model))


def meta(model: ModelRef = None, features: bool = False) -> "pd.DataFrame":
    """The empty frame :func:`score_dataframe` declares as its result: columns and dtypes."""
    import pandas

    row = score_row(pipeline_for(model).score(""), features)
    return pandas.DataFrame([row]).iloc[:0]


def _score_partition(part: "pd.DataFrame", text: str, model: str, features: bool) -> "pd.DataFrame":
    return score_frame(part, text=text, model=model, features=features, show_progress=False)


def score_dataframe(ddf: "dask.dataframe.DataFrame", text: str = "text", model: ModelRef = None,
                    features: bool = False) -> "dask.dataframe.DataFrame":
    """The scores of a dask DataFrame's text column, one row per row, its index kept (lazy).

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
    text : str
        The column holding the articles.
    model : str or path, optional
        A bundle every worker can read (default: the shipped one).
    features : bool
        Add the feature-layer values (see :func:`framing.to_frame`).
    """
    if text not in ddf.columns:
        raise KeyError(f"no column {text!r} to score; columns: {list(ddf.columns)[:10]}")
    reference = _reference(model)
    return ddf.map_partitions(_score_partition, text, reference, features, meta=meta(reference, features))


def _score_texts(texts: Any, model: str) -> list:
    return list(pipeline_for(model).pipe(list(texts), show_progress=False))


def score_bag(bag: "dask.bag.Bag", model: ModelRef = None) -> "dask.bag.Bag":
    """A bag of :class:`~framing.Score` for a bag of texts, in order (lazy).

    A score pickles without its reading (a few kB plus its text) and with its bundle as a path,
    so it can be gathered to the client, where ``explain()`` and ``actors`` rebuild what they need.
    """
    reference = _reference(model)
    return bag.map_partitions(_score_texts, reference)
