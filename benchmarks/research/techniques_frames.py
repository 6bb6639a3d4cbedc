"""Do an article's technique counts help the frames head?  SemEval-2023 frames, grouped CV.

The 334 frames articles are all among the 419 techniques articles (same ids).  Each paragraph's
technique probabilities are out-of-fold (GroupKFold(5) over the techniques articles, the shipped
design); an article's technique inputs are, per technique, its share of paragraphs over the
global threshold and its mean probability.  The frames model is a word 1-2-gram TF-IDF logistic
regression per frame (balanced, C=4, one threshold chosen on the other folds), with and without
those inputs, on the same GroupKFold(5) over articles.  (The technique model of a frames training
article may have seen the test articles' *technique* labels, never their frames.)

    nice -n 10 python benchmarks/research/techniques_frames.py
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from common import read_jsonl
import techniques_context as tc

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import GroupKFold


def main() -> None:
    d, counts = tc.data()
    labels = sorted({t for ls in d.labels for t in ls})
    labels = [t for t in labels if sum(t in ls for ls in d.labels) >= 10]
    y = np.array([[t in ls for t in labels] for ls in d.labels])
    tc.CONTEXT = tc.context_matrices(d.groups)
    folds = list(GroupKFold(5).split(y, groups=d.groups))
    p = tc.cached("techniques_oof_base", lambda: _oof(d, counts, y, folds))
    threshold = tc.global_threshold(y, p)
    by_article = {}
    for g in np.unique(d.groups):
        rows = d.groups == g
        by_article[g] = np.concatenate([(p[rows] >= threshold).mean(0), p[rows].mean(0)])
    frames = read_jsonl("semeval2023_frames/articles.jsonl")
    names = sorted({f for r in frames for f in r["frames"]})
    Y = np.array([[f in r["frames"] for f in names] for r in frames])
    T = np.array([by_article[r["id"]] for r in frames])
    groups = np.array([r["id"] for r in frames])
    splits = list(GroupKFold(5).split(Y, groups=groups))
    texts = [r["text"] for r in frames]
    for weight in (0.0, 0.03, 0.1, 0.3):
        P = np.zeros(Y.shape)
        for train, test in splits:
            vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=50_000)
            X = vec.fit_transform([texts[i] for i in train])
            Xt = vec.transform([texts[i] for i in test])
            if weight:
                D = tc.scaled(T, train, weight)
                X, Xt = sp.hstack([X, D[train]]).tocsr(), sp.hstack([Xt, D[test]]).tocsr()
            full = sp.vstack([X, Xt]).tocsr()
            idx = np.arange(len(train) + len(test))
            P[test] = tc.fit_predict(full, Y[np.r_[train, test]], idx[:len(train)], idx[len(train):], 4.0)
        g = tc.decide(Y, P, splits, tc.global_threshold)
        print(f"frames, technique inputs at weight {weight}: micro-F1 {g[0]:.3f}, macro-F1 {g[1]:.3f}", flush=True)


def _oof(d, counts, y, folds):
    p = np.zeros(y.shape)
    for train, test in folds:
        p[test] = tc.first_layer(d, counts, y, train, test, C=4.0)
    return p


if __name__ == "__main__":
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        main()
