"""Unicode clean-up that the matchers rely on: one quote style, one dash style.

Curly, angled and CJK quotes become ``"`` and ``'``; dashes become ``-`` (a
spaced `` - `` for em and en dashes, which join clauses); zero-width characters
and soft hyphens vanish; exotic spaces become a plain space; decomposed
characters are composed (NFC).  The edits are returned, not applied, so the
caller keeps the map back to the original offsets.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterator

from .edits import Edit

# Same-length replacements keep every offset, so they need no map: one pass of str.translate.
_ONE_TO_ONE = {
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb\u300c\u300d\u300e\u300f\u301d\u301e\uff02", '"'),
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2039\u203a\u2032\u00b4\uff07", "'"),
    **dict.fromkeys("\u2010\u2011\u2012\u2212\ufe63\uff0d", "-"),
    **dict.fromkeys("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t", " "),
    "\u2028": "\n",
}
# Replacements that change the length go through the offset map.
_REPLACEMENTS = {
    **dict.fromkeys("\u2014\u2013\u2015\u2e3a\u2e3b", " - "),
    **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad", ""),
    "\u2026": "...",
    "\r": "",
    "\u2029": "\n\n",
}

_SPECIAL = re.compile("[" + "".join(re.escape(c) for c in _REPLACEMENTS) + "]")
_NON_ASCII_ONE_TO_ONE = re.compile("[" + "".join(re.escape(c) for c in _ONE_TO_ONE if not c.isascii()) + "]")
# Where a unit below can start, found by one character class (a search of
# _COMPOSABLE itself tries its alternatives at every character).
_NOT_PLAIN_ASCII = re.compile(r"[^\x00-\x0c\x0e-\x7f]")
# A base character with the combining marks after it: the unit NFC works on.
_COMPOSABLE = re.compile(r"[^\u0300-\u036f][\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u3099\u309a]+|[^\x00-\x7f]|\r")


def normalize_same_length(text: str) -> str:
    """Straighten quotes, hyphens and spaces; the result has the same length and offsets."""
    if not text.isascii():
        # a few distinct characters, each replaced everywhere in C (a callback per occurrence costs more)
        for char in set(_NON_ASCII_ONE_TO_ONE.findall(text)):
            text = text.replace(char, _ONE_TO_ONE[char])
    return text.replace("\t", " ")


def normalization_edits(text: str) -> Iterator[Edit]:
    """Yield the length-changing edits that normalise ``text`` (sorted, non-overlapping).

    Apply :func:`normalize_same_length` first.
    """
    if text.isascii() and "\r" not in text:
        return  # the characters to replace are not ASCII but "\r", and ASCII is NFC
    if unicodedata.is_normalized("NFC", text):
        for m in _SPECIAL.finditer(text):
            yield Edit(m.start(), m.end(), _REPLACEMENTS[m.group()])
        return
    end = 0
    for hit in _NOT_PLAIN_ASCII.finditer(text):
        pos = hit.start()
        if pos < end:
            continue
        # the unit may begin at the character before (an ASCII base of combining marks)
        m = (pos > end and _COMPOSABLE.match(text, pos - 1)) or _COMPOSABLE.match(text, pos)
        end = m.end()
        piece = m.group()
        new = _REPLACEMENTS.get(piece)
        if new is None:
            new = unicodedata.normalize("NFC", piece)
            new = _REPLACEMENTS.get(new, normalize_same_length(new))
            if new == piece:
                continue
        yield Edit(m.start(), m.end(), new)
