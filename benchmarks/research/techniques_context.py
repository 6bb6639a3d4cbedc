"""SemEval-2023 techniques per paragraph: context, thresholds and stacking, by grouped CV.

Rows are the shipped paragraph inputs (:func:`framing.training.techniques.read_manifest`),
GroupKFold(5) over articles as in training.  Every lever is measured on the same folds:

* ``base``: the shipped design (paragraph inputs at 0.3, word 1-2-gram TF-IDF), C=4, one threshold;
* thresholds per technique against one for all (chosen on the other folds' out-of-fold probabilities);
* context: the neighbouring paragraphs' and the whole article's TF-IDF beside the paragraph's;
* stacking: a second linear layer over the first layer's probabilities of the paragraph, its
  neighbours and the article (mean, max), i.e. label co-occurrence and article context.  Honest
  version: the second layer of outer fold k is fitted on first-layer probabilities computed
  out-of-fold *inside* the training folds (nested), never on probabilities of models that saw fold k.

    nice -n 10 python benchmarks/research/techniques_context.py [--only base,context,...]
"""

from __future__ import annotations

import argparse
import time
import warnings
from collections import Counter

import numpy as np
import scipy.sparse as sp

from common import CACHE, ROOT, cached  # noqa: F401  (sys.path set up by common)

from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

GRID = np.round(np.arange(0.05, 0.951, 0.05), 2)


def data():
    from framing.corpus.manifest import load_manifest
    from framing.model.ngrams import GrowingIndex
    from framing.training.heads import _csr
    from framing.training.techniques import read_manifest

    d = cached("techniques_paragraphs", lambda: read_manifest(load_manifest(ROOT / "corpus" / "techniques.toml")))
    index = GrowingIndex(((1, 2), None))
    counts = _csr([(c.astype(np.int32), v.astype(np.float32)) for c, v in map(index.count, d.words)], len(index))
    return d, counts


def tfidf_design(counts: sp.csr_matrix, train: np.ndarray, max_features: int = 50_000, min_df: int = 2) -> tuple[np.ndarray, np.ndarray]:
    df = np.bincount(counts[train].indices, minlength=counts.shape[1])
    eligible = np.flatnonzero((df >= min_df) & (df <= 0.9 * len(train)))
    keep = np.sort(eligible[np.lexsort((eligible, -df[eligible]))][:max_features])
    return keep, np.log((1.0 + len(train)) / (1.0 + df[keep])) + 1.0


def tfidf(counts: sp.csr_matrix, keep: np.ndarray, idf: np.ndarray) -> sp.csr_matrix:
    t = counts[:, keep].tocsr().astype(np.float64)
    t.data = 1.0 + np.log(t.data)
    t = t.multiply(idf[None, :]).tocsr()
    norms = np.sqrt(np.asarray(t.multiply(t).sum(axis=1)).ravel())
    return (sp.diags(np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)) @ t).tocsr()


def context_matrices(groups: np.ndarray) -> tuple[sp.csr_matrix, sp.csr_matrix, sp.csr_matrix]:
    """Row operators: previous paragraph, next paragraph, mean of the article's other paragraphs."""
    n = len(groups)
    same_prev = np.r_[False, groups[1:] == groups[:-1]]
    rows = np.flatnonzero(same_prev)
    prev = sp.csr_matrix((np.ones(len(rows)), (rows, rows - 1)), shape=(n, n))
    same_next = np.r_[groups[:-1] == groups[1:], False]
    rows = np.flatnonzero(same_next)
    nxt = sp.csr_matrix((np.ones(len(rows)), (rows, rows + 1)), shape=(n, n))
    _, start, size = np.unique(groups, return_index=True, return_counts=True)
    r, c, v = [], [], []
    for s, k in zip(start, size):
        block = np.arange(s, s + k)
        rr, cc = np.meshgrid(block, block, indexing="ij")
        off = rr != cc
        r.append(rr[off]); c.append(cc[off]); v.append(np.full(off.sum(), 1.0 / max(k - 1, 1)))
    others = sp.csr_matrix((np.concatenate(v), (np.concatenate(r), np.concatenate(c))), shape=(n, n))
    return prev, nxt, others


def scaled(dense: np.ndarray, train: np.ndarray, weight: float) -> np.ndarray:
    mu, sd = dense[train].mean(0), dense[train].std(0)
    sd[sd == 0] = 1
    return np.clip((dense - mu) / sd, -5, 5) * weight


def fit_predict(x: sp.csr_matrix, y: np.ndarray, train: np.ndarray, test: np.ndarray, C: float, class_weight="balanced") -> np.ndarray:
    p = np.zeros((len(test), y.shape[1]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for j in range(y.shape[1]):
            k = int(y[train, j].sum())
            if 0 < k < len(train):
                m = LogisticRegression(C=C, class_weight=class_weight, max_iter=2000, tol=1e-4).fit(x[train], y[train, j])
                p[:, j] = m.predict_proba(x[test])[:, 1]
            else:
                p[:, j] = (k + 0.5) / (len(train) + 1)
    return p


def f1s(y: np.ndarray, pred: np.ndarray) -> tuple[float, float]:
    tp, fp, fn = (y & pred).sum(0), (~y & pred).sum(0), (y & ~pred).sum(0)
    micro = 2 * tp.sum() / max(2 * tp.sum() + fp.sum() + fn.sum(), 1)
    macro = np.mean(np.where(2 * tp + fp + fn > 0, 2 * tp / np.maximum(2 * tp + fp + fn, 1), 0))
    return float(micro), float(macro)


def global_threshold(y, p):
    return max(GRID, key=lambda t: (f1s(y, p >= t)[0], -t))


def per_technique(y, p, shrink: float = 0.0):
    g = global_threshold(y, p)
    out = np.array([max(GRID, key=lambda t: (f1s(y[:, j:j + 1], p[:, j:j + 1] >= t)[0], -t)) for j in range(y.shape[1])])
    return (1 - shrink) * out + shrink * g


def decide(y, p, folds, rule) -> dict[str, float]:
    """Decisions for each fold with thresholds from the other folds' out-of-fold probabilities."""
    pred = np.zeros_like(y)
    for train, test in folds:
        pred[test] = p[test] >= rule(y[train], p[train])
    return f1s(y, pred)


def report(name, y, p, folds, t0):
    g = decide(y, p, folds, global_threshold)
    per = decide(y, p, folds, per_technique)
    half = decide(y, p, folds, lambda a, b: per_technique(a, b, 0.5))
    print(f"{name:40s} global {g[0]:.3f}/{g[1]:.3f}  per-technique {per[0]:.3f}/{per[1]:.3f}  half {half[0]:.3f}/{half[1]:.3f}"
          f"  ({time.time() - t0:.0f} s)", flush=True)


def repetition(words, groups) -> np.ndarray:
    """Echoes of the other paragraphs of the article: shares of the paragraph's distinct bigrams and
    trigrams found in any other paragraph (before or after), and of its words found in the title."""
    out = np.zeros((len(words), 3))
    for g in np.unique(groups):
        rows = np.flatnonzero(groups == g)
        grams = [({" ".join(w[i:i + 2]) for i in range(len(w) - 1)}, {" ".join(w[i:i + 3]) for i in range(len(w) - 2)})
                 for w in (words[r] for r in rows)]
        bi, tri = Counter(), Counter()
        for b, t in grams:
            bi.update(b), tri.update(t)
        title = {w for w in words[rows[0]] if len(w) > 3}
        for k, r in enumerate(rows):
            b, t = grams[k]
            out[r, 0] = sum(bi[x] > 1 for x in b) / max(len(b), 1)
            out[r, 1] = sum(tri[x] > 1 for x in t) / max(len(t), 1)
            out[r, 2] = (sum(w in title for w in words[r] if len(w) > 3) / max(len(words[r]), 1)) if k else 0.0
    return out


EXTRA = None


def first_layer(d, counts, y, train, test, C, ctx=(0.0, 0.0), fw=0.3, class_weight="balanced", extra=False, near_terms=None):
    """Probabilities of the rows ``test`` from a first layer fitted on the rows ``train``.

    ``ctx``: weights of the neighbours' mean TF-IDF and of the article's other paragraphs' mean TF-IDF.
    """
    keep, idf = tfidf_design(counts, train)
    t = tfidf(counts, keep, idf)
    dense = np.hstack([d.dense, EXTRA]) if extra else d.dense
    parts = [sp.csr_matrix(scaled(dense, train, fw)), t]
    if any(ctx):
        prev, nxt, others = CONTEXT
        if ctx[0]:
            near = t
            if near_terms:  # only the near_terms most frequent terms of the training rows
                df = np.bincount(counts[train].indices, minlength=counts.shape[1])[keep]
                near = t[:, np.sort(np.argsort(-df, kind="stable")[:near_terms])]
            parts.append(((prev + nxt) @ near) * (0.5 * ctx[0]))
        if ctx[1]:
            parts.append((others @ t) * ctx[1])
    x = sp.hstack(parts, format="csr")
    return fit_predict(x, y, train, test, C, class_weight)


def stack_inputs(p: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Second-layer inputs: the paragraph's logits, its neighbours' and the article's (mean, max of the others)."""
    prev, nxt, others = CONTEXT
    z = np.log(np.clip(p, 1e-4, 1 - 1e-4) / np.clip(1 - p, 1e-4, 1))
    mx = np.zeros_like(p)
    for g in np.unique(groups):
        rows = np.flatnonzero(groups == g)
        block = p[rows]
        if len(rows) > 1:
            top2 = np.sort(block, axis=0)[-2:]
            mx[rows] = np.where(block == top2[-1], top2[0], top2[-1])
    return np.hstack([z, prev @ p, nxt @ p, others @ p, mx])


def second_layer(s, y, train, test, C):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mu, sd = s[train].mean(0), s[train].std(0)
        sd[sd == 0] = 1
        x = (s - mu) / sd
        out = np.zeros((len(test), y.shape[1]))
        for j in range(y.shape[1]):
            m = LogisticRegression(C=C, class_weight="balanced", max_iter=2000).fit(x[train], y[train, j])
            out[:, j] = m.predict_proba(x[test])[:, 1]
    return out


CONTEXT = None


def main() -> None:
    global CONTEXT, EXTRA
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="base")
    ap.add_argument("--C", type=float, nargs="+", default=[4.0])
    args = ap.parse_args()
    d, counts = data()
    labels = sorted({t for ls in d.labels for t in ls})
    labels = [t for t in labels if sum(t in ls for ls in d.labels) >= 10]
    y = np.array([[t in ls for t in labels] for ls in d.labels])
    CONTEXT = context_matrices(d.groups)
    EXTRA = repetition(d.words, d.groups)
    folds = list(GroupKFold(5).split(y, groups=d.groups))
    only = args.only.split(",")
    oof = {}

    def run(name, **kw):
        t0 = time.time()
        p = np.zeros(y.shape)
        for train, test in folds:
            p[test] = first_layer(d, counts, y, train, test, **kw)
        report(name, y, p, folds, t0)
        np.save(CACHE / f"techniques-oof-{name.replace(' ', '_')}.npy", p)
        return p

    for C in args.C:
        if "base" in only:
            oof["base", C] = run(f"base C={C:g}", C=C)
        if "neighbours" in only:
            for w in (0.5, 1.0):
                run(f"neighbours {w} C={C:g}", C=C, ctx=(w, 0.0))
        if "near_terms" in only:
            for k in (5000, 15000):
                run(f"neighbours 0.5 on {k} terms C={C:g}", C=C, ctx=(0.5, 0.0), near_terms=k)
        if "extra" in only:
            run(f"repetition inputs C={C:g}", C=C, extra=True)
            run(f"repetition inputs + neighbours C={C:g}", C=C, extra=True, ctx=(0.5, 0.0))
        if "unbalanced" in only:
            run(f"class_weight none C={C:g}", C=C, class_weight=None)
        if "unbalanced_neighbours" in only:
            run(f"class_weight none, neighbours 0.5 on 15000 terms C={C:g}", C=C, class_weight=None, ctx=(0.5, 0.0), near_terms=15000)
        if "fw" in only:
            for fw in (0.0, 0.15, 0.6):
                run(f"feature weight {fw} C={C:g}", C=C, fw=fw)
        if "context" in only:
            for ctx in ((0.5, 0.0), (0.0, 0.5), (0.5, 0.5), (0.3, 1.0)):
                oof["context", ctx, C] = run(f"context {ctx} C={C:g}", C=C, ctx=ctx)
        if "stack" in only or "nested" in only:
            t0 = time.time()
            base = oof.get(("base", C))
            if base is None:
                base = oof["base", C] = run(f"base C={C:g}", C=C)
            s = stack_inputs(base, d.groups)
            for C2 in (0.01, 0.1, 1.0):
                p2 = np.zeros(y.shape)
                for train, test in folds:
                    p2[test] = second_layer(s, y, train, test, C2)
                report(f"stacked (not nested) C2={C2}", y, p2, folds, t0)
        if "nested" in only:
            t0 = time.time()
            p2 = {C2: np.zeros(y.shape) for C2 in (0.01, 0.1)}
            for train, test in folds:
                inner = np.zeros((len(train), y.shape[1]))
                for itr, ite in GroupKFold(4).split(train, groups=d.groups[train]):
                    inner[ite] = first_layer(d, counts, y, train[itr], train[ite], C=C)
                p = np.zeros(y.shape)
                p[train], p[test] = inner, base[test]   # base[test]: fitted on `train` exactly
                s = stack_inputs(p, d.groups)
                for C2 in p2:
                    p2[C2][test] = second_layer(s, y, train, test, C2)
            for C2, p in p2.items():
                report(f"stacked nested C2={C2}", y, p, folds, t0)


if __name__ == "__main__":
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        main()
