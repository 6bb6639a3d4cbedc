"""Work on batches in worker processes, results in input order, with bounded memory.

:func:`ordered_batches` is what :meth:`framing.Pipeline.pipe` runs with ``n_jobs > 1``: each
worker builds its state once (the pipeline: the bundle loaded once per process), batches go
out as the caller's iterable yields them, at most a few per worker in flight, and results come
back in input order.  Nothing is held beyond the batches in flight, so a generator of a
million texts streams through in constant memory.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import platform
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Batches in flight per worker: enough to keep each busy while the parent unpickles results.
IN_FLIGHT = 3

_state: Any = None  # the worker's state, built once per worker process by its initializer


def _start(build: Callable[..., Any], args: tuple) -> None:
    global _state
    _state = build(*args)
    # What the worker inherited or built is kept to its end: out of the collector's sight, a full
    # collection does not walk (and, in a forked worker, copy the pages of) the loaded model.
    gc.freeze()


def _run(work: Callable[[Any, list], list], batch: list) -> list:
    return work(_state, batch)


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last may be shorter)."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def default_context() -> multiprocessing.context.BaseContext:
    """fork where the platform has it and it is safe (Linux): workers start in milliseconds, sharing
    the parent's loaded modules; spawn elsewhere."""
    safe = "fork" in multiprocessing.get_all_start_methods() and platform.system() != "Darwin"
    return multiprocessing.get_context("fork" if safe else "spawn")


def ordered_batches(work: Callable[[Any, list[T]], list[R]], items: Iterable[T], build: Callable[..., Any],
                    build_args: tuple = (), n_jobs: int = 2, batch_size: int = 32) -> Iterator[list[R]]:
    """``work(state, batch)`` for each batch of ``items``, in ``n_jobs`` worker processes, yielded in order.

    Parameters
    ----------
    work : callable
        A module-level function (it is pickled by reference): ``work(state, batch) -> results``.
    build, build_args
        Each worker's state is ``build(*build_args)``, built once when the worker starts.
    n_jobs : int
        Worker processes; ``-1`` for one per core.
    batch_size : int
        Items sent to a worker at a time.

    Notes
    -----
    An exception in a worker is raised here, at the batch it came from; the batches after it
    are cancelled.
    """
    if n_jobs < 0:
        n_jobs = os.cpu_count() or 1
    if n_jobs < 1 or batch_size < 1:
        raise ValueError(f"n_jobs and batch_size must be positive (or n_jobs=-1), got {n_jobs} and {batch_size}")
    with ProcessPoolExecutor(n_jobs, mp_context=default_context(), initializer=_start, initargs=(build, build_args)) as pool:
        pending: deque[Future] = deque()
        try:
            for batch in batches(items, batch_size):
                pending.append(pool.submit(_run, work, batch))
                if len(pending) >= n_jobs * IN_FLIGHT:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
