"""What the techniques model reads of each paragraph: feature-layer evidence counted inside it,
shallow cues of style, and its words (numpy only).

A paragraph's dense inputs, in :data:`INPUT_NAMES` order, are the number of evidence spans of
each feature family (and detail) that start inside it per 100 of its words, the cues of
:func:`style_cues`, and the same evidence rates over the whole article (persuasion techniques
cluster in articles: a paragraph of a loaded article is more likely to use one).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable, Sequence

import numpy as np

from ..evidence import Evidence

if TYPE_CHECKING:
    from ..reading import Reading

#: Evidence (kind, detail) counted per paragraph; "" counts every detail of the kind.
COUNTED = (
    ("hedge", ""), ("booster", ""), ("loaded", ""), ("loaded", "label"), ("loaded", "intensifier"),
    ("report_verb", "neutral"), ("report_verb", ""), ("quote", ""),
    ("attribution", "named"), ("attribution", "anonymous"), ("attribution", "relayed"), ("attribution", "vague"),
)
STYLE = ("questions", "exclamations", "second_person", "first_person_plural", "capitalised_words", "log_words",
         "position", "first", "repeated_bigrams", "quote_marks", "negations", "superlatives")
#: Names of the dense inputs, in column order.
INPUT_NAMES = (*(f"{k}.{d or 'all'}.per_100" for k, d in COUNTED), *(f"style.{s}" for s in STYLE),
               *(f"article.{k}.{d or 'all'}.per_100" for k, d in COUNTED))

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_SECOND = frozenset({"you", "your", "yours", "yourself", "yourselves"})
_WE = frozenset({"we", "our", "ours", "us", "ourselves"})
_NEGATION = frozenset({"not", "no", "never", "nobody", "nothing", "none", "neither", "nor", "n't"})
_SUPERLATIVE = re.compile(r"\b(?:most|least|\w+est)\b")


def paragraph_spans(reading: "Reading") -> list[tuple[int, int]]:
    """The article's paragraphs as offsets into the caller's text."""
    doc = reading.doc
    return [doc.original_span(s, e) for s, e in doc.paragraphs]


def _evidence_counts(evidence: Sequence[Evidence], spans: Sequence[tuple[int, int]]) -> np.ndarray:
    """Per paragraph, how many spans of each :data:`COUNTED` kind start inside it."""
    starts = np.array([s for s, _ in spans], dtype=np.int64)
    ends = np.array([e for _, e in spans], dtype=np.int64)
    out = np.zeros((len(spans), len(COUNTED)))
    for e in evidence:
        row = int(np.searchsorted(starts, e.start, side="right")) - 1
        if row < 0 or e.start >= ends[row]:
            continue
        for j, (kind, detail) in enumerate(COUNTED):
            if e.kind == kind and (not detail or e.detail == detail):
                out[row, j] += 1
    return out


def style_cues(texts: Sequence[str]) -> tuple[np.ndarray, list[list[str]]]:
    """:data:`STYLE` cues of consecutive paragraphs of one article, and each paragraph's lower-cased words."""
    seen: set[str] = set()
    rows, words_of = [], []
    n = len(texts)
    for i, text in enumerate(texts):
        words = [w.lower() for w in _WORD.findall(text)]
        count = max(len(words), 1)
        bigrams = {f"{a} {b}" for a, b in zip(words, words[1:])}
        repeated = len(bigrams & seen) / max(len(bigrams), 1)
        seen |= bigrams
        rows.append([
            text.count("?"), text.count("!"), sum(w in _SECOND for w in words) / count, sum(w in _WE for w in words) / count,
            sum(1 for w in _WORD.findall(text) if len(w) > 2 and w.isupper()) / count, np.log1p(len(words)),
            i / max(n - 1, 1), float(i == 0), repeated, (text.count('"') + text.count("\u201c")) / count,
            sum(w in _NEGATION or w.endswith("n't") for w in words) / count, len(_SUPERLATIVE.findall(text.lower())) / count,
        ])
        words_of.append(words)
    return np.array(rows, dtype=np.float64).reshape(n, len(STYLE)), words_of


def paragraph_inputs(text: str, evidence: Sequence[Evidence], spans: Sequence[tuple[int, int]]) -> tuple[np.ndarray, list[list[str]]]:
    """Dense inputs (paragraphs × :data:`INPUT_NAMES`) and words of the paragraphs ``spans`` of ``text``.

    ``evidence`` is the feature layer's evidence of the whole article (offsets into ``text``).
    """
    texts = [text[s:e] for s, e in spans]
    style, words = style_cues(texts)
    counts = _evidence_counts(sorted(evidence, key=lambda e: e.start), spans) if spans else np.zeros((0, len(COUNTED)))
    sizes = np.array([max(len(w), 1) for w in words], dtype=np.float64)
    rates = 100 * counts / sizes[:, None] if len(spans) else counts
    article = 100 * counts.sum(axis=0) / max(sizes.sum(), 1)
    return np.hstack([rates, style, np.tile(article, (len(spans), 1))]), words


def spans_of(paragraphs: Iterable[tuple[int, int]] | None, reading: "Reading") -> list[tuple[int, int]]:
    """The caller's paragraph spans, checked, or the article's own."""
    if paragraphs is None:
        return paragraph_spans(reading)
    out = []
    n = len(reading.doc.original)
    for item in paragraphs:
        try:
            start, end = item
        except (TypeError, ValueError):
            raise TypeError(f"a paragraph is a (start, end) pair of offsets, got {item!r:.60}") from None
        if not (isinstance(start, (int, np.integer)) and isinstance(end, (int, np.integer))):
            raise TypeError(f"paragraph offsets must be whole numbers, got {item!r:.60}")
        if not 0 <= start < end <= n:
            raise ValueError(f"paragraph ({start}, {end}) is not a span of the text (0 to {n}, start before end)")
        out.append((int(start), int(end)))
    return out
