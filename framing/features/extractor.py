"""Run the feature families over an article: ``Extractor.extract(text) -> Features``."""

from __future__ import annotations

import os
from operator import attrgetter
from typing import Any, Iterable, Mapping, Sequence, Union

from ..gc_pause import gc_paused
from ..lexicons import Lexicon, LexiconSet
from ..text import Document, prepare
from .attribution import Attributions
from .base import FeatureFamily, Features
from .boosters import Boosters
from .hedges import Hedges
from .loaded import LoadedLanguage
from .quotes import Quotes
from .reporting import ReportingVerbs
from .stats import DocumentStats

#: The families in the order their features appear.  Name → class.
FAMILIES: dict[str, type[FeatureFamily]] = {
    cls.name: cls
    for cls in (
        DocumentStats,
        Hedges,
        Boosters,
        LoadedLanguage,
        ReportingVerbs,
        Quotes,
        Attributions,
    )
}

# Evidence in text order: by start, end, then kind (attrgetter runs in C; a lambda does not).
_ORDER = attrgetter("start", "end", "kind")

LexiconOverrides = Mapping[str, Union[Lexicon, str, os.PathLike, Iterable[str]]]


class Extractor:
    """Extracts every feature family from articles.

    Parameters
    ----------
    families : sequence of str, optional
        Family names to run (default: all of :data:`FAMILIES`).
    lexicons : mapping, optional
        Lexicon name → :class:`~framing.lexicons.Lexicon`, file path, or lines,
        replacing the shipped list of that name.
    """

    def __init__(self, families: Sequence[str] | None = None, lexicons: LexiconOverrides | None = None):
        names = list(FAMILIES) if families is None else list(families)
        unknown = [n for n in names if n not in FAMILIES]
        if unknown:
            raise ValueError(f"unknown feature families {unknown}; known: {list(FAMILIES)}")
        self.lexicons = LexiconSet(lexicons)
        self.families: list[FeatureFamily] = [FAMILIES[n](self.lexicons) for n in names]
        self._names = [name for fam in self.families for name in fam.feature_names()]

    def feature_names(self) -> list[str]:
        """All feature names, in the order of :meth:`extract_vector`."""
        return list(self._names)

    def extract_document(self, doc: Document) -> Features:
        values: dict[str, float] = {}
        evidence = []
        for family in self.families:
            fam_values, fam_evidence = family.extract(doc)
            values.update(fam_values)
            evidence.extend(fam_evidence)
        evidence.sort(key=_ORDER)
        return Features({name: values[name] for name in self._names}, evidence)

    def extract(self, text: Any) -> Features:
        """Feature values and evidence of one article (``str`` or UTF-8 ``bytes``, text or HTML)."""
        with gc_paused():
            return self.extract_document(prepare(text))


_default: Extractor | None = None


def default_extractor() -> Extractor:
    """The shared extractor with the shipped lexicons (built on first use)."""
    global _default
    if _default is None:
        _default = Extractor()
    return _default


def extract(text: Any) -> Features:
    """Interpretable features of one article, each value backed by evidence spans.

    Parameters
    ----------
    text : str or bytes
        The article: plain text or HTML; bytes must be UTF-8.

    Returns
    -------
    Features
        ``.values`` (name → float), ``.evidence`` (list of :class:`Evidence`
        with offsets into ``text``), ``.to_dict()``.

    Raises
    ------
    TypeError
        If ``text`` is not ``str`` or bytes.
    ValueError
        If bytes are not valid UTF-8.
    """
    return default_extractor().extract(text)
