"""Rewrite a string while keeping the way back to the original offsets.

Every cleaning step (HTML removal, Unicode normalisation, boilerplate removal)
is expressed as a sorted list of non-overlapping edits ``(start, end, new)``.
:func:`apply_edits` performs them and returns an :class:`OffsetMap` that sends
any span of the new string back to the span of the old string it came from.
Maps chain, so the final cleaned text maps straight back to the caller's text.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Iterable, NamedTuple

import numpy as np


class Edit(NamedTuple):
    start: int
    end: int
    new: str


class _Layer(NamedTuple):
    """The edits of one step, as positions in the new and the old string."""

    new_starts: list[int]
    new_ends: list[int]
    old_starts: list[int]
    old_ends: list[int]


class OffsetMap:
    """Map spans of a rewritten string back to its source.

    Holds one layer of edits per cleaning step; a span goes back through the
    layers, newest first, with two binary searches per layer.  No layers means
    the identity map, the common case, which costs nothing.
    """

    __slots__ = ("_arrays", "_newest_first", "layers", "source_length")

    def __init__(self, layers: tuple[_Layer, ...], source_length: int):
        self.layers = layers
        self.source_length = source_length
        self._newest_first = layers[::-1]
        self._arrays: list[tuple[np.ndarray, ...]] | None = None  # the layers as arrays, for :meth:`starts`

    @classmethod
    def identity(cls, length: int) -> "OffsetMap":
        return cls((), length)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Source span of the new span ``[start, end)``: its first and last characters go back
        through the layers, newest first (an empty span is anchored at its start)."""
        if end <= start:
            for new_starts, new_ends, old_starts, old_ends in self._newest_first:
                i = bisect_right(new_starts, start) - 1
                if i >= 0:
                    start = old_starts[i] if start < new_ends[i] else start + old_ends[i] - new_ends[i]
            return start, start
        last = end - 1
        for new_starts, new_ends, old_starts, old_ends in self._newest_first:
            i = bisect_right(new_starts, start) - 1
            if i >= 0:  # inside a replacement, a character stands for the whole old span
                start = old_starts[i] if start < new_ends[i] else start + old_ends[i] - new_ends[i]
            i = bisect_right(new_starts, last) - 1
            if i >= 0:
                last = old_ends[i] - 1 if last < new_ends[i] else last + old_ends[i] - new_ends[i]
        return start, last + 1

    def starts(self, positions: np.ndarray) -> np.ndarray:
        """Where each character at ``positions`` came from: the start of :meth:`span`
        of a span that begins there, for many at once."""
        out = np.asarray(positions, dtype=np.int64)
        if self._arrays is None:
            self._arrays = [tuple(np.asarray(v, dtype=np.int64) for v in layer) for layer in self._newest_first]
        for new_starts, new_ends, old_starts, old_ends in self._arrays:
            i = np.searchsorted(new_starts, out, side="right") - 1
            j = np.maximum(i, 0)
            moved = np.where(out < new_ends[j], old_starts[j], out + old_ends[j] - new_ends[j])
            out = np.where(i >= 0, moved, out)
        return out

    def then(self, later: "OffsetMap") -> "OffsetMap":
        """Chain: ``later`` maps a newer string onto the string this map starts from."""
        return OffsetMap(self.layers + later.layers, self.source_length)


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, OffsetMap]:
    """Apply sorted, non-overlapping edits to ``text``.

    Returns
    -------
    new_text : str
    offset_map : OffsetMap
        Maps spans of ``new_text`` back to spans of ``text``.
    """
    pieces: list[str] = []
    layer = _Layer([], [], [], [])
    pos = 0
    new_pos = 0
    for start, end, new in edits:
        if start < pos:
            raise ValueError(f"overlapping edit at {start} (previous edit ended at {pos})")
        pieces.append(text[pos:start])
        pieces.append(new)
        new_pos += start - pos
        layer.new_starts.append(new_pos)
        new_pos += len(new)
        layer.new_ends.append(new_pos)
        layer.old_starts.append(start)
        layer.old_ends.append(end)
        pos = end
    if not layer.new_starts:
        return text, OffsetMap.identity(len(text))
    pieces.append(text[pos:])
    return "".join(pieces), OffsetMap((layer,), len(text))
