"""Frames head: 14 SemEval-2023 frame dimensions, multi-label, scored on held-out articles.

Repeated 5-fold CV (3 repeats, fixed seeds) over the 334 articles.  Decision thresholds are
chosen by an inner 3-fold CV on the training part of each outer fold, never on its test part.
Each row also gives its paired difference to row ``--reference`` over the same outer folds.

Usage::

    nice -n 10 python benchmarks/research/frames.py                 # whole table (~10 min)
    nice -n 10 python benchmarks/research/frames.py --rows 2,15,16  # some rows
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
from sklearn.svm import LinearSVC
from sklearn.metrics import f1_score
from sklearn.model_selection import KFold
from sklearn.preprocessing import MultiLabelBinarizer, StandardScaler

from common import SEED, cached, cleaned, feature_layer, mean_sd, read_jsonl, semeval_frames
from framing.model.multilabel import chosen_labels

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
    min_df: int = 2
    binary: bool = False  # presence instead of sublinear counts
    title: float = 0.0  # weight of an extra tf-idf block of the title's n-grams (0 = off)
    chars: str = ""  # char_wb 2-5 tf-idf: "add" (one model over words + chars) | "average" (two models)
    lsa: int = 0  # dims of an LSA space fitted on unlabeled AllSides news (0 = off)
    layer: float = 0.0  # weight of the interpretable feature layer, standardised (0 = off)
    classifier: str = "lr"  # "lr" (logistic regression) | "svm" (linear SVM, margins squashed)
    C: float = 10.0
    balanced: bool = True
    knn: float = 0.0  # weight of the labels of the 10 nearest training articles blended in
    stack: bool = False  # second stage over all frames' out-of-fold first-stage logits
    thresholds: str = "global"  # "global" | "per_label" | "shrunk" | "fixed"
    min_labels: int = 1  # every article gets at least its this-many most likely frames
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


@lru_cache(maxsize=8)
def counts(texts: tuple[str, ...], analyzer: str, ngrams: tuple[int, int]) -> sp.csr_matrix:
    """N-gram counts of all articles; columns are chosen per fold from training rows only."""
    return CountVectorizer(analyzer=analyzer, ngram_range=ngrams, dtype=np.float64).fit_transform(texts).tocsr()


def tfidf_block(X: sp.csr_matrix, train: np.ndarray, test: np.ndarray, min_df: int, binary: bool):
    df = np.bincount(X[train].indices, minlength=X.shape[1])
    cols = np.flatnonzero((df >= min_df) & (df <= 0.9 * len(train)))  # max_df=0.9
    A, T = X[train][:, cols], X[test][:, cols]
    if binary:
        A, T = (A > 0).astype(float), (T > 0).astype(float)
    tfidf = TfidfTransformer(sublinear_tf=not binary)
    return tfidf.fit_transform(A), tfidf.transform(T)


def featurise(cfg: Config, texts: list[str], L: np.ndarray, train: np.ndarray, test: np.ndarray, chars: bool = False):
    """Training and test matrices, every statistic learnt from ``train`` rows only (``chars``: the char model's)."""
    blocks = []
    if cfg.words and not chars:
        blocks.append(tfidf_block(counts(tuple(texts), "word", (1, cfg.ngrams)), train, test, cfg.min_df, cfg.binary))
    if cfg.title and not chars:
        titles = tuple(t.strip().split("\n")[0] for t in texts)
        A, T = tfidf_block(counts(titles, "word", (1, cfg.ngrams)), train, test, 1, False)
        blocks.append((A * cfg.title, T * cfg.title))
    if chars or cfg.chars == "add":
        blocks.append(tfidf_block(counts(tuple(texts), "char_wb", (2, 5)), train, test, cfg.min_df, cfg.binary))
    if cfg.lsa:
        vec, svd = lsa_space(cfg.lsa)
        z = svd.transform(vec.transform(texts))
        z /= np.linalg.norm(z, axis=1, keepdims=True) + 1e-12
        blocks.append((sp.csr_matrix(z[train]), sp.csr_matrix(z[test])))
    if cfg.layer:
        scaler = StandardScaler().fit(L[train])
        blocks.append(tuple(sp.csr_matrix(np.clip(scaler.transform(L[r]), -5, 5) * cfg.layer) for r in (train, test)))
    return sp.hstack([b[0] for b in blocks]).tocsr(), sp.hstack([b[1] for b in blocks]).tocsr()


# --- model ------------------------------------------------------------------------------


def binary_scores(cfg: Config, A, y: np.ndarray, T) -> np.ndarray:
    """Scores in [0, 1] of one frame for the rows of ``T``."""
    weight = "balanced" if cfg.balanced else None
    if y.min() == y.max():
        return np.full(T.shape[0], float(y[0]))
    if cfg.classifier == "svm":  # a rank score; the thresholds are chosen on it anyway
        return 1 / (1 + np.exp(-2 * LinearSVC(C=cfg.C, class_weight=weight).fit(A, y).decision_function(T)))
    # dual liblinear: the same optimum as the primal, 30x faster with 40k columns and 270 rows
    clf = LogisticRegression(C=cfg.C, class_weight=weight, solver="liblinear", dual=True).fit(A, y)
    return clf.predict_proba(T)[:, 1]


def fit_scores(cfg: Config, A, Y: np.ndarray, T) -> np.ndarray:
    """Probabilities of each frame for the rows of ``T`` (one-vs-rest or chain ensemble)."""
    if cfg.prior_only:
        return np.tile(Y.mean(0), (T.shape[0], 1))
    if not cfg.chain:
        return np.column_stack([binary_scores(cfg, A, Y[:, j], T) for j in range(Y.shape[1])])
    rng = np.random.default_rng(SEED)
    out = np.zeros((T.shape[0], Y.shape[1]))
    for _ in range(5):
        order = rng.permutation(Y.shape[1])
        a_extra, t_extra = [], []
        for j in order:
            a = sp.hstack([A] + a_extra).tocsr() if a_extra else A
            t = sp.hstack([T] + t_extra).tocsr() if t_extra else T
            p = binary_scores(cfg, a, Y[:, j], t)
            out[:, j] += p / 5
            # earlier labels feed later ones: true labels in training, predictions at test time
            a_extra.append(sp.csr_matrix(Y[:, [j]].astype(float)))
            t_extra.append(sp.csr_matrix(p[:, None]))
    return out


def first_stage(cfg: Config, texts, Y, L, train: np.ndarray, test: np.ndarray) -> np.ndarray:
    """Probabilities for ``test`` of models fitted on ``train`` (word model, char model, neighbours)."""
    A, T = featurise(cfg, texts, L, train, test)
    P = fit_scores(cfg, A, Y[train], T)
    if cfg.chars == "average":
        Ac, Tc = featurise(cfg, texts, L, train, test, chars=True)
        P = (P + fit_scores(cfg, Ac, Y[train], Tc)) / 2
    if cfg.knn:
        S = (T @ A.T).toarray()  # cosine: both blocks are L2-normalised
        near = np.argsort(-S, axis=1, kind="stable")[:, :10]
        w = np.take_along_axis(S, near, 1) + 1e-9
        P = (1 - cfg.knn) * P + cfg.knn * np.einsum("ik,ikj->ij", w, Y[train][near]) / w.sum(1, keepdims=True)
    return P


def scores(cfg: Config, texts, Y, L, train: np.ndarray, test: np.ndarray) -> np.ndarray:
    """Frame probabilities for ``test`` from ``train`` only (stacked: a second stage over all frames)."""
    if not cfg.stack:
        return first_stage(cfg, texts, Y, L, train, test)
    P_train = np.zeros((len(train), Y.shape[1]))
    for itr, ite in KFold(5, shuffle=True, random_state=SEED).split(train):
        P_train[ite] = first_stage(cfg, texts, Y, L, train[itr], train[ite])
    P_test = first_stage(cfg, texts, Y, L, train, test)
    Z, Zt = (np.log(np.clip(P, 1e-4, 1 - 1e-4) / (1 - np.clip(P, 1e-4, 1 - 1e-4))) for P in (P_train, P_test))
    return np.column_stack([
        LogisticRegression(C=1.0, solver="liblinear").fit(Z, Y[train, j]).predict_proba(Zt)[:, 1] for j in range(Y.shape[1])
    ])


def choose_thresholds(cfg: Config, P: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Per-frame thresholds from out-of-fold probabilities ``P`` of the training part."""
    micro = [f1_score(Y, predict(cfg, P, np.full(Y.shape[1], t)), average="micro", zero_division=0) for t in GRID]
    best_global = GRID[int(np.argmax(micro))]
    if cfg.thresholds == "fixed":
        return np.full(Y.shape[1], 0.5)
    if cfg.thresholds == "global":
        return np.full(Y.shape[1], best_global)
    per = np.array([GRID[int(np.argmax([f1_score(Y[:, j], P[:, j] >= t, zero_division=0) for t in GRID]))] for j in range(Y.shape[1])])
    return per if cfg.thresholds == "per_label" else (per + best_global) / 2


def predict(cfg: Config, P: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """Frames above threshold, and at least the ``min_labels`` most likely (the package's rule)."""
    return chosen_labels(P, thresholds, cfg.min_labels)


def evaluate(cfg: Config, texts, Y, L, repeats: int = 3) -> dict:
    micro, macro = [], []
    for rep in range(repeats):
        for train, test in KFold(5, shuffle=True, random_state=SEED + rep).split(texts):
            P_inner = np.zeros((len(train), Y.shape[1]))
            for itr, ite in KFold(3, shuffle=True, random_state=SEED).split(train):
                P_inner[ite] = scores(cfg, texts, Y, L, train[itr], train[ite])
            thresholds = choose_thresholds(cfg, P_inner, Y[train])
            pred = predict(cfg, scores(cfg, texts, Y, L, train, test), thresholds)
            micro.append(f1_score(Y[test], pred, average="micro", zero_division=0))
            macro.append(f1_score(Y[test], pred, average="macro", zero_division=0))
    return {"micro": np.array(micro), "macro": np.array(macro)}


BASE = Config("word tf-idf 1-2g, OvR LR C=10, global threshold")
C3 = replace(BASE, name="word tf-idf, C=3", C=3.0)
TABLE = [
    Config("prior only (top frames), global threshold", prior_only=True),
    replace(BASE, name="word tf-idf, fixed threshold 0.5", thresholds="fixed"),
    BASE,
    replace(BASE, name="word tf-idf, per-label thresholds", thresholds="per_label"),
    replace(BASE, name="word tf-idf, shrunk thresholds (mean of per-label and global)", thresholds="shrunk"),
    replace(BASE, name="word tf-idf unigrams", ngrams=1),
    replace(BASE, name="word tf-idf, C=1", C=1.0),
    replace(BASE, name="word tf-idf, C=100", C=100.0),
    replace(BASE, name="feature layer alone", words=False, layer=1.0, C=1.0),
    replace(BASE, name="word tf-idf + feature layer (x0.1)", layer=0.1),
    replace(BASE, name="LSA-200 from unlabeled AllSides alone", words=False, lsa=200),
    replace(BASE, name="word tf-idf + LSA-200", lsa=200),
    replace(BASE, name="word tf-idf + LSA-200 + layer (x0.1)", lsa=200, layer=0.1),
    replace(BASE, name="word tf-idf, classifier-chain ensemble (5 orders)", chain=True),
    C3,
    replace(C3, name="word tf-idf, C=3, at least 2 frames per article", min_labels=2),
    replace(C3, name="word tf-idf, C=3, at least 3 frames per article", min_labels=3),
    replace(C3, name="word tf-idf, C=3, no class weights", balanced=False),
    replace(C3, name="word presence (binary) tf-idf, C=3", binary=True),
    replace(C3, name="word tf-idf, C=3, min_df 3", min_df=3),
    replace(C3, name="word tf-idf + title block (x0.5), C=3", title=0.5),
    replace(C3, name="char_wb 2-5 tf-idf alone, C=3", words=False, chars="add"),
    replace(C3, name="word + char_wb 2-5 tf-idf, one model, C=3", chars="add"),
    replace(C3, name="word model and char_wb 2-5 model averaged, C=3", chars="average"),
    replace(C3, name="word tf-idf, linear SVM C=0.1", classifier="svm", C=0.1),
    replace(C3, name="word tf-idf LR C=3 blended with 10 nearest articles' frames (0.3)", knn=0.3),
    replace(C3, name="stacked: LR over all 14 out-of-fold logits of word LR C=3", stack=True),
    replace(C3, name="word tf-idf + LSA-200, C=3", lsa=200),
    replace(C3, name="word tf-idf + LSA-200, C=3, at least 2 frames", lsa=200, min_labels=2),
    replace(C3, name="word tf-idf + feature layer (x0.3), C=3", layer=0.3),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default=None, help="comma-separated row numbers of TABLE to run")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--reference", type=int, default=2, help="row the paired differences are taken to")
    args = parser.parse_args()
    rows = semeval_frames()
    texts = [r["clean"] for r in rows]
    Y = MultiLabelBinarizer(classes=FRAMES).fit_transform([r["frames"] for r in rows])
    L = feature_layer([r["text"] for r in rows], "semeval_layer")
    print(f"{len(rows)} articles; frame counts: " + ", ".join(f"{f} {n}" for f, n in zip(FRAMES, Y.sum(0))))
    reference = evaluate(TABLE[args.reference], texts, Y, L, args.repeats)["micro"]
    print(f"| row | configuration | micro-F1 | macro-F1 | micro-F1 − row {args.reference}, paired (mean ± se; folds better) |")
    print("|---|---|---|---|---|")
    numbers = range(len(TABLE)) if args.rows is None else map(int, args.rows.split(","))
    for i in numbers:
        s = evaluate(TABLE[i], texts, Y, L, args.repeats)
        d = s["micro"] - reference
        paired = f"{d.mean():+.4f} ± {d.std(ddof=1) / np.sqrt(len(d)):.4f}; {int((d > 0).sum())}/{len(d)}"
        print(f"| {i} | {TABLE[i].name} | {mean_sd(s['micro'])} | {mean_sd(s['macro'])} | {paired} |", flush=True)


if __name__ == "__main__":
    main()
