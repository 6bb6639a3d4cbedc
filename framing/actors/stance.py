"""The article's stance toward an actor: neg / neu / pos, from the sentences that mention it.

:func:`actor_features` turns one actor of one article into a short vector of
interpretable numbers (how prominent it is, the polarity and loaded language
of the sentences naming it and of the words right beside its mentions, against
the rest of the article, its voice and its role in loaded language);
:class:`ActorStanceModel` is a multinomial logistic regression over them, trained
on the ``author_feeling`` labels of BASIL (Fan et al., EMNLP 2019) by
:mod:`framing.actors.training` from a ``kind = "actor_stance"`` manifest
(``corpus/actor_stance.toml``) and stored as plain arrays in the model bundle.

The probabilities are not calibrated to BASIL's base rates (about 3 neutral
labels for every non-neutral one): class weights and a shift of the neg and
pos priors were chosen in training for the best macro-F1, so non-neutral
stances are flagged more readily than their base rate would suggest.  Read
them as a ranking of evidence, not as frequencies (held-out macro-F1 in
benchmarks/RESULTS.md, section ``actors``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Mapping, NamedTuple, Sequence

import numpy as np

from ..model.bundle import BundleError
from ..model.linear import softmax
from ..model.schema import Part

if TYPE_CHECKING:
    from ..reading import Reading
    from ..reading.mentions import Mention

STANCE_LABELS = ("neg", "neu", "pos")
_CONTRACTED_NEGATION = re.compile(r"n't\b")


class Voice(NamedTuple):
    """What the article lets an actor do: speak, act and be acted on in loaded language."""

    quotes: int = 0
    quoted_token_share: float = 0.0
    agent_of_loaded: int = 0
    target_of_loaded: int = 0


FEATURE_NAMES = (
    "log_mentions", "mention_share", "first_position", "in_lead", "sentence_share",
    "context_neg", "context_pos", "context_balance", "rest_neg", "rest_pos",
    "context_loaded", "rest_loaded", "context_hedge", "context_negation", "context_quoted",
    "quotes", "quoted_token_share", "agent_of_loaded", "target_of_loaded",
    "near_neg", "near_pos", "near_loaded", "most_mentioned", "mentions_vs_most",
)
#: How many word tokens either side of a mention count as "near" it (the ``near_*`` features).
NEAR_TOKENS = 6


#: Per-sentence counts read by :func:`actor_features`, in the order of :class:`SentenceCounts` rows.
_COUNTED = ("tokens", "neg", "pos", "loaded", "hedge", "negation", "quoted")


def _per_sentence(sentence_starts: np.ndarray, positions: Sequence[int]) -> np.ndarray:
    """How many of ``positions`` (``text`` offsets) fall in each sentence."""
    index = np.searchsorted(sentence_starts, np.asarray(positions, dtype=np.int64), side="right") - 1
    return np.bincount(np.clip(index, 0, None), minlength=len(sentence_starts))[: len(sentence_starts)]


def cue_positions(reading: "Reading") -> dict[str, np.ndarray]:
    """Sorted ``text`` offsets of the polarity, loaded-language, hedge and negation cues of the article
    (read it as ``reading.derived(cue_positions)``: computed once per article)."""
    doc, lexicons = reading.doc, reading.lexicons
    found: dict[str, list[int]] = {"neg": [], "pos": [], "negation": []}
    for m in lexicons["actors_polarity"].matcher.finditer(doc.lower, doc.vocabulary):
        found[m.entry.category].append(m.start)
    if "'" in doc.text:
        found["negation"] += [m.start() for m in _CONTRACTED_NEGATION.finditer(doc.lower)]
    found["loaded"] = [t.start for t in reading.loaded_terms]
    found["hedge"] = [c.start for c in reading.certainty_cues if c.family == "hedge"]
    return {k: np.sort(np.asarray(v, dtype=np.int64)) for k, v in found.items()}


def sentence_counts(reading: "Reading") -> tuple[np.ndarray, np.ndarray]:
    """Sentence starts, and the counts of :data:`_COUNTED` per sentence (one row each).

    Read it as ``reading.derived(sentence_counts)``: computed once per article and shared by all its actors.
    """
    doc = reading.doc
    starts = reading.sentence_starts
    cues = reading.derived(cue_positions)
    text = doc.text
    counts = np.vstack([
        [len(text[a:b].split()) for a, b in doc.sentences],  # word tokens, near enough for rates
        *(_per_sentence(starts, cues[name]) for name in _COUNTED[1:-1]),
        [text.find('"', a, b) >= 0 for a, b in doc.sentences],
    ]).astype(np.float64) if len(starts) else np.zeros((len(_COUNTED), 0))
    return starts, counts


def _near_share(doc: "Document", mentions: np.ndarray, owner: np.ndarray, cues: np.ndarray, n_actors: int) -> np.ndarray:
    """Per actor, the share of its mentions with a cue within :data:`NEAR_TOKENS` word tokens.

    ``mentions`` are ``text`` offsets, ``owner`` the actor index of each.
    """
    starts = doc.tokens[0]
    at = np.searchsorted(starts, mentions)
    cue_at = np.searchsorted(starts, cues)
    hit = np.searchsorted(cue_at, at + NEAR_TOKENS, side="right") > np.searchsorted(cue_at, at - NEAR_TOKENS)
    per_actor = np.bincount(owner, weights=hit, minlength=n_actors)
    return per_actor / np.maximum(np.bincount(owner, minlength=n_actors), 1)


def actor_features(reading: "Reading", actors: Sequence[Sequence["Mention"]], voices: Sequence[Voice]) -> np.ndarray:
    """The stance features (:data:`FEATURE_NAMES`) of the actors of one article, one row each.

    Parameters
    ----------
    actors : sequence of sequences of Mention
        Each actor's mentions, in text order.
    voices : sequence of Voice
        Each actor's voice and roles, in the same order.

    Context is the sentences that mention the actor; "rest" is the other
    sentences of the article, so a generally negative article is not read as
    negative toward everyone in it.  Rates are per 100 word tokens.  "Near"
    is within :data:`NEAR_TOKENS` word tokens of a mention (the share of the
    actor's mentions with such a cue); the most mentioned actors of the article
    are marked, the others measured against them (log ratio of mentions).
    """
    doc = reading.doc
    X = np.zeros((len(actors), len(FEATURE_NAMES)))
    starts, counts = reading.derived(sentence_counts)
    cues = reading.derived(cue_positions)
    if not len(actors) or not len(starts):
        return X
    # (actor, sentence) pairs where the actor is mentioned, each once
    owner = np.repeat(np.arange(len(actors)), [len(spans) for spans in actors])
    at = np.array([m.start for spans in actors for m in spans], dtype=np.int64)
    cols = np.searchsorted(starts, at, side="right") - 1
    pairs = np.unique(owner * len(starts) + np.clip(cols, 0, None))
    rows, cols = pairs // len(starts), pairs % len(starts)
    context = np.zeros((len(actors), counts.shape[0]))
    np.add.at(context, rows, counts[:, cols].T)
    rest = counts.sum(axis=1) - context
    tokens, neg, pos, loaded, hedge, negation, quoted = context.T
    per_context = 100 / np.maximum(tokens, 1)
    per_rest = 100 / np.maximum(rest[:, 0], 1)
    n_mentions = np.array([len(spans) for spans in actors], dtype=np.float64)
    first = np.array([spans[0].start if spans else 0 for spans in actors], dtype=np.float64)
    n_inside = np.bincount(rows, minlength=len(actors)).astype(np.float64)
    v = np.array([tuple(voice) for voice in voices], dtype=np.float64).reshape(len(actors), len(Voice._fields))
    X[:] = np.column_stack([
        np.log1p(n_mentions),
        n_mentions / max(n_mentions.sum(), 1),
        first / max(len(doc.text), 1),
        np.bincount(rows[cols < 3], minlength=len(actors)) > 0,
        n_inside / len(starts),
        neg * per_context, pos * per_context, (pos - neg) / np.maximum(pos + neg, 1),
        rest[:, 1] * per_rest, rest[:, 2] * per_rest,
        loaded * per_context, rest[:, 3] * per_rest,
        hedge * per_context, negation * per_context,
        quoted / np.maximum(n_inside, 1),
        np.log1p(v[:, 0]), v[:, 1], np.log1p(v[:, 2]), np.log1p(v[:, 3]),
        *(_near_share(doc, at, owner, cues[name], len(actors)) for name in ("neg", "pos", "loaded")),
        n_mentions == n_mentions.max(),
        np.log1p(n_mentions) - np.log1p(n_mentions.max()),
    ])
    X[n_mentions == 0] = 0.0
    return X


class ActorStanceModel:
    """Multinomial logistic regression over :func:`actor_features` (numpy only at prediction).

    Trained by :func:`framing.actors.training.fit_stance_model`.

    Parameters
    ----------
    mean, scale : array
        Standardisation of the features, learnt on the training rows.
    coef : array, shape (3, n_features)
    intercept : array, shape (3,)
        With the prior shift chosen in training already added, so the most
        probable label is the decision that scored best in cross-validation.
    info : dict
        Training set, hyper-parameters and held-out scores (the model card).
    """

    def __init__(self, mean: np.ndarray, scale: np.ndarray, coef: np.ndarray, intercept: np.ndarray, info: dict | None = None):
        self.mean, self.scale, self.coef, self.intercept = mean, scale, coef, intercept
        self.info = dict(info or {})

    def get_feature_names_out(self) -> np.ndarray:
        """The names of the columns the model reads (:data:`FEATURE_NAMES`)."""
        return np.array(FEATURE_NAMES, dtype=object)

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Probabilities of :data:`STANCE_LABELS`, one row per actor."""
        return softmax(((np.atleast_2d(X) - self.mean) / self.scale) @ self.coef.T + self.intercept)

    def predict(self, X: np.ndarray) -> np.ndarray:
        """The most probable label of each row (an element of :data:`STANCE_LABELS`)."""
        return np.array(STANCE_LABELS)[self.predict_proba(X).argmax(axis=1)] if len(X) else np.array([], dtype=str)

    def predict_actors(self, X: np.ndarray) -> list[dict[str, float]]:
        """``{"neg": p, "neu": p, "pos": p}`` for each row of ``X``."""
        return [dict(zip(STANCE_LABELS, map(float, row))) for row in self.predict_proba(X)] if len(X) else []

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The fitted model as plain numeric arrays (for a bundle's ``arrays.npz``)."""
        return {"mean": self.mean, "scale": self.scale, "coef": self.coef, "intercept": self.intercept}

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray], info: dict | None = None) -> "ActorStanceModel":
        """Rebuild a model from :meth:`to_arrays` (and its ``info``).

        Raises
        ------
        BundleError
            Arrays whose shapes do not fit :data:`FEATURE_NAMES`.
        """
        k = len(FEATURE_NAMES)
        shapes = {"mean": (k,), "scale": (k,), "coef": (len(STANCE_LABELS), k), "intercept": (len(STANCE_LABELS),)}
        wrong = [name for name, shape in shapes.items() if name not in arrays or np.shape(arrays[name]) != shape]
        if wrong:
            raise BundleError(f"actor-stance arrays {wrong} are missing or do not fit {k} features; retrain the model")
        return cls(*(np.asarray(arrays[name], dtype=np.float64) for name in shapes), info)

    @classmethod
    def from_part(cls, part: Part) -> "ActorStanceModel":
        """Rebuild the model a bundle stores beside its heads (``model.built("actor_stance", ActorStanceModel.from_part)``).

        Raises
        ------
        BundleError
            If the stored model reads other features than this version computes.
        """
        if part.spec.get("feature_names") != list(FEATURE_NAMES):
            raise BundleError("the bundle's actor-stance model reads other features than this version of framing computes; retrain it")
        return cls.from_arrays(part.arrays, part.spec)

