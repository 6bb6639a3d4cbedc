"""Run the feature families over an article: ``Extractor.extract(text) -> Features``."""

from __future__ import annotations

from operator import attrgetter
from typing import Any, Sequence

from ..gc_pause import gc_paused
from ..lexicons import LexiconOverrides, LexiconSet
from ..reading import LoadedTagger, Reading
from ..text import Document
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


class Extractor:
    """Extracts every feature family from articles.

    Parameters
    ----------
    families : sequence of str, optional
        Family names to run (default: all of :data:`FAMILIES`).
    lexicons : LexiconSet or mapping, optional
        The lexicons to read with, or lexicon name → :class:`~framing.lexicons.Lexicon`,
        file path, or lines, replacing the shipped list of that name.
    tagger : LoadedTagger, optional
        The loaded-language tagger (default: the shipped one, read from the package).
    """

    def __init__(self, families: Sequence[str] | None = None, lexicons: LexiconSet | LexiconOverrides | None = None,
                 tagger: LoadedTagger | None = None):
        names = list(FAMILIES) if families is None else list(families)
        unknown = [n for n in names if n not in FAMILIES]
        if unknown:
            raise ValueError(f"unknown feature families {unknown}; known: {list(FAMILIES)}")
        self.lexicons = lexicons if isinstance(lexicons, LexiconSet) else LexiconSet(lexicons)
        self.tagger = tagger if tagger is not None else LoadedTagger.load()
        self.families: list[FeatureFamily] = [FAMILIES[n](self.lexicons) for n in names]
        self._names = [name for fam in self.families for name in fam.feature_names()]

    def feature_names(self) -> list[str]:
        """All feature names, in the order of :attr:`Features.values`."""
        return list(self._names)

    def read(self, text: Any, boilerplate: bool = True) -> Reading:
        """``text`` (str, UTF-8 bytes, a prepared :class:`Document` or a :class:`Reading`) read under these lexicons."""
        if isinstance(text, Reading):
            return text.under(self.lexicons, self.tagger)
        if isinstance(text, Document):
            return Reading(text, self.lexicons, self.tagger)
        return Reading.of(text, self.lexicons, self.tagger, boilerplate=boilerplate)

    def extract_reading(self, reading: Reading) -> Features:
        """Feature values and evidence of an article's reading (read again under these lexicons if it was not)."""
        reading = reading.under(self.lexicons, self.tagger)
        values: dict[str, float] = {}
        evidence = []
        for family in self.families:
            fam_values, fam_evidence = family.extract(reading)
            values.update(fam_values)
            evidence.extend(fam_evidence)
        evidence.sort(key=_ORDER)
        return Features({name: values[name] for name in self._names}, evidence)

    def extract(self, text: Any) -> Features:
        """Feature values and evidence of one article (``str`` or UTF-8 ``bytes``, text or HTML, or a :class:`Reading`).

        Raises
        ------
        TypeError
            If ``text`` is not ``str``, bytes, a Document or a Reading.
        ValueError
            If bytes are not valid UTF-8.
        """
        with gc_paused():
            return self.extract_reading(self.read(text))
