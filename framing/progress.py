"""A progress bar on a terminal, nothing otherwise (logs and pipes stay clean)."""

from __future__ import annotations

import sys
from typing import Iterable, Iterator, TypeVar

T = TypeVar("T")


def progress(items: Iterable[T], total: int | None = None, desc: str = "", enabled: bool = True) -> Iterator[T] | Iterable[T]:
    """``items``, wrapped in a tqdm bar when ``enabled`` and stderr is a terminal."""
    if not (enabled and sys.stderr.isatty()):
        return items
    from tqdm import tqdm  # imported only when a bar is drawn: keeps start-up fast

    return tqdm(items, total=total, desc=desc, leave=False, unit="art")
