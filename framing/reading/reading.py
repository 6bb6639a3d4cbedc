"""A :class:`Reading`: one article read under one set of lexicons, every analysis computed once.

The analyses depend on each other (quotations need the speech acts, which need the
reporting verbs, which need the quoted spans), so they live together on the reading
as lazy attributes: the first that asks computes, the others reuse.  Each depends on
the prepared :class:`~framing.text.Document` (which owns what needs no lexicon:
tokens, sentences, paragraphs, offsets) and on the reading's lexicons and tagger;
the same document under other lexicons is another reading (:meth:`Reading.under`).

The order in which analyses are asked for does not change them: each is a function
of the document, the lexicons and the analyses it reads.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import cached_property
from typing import Any, Callable, Mapping, Sequence, TypeVar

import numpy as np

from ..evidence import Evidence
from ..lexicons import LexiconSet
from ..text import Document, prepare
from . import attribution, certainty, loaded, mentions, quotations, quotemarks, reporting, speakers, speech_acts
from .gazetteer import Gazetteer
from .loaded_tagger import LoadedTagger

T = TypeVar("T")


class Reading:
    """The shared analysis of one article: what every feature family, actor and stance model reads.

    Parameters
    ----------
    doc : Document
        The prepared article (:func:`framing.text.prepare`).
    lexicons : LexiconSet
        The word lists every analysis reads.
    tagger : LoadedTagger or None
        The loaded-language tagger (None: a reading that needs no tagged spans, such as a claim's).

    Attributes
    ----------
    doc, lexicons, tagger
        As given.  All spans below are ``doc.text`` offsets; :meth:`evidence`
        turns one into an :class:`~framing.evidence.Evidence` in the caller's offsets.
    """

    def __init__(self, doc: Document, lexicons: LexiconSet, tagger: LoadedTagger | None):
        self.doc = doc
        self.lexicons = lexicons
        self.tagger = tagger
        self._derived: dict[Callable, Any] = {}
        self._mentions: dict[tuple, list] = {}

    @classmethod
    def of(cls, text: Any, lexicons: LexiconSet, tagger: LoadedTagger | None, boilerplate: bool = True) -> "Reading":
        """Prepare ``text`` (str or UTF-8 bytes, plain or HTML) and read it (see :func:`framing.text.prepare`)."""
        return cls(prepare(text, boilerplate=boilerplate), lexicons, tagger)

    def under(self, lexicons: LexiconSet, tagger: LoadedTagger | None = None) -> "Reading":
        """This reading's document under other lexicons (itself if they are the same)."""
        tagger = tagger or self.tagger
        if lexicons is self.lexicons and tagger is self.tagger:
            return self
        return Reading(self.doc, lexicons, tagger)

    # -- the document ------------------------------------------------------------

    @property
    def text(self) -> str:
        return self.doc.text

    @property
    def lower(self) -> str:
        return self.doc.lower

    @property
    def n_tokens(self) -> int:
        return self.doc.n_tokens

    @cached_property
    def evidence(self) -> Callable[..., Evidence]:
        """``evidence(kind, start, end, detail="", **attrs)``: an :class:`~framing.evidence.Evidence`
        for a span of ``doc.text`` (:meth:`Document.evidence` itself: one is built per cue, and a
        call through a method of the reading cost a third of it)."""
        return self.doc.evidence

    @cached_property
    def sentence_starts(self) -> np.ndarray:
        """Start offsets of ``doc.sentences`` (int64)."""
        return np.fromiter((s for s, _ in self.doc.sentences), dtype=np.int64, count=len(self.doc.sentences))

    # -- quotation marks and speech ----------------------------------------------------

    @cached_property
    def quoted_spans(self) -> list[tuple[int, int]]:
        """Content spans of the outermost quotations, in text order (:mod:`.quotemarks`)."""
        return quotemarks.quoted_spans(self.doc)

    @cached_property
    def _quoted_starts(self) -> list[int]:
        return [s for s, _ in self.quoted_spans]

    def is_quoted(self, pos: int) -> bool:
        """Whether ``doc.text`` offset ``pos`` lies inside a quotation: the one notion of "quoted"."""
        spans = self.quoted_spans
        i = bisect_right(self._quoted_starts, pos) - 1
        return i >= 0 and pos < spans[i][1]

    @cached_property
    def reporting_verbs(self) -> list[reporting.ReportingVerb]:
        """Reporting verbs outside quotations (:mod:`.reporting`)."""
        return reporting.reporting_verbs(self)

    @cached_property
    def speech(self) -> speech_acts.Speech:
        """Every reporting verb with its speaker, and the named people who spoke (:mod:`.speech_acts`)."""
        return speech_acts.speech(self)

    @property
    def speech_acts(self) -> list[speech_acts.SpeechAct]:
        return self.speech.acts

    def resolve(self, speaker: speakers.Speaker | None) -> speakers.Speaker | None:
        """``speaker`` with "he"/"she" resolved to the last named person who spoke before it."""
        return speech_acts.resolve(speaker, self.speech.persons)

    @cached_property
    def speakers(self) -> speakers.SpeakerFinder:
        """The speaker walk over this article (:class:`~.speakers.SpeakerFinder`)."""
        return speakers.SpeakerFinder(self.doc, self.lexicons)

    @cached_property
    def quotations(self) -> list[quotations.Quotation]:
        """Direct quotations with speaker and cue (:mod:`.quotations`)."""
        return quotations.quotations(self)

    @cached_property
    def attributions(self) -> list[attribution.Attribution]:
        """Sourced claims: named, anonymous, relayed or vague (:mod:`.attribution`)."""
        return attribution.attributions(self)

    # -- certainty and loaded language --------------------------------------------------

    @cached_property
    def certainty_cues(self) -> list[certainty.Cue]:
        """Hedges and boosters with overlap and negation settled (:mod:`.certainty`)."""
        return certainty.certainty_cues(self)

    @cached_property
    def loaded_matches(self) -> list[tuple[int, int, Any]]:
        """``loaded`` lexicon terms as ``(start, phrase end, entry)`` (:mod:`.loaded`)."""
        return loaded.matches(self)

    @cached_property
    def loaded_terms(self) -> list[loaded.LoadedTerm]:
        """Every ``loaded`` lexicon term with its agent and target (:mod:`.loaded`)."""
        return loaded.loaded_terms(self)

    @cached_property
    def loaded_scores(self) -> np.ndarray:
        """The tagger's log-odds that each token of ``doc`` is loaded language (:mod:`.loaded_tagger`)."""
        if self.tagger is None:
            raise ValueError("this reading has no loaded-language tagger: read the article with one (Extractor, Pipeline)")
        terms = [(start, end, entry.category) for start, end, entry in self.loaded_matches]
        return self.tagger.scores(self.doc, terms, self.sentence_starts)

    @cached_property
    def loaded_spans(self) -> list[tuple[int, int, tuple | None]]:
        """Spans the tagger marks as loaded, each with the lexicon term it holds (:mod:`.loaded`)."""
        return loaded.loaded_spans(self)

    # -- actors -------------------------------------------------------------------

    @cached_property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer of the reading's lexicons (compiled once per lexicon set)."""
        return self.lexicons.compiled(Gazetteer)

    @cached_property
    def gazetteer_hits(self) -> list:
        return self.gazetteer.hits(self.doc)

    @cached_property
    def people(self) -> mentions.People:
        """People the article names, with the country it says they belong to (:mod:`.mentions`)."""
        return mentions.find_people(self)

    def mentions(self, actors: Mapping[str, Sequence[str]] | None = None) -> list[mentions.Mention]:
        """Actor mentions in text order, the caller's ``actors`` (name → aliases) first (:mod:`.mentions`)."""
        key = tuple((name, tuple(aliases)) for name, aliases in (actors or {}).items())
        found = self._mentions.get(key)
        if found is None:
            found = self._mentions[key] = mentions.find_mentions(self, actors or {})
        return found

    # -- analyses of upper layers -------------------------------------------------------

    def derived(self, analysis: Callable[["Reading"], T]) -> T:
        """``analysis(self)``, computed once per reading: for analyses defined above this package
        (actor stance counts, claim-stance terms) that read only the reading."""
        if analysis not in self._derived:
            self._derived[analysis] = analysis(self)
        return self._derived[analysis]
