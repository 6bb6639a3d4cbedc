"""Generated texts for the fast-path tests (``from generated import word_texts``).

Each fast path of the text layer, the matchers and the reading is checked against a
plain reference on strings built from pieces full of the awkward cases.  Two sets:
word pieces (apostrophes, hyphens, line breaks, other white space, abbreviations)
and sourcing pieces (quotation marks of both kinds, titles, reporting verbs).
"""

from __future__ import annotations

import random

WORD_PIECES = [
    "may", "May", "dismay", "may's", "'may'", "in", "in fact", "in  part", "in\nfact", "in-depth", "of course",
    "rock 'n' roll", "don''t", "leaders'", "'90s", "a'b'c", "x_y", "said", "said,", "said.", "Mr.", "U.S.", "No.",
    "e.g.", "3.5", "-", " - ", ",", ";", '"', "(", ")", "not", "never", "but", "and", "can't", "\t", "\x0c",
    "\u3000", "\u00e9t\u00e9", "caf\u00e9", "\n", "\n\n", "  ", "?", "!", "outraged", "outrage machine",
]

SOURCING_PIECES = [
    '"', '"', "'", "'", "\u201c", "\u201d", "\u2018", "\u2019", "said", "told reporters:", "says", "Mr.", "Sen.",
    "John Smith", "Smith", "he", "she", "a government source", "officials", "the report", "called it", "U.S.",
    "rock 'n' roll", "leaders'", "'90s", "can't", "no.", "yes!", "why?", "\n", "\n\n", ",", " - ", "(", ")",
    "according to", "Reuters", "analysts believe", "e\u0301", "caf\u00e9", "x_y", "3.5",
]


def word_texts(n: int, seed: int) -> list[str]:
    """``n`` texts of up to 40 word pieces."""
    rnd = random.Random(seed)
    seps = [" ", " ", "", "\n", "'", "-", ". ", ", "]
    return ["".join(rnd.choice(WORD_PIECES) + rnd.choice(seps) for _ in range(rnd.randint(0, 40))) for _ in range(n)]


def sourcing_texts(n: int, seed: int) -> list[str]:
    """``n`` texts of up to 60 sourcing pieces."""
    rnd = random.Random(seed)
    seps = [" ", " ", "", "\n", ", ", ". "]
    return ["".join(rnd.choice(SOURCING_PIECES) + rnd.choice(seps) for _ in range(rnd.randint(0, 60))) for _ in range(n)]
