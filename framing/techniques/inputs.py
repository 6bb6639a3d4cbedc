"""What the techniques model reads of each paragraph: feature-layer evidence counted inside it,
shallow cues of style, and its words (numpy only).

A paragraph's dense inputs, in :data:`INPUT_NAMES` order, are the number of evidence spans of
each feature family (and detail) that start inside it per 100 of its words, the cues of
:func:`style_cues`, the loaded-language tagger's token log-odds pooled over it
(:func:`tagger_pools`), and the same evidence rates over the whole article (persuasion techniques
cluster in articles: a paragraph of a loaded article is more likely to use one).

A paragraph's words are the document's own tokens (:data:`framing.text.words.WORD`, lower-cased),
so no layer tokenises twice.  Everything is computed for all the paragraphs of an article at once
(each distinct word looked at once, counts gathered by paragraph with ``bincount``), since an
article has a dozen or more of them, and, by :func:`paragraph_inputs_many`, for several articles at
once, each article's inputs being those it gets alone.
"""

from __future__ import annotations

from itertools import repeat
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Iterable, NamedTuple, Sequence

import numpy as np

from ..evidence import Evidence

if TYPE_CHECKING:
    from ..reading import Reading
    from ..text.document import Document

#: Evidence (kind, detail) counted per paragraph; "" counts every detail of the kind.
COUNTED = (
    ("hedge", ""), ("booster", ""), ("loaded", ""), ("loaded", "label"), ("loaded", "intensifier"),
    ("report_verb", "neutral"), ("report_verb", ""), ("quote", ""),
    ("attribution", "named"), ("attribution", "anonymous"), ("attribution", "relayed"), ("attribution", "vague"),
)
STYLE = ("questions", "exclamations", "second_person", "first_person_plural", "capitalised_words", "log_words",
         "position", "first", "repeated_bigrams", "quote_marks", "negations", "superlatives")
#: The loaded-language tagger's token log-odds, pooled over the paragraph (:func:`tagger_pools`).
POOLED = ("max", "top3_mean", "over_threshold.per_100")
#: Names of the dense inputs, in column order.
INPUT_NAMES = (*(f"{k}.{d or 'all'}.per_100" for k, d in COUNTED), *(f"style.{s}" for s in STYLE),
               *(f"tagger.{p}" for p in POOLED), *(f"article.{k}.{d or 'all'}.per_100" for k, d in COUNTED))
#: The pooled log-odds of a paragraph without words.
NO_WORDS = (-10.0, -10.0, 0.0)

_SECOND = frozenset({"you", "your", "yours", "yourself", "yourselves"})
_WE = frozenset({"we", "our", "ours", "us", "ourselves"})
_NEGATION = frozenset({"not", "no", "never", "nobody", "nothing", "none", "neither", "nor"})
#: Word → which of the counted word classes it is in (second person, first person plural, negation, superlative).
_CLASS = {**{w: 1 for w in _SECOND}, **{w: 2 for w in _WE}, **{w: 3 for w in _NEGATION}, "most": 4, "least": 4}
_N_CLASSES = 5
_ASCII_UPPER = np.array([chr(c).isupper() for c in range(128)])
_BACK = np.array([[1], [2], [3]])  # the last three characters of a word, from its end
#: Column of every detail of a kind of evidence, and of (kind, detail) where a detail has its own.
_KIND_COLUMN = {k: j for j, (k, d) in enumerate(COUNTED) if not d}
_DETAIL_COLUMN = {kd: j for j, kd in enumerate(COUNTED) if kd[1]}


class ParagraphWords(NamedTuple):
    """The word tokens of an article's paragraphs, coded: what the n-grams and the style cues read.

    Token ``k`` (paragraphs in order, words in order within each) is the word
    ``distinct[codes[k]]`` (lower-cased, :data:`framing.text.words.WORD`, a possessive 's dropped)
    of paragraph ``rows[k]``.
    """

    distinct: list[str]
    codes: np.ndarray
    rows: np.ndarray
    n: int

    def lists(self) -> list[list[str]]:
        """Each paragraph's words, as lists."""
        words = [self.distinct[c] for c in self.codes.tolist()]
        bounds = np.searchsorted(self.rows, np.arange(self.n + 1)).tolist()
        return [words[a:b] for a, b in zip(bounds[:-1], bounds[1:])]


def join_words(parts: Sequence[ParagraphWords]) -> ParagraphWords:
    """The paragraphs of several articles' :class:`ParagraphWords`, one after the other (each article's
    words keep codes of their own, so that nothing is shared across articles)."""
    if len(parts) == 1:
        return parts[0]
    n_words, n_rows = np.array([len(w.distinct) for w in parts]), np.array([w.n for w in parts])
    codes = np.concatenate([w.codes + by for w, by in zip(parts, (n_words.cumsum() - n_words).tolist())])
    rows = np.concatenate([w.rows + by for w, by in zip(parts, (n_rows.cumsum() - n_rows).tolist())])
    return ParagraphWords([w for p in parts for w in p.distinct], codes, rows, int(n_rows.sum()))


def _coded(first: np.ndarray, words: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """Distinct words and codes ``0 … k - 1`` of tokens given as the position in ``words`` of
    their word's first token (:attr:`framing.text.words.TextVocabulary.word_ids`)."""
    used = np.zeros(len(words), dtype=bool)
    used[first] = True
    at = np.flatnonzero(used)
    table = np.zeros(len(words), dtype=np.int64)
    table[at] = np.arange(len(at))
    distinct = list(itemgetter(*at.tolist())(words)) if len(at) > 1 else [words[i] for i in at.tolist()]
    return distinct, table[first]


def paragraph_spans(reading: "Reading") -> list[tuple[int, int]]:
    """The article's paragraphs as offsets into the caller's text."""
    doc = reading.doc
    return [doc.original_span(s, e) for s, e in doc.paragraphs]


def paragraph_words(doc: "Document", spans: Sequence[tuple[int, int]]) -> tuple[ParagraphWords, np.ndarray]:
    """The document's word tokens inside each of ``spans`` (offsets into ``doc.original``), coded,
    and the position of each token among the document's.

    A token belongs to the paragraph its first character came from; the document's tokens are
    those of its cleaned text, so words of a part the cleaning removed (markup, boilerplate) are
    no paragraph's.
    """
    vocabulary = doc.vocabulary
    starts = doc.offset_map.starts(vocabulary.starts) if doc.offset_map.layers else vocabulary.starts
    first = np.array([s for s, _ in spans], dtype=np.int64)
    last = np.array([e for _, e in spans], dtype=np.int64)
    a = np.searchsorted(starts, first, side="left")
    sizes = np.maximum(np.searchsorted(starts, last, side="left") - a, 0)
    offsets = sizes.cumsum() - sizes
    take = np.arange(int(sizes.sum())) + np.repeat(a - offsets, sizes)
    distinct, codes = _coded(vocabulary.word_ids[take], vocabulary.words)
    # "Russia's" is read as "russia" (grouped CV 0.3665 against 0.3624): renamed where it stands, so two
    # codes may hold one word (their n-grams are the same terms; repeated bigrams tell them apart)
    for c in np.flatnonzero(np.fromiter(map(str.endswith, distinct, repeat("'s")), dtype=bool, count=len(distinct))).tolist():
        distinct[c] = distinct[c][:-2]
    return ParagraphWords(distinct, codes, np.repeat(np.arange(len(spans)), sizes), len(spans)), take


def _evidence_counts(evidence: Sequence[Evidence], spans: Sequence[tuple[int, int]], shift: np.ndarray | None = None) -> np.ndarray:
    """Per paragraph, how many spans of each :data:`COUNTED` kind start inside it.

    For the paragraphs of several articles, their offsets are moved along so that no two articles
    overlap, and ``shift`` (one value per span of ``evidence``) moves the evidence the same way.
    """
    n, m = len(spans), len(evidence)
    if not m or not n:
        return np.zeros((n, len(COUNTED)))
    starts = np.array([s for s, _ in spans], dtype=np.int64)
    ends = np.array([e for _, e in spans], dtype=np.int64)
    at = np.fromiter(map(attrgetter("start"), evidence), dtype=np.int64, count=m)
    if shift is not None:
        at += shift
    rows = np.searchsorted(starts, at, side="right") - 1
    inside = (rows >= 0) & (at < ends[np.maximum(rows, 0)])
    kinds = list(map(attrgetter("kind"), evidence))
    whole = np.fromiter(map(_KIND_COLUMN.get, kinds, repeat(-1)), dtype=np.int64, count=m)
    part = np.fromiter(map(_DETAIL_COLUMN.get, zip(kinds, map(attrgetter("detail"), evidence)), repeat(-1)), dtype=np.int64, count=m)
    rows, columns = np.concatenate([rows, rows]), np.concatenate([whole, part])
    keep = np.concatenate([inside, inside]) & (columns >= 0)
    return np.bincount(rows[keep] * len(COUNTED) + columns[keep], minlength=n * len(COUNTED)).reshape(n, len(COUNTED)).astype(np.float64)


def style_cues(docs: Sequence["Document"], spans: Sequence[Sequence[tuple[int, int]]], words: Sequence[ParagraphWords],
               tokens: Sequence[np.ndarray], joined: ParagraphWords | None = None) -> np.ndarray:
    """:data:`STYLE` cues of the paragraphs of several articles, one after the other: article ``i``'s
    paragraphs are ``spans[i]`` of ``docs[i].original``, and ``words[i]`` and ``tokens[i]`` what
    :func:`paragraph_words` gives for them (``joined``: ``join_words(words)``, if at hand).  Each
    article's cues are its own (position, repeated phrases: within the article)."""
    joined = join_words(words) if joined is None else joined
    n, rows, codes = joined.n, joined.rows, joined.codes
    if not n:
        return np.zeros((0, len(STYLE)))
    texts = [doc.original[a:b] for doc, own in zip(docs, spans) for a, b in own]
    sizes = np.bincount(rows, minlength=n)
    per = np.maximum(sizes, 1).astype(np.float64)
    # each distinct word is looked up once, its tokens take its answer
    kind = np.fromiter(map(_CLASS.get, joined.distinct, repeat(0)), dtype=np.int64, count=len(joined.distinct))[codes]
    by_kind = np.bincount(rows * _N_CLASSES + kind, minlength=_N_CLASSES * n).reshape(n, _N_CLASSES)
    if len(docs) == 1:
        text, starts, ends = docs[0].text, docs[0].vocabulary.starts[tokens[0]], docs[0].vocabulary.ends[tokens[0]]
    else:  # the articles' texts end to end, their tokens' offsets moved along with them
        lengths = np.array([len(doc.text) for doc in docs], dtype=np.int64)
        moved = np.repeat(lengths.cumsum() - lengths, [len(t) for t in tokens])
        starts = np.concatenate([doc.vocabulary.starts[t] for doc, t in zip(docs, tokens)]) + moved
        ends = np.concatenate([doc.vocabulary.ends[t] for doc, t in zip(docs, tokens)]) + moved
        text = "".join(doc.text for doc in docs)
    chars = _codes(text)
    capital = _capitalised(text, chars, starts, ends)
    est, contracted = _suffixes(chars, ends) & (ends - starts > 3)
    counts = np.array([w.n for w in words])
    at = np.arange(n) - np.repeat(counts.cumsum() - counts, counts)  # each paragraph's place in its article
    cues = np.empty((n, len(STYLE)))
    cues[:, 0] = [t.count("?") for t in texts]
    cues[:, 1] = [t.count("!") for t in texts]
    cues[:, 2] = by_kind[:, 1] / per
    cues[:, 3] = by_kind[:, 2] / per
    cues[:, 4] = np.bincount(rows[capital], minlength=n) / per
    cues[:, 5] = np.log1p(sizes)
    cues[:, 6] = at / np.repeat(np.maximum(counts - 1, 1), counts)
    cues[:, 7] = at == 0
    cues[:, 8] = _repeated_bigrams(codes, rows, n, len(joined.distinct))
    cues[:, 9] = [(t.count('"') + t.count("\u201c")) / c for t, c in zip(texts, per.tolist())]
    cues[:, 10] = (by_kind[:, 3] + np.bincount(rows[contracted], minlength=n)) / per
    cues[:, 11] = (by_kind[:, 4] + np.bincount(rows[est], minlength=n)) / per
    return cues


def _codes(text: str) -> np.ndarray:
    """The code points of ``text``."""
    if text.isascii():
        return np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _capitalised(text: str, chars: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Whether each word ``text[starts[i]:ends[i]]`` is longer than two characters and in capitals
    (``str.isupper``; ``chars``: the code points of ``text``)."""
    out = np.zeros(len(starts), dtype=bool)
    if not len(starts):
        return out
    # only the long words that begin and end with a capital are looked at whole
    edges = np.concatenate([chars[starts], chars[ends - 1]])
    upper = _ASCII_UPPER[np.minimum(edges, 127)]  # 127 is no letter
    high = np.flatnonzero(edges > 127)
    if len(high):
        upper[high] = list(map(str.isupper, map(chr, edges[high].tolist())))
    n = len(starts)
    for i in np.flatnonzero(upper[:n] & upper[n:] & (ends - starts > 2)).tolist():
        out[i] = text[starts[i]:ends[i]].isupper()
    return out


def _suffixes(chars: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Whether each word ending at ``ends`` ends with "est" (row 0) or "n't" (row 1), in either case."""
    last = chars[np.maximum(ends[None, :] - _BACK, 0)] | 32  # ASCII letters to lower case (an apostrophe stays)
    t = last[0] == ord("t")
    return np.stack([t & (last[1] == ord("s")) & (last[2] == ord("e")), t & (last[1] == ord("'")) & (last[2] == ord("n"))])


def _repeated_bigrams(codes: np.ndarray, rows: np.ndarray, n: int, k: int) -> np.ndarray:
    """Per paragraph, the share of its distinct word bigrams that an earlier paragraph has
    (``codes``: each token's word, ``0 … k - 1``)."""
    out = np.zeros(n)
    if len(codes) < 2:
        return out
    same = rows[1:] == rows[:-1]
    keys = (codes[:-1] * k + codes[1:])[same]
    where = rows[1:][same]
    pairs = np.sort(keys * n + where)
    pairs = pairs[np.diff(pairs, prepend=-1) != 0]  # distinct (bigram, paragraph), by bigram then paragraph
    key, para = pairs // n, pairs % n
    seen_before = np.diff(key, prepend=-1) == 0  # the bigram was in an earlier paragraph (paragraphs ascend within a bigram)
    distinct = np.bincount(para, minlength=n)
    return np.bincount(para[seen_before], minlength=n) / np.maximum(distinct, 1)


def tagger_pools(scores: np.ndarray, rows: np.ndarray, n: int, threshold: float) -> np.ndarray:
    """:data:`POOLED` of ``n`` paragraphs: the largest of their tokens' log-odds ``scores``, the mean of
    the three largest, and how many are over the tagger's ``threshold`` per 100 (``rows``: each
    token's paragraph, ascending)."""
    out = np.empty((n, len(POOLED)))
    out[:] = NO_WORDS
    if not len(scores):
        return out
    sizes = np.bincount(rows, minlength=n)
    firsts = sizes.cumsum() - sizes
    # by paragraph, largest first: one sort of an integer key, the paragraph above the float32's bits
    # (ordered as the floats are), exact however many paragraphs
    bits = scores.astype(np.float32).view(np.int32).astype(np.int64)
    ranked = scores[((rows.astype(np.int64) << 32) - np.where(bits < 0, bits ^ 0x7FFFFFFF, bits)).argsort()]
    rank = np.arange(len(rows)) - firsts[rows]
    top = rank < 3
    has = sizes > 0
    out[has, 0] = ranked[firsts[has]]
    out[has, 1] = np.bincount(rows[top], weights=ranked[top], minlength=n)[has] / np.minimum(sizes[has], 3)
    out[:, 2] = 100 * np.bincount(rows, weights=scores > threshold, minlength=n) / np.maximum(sizes, 1)
    return out


def paragraph_inputs(reading: "Reading", evidence: Sequence[Evidence], spans: Sequence[tuple[int, int]]) -> tuple[np.ndarray, ParagraphWords]:
    """Dense inputs (paragraphs × :data:`INPUT_NAMES`) and words of the paragraphs ``spans`` of the read text.

    ``evidence`` is the feature layer's evidence of the whole article (offsets into ``reading.doc.original``).
    """
    return paragraph_inputs_many([(reading, evidence, spans)])


def paragraph_inputs_many(articles: Sequence[tuple["Reading", Sequence[Evidence], Sequence[tuple[int, int]]]]) -> tuple[np.ndarray, ParagraphWords]:
    """:func:`paragraph_inputs` of several articles ``(reading, evidence, spans)``, their paragraphs one
    after the other (their words joined by :func:`join_words`).  Each paragraph's inputs are those its
    article alone gives; what can be is worked out for all the articles at once."""
    words, tokens, scores = [], [], []
    for reading, _, spans in articles:
        w, t = paragraph_words(reading.doc, spans)
        words.append(w), tokens.append(t), scores.append(reading.loaded_scores[t])
    joined = join_words(words)
    style = style_cues([reading.doc for reading, _, _ in articles], [spans for _, _, spans in articles], words, tokens, joined)
    thresholds = {reading.tagger.threshold for reading, _, _ in articles}
    pools = (tagger_pools(np.concatenate(scores), joined.rows, joined.n, thresholds.pop()) if len(thresholds) == 1
             else np.vstack([tagger_pools(s, w.rows, w.n, r.tagger.threshold) for (r, _, _), s, w in zip(articles, scores, words)]))
    if len(articles) == 1:
        counts = _evidence_counts(articles[0][1], articles[0][2])
    else:  # the articles' offsets moved along, one after another, so that their paragraphs and evidence are counted at once
        lengths = np.array([len(reading.doc.original) + 1 for reading, _, _ in articles], dtype=np.int64)
        moved = (lengths.cumsum() - lengths).tolist()
        counts = _evidence_counts([e for _, evidence, _ in articles for e in evidence],
                                  [(a + by, b + by) for (_, _, spans), by in zip(articles, moved) for a, b in spans],
                                  np.repeat(moved, [len(evidence) for _, evidence, _ in articles]))
    sizes = np.maximum(np.bincount(joined.rows, minlength=joined.n), 1).astype(np.float64)
    rates = 100 * counts / sizes[:, None] if joined.n else counts
    per_article = np.array([w.n for w in words])
    firsts = per_article.cumsum() - per_article
    nonempty = per_article > 0
    article = np.zeros((len(articles), len(COUNTED)))
    if joined.n:  # np.add.reduceat over each article's rows (an article without paragraphs has none)
        article[nonempty] = 100 * np.add.reduceat(counts, firsts[nonempty], axis=0) / np.maximum(np.add.reduceat(sizes, firsts[nonempty]), 1)[:, None]
    return np.hstack([rates, style, pools, np.repeat(article, per_article, axis=0)]), joined


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
