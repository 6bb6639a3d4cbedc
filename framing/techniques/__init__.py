"""Persuasion techniques per paragraph (SemEval-2023 Task 3 subtask 3): which, where, and why.

    >>> framing.techniques(text)                 # the library's paragraphs
    >>> framing.techniques(text, [(0, 120), (122, 300)])
    [ParagraphTechniques(start=0, end=120, techniques=['Loaded_Language'], probabilities={...}, evidence=..., reasons=...), ...]

:func:`techniques` reads the paragraphs of a :class:`~framing.reading.Reading` with the model a
bundle carries (:func:`techniques_model`), after the feature layer has read the whole article.
"""

from __future__ import annotations

import re
from functools import lru_cache, partial
from itertools import islice
from typing import Any, Iterable, NamedTuple, Sequence

import numpy as np

from ..evidence import Evidence
from .inputs import COUNTED, INPUT_NAMES, paragraph_inputs_many, paragraph_spans, spans_of
from .model import ParagraphTechniques, Scored, TechniqueReason, TechniquesModel

__all__ = ["INPUT_NAMES", "ParagraphTechniques", "TechniqueReason", "TechniquesModel", "paragraph_spans",
           "techniques", "techniques_many", "techniques_model"]


def techniques_model(model: Any) -> TechniquesModel | None:
    """``model`` itself, or the techniques model a loaded bundle carries (None if it has none)."""
    if isinstance(model, TechniquesModel) or model is None:
        return model
    return model.built("techniques", TechniquesModel.from_part)


@lru_cache(maxsize=4096)
def _ngram_pattern(term: str) -> re.Pattern:
    words = [re.escape(w) for w in term.split(" ")]
    return re.compile(r"(?<![^\W_])" + r"[\W_]+".join(words) + r"(?![^\W_])", re.IGNORECASE)


def _ngram_spans(paragraph: str, start: int, term: str) -> list[Evidence]:
    """The first occurrences of an n-gram in a paragraph that begins at ``start``."""
    # attrs {} rather than the shared read-only default, which does not pickle (a Score travels with its techniques)
    return [Evidence("ngram", start + m.start(), start + m.end(), m.group(), term, {})
            for m in islice(_ngram_pattern(term).finditer(paragraph), 3)]


def _spans_of_input(name: str, evidence: Sequence[Evidence], start: int, end: int) -> list[Evidence]:
    kind, detail = name.split(".")[:2]
    if (kind, "" if detail == "all" else detail) not in COUNTED:
        return []
    return [e for e in evidence if start <= e.start < end and e.kind == kind and (detail == "all" or e.detail == detail)]


class _Article(NamedTuple):
    """What the explanations of an article's paragraphs are worked out from."""

    text: str
    evidence: Sequence[Evidence]
    model: TechniquesModel
    scored: Scored
    top: int


def _explain(article: _Article, i: int, start: int, end: int, chosen: list[str]) -> tuple[dict, dict]:
    """Paragraph ``i``'s evidence and reasons for its ``chosen`` techniques (when first read)."""
    model, scored = article.model, article.scored
    x = scored.input_of(i)
    reasons = {t: model.reasons(x, t, article.top, scored.context[i, model.labels.index(t)]) for t in chosen}
    spans_by = {}
    for t, rs in reasons.items():
        found: dict[tuple, Evidence] = {}
        for r in rs:
            if r.kind == "context":  # the words of other paragraphs: no span of this one
                continue
            hits = (_spans_of_input(r.name, article.evidence, start, end) if r.kind == "feature"
                    else _ngram_spans(article.text[start:end], start, r.name))
            for e in hits:
                found.setdefault(e.key, e)
        spans_by[t] = sorted(found.values(), key=lambda e: (e.start, -e.end))
    return spans_by, reasons


def techniques(reading: Any, evidence: Sequence[Evidence], model: TechniquesModel,
               paragraphs: Iterable[tuple[int, int]] | None = None, top: int = 5) -> list[ParagraphTechniques]:
    """The techniques of each paragraph of a read article, in order.

    Parameters
    ----------
    reading : Reading
    evidence : list of Evidence
        The feature layer's evidence of the article (``extract(reading).evidence``).
    model : TechniquesModel
    paragraphs : iterable of (start, end), optional
        Offsets into the caller's text; default: the article's own paragraphs.
    top : int
        Inputs kept as reasons per technique.

    Raises
    ------
    TypeError, ValueError
        If a paragraph is not a pair of whole-number offsets inside the text, start before end.
    """
    return techniques_many([(reading, evidence, spans_of(paragraphs, reading))], model, top)[0]


def techniques_many(articles: Sequence[tuple[Any, Sequence[Evidence], Sequence[tuple[int, int]]]], model: TechniquesModel,
                    top: int = 5) -> list[list[ParagraphTechniques]]:
    """:func:`techniques` of several articles, given as ``(reading, evidence, paragraph spans)``: the same
    answers, with the paragraphs of all of them scored at once (numpy's cost per call, paid once
    for the lot, is most of an article's).
    """
    read = [a for a in articles if a[2]]
    if not read:
        return [[] for _ in articles]
    sizes = np.array([len(spans) for _, _, spans in read])
    scored = model.score(*paragraph_inputs_many(read), sizes.cumsum() - sizes)
    labels = model.labels
    rows, columns = np.nonzero(scored.on)
    order = np.lexsort((-scored.p[rows, columns], rows))  # by paragraph, most likely first (ties: label order)
    chosen: list[list[str]] = [[] for _ in range(len(scored.p))]
    for i, j in zip(rows[order].tolist(), columns[order].tolist()):
        chosen[i].append(labels[j])
    probabilities = scored.p.tolist()
    out, i = [], 0
    for reading, evidence, spans in articles:
        article = _Article(reading.doc.original, evidence, model, scored, top)
        out.append([ParagraphTechniques(start, end, chosen[k], dict(zip(labels, probabilities[k])),
                                        explain=partial(_explain, article, k, start, end, chosen[k]))
                    for k, (start, end) in enumerate(spans, i)])
        i += len(spans)
    return out
