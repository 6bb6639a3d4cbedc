"""Genre head: opinion / reporting / satire on the SemEval-2023 articles, stratified repeated CV.

Usage::

    nice -n 10 python benchmarks/research/genre.py
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import replace

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix, f1_score
from sklearn.model_selection import StratifiedKFold

from common import SEED, feature_layer, mean_sd, semeval_frames
from frames import Config, featurise

GENRES = ["opinion", "reporting", "satire"]
BASE = Config("word tf-idf 1-2g, LR C=10 balanced")
TABLE = [
    BASE,
    replace(BASE, name="word tf-idf, C=1", C=1.0),
    replace(BASE, name="word tf-idf, C=100", C=100.0),
    replace(BASE, name="feature layer alone", words=False, layer=True, C=1.0),
    replace(BASE, name="word tf-idf + feature layer", layer=True),
    replace(BASE, name="word tf-idf + LSA-200", lsa=200),
]


def evaluate(cfg: Config, texts, y, L, labels, repeats: int = 3) -> dict:
    macro, per_class, confusion = [], [], np.zeros((len(labels), len(labels)), int)
    for rep in range(repeats):
        for train, test in StratifiedKFold(5, shuffle=True, random_state=SEED + rep).split(texts, y):
            A, T = featurise(cfg, texts, L, train, test)
            clf = LogisticRegression(C=cfg.C, class_weight="balanced", max_iter=2000).fit(A, y[train])
            pred = clf.predict(T)
            macro.append(f1_score(y[test], pred, labels=labels, average="macro", zero_division=0))
            per_class.append(f1_score(y[test], pred, labels=labels, average=None, zero_division=0))
            confusion += confusion_matrix(y[test], pred, labels=labels)
    return {"macro": macro, "per_class": np.mean(per_class, 0), "confusion": confusion}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    rows = semeval_frames()
    texts = [r["clean"] for r in rows]
    L = feature_layer([r["text"] for r in rows], "semeval_layer")
    y3 = np.array([r["genre"] for r in rows])
    print("class counts:", dict(Counter(y3.tolist())))
    for title, y, labels in (
        ("three genres", y3, GENRES),
        ("opinion vs not (reporting + satire)", np.where(y3 == "opinion", "opinion", "other"), ["opinion", "other"]),
    ):
        print(f"\n{title}\n| configuration | macro-F1 | per-class F1 ({', '.join(labels)}) |\n|---|---|---|")
        for cfg in TABLE:
            s = evaluate(cfg, texts, y, L, labels, args.repeats)
            per = ", ".join(f"{v:.2f}" for v in s["per_class"])
            print(f"| {cfg.name} | {mean_sd(s['macro'])} | {per} |", flush=True)
        print("confusion of the last row, summed over folds and repeats (rows = truth):", s["confusion"].tolist())


if __name__ == "__main__":
    main()
