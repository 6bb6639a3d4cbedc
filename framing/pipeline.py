"""The pipeline: one model bundle and one lexicon set, and everything the library computes with them.

    >>> from framing import Pipeline
    >>> nlp = Pipeline()                      # the shipped bundle and lexicons
    >>> s = nlp.score(text)                   # heads, labels, features, evidence, actors
    >>> s.explain("frames", top=5)            # what pushed the score, with spans
    >>> nlp.stances(["Russia will skip the Osaka Expo"], text)

The data flow from ``score(text)`` to each number::

    text ──read──▶ Reading (framing.reading: quotations, attributions, cues, loaded spans, mentions)
         ──extract──▶ Features (framing.features: values and evidence spans)
         ──Model.read──▶ HeadInput per head (standardised features, n-gram TF-IDF)
         ──Head.probabilities / decide──▶ Score.heads, Score.labels
         Score.actors ──▶ framing.actors (profiles over the same Reading)
         Score.claims ──▶ framing.claims (stance over the same Reading)

``framing.score``, ``extract``, ``analyze_actors`` and ``stance`` are methods of one
default pipeline (built on first use).  A pipeline pickles as a reference (its bundle
folder and lexicon overrides) and is rebuilt once per process on the other side.

Scoring needs numpy only.
"""

from __future__ import annotations

import os
import pickle
import weakref
from collections import deque

from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain, islice, repeat
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, NamedTuple, Sequence, Union

from .actors import ActorAnalyzer, ActorProfile
from .actors.perspective import Narrative, Perspective, perspective
from .actors.roles import EntityRole, entity_role_model, entity_roles
from .claims import StanceResult, claim_stance_model, stances
from .evidence import Evidence, unique
from .features import Extractor, Features
from .gc_pause import gc_paused
from .lexicons import LexiconOverrides, LexiconSet
from .model import BundleError, Model, ModelRef, find_bundle, load_model
from .model.heads import HeadInput
from .progress import progress
from .workers import ordered_batches
from .reading import LoadedTagger, Reading
from .report import render_html
from .techniques import ParagraphTechniques, paragraph_spans, techniques_many, techniques_model
from .techniques import techniques as paragraph_techniques
from .text import Document


#: The head whose labels the perspective summary lists as the article's narratives (its sub-label
#: head, if the bundle has one, gives their subnarratives).
NARRATIVES = "narratives"


class Reason(NamedTuple):
    """One input's push on a label's score.

    Attributes
    ----------
    name : str
        A feature name (``hedge.per_1k``) or an n-gram (``"border dispute"``).
    kind : str
        ``"feature"`` or ``"ngram"``.
    value : float
        The input as the model saw it: standardised feature value, or TF-IDF weight.
    weight : float
        Coefficient × value: positive pushes towards the label.
    evidence : list of Evidence
        Spans of the text behind the input (the feature's evidence, the n-gram's occurrences).
    """

    name: str
    kind: str
    value: float
    weight: float
    evidence: list[Evidence]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "value": round(self.value, 6), "weight": round(self.weight, 6),
                "evidence": [e.to_dict() for e in self.evidence]}


#: The fields of a :class:`Score` from a worker that are unpacked on first use.
_PACKED_FIELDS = ("heads", "labels", "features", "evidence", "claims")


@dataclass
class Score:
    """What a model says about one article.

    Attributes
    ----------
    heads : dict
        Head → label → probability (single-label heads sum to 1).
    labels : dict
        Head → the label (single-label) or list of labels (multi-label).
    features : dict
        Feature-layer values (name → float).
    evidence : list of Evidence
        Feature-layer evidence, in text order.
    empty : bool
        The text has no words: probabilities are the training priors.
    claims : dict
        Claim → :class:`~framing.claims.StanceResult`: the article's stance toward
        each claim passed to :func:`score` (empty if none was).
    """

    heads: dict[str, dict[str, float]]
    labels: dict[str, Union[str, list[str]]]
    features: dict[str, float]
    evidence: list[Evidence]
    empty: bool = False
    claims: dict[str, StanceResult] = field(default_factory=dict)
    _pipeline: "Pipeline | None" = field(default=None, repr=False)
    _reading: Reading | None = field(default=None, repr=False)
    _inputs: dict[str, HeadInput] | None = field(default=None, repr=False)

    def __getattr__(self, name: str) -> Any:
        # Only for attributes not set: a score from a worker (PackedScores.scores) gets its
        # fields from its packed row on first use.
        packed = self.__dict__.get("_packed")
        if packed is None or name not in _PACKED_FIELDS:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        self._unpack()
        return self.__dict__[name]

    def _unpack(self) -> None:
        packed = self.__dict__.pop("_packed", None)
        if packed is not None:
            self.__dict__.update(PackedScores.fields(*packed))

    def __getstate__(self) -> dict[str, Any]:
        self._unpack()
        # Slim across processes: the reading and the head inputs are rebuilt from the text on the
        # other side when explain() or actors need them (the pipeline pickles as a reference).
        state = {k: v for k, v in self.__dict__.items() if k not in ("_reading", "_inputs", "_together")}
        state["_text"] = self._reading.doc.original if self._reading is not None else state.get("_text")
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._reading, self._inputs = None, None

    def _read(self) -> Reading | None:
        """The reading of the article, rebuilt from its text if the score was unpickled."""
        if self._reading is None and self._pipeline is not None and self.__dict__.get("_text") is not None:
            self._reading = self._pipeline.read(self.__dict__["_text"])
        return self._reading

    def _head_inputs(self) -> dict[str, HeadInput]:
        if self._inputs is None:
            reading = self._read()
            self._inputs = {} if self.empty or reading is None else self._pipeline.model.read(self.features, reading.doc.words)
        return self._inputs

    def explain(self, head: str, label: str | None = None, top: int = 10) -> list[Reason]:
        """The inputs that pushed ``label``'s score most (by absolute weight).

        Parameters
        ----------
        head : str
        label : str, optional
            Default: the predicted label (multi-label: the most probable).
        top : int
            How many reasons.
        """
        model = self._pipeline.model if self._pipeline is not None else None
        if model is None or head not in model.heads:
            raise KeyError(f"no head {head!r}; heads: {list(self.heads)}")
        h = model.heads[head]
        label = label or max(self.heads[head], key=self.heads[head].get)
        if label not in h.labels:
            raise KeyError(f"head {head!r} has no label {label!r}; labels: {h.labels}")
        if self.empty:
            return []
        x = self._head_inputs()[head]
        n_f = len(h.feature_names)
        reasons = []
        for i, weight in h.strongest(x, label, top):
            if i < n_f:
                name = h.feature_names[i]
                reasons.append(Reason(name, "feature", float(x.features[i]), weight, self._feature_evidence(name)))
            else:
                term = model.term(h.vectorizer, int(x.columns[i - n_f]))
                reasons.append(Reason(term, "ngram", float(x.weights[i - n_f]), weight, self._ngram_evidence(term)))
        return reasons

    @property
    def document(self) -> Document | None:
        """The cleaned article the score was computed from (None for a score built by hand)."""
        reading = self._read()
        return reading.doc if reading is not None else None

    @property
    def reading(self) -> Reading | None:
        """The reading of the article (None for a score built by hand)."""
        return self._read()

    @cached_property
    def actors(self) -> list[ActorProfile]:
        """Actors of the article with mentions, voice, loaded-language roles and stance.

        Computed on first use (it costs a few milliseconds): see
        :func:`framing.analyze_actors`.  Stance comes from the model's
        actor-stance model; a model without one gives actors no stance.
        """
        if self._read() is None or self._pipeline is None:
            return []
        return self._pipeline.actors(self._reading, features=Features(self.features, self.evidence))

    @cached_property
    def techniques(self) -> list[ParagraphTechniques]:
        """The persuasion techniques of each paragraph (see :func:`framing.techniques`); empty when the
        bundle has no techniques model.

        Computed on first use.  Scores that :func:`framing.score_many` returned together work theirs
        out a few at a time: asking one for its techniques also works out those of the next
        :data:`ScoredTogether.AHEAD` (the same answers, for less).
        """
        if self._read() is None or self._pipeline is None:
            return []
        together = self.__dict__.get("_together")
        if together is not None:
            return together[0].techniques(together[1])
        return self._pipeline._techniques(self._reading, self.evidence)

    @cached_property
    def perspective(self) -> Perspective:
        """How the article tells its story, in a few items with their spans: the actors it casts as
        antagonists, protagonists and innocents, who has the voice, how it is sourced, its narratives
        (see :mod:`framing.actors.perspective`)."""
        return perspective(self.actors, self.features, self.evidence, self._narratives())

    def _narratives(self, top: int = 5) -> list[Narrative]:
        """The predicted narratives, their subnarratives, and the spans of the inputs that pushed each most."""
        if NARRATIVES not in self.heads or self._pipeline is None:
            return []
        model = self._pipeline.model
        subs = [x for name, (parent, _) in model.hierarchies.items() if parent == NARRATIVES for x in self.labels[name]]
        out = []
        for label in self.labels[NARRATIVES]:
            reasons = self.explain(NARRATIVES, label, top=top)
            spans = tuple(unique(e for r in reasons if r.weight > 0 for e in r.evidence))
            own = tuple(s[len(label) + 2:] for s in subs if s.startswith(label + ": "))
            out.append(Narrative(label, self.heads[NARRATIVES][label], own, spans))
        return out

    def to_html(self, title: str = "Article") -> str:
        """This score as a self-contained HTML page (see :func:`framing.report.render_html`)."""
        return render_html(self, titles=[title])

    def _feature_evidence(self, name: str) -> list[Evidence]:
        parts = name.split(".")
        detail = parts[1] if len(parts) > 2 else None
        return [e for e in self.evidence if e.kind == parts[0] and (detail is None or e.detail == detail)]

    def _ngram_evidence(self, term: str) -> list[Evidence]:
        doc = self._read().doc
        starts, ends = doc.tokens
        words = doc.words
        if term.startswith("#"):  # a character n-gram: the words that hold it
            gram = term[1:]
            hits = [(i, i) for i, w in enumerate(words) if gram in f" {w} "]
        else:
            parts = term.split(" ")
            n = len(parts)
            hits = [(i, i + n - 1) for i in range(len(words) - n + 1) if words[i:i + n] == parts]
        return [doc.evidence("ngram", int(starts[a]), int(ends[b]), term) for a, b in hits]

    def to_dict(self, details: bool = True, evidence: bool = True) -> dict[str, Any]:
        """A JSON-serialisable dict of everything but the explanations; ``details=False`` leaves out
        the actors, the perspective summary and the techniques per paragraph (computed on first
        use, they cost a few milliseconds an article), ``evidence=False`` the feature values and
        their evidence."""
        out: dict[str, Any] = {"heads": self.heads, "labels": self.labels, "empty": self.empty}
        if evidence:
            out.update(features=self.features, evidence=[e.to_dict() for e in self.evidence])
        if details:
            out["actors"] = [a.to_dict() for a in self.actors]
        out["claims"] = {claim: result.to_dict() for claim, result in self.claims.items()}
        if details:
            out["perspective"] = self.perspective.to_dict()
            out["techniques"] = [t.to_dict() for t in self.techniques]
        return out


class ScoredTogether:
    """Scores returned together (by :func:`framing.score_many`), whose techniques per paragraph are
    worked out :data:`AHEAD` articles at a time, when one of them is first asked for: the paragraphs
    of several articles scored at once cost less than one article at a time (numpy's cost per call,
    most of an article's, is paid once for the lot).  The answers are those of each article alone.

    Holds the scores weakly: it keeps none of them alive.
    """

    #: Articles whose techniques are worked out together.
    AHEAD = 16

    def __init__(self, scores: Sequence[Score]):
        self._scores = [weakref.ref(s) for s in scores]
        for i, score in enumerate(scores):
            score.__dict__["_together"] = (self, i)

    def techniques(self, i: int) -> list[ParagraphTechniques]:
        """The techniques of score ``i``, worked out with those of the next scores not yet worked out
        (only those already read: an article is never read again for this)."""
        first = self._scores[i]()
        batch = [first]
        for ref in islice(self._scores, i + 1, None):
            if len(batch) == self.AHEAD:
                break
            score = ref()
            if score is not None and score._reading is not None and "techniques" not in score.__dict__:
                batch.append(score)
        model = techniques_model(first._pipeline.model)
        if model is None:
            return []
        with gc_paused():  # as scoring: no cycles, and the collector would only rescan the scores kept
            found = techniques_many([(s._reading, s.evidence, paragraph_spans(s._reading)) for s in batch], model)
        for score, answer in zip(batch[1:], found[1:]):
            score.__dict__["techniques"] = answer
        return found[0]


class Pipeline:
    """A model bundle and a lexicon set, with every analysis of the library as a method.

    Parameters
    ----------
    model : Model, str or path, optional
        A bundle folder, the name of a shipped bundle, or a loaded model
        (see :func:`framing.load_model`).  None: the shipped default bundle.
    lexicons : LexiconSet or mapping, optional
        The lexicons to read with, or overrides of the shipped ones (name →
        :class:`~framing.lexicons.Lexicon`, file path or lines).
    tagger : LoadedTagger, optional
        The loaded-language tagger (default: the shipped one).

    Raises
    ------
    BundleError
        If the bundle cannot be loaded, or reads feature values these lexicons do not give.
    """

    def __init__(self, model: ModelRef = None, lexicons: LexiconSet | LexiconOverrides | None = None,
                 tagger: LoadedTagger | None = None):
        self.model = load_model(model)
        self.lexicons = lexicons if isinstance(lexicons, LexiconSet) else LexiconSet(lexicons)
        self.tagger = tagger if tagger is not None else LoadedTagger.load()
        self.extractor = Extractor(lexicons=self.lexicons, tagger=self.tagger)
        self.actor_analyzer = ActorAnalyzer(self.lexicons, stance_model=self.model, tagger=self.tagger)
        known = set(self.extractor.feature_names())
        missing = [n for n in self.model.feature_names() if n not in known]
        if missing:
            raise BundleError(f"model bundle {self.model.path} reads features this version of framing does not compute: {missing[:5]}")

    def __reduce__(self):
        # a reference, not the arrays: the other side loads the bundle once per process, and
        # what is shipped (lexicons, tagger) is named by None and shared there
        lexicons = self.lexicons if self.lexicons.overridden else None
        tagger = None if self.tagger.shipped else self.tagger
        return _restore, (str(self.model.path), lexicons, tagger)

    def read(self, text: Any, boilerplate: bool = True) -> Reading:
        """The :class:`~framing.reading.Reading` of ``text`` (str, UTF-8 bytes, a Document or a Reading) under these lexicons."""
        return self.extractor.read(text, boilerplate=boilerplate)

    def extract(self, text: Any) -> Features:
        """Interpretable features of one article, each value backed by evidence spans (see :func:`framing.extract`)."""
        return self.extractor.extract(text)

    def score(self, text: Any, claims: str | Sequence[str] = ()) -> Score:
        """Score one article with every head of the model (see :func:`framing.score`)."""
        claims = _claims(claims)
        with gc_paused():  # reading makes many small tuples and no cycles: a collection would only rescan them
            return self._score(self.read(text), claims)

    def pipe(self, texts: Iterable[Any], claims: str | Sequence[str] = (), show_progress: bool = True, n_jobs: int = 1,
             batch_size: int = 32, as_tuples: bool = False) -> Iterator[Any]:
        """Score articles as they come, in input order, in constant memory (a progress bar on a terminal).

        Parameters
        ----------
        texts : iterable
            Articles (str or UTF-8 bytes), or with ``as_tuples`` pairs ``(text, context)``: the
            context (an id, a dict of metadata) comes back beside its score, as spaCy's ``pipe`` does.
        claims : str or sequence of str
            Claims to read each article's stance toward.
        n_jobs : int
            Worker processes (``-1``: one per core); each loads the bundle once.  The scores are
            those one process gives, in the same order.
        batch_size : int
            Articles sent to a worker at a time (``n_jobs > 1``).
        as_tuples : bool
            Yield ``(score, context)`` pairs.

        Yields
        ------
        Score, or (Score, context)
        """
        claims = _claims(claims)
        total = len(texts) if hasattr(texts, "__len__") else None
        items = progress(texts, total, "scoring", show_progress)
        if as_tuples:
            items, contexts = _split_contexts(items)
        if n_jobs == 1:
            scored: Iterator[Score] = self._pipe_here(items, claims)
        else:
            given: deque[Any] = deque()  # the texts in flight: workers do not send them back
            sent = (given.append(text) or text for text in items)
            scored = (score for packed in ordered_batches(_score_batch, sent, _worker, (pickle.dumps(self), claims), n_jobs, batch_size)
                      for score in packed.scores((given.popleft() for _ in range(len(packed))), self))
        for score in scored:
            score._pipeline = self  # results come back from workers without it
            yield (score, contexts.popleft()) if as_tuples else score

    def _pipe_here(self, texts: Iterable[Any], claims: tuple[str, ...]) -> Iterator[Score]:
        for text in texts:
            with gc_paused():  # scoring makes no reference cycles: a collection would only rescan live results
                yield self._score(self.read(text), claims)

    def actors(self, text: Any, actors: Mapping[str, Sequence[str]] | None = None, features: Features | None = None,
               stance_model: Any = None) -> list[ActorProfile]:
        """The actors of an article and what the article does with each (see :func:`framing.analyze_actors`)."""
        return self.actor_analyzer.analyze(self.read(text), actors, features, _loaded(stance_model))

    def techniques(self, text: Any, paragraphs: Iterable[tuple[int, int]] | None = None) -> list[ParagraphTechniques]:
        """The persuasion techniques of each paragraph of an article (see :func:`framing.techniques`)."""
        reading = self.read(text)
        return self._techniques(reading, self.extractor.extract_reading(reading).evidence, paragraphs)

    def _techniques(self, reading: Reading, evidence: Sequence[Evidence],
                    paragraphs: Iterable[tuple[int, int]] | None = None) -> list[ParagraphTechniques]:
        model = techniques_model(self.model)
        if model is None:
            return []
        with gc_paused():
            return paragraph_techniques(reading, evidence, model, paragraphs)

    def stances(self, claims: Sequence[str], text: Any, model: Any = None) -> list[StanceResult]:
        """How ``text`` stands toward each of ``claims``, the text read once (see :func:`framing.stance`)."""
        return stances(claims, self.read(text), self.model if model is None else _loaded(model), self.lexicons)

    def stance(self, claim: str, text: Any, model: Any = None) -> StanceResult:
        """How ``text`` stands toward ``claim``: agree, disagree, discuss or unrelated."""
        return self.stances([claim], text, model)[0]

    def entity_roles(self, text: Any, mentions: Sequence[tuple[int, int]], model: Any = None) -> list[EntityRole]:
        """The role ``text`` casts each mention ``(start, end)`` in (see :func:`framing.entity_roles`)."""
        roles = entity_role_model(self.model if model is None else _loaded(model))
        if roles is None:
            raise BundleError(f"model bundle {self.model.path if model is None else model} carries no entity-role model")
        return entity_roles(self.read(text), mentions, roles)

    def _score(self, reading: Reading, claims: tuple[str, ...]) -> Score:
        features = self.extractor.extract_reading(reading)
        doc, model = reading.doc, self.model
        empty = doc.n_tokens == 0
        inputs = {} if empty else model.read(features.values, doc.words)
        p = {name: head.priors if empty else head.probabilities(inputs[name]) for name, head in model.heads.items()}
        heads = {name: {label: round(float(v), 6) for label, v in zip(head.labels, p[name])} for name, head in model.heads.items()}
        labels = model.decide(p)
        toward = dict(zip(claims, stances(claims, reading, claim_stance_model(model), self.lexicons))) if claims else {}
        return Score(heads, labels, features.values, features.evidence, empty, toward, self, reading, inputs)


def _loaded(model: Any) -> Any:
    """A bundle named by path or name, loaded once per process (see :func:`pipeline_for`);
    a loaded model, a stance model or None as it is."""
    return pipeline_for(model).model if isinstance(model, (str, os.PathLike)) else model


def _split_contexts(pairs: Iterable[tuple[Any, Any]]) -> tuple[Iterator[Any], "deque[Any]"]:
    """The texts of ``(text, context)`` pairs, lazily, and a queue the contexts join as each text is taken."""
    contexts: deque[Any] = deque()

    def texts() -> Iterator[Any]:
        for pair in pairs:
            try:
                text, context = pair
            except (TypeError, ValueError):
                raise TypeError(f"as_tuples=True takes (text, context) pairs, got {type(pair).__name__}") from None
            contexts.append(context)
            yield text

    return texts(), contexts


def _worker(pipeline: bytes, claims: tuple[str, ...]) -> tuple["Pipeline", tuple[str, ...]]:
    return pickle.loads(pipeline), claims


def _score_batch(state: tuple["Pipeline", tuple[str, ...]], texts: list[Any]) -> "PackedScores":
    pipeline, claims = state
    with gc_paused():  # each score is packed and dropped as it comes: nothing for the collector to find
        return PackedScores(pipeline._pipe_here(texts, claims), texts)


class PackedScores:
    """A batch of scores as a worker sends them back: plain values, without the articles' texts,
    which the parent holds (:meth:`scores` takes them back).

    Pickled as a list of :class:`Score`, a batch cost the worker and the parent about a tenth of
    the scoring again, most of it in Python-level calls per evidence span (a named tuple pickles
    through ``__getnewargs__`` and unpickles through its ``__new__``) and per Score.  Here each
    article is a tuple of plain values: its spans in columns (:func:`_columns`), its feature
    values a list (their names once per batch), which pickle and unpickle in C.  The parent rebuilds each Score's
    fields on first use (:meth:`fields`): the same values, of the same types.
    """

    def __init__(self, scores: Iterable[Score], inputs: list[Any]):
        self.names: tuple[str, ...] | None = None
        self.rows: list[tuple] = []
        for score, given in zip(scores, inputs):  # each score dropped once packed: its reading is freed
            values, evidence = score.features, score.evidence
            if self.names is None:
                self.names = tuple(values)
            features = (list(values.values()),) if tuple(values) == self.names else values
            text = score._reading.doc.original
            spans = _columns(evidence, text)
            self.rows.append((score.heads, score.labels, features, spans, score.empty, score.claims, None if text is given else text))

    def __len__(self) -> int:
        return len(self.rows)

    def scores(self, inputs: Iterable[Any], pipeline: "Pipeline") -> Iterator[Score]:
        """The batch's scores, given the inputs they were scored from (in order)."""
        for row, given in zip(self.rows, inputs):
            score = Score.__new__(Score)
            text = given if row[6] is None else row[6]
            # its row and the feature names, not the batch: a score kept alone keeps no other
            score.__dict__.update(empty=row[4], _pipeline=pipeline, _reading=None, _inputs=None, _text=text, _packed=(row, self.names, text))
            yield score

    @staticmethod
    def fields(row: tuple, names: tuple[str, ...], text: str) -> dict[str, Any]:
        """The fields of a :class:`Score` from its row (``names``: the batch's feature names; ``text``: the article)."""
        heads, labels, features, spans, _, claims, _ = row
        if type(features) is tuple:  # (values,) in the order of names
            features = dict(zip(names, features[0]))
        if type(spans) is tuple:  # in columns (see _columns)
            kinds, starts, ends, texts, details, sizes, keys, values = spans
            if texts is None:  # the article's text at their offsets
                texts = map(text.__getitem__, map(slice, starts, ends))
            pairs = zip(keys, values)
            attrs = [dict(islice(pairs, n)) for n in sizes]
            spans = list(map(_new_evidence, repeat(Evidence), zip(kinds, starts, ends, texts, details, attrs)))
        return {"heads": heads, "labels": labels, "features": features, "evidence": spans, "claims": claims}


def _columns(evidence: list[Evidence], text: str) -> tuple | list[Evidence]:
    """Spans in columns: kinds, starts, ends, texts (None where each is ``text`` at its offsets, as
    :meth:`~framing.text.Document.evidence` makes them), details, and each one's number of
    attributes, then their keys and values in order.  A few tuples of strings and ints instead of
    two objects per span for the parent to allocate (and its collector to scan); spans that are
    not plain Evidence with a dict of attributes are sent as they are."""
    if not evidence:
        return ((),) * 8
    if set(map(type, evidence)) != {Evidence}:
        return evidence
    kinds, starts, ends, texts, details, attrs = zip(*evidence)
    if set(map(type, attrs)) != {dict}:
        return evidence
    if list(map(text.__getitem__, map(slice, starts, ends))) == list(texts):
        texts = None
    return (kinds, starts, ends, texts, details, tuple(map(len, attrs)),
            tuple(chain.from_iterable(attrs)), tuple(chain.from_iterable(map(dict.values, attrs))))


_new_evidence = tuple.__new__  # as Document.evidence builds them: without the Python-level __new__


def _claims(claims: str | Sequence[str] | None) -> tuple[str, ...]:
    if claims is None:
        return ()
    return (claims,) if isinstance(claims, str) else tuple(claims)


# -- the pipelines behind the module functions ------------------------------------------

_pipelines: dict[tuple, Pipeline] = {}
_MAX_PIPELINES = 8


def pipeline_for(model: ModelRef = None) -> Pipeline:
    """The pipeline of a bundle with the shipped lexicons, built once per process (per bundle folder
    and version of its ``bundle.json``; a loaded :class:`Model` per object).

    ``framing.score`` and the other module functions use it; build a :class:`Pipeline` yourself
    for other lexicons.
    """
    if isinstance(model, Model):
        key: tuple = ("model", id(model))
    else:
        path = find_bundle(model)
        manifest = path / "bundle.json"
        key = ("path", path, manifest.stat().st_mtime_ns if manifest.exists() else 0)
    found = _pipelines.get(key)
    if found is None or (key[0] == "model" and found.model is not model):
        shared = next(iter(_pipelines.values()), None)  # the shipped lexicons and tagger, shared
        found = Pipeline(model, shared.lexicons if shared is not None else None, shared.tagger if shared is not None else None)
        if len(_pipelines) >= _MAX_PIPELINES:
            _pipelines.pop(next(iter(_pipelines)))
        _pipelines[key] = found
    return found


def _restore(path: str, lexicons: LexiconSet | None, tagger: LoadedTagger | None) -> Pipeline:
    if lexicons is None and tagger is None:
        return pipeline_for(Path(path))
    return Pipeline(Path(path), lexicons, tagger)
