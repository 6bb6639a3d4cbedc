"""SemEval-2023 techniques per paragraph: levers not tried by ``techniques_context.py``, same folds.

Rows, folds and scoring are those of :mod:`techniques_context` (the shipped paragraph inputs,
GroupKFold(5) over the 419 articles, one global threshold chosen on the other folds'
out-of-fold probabilities, micro-F1 over (paragraph, technique) pairs, macro-F1 over the 19
techniques learnt).  The reference (``shipped``) is the shipped design: paragraph inputs at
0.3, word 1-2-gram TF-IDF, the neighbouring paragraphs' TF-IDF at 0.5 through the 15,000 most
frequent terms, balanced class weights, C=4.  Each lever is reported with its per-fold
micro-F1 delta against ``shipped`` (each fold's decisions use a threshold from the other folds).

    nice -n 10 python benchmarks/research/techniques_levers.py --only LEVERS   # comma-separated, below

``shipped`` runs always (about 30 s); ``sentences`` 1.5 min, ``maxpool`` 2 min, ``weights`` 30 s,
``per_C`` 2.5 min, ``chars`` 10 min, ``leak`` and ``tagger`` 1-2 min each, ``oof_tagger`` 12 min
(five tagger fits, needs the trainer's packages, see ``tools/train_loaded_tagger.py``), ``resplit``
6 min, ``cooc`` 2 min, ``cost`` 1 min.  Caches in ``/tmp/framing-research``.

Levers:

* ``sentences``: multi-instance over the sentences of a paragraph (``framing.text.prepare``'s
  sentences, 1.81 a paragraph, words by the regex the cached paragraph words were read with).
  ``para_on_sentences``: the shipped paragraph model applied to each sentence's TF-IDF (with its
  paragraph's dense inputs and neighbours), max over sentences, mixed with the paragraph's
  probability at 0.5 or replacing it; ``sentence_model``: the same design fitted on sentences
  inheriting their paragraph's labels; ``maxpool``: each term's largest TF-IDF over the
  paragraph's sentences as a further block of the paragraph model;
* ``weights``: square-root balanced class weights (w_c = sqrt(n / (2 n_c)));
* ``per_C``: C per technique from (1, 4, 16), chosen for each fold by average precision on the
  other folds' out-of-fold probabilities (as the thresholds are), then one global threshold;
* ``chars``: char_wb 3-5-gram TF-IDF (100,000 most frequent, fitted on the training rows) beside the words;
* ``tagger``: the shipped loaded tagger's token log-odds pooled per paragraph (max, mean of the
  top 3, tokens over its threshold per 100) as 3 more dense inputs, scaled and weighted as the others;
* ``leak`` / ``oof_tagger``: the tagger was trained on the 283 PTC articles, all among these 419.
  ``leak`` drops the ``loaded.*`` inputs (the feature layer's loaded spans are the tagger's);
  ``oof_tagger`` reads every paragraph (dense inputs and pools) with a tagger fitted, with the
  trainer's chosen configuration, on the PTC articles outside its fold: no article is read by a
  tagger that saw it, so every row counts;
* ``resplit``: base, pools, square-root weights on two other grouped splits (shuffled, seeds 1, 2);
* ``cooc``: a second pass over the 19 first-pass logits of the same paragraph (label
  co-occurrence; nested: the training rows' first pass is out-of-fold inside the training part;
  unbalanced, the balanced stack scored 0.207 in ``techniques_context.py``).

Figures (2026-12-06, load 2-4 on 2 shared cores), micro / macro-F1, then each fold's micro-F1
delta against the reference on the same folds and rows (thresholds from the other folds):

| lever | micro | macro | per-fold delta | better on |
|---|---|---|---|---|
| ``shipped`` (cached inputs, read at 15:42 with an earlier tagger) | 0.367 | 0.200 | reference | |
| sentences: paragraph model, max over sentences, mix 0.5 / 1.0 | 0.362 / 0.350 | 0.191 / 0.186 | +.005 -.002 -.021 -.006 -.001 | 1/5, 0/5 |
| sentences: sentence model, max, mix 0.5 / 1.0 | 0.354 / 0.338 | 0.193 / 0.176 | -.014 -.010 -.019 -.013 -.008 | 0/5, 0/5 |
| sentences: max-pooled sentence TF-IDF block at 0.5 / 1.0 | 0.364 / 0.354 | 0.197 / 0.188 | +.004 -.003 -.007 -.003 -.007 | 1/5, 0/5 |
| square-root balanced class weights | 0.371 | 0.196 | +.005 +.006 +.003 +.002 +.007 | 5/5 |
| C = 1 / 16 for all | 0.355 / 0.358 | 0.187 / 0.197 | | 0/5, 0/5 |
| C per technique (chosen by the other folds' AP) | 0.367 | 0.188 | +.007 -.000 -.004 +.005 -.005 | 2/5 |
| char_wb 3-5 at 0.5 / 1.0 | 0.373 / 0.372 | 0.204 / 0.203 | +.009 +.013 -.004 +.007 +.007 | 4/5, 3/5 |
| co-occurrence second pass, C2 = 0.1 / 1 | 0.368 / 0.365 | 0.158 / 0.156 | +.007 -.000 -.005 -.001 +.006 | 2/5, 2/5 |
| without the ``loaded.*`` inputs | 0.344 | 0.198 | -.012 -.017 -.023 -.019 -.040 | 0/5 |
| + tagger pools (shipped tagger; leaks on the PTC articles) | 0.376 | 0.198 | +.007 +.010 +.008 +.011 +.010 | 5/5 |
| the 136 articles not in PTC (3,997 paragraphs): shipped | 0.330 | 0.161 | reference | |
| ... without the ``loaded.*`` inputs | 0.304 | 0.159 | -.012 -.027 -.031 -.022 -.042 | 0/5 |
| ... + tagger pools | 0.336 | 0.156 | +.005 +.003 -.006 +.016 +.005 | 4/5 |
| ... + tagger pools, square-root weights | 0.345 | 0.158 | +.015 +.002 +.011 +.031 +.015 | 5/5 |
| inputs from the current tree's tagger (all 283 PTC) | 0.366 | 0.198 | +.006 -.002 -.005 +.002 -.003 | |
| **inputs from out-of-fold taggers (honest reference)** | **0.362** | **0.197** | reference | |
| out-of-fold: + tagger pools | 0.368 | 0.194 | -.001 +.011 +.009 +.011 +.003 | 4/5 |
| out-of-fold: square-root weights | 0.366 | 0.187 | +.004 +.007 +.002 +.008 +.002 | 5/5 |
| out-of-fold: + tagger pools, square-root weights | 0.373 | 0.178 | +.004 +.009 +.011 +.021 +.010 | 5/5 |
| out-of-fold, 136 articles not in PTC: reference | 0.327 | 0.158 | reference | |
| ... + tagger pools | 0.328 | 0.158 | -.005 +.002 +.008 -.009 -.000 | 2/5 |
| ... square-root weights | 0.326 | 0.155 | +.000 -.004 -.004 +.006 -.009 | 2/5 |
| ... + tagger pools, square-root weights | 0.336 | 0.157 | -.003 +.004 +.020 +.020 -.001 | 3/5 |
| split seed 1, out-of-fold: reference / + pools / sqrt / both | 0.355 / 0.364 / 0.362 / 0.362 | 0.188 / 0.186 / 0.185 / 0.181 | | -, 5/5, 5/5, 3/5 |
| split seed 2, out-of-fold: reference / + pools / sqrt / both | 0.358 / 0.363 / 0.360 / 0.370 | 0.183 / 0.181 / 0.176 / 0.173 | | -, 3/5, 4/5, 5/5 |

F1 per technique, out-of-fold inputs (reference / + pools / + pools and square-root weights): the
pools move Loaded_Language from 0.50 to 0.53 and Flag_Waving from 0.43 to 0.40 (0.37 with both);
the other techniques within ±0.05 (rare ones: Appeal_to_Hypocrisy 0.22 / 0.17 / 0.18, Whataboutism 0.10 / 0.12 / 0.00).

Scoring cost (``--only cost``: 300 AllSides media_valid articles, CPU ms per article, median of 5,
one thread, load 1.8-2.0): the shipped techniques head 2.02-2.08 (same run); the tagger pools
0.066-0.073 (numpy, from token scores the reading already computes for its loaded spans); char_wb
3-5-grams by rolling hashes looked up in a sorted table 2.27-2.31 (and +6 MB of coefficients).
The sentence levers were not priced (they do not pay): a second n-gram pass over the sentences.
"""

from __future__ import annotations

import argparse
import json
import re
import time
import warnings

import numpy as np
import scipy.sparse as sp

from common import CACHE, DATASETS, ROOT, cached, read_jsonl  # noqa: F401  (sys.path set up by common)
import techniques_context as tc
from techniques_context import f1s, global_threshold, scaled, tfidf, tfidf_design

from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score
from sklearn.model_selection import GroupKFold

#: The word regex the cached paragraph words were read with (framing.techniques.inputs._WORD then).
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
DATASETS_PTC = DATASETS / "ptc" / "articles.jsonl"
SHIPPED = {"C": 4.0, "fw": 0.3, "neighbours": 0.5, "near_terms": 15000}


# --- data ---------------------------------------------------------------------------------------

def sentences_of(texts: list[str]) -> tuple[list[list[str]], np.ndarray]:
    """Each paragraph's sentences as lower-cased word lists, and the paragraph row of each sentence."""
    from framing.text import prepare

    words, rows = [], []
    for i, t in enumerate(texts):
        doc = prepare(t, boilerplate=False)
        found = [[w.lower() for w in _WORD.findall(doc.text[s:e])] for s, e in doc.sentences]
        found = [w for w in found if w] or [[w.lower() for w in _WORD.findall(t)]]
        words.extend(found)
        rows.extend([i] * len(found))
    return words, np.array(rows)


def load():
    from framing.model.ngrams import GrowingIndex
    from framing.training.heads import _csr

    from framing.corpus.manifest import load_manifest
    from framing.training.techniques import read_manifest

    d = cached("techniques_paragraphs", lambda: read_manifest(load_manifest(ROOT / "corpus" / "techniques.toml")))
    texts = [p["text"] for a in read_jsonl("semeval2023_techniques/articles.jsonl") for p in a["paragraphs"]]
    groups = [a["id"] for a in read_jsonl("semeval2023_techniques/articles.jsonl") for _ in a["paragraphs"]]
    assert len(texts) == len(d.words) and list(d.groups) == groups, "dataset and cached rows differ"
    swords, srow = cached("techniques_sentences", lambda: sentences_of(texts))
    index = GrowingIndex(((1, 2), None))
    pc = [index.count(w) for w in d.words]
    sc = [index.count(w) for w in swords]
    n = len(index)
    counts = _csr([(c.astype(np.int32), v.astype(np.float32)) for c, v in pc], n)
    scounts = _csr([(c.astype(np.int32), v.astype(np.float32)) for c, v in sc], n)
    return d, texts, counts, scounts, srow


def read_paragraphs(texts: list[str], groups: np.ndarray, extractor, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The shipped dense inputs of the paragraphs ``rows`` (whole articles) read by ``extractor``, and its
    tagger's token log-odds pooled per paragraph: max, mean of the top 3, tokens over its threshold per 100
    (the tagger reads the whole article, as the library does)."""
    from framing.reading.loaded import matches
    from framing.techniques.inputs import paragraph_inputs
    from framing.training.techniques import JOIN

    dense, pools = np.zeros((len(texts), 36)), np.zeros((len(texts), 3))
    rows = np.sort(rows)
    bounds = np.flatnonzero(np.r_[True, (groups[rows][1:] != groups[rows][:-1]) | (np.diff(rows) != 1), True])
    for a, b in zip(rows[bounds[:-1]], rows[bounds[1:] - 1] + 1):
        paragraphs = texts[a:b]
        starts = np.cumsum([0] + [len(t) + len(JOIN) for t in paragraphs[:-1]])
        article = JOIN.join(paragraphs)
        reading = extractor.read(article)
        spans = [(int(s), int(s) + len(t)) for s, t in zip(starts, paragraphs)]
        dense[a:b] = paragraph_inputs(article, extractor.extract_reading(reading).evidence, spans)[0]
        doc, tagger = reading.doc, reading.tagger
        scores = tagger.scores(doc, [(s, e, entry.category) for s, e, entry in matches(reading)], reading.sentence_starts)
        at = np.array([doc.original_span(int(t), int(t) + 1)[0] for t in doc.tokens[0]], dtype=np.int64)
        row = np.searchsorted(starts, at, side="right") - 1
        for i in range(b - a):
            v = np.sort(scores[row == i])[::-1]
            pools[a + i] = (v[0], v[:3].mean(), 100 * (v > tagger.threshold).sum() / len(v)) if len(v) else (-10.0, -10.0, 0.0)
    return dense[rows], pools[rows]


def tagger_pools(texts: list[str], groups: np.ndarray) -> np.ndarray:
    """:func:`read_paragraphs`' pools for every paragraph, by the shipped tagger."""
    from framing.features import Extractor

    return read_paragraphs(texts, groups, Extractor(), np.arange(len(texts)))[1]


def out_of_fold_reading(texts: list[str], groups: np.ndarray, folds) -> dict[str, np.ndarray]:
    """Dense inputs and tagger pools of every paragraph read by a loaded tagger that never saw its article:
    for each fold, ``tools/train_loaded_tagger.py``'s chosen configuration fitted on the PTC articles outside it
    (threshold and bridge as shipped); beside them, the same read by the shipped tagger (all 283 PTC articles)."""
    import importlib.util

    from framing.features import Extractor
    from framing.lexicons import LexiconSet
    from framing.reading import LoadedTagger

    spec = importlib.util.spec_from_file_location("train_loaded_tagger", ROOT / "tools" / "train_loaded_tagger.py")
    T = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(T)
    categories = LexiconSet()["loaded"].categories
    data = T.prepared_data(categories)
    embedded = T.embeddings()
    sources = {"embedding": embedded, **T.word_lexicons(set(embedded))}
    shipped = LoadedTagger.load()
    out = {k: np.zeros((len(texts), w)) for k, w in (("dense", 36), ("pools", 3), ("dense_shipped", 36), ("pools_shipped", 3))}
    for k, (_, test) in enumerate(folds):
        held = set(groups[test].tolist())
        docs = [a for a in data["ptc"] if str(a.id) not in held]
        print(f"  fold {k}: tagger fitted on {len(docs)} PTC articles", flush=True)
        design, model = T.fit(docs, T.labels_of(docs, T.CHOSEN), T.CHOSEN, categories, sources)
        tagger, _ = T.tagger_of(design, model, categories, shipped.threshold, shipped.bridge)
        out["dense"][test], out["pools"][test] = read_paragraphs(texts, groups, Extractor(tagger=tagger), test)
        out["dense_shipped"][test], out["pools_shipped"][test] = read_paragraphs(texts, groups, Extractor(), test)
    return out


# --- models -------------------------------------------------------------------------------------

def weights_for(yj: np.ndarray, kind):
    if kind != "sqrt":
        return kind
    n, k = len(yj), int(yj.sum())
    return {0: float(np.sqrt(n / (2 * (n - k)))), 1: float(np.sqrt(n / (2 * k)))}


def fit(x: sp.csr_matrix, y: np.ndarray, C, class_weight="balanced") -> list:
    """One logistic regression per technique (a constant where a fold has no positive); ``C`` a number or one per technique."""
    Cs = np.broadcast_to(np.asarray(C, dtype=float), (y.shape[1],))
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for j in range(y.shape[1]):
            k = int(y[:, j].sum())
            if 0 < k < len(y):
                out.append(LogisticRegression(C=Cs[j], class_weight=weights_for(y[:, j], class_weight), max_iter=2000,
                                              tol=1e-4).fit(x, y[:, j]))
            else:
                out.append((k + 0.5) / (len(y) + 1))
    return out


def predict(models: list, x: sp.csr_matrix) -> np.ndarray:
    return np.column_stack([m.predict_proba(x)[:, 1] if not isinstance(m, float) else np.full(x.shape[0], m) for m in models])


class Blocks:
    """The shipped design's blocks for one training part: scaled dense inputs, TF-IDF, neighbours' TF-IDF."""

    def __init__(self, data, train: np.ndarray, fw=0.3, neighbours=0.5, near_terms=15000):
        d, counts = data["d"], data["counts"]
        self.keep, self.idf = tfidf_design(counts, train)
        self.t = tfidf(counts, self.keep, self.idf)
        self.dense = sp.csr_matrix(scaled(d.dense, train, fw))
        df = np.bincount(counts[train].indices, minlength=counts.shape[1])[self.keep]
        self.near_at = np.sort(np.argsort(-df, kind="stable")[:near_terms])
        prev, nxt, _ = tc.CONTEXT
        self.neigh = ((prev + nxt) @ self.t[:, self.near_at]) * (0.5 * neighbours)

    def paragraphs(self, *extra) -> sp.csr_matrix:
        return sp.hstack([self.dense, self.t, self.neigh, *extra], format="csr")

    def sentences(self, scounts: sp.csr_matrix, srow: np.ndarray) -> sp.csr_matrix:
        """Each sentence's TF-IDF (its own norm) with its paragraph's dense inputs and neighbours."""
        return sp.hstack([self.dense[srow], tfidf(scounts, self.keep, self.idf), self.neigh[srow]], format="csr")


def max_by_paragraph(ps: np.ndarray, srow: np.ndarray, n: int) -> np.ndarray:
    starts = np.flatnonzero(np.r_[True, srow[1:] != srow[:-1]])
    out = np.zeros((n, ps.shape[1]))
    out[srow[starts]] = np.maximum.reduceat(ps, starts, axis=0)
    return out


def maxpool(ts: sp.csr_matrix, srow: np.ndarray, n: int) -> sp.csr_matrix:
    """Paragraphs × terms: each term's largest TF-IDF weight over the paragraph's sentences."""
    c = ts.tocoo()
    key = srow[c.row].astype(np.int64) * ts.shape[1] + c.col
    order = np.lexsort((-c.data, key))
    key, data = key[order], c.data[order]
    first = np.r_[True, key[1:] != key[:-1]]
    key, data = key[first], data[first]
    return sp.csr_matrix((data, (key // ts.shape[1], key % ts.shape[1])), shape=(n, ts.shape[1]))


# --- scoring ------------------------------------------------------------------------------------

def per_fold(y: np.ndarray, p: np.ndarray, folds, mask=None) -> tuple[float, float, list[float]]:
    """Pooled micro/macro-F1 and each fold's micro-F1, thresholds chosen on the other folds.

    ``mask``: the rows counted (thresholds chosen and F1 measured on them only)."""
    pred = np.zeros_like(y)
    fold_micro = []
    for train, test in folds:
        if mask is not None:
            train, test = train[mask[train]], test[mask[test]]
        pred[test] = p[test] >= global_threshold(y[train], p[train])
        fold_micro.append(f1s(y[test], pred[test])[0])
    rows = slice(None) if mask is None else mask
    micro, macro = f1s(y[rows], pred[rows])
    return micro, macro, fold_micro


def per_technique(y: np.ndarray, p: np.ndarray, folds) -> np.ndarray:
    """F1 of each technique, decisions as in :func:`per_fold`."""
    pred = np.zeros_like(y)
    for train, test in folds:
        pred[test] = p[test] >= global_threshold(y[train], p[train])
    tp, fp, fn = (y & pred).sum(0), (~y & pred).sum(0), (y & ~pred).sum(0)
    return 2 * tp / np.maximum(2 * tp + fp + fn, 1)


RESULTS: dict[str, dict] = {}


def report(name: str, y, p, folds, t0: float, base: str = "shipped", mask=None) -> None:
    micro, macro, fm = per_fold(y, p, folds, mask)
    line = f"{name:52s} micro {micro:.3f} macro {macro:.3f}  folds " + " ".join(f"{v:.3f}" for v in fm)
    if base in RESULTS and name != base:
        delta = np.array(fm) - np.array(RESULTS[base]["folds"])
        line += "  delta " + " ".join(f"{v:+.3f}" for v in delta) + f"  ({int((delta > 0).sum())}/5 better)"
    print(line + f"  ({time.time() - t0:.0f} s)", flush=True)
    RESULTS[name] = {"micro": micro, "macro": macro, "folds": fm}
    safe = re.sub(r"[^\w.=-]+", "_", name)
    np.save(CACHE / f"techniques-levers-{safe}.npy", p)


def pool_scores(scores: np.ndarray, row: np.ndarray, n: int, threshold: float) -> np.ndarray:
    """Numpy pooling of token log-odds by paragraph (``row`` ascending): max, mean of the top 3, share over
    ``threshold`` per 100 tokens; what the scoring path would add if the reading kept the tagger's scores."""
    out = np.tile([-10.0, -10.0, 0.0], (n, 1))
    if not len(scores):
        return out
    v = scores[np.argsort(row * 1e4 - np.clip(scores, -1e3, 1e3), kind="stable")]  # by paragraph, largest first
    size = np.bincount(row, minlength=n)
    starts = np.cumsum(size) - size
    has = size > 0
    k = np.minimum(size, 3)
    total = np.concatenate([[0.0], np.cumsum(v)])
    out[has, 0] = v[starts[has]]
    out[has, 1] = (total[starts + k] - total[starts])[has] / k[has]
    out[:, 2] = 100 * np.bincount(row, weights=scores > threshold, minlength=n) / np.maximum(size, 1)
    return out


def pool_article(scores: np.ndarray, token_starts: np.ndarray, paragraph_starts: np.ndarray, threshold: float) -> np.ndarray:
    """:func:`pool_scores` of an article, tokens sent to their paragraphs (as the scoring path would)."""
    row = np.maximum(np.searchsorted(paragraph_starts, token_starts, side="right") - 1, 0)
    return pool_scores(scores, row, max(len(paragraph_starts), 1), threshold)


class CharGrams:
    """A numpy char_wb 3-5-gram TF-IDF scorer (rolling 64-bit hashes looked up in a sorted table), to price the lever."""

    P = np.uint64(1_000_003)

    def __init__(self, vocabulary: list[str], idf: np.ndarray, coef: np.ndarray):
        h = np.array([self._hash1(g) for g in vocabulary], dtype=np.uint64)
        order = np.argsort(h)
        self.hashes, self.idf, self.coef = h[order], idf[order], np.asfortranarray(coef[:, order])

    @classmethod
    def _hash1(cls, gram: str) -> int:
        return int(cls._hashes(np.frombuffer(gram.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64), len(gram))[0])

    @classmethod
    def _hashes(cls, cp: np.ndarray, n: int) -> np.ndarray:
        with np.errstate(over="ignore"):
            h = np.zeros(len(cp) - n + 1, dtype=np.uint64)
            for k in range(n):
                h = h * cls.P + cp[k:len(cp) - n + 1 + k]
        return h

    def scores(self, paragraphs: list[str]) -> np.ndarray:
        """Techniques × paragraphs logit contributions of the char n-grams."""
        padded = [" " + " ".join(p.lower().split()) + " " for p in paragraphs]
        joined = "".join(padded)
        cp = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        space = cp == 32
        inner = np.concatenate([[0], np.cumsum(space)])
        para = np.repeat(np.arange(len(padded)), [len(t) for t in padded])
        keys, where = [], []
        for n in (3, 4, 5):
            if len(cp) < n:
                continue
            h = self._hashes(cp, n)
            start = np.arange(len(h))
            ok = (inner[start + n - 1] - inner[start + 1] == 0) & (para[start] == para[start + n - 1])  # within one padded word
            at = np.searchsorted(self.hashes, h[ok])
            at[at == len(self.hashes)] = 0
            hit = self.hashes[at] == h[ok]
            keys.append(at[hit]); where.append(para[start[ok]][hit])
        keys, where = np.concatenate(keys), np.concatenate(where)
        pairs, counts = np.unique(where * len(self.hashes) + keys, return_counts=True)
        row, col = pairs // len(self.hashes), pairs % len(self.hashes)
        values = (1.0 + np.log(counts)) * self.idf[col]
        values /= np.sqrt(np.bincount(row, weights=values * values, minlength=len(padded)))[row]
        out = np.zeros((len(padded), self.coef.shape[0]))
        if len(row):
            starts = np.flatnonzero(np.r_[True, row[1:] != row[:-1]])
            out[row[starts]] = np.add.reduceat(self.coef[:, col].T * values[:, None], starts, axis=0)
        return out


def cost(texts: list[str], n: int = 300, repeats: int = 5) -> None:
    """CPU ms per article of the shipped techniques head (reference) and of each lever's scoring addition."""
    import os
    from itertools import islice

    from sklearn.feature_extraction.text import TfidfVectorizer

    import framing
    from framing.reading.loaded import matches
    from framing.techniques import techniques, techniques_model

    def cpu_ms(run) -> float:
        times = []
        for _ in range(repeats):
            start = time.process_time()
            run()
            times.append((time.process_time() - start) / n * 1000)
        return float(np.median(times))

    articles = [r["text"] for r in islice(read_jsonl("allsides/media_valid.jsonl.gz"), n)]
    pipeline = framing.pipeline_for()
    framing.score_many(articles[:5], show_progress=False)
    readings = [pipeline.read(t) for t in articles]
    evidence = [pipeline.extractor.extract_reading(r).evidence for r in readings]
    model = techniques_model(pipeline.model)
    pooled_inputs = []
    for r in readings:  # what the reading would keep: token scores and each token's paragraph
        doc = r.doc
        sc = r.tagger.scores(doc, [(s, e, entry.category) for s, e, entry in matches(r)], r.sentence_starts)
        pooled_inputs.append((sc, doc.tokens[0], np.array([s for s, _ in doc.paragraphs] or [0]), r.tagger.threshold))
    v = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, max_df=0.9, max_features=100_000, sublinear_tf=True)
    v.fit(texts)
    rng = np.random.default_rng(0)
    grams = CharGrams(v.get_feature_names_out().tolist(), v.idf_, rng.normal(size=(19, len(v.idf_))).astype(np.float32))
    paragraph_texts = [[r.doc.text[s:e] for s, e in r.doc.paragraphs] for r in readings]
    ref = cpu_ms(lambda: [techniques(r, e, model) for r, e in zip(readings, evidence)])
    pool = cpu_ms(lambda: [pool_article(*x) for x in pooled_inputs])
    chars = cpu_ms(lambda: [grams.scores(p) for p in paragraph_texts])
    print(f"CPU ms per article, {n} AllSides media_valid articles, median of {repeats}, load {os.getloadavg()[0]:.1f}: "
          f"shipped techniques head {ref:.3f}; tagger pools {pool:.3f}; char_wb 3-5 ({len(v.idf_)} grams, numpy) {chars:.3f}",
          flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="shipped")
    args = ap.parse_args()
    only = args.only.split(",")
    d, texts, counts, scounts, srow = load()
    if "cost" in only:
        cost(texts)
        return
    data = {"d": d, "counts": counts}
    labels = sorted({t for ls in d.labels for t in ls})
    labels = [t for t in labels if sum(t in ls for ls in d.labels) >= 10]
    y = np.array([[t in ls for t in labels] for ls in d.labels])
    n = len(y)
    tc.CONTEXT = tc.context_matrices(d.groups)
    folds = list(GroupKFold(5).split(y, groups=d.groups))
    print(f"{n} paragraphs, {len(srow)} sentences ({len(srow) / n:.2f} a paragraph), {len(labels)} techniques", flush=True)

    def shipped_oof(C=4.0, class_weight="balanced", extra=None, name=""):
        path = CACHE / f"techniques-levers-shipped-C={C:g}-{class_weight}{name}.npy"
        if path.exists():
            return np.load(path)
        p = np.zeros(y.shape)
        for train, test in folds:
            b = Blocks(data, train)
            x = b.paragraphs(*([] if extra is None else [sp.csr_matrix(scaled(extra, train, 0.3))]))
            p[test] = predict(fit(x[train], y[train], C, class_weight), x[test])
        np.save(path, p)
        return p

    def tagger_pools_cached():
        return cached("techniques_tagger_pools", lambda: tagger_pools(texts, d.groups))

    t0 = time.time()
    base = shipped_oof()
    report("shipped", y, base, folds, t0)

    if "sentences" in only:
        t0 = time.time()
        sent_rows = {k: np.flatnonzero(np.isin(srow, test)) for k, (_, test) in enumerate(folds)}
        p_on_s = np.zeros(y.shape)   # the paragraph model, max over the paragraph's sentences
        p_sm = np.zeros(y.shape)     # a sentence model, max over sentences
        for k, (train, test) in enumerate(folds):
            b = Blocks(data, train)
            x, xs = b.paragraphs(), b.sentences(scounts, srow)
            models = fit(x[train], y[train], 4.0)
            st = sent_rows[k]
            p_on_s[test] = max_by_paragraph(predict(models, xs[st]), srow[st], n)[test]
            strain = np.flatnonzero(np.isin(srow, train))
            smodels = fit(xs[strain], y[srow[strain]], 4.0)
            p_sm[test] = max_by_paragraph(predict(smodels, xs[st]), srow[st], n)[test]
        np.save(CACHE / "techniques-levers-para_on_sentences-max.npy", p_on_s)
        np.save(CACHE / "techniques-levers-sentence_model-max.npy", p_sm)
        for a in (0.5, 1.0):
            report(f"para_on_sentences max, mix {a}", y, (1 - a) * base + a * p_on_s, folds, t0)
        for a in (0.5, 1.0):
            report(f"sentence_model max, mix {a}", y, (1 - a) * base + a * p_sm, folds, t0)

    if "maxpool" in only:
        t0 = time.time()
        for w in (0.5, 1.0):
            p = np.zeros(y.shape)
            for train, test in folds:
                b = Blocks(data, train)
                x = b.paragraphs(maxpool(tfidf(scounts, b.keep, b.idf), srow, n) * w)
                p[test] = predict(fit(x[train], y[train], 4.0), x[test])
            report(f"+ max over sentences of their TF-IDF at {w}", y, p, folds, t0)

    if "weights" in only:
        t0 = time.time()
        report("sqrt-balanced class weights", y, shipped_oof(class_weight="sqrt"), folds, t0)

    if "per_C" in only:
        t0 = time.time()
        grid = (1.0, 4.0, 16.0)
        ps = {C: shipped_oof(C) for C in grid}
        for C in grid:
            report(f"C={C:g} for all", y, ps[C], folds, t0)
        p = np.zeros(y.shape)
        chosen = []
        for train, test in folds:
            pick = [max(grid, key=lambda C: (average_precision_score(y[train, j], ps[C][train, j]), C == 4.0))
                    for j in range(y.shape[1])]
            chosen.append(pick)
            p[test] = np.column_stack([ps[C][test, j] for j, C in enumerate(pick)])
        print("  C chosen per fold:", [[f"{c:g}" for c in pick] for pick in chosen])
        report("C per technique (other folds' AP)", y, p, folds, t0)

    if "chars" in only:
        from sklearn.feature_extraction.text import TfidfVectorizer

        t0 = time.time()
        for w in (0.5, 1.0):
            p = np.zeros(y.shape)
            for train, test in folds:
                v = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, max_df=0.9, max_features=100_000,
                                    sublinear_tf=True, lowercase=True, dtype=np.float64)
                v.fit([texts[i] for i in train])
                b = Blocks(data, train)
                x = b.paragraphs(v.transform(texts) * w)
                p[test] = predict(fit(x[train], y[train], 4.0), x[test])
            report(f"char_wb 3-5 (100k) at {w}", y, p, folds, t0)

    if "tagger" in only or "leak" in only:
        # the shipped tagger was trained on the 283 PTC articles, which are among these 419: measured on the others
        import json as _json
        ptc = {str(_json.loads(line)["id"]) for line in (DATASETS_PTC).open()}
        clean = ~np.isin(d.groups, sorted(ptc))
        print(f"  articles not in PTC: {len(np.unique(d.groups[clean]))}, {int(clean.sum())} paragraphs", flush=True)
        t0 = time.time()
        report("shipped, PTC articles only", y, base, folds, t0, mask=~clean)
        report("shipped, articles not in PTC", y, base, folds, t0, mask=clean)
        RESULTS["shipped, not in PTC"] = RESULTS["shipped, articles not in PTC"]
    if "leak" in only:
        # the feature layer's `loaded` evidence is the tagger's spans: drop those dense columns
        from framing.techniques.inputs import INPUT_NAMES
        keep_cols = [j for j, name in enumerate(INPUT_NAMES) if "loaded." not in name]
        full = d.dense
        data["d"] = d._replace(dense=full[:, keep_cols])
        t0 = time.time()
        p = shipped_oof(name="-no-loaded-columns")
        data["d"] = d
        report("shipped without the loaded.* inputs, PTC articles", y, p, folds, t0, base="shipped, PTC articles only", mask=~clean)
        report("shipped without the loaded.* inputs, not in PTC", y, p, folds, t0, base="shipped, not in PTC", mask=clean)
        report("shipped without the loaded.* inputs, all", y, p, folds, t0)
    if "tagger" in only:
        t0 = time.time()
        pools = tagger_pools_cached()
        p = shipped_oof(extra=pools, name="-tagger-pools")
        report("+ tagger token scores pooled (max, top-3, share), not in PTC", y, p, folds, t0, base="shipped, not in PTC", mask=clean)
        report("+ tagger token scores pooled, all (leaks on PTC articles)", y, p, folds, t0)
        p = shipped_oof(class_weight="sqrt", extra=pools, name="-tagger-pools")
        report("+ tagger pools, sqrt-balanced, not in PTC", y, p, folds, t0, base="shipped, not in PTC", mask=clean)
        report("+ tagger pools, sqrt-balanced, all (leaks on PTC articles)", y, p, folds, t0)

    if "oof_tagger" in only:
        # every paragraph's loaded inputs from a tagger that did not see its article: all rows count
        t0 = time.time()
        r = cached("techniques_oof_tagger", lambda: out_of_fold_reading(texts, d.groups, folds))
        print("  the cached inputs were read with an earlier tagger: dense equal to the current tree's "
              f"{np.allclose(r['dense_shipped'], d.dense)}; pools {np.allclose(r['pools_shipped'], tagger_pools_cached())}", flush=True)
        data["d"] = d._replace(dense=r["dense_shipped"])
        p = shipped_oof(name="-current-tagger")
        report("shipped, loaded inputs from the current tagger (all PTC)", y, p, folds, t0)
        data["d"] = d._replace(dense=r["dense"])
        p = shipped_oof(name="-oof-tagger")
        report("shipped, loaded inputs from out-of-fold taggers", y, p, folds, t0)
        RESULTS["oof base"] = RESULTS["shipped, loaded inputs from out-of-fold taggers"]
        p = shipped_oof(extra=r["pools"], name="-oof-tagger-pools")
        report("+ out-of-fold tagger pools", y, p, folds, t0, base="oof base")
        p = shipped_oof(class_weight="sqrt", name="-oof-tagger")
        report("sqrt-balanced, out-of-fold tagger", y, p, folds, t0, base="oof base")
        p = shipped_oof(class_weight="sqrt", extra=r["pools"], name="-oof-tagger-pools")
        report("+ out-of-fold tagger pools, sqrt-balanced", y, p, folds, t0, base="oof base")
        data["d"] = d
        # the same on the 136 articles no tagger ever saw (thresholds chosen on those rows of the other folds)
        ptc = {str(json.loads(line)["id"]) for line in DATASETS_PTC.open()}
        clean = ~np.isin(d.groups, sorted(ptc))
        for name, cw, pools in (("oof base, not in PTC", "balanced", ""), ("+ out-of-fold tagger pools, not in PTC", "balanced", "-pools"),
                                ("sqrt-balanced, out-of-fold tagger, not in PTC", "sqrt", ""),
                                ("+ out-of-fold tagger pools, sqrt-balanced, not in PTC", "sqrt", "-pools")):
            p = np.load(CACHE / f"techniques-levers-shipped-C=4-{cw}-oof-tagger{pools}.npy")
            report(name, y, p, folds, t0, base="oof base, not in PTC", mask=clean)
        print("  F1 per technique (out-of-fold tagger inputs): base / + pools / + pools, sqrt-balanced")
        per = [per_technique(y, np.load(CACHE / f"techniques-levers-shipped-C=4-{cw}-oof-tagger{pools}.npy"), folds)
               for cw, pools in (("balanced", ""), ("balanced", "-pools"), ("sqrt", "-pools"))]
        for j, t in enumerate(labels):
            print(f"    {t:36s} " + " / ".join(f"{f[j]:.2f}" for f in per) + f"  ({int(y[:, j].sum())} paragraphs)")

    if "resplit" in only:
        # the recommended levers on two other grouped splits (shuffled GroupKFold(5), seeds 1, 2), every paragraph
        # read with the out-of-fold taggers of the main folds (a tagger never saw the article it reads)
        r = cached("techniques_oof_tagger", lambda: out_of_fold_reading(texts, d.groups, folds))
        data["d"] = d._replace(dense=r["dense"])
        for seed in (1, 2):
            t0 = time.time()
            other = list(GroupKFold(5, shuffle=True, random_state=seed).split(y, groups=d.groups))
            for name, cw, extra in (("base", "balanced", None), ("+ pools", "balanced", r["pools"]),
                                    ("sqrt-balanced", "sqrt", None), ("+ pools, sqrt-balanced", "sqrt", r["pools"])):
                p = np.zeros(y.shape)
                for train, test in other:
                    x = Blocks(data, train).paragraphs(*([] if extra is None else [sp.csr_matrix(scaled(extra, train, 0.3))]))
                    p[test] = predict(fit(x[train], y[train], 4.0, cw), x[test])
                report(f"split seed {seed}: {name} (out-of-fold tagger)", y, p, other, t0, base=f"split seed {seed}: base (out-of-fold tagger)")
        data["d"] = d

    if "cooc" in only:
        t0 = time.time()
        p2 = {C2: np.zeros(y.shape) for C2 in (0.1, 1.0)}
        for train, test in folds:
            inner = np.zeros((len(train), y.shape[1]))
            for itr, ite in GroupKFold(4).split(train, groups=d.groups[train]):
                b = Blocks(data, train[itr])
                x = b.paragraphs()
                inner[ite] = predict(fit(x[train[itr]], y[train[itr]], 4.0), x[train[ite]])
            first = np.zeros(y.shape)
            first[train], first[test] = inner, base[test]
            z = np.log(np.clip(first, 1e-4, 1 - 1e-4) / np.clip(1 - first, 1e-4, 1))
            mu, sd = z[train].mean(0), z[train].std(0)
            zs = (z - mu) / np.where(sd > 0, sd, 1)
            for C2 in p2:
                p2[C2][test] = predict(fit(zs[train], y[train], C2, None), zs[test])  # balanced: 0.207 in the stack
        for C2, p in p2.items():
            report(f"co-occurrence second pass C2={C2:g} (nested)", y, p, folds, t0)

    out = CACHE / "techniques-levers.json"
    old = json.loads(out.read_text()) if out.exists() else {}
    out.write_text(json.dumps({**old, **RESULTS}, indent=1))


if __name__ == "__main__":
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        main()
