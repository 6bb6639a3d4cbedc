"""A progress bar on a terminal or in a notebook, nothing otherwise (logs and pipes stay clean)."""

from __future__ import annotations

import sys
from typing import Iterable, Iterator, TypeVar

T = TypeVar("T")


def in_notebook() -> bool:
    """Whether this runs in a Jupyter kernel (whose stderr is not a terminal, yet shows a bar)."""
    ipython = sys.modules.get("IPython")
    shell = getattr(ipython, "get_ipython", lambda: None)() if ipython is not None else None
    return type(shell).__name__ == "ZMQInteractiveShell"


def progress(items: Iterable[T], total: int | None = None, desc: str = "", enabled: bool = True) -> Iterator[T] | Iterable[T]:
    """``items``, wrapped in a tqdm bar when ``enabled`` and stderr is a terminal or a notebook shows it."""
    if not enabled:
        return items
    if in_notebook():
        from tqdm.auto import tqdm  # a widget where ipywidgets is installed, text otherwise
    elif sys.stderr.isatty():
        from tqdm import tqdm  # imported only when a bar is drawn: keeps start-up fast
    else:
        return items
    return tqdm(items, total=total, desc=desc, leave=False, unit="art")
