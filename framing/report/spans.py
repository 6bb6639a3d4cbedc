"""Overlapping spans made markup-safe: split where they cross, so every piece nests.

HTML elements must nest, but evidence spans may overlap partly (an
attribution phrase that ends inside a quotation).  :func:`nest_spans` cuts a
span where it crosses the end of a span opened before it; the pieces of all
spans then form a tree that opening and closing tags can follow.
"""

from __future__ import annotations

from typing import Iterator, NamedTuple, Sequence


class Piece(NamedTuple):
    """A part of one span that nests with every other piece.

    Attributes
    ----------
    start, end : int
        The piece's offsets (``start < end``).
    index : int
        Which input span it belongs to.
    depth : int
        How many pieces enclose it (0: outermost).
    """

    start: int
    end: int
    index: int
    depth: int


class Tag(NamedTuple):
    """An opening (``opens=True``) or closing tag of a :class:`Piece`, at offset ``pos``."""

    pos: int
    opens: bool
    piece: Piece


def nest_spans(spans: Sequence[tuple[int, int]]) -> list[Piece]:
    """Pieces of ``spans`` that nest: any two are disjoint or one holds the other.

    Every span is covered exactly by its pieces.  Of spans that start at the
    same offset the longer one is outside; a span that runs past the end of
    an enclosing span is cut there and continues as a new piece.  Empty spans
    give no piece.

    Parameters
    ----------
    spans : sequence of (start, end)

    Returns
    -------
    list of Piece
        In document order: by start, outer before inner.
    """
    order = sorted((i for i, (s, e) in enumerate(spans) if e > s), key=lambda i: (spans[i][0], -spans[i][1], i))
    bounds = sorted({p for i in order for p in spans[i]})
    pieces: list[Piece] = []
    stack: list[list[int]] = []  # [span index, start of its current piece]
    nxt = 0
    for pos in bounds:
        ending = [k for k, (i, _) in enumerate(stack) if spans[i][1] == pos]
        if ending:
            # close down to the lowest span ending here; the ones above it go on as new pieces
            cut = ending[0]
            for k in range(len(stack) - 1, cut - 1, -1):
                i, begun = stack[k]
                pieces.append(Piece(begun, pos, i, k))
            stack = stack[:cut] + [[i, pos] for i, _ in stack[cut:] if spans[i][1] != pos]
        while nxt < len(order) and spans[order[nxt]][0] == pos:
            stack.append([order[nxt], pos])
            nxt += 1
    return sorted(pieces, key=lambda p: (p.start, -p.end, p.depth))


def tags(pieces: Sequence[Piece]) -> Iterator[Tag]:
    """Opening and closing tags of nested pieces, in the order markup needs them.

    At one offset, closing tags come first (innermost first), then opening
    tags (outermost first).
    """
    opens = sorted(pieces, key=lambda p: (p.start, p.depth))
    closes = sorted(pieces, key=lambda p: (p.end, -p.depth))
    i = j = 0
    while i < len(opens) or j < len(closes):
        if j < len(closes) and (i == len(opens) or closes[j].end <= opens[i].start):
            yield Tag(closes[j].end, False, closes[j])
            j += 1
        else:
            yield Tag(opens[i].start, True, opens[i])
            i += 1
