"""SemEval-2025 narratives and subnarratives: which linear configuration, which decision rule.

Both heads are cross-validated on the same grouped folds (near-duplicate clusters kept
together; the articles have no outlet field), their out-of-fold probabilities decided with
thresholds chosen on the other folds, then made consistent with the taxonomy
(:func:`framing.model.hierarchy.reconcile`) and scored with the official measure, samples-F1.

    nice -n 10 python benchmarks/research/narratives.py            # the table in README.md, section 4
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

import numpy as np

from common import DATASETS, read_jsonl  # noqa: F401  (sys.path set up by common)

from framing.corpus import Article, HeadData
from framing.corpus.manifest import Manifest
from framing.model.config import HeadConfig
from framing.model.hierarchy import Hierarchy, joint_thresholds
from framing.training.heads import THRESHOLDS, HeadTrainer, Reader

FILE = DATASETS / "semeval2025_narratives" / "articles.jsonl"


def f1_sets(gold: list[set], pred: list[set]) -> float:
    """Samples-F1 over label sets (the official measure: rare labels the heads skip count as misses)."""
    return float(np.mean([2 * len(g & p) / (len(g) + len(p)) if g or p else 1.0 for g, p in zip(gold, pred)]))


def trainer_for(rows: list[dict], field: str, reader: Reader, config: HeadConfig, min_examples: int) -> HeadTrainer:
    counts: dict[str, int] = {}
    for r in rows:
        for x in r[field]:
            counts[x] = counts.get(x, 0) + 1
    labels = sorted(x for x, n in counts.items() if n >= min_examples)
    articles = [Article(r["text"], tuple(x for x in r[field] if x in labels), r["id"], origin=f"{FILE}:{i + 1}")
                for i, r in enumerate(rows)]
    manifest = Manifest(head=field, data=[FILE], multilabel=True, min_examples=min_examples)
    read = reader.read(articles, config.vectorizer_key, field)
    width = len(reader.indexes[config.vectorizer_key])
    return HeadTrainer(HeadData(manifest, articles, labels, []), config, read, reader.feature_names, width)


def joint_oof(hierarchy: Hierarchy, tn: HeadTrainer, pn: np.ndarray, ts: HeadTrainer, ps: np.ndarray, splits):
    """Decisions on each test fold with the joint thresholds chosen on the other folds."""
    on_n, on_s = np.zeros_like(tn.y, dtype=bool), np.zeros_like(ts.y, dtype=bool)
    chosen = []
    for _, test in splits:
        others = np.setdiff1d(np.arange(len(tn.y)), test)
        th_n, th_s = joint_thresholds(hierarchy, tn.y[others], pn[others], ts.y[others], ps[others], THRESHOLDS)
        on_n[test], on_s[test] = hierarchy.decide(pn[test], th_n, ps[test], th_s)
        chosen.append((th_n[tn.data.labels.index("Other")], th_n[0], th_s[0]))
    return on_n, on_s, chosen


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--C", type=float, nargs="+", default=[1.0, 4.0, 16.0])
    ap.add_argument("--features", type=int, nargs="+", default=[1, 0])
    ap.add_argument("--feature-weight", type=float, default=1.0)
    ap.add_argument("--char", type=int, nargs=2, default=None, help="character n-gram lengths (default: none)")
    ap.add_argument("--include", nargs="*", default=[], help="feature-name patterns to use (default: all)")
    ap.add_argument("--save", help="write the out-of-fold probabilities of the last configuration to this .npz")
    ap.add_argument("--class-weight", default="balanced", choices=["balanced", "none"])
    args = ap.parse_args()
    rows = read_jsonl("semeval2025_narratives/articles.jsonl")
    gold_n = [set(r["narratives"]) for r in rows]
    gold_s = [set(r["subnarratives"]) for r in rows]
    reader = Reader(show_progress=False)
    print(f"baseline 'Other' for all: narratives {f1_sets(gold_n, [{'Other'}] * len(rows)):.3f}, "
          f"subnarratives {f1_sets(gold_s, [{'Other'}] * len(rows)):.3f}")
    print("features C | narratives subnarratives (samples-F1, official labels) | thresholds (none, parent, child) per fold")
    for use_features, C in itertools.product(args.features, args.C):
        config = HeadConfig(use_features=use_features, C=(C,), cv_folds=args.folds, n_jobs=1, feature_weight=args.feature_weight, features_include=tuple(args.include), char_ngrams=tuple(args.char) if args.char else None, class_weight=None if args.class_weight == 'none' else 'balanced')
        tn = trainer_for(rows, "narratives", reader, config, 5)
        ts = trainer_for(rows, "subnarratives", reader, config, 5)
        splits = tn.splits(grouped=True)
        pn, ps = tn.out_of_fold(splits, C), ts.out_of_fold(splits, C)
        hierarchy = Hierarchy(tn.data.labels, ts.data.labels, none="Other")
        on_n, on_s, chosen = joint_oof(hierarchy, tn, pn, ts, ps, splits)
        pred_n = [set(hierarchy.labels(a, b)[0]) for a, b in zip(on_n, on_s)]
        pred_s = [set(hierarchy.labels(a, b)[1]) for a, b in zip(on_n, on_s)]
        print(f"{use_features!s:5} {C:5g} | {f1_sets(gold_n, pred_n):.3f} {f1_sets(gold_s, pred_s):.3f} | "
              + " ".join(f"({a:.2f},{b:.2f},{c:.2f})" for a, b, c in chosen), flush=True)
        if args.save:
            np.savez(args.save, pn=pn, ps=ps, yn=tn.y, ys=ts.y, groups=tn.groups,
                     ln=np.array(tn.data.labels), ls=np.array(ts.data.labels))

if __name__ == "__main__":
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):  # as framing.train: BLAS threads on small solver steps cost more than they give
        main()
