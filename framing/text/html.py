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
    # not after a space or tab: from there the run was already tried (and failed) at its start,
    # and reading it again from each of its characters was quadratic in a run with no line break
    r"|(?P<space>(?<![ \t])[ \t]*\n[ \t\n]*)",
    re.DOTALL | re.IGNORECASE,
)
# What may start after the last ">" of a text: every other token ends with one.
_TAIL_TOKENS = re.compile(
    r"(?P<comment><!--.*)"
    r"|(?P<entity>&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?)"
    r"|(?P<space>(?<![ \t])[ \t]*\n[ \t\n]*)",
    re.DOTALL | re.IGNORECASE,
)

_LOOKS_LIKE_HTML = re.compile(
    r"<(?:!doctype\s+html|html|body|head|p|div|br|span|article|section|h[1-6]|script|meta|a\s+href)\b[^>]*>",
    re.IGNORECASE,
)


def looks_like_html(text: str) -> bool:
    """True when ``text`` carries at least two HTML tags (one stray ``<b>`` is not a page)."""
    found = 0
    # a tag ends with ">": after the last one, each "<p" would be read to the end of the text
    for _ in _LOOKS_LIKE_HTML.finditer(text, 0, text.rfind(">") + 1):
        found += 1
        if found >= 2:
            return True
    return False


def html_edits(text: str) -> Iterator[Edit]:
    """Yield the edits that turn HTML markup into plain text."""
    # Tags are searched for only up to the last ">" (unclosed, each "<a" after it was read to the
    # end of the text: quadratic); an unclosed comment or dropped element found there runs on to the end.
    head_end = text.rfind(">") + 1
    for m in _HTML_TOKENS.finditer(text, 0, head_end):
        kind = m.lastgroup
        if m.end() == head_end and kind in ("comment", "dropped") and not _closed(m):
            yield Edit(m.start(), len(text), "")
            return
        edit = _edit(m)
        if edit is not None:
            yield edit
    for m in _TAIL_TOKENS.finditer(text, head_end):
        edit = _edit(m)
        if edit is not None:
            yield edit


def _closed(m: re.Match) -> bool:
    """Whether a comment or dropped element ends with its closing mark (not at the end of the search)."""
    if m.lastgroup == "comment":
        return m.group()[4:].endswith("-->")
    body = m.group()[m.group().index(">") + 1:]  # after the opening tag
    return re.search(rf"</{m.group('tag')}\s*>\Z", body, re.IGNORECASE) is not None


def _edit(m: re.Match) -> Edit | None:
    """The edit for one token (None for an entity that decodes to itself)."""
    kind = m.lastgroup
    if kind == "block":
        new = "\n\n"
    elif kind == "entity":
        new = html.unescape(m.group())
        if new == m.group():
            return None
    elif kind == "space":
        new = " "
    else:
        new = ""
    return Edit(m.start(), m.end(), new)
