"""The article's stance toward an actor: neg / neu / pos, from the sentences that mention it.

:func:`actor_features` turns one actor of one article into a short vector of
interpretable numbers (how prominent it is, the polarity and loaded language
of the sentences naming it against the rest of the article, its voice and its
role in loaded language); :class:`StanceModel` is a multinomial logistic
regression over them, trained on the ``author_feeling`` labels of BASIL (Fan
et al., EMNLP 2019) by ``benchmarks/bench_actors.py --save`` and stored as a
pickle-free bundle (``models/actor_stance/``: JSON and ``.npz``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Mapping, NamedTuple, Sequence

import numpy as np

from ..features.certainty import certainty_cues
from ..features.loaded import loaded_terms
from ..lexicons import LexiconSet
from ..model.bundle import BundleError, read_bundle, write_bundle

if TYPE_CHECKING:
    from ..text import Document
    from .mentions import Mention

STANCE_LABELS = ("neg", "neu", "pos")
#: Where the shipped stance model lives.
DEFAULT_PATH = Path(__file__).resolve().parents[2] / "models" / "actor_stance"
_NEGATION = re.compile(r"\b(?:not|no|never|nothing|none|neither|nor|without|cannot)\b|n't\b")


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
)


def _rate(positions: np.ndarray, inside: np.ndarray) -> tuple[int, int]:
    """How many of ``positions`` fall in the sentences flagged by ``inside`` and how many outside."""
    n_in = int(inside[positions].sum()) if len(positions) else 0
    return n_in, len(positions) - n_in


def _sentence_index(doc: "Document", starts: Sequence[int]) -> np.ndarray:
    sentence_starts = np.fromiter((s for s, _ in doc.sentences), dtype=np.int64, count=len(doc.sentences))
    return np.clip(np.searchsorted(sentence_starts, np.asarray(starts, dtype=np.int64), side="right") - 1, 0, None)


def actor_features(
    doc: "Document",
    spans: Sequence["Mention"],
    all_mentions: Sequence["Mention"],
    voice: Voice,
    lexicons: LexiconSet,
) -> np.ndarray:
    """The stance features of one actor (see :data:`FEATURE_NAMES`).

    Context is the sentences that mention the actor; "rest" is the other
    sentences of the article, so a generally negative article is not read as
    negative toward everyone in it.  Rates are per word token.
    """
    x = np.zeros(len(FEATURE_NAMES))
    n_sentences = len(doc.sentences)
    if not spans or not n_sentences:
        return x
    tok_starts, _ = doc.tokens
    token_sentence = _sentence_index(doc, tok_starts)
    inside = np.zeros(n_sentences, dtype=bool)
    inside[_sentence_index(doc, [m.start for m in spans])] = True
    n_context = int(inside[token_sentence].sum()) or 1
    n_rest = max(len(tok_starts) - n_context, 1)

    polarity = {"neg": [], "pos": []}
    for m in lexicons["actors_polarity"].matcher.finditer(doc.lower, doc.vocabulary):
        polarity[m.entry.category].append(m.start)
    neg_in, neg_out = _rate(_sentence_index(doc, polarity["neg"]), inside)
    pos_in, pos_out = _rate(_sentence_index(doc, polarity["pos"]), inside)
    loaded_in, loaded_out = _rate(_sentence_index(doc, [t.start for t in loaded_terms(doc, lexicons)]), inside)
    hedge_in, _ = _rate(_sentence_index(doc, [c.start for c in certainty_cues(doc, lexicons) if c.family == "hedge"]), inside)
    negation_in, _ = _rate(_sentence_index(doc, [m.start() for m in _NEGATION.finditer(doc.lower)]), inside)
    quoted_in = sum(1 for i in np.flatnonzero(inside) if '"' in doc.text[slice(*doc.sentences[i])])

    x[:] = (
        np.log1p(len(spans)),
        len(spans) / max(len(all_mentions), 1),
        spans[0].start / max(len(doc.text), 1),
        float(inside[: min(3, n_sentences)].any()),
        inside.mean(),
        100 * neg_in / n_context, 100 * pos_in / n_context, (pos_in - neg_in) / max(pos_in + neg_in, 1),
        100 * neg_out / n_rest, 100 * pos_out / n_rest,
        100 * loaded_in / n_context, 100 * loaded_out / n_rest,
        100 * hedge_in / n_context, 100 * negation_in / n_context,
        quoted_in / max(int(inside.sum()), 1),
        np.log1p(voice.quotes), voice.quoted_token_share,
        np.log1p(voice.agent_of_loaded), np.log1p(voice.target_of_loaded),
    )
    return x


class StanceModel:
    """Multinomial logistic regression over :func:`actor_features` (numpy only at prediction).

    Parameters
    ----------
    mean, scale : array
        Standardisation of the features, learnt on the training rows.
    coef : array, shape (3, n_features)
    intercept : array, shape (3,)
    info : dict
        Training set, hyper-parameters and held-out scores (the model card).
    """

    def __init__(self, mean: np.ndarray, scale: np.ndarray, coef: np.ndarray, intercept: np.ndarray, info: dict | None = None):
        self.mean, self.scale, self.coef, self.intercept = mean, scale, coef, intercept
        self.info = dict(info or {})

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Probabilities of :data:`STANCE_LABELS`, one row per actor."""
        z = ((np.atleast_2d(X) - self.mean) / self.scale) @ self.coef.T + self.intercept
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def predict_actor(self, x: np.ndarray) -> dict[str, float]:
        """``{"neg": p, "neu": p, "pos": p}`` for one feature vector."""
        return dict(zip(STANCE_LABELS, map(float, self.predict_proba(x)[0])))

    def save(self, path: str | Path = DEFAULT_PATH) -> Path:
        """Write the model as a bundle folder (JSON and ``.npz``, no pickle)."""
        arrays = {"mean": self.mean, "scale": self.scale, "coef": self.coef, "intercept": self.intercept}
        meta = {"kind": "actor_stance", "labels": list(STANCE_LABELS), "feature_names": list(FEATURE_NAMES)}
        return write_bundle(path, meta, arrays, {"card.json": self.info})

    @classmethod
    def load(cls, path: str | Path = DEFAULT_PATH) -> "StanceModel":
        """Read a model written by :meth:`save`.

        Raises
        ------
        BundleError
            Missing or altered files, or features that differ from this version's.
        """
        meta, arrays, files = read_bundle(path)
        if meta.get("kind") != "actor_stance" or meta.get("feature_names") != list(FEATURE_NAMES):
            raise BundleError(f"{path} is not an actor-stance model for these features; retrain it (benchmarks/bench_actors.py --save)")
        return cls(arrays["mean"], arrays["scale"], arrays["coef"], arrays["intercept"], files.get("card.json"))


_default: list[StanceModel | None] = []


def default_stance_model() -> StanceModel | None:
    """The shipped stance model, or None where it is not installed (loaded once)."""
    if not _default:
        try:
            _default.append(StanceModel.load())
        except BundleError:
            _default.append(None)
    return _default[0]
