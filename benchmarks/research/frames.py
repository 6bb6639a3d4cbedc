"""Frames head: 14 SemEval-2023 frame dimensions, multi-label, scored on held-out articles.

Repeated 5-fold CV (3 repeats, fixed seeds) over the 334 articles.  Decision thresholds are
chosen by an inner 3-fold CV on the training part of each outer fold, never on its test part.

Usage::

    nice -n 10 python benchmarks/research/frames.py
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import KFold
from sklearn.preprocessing import MultiLabelBinarizer, StandardScaler

from common import SEED, cached, cleaned, feature_layer, mean_sd, read_jsonl, semeval_frames

FRAMES = [
    "Economic", "Capacity_and_resources", "Morality", "Fairness_and_equality",
    "Legality_Constitutionality_and_jurisprudence", "Policy_prescription_and_evaluation", "Crime_and_punishment",
    "Security_and_defense", "Health_and_safety", "Quality_of_life", "Cultural_identity", "Public_opinion",
    "Political", "External_regulation_and_reputation",
]
GRID = np.round(np.arange(0.05, 0.96, 0.025), 3)


@dataclass(frozen=True)
class Config:
    """One configuration of the frames head."""

    name: str
    words: bool = True  # word tf-idf fitted on the training articles
    ngrams: int = 2
    lsa: int = 0  # dims of an LSA space fitted on unlabeled AllSides news (0 = off)
    layer: bool = False  # interpretable feature layer, standardised
    C: float = 10.0
    balanced: bool = True
    thresholds: str = "global"  # "global" | "per_label" | "shrunk" | "fixed"
    chain: bool = False  # ensemble of 5 classifier chains (random orders)
    prior_only: bool = False  # baseline: every article gets the frames of highest prior


# --- features ---------------------------------------------------------------------------


def lsa_space(dims: int) -> tuple[TfidfVectorizer, TruncatedSVD]:
    """An LSA space learnt from unlabeled AllSides articles (a different corpus: honest)."""

    def build():
        rows = read_jsonl("allsides/media_train.jsonl.gz")
        rng = np.random.default_rng(SEED)
        texts = [cleaned(rows[i]["text"], strip=True) for i in rng.choice(len(rows), 8000, replace=False)]
        vec = TfidfVectorizer(min_df=5, max_df=0.5, sublinear_tf=True, stop_words="english", max_features=60_000)
        svd = TruncatedSVD(dims, random_state=SEED).fit(vec.fit_transform(texts))
        return vec, svd

    return cached(f"allsides_lsa{dims}", build)


@lru_cache(maxsize=4)
def word_counts(texts: list[str], ngrams: int) -> sp.csr_matrix:
    """Word n-gram counts of all articles; columns are chosen per fold from training rows only."""
    return CountVectorizer(ngram_range=(1, ngrams), dtype=np.float64).fit_transform(texts).tocsr()


def featurise(cfg: Config, texts: list[str], L: np.ndarray, train: np.ndarray, test: np.ndarray):
    """Training and test matrices, every statistic learnt from ``train`` rows only."""
    blocks = []
    if cfg.words:
        X = word_counts(tuple(texts), cfg.ngrams)
        df = np.diff(X[train].tocsc().indptr)
        cols = np.flatnonzero((df >= 2) & (df <= 0.9 * len(train)))  # min_df=2, max_df=0.9
        tfidf = TfidfTransformer(sublinear_tf=True)
        blocks.append((tfidf.fit_transform(X[train][:, cols]), tfidf.transform(X[test][:, cols])))
    if cfg.lsa:
        vec, svd = lsa_space(cfg.lsa)
        z = svd.transform(vec.transform(texts))
        z /= np.linalg.norm(z, axis=1, keepdims=True) + 1e-12
        blocks.append((sp.csr_matrix(z[train]), sp.csr_matrix(z[test])))
    if cfg.layer:
        scaler = StandardScaler().fit(L[train])
        scale = 1.0 if not (cfg.words or cfg.lsa) else 0.1
        blocks.append(tuple(sp.csr_matrix(np.clip(scaler.transform(L[r]), -5, 5) * scale) for r in (train, test)))
    return sp.hstack([b[0] for b in blocks]).tocsr(), sp.hstack([b[1] for b in blocks]).tocsr()


# --- model ------------------------------------------------------------------------------


def fit_scores(cfg: Config, A, Y: np.ndarray, T) -> np.ndarray:
    """Probabilities of each frame for the rows of ``T`` (one-vs-rest or chain ensemble)."""
    weight = "balanced" if cfg.balanced else None
    if cfg.prior_only:
        return np.tile(Y.mean(0), (T.shape[0], 1))
    if not cfg.chain:
        out = np.zeros((T.shape[0], Y.shape[1]))
        for j in range(Y.shape[1]):
            if Y[:, j].min() == Y[:, j].max():
                out[:, j] = Y[0, j]
                continue
            clf = LogisticRegression(C=cfg.C, class_weight=weight, solver="liblinear").fit(A, Y[:, j])
            out[:, j] = clf.predict_proba(T)[:, 1]
        return out
    rng = np.random.default_rng(SEED)
    out = np.zeros((T.shape[0], Y.shape[1]))
    for _ in range(5):
        order = rng.permutation(Y.shape[1])
        a_extra, t_extra = [], []
        for j in order:
            a = sp.hstack([A] + a_extra).tocsr() if a_extra else A
            t = sp.hstack([T] + t_extra).tocsr() if t_extra else T
            if Y[:, j].min() == Y[:, j].max():
                p = np.full(T.shape[0], float(Y[0, j]))
            else:
                clf = LogisticRegression(C=cfg.C, class_weight=weight, solver="liblinear").fit(a, Y[:, j])
                p = clf.predict_proba(t)[:, 1]
            out[:, j] += p / 5
            # earlier labels feed later ones: true labels in training, predictions at test time
            a_extra.append(sp.csr_matrix(Y[:, [j]].astype(float)))
            t_extra.append(sp.csr_matrix(p[:, None]))
    return out


def choose_thresholds(cfg: Config, P: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Per-frame thresholds from out-of-fold probabilities ``P`` of the training part."""
    micro = [f1_score(Y, P >= t, average="micro", zero_division=0) for t in GRID]
    best_global = GRID[int(np.argmax(micro))]
    if cfg.thresholds == "fixed":
        return np.full(Y.shape[1], 0.5)
    if cfg.thresholds == "global":
        return np.full(Y.shape[1], best_global)
    per = np.array([GRID[int(np.argmax([f1_score(Y[:, j], P[:, j] >= t, zero_division=0) for t in GRID]))] for j in range(Y.shape[1])])
    return per if cfg.thresholds == "per_label" else (per + best_global) / 2


def predict(P: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """Labels above threshold; an article with none gets its most likely frame."""
    out = P >= thresholds
    empty = ~out.any(1)
    out[empty, np.argmax(P[empty] - thresholds, axis=1)] = True
    return out


def evaluate(cfg: Config, texts, Y, L, repeats: int = 3) -> dict:
    micro, macro = [], []
    for rep in range(repeats):
        for train, test in KFold(5, shuffle=True, random_state=SEED + rep).split(texts):
            P_inner = np.zeros((len(train), Y.shape[1]))
            for itr, ite in KFold(3, shuffle=True, random_state=SEED).split(train):
                A, T = featurise(cfg, texts, L, train[itr], train[ite])
                P_inner[ite] = fit_scores(cfg, A, Y[train[itr]], T)
            thresholds = choose_thresholds(cfg, P_inner, Y[train])
            A, T = featurise(cfg, texts, L, train, test)
            pred = predict(fit_scores(cfg, A, Y[train], T), thresholds)
            micro.append(f1_score(Y[test], pred, average="micro", zero_division=0))
            macro.append(f1_score(Y[test], pred, average="macro", zero_division=0))
    return {"micro": micro, "macro": macro}


BASE = Config("word tf-idf 1-2g, OvR LR C=10, global threshold")
TABLE = [
    Config("prior only (top frames), global threshold", prior_only=True),
    replace(BASE, name="word tf-idf, fixed threshold 0.5", thresholds="fixed"),
    BASE,
    replace(BASE, name="word tf-idf, per-label thresholds", thresholds="per_label"),
    replace(BASE, name="word tf-idf, shrunk thresholds (mean of per-label and global)", thresholds="shrunk"),
    replace(BASE, name="word tf-idf unigrams", ngrams=1),
    replace(BASE, name="word tf-idf, C=1", C=1.0),
    replace(BASE, name="word tf-idf, C=100", C=100.0),
    replace(BASE, name="feature layer alone", words=False, layer=True, C=1.0),
    replace(BASE, name="word tf-idf + feature layer", layer=True),
    replace(BASE, name="LSA-200 from unlabeled AllSides alone", words=False, lsa=200),
    replace(BASE, name="word tf-idf + LSA-200", lsa=200),
    replace(BASE, name="word tf-idf + LSA-200 + layer", lsa=200, layer=True),
    replace(BASE, name="word tf-idf, classifier-chain ensemble (5 orders)", chain=True),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default=None, help="comma-separated row numbers of TABLE to run")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    rows = semeval_frames()
    texts = [r["clean"] for r in rows]
    Y = MultiLabelBinarizer(classes=FRAMES).fit_transform([r["frames"] for r in rows])
    L = feature_layer([r["text"] for r in rows], "semeval_layer")
    print(f"{len(rows)} articles; frame counts: " + ", ".join(f"{f} {n}" for f, n in zip(FRAMES, Y.sum(0))))
    print("| configuration | micro-F1 | macro-F1 |")
    print("|---|---|---|")
    configs = TABLE if args.rows is None else [TABLE[int(i)] for i in args.rows.split(",")]
    for cfg in configs:
        s = evaluate(cfg, texts, Y, L, args.repeats)
        print(f"| {cfg.name} | {mean_sd(s['micro'])} | {mean_sd(s['macro'])} |", flush=True)


if __name__ == "__main__":
    main()
