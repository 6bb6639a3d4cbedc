"""Annotated loaded-language data for the ``loaded`` family: the PTC split, BABE, BASIL, token scoring.

Shared by ``tools/compile_loaded_lexicon.py`` (which prunes the lexicon on the
building part), ``tools/train_loaded_tagger.py`` (which trains the tagger on
it) and ``benchmarks/bench_loaded.py`` (which scores both on the rest).

Tokens are runs of word characters (``\\w+``) of the dataset's text; a token is
gold when it overlaps an annotated span, predicted when it overlaps a
``loaded`` evidence span.
"""

from __future__ import annotations

import hashlib
import re
from typing import Callable, Iterable, NamedTuple

from framing.reading import Reading
from framing.lexicons import Lexicon, LexiconSet
from framing.text import prepare
from results import read_jsonl

TOKEN = re.compile(r"\w+")
LOADED = frozenset({"Loaded_Language"})
LOADED_OR_LABEL = frozenset({"Loaded_Language", "Name_Calling,Labeling"})


class Annotated(NamedTuple):
    """A text and the character spans annotators marked in it (``words``: marked words, position-free)."""

    id: str
    text: str
    spans: tuple[tuple[int, int], ...]
    words: frozenset[str] = frozenset()


class Score(NamedTuple):
    precision: float
    recall: float
    f1: float
    gold: int
    predicted: int


def ptc_part(article_id: str) -> str:
    """``"build"`` or ``"test"``: a fixed half of PTC by a hash of the article id."""
    return "build" if int(hashlib.sha1(article_id.encode()).hexdigest(), 16) % 2 == 0 else "test"


def ptc(part: str, techniques: frozenset[str] = LOADED_OR_LABEL) -> list[Annotated]:
    """PTC articles of one part (``"build"``, ``"test"`` or ``"all"``) with the spans of ``techniques``."""
    return [
        Annotated(r["id"], r["text"], tuple((s["start"], s["end"]) for s in r["spans"] if s["technique"] in techniques))
        for r in read_jsonl("ptc/articles.jsonl")
        if part == "all" or ptc_part(r["id"]) == part
    ]


def basil() -> list[Annotated]:
    """BASIL articles with their lexical-bias (``lex``) spans."""
    return [
        Annotated(r["id"], r["text"], tuple((s["start"], s["end"]) for s in r["spans"] if s["bias"] == "lex"))
        for r in read_jsonl("basil/articles.jsonl")
    ]


def babe() -> list[Annotated]:
    """BABE sentences with the words experts marked as biased."""
    return [
        Annotated(r["id"], r["text"], (), frozenset(w.lower() for w in r["biased_words"]))
        for r in read_jsonl("babe/sentences.jsonl")
    ]


def lexicon_predictor(lexicon: Lexicon | None = None) -> Callable[[str], list[tuple[int, int]]]:
    """Spans of the lexicon terms alone, each with the word it colours (the tagger's input; the family before it)."""
    lexicons = LexiconSet({"loaded": lexicon} if lexicon else None)

    def predict(text: str) -> list[tuple[int, int]]:
        doc = prepare(text)
        return [doc.original_span(t.start, t.end) for t in Reading(doc, lexicons, None).loaded_terms]

    return predict


def gold_tokens(item: Annotated) -> tuple[list[tuple[int, int]], set[int]]:
    """The tokens of ``item`` and the indices of the gold ones."""
    tokens = [m.span() for m in TOKEN.finditer(item.text)]
    gold = {i for i, (a, b) in enumerate(tokens) if any(a < e and b > s for s, e in item.spans)}
    if item.words:
        gold |= {i for i, (a, b) in enumerate(tokens) if item.text[a:b].lower() in item.words}
    return tokens, gold


def covered(tokens: list[tuple[int, int]], spans: Iterable[tuple[int, int]]) -> set[int]:
    """Indices of the tokens that overlap any of ``spans``."""
    starts = [a for a, _ in tokens]
    out: set[int] = set()
    for s, e in spans:
        i = _first_ending_after(tokens, s)
        while i < len(starts) and starts[i] < e:
            out.add(i)
            i += 1
    return out


def _first_ending_after(tokens: list[tuple[int, int]], pos: int) -> int:
    lo, hi = 0, len(tokens)
    while lo < hi:
        mid = (lo + hi) // 2
        if tokens[mid][1] <= pos:
            lo = mid + 1
        else:
            hi = mid
    return lo


def score(items: Iterable[Annotated], predict: Callable[[str], Iterable[tuple[int, int]]]) -> Score:
    """Token-level precision, recall and F1 of ``predict(text) -> spans`` against the annotation (micro)."""
    tp = n_gold = n_pred = 0
    for item in items:
        tokens, gold = gold_tokens(item)
        pred = covered(tokens, predict(item.text))
        tp += len(gold & pred)
        n_gold += len(gold)
        n_pred += len(pred)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return Score(p, r, 2 * p * r / (p + r) if p + r else 0.0, n_gold, n_pred)
