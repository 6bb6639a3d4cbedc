"""Content terms of words for claim stance: Porter stems, and no term for stop words.

Numpy-free and NLTK-free: the stems come from :func:`framing.text.stemming.porter_stem`
(NLTK's ``PorterStemmer`` rules) and the stop words from the shipped lexicon
``framing/lexicons/data/stop_words.tsv`` (scikit-learn's English list less the
content words that news claims turn on; see ``tools/compile_stop_words.py``).
"""

from __future__ import annotations

from functools import lru_cache

from ..lexicons import Lexicon
from ..text.stemming import porter_stem

__all__ = ["STOP_WORDS", "term_of"]

#: Words that give no term.
STOP_WORDS: frozenset[str] = frozenset(Lexicon.load("stop_words").entries)


@lru_cache(maxsize=1 << 18)
def term_of(word: str) -> str:
    """The content term of a lower-cased word (its Porter stem), or ``""`` for a stop word."""
    if word in STOP_WORDS or len(word) < 2 or word.endswith("n't"):
        return ""
    return porter_stem(word)
