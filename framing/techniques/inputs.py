"""What the techniques model reads of each paragraph: feature-layer evidence counted inside it,
shallow cues of style, and its words (numpy only).

A paragraph's dense inputs, in :data:`INPUT_NAMES` order, are the number of evidence spans of
each feature family (and detail) that start inside it per 100 of its words, the cues of
:func:`style_cues`, and the same evidence rates over the whole article (persuasion techniques
cluster in articles: a paragraph of a loaded article is more likely to use one).

Everything is computed for all the paragraphs of an article at once (one pass over its words,
counts gathered by paragraph with ``bincount``), since an article has a dozen or more of them.
"""

from __future__ import annotations

import re
from itertools import repeat
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
#: Word → which of the counted word classes it is in (second person, first person plural, negation).
_CLASS = {**{w: 1 for w in _SECOND}, **{w: 2 for w in _WE}, **{w: 3 for w in _NEGATION - {"n't"}}}
_SEP = "\x00"  # joins words for one lower-casing call; no word contains it
#: Column of each (kind, detail) of evidence, and of (kind, "") for "every detail".
_COLUMN: dict[tuple[str, str], int] = {kd: j for j, kd in enumerate(COUNTED)}


def paragraph_spans(reading: "Reading") -> list[tuple[int, int]]:
    """The article's paragraphs as offsets into the caller's text."""
    doc = reading.doc
    return [doc.original_span(s, e) for s, e in doc.paragraphs]


def _evidence_counts(evidence: Sequence[Evidence], spans: Sequence[tuple[int, int]]) -> np.ndarray:
    """Per paragraph, how many spans of each :data:`COUNTED` kind start inside it."""
    out = np.zeros((len(spans), len(COUNTED)))
    if not evidence or not spans:
        return out
    starts = np.array([s for s, _ in spans], dtype=np.int64)
    ends = np.array([e for _, e in spans], dtype=np.int64)
    at = np.fromiter((e.start for e in evidence), dtype=np.int64, count=len(evidence))
    rows = np.searchsorted(starts, at, side="right") - 1
    inside = (rows >= 0) & (at < ends[np.maximum(rows, 0)])
    get = _COLUMN.get
    for e, row, ok in zip(evidence, rows.tolist(), inside.tolist()):
        if ok:
            for j in (get((e.kind, "")), get((e.kind, e.detail)) if e.detail else None):
                if j is not None:
                    out[row, j] += 1
    return out


def style_cues(texts: Sequence[str]) -> tuple[np.ndarray, list[list[str]]]:
    """:data:`STYLE` cues of consecutive paragraphs of one article, and each paragraph's lower-cased words."""
    n = len(texts)
    if not n:
        return np.zeros((0, len(STYLE))), []
    raw = [_WORD.findall(t) for t in texts]
    sizes = np.fromiter(map(len, raw), dtype=np.int64, count=n)
    flat_raw = [w for ws in raw for w in ws]
    flat = _SEP.join(flat_raw).lower().split(_SEP) if flat_raw else []
    bounds = np.concatenate([[0], np.cumsum(sizes)])
    words_of = [flat[a:b] for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist())]
    row = np.repeat(np.arange(n), sizes)
    count = np.maximum(sizes, 1).astype(np.float64)
    kind = np.fromiter(map(_CLASS.get, flat, repeat(0)), dtype=np.int64, count=len(flat))
    by_kind = np.bincount(row * 4 + kind, minlength=4 * n).reshape(n, 4)
    contracted = np.fromiter(map(str.endswith, flat, repeat("n't")), dtype=bool, count=len(flat))
    negations = by_kind[:, 3] + np.bincount(row[contracted], minlength=n)
    capital = np.fromiter(map(str.isupper, flat_raw), dtype=bool, count=len(flat))
    capital &= np.fromiter(map(len, flat_raw), dtype=np.int64, count=len(flat)) > 2
    cues = np.empty((n, len(STYLE)))
    cues[:, 0] = [t.count("?") for t in texts]
    cues[:, 1] = [t.count("!") for t in texts]
    cues[:, 2] = by_kind[:, 1] / count
    cues[:, 3] = by_kind[:, 2] / count
    cues[:, 4] = np.bincount(row[capital], minlength=n) / count
    cues[:, 5] = np.log1p(sizes)
    cues[:, 6] = np.arange(n) / max(n - 1, 1)
    cues[:, 7] = np.arange(n) == 0
    cues[:, 8] = _repeated_bigrams(flat, row, n)
    cues[:, 9] = [(t.count('"') + t.count("\u201c")) / c for t, c in zip(texts, count.tolist())]
    cues[:, 10] = negations / count
    cues[:, 11] = [len(_SUPERLATIVE.findall(t.lower())) / c for t, c in zip(texts, count.tolist())]
    return cues, words_of


def _repeated_bigrams(words: list[str], row: np.ndarray, n: int) -> np.ndarray:
    """Per paragraph, the share of its distinct word bigrams that an earlier paragraph has."""
    out = np.zeros(n)
    if len(words) < 2:
        return out
    index = {w: i for i, w in enumerate(dict.fromkeys(words))}
    ids = np.fromiter(map(index.__getitem__, words), dtype=np.int64, count=len(words))
    same = row[1:] == row[:-1]
    keys = (ids[:-1] * len(index) + ids[1:])[same]
    where = row[1:][same]
    pairs = np.unique(keys * n + where)  # distinct (bigram, paragraph), by bigram then paragraph
    key, para = pairs // n, pairs % n
    first = np.r_[True, key[1:] != key[:-1]]
    seen_before = ~first  # the bigram was in an earlier paragraph (paragraphs ascend within a bigram)
    distinct = np.bincount(para, minlength=n)
    return np.bincount(para[seen_before], minlength=n) / np.maximum(distinct, 1)


def paragraph_inputs(text: str, evidence: Sequence[Evidence], spans: Sequence[tuple[int, int]]) -> tuple[np.ndarray, list[list[str]]]:
    """Dense inputs (paragraphs × :data:`INPUT_NAMES`) and words of the paragraphs ``spans`` of ``text``.

    ``evidence`` is the feature layer's evidence of the whole article (offsets into ``text``).
    """
    texts = [text[s:e] for s, e in spans]
    style, words = style_cues(texts)
    counts = _evidence_counts(evidence, spans)
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
