"""SemEval-2023 persuasion techniques per paragraph: which inputs, which decision rule.

Paragraph rows, GroupKFold(5) by article; one logistic regression per technique; the
decision thresholds chosen on the training folds only (one global threshold, or one per
technique); micro-F1 over (paragraph, technique) pairs, macro-F1 beside it.

    nice -n 10 python benchmarks/research/techniques.py
"""

from __future__ import annotations

import argparse
import sys

import numpy as np
import scipy.sparse as sp

from common import cached, read_jsonl  # noqa: F401  (sys.path set up by common)

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

GRID = np.round(np.arange(0.05, 0.951, 0.05), 2)


def paragraphs():
    rows = read_jsonl("semeval2023_techniques/articles.jsonl")
    texts, labels, groups, positions = [], [], [], []
    for article in rows:
        n = len(article["paragraphs"])
        for p in article["paragraphs"]:
            texts.append(p["text"])
            labels.append(p["techniques"])
            groups.append(article["id"])
            positions.append((p["index"], n))
    return texts, labels, np.array(groups), positions


def feature_matrix(texts: list[str]) -> tuple[np.ndarray, list[str]]:
    import framing

    extractor = framing.Extractor()
    names = [n for n in extractor.feature_names() if not n.endswith(".per_1k") or n.count(".") == 1]
    rows = []
    for t in texts:
        v = extractor.extract(t).values
        rows.append([v[n] for n in names])
    return np.array(rows), names


def shallow(texts: list[str], positions) -> np.ndarray:
    """Questions, exclamations, second person, capitals, length, position, repetition of earlier words."""
    out = []
    seen_article: set[str] = set()
    last_n = None
    for t, (index, n) in zip(texts, positions):
        if index == 0 or n != last_n:
            seen_article = set()
        last_n = n
        words = t.lower().split()
        w = max(len(words), 1)
        bigrams = {" ".join(words[i:i + 2]) for i in range(len(words) - 1)}
        repeated = len(bigrams & seen_article) / max(len(bigrams), 1)
        seen_article |= bigrams
        out.append([t.count("?"), t.count("!"), sum(x in ("you", "your", "we", "our", "us") for x in words) / w,
                    sum(1 for x in t.split() if x.isupper() and len(x) > 2) / w, np.log1p(len(words)), index / max(n - 1, 1),
                    float(index == 0), repeated, t.count('"') / w])
    return np.array(out)


def micro_f1(y, pred) -> tuple[float, float]:
    tp = (y & pred).sum(0)
    fp = (~y & pred).sum(0)
    fn = (y & ~pred).sum(0)
    micro = 2 * tp.sum() / max(2 * tp.sum() + fp.sum() + fn.sum(), 1)
    macro = np.mean(np.where(2 * tp + fp + fn > 0, 2 * tp / np.maximum(2 * tp + fp + fn, 1), 0))
    return float(micro), float(macro)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--C", type=float, nargs="+", default=[1.0, 4.0])
    ap.add_argument("--min", type=int, default=10, help="techniques with fewer paragraphs are not learnt")
    args = ap.parse_args()
    texts, labels, groups, positions = paragraphs()
    names = sorted({t for ls in labels for t in ls})
    names = [x for x in names if sum(x in ls for ls in labels) >= args.min]
    y = np.array([[x in ls for x in names] for ls in labels])
    all_pairs = sum(len(ls) for ls in labels)
    print(f"{len(texts)} paragraphs, {len(set(groups))} articles, {len(names)} techniques learnt; pairs {all_pairs}, "
          f"learnt {int(y.sum())}")
    F, fnames = cached("techniques_features", lambda: feature_matrix(texts))
    S = shallow(texts, positions)
    dense_all = np.hstack([F, S])
    splits = list(GroupKFold(5).split(texts, groups=groups))
    for use_dense, C, word in [(d, c, w) for d in (False, True) for c in args.C for w in ((1, 2),)]:
        p = np.zeros(y.shape)
        for train, test in splits:
            vec = TfidfVectorizer(ngram_range=word, min_df=2, sublinear_tf=True, max_features=100_000)
            Xtr, Xte = vec.fit_transform([texts[i] for i in train]), vec.transform([texts[i] for i in test])
            if use_dense:
                mu, sd = dense_all[train].mean(0), dense_all[train].std(0)
                sd[sd == 0] = 1
                D = np.clip((dense_all - mu) / sd, -5, 5) * 0.3
                Xtr, Xte = sp.hstack([Xtr, D[train]]).tocsr(), sp.hstack([Xte, D[test]]).tocsr()
            for j in range(len(names)):
                m = LogisticRegression(C=C, class_weight="balanced", max_iter=2000).fit(Xtr, y[train, j])
                p[test, j] = m.predict_proba(Xte)[:, 1]
        # thresholds on the other folds only
        pred = np.zeros_like(y)
        for train, test in splits:
            best = max(GRID, key=lambda t: micro_f1(y[train], p[train] >= t)[0])
            pred[test] = p[test] >= best
        per = np.zeros_like(y)
        for train, test in splits:
            th = [max(GRID, key=lambda t: micro_f1(y[train, j:j + 1], p[train, j:j + 1] >= t)[0]) for j in range(len(names))]
            per[test] = p[test] >= np.array(th)
        mi, ma = micro_f1(y, pred)
        mi2, ma2 = micro_f1(y, per)
        unlearnt = all_pairs - int(y.sum())
        tp = int((y & pred).sum())
        official = 2 * tp / (int(pred.sum()) + all_pairs)
        print(f"dense={use_dense!s:5} C={C:<4g} | global threshold micro {mi:.3f} macro {ma:.3f} (with unlearnt as missed {official:.3f}) "
              f"| per-technique micro {mi2:.3f} macro {ma2:.3f}", flush=True)


if __name__ == "__main__":
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        main()
