"""What a report shows of one scored article: marked spans with their weights, heads, actors, sourcing."""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING, Callable, NamedTuple

from ..actors import ActorProfile
from ..actors.perspective import SOURCE_KINDS, Perspective
from ..evidence import Evidence, unique
from ..text import Document
from ..text.html import looks_like_html

if TYPE_CHECKING:
    from ..pipeline import Score

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
    perspective : Perspective
        The article's perspective summary; every span of it is among ``marks``.
    features : dict
        The feature-layer values (rates for the comparison of articles).
    labels : dict
        Head → predicted labels.
    label_spans : dict
        ``(head, label)`` → the spans of the inputs that pushed the label most.
    marked : dict
        :attr:`Evidence.key` → index of its mark (see :meth:`mark_of`).
    techniques : list of ParagraphTechniques
        The persuasion techniques of each paragraph (a ``technique`` mark spans each paragraph that has some).
    """

    title: str
    text: str
    marks: list[Mark]
    heads: list[HeadView]
    actors: list[ActorProfile]
    sourcing: dict[str, tuple[float, float]]
    empty: bool
    perspective: Perspective = Perspective()
    features: dict[str, float] = {}
    labels: dict[str, tuple[str, ...]] = {}
    label_spans: dict[tuple[str, str], tuple[Evidence, ...]] = {}

    marked: dict[tuple, int] = {}
    techniques: list = []

    def mark_of(self, evidence: Evidence) -> int | None:
        """The index in :attr:`marks` of the mark that shows ``evidence`` (None if none does)."""
        return self.marked.get(evidence.key)


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


def weights(score: "Score", top: int) -> tuple[dict[tuple, list[str]], list[Evidence], dict[tuple[str, str], tuple[Evidence, ...]]]:
    """Notes per evidence span (keyed by :attr:`Evidence.key`), the n-gram spans, and per predicted
    ``(head, label)`` the spans of the inputs that pushed it up, from ``score.explain``."""
    notes: dict[tuple, list[str]] = {}
    ngrams: dict[tuple, Evidence] = {}
    pushed: dict[tuple[str, str], tuple[Evidence, ...]] = {}
    for head in score.heads:
        for label in explained_labels(score, head):
            reasons = score.explain(head, label, top=top)
            pushed[head, label] = tuple(unique(e for r in reasons if r.weight > 0 for e in r.evidence))
            for reason in reasons:
                for e in reason.evidence:
                    key = e.key
                    notes.setdefault(key, []).append(f"{head} → {label}: {reason.weight:+.3f} ({reason.name})")
                    if reason.kind == "ngram":
                        ngrams.setdefault(key, e)
    return notes, list(ngrams.values()), pushed


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
    notes, ngrams, label_spans = weights(score, top)
    actors = score.actors
    view_of = score.perspective
    mentions = [e for a in actors for e in a.mentions]
    stance = [e for result in score.claims.values() for e in result.evidence]
    paragraphs = [Evidence("technique", t.start, t.end, doc.original[t.start:t.end], ", ".join(t.techniques),
                           {k: f"{t.probabilities[k]:.2f}" for k in t.techniques})
                  for t in score.techniques if t.techniques]
    shown = [*score.evidence, *mentions, *stance, *ngrams, *perspective_spans(view_of), *paragraphs]
    spans = sorted(unique(shown), key=lambda e: (e.start, -e.end))
    text, position = shown_text(doc)
    marks = [Mark(e, position(e.start), position(e.end), tuple(notes.get(e.key, ()))) for e in spans]
    marked: dict[tuple, int] = {}
    for i, m in enumerate(marks):
        marked.setdefault(m.evidence.key, i)
    heads, labels = [], {}
    for h, probs in score.heads.items():
        label = score.labels[h]
        labels[h] = (label,) if isinstance(label, str) else tuple(label)
        heads.append(HeadView(h, probs, labels[h], not isinstance(label, str)))
    for claim, result in score.claims.items():
        heads.append(HeadView(f"stance toward “{claim}”", result.probabilities, (result.label,), False))
    return ArticleView(title, text, marks, heads, actors, sourcing_mix(score.features), score.empty,
                       view_of, dict(score.features), labels, label_spans, marked, score.techniques)


def perspective_spans(p: Perspective) -> list[Evidence]:
    """Every span the perspective summary points to."""
    return [e for item in p.items() for e in item.evidence]
