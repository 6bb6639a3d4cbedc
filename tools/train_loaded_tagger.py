"""Train the loaded-language tagger ``framing/reading/data/loaded_tagger.{npz,json}``.

Run: ``python tools/train_loaded_tagger.py [--search]`` (needs ../shared/datasets and, for their word lists,
the packages ``vaderSentiment==3.3.2`` and ``textblob`` (``pip install -e ".[tagger]"``) — at training time only; about 2 minutes, ``--search`` an hour).

The tagger (:mod:`framing.reading.loaded_tagger`) is a logistic regression
over per-token indicators: the word at offsets −2..+2, the ``loaded`` lexicon
category at those offsets, shape indicators, and the distributional embedding
of the word at each offset.  Embeddings are the truncated SVD of the positive
pointwise mutual information of word co-occurrence (±2 words) in unlabelled
AllSides ``media_train`` articles; being linear, their contribution is folded
into the word weights of the shipped arrays.

A separate sentence classifier (:class:`SentenceDesign`, :func:`fit_sentences`):
a logistic regression over the distinct words, adjacent word pairs and lexicon
categories of a sentence, trained on "this sentence holds a loaded token" (the
training folds' labels only), whose log-odds times a weight are added to each
token's score; it is folded into the tagger's ``sentence_*`` arrays (intercept
into the bias), so the run time only sums the weights of a sentence's words.

Training data: all 283 visible PTC articles (``benchmarks/loaded_data.py``;
BASIL is never read here), a token being positive when it overlaps a span of
the chosen techniques; optionally BABE sentences with their ``biased_words``.
``--search`` chooses every hyper-parameter (C, vocabulary cut-off, embeddings,
training labels, BABE, threshold, gap bridging) by 5-fold cross-validation over
the articles (grouped by article: a fold's articles are never seen by its
model), the figure being token F1 on PTC ``Loaded_Language`` of the pooled
out-of-fold predictions; the chosen values are then written into
:data:`CHOSEN` by hand.  ``--sentences`` does the same for the sentence
classifiers of :data:`SENTENCE_GRID` (their weight chosen among
:data:`WEIGHTS` with the threshold and bridge; chosen: :data:`CHOSEN_SENTENCES`),
on the same folds and on each fold's tagger vocabulary.  ``--rules`` scores the span rules of
:func:`framing.reading.loaded.refine` the same way, each fold's tagger run
through the library on its held-out articles.  Without options the script
fits :data:`CHOSEN` and :data:`CHOSEN_SENTENCES` on all the articles (weight,
threshold and bridge chosen out of fold) and writes the arrays (byte-identical
from run to run: fixed data order, deterministic solver, float32 arrays).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from framing.reading import Reading  # noqa: E402
from framing.reading.loaded import RULES, loaded_spans  # noqa: E402
from framing.reading.loaded_tagger import DATA, SENTENCE_ARRAYS, SHAPES, WINDOW, LoadedTagger, runs, sentence_ids, token_categories, token_shapes, windowed  # noqa: E402
from framing.lexicons import LexiconSet  # noqa: E402
from framing.model.bundle import npz_bytes  # noqa: E402
from framing.text import prepare  # noqa: E402
from loaded_data import LOADED, LOADED_OR_LABEL, Annotated, babe, covered, gold_tokens, ptc  # noqa: E402
from results import read_jsonl  # noqa: E402

CACHE = Path("/tmp/framing_loaded_tagger")
OFFSETS = 2 * WINDOW + 1
FOLDS = 5
EMBEDDING_ARTICLES = 8000
EMBEDDING_MIN_COUNT = 20
EMBEDDING_DIM = 64


class Prepared:
    """What the tagger reads of one text, and its gold tokens."""

    def __init__(self, item: Annotated, lexicons: LexiconSet, categories: list[str]):
        doc = prepare(item.text)
        terms = [(t.start, t.end, t.entry.category) for t in Reading(doc, lexicons, None).loaded_terms]
        self.id = item.id
        self.words = doc.words
        self.categories = token_categories(doc, terms, categories)
        self.shapes = token_shapes(doc)
        self.sentences = sentence_ids(doc)
        starts, ends = doc.tokens
        self.spans = [doc.original_span(s, e) for s, e in zip(starts.tolist(), ends.tolist())]
        self.item = item
        self.gold = self.labels(item)
        self.benchmark_tokens = gold_tokens(item)  # the scoring's tokens and gold ones, computed once

    def labels(self, item: Annotated) -> np.ndarray:
        """1 for the tokens of this text that overlap ``item``'s spans or are its marked words."""
        y = np.zeros(len(self.words), dtype=np.int8)
        if item.words:
            y[[w in item.words for w in self.words]] = 1
        for s, e in item.spans:
            y[[a < e and b > s for a, b in self.spans]] = 1
        return y


def prepared_data(categories: list[str]) -> dict[str, list[Prepared]]:
    """All visible PTC (with both label sets) and BABE, prepared once."""
    lexicons = LexiconSet()
    build = [Prepared(a, lexicons, categories) for a in ptc("all", LOADED)]
    both = {a.id: a for a in ptc("all", LOADED_OR_LABEL)}
    for p in build:
        p.gold_or_label = p.labels(both[p.id])
    return {"ptc": build, "babe": [Prepared(a, lexicons, categories) for a in babe()]}


def embeddings() -> dict[str, np.ndarray]:
    """Words of unlabelled news and their PPMI-SVD embeddings (rows L2-normalised), cached under /tmp."""
    path = CACHE / f"embeddings-{EMBEDDING_ARTICLES}-{EMBEDDING_MIN_COUNT}-{EMBEDDING_DIM}.npz"
    if path.exists():
        with np.load(path, allow_pickle=False) as a:
            return dict(zip(a["words"].tolist(), a["vectors"]))
    from sklearn.utils.extmath import randomized_svd

    texts = [r["text"] for r in itertools.islice(read_jsonl("allsides/media_train.jsonl.gz"), EMBEDDING_ARTICLES)]
    docs = [prepare(t).words for t in texts]
    counts = Counter(w for d in docs for w in d)
    words = sorted(w for w, n in counts.items() if n >= EMBEDDING_MIN_COUNT)
    index = {w: i for i, w in enumerate(words)}
    ids = np.concatenate([np.fromiter((index.get(w, -1) for w in d), dtype=np.int64) for d in docs])
    rows, cols = [], []
    for k in (1, 2):
        a, b = ids[:-k], ids[k:]
        keep = (a >= 0) & (b >= 0)
        rows += [a[keep], b[keep]]
        cols += [b[keep], a[keep]]
    r, c = np.concatenate(rows), np.concatenate(cols)
    m = sparse.coo_matrix((np.ones(len(r)), (r, c)), shape=(len(words),) * 2).tocsr()
    total = m.sum()
    row = np.asarray(m.sum(axis=1)).ravel()
    col = np.asarray(m.sum(axis=0)).ravel() ** 0.75  # context smoothing (Levy et al. 2015)
    m = m.tocoo()
    pmi = np.log(m.data * total / (row[m.row] * col[m.col] / col.sum() * total))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (m.row[keep], m.col[keep])), shape=m.shape)
    u, s, _ = randomized_svd(ppmi, EMBEDDING_DIM, random_state=0)
    vectors = u * np.sqrt(s)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-12
    CACHE.mkdir(parents=True, exist_ok=True)
    np.savez(path, words=np.array(words), vectors=vectors)
    return dict(zip(words, vectors))


class Design:
    """The design matrix of the tagger for one vocabulary: columns are the indicators the shipped arrays weigh."""

    def __init__(self, vocabulary: list[str], frequent: np.ndarray, n_categories: int, vectors: np.ndarray | None,
                 sentence: float = 0.0):
        self.vocabulary = vocabulary
        self.index = {w: i for i, w in enumerate(vocabulary)}
        self.n_words = len(vocabulary) + 2  # + OOV + padding
        # Words too rare in the training data for a weight of their own share the OOV one (plus their embedding).
        self.one_hot_id = np.concatenate([np.where(frequent, np.arange(len(vocabulary)), self.n_words - 2), [self.n_words - 2, self.n_words - 1]])
        self.n_categories = n_categories + 1
        self.vectors = vectors  # rows aligned with ``vocabulary`` (zeros for words without one), or None
        # > 0: each token also sees the words and categories of its sentence, as indicators of this value (a
        # value above 1 regularises their weights less than the others by its square)
        self.sentence = sentence

    def matrix(self, docs: list[Prepared]) -> sparse.csr_matrix:
        blocks = []
        for d in docs:
            n = len(d.words)
            padded_ids = windowed(np.fromiter((self.index.get(w, self.n_words - 2) for w in d.words), dtype=np.int64, count=n), self.n_words - 1)
            padded_cats = windowed(d.categories, 0)
            ids = [padded_ids[k:k + n] for k in range(OFFSETS)]
            cats = [padded_cats[k:k + n] for k in range(OFFSETS)]
            cols = [self.one_hot_id[ids[k]] + k * self.n_words for k in range(OFFSETS)]
            base = OFFSETS * self.n_words
            cols += [cats[k] + base + k * self.n_categories for k in range(OFFSETS)]
            one_hot = sparse.csr_matrix(
                (np.ones(n * 2 * OFFSETS), (np.tile(np.arange(n), 2 * OFFSETS), np.concatenate(cols))),
                shape=(n, base + OFFSETS * self.n_categories),
            )
            parts = [one_hot, sparse.csr_matrix(d.shapes.astype(np.float64))]
            if self.vectors is not None:
                padded = np.vstack([self.vectors, np.zeros((2, self.vectors.shape[1]))])
                parts.append(sparse.csr_matrix(np.hstack([padded[ids[k]] for k in range(OFFSETS)])))
            if self.sentence:
                # the distinct word ids and categories of each sentence, repeated for each of its tokens
                _, inv = np.unique(d.sentences, return_inverse=True)
                for values, width in ((self.one_hot_id[ids[WINDOW]], self.n_words), (d.categories, self.n_categories)):
                    present = sparse.csr_matrix((np.ones(n), (inv, values)), shape=(inv.max() + 1, width))
                    present.data[:] = self.sentence
                    parts.append(present[inv])
            blocks.append(sparse.hstack(parts, format="csr"))
        return sparse.vstack(blocks, format="csr")

    def fold(self, coef: np.ndarray) -> tuple[np.ndarray, ...]:
        """The shipped arrays (word, category, shape weights, and the sentence word and category weights
        if :attr:`sentence`) for the fitted coefficients ``coef``."""
        base = OFFSETS * self.n_words
        words = coef[:base].reshape(OFFSETS, self.n_words)[:, self.one_hot_id]
        cat_end = base + OFFSETS * self.n_categories
        categories = coef[base:cat_end].reshape(OFFSETS, self.n_categories)
        shapes = coef[cat_end:cat_end + len(SHAPES)]
        end = cat_end + len(SHAPES)
        if self.vectors is not None:
            width = OFFSETS * self.vectors.shape[1]
            beta = coef[end:end + width].reshape(OFFSETS, -1)
            words[:, :-2] += beta @ self.vectors.T
            end += width
        if not self.sentence:
            return words, categories, shapes
        sentence_words = coef[end:end + self.n_words][self.one_hot_id] * self.sentence
        return words, categories, shapes, sentence_words, coef[end + self.n_words:] * self.sentence


def word_lexicons(known: set[str]) -> dict[str, dict[str, np.ndarray]]:
    """Word-level features from published lexicons that Python packages ship (read at training time only).

    ``vader``: VADER valence (Hutto & Gilbert 2014; package vaderSentiment, MIT): |valence|/4, negative, positive.
    ``subjectivity``: the adjective subjectivity lexicon of De Smedt & Daelemans (Pattern, PDDL; package textblob):
    mean subjectivity, mean |polarity|, strong intensity.
    ``pos``: the parts of speech of Brill's tagger lexicon (package textblob): adjective, adverb, verb, noun, proper
    noun, for the ``known`` words only (its 80,000 rare words would only swell the shipped vocabulary).
    """
    import importlib.resources
    import xml.etree.ElementTree as ET

    out: dict[str, dict[str, np.ndarray]] = {"vader": {}, "subjectivity": {}, "pos": {}}
    for line in importlib.resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(encoding="utf-8").splitlines():
        word, valence = line.split("\t")[:2]
        v = float(valence)
        out["vader"][word] = np.array([abs(v) / 4, v < 0, v > 0], dtype=float)
    senses: dict[str, list] = {}
    root = ET.fromstring(importlib.resources.files("textblob").joinpath("en/en-sentiment.xml").read_bytes())
    for w in root.iter("word"):
        senses.setdefault(w.get("form").lower(), []).append(
            (float(w.get("subjectivity")), abs(float(w.get("polarity"))), float(w.get("intensity")) > 1))
    out["subjectivity"] = {w: np.array(v, dtype=float).mean(axis=0) for w, v in senses.items()}
    for line in importlib.resources.files("textblob").joinpath("en/en-lexicon.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith(";;;") or not line.strip():
            continue
        word, tag = line.split()[:2]
        if word.lower() in known and (word.islower() or word.lower() not in out["pos"]):  # the lower-case entry wins
            out["pos"][word.lower()] = np.array([tag.startswith("JJ"), tag.startswith("RB"), tag.startswith("VB"),
                                                 tag in ("NN", "NNS"), tag.startswith("NNP")], dtype=float)
    return out


def design_for(docs: list[Prepared], config: dict, categories: list[str], sources: dict) -> Design:
    """Vocabulary: words seen ``min_count`` times in ``docs`` (each with its own weights) plus the words of the word-feature sources."""
    counts = Counter(w for d in docs for w in d.words)
    frequent = {w for w, n in counts.items() if n >= config["min_count"]}
    used = [sources[name] for name in config["word_features"]]
    vocabulary = sorted(frequent.union(*used))
    is_frequent = np.array([w in frequent for w in vocabulary], dtype=bool)
    aligned = None
    if used:
        blocks = []
        for source in used:
            width = len(next(iter(source.values())))
            zero = np.zeros(width)
            blocks.append(np.array([source.get(w, zero) for w in vocabulary]))
        aligned = np.hstack(blocks)
    return Design(vocabulary, is_frequent, len(categories), aligned, config.get("sentence", 0.0))


def fit(docs: list[Prepared], labels: list[np.ndarray], config: dict, categories: list[str], emb):
    from sklearn.linear_model import LogisticRegression

    design = design_for(docs, config, categories, emb)
    model = LogisticRegression(C=config["C"], solver="liblinear", max_iter=1000, random_state=0)
    model.fit(design.matrix(docs), np.concatenate(labels))
    return design, model


def labels_of(docs: list[Prepared], config: dict) -> list[np.ndarray]:
    return [d.gold_or_label if config["labels"] != "Loaded_Language" and hasattr(d, "gold_or_label") else d.gold for d in docs]


def token_f1(docs: list[Prepared], scores: list[np.ndarray], threshold: float, bridge: int) -> tuple[float, float, float]:
    """Token P, R, F1 against the docs' gold items, counted on the benchmark's tokens (``loaded_data``)."""
    tp = n_gold = n_pred = 0
    for d, s in zip(docs, scores):
        tokens, gold = d.benchmark_tokens
        spans = [(d.spans[a][0], d.spans[b][1]) for a, b in runs(s > threshold, d.sentences, bridge)]
        pred = covered(tokens, spans)
        tp += len(gold & pred)
        n_gold += len(gold)
        n_pred += len(pred)
    p, r = tp / max(n_pred, 1), tp / max(n_gold, 1)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def fold_of(article_id: str) -> int:
    return int(hashlib.sha1(b"fold" + article_id.encode()).hexdigest(), 16) % FOLDS


def out_of_fold(data: dict, config: dict, categories: list[str], emb, models: list | None = None) -> list[np.ndarray]:
    """Scores of every PTC article by the model trained without its fold (each fold's design and model appended to ``models``)."""
    docs = data["ptc"]
    scores: list[np.ndarray] = [np.zeros(0)] * len(docs)
    for f in range(FOLDS):
        train = [d for d in docs if fold_of(d.id) != f]
        extra = data["babe"] if config["babe"] else []
        design, model = fit(train + extra, labels_of(train, config) + [d.gold for d in extra], config, categories, emb)
        held = [i for i, d in enumerate(docs) if fold_of(d.id) == f]
        if models is not None:
            models.append((design, model))
        x = design.matrix([docs[i] for i in held])
        s = model.decision_function(x)
        bounds = np.cumsum([0] + [len(docs[i].words) for i in held])
        for j, i in enumerate(held):
            scores[i] = s[bounds[j]:bounds[j + 1]]
    return scores


def best_threshold(docs: list[Prepared], scores: list[np.ndarray]) -> tuple[float, int, tuple]:
    """The threshold and bridge with the best pooled out-of-fold F1."""
    results = {(t, b): token_f1(docs, scores, t, b) for t in np.arange(-5.0, 0.51, 0.25).round(2).tolist() for b in (0, 1, 2)}
    (t, b), prf = max(results.items(), key=lambda kv: kv[1][2])
    return t, b, prf


def sentence_index(d: Prepared) -> np.ndarray:
    """The sentence of each token of ``d`` numbered 0, 1, … (rows of :meth:`SentenceDesign.matrix`)."""
    return np.unique(d.sentences, return_inverse=True)[1]


class SentenceDesign:
    """Inputs of the sentence classifier: the distinct words (vocabulary ids of a tagger :class:`Design`) and,
    if ``config["ngrams"]`` is 2, adjacent word pairs of each sentence, and the lexicon categories it holds.

    Words and pairs seen in fewer than ``min_count`` training sentences (and the out-of-vocabulary id) get no
    column, so that their weight is 0.
    """

    def __init__(self, design: Design, docs: list[Prepared], config: dict):
        self.design = design
        self.n_words = design.n_words
        self.n_categories = design.n_categories
        counts = np.zeros(self.n_words, dtype=np.int64)
        pairs: Counter = Counter()
        for d in docs:
            inv, ids = self.parts(d)
            counts += np.bincount(np.unique(inv * self.n_words + ids) % self.n_words, minlength=self.n_words)
            if config["ngrams"] > 1:
                pairs.update(np.unique(self.pair_keys(inv, ids)[1]).tolist())
        counts[self.n_words - 2:] = 0
        self.keep = counts >= config["min_count"]
        self.pairs = np.array(sorted(k for k, n in pairs.items() if n >= config["min_count"]), dtype=np.int64)
        self.width = self.n_words + self.n_categories + len(self.pairs)

    def parts(self, d: Prepared) -> tuple[np.ndarray, np.ndarray]:
        """Sentence index (0-based, contiguous) and vocabulary id of each token."""
        ids = np.fromiter((self.design.index.get(w, self.n_words - 2) for w in d.words), dtype=np.int64, count=len(d.words))
        return sentence_index(d), ids

    def pair_keys(self, inv: np.ndarray, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Sentence index and key (``id_a · n_words + id_b``) of each pair of adjacent tokens of one sentence."""
        same = inv[1:] == inv[:-1]
        return inv[1:][same], (ids[:-1] * self.n_words + ids[1:])[same]

    def matrix(self, docs: list[Prepared]) -> sparse.csr_matrix:
        """One row per sentence of ``docs`` (in order): binary word, category and pair indicators."""
        blocks = []
        for d in docs:
            inv, ids = self.parts(d)
            n_sentences = inv.max() + 1 if len(inv) else 0
            rows = [inv[self.keep[ids]], inv]
            cols = [ids[self.keep[ids]], self.n_words + d.categories]
            data = [np.ones(len(rows[0])), (d.categories > 0).astype(float)]
            if len(self.pairs):
                at, keys = self.pair_keys(inv, ids)
                j = np.minimum(np.searchsorted(self.pairs, keys), len(self.pairs) - 1)
                hit = self.pairs[j] == keys
                rows.append(at[hit])
                cols.append(self.n_words + self.n_categories + j[hit])
                data.append(np.ones(int(hit.sum())))
            m = sparse.csr_matrix((np.concatenate(data), (np.concatenate(rows), np.concatenate(cols))),
                                  shape=(n_sentences, self.width))
            m.data[:] = np.minimum(m.data, 1.0)  # present or not, however often
            m.eliminate_zeros()
            blocks.append(m)
        return sparse.vstack(blocks, format="csr")

    @staticmethod
    def labels(docs: list[Prepared]) -> np.ndarray:
        """1 for the sentences holding a gold token."""
        out = []
        for d in docs:
            inv = sentence_index(d)
            out.append(np.bincount(inv, weights=d.gold) > 0 if len(inv) else np.zeros(0, dtype=bool))
        return np.concatenate(out).astype(np.int8)


def fit_sentences(design: Design, docs: list[Prepared], config: dict):
    """The sentence classifier (``config``: C, ngrams, min_count) on ``docs``' sentences."""
    from sklearn.linear_model import LogisticRegression

    sentences = SentenceDesign(design, docs, config)
    model = LogisticRegression(C=config["C"], solver="liblinear", max_iter=1000, random_state=0)
    model.fit(sentences.matrix(docs), SentenceDesign.labels(docs))
    return sentences, model


def sentence_arrays(sentences: SentenceDesign, model, weight: float) -> tuple[dict[str, np.ndarray], float]:
    """The run-time arrays (float64, see :class:`~framing.reading.loaded_tagger.LoadedTagger`) of a fitted sentence
    classifier whose log-odds are added to the token scores times ``weight``, and that times its intercept."""
    coef = model.coef_.ravel() * weight
    n_words, n_categories = sentences.n_words, sentences.n_categories
    pairs = np.column_stack(np.divmod(sentences.pairs, n_words)) if len(sentences.pairs) else np.zeros((0, 2), dtype=np.int64)
    arrays = {"sentence_word_weights": coef[:n_words], "sentence_category_weights": coef[n_words:n_words + n_categories],
              "sentence_pairs": pairs.astype(np.int32), "sentence_pair_weights": coef[n_words + n_categories:]}
    return arrays, weight * float(model.intercept_[0])


def sentence_out_of_fold(data: dict, models: list, config: dict) -> list[np.ndarray]:
    """Each PTC token's sentence log-odds by the sentence classifier trained without its fold (on the same
    vocabulary as that fold's tagger, ``models`` from :func:`out_of_fold`); the fitted classifiers are appended to
    each fold's entry of ``models``."""
    docs = data["ptc"]
    out: list[np.ndarray] = [np.zeros(0)] * len(docs)
    for f, entry in enumerate(models):
        train = [d for d in docs if fold_of(d.id) != f]
        sentences, model = fit_sentences(entry[0], train, config)
        models[f] = entry[:2] + (sentences, model)
        for i, d in enumerate(docs):
            if fold_of(d.id) == f:
                inv = sentence_index(d)
                out[i] = model.decision_function(sentences.matrix([d]))[inv] if len(inv) else np.zeros(0)
    return out


ALL = ["vader", "subjectivity", "pos", "embedding"]
# On the PTC build half alone (145 articles) every configuration stayed between 0.213 and 0.242 (no word features,
# embedding only, lexicons only, C 0.01-1, min_count 1-3, Name_Calling labels, BABE); C 0.03 min_count 3 with all
# word features was best.  Over all 283 articles (pooled out-of-fold F1 on Loaded_Language at the best threshold
# and bridge): that configuration 0.252 (chosen); with the sentence term, indicators of value 1: 0.254 (research
# harness, same folds), of value 3: 0.221 (0.212 with the span rules; its weights, seen by every token of a
# sentence, overfit).  Research runs on the same folds that did not pay (not kept): sentence and article context features
# (lexicon-term density, length, "!"/"?", quoted share, position) 0.251; word-pair features (w-1 w0, w0 w+1, seen
# 3+ times) 0.252; hysteresis thresholds 0.252; a separate sentence classifier added to the token scores 0.269
# (ptc sentences) and 0.262 with the SemEval-2023 paragraphs of the articles not in PTC as weak labels (0.261 without):
# rebuilt below (SENTENCE_GRID).
GRID = [
    {"C": c, "min_count": m, "word_features": features, "labels": labels, "babe": babe_too, "sentence": sentence}
    for c, m, features, labels, babe_too, sentence in [
        (0.03, 3, ALL, "Loaded_Language", False, 0.0),
        (0.03, 3, ALL, "Loaded_Language", False, 1.0),
        (0.03, 3, ALL, "Loaded_Language", False, 3.0),
    ]
]
CHOSEN = GRID[0]


# The sentence classifier (``--sentences``; pooled out-of-fold F1 on Loaded_Language at the best weight, threshold and
# bridge, the tokens alone being 0.252 on the same folds; "rules": the same through the library's span rules):
#   words, C 0.1, seen in 2+ sentences: weight 0.35 0.262 (rules 0.261); C 0.03: 0.259 (0.260); C 0.3: 0.266 (0.266);
#   C 0.1 seen in 5+: 0.260 (0.260); words and word pairs, C 0.1: 0.267 (0.266); C 0.03: 0.263 (0.263);
#   C 0.3: weight 0.25 0.271 (0.270, chosen); C 0.1 seen in 3+: 0.267 (0.266).
# On the seeds (tests/reading/test_loaded_seeds.py) the chosen one drops "shake" but misses 004's first "provocations"
# and "backlash" (just under the threshold); so did every variant at a weight of 0.15 or more, while 0.1 kept them
# at F1 0.256-0.259 only.  Nor does a lower threshold for tokens of a lexicon term bring them back without loss: adding
# 0.1 / 0.25 / 0.5 / 1 to those tokens' scores gives 0.270 / 0.269 / 0.266 / 0.263 (threshold and bridge re-chosen).
# Weights above 0.5 always cost F1 (0.75: 0.236-0.255; 1: 0.220-0.245; 2: 0.18-0.21): the sentence classifier ranks
# sentences less well (AUC 0.79-0.80 against Loaded_Language sentence labels) than the tagger's best token in them
# (0.82), so it can only nudge.  Research runs on the same folds, not kept: a few sentence cues (log length, lexicon
# and quoted shares, title) 0.261; rows scaled to unit length 0.256-0.262; adding the log-probability instead of the
# log-odds 0.256-0.264; the article's mean sentence log-odds as well 0.257-0.265.
SENTENCE_GRID = [
    {"C": c, "ngrams": n, "min_count": m}
    for c, n, m in [(0.1, 1, 2), (0.03, 1, 2), (0.3, 1, 2), (0.1, 1, 5), (0.1, 2, 2), (0.03, 2, 2), (0.3, 2, 2), (0.1, 2, 3)]
]
CHOSEN_SENTENCES = SENTENCE_GRID[6]
WEIGHTS = (0.25, 0.35, 0.5, 0.75)  # the weight of the sentence log-odds is chosen among these (and 0) by pooled OOF F1


def with_sentences(tokens: list[np.ndarray], sentences: list[np.ndarray], weight: float) -> list[np.ndarray]:
    """Token scores plus ``weight`` times their sentence's log-odds."""
    return [t + weight * s for t, s in zip(tokens, sentences)]


def best_weight(docs: list[Prepared], tokens: list[np.ndarray], sentences: list[np.ndarray]) -> tuple[float, float, int, tuple]:
    """The weight of the sentence log-odds (0 or one of :data:`WEIGHTS`), threshold and bridge with the best pooled
    out-of-fold F1."""
    choices = {w: best_threshold(docs, with_sentences(tokens, sentences, w)) for w in (0.0,) + WEIGHTS}
    weight = max(choices, key=lambda w: choices[w][2][2])
    return (weight,) + choices[weight]


def sentence_search(data: dict, categories: list[str], sources: dict, only: list[int] | None = None) -> None:
    """Print the pooled out-of-fold P/R/F1 of :data:`CHOSEN` plus each sentence classifier of :data:`SENTENCE_GRID`
    (``only`` these indices, if given) at each weight of :data:`WEIGHTS` (threshold and bridge at their best), and
    with the span rules :data:`~framing.reading.loaded.RULES` at the best weight."""
    docs = data["ptc"]
    models: list = []
    tokens = out_of_fold(data, CHOSEN, categories, sources, models)
    t, b, (p, r, f) = best_threshold(docs, tokens)
    print(f"tokens alone: threshold {t} bridge {b}: P {p:.3f} R {r:.3f} F1 {f:.3f}", flush=True)
    for config in SENTENCE_GRID if only is None else [SENTENCE_GRID[i] for i in only]:
        sentences = sentence_out_of_fold(data, models, config)
        for w in WEIGHTS:
            t, b, (p, r, f) = best_threshold(docs, with_sentences(tokens, sentences, w))
            print(json.dumps(config), f"weight {w} threshold {t} bridge {b}: P {p:.3f} R {r:.3f} F1 {f:.3f}", flush=True)
        w, t, b, _ = best_weight(docs, tokens, sentences)
        p, r, f = rule_scores(data, categories, models, t, b, [RULES], w)[RULES]
        print(json.dumps(config), f"with the span rules, weight {w}: P {p:.3f} R {r:.3f} F1 {f:.3f}", flush=True)


def search(data: dict, categories: list[str], sources: dict, only: list[int] | None = None) -> None:
    """Print the pooled out-of-fold P/R/F1 of the configurations of :data:`GRID` (``only`` these indices, if given;
    threshold and bridge at their best)."""
    for config in GRID if only is None else [GRID[i] for i in only]:
        t, b, (p, r, f) = best_threshold(data["ptc"], out_of_fold(data, config, categories, sources))
        print(json.dumps(config), f"threshold {t} bridge {b}: P {p:.3f} R {r:.3f} F1 {f:.3f}", flush=True)


def tagger_of(design: Design, model, categories: list[str], threshold: float, bridge: int,
              sentences: tuple | None = None, weight: float = 0.0) -> tuple[LoadedTagger, dict[str, np.ndarray]]:
    """The run-time tagger of a fitted model, and its arrays as shipped (float32; word pairs int32), with the
    sentence classifier ``sentences`` (a :class:`SentenceDesign` and its fitted model) folded in at ``weight``."""
    names = ("word_weights", "category_weights", "shape_weights", "sentence_word_weights", "sentence_category_weights")
    arrays = dict(zip(names, design.fold(model.coef_.ravel())))
    bias = float(model.intercept_[0])
    if sentences is not None and weight:
        extra, shift = sentence_arrays(*sentences, weight)
        for k, v in extra.items():  # added to the tagger's own sentence term, if it has one
            arrays[k] = arrays[k] + v if k in arrays else v
        bias += shift
    arrays = {k: v.astype(np.int32 if k == "sentence_pairs" else np.float32) for k, v in arrays.items()}
    tagger = LoadedTagger(design.vocabulary, arrays["word_weights"], arrays["category_weights"], arrays["shape_weights"],
                          round(bias, 6), threshold, bridge, categories, *(arrays.get(k) for k in SENTENCE_ARRAYS))
    return tagger, arrays


RULE_SETS = [(), ("names",), ("trim",), ("repeats",), ("heads",), ("lone",), RULES, RULES + ("lone",)]


def rule_scores(data: dict, categories: list[str], models: list, threshold: float, bridge: int,
                rule_sets: list[tuple[str, ...]], weight: float = 0.0) -> dict[tuple[str, ...], tuple[float, float, float]]:
    """Token P/R/F1 on PTC Loaded_Language of each set of span rules, each fold's tagger (``models``, from
    :func:`out_of_fold`, with its sentence classifier at ``weight`` if :func:`sentence_out_of_fold` added one) read
    through the library on its held-out articles."""
    docs = data["ptc"]
    lexicons = LexiconSet()
    counts = {r: [0, 0, 0] for r in rule_sets}  # true positives, predicted, gold
    for f, (design, model, *sentences) in enumerate(models):
        tagger, _ = tagger_of(design, model, categories, threshold, bridge, tuple(sentences) or None, weight)
        for d in docs:
            if fold_of(d.id) != f:
                continue
            doc = prepare(d.item.text)
            reading = Reading(doc, lexicons, tagger)
            tokens, gold = gold_tokens(d.item)
            for r in rule_sets:
                pred = covered(tokens, [doc.original_span(s, e) for s, e, _ in loaded_spans(reading, r)])
                c = counts[r]
                c[0] += len(pred & gold)
                c[1] += len(pred)
                c[2] += len(gold)
    out = {}
    for r, (tp, n_pred, n_gold) in counts.items():
        p, rec = tp / max(n_pred, 1), tp / max(n_gold, 1)
        out[r] = (p, rec, 2 * p * rec / (p + rec) if p + rec else 0.0)
    return out


def cross_validate(data: dict, categories: list[str], sources: dict) -> tuple[list, float, float, int, tuple, tuple]:
    """Out-of-fold :data:`CHOSEN` with :data:`CHOSEN_SENTENCES`: each fold's models, the chosen weight of the
    sentence log-odds, threshold and bridge, their pooled P/R/F1, and that of the token scores alone."""
    docs = data["ptc"]
    models: list = []
    tokens = out_of_fold(data, CHOSEN, categories, sources, models)
    _, _, alone = best_threshold(docs, tokens)
    weight, threshold, bridge, prf = best_weight(docs, tokens, sentence_out_of_fold(data, models, CHOSEN_SENTENCES))
    return models, weight, threshold, bridge, prf, alone


def rules(data: dict, categories: list[str], sources: dict) -> None:
    """Print the out-of-fold P/R/F1 of each set of :data:`RULE_SETS`."""
    models, weight, threshold, bridge, _, _ = cross_validate(data, categories, sources)
    for r, (p, rec, f) in rule_scores(data, categories, models, threshold, bridge, RULE_SETS, weight).items():
        print(f"rules {'+'.join(r) or 'none'}: P {p:.3f} R {rec:.3f} F1 {f:.3f}", flush=True)


def train(data: dict, categories: list[str], sources: dict) -> tuple[dict, dict[str, np.ndarray]]:
    """The shipped tagger for :data:`CHOSEN` and :data:`CHOSEN_SENTENCES`: its JSON spec and its arrays."""
    config = CHOSEN
    models, weight, threshold, bridge, (p, r, f), (ap, ar, af) = cross_validate(data, categories, sources)
    rp, rr, rf = rule_scores(data, categories, models, threshold, bridge, [RULES], weight)[RULES]
    docs = data["ptc"]
    extra = data["babe"] if config["babe"] else []
    design, model = fit(docs + extra, labels_of(docs, config) + [d.gold for d in extra], config, categories, sources)
    tagger, arrays = tagger_of(design, model, categories, threshold, bridge, fit_sentences(design, docs, CHOSEN_SENTENCES), weight)
    spec = {
        "what": "token-level linear tagger of loaded language (framing.reading.loaded_tagger)",
        "vocabulary": design.vocabulary,
        "categories": list(categories),
        "bias": tagger.bias,
        "threshold": threshold,
        "bridge": bridge,
        "config": config,
        "sentence_classifier": {
            **CHOSEN_SENTENCES, "weight": weight,
            "what": "logistic regression over the distinct words" + (" and adjacent word pairs" if CHOSEN_SENTENCES["ngrams"] > 1 else "")
                    + " and lexicon categories of a sentence, trained on 'the sentence holds a loaded token'; its log-odds "
                    "times weight are added to each token's score (weights folded into the sentence_* arrays, "
                    "intercept into the bias)",
            "sentences": int(sum(len(np.unique(d.sentences)) for d in docs)),
        },
        "training": {
            "data": "PTC (SemEval-2020 Task 11 training set), all visible articles; BASIL never read"
                    + ("; BABE sentences with their biased_words" if config["babe"] else ""),
            "articles": len(docs),
            "tokens": int(sum(len(d.words) for d in docs)),
            "labels": config["labels"],
            "word_features": {
                "embedding": f"PPMI-SVD ({EMBEDDING_DIM} dimensions, ±2 words) of the first {EMBEDDING_ARTICLES} AllSides "
                             f"media_train articles, words seen {EMBEDDING_MIN_COUNT}+ times (unlabelled use)",
                "vader": "VADER lexicon, Hutto & Gilbert 2014 (package vaderSentiment 3.3.2, MIT)",
                "subjectivity": "adjective subjectivity lexicon of De Smedt & Daelemans, Pattern (package textblob, PDDL)",
                "pos": "Brill tagger lexicon parts of speech (package textblob)",
            },
            "command": "python tools/train_loaded_tagger.py",
        },
        "cross_validation": {
            "protocol": f"{FOLDS}-fold over all visible PTC articles, grouped by article (the sentence classifier on "
                        "the same folds); weight, threshold and bridge chosen on the pooled out-of-fold scores (so slightly "
                        "optimistic); token scoring of benchmarks/loaded_data.py",
            "Loaded_Language": {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)},
            "Loaded_Language_without_sentences": {"precision": round(ap, 3), "recall": round(ar, 3), "f1": round(af, 3),
                                                  "note": "the token scores alone (no sentence classifier)"},
            "rules": list(RULES),
            "Loaded_Language_with_rules": {"precision": round(rp, 3), "recall": round(rr, 3), "f1": round(rf, 3),
                                           "note": "each fold's tagger read through framing.reading.loaded (span rules, lexicon pieces)"},
        },
    }
    return spec, arrays


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--search", nargs="*", type=int, metavar="I",
                        help="cross-validate the grid (or its configurations I) instead of training")
    parser.add_argument("--rules", action="store_true", help="cross-validate the span rules instead of training")
    parser.add_argument("--sentences", nargs="*", type=int, metavar="I",
                        help="cross-validate the sentence classifiers (or their configurations I) instead of training")
    args = parser.parse_args()
    categories = LexiconSet()["loaded"].categories
    data = prepared_data(categories)
    embedded = embeddings()
    sources = {"embedding": embedded, **word_lexicons(set(embedded))}
    if args.rules:
        rules(data, categories, sources)
        return
    if args.sentences is not None:
        sentence_search(data, categories, sources, args.sentences or None)
        return
    if args.search is not None:
        search(data, categories, sources, args.search or None)
        return
    spec, arrays = train(data, categories, sources)
    DATA.mkdir(exist_ok=True)
    (DATA / "loaded_tagger.json").write_text(json.dumps(spec, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (DATA / "loaded_tagger.npz").write_bytes(npz_bytes(arrays))
    print(json.dumps(spec["cross_validation"], indent=1))


if __name__ == "__main__":
    main()
