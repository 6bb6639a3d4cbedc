"""What a report shows of one scored article: marked spans with their weights, heads, actors, sourcing."""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING, Callable, NamedTuple

from ..actors import ActorProfile
from ..evidence import Evidence
from ..text import Document
from ..text.html import looks_like_html

if TYPE_CHECKING:
    from ..pipeline import Score

#: Attribution kinds of the sourcing mix, in the order shown.
SOURCE_KINDS = ("named", "anonymous", "relayed", "vague")


class Mark(NamedTuple):
    """A span to highlight, and what it weighs toward the predicted labels.

    Attributes
    ----------
    evidence : Evidence
    start, end : int
        The span in the text the report shows (:attr:`ArticleView.text`).
    notes : tuple of str
        One line per input the span counts toward among the inputs that
        pushed a predicted label most: ``"ideology → left: +0.29 (loaded.per_1k)"``.
    """

    evidence: Evidence
    start: int
    end: int
    notes: tuple[str, ...] = ()


class HeadView(NamedTuple):
    """One head's probabilities and the label(s) it predicts."""

    name: str
    probabilities: dict[str, float]
    predicted: tuple[str, ...]
    multilabel: bool


class ArticleView(NamedTuple):
    """Everything the report shows of one article.

    Attributes
    ----------
    title : str
    text : str
        The text shown (see :func:`shown_text`); the ``start`` and ``end`` of ``marks`` index it.
    marks : list of Mark
        Feature evidence, actor mentions, claim-stance evidence, and the
        occurrences of the n-grams that pushed a predicted label most.
    heads : list of HeadView
        The model's heads, then the stance toward each claim the score was asked about.
    actors : list of ActorProfile
    sourcing : dict
        Attribution kind → (count, share); ``quotes`` → (attributed, unattributed).
    empty : bool
        The text has no words: the probabilities are the training priors.
    """

    title: str
    text: str
    marks: list[Mark]
    heads: list[HeadView]
    actors: list[ActorProfile]
    sourcing: dict[str, tuple[float, float]]
    empty: bool


def shown_text(doc: Document) -> tuple[str, Callable[[int], int]]:
    """The text a report shows, and a function from the caller's offsets to offsets into it.

    Plain text is shown as the caller gave it.  HTML is shown as its visible
    text (the document's cleaned text): its source would show every tag.
    """
    if not looks_like_html(doc.original):
        return doc.original, lambda pos: pos
    origins = [doc.original_span(i, i + 1)[0] for i in range(len(doc.text))]
    return doc.text, lambda pos: bisect_left(origins, pos)


def explained_labels(score: "Score", head: str) -> tuple[str, ...]:
    """The labels a head predicts; for a multi-label head that predicts none, its most probable."""
    label = score.labels[head]
    if isinstance(label, str):
        return (label,)
    return tuple(label) or (max(score.heads[head], key=score.heads[head].get),)


def weights(score: "Score", top: int) -> tuple[dict[tuple, list[str]], list[Evidence]]:
    """Notes per evidence span (keyed by kind, start, end, detail), and the n-gram spans, from ``score.explain``."""
    notes: dict[tuple, list[str]] = {}
    ngrams: dict[tuple, Evidence] = {}
    for head in score.heads:
        for label in explained_labels(score, head):
            for reason in score.explain(head, label, top=top):
                for e in reason.evidence:
                    key = (e.kind, e.start, e.end, e.detail)
                    notes.setdefault(key, []).append(f"{head} → {label}: {reason.weight:+.3f} ({reason.name})")
                    if reason.kind == "ngram":
                        ngrams.setdefault(key, e)
    return notes, list(ngrams.values())


def sourcing_mix(values: dict[str, float]) -> dict[str, tuple[float, float]]:
    """Attribution counts and shares by kind, and attributed / unattributed quotation counts."""
    mix = {k: (values.get(f"attribution.{k}.count", 0.0), values.get(f"attribution.{k}.share", 0.0)) for k in SOURCE_KINDS}
    mix["quotes"] = (values.get("quote.attributed.count", 0.0), values.get("quote.unattributed.count", 0.0))
    return mix


def article_view(score: "Score", title: str = "", top: int = 15) -> ArticleView:
    """What the report shows of a scored article.

    Parameters
    ----------
    score : Score
        From :func:`framing.score`.
    title : str
    top : int
        Per predicted label, how many of the inputs that pushed it most are
        credited to the spans behind them.
    """
    doc = score.document
    notes, ngrams = weights(score, top)
    actors = score.actors
    mentions = [e for a in actors for e in a.mentions]
    stance = [e for result in score.claims.values() for e in result.evidence]
    spans = sorted([*score.evidence, *mentions, *stance, *ngrams], key=lambda e: (e.start, -e.end))
    text, position = shown_text(doc)
    marks = [Mark(e, position(e.start), position(e.end), tuple(notes.get((e.kind, e.start, e.end, e.detail), ()))) for e in spans]
    heads = []
    for h, probs in score.heads.items():
        label = score.labels[h]
        heads.append(HeadView(h, probs, (label,) if isinstance(label, str) else tuple(label), not isinstance(label, str)))
    for claim, result in score.claims.items():
        heads.append(HeadView(f"stance toward “{claim}”", result.probabilities, (result.label,), False))
    return ArticleView(title, text, marks, heads, actors, sourcing_mix(score.features), score.empty)
