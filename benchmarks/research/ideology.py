"""Ideology head (left / center / right) on AllSides: which linear configuration generalises to unseen outlets.

Every configuration is scored by cross-validation that holds out whole outlet brands
(StratifiedGroupKFold on :func:`common.outlet_group`), with random-split CV beside it to show
the gap, and once on ``media_valid`` (outlets mostly unseen in training).

Usage::

    nice -n 10 python benchmarks/research/ideology.py            # the main table
    nice -n 10 python benchmarks/research/ideology.py --quick    # 3 grouped folds (the sweep)
    nice -n 10 python benchmarks/research/ideology.py --final    # recommended config: timing, size, media_valid
"""

from __future__ import annotations

import argparse
import resource
import time
from dataclasses import dataclass, replace

import numpy as np
import scipy.sparse as sp
from joblib import Parallel, delayed
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import accuracy_score, classification_report, f1_score
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.preprocessing import StandardScaler

from common import SEED, cached, cleaned, feature_layer, mean_sd, outlet_group, read_jsonl

@dataclass(frozen=True)
class Config:
    """One linear configuration of the ideology head."""

    name: str
    strip: bool = True  # fingerprint stripping before vectorising
    ngrams: int = 2  # word n-grams 1..ngrams
    min_outlets: int = 1  # keep n-grams seen in at least this many training outlets
    max_top2: float = 1.0  # drop n-grams whose top-2 outlets carry more than this share of the outlet rates
    max_features: int = 200_000  # most frequent survivors kept (model size)
    alpha: float = 1e-5  # L2 penalty of the SGD logistic regression
    outlet_power: float = 0.0  # sample weight ∝ 1 / outlet_size ** power
    ngram_features: bool = True
    layer: bool = False  # append the interpretable feature layer (standardised)
    layer_scale: float = 0.3


# --- data -----------------------------------------------------------------------------


def load() -> dict:
    """Rows of media_train + media_valid, title + text cleaned (fingerprints stripped and not)."""

    def build():
        rows = read_jsonl("allsides/media_train.jsonl.gz") + read_jsonl("allsides/media_valid.jsonl.gz")
        n_train = len(read_jsonl("allsides/media_train.jsonl.gz"))
        bodies = [r["title"] + "\n\n" + r["text"] for r in rows]
        stripped = Parallel(n_jobs=2, batch_size=256)(delayed(cleaned)(b, True) for b in bodies)
        plain = Parallel(n_jobs=2, batch_size=256)(delayed(cleaned)(b, False) for b in bodies)
        return {
            "y": np.array([r["label"] for r in rows]),
            "source": np.array([r["source"] for r in rows]),
            "group": np.array([outlet_group(r["source"]) for r in rows]),
            "is_train": np.arange(len(rows)) < n_train,
            "stripped": stripped,
            "plain": plain,
            "original": bodies,
        }

    return cached("allsides_texts", build)


def counts(data: dict, strip: bool, ngrams: int) -> tuple[sp.csr_matrix, np.ndarray]:
    """Raw 1..ngrams counts over all rows (vocabulary is label-free; selection happens per fold)."""

    def build():
        vec = CountVectorizer(ngram_range=(1, max(ngrams, 2)), min_df=3, dtype=np.float32)
        X = vec.fit_transform(data["stripped" if strip else "plain"])
        return X.tocsr(), vec.get_feature_names_out()

    X, names = cached(f"allsides_counts_s{int(strip)}_n{max(ngrams, 2)}", build)
    if ngrams == 1:  # unigrams are the columns of the 1-2 gram matrix without a space
        keep = np.flatnonzero(np.char.find(names.astype(str), " ") < 0)
        X, names = X[:, keep], names[keep]
    return X, names


def layer(data: dict) -> np.ndarray:
    """The interpretable feature layer of every row (families as they exist today)."""
    return feature_layer(data["original"], "allsides_layer")


# --- the model ------------------------------------------------------------------------


def outlet_filter(X: sp.csr_matrix, groups: np.ndarray, cfg: Config) -> np.ndarray:
    """Columns kept by the outlet rules, learnt from the training rows only.

    An n-gram is kept when it occurs in at least ``min_outlets`` outlets and when its two
    outlets with the highest document rate (df / (n_docs + 10), shrunk for small outlets)
    carry at most ``max_top2`` of the sum of rates; then the ``max_features`` with the
    highest document frequency.
    """
    names, inverse = np.unique(groups, return_inverse=True)
    G = sp.csr_matrix((np.ones(len(groups), np.float32), (inverse, np.arange(len(groups)))), shape=(len(names), len(groups)))
    B = X.copy()
    B.data[:] = 1
    gdf = (G @ B).tocsc()
    n_outlets = np.diff(gdf.indptr)
    keep = np.flatnonzero(n_outlets >= cfg.min_outlets)
    if cfg.max_top2 < 1.0:
        size = np.asarray(G.sum(1)).ravel()
        shrink = 1.0 / (size + 10.0)
        top2 = np.empty(len(keep), np.float32)
        for lo in range(0, len(keep), 50_000):
            block = gdf[:, keep[lo : lo + 50_000]].toarray() * shrink[:, None]
            block.sort(axis=0)
            top2[lo : lo + 50_000] = block[-2:].sum(0) / np.maximum(block.sum(0), 1e-12)
        keep = keep[top2 <= cfg.max_top2]
    df = np.asarray(B[:, keep].sum(0)).ravel()
    order = np.argsort(-df, kind="stable")[: cfg.max_features]
    return np.sort(keep[order])


def sample_weights(y: np.ndarray, groups: np.ndarray, power: float) -> np.ndarray:
    """1 / outlet_size ** power, rescaled so that each class has the same total weight."""
    _, inverse, size = np.unique(groups, return_inverse=True, return_counts=True)
    w = 1.0 / size[inverse] ** power
    for label in np.unique(y):
        mask = y == label
        w[mask] *= len(y) / len(np.unique(y)) / w[mask].sum()
    return w


def fit_predict(cfg: Config, X, L, y, groups, train, test) -> tuple[np.ndarray, dict]:
    """Fit on rows ``train``, return predicted labels of rows ``test`` and fit facts."""
    t0 = time.perf_counter()
    blocks_train, blocks_test, info = [], [], {}
    if cfg.ngram_features:
        cols = outlet_filter(X[train], groups[train], cfg)
        tfidf = TfidfTransformer(sublinear_tf=True)
        blocks_train.append(tfidf.fit_transform(X[train][:, cols]))
        blocks_test.append(tfidf.transform(X[test][:, cols]))
        info["n_features"] = len(cols)
    if cfg.layer:
        scaler = StandardScaler()
        blocks_train.append(sp.csr_matrix(np.clip(scaler.fit_transform(L[train]), -5, 5) * cfg.layer_scale))
        blocks_test.append(sp.csr_matrix(np.clip(scaler.transform(L[test]), -5, 5) * cfg.layer_scale))
    A, T = sp.hstack(blocks_train).tocsr(), sp.hstack(blocks_test).tocsr()
    # SGD logistic regression: same model as LogisticRegression at C = 1 / (alpha * n), 5-10x faster here
    clf = SGDClassifier(loss="log_loss", alpha=cfg.alpha, max_iter=20, tol=None, random_state=SEED)
    clf.fit(A, y[train], sample_weight=sample_weights(y[train], groups[train], cfg.outlet_power))
    info["seconds"] = time.perf_counter() - t0
    return clf.predict(T), info


def cross_validate(cfg: Config, data: dict, folds: int, grouped: bool) -> dict:
    """Per-fold macro-F1 (held-out outlets if ``grouped``) and the pooled out-of-fold scores."""
    X = counts(data, cfg.strip, cfg.ngrams)[0] if cfg.ngram_features else None
    L = layer(data) if cfg.layer else None
    idx = np.flatnonzero(data["is_train"])
    y, groups = data["y"], data["group"]
    if grouped:
        splits = StratifiedGroupKFold(folds, shuffle=True, random_state=SEED).split(idx, y[idx], groups[idx])
    else:
        splits = StratifiedKFold(folds, shuffle=True, random_state=SEED).split(idx, y[idx])
    pred = np.empty(len(idx), dtype=object)
    scores, seconds = [], []
    for tr, te in splits:
        pred[te], info = fit_predict(cfg, X, L, y, groups, idx[tr], idx[te])
        scores.append(f1_score(y[idx[te]], pred[te], average="macro"))
        seconds.append(info["seconds"])
    truth = y[idx]
    return {
        "folds": scores,
        "pooled_f1": f1_score(truth, pred.astype(str), average="macro"),
        "pooled_acc": accuracy_score(truth, pred.astype(str)),
        "seconds": float(np.mean(seconds)),
    }


def media_valid(cfg: Config, data: dict) -> dict:
    """Fit on all of media_train, score on media_valid (a second held-out check)."""
    X = counts(data, cfg.strip, cfg.ngrams)[0] if cfg.ngram_features else None
    L = layer(data) if cfg.layer else None
    train, test = np.flatnonzero(data["is_train"]), np.flatnonzero(~data["is_train"])
    pred, info = fit_predict(cfg, X, L, data["y"], data["group"], train, test)
    truth = data["y"][test]
    return {"f1": f1_score(truth, pred, average="macro"), "acc": accuracy_score(truth, pred), **info}


# --- the experiments ------------------------------------------------------------------

BASE = Config("plain tf-idf 1-2g (title + text), no filter", strip=False)
STRIPPED = replace(BASE, name="+ strip fingerprints", strip=True)
FILTERED = replace(STRIPPED, name="+ min 5 outlets", min_outlets=5)

RECOMMENDED = replace(FILTERED, name="+ top-2 outlet share <= 0.35 (recommended)", max_top2=0.35)
TABLE = [
    BASE,
    STRIPPED,
    FILTERED,
    replace(FILTERED, name="+ top-2 outlet share <= 0.5", max_top2=0.5),
    RECOMMENDED,
    replace(FILTERED, name="min 10 outlets", min_outlets=10),
    replace(FILTERED, name="min 5 outlets, outlet weight 1/n^0.5", outlet_power=0.5),
    replace(FILTERED, name="min 5 outlets, outlet weight 1/n", outlet_power=1.0),
    replace(FILTERED, name="min 5 outlets, alpha 3e-6", alpha=3e-6),
    replace(FILTERED, name="min 5 outlets, alpha 3e-5", alpha=3e-5),
    replace(FILTERED, name="min 5 outlets, 50k features", max_features=50_000),
    replace(FILTERED, name="min 5 outlets, unigrams only", ngrams=1),
    replace(FILTERED, name="feature layer alone", ngram_features=False, layer=True, layer_scale=1.0),
    replace(FILTERED, name="n-grams + feature layer", layer=True),
]


def final(cfg: Config, data: dict) -> None:
    """Train ``cfg`` end to end on media_train texts (fresh vectoriser): time, peak memory, size, media_valid."""
    train, test = np.flatnonzero(data["is_train"]), np.flatnonzero(~data["is_train"])
    texts = data["stripped" if cfg.strip else "plain"]
    sample = [data["original"][i] for i in train[:1000]]
    t_clean = time.perf_counter()
    for text in sample:
        cleaned(text, cfg.strip)
    clean_s = (time.perf_counter() - t_clean) / len(sample) * len(train)
    t1 = time.perf_counter()
    vec = CountVectorizer(ngram_range=(1, cfg.ngrams), min_df=3, dtype=np.float32)
    X = vec.fit_transform([texts[i] for i in train]).tocsr()
    t2 = time.perf_counter()
    y, groups = data["y"][train], data["group"][train]
    cols = outlet_filter(X, groups, cfg)
    tfidf = TfidfTransformer(sublinear_tf=True)
    A = tfidf.fit_transform(X[:, cols])
    clf = SGDClassifier(loss="log_loss", alpha=cfg.alpha, max_iter=20, tol=None, random_state=SEED)
    clf.fit(A, y, sample_weight=sample_weights(y, groups, cfg.outlet_power))
    t3 = time.perf_counter()
    vocab = vec.get_feature_names_out()[cols]
    size = clf.coef_.astype(np.float16).nbytes + tfidf.idf_.astype(np.float32).nbytes + sum(len(v.encode()) + 1 for v in vocab)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"cleaning (extrapolated from 1000 texts, one core): {clean_s:.0f} s; counting: {t2 - t1:.0f} s; "
          f"filter + tf-idf + fit: {t3 - t2:.0f} s; peak RSS of this script {peak:.0f} MB")
    print(f"{len(cols)} features; model as float16 weights + float32 idf + vocabulary: {size / 1e6:.1f} MB")
    T = tfidf.transform(vec.transform([texts[i] for i in test])[:, cols])
    pred, truth = clf.predict(T), data["y"][test]
    print(f"media_valid: macro-F1 {f1_score(truth, pred, average='macro'):.3f}, accuracy {accuracy_score(truth, pred):.3f}")
    print(classification_report(truth, pred, digits=3))
    top = np.argsort(-clf.coef_, axis=1)[:, :25]
    for k, label in enumerate(clf.classes_):
        print(f"top {label}: " + ", ".join(vocab[top[k]]))


def report(cfg: Config, grouped: dict, random: dict | None) -> str:
    line = (
        f"| {cfg.name} | {mean_sd(grouped['folds'])} | {grouped['pooled_f1']:.3f} | {grouped['pooled_acc']:.3f} | "
        f"{mean_sd(random['folds']) if random else '—'} | {grouped['seconds']:.0f} s |"
    )
    print(line, flush=True)
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 folds")
    parser.add_argument("--rows", default=None, help="comma-separated row numbers of TABLE to run")
    parser.add_argument("--random", action="store_true", help="also random-split CV for every row")
    parser.add_argument("--valid", action="store_true", help="also score media_valid for every row")
    parser.add_argument("--final", action="store_true", help="train the recommended configuration end to end")
    args = parser.parse_args()
    data = load()
    if args.final:
        final(RECOMMENDED, data)
        return
    folds = 3 if args.quick else 5
    rows = TABLE if args.rows is None else [TABLE[int(i)] for i in args.rows.split(",")]
    print("| configuration | grouped CV macro-F1 (folds) | pooled macro-F1 | pooled acc | random CV macro-F1 | fit time/fold |")
    print("|---|---|---|---|---|---|")
    for cfg in rows:
        g = cross_validate(cfg, data, folds, grouped=True)
        r = cross_validate(cfg, data, folds, grouped=False) if args.random else None
        report(cfg, g, r)
        if args.valid:
            v = media_valid(cfg, data)
            print(f"    media_valid: macro-F1 {v['f1']:.3f}, acc {v['acc']:.3f}", flush=True)


if __name__ == "__main__":
    main()
