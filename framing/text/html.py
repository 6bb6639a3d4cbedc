"""Reduce HTML to its text, keeping offsets into the markup.

Only what a reader sees survives: scripts, styles, comments and the usual page
furniture (``nav``, ``footer``, ``aside``, forms, SVG) are dropped with their
content, block elements become paragraph breaks, entities are decoded, and
source line breaks collapse to spaces as a browser would show them.
"""

from __future__ import annotations

import html
import re
from typing import Iterator

from .edits import Edit

_DROPPED = "script|style|noscript|template|svg|nav|footer|aside|form|button|iframe|select|head"
_BLOCK = (
    "p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|section|article|header|blockquote|pre|hr|"
    "title|figure|figcaption|main|dd|dt|dl|body|html"
)
_HTML_TOKENS = re.compile(
    r"(?P<comment><!--.*?(?:-->|\Z))"
    rf"|(?P<dropped><(?P<tag>{_DROPPED})\b[^>]*>.*?(?:</(?P=tag)\s*>|\Z))"
    rf"|(?P<block></?(?:{_BLOCK})\b[^>]*>)"
    r"|(?P<tag_other></?[A-Za-z!?][^>]*>)"
    r"|(?P<entity>&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?)"
    r"|(?P<space>[ \t]*\n[ \t\n]*)",
    re.DOTALL | re.IGNORECASE,
)
_LOOKS_LIKE_HTML = re.compile(
    r"<(?:!doctype\s+html|html|body|head|p|div|br|span|article|section|h[1-6]|script|meta|a\s+href)\b[^>]*>",
    re.IGNORECASE,
)


def looks_like_html(text: str) -> bool:
    """True when ``text`` carries at least two HTML tags (one stray ``<b>`` is not a page)."""
    found = 0
    for _ in _LOOKS_LIKE_HTML.finditer(text):
        found += 1
        if found >= 2:
            return True
    return False


def html_edits(text: str) -> Iterator[Edit]:
    """Yield the edits that turn HTML markup into plain text."""
    for m in _HTML_TOKENS.finditer(text):
        kind = m.lastgroup
        if kind == "block":
            new = "\n\n"
        elif kind == "entity":
            new = html.unescape(m.group())
            if new == m.group():
                continue
        elif kind == "space":
            new = " "
        else:
            new = ""
        yield Edit(m.start(), m.end(), new)
