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

_REPLACEMENTS = {
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb\u300c\u300d\u300e\u300f\u301d\u301e\uff02", '"'),
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2039\u203a\u2032\u00b4\uff07", "'"),
    **dict.fromkeys("\u2014\u2013\u2015\u2e3a\u2e3b", " - "),
    **dict.fromkeys("\u2010\u2011\u2012\u2212\ufe63\uff0d", "-"),
    **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad", ""),
    **dict.fromkeys("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000", " "),
    "\u2026": "...",
    "\r": "",
    "\u2028": "\n",
    "\u2029": "\n\n",
}

_SPECIAL = re.compile("[" + "".join(re.escape(c) for c in _REPLACEMENTS) + "]")
# A base character with the combining marks after it: the unit NFC works on.
_COMPOSABLE = re.compile(r"[^\u0300-\u036f][\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u3099\u309a]+|[^\x00-\x7f]|\r")


def normalization_edits(text: str) -> Iterator[Edit]:
    """Yield the edits that normalise ``text`` (sorted, non-overlapping)."""
    nfc = unicodedata.is_normalized("NFC", text)
    if nfc and text.isascii():
        for m in _SPECIAL.finditer(text):  # only "\r" can be special in ASCII
            yield Edit(m.start(), m.end(), _REPLACEMENTS[m.group()])
        return
    pattern = _SPECIAL if nfc else _COMPOSABLE
    for m in pattern.finditer(text):
        piece = m.group()
        new = _REPLACEMENTS.get(piece)
        if new is None:
            if nfc:
                continue
            new = unicodedata.normalize("NFC", piece)
            new = _REPLACEMENTS.get(new, new)
            if new == piece:
                continue
        yield Edit(m.start(), m.end(), new)
