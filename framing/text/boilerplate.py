"""Find the web furniture that scraped articles carry: paywalls, credits, menus.

Works line by line.  A line is boilerplate when it matches one of the patterns
below (photo credits, "Follow us on", template placeholders such as
``{{numberArticlesLeft}}``, icon-name runs, subscription pitches, bylines and
date lines), and so is every short line in the tail of the page, after the
last line of real prose, once a boilerplate line has opened that tail: a
paywall's fragments ("within Asia itself.") match nothing on their own.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from typing import Iterator


# A line that is not blank.  Anchored at line starts: unanchored, a line of white
# space was read to its end from each of its characters (quadratic).
_LINE = re.compile(r"^[^\S\n]*\S[^\n]*", re.MULTILINE)

# Whole-line menu and section labels.
_NAV_LABELS = (
    r"log ?in|log ?out|sign ?in|sign ?up|register|subscribe|subscribe now|menu|search|home|news|"
    r"share|share this|print|email|comments?|advertisement|advertising|sponsored|sponsored content|"
    r"trending|trending now|most read|most read today|most popular|read more|related|related articles|"
    r"related stories|recommended|you may also like|more from .{0,40}|skip to (?:main )?content|"
    r"close|next|previous|back to top|listen to this article|watch|video|photos?|gallery|"
    r"politics|world|business|opinion|sports|tech|technology|science|health|entertainment|"
    r"\(?placeholder image\)?|image|copy link|show comments|hide comments"
)


def _by_first_letter(alternation: str) -> str:
    """The same alternation with its branches grouped under their first letter: the engine tries
    branches one after another, so a prose line would be tested against every label."""
    groups: dict[str, list[str]] = {}
    for branch in alternation.split("|"):
        groups.setdefault(branch[0] if branch[0].isalpha() else branch, []).append(branch)
    return "|".join(f"{key}(?:{'|'.join(b[1:] for b in branches)})" if key.isalpha() else key for key, branches in groups.items())


_NAV = _by_first_letter(_NAV_LABELS)
# Patterns that describe a whole line (tried with ``match`` at each line start).
_WHOLE_LINE = re.compile(
    "|".join(
        [
            rf"\W*(?:{_NAV})\W*$",
            r"\W*(?:photo|image|picture|illustration|video|credit|source|caption)s?\s*(?:credit)?\s*:",
            r"\W*(?:©|\(c\)|copyright\b)",
            r"\W*(?:written by|by|reporting by|edited by|posted by|updated)\s+(?-i:[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,4})\W*$",
            # date / time lines: "Jan.26 - 2024 1:48 PM CET", "May 11, 2024", "2024-05-11 12:48"
            r"\W*(?:[A-Z][a-z]{2,8}\.?\s*\d{1,2},?\s*(?:-\s*)?\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}\s+[A-Z][a-z]{2,8}\s+\d{4})"
            r"(?:\s*,?\s*\d{1,2}:\d{2}(?:\s*[AP]\.?M\.?)?(?:\s*[A-Z]{2,4})?)?\W*$",
            r"\W*(?:updated|published|posted)\b.{0,40}\d{4}\W*$",
        ]
    ),
    re.IGNORECASE,
)
# Patterns that mark a line wherever they occur in it (one search over the text).
_ANYWHERE = re.compile(
    "|".join(
        [
            r"\{\{[^{}\n]*\}\}",  # unrendered template placeholders
            r"\b(?:shutterstock|getty images|ap photo|afp via|istock)\b",
            r"\bfollow us on\b|\bsign up for (?:our|the)\b[^\n]{0,40}\bnewsletter|\bnewsletter\b[^\n]{0,30}\bsign up",
            r"\bcreated with sketch\b|(?:icon|chevron|arrow|artboard|burger)\w*(?:\s*(?:icon|chevron|arrow|artboard|burger)\w*){2,}",
            r"\b(?:free articles?|unlimited access|subscribe (?:now|today)|your (?:trial|subscription|free trial)|"
            r"you need a subscription|see all offers|already a subscriber|offer ends|try \d+ months? for|"
            r"subscription has expired|full access to [^\n]{0,60} has expired|cookies? (?:policy|settings)|"
            r"accept (?:all )?cookies|terms of (?:use|service)|privacy policy|all rights reserved)\b",
        ]
    ),
    re.IGNORECASE,
)

# Literal strings one of which every _ANYWHERE match contains: a cheap test
# that lets most articles skip the slow search.
_TRIGGERS = (
    "{{", "shutterstock", "getty images", "ap photo", "afp via", "istock", "follow us on", "newsletter",
    "sketch", "icon", "chevron", "arrow", "artboard", "burger", "free article", "unlimited access", "subscri", "your trial",
    "your free trial", "see all offers", "offer ends", "month", "has expired", "cookie", "terms of",
    "privacy policy", "all rights reserved",
)

SHORT_LINE_WORDS = 15
# More than SHORT_LINE_WORDS runs of word characters (``\w+``), read no further than the one after.
_MORE_THAN_SHORT = re.compile(rf"\W*\w+(?:\W+\w+){{{SHORT_LINE_WORDS}}}")
MAX_FURNITURE_LINE = 300  # characters: a longer line is prose, whatever it starts with


def _occurrences(text: str, needles: list[str]) -> Iterator[int]:
    """Start offsets of every occurrence of each needle (str.find beats a regex alternation of literals)."""
    for needle in needles:
        pos = text.find(needle)
        while pos >= 0:
            yield pos
            pos = text.find(needle, pos + 1)


def _is_prose(line: str) -> bool:
    return line.count(" ") >= SHORT_LINE_WORDS and _MORE_THAN_SHORT.match(line) is not None


def line_spans(text: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the lines of ``text`` that are not blank (trailing white space included)."""
    return [m.span() for m in _LINE.finditer(text)]


def boilerplate_lines(text: str, lines: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the lines of ``text`` that are web boilerplate.

    ``lines`` are :func:`line_spans` of ``text``, if already at hand.
    """
    if lines is None:
        lines = line_spans(text)
    if not lines:
        return []
    short = [e - s <= MAX_FURNITURE_LINE for s, e in lines]
    marked = [is_short and bool(_WHOLE_LINE.match(text, s, e)) for is_short, (s, e) in zip(short, lines)]
    # The anywhere-patterns are searched only in short lines that hold one of
    # their triggers (a long line is prose, whatever it mentions).
    candidates = [i for i, is_short in enumerate(short) if is_short and not marked[i]]
    joined = "\n".join(text[slice(*lines[i])] for i in candidates).lower()
    found = [t for t in _TRIGGERS if t in joined]
    if found:
        line_starts = list(accumulate((lines[i][1] - lines[i][0] + 1 for i in candidates), initial=0))
        for i in {candidates[bisect_right(line_starts, pos) - 1] for pos in _occurrences(joined, found)}:
            marked[i] = bool(_ANYWHERE.search(text, *lines[i]))
    # The tail: every line after the last line of prose is furniture once a
    # marked line opens it (a closing short sentence of the article is not).
    last_prose = len(lines) - 1
    while last_prose >= 0 and (marked[last_prose] or not _is_prose(text[slice(*lines[last_prose])])):
        last_prose -= 1
    opened = False
    for i in range(last_prose + 1, len(lines)):
        opened = opened or marked[i]
        if opened:
            marked[i] = True
    return [span for span, m in zip(lines, marked) if m]
