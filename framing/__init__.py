"""framing: how news articles tell a story, with the spans that show it.

The module functions are methods of one default :class:`Pipeline` (the shipped
bundle and lexicons, built on first use); see :mod:`framing.pipeline` for the
data flow.  Scoring, actors and claim stance need numpy only; scikit-learn, scipy
and NLTK are imported by training (``train``, ``evaluate``, ``FeatureTransformer``).
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator, Mapping, Sequence

from .actors import ActorProfile
from .actors.roles import EntityRole
from .claims import StanceResult
from .evidence import Evidence
from .features import Extractor, Features
from .gc_pause import gc_paused
from .model import ModelRef, bundle_sha256, load_model
from .pipeline import Pipeline, Score, ScoredTogether, pipeline_for
from .reading import Reading
from .techniques import ParagraphTechniques
from .version import __version__

_LAZY = {
    "FeatureTransformer": ("framing.features.transformer", "FeatureTransformer"),
    "to_frame": ("framing.table", "to_frame"),
    "score_frame": ("framing.table", "score_frame"),
    "train": ("framing.training", "train"),
    "evaluate": ("framing.training", "evaluate"),
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'framing' has no attribute {name!r}")


def score(text: Any, model: ModelRef = None, claims: str | Sequence[str] = ()) -> Score:
    """Score one article with every head of a model.

    Parameters
    ----------
    text : str or bytes
        The article (plain text or HTML; bytes must be UTF-8).
    model : Model, str or path, optional
        See :func:`load_model`; default: the shipped model.
    claims : str or sequence of str, optional
        Claims (e.g. headlines) to read the article's stance toward, with the
        model's claim-stance model (see :func:`stance`).  None: none.

    Returns
    -------
    Score
        Probabilities, labels, feature values and evidence; ``.explain(head)``.
        An empty text gets the training priors and ``empty=True``.

    Raises
    ------
    BundleError
        If the model cannot be loaded, or ``claims`` are given and it has no claim-stance model.
    ValueError
        If a claim has no content word, or bytes are not UTF-8.
    TypeError
        If ``text`` is neither ``str`` nor bytes.
    """
    return pipeline_for(model).score(text, () if claims is None else claims)


def score_many(texts: Iterable[Any], model: ModelRef = None, show_progress: bool = True,
               claims: str | Sequence[str] = (), n_jobs: int = 1, batch_size: int = 32) -> list[Score]:
    """Score articles, in input order (a progress bar on a terminal); ``claims`` as for :func:`score`.

    Keeps every score: for a corpus, iterate over :func:`pipe` instead, which streams in
    constant memory.  ``n_jobs`` worker processes (``-1``: one per core) give the same scores.
    Their techniques per paragraph are worked out a few articles at a time (see :attr:`Score.techniques`).
    """
    with gc_paused():  # the results kept for the caller would be rescanned by every collection
        scores = list(pipeline_for(model).pipe(texts, () if claims is None else claims, show_progress, n_jobs, batch_size))
    ScoredTogether(scores)
    return scores


def pipe(texts: Iterable[Any], model: ModelRef = None, show_progress: bool = True, claims: str | Sequence[str] = (),
         n_jobs: int = 1, batch_size: int = 32, as_tuples: bool = False) -> Iterator[Any]:
    """Score articles as they come, in input order and constant memory (see :meth:`Pipeline.pipe`).

    ``as_tuples=True`` takes ``(text, context)`` pairs and yields ``(score, context)``, so ids and
    metadata travel with their articles.
    """
    return pipeline_for(model).pipe(texts, claims, show_progress, n_jobs, batch_size, as_tuples)


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
    return pipeline_for().extract(text)


def analyze_actors(text: Any, actors: Mapping[str, Sequence[str]] | None = None, features: Features | None = None,
                   stance_model: Any = None) -> list[ActorProfile]:
    """The actors of an article and what the article does with each.

    Parameters
    ----------
    text : str, bytes, Document or Reading
        The article (plain text or HTML), or one already read.
    actors : mapping, optional
        The caller's actors, name → aliases (``{"Japan": ["Tokyo", "Kishida"]}``).
        Their aliases take precedence over the rules; the other actors found
        are reported too.
    features : Features, optional
        :func:`extract` of the same text, to reuse its quote, attribution
        and loaded-language evidence instead of extracting it again.
    stance_model : ActorStanceModel, bundle, name or path, optional
        Where the stance estimates come from; default: the shipped bundle.

    Returns
    -------
    list of ActorProfile
        Most mentioned first (ties: first mentioned first).  An article that
        names no actor, or an empty text, gives an empty list.

    Raises
    ------
    TypeError
        If ``actors`` is not a mapping of names to lists of aliases (a string is
        not a list of aliases: ``{"X": "abc"}`` would look for "a", "b" and "c").
    ValueError
        If an actor's name or an alias is empty.
    """
    if actors is not None:
        _check_actors(actors)
    return pipeline_for().actors(text, actors, features, stance_model)


def techniques(text: Any, paragraphs: Iterable[tuple[int, int]] | None = None, model: ModelRef = None) -> list[ParagraphTechniques]:
    """The persuasion techniques of each paragraph, in order (SemEval-2023 Task 3 techniques).

    Parameters
    ----------
    text : str or bytes
        The article (plain text or HTML; bytes must be UTF-8).
    paragraphs : iterable of (start, end), optional
        Offsets into ``text``; default: the article's own paragraphs.
    model : Model, str or path, optional
        A bundle with a techniques model (default: the shipped one).

    Returns
    -------
    list of ParagraphTechniques
        Per paragraph: ``start``, ``end``, ``techniques``, ``probabilities``, ``evidence``
        (technique → spans behind it) and ``reasons``.  Empty for a text without
        paragraphs, or a bundle without a techniques model.

    Raises
    ------
    TypeError, ValueError
        If a paragraph is not a pair of whole-number offsets inside the text, start before end.
    """
    return pipeline_for(model).techniques(text, paragraphs)


def _check_actors(actors: Any) -> None:
    if not isinstance(actors, Mapping):
        raise TypeError(f"actors must map names to lists of aliases, got {type(actors).__name__}")
    for name, aliases in actors.items():
        if not isinstance(name, str) or isinstance(aliases, (str, bytes)) or not isinstance(aliases, Iterable):
            raise TypeError(f"actors must map names (str) to lists of aliases, got {name!r}: {aliases!r:.60}")
        if not name.strip():
            raise ValueError("an actor's name is empty")
        for alias in aliases:
            if not isinstance(alias, str):
                raise TypeError(f"aliases of {name!r} must be strings, got {alias!r:.60}")
            if not alias.strip():
                raise ValueError(f"an alias of {name!r} is empty")


def stance(claim: str, text: Any, model: Any = None) -> StanceResult:
    """How ``text`` stands toward ``claim``: agree, disagree, discuss or unrelated.

    See :func:`framing.claims.stance`: probabilities and the evidence spans
    (matching sentences, claim terms, cues near them) in ``text`` offsets.

    Raises
    ------
    ValueError
        If ``claim`` has no content word.
    BundleError
        If the bundle is missing or damaged, or carries no claim-stance model.
    """
    return pipeline_for().stance(claim, text, model)


def entity_roles(text: Any, mentions: Sequence[tuple[int, int]], model: Any = None) -> list[EntityRole]:
    """The role the article casts each mention in: Protagonist, Antagonist or Innocent, and fine roles.

    Parameters
    ----------
    text : str or bytes
        The article (plain text or HTML; bytes must be UTF-8).
    mentions : sequence of (int, int)
        Spans ``(start, end)`` of entity mentions, offsets into ``text`` (end exclusive).
    model : EntityRoleModel, Model, name or path, optional
        The role model, or the bundle whose entity-role model to use; default: the
        shipped one (trained on SemEval-2025 Task 10 subtask 1, research use only).

    Returns
    -------
    list of EntityRole
        One per mention, in order: ``start``, ``end``, ``text``, ``main_role``,
        ``fine_roles`` (under the main role in the taxonomy), ``probabilities``,
        ``fine_probabilities`` and ``evidence`` spans; ``to_dict()``.  No mentions: ``[]``.

    Raises
    ------
    TypeError
        If ``mentions`` is not a sequence of pairs of integers.
    ValueError
        If a span is empty, reversed or outside ``text``.
    BundleError
        If the bundle carries no entity-role model.

    >>> text = "Japan's provocations anger Moscow."
    >>> [r.main_role in ("Protagonist", "Antagonist", "Innocent") for r in entity_roles(text, [(0, 5)])]
    [True]
    """
    return pipeline_for().entity_roles(text, mentions, model)


__all__ = [
    "ActorProfile", "EntityRole", "Evidence", "Extractor", "FeatureTransformer", "Features", "ParagraphTechniques", "Pipeline",
    "Reading", "Score", "StanceResult", "analyze_actors", "bundle_sha256", "entity_roles", "evaluate", "extract", "load_model",
    "pipe", "pipeline_for", "score", "score_frame", "score_many", "techniques", "to_frame",
    "stance", "train", "__version__",
]
