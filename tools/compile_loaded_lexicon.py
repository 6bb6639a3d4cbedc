"""Prune the loaded-language candidate pool into the shipped lexicon ``framing/lexicons/data/loaded.tsv``.

Run: ``python tools/compile_loaded_lexicon.py [--check]`` (needs ../shared/datasets).

The pool (``tools/loaded_candidates.tsv``) is written by hand from published
taxonomies.  Some of its words are charged in one sense and plain in the usual
news one ("regime", "plague"); annotators show which by rarely marking them.
A candidate term is dropped when it occurs at least ``MIN_SEEN`` times in the
building data (BABE sentences and the "build" half of PTC, never the "test"
half, nor BASIL) and is marked in less than a share ``threshold`` of those
occurrences.  The threshold is chosen by 2-fold cross-validation on the PTC
build half: statistics from BABE and one fold, token F1 on the other; the
lowest threshold within ``TOLERANCE`` of the best is taken, so that no more is
pruned than the data clearly asks.
Intensifiers are never pruned (annotators mark them only inside the phrase they
intensify, yet they are a style measure of their own), nor are the examples
that define the family in its specification (``KEPT``).
``--check`` exits 1 if the shipped file differs from what the pool gives.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from framing.reading import Reading  # noqa: E402
from framing.lexicons import Lexicon, LexiconSet  # noqa: E402
from framing.text import prepare  # noqa: E402
from loaded_data import LOADED, LOADED_OR_LABEL, Annotated, babe, covered, gold_tokens, lexicon_predictor, ptc, score  # noqa: E402

POOL = ROOT / "tools" / "loaded_candidates.tsv"
SHIPPED = ROOT / "framing" / "lexicons" / "data" / "loaded.tsv"
MIN_SEEN = 5
THRESHOLDS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3)
TOLERANCE = 0.005
KEPT = frozenset({"provoke", "provocation", "reprimand", "flex", "slam", "outrage", "stir"})


def term_counts(items: list[Annotated], lexicon: Lexicon) -> tuple[Counter, Counter]:
    """How often each lexicon term occurs in ``items``, and how often a marked token starts it."""
    lexicons = LexiconSet({"loaded": lexicon})
    seen: Counter = Counter()
    marked: Counter = Counter()
    for item in items:
        tokens, gold = gold_tokens(item)
        doc = prepare(item.text)
        for t in Reading(doc, lexicons, None).loaded_terms:
            start = doc.original_span(t.start, t.end)[0]
            seen[t.entry.term] += 1
            marked[t.entry.term] += bool(covered(tokens, [(start, start + 1)]) & gold)
    return seen, marked


def rarely_marked(pool: Lexicon, seen: Counter, marked: Counter, threshold: float) -> set[str]:
    """Terms of ``pool`` seen often enough and marked in less than a share ``threshold`` of their occurrences."""
    prunable = {e.term for e in pool.entries.values() if e.category != "intensifier" and e.term not in KEPT}
    return {t for t, n in seen.items() if t in prunable and n >= MIN_SEEN and marked[t] < threshold * n}


def without_terms(lexicon: Lexicon, terms: set[str]) -> Lexicon:
    return lexicon.without(k for k, v in lexicon.entries.items() if v.term in terms)


def choose_threshold(pool: Lexicon, sentences: list[Annotated], build: list[Annotated]) -> tuple[float, dict]:
    """The lowest threshold whose mean cross-validated F1 (Loaded_Language, and with Name_Calling) is near the best."""
    folds = [build[0::2], build[1::2]]
    base = term_counts(sentences, pool)
    fold_counts = [term_counts(f, pool) for f in folds]
    loaded_only = {a.id: a for a in ptc("build", LOADED)}
    table = {}
    for threshold in THRESHOLDS:
        f1s = []
        for k in (0, 1):
            seen, marked = base[0] + fold_counts[1 - k][0], base[1] + fold_counts[1 - k][1]
            predict = lexicon_predictor(without_terms(pool, rarely_marked(pool, seen, marked, threshold)))
            f1s.append(score(folds[k], predict).f1)
            f1s.append(score([loaded_only[a.id] for a in folds[k]], predict).f1)
        table[threshold] = sum(f1s) / len(f1s)
        print(f"threshold {threshold:.2f}: cross-validated mean token F1 {table[threshold]:.3f}", file=sys.stderr)
    best = max(table.values())
    return min(t for t, f1 in table.items() if f1 >= best - TOLERANCE), table


def compile_lexicon() -> str:
    """The text of the shipped lexicon file."""
    pool = Lexicon.from_file(POOL, name="loaded")
    sentences, build = babe(), ptc("build", LOADED_OR_LABEL)
    threshold, _ = choose_threshold(pool, sentences, build)
    seen, marked = (a + b for a, b in zip(term_counts(sentences, pool), term_counts(build, pool)))
    dropped = sorted(rarely_marked(pool, seen, marked, threshold))
    lines = POOL.read_text(encoding="utf-8").splitlines()
    header = [line for line in lines if line.startswith("#") and "candidate" not in line.lower() and "prunes it" not in line]
    note = [
        "# Pruned by tools/compile_loaded_lexicon.py from tools/loaded_candidates.tsv: terms seen at least",
        f"# {MIN_SEEN} times in BABE sentences and the PTC build half but marked (BABE biased_words, PTC",
        f"# Loaded_Language or Name_Calling) in under {threshold:.0%} of them (the lowest threshold within",
        f"# {TOLERANCE} of the best 2-fold cross-validated token F1 on the PTC build half) are left out, except intensifiers and the words",
        f"# that define the family ({', '.join(sorted(KEPT))}): {', '.join(dropped) or 'none'}.",
    ]
    body = [line for line in lines if not line.startswith("#") and line.strip() and line.split("\t")[0].lower() not in dropped]
    return "\n".join(header + note + body) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="only compare with the shipped file")
    args = parser.parse_args()
    text = compile_lexicon()
    if args.check:
        same = SHIPPED.read_text(encoding="utf-8") == text
        print("shipped lexicon is up to date" if same else "shipped lexicon differs from the compiled one")
        sys.exit(0 if same else 1)
    SHIPPED.write_text(text, encoding="utf-8")
    print(f"wrote {SHIPPED.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
