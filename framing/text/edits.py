"""Rewrite a string while keeping the way back to the original offsets.

Every cleaning step (HTML removal, Unicode normalisation, boilerplate removal)
is expressed as a sorted list of non-overlapping edits ``(start, end, new)``.
:func:`apply_edits` performs them and returns an :class:`OffsetMap` that sends
any span of the new string back to the span of the old string it came from.
Maps compose, so the final cleaned text maps straight back to the caller's text.
"""

from __future__ import annotations

from typing import Iterable, NamedTuple

import numpy as np


class Edit(NamedTuple):
    start: int
    end: int
    new: str


class OffsetMap:
    """Map spans of a rewritten string back to its source.

    ``starts[i]`` is the source offset where the piece that produced character
    ``i`` begins and ``ends[i]`` where it ends, so the new span ``[s, e)`` comes
    from the source span ``[starts[s], ends[e - 1])``.  ``None`` arrays mean the
    identity map (nothing was rewritten), the common case, which costs nothing.
    """

    __slots__ = ("starts", "ends", "source_length")

    def __init__(self, starts: np.ndarray | None, ends: np.ndarray | None, source_length: int):
        self.starts = starts
        self.ends = ends
        self.source_length = source_length

    @classmethod
    def identity(cls, length: int) -> "OffsetMap":
        return cls(None, None, length)

    @property
    def is_identity(self) -> bool:
        return self.starts is None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Source span of the new span ``[start, end)``."""
        if self.starts is None:
            return start, end
        if end <= start:  # empty span: anchor it where the next character came from
            pos = int(self.starts[start]) if start < len(self.starts) else self.source_length
            return pos, pos
        return int(self.starts[start]), int(self.ends[end - 1])

    def then(self, later: "OffsetMap") -> "OffsetMap":
        """Compose: ``later`` maps a newer string onto the string this map starts from."""
        if later.starts is None:
            return self
        if self.starts is None:
            return OffsetMap(later.starts, later.ends, self.source_length)
        if len(later.starts) == 0:
            return OffsetMap(later.starts, later.ends, self.source_length)
        return OffsetMap(self.starts[later.starts], self.ends[later.ends - 1], self.source_length)


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, OffsetMap]:
    """Apply sorted, non-overlapping edits to ``text``.

    Returns
    -------
    new_text : str
    offset_map : OffsetMap
        Maps spans of ``new_text`` back to spans of ``text``.
    """
    pieces: list[str] = []
    # One run per kept stretch or replacement: its length in the new text, the
    # source span it comes from, and whether it is a copy (offsets advance) or
    # a replacement (every character maps to the whole source span).
    run_len: list[int] = []
    run_start: list[int] = []
    run_end: list[int] = []
    run_copy: list[bool] = []
    pos = 0
    for start, end, new in edits:
        if start < pos:
            raise ValueError(f"overlapping edit at {start} (previous edit ended at {pos})")
        if start > pos:
            pieces.append(text[pos:start])
            run_len.append(start - pos), run_start.append(pos), run_end.append(start), run_copy.append(True)
        if new:
            pieces.append(new)
            run_len.append(len(new)), run_start.append(start), run_end.append(end), run_copy.append(False)
        pos = end
    if not run_len and pos == 0:
        return text, OffsetMap.identity(len(text))
    if pos < len(text):
        pieces.append(text[pos:])
        run_len.append(len(text) - pos), run_start.append(pos), run_end.append(len(text)), run_copy.append(True)
    lengths = np.asarray(run_len, dtype=np.int64)
    which = np.repeat(np.arange(len(lengths)), lengths)
    first = np.cumsum(lengths) - lengths
    within = np.arange(int(lengths.sum()), dtype=np.int64) - first[which]
    copy = np.asarray(run_copy, dtype=bool)[which]
    src_start = np.asarray(run_start, dtype=np.int64)[which]
    starts = np.where(copy, src_start + within, src_start)
    ends = np.where(copy, starts + 1, np.asarray(run_end, dtype=np.int64)[which])
    return "".join(pieces), OffsetMap(starts, ends, len(text))
