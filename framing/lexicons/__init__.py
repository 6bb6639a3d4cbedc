"""Word lists as plain data files, and the matcher that finds their entries in text.

A lexicon file (``data/<name>.tsv``) starts with ``#`` header lines that name
where the list comes from; every other line is ``term<TAB>category`` with an
optional third column ``forms``:

* ``v``: add the regular verb inflections (provoke → provokes, provoked, provoking),
* ``n``: add the plural (provocation → provocations),
* a trailing ``*`` on the term matches any word ending (``outrag*``),
* spaces in a term match any run of white space (``according to``).

Users extend or replace lists without editing the package::

    from framing.lexicons import Lexicon
    mine = Lexicon.load("hedges").extended(["arguably\\tepistemic_adverb"])
    framing.Extractor(lexicons={"hedges": mine})

or pass a path to a file of their own in the same format.
"""

from __future__ import annotations

from .format import Entry, Lexicon, expand_forms
from .lexicon_set import LexiconOverrides, LexiconSet
from .matcher import Match, Matcher

__all__ = ["Entry", "Lexicon", "LexiconOverrides", "LexiconSet", "Match", "Matcher", "expand_forms"]
