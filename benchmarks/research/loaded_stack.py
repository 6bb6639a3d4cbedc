"""Loaded language: a stacked sentence ranker on top of the tagger's token scores and its sentence classifier.

The shipped tagger adds 0.25 × its sentence classifier's log-odds to each token's score
(out-of-fold token F1 0.271 on PTC ``Loaded_Language``).  If the sentences holding loaded language
were known, the same token scores would reach about 0.44, but the sentence classifier ranks
sentences less well (AUC 0.79-0.80) than the tagger's own best token in them (0.82).  This script
stacks the two: a logistic regression per sentence over out-of-fold inputs (the best token score,
the mean of the top 3, the sentence classifier's log-odds, log length, lexicon tokens), itself
fitted fold by fold on the other folds' sentences, whose log-odds are then added to the tokens at
a weight chosen with the threshold and bridge by pooled out-of-fold F1, as the trainer chooses its own.

Usage: ``nice -n 10 python benchmarks/research/loaded_stack.py`` (about 5 min; needs the tagger
trainer's packages, see ``tools/train_loaded_tagger.py``).

Figures (2026-12-06, pooled out-of-fold token F1; the shipped design 0.2706 on the same folds):

* sentence AUC against "holds a gold token": best token 0.823, sentence classifier 0.786, stacked 0.834;
* stacked log-odds added over the shipped scores at 0.1 / 0.25 / 0.5 / 1: 0.267 / 0.264 / 0.251 / 0.227;
* the same instead of the sentence term: 0.255 / 0.260 / 0.257 / 0.236.

It does not pay: these inputs rank sentences barely better than the best token alone, far from the
known-sentence oracle (0.44).  Better sentence ranking needs other evidence than these scores.
"""

from __future__ import annotations

import importlib.util
import sys

import numpy as np

from common import ROOT  # noqa: F401  (sys.path set up by common)

from framing.lexicons import LexiconSet


def trainer():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    spec = importlib.util.spec_from_file_location("train_loaded_tagger", ROOT / "tools" / "train_loaded_tagger.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sentence_rows(d, tokens: np.ndarray, sentence: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per sentence of ``d``: its inputs, whether it holds a gold token, and each token's sentence row."""
    inv = np.unique(d.sentences, return_inverse=True)[1]
    k = inv.max() + 1 if len(inv) else 0
    x = np.zeros((k, 6))
    for s in range(k):
        at = np.flatnonzero(inv == s)
        t = np.sort(tokens[at])[::-1]
        x[s] = (t[0], t[:3].mean(), sentence[at[0]], np.log1p(len(at)), (d.categories[at] > 0).sum(), (t > -2.25).sum())
    y = np.bincount(inv, weights=d.gold, minlength=k) > 0
    return x, y, inv


def main() -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    T = trainer()
    categories = LexiconSet()["loaded"].categories
    data = T.prepared_data(categories)
    embedded = T.embeddings()
    sources = {"embedding": embedded, **T.word_lexicons(set(embedded))}
    docs = data["ptc"]
    models: list = []
    tokens = T.out_of_fold(data, T.CHOSEN, categories, sources, models)
    sentences = T.sentence_out_of_fold(data, models, T.CHOSEN_SENTENCES)
    weight, threshold, bridge, prf = T.best_weight(docs, tokens, sentences)
    print(f"shipped design: weight {weight} threshold {threshold} bridge {bridge} F1 {prf[2]:.4f}", flush=True)
    rows = [sentence_rows(d, t, s) for d, t, s in zip(docs, tokens, sentences)]
    folds = np.array([T.fold_of(d.id) for d in docs])
    stacked = [np.zeros(len(t)) for t in tokens]
    xs, ys, ps = [], [], []
    for f in range(T.FOLDS):
        train = [r for r, g in zip(rows, folds) if g != f]
        x = np.vstack([r[0] for r in train])
        mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
        model = LogisticRegression(C=1.0, max_iter=1000).fit((x - mean) / scale, np.concatenate([r[1] for r in train]))
        for i in np.flatnonzero(folds == f):
            x_i, y_i, inv = rows[i]
            z = model.decision_function((x_i - mean) / scale) if len(x_i) else np.zeros(0)
            stacked[i] = z[inv] if len(inv) else np.zeros(0)
            xs.append(x_i), ys.append(y_i), ps.append(z)
    x, y, z = np.vstack(xs), np.concatenate(ys), np.concatenate(ps)
    print(f"sentence AUC: best token {roc_auc_score(y, x[:, 0]):.3f}, sentence classifier {roc_auc_score(y, x[:, 2]):.3f}, "
          f"stacked {roc_auc_score(y, z):.3f}", flush=True)
    base = T.with_sentences(tokens, sentences, weight)
    for w in (0.1, 0.25, 0.5, 1.0):
        t, b, (p, r, f1) = T.best_threshold(docs, [u + w * s for u, s in zip(base, stacked)])
        t2, b2, (_, _, f2) = T.best_threshold(docs, [u + w * s for u, s in zip(tokens, stacked)])
        print(f"stacked log-odds at {w}: over the shipped scores F1 {f1:.4f} (threshold {t} bridge {b}); "
              f"instead of the sentence term {f2:.4f} (threshold {t2} bridge {b2})", flush=True)


if __name__ == "__main__":
    main()
