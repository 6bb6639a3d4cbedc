"""Does a small neural network trained from scratch on CPU beat the linear techniques and loaded models?  No.

Issue #14's two F1 goals (techniques per paragraph, micro-F1 >= 0.45; loaded-language token F1 on PTC >= 0.40) are
far above what three sessions of linear levers reached (0.368 "deployed", ``techniques_oof.py``; 0.271,
``tools/train_loaded_tagger.py``).  No pretrained language model can be fetched and there is no GPU, so the question
was whether another model class, trained here on one CPU thread, does better on the SAME grouped folds, alone or
averaged with the linear model.  Criterion for shipping it later (numpy inference): >= +0.02 micro-F1 on >= 4/5 folds.

Research only: torch is imported inside the functions, from a separate interpreter (never the package's, never CI's)::

    python3 -m venv --system-site-packages /work/venv-torch && /work/venv-torch/bin/pip install torch==2.13.0  # CPU wheel
    PY="nice -n 10 /work/venv-torch/bin/python benchmarks/research/neural.py"   # PYTHONPATH=<tree>
    $PY data                                   # rows, folds, the linear out-of-fold probabilities (3 min; cached)
    $PY techniques --name cnn200 --config '{"emb_lr":0.1,"filters":200,"dropout":0.3,"weight_decay":1e-5}'  # + "seed":1, 2
    $PY combine --names cnn200,cnn200s1,cnn200s2
    $PY loaded --name cnn --config '{}'        # first run also caches the trainer's data and linear out-of-fold scores (3 min)
    $PY loaded --name gru_s0 --config '{"model":"gru","sentences":true,"batch":32,"seed":0}'  # seeds 1, 2 likewise
    $PY combine_loaded --names gru_s0,gru_s1,gru_s2
    $PY cost

Caches in ``/tmp/framing-research`` (``neural_*``); ``techniques_oof_dense_v2`` from ``techniques_oof.py`` must be there.

Techniques (``framing.training.techniques.Problem``: its rows, labels, GroupKFold(5) over the 419 articles, the
one global threshold per fold chosen on the other folds' out-of-fold probabilities).  Trained on the dense inputs as
read by the shipped tagger, each held-out fold's dense inputs read by its out-of-fold tagger: the "deployed" reading,
whose linear probabilities (``problem.out_of_fold(C, dense, oof)``) are the reference and the ensemble partner.
Model: the paragraph's words (``framing.text.prepare``, first 160) -> 64-d embeddings initialised from the PPMI-SVD
of ``tools/train_loaded_tagger.py:embeddings()`` (15,791 words; the training folds' other words seen twice: random),
fine-tuned at 0.1 x the learning rate -> dropout 0.3 -> 1-D convolutions of widths 1, 2, 3, 200 filters each, ReLU ->
max and mean over the paragraph -> with the 39 standardised dense inputs -> 19 logits.  BCE with square-root
pos_weight, Adam 1e-3, batch 32, weight decay 1e-5; the epoch chosen by micro-F1 on 15 % of the training articles
(GroupShuffleSplit, never the held-out fold), patience 3 (best epochs 2-9).  Figures (micro / macro-F1, each fold's
micro-F1, its delta against the linear reference):

| techniques | micro | macro | folds | delta | better / >= +0.02 |
|---|---|---|---|---|---|
| linear, deployed (reference) | 0.368 | 0.194 | .384 .359 .380 .362 .354 | | |
| CNN seed 0 / 1 / 2 | 0.326 / 0.344 / 0.320 | 0.113 / 0.138 / 0.123 | | | 0/5 each |
| CNN, mean of 3 seeds | 0.339 | 0.124 | .343 .338 .330 .329 .349 | -.040 -.021 -.050 -.032 -.005 | 0/5, 0/5 |
| 0.3 CNN (3 seeds) + 0.7 linear | **0.376** | 0.197 | .386 .369 .389 .369 .368 | +.003 +.010 +.009 +.007 +.015 | 5/5, 0/5 |
| 0.5 CNN (3 seeds) + 0.5 linear | 0.374 | 0.177 | .381 .363 .386 .366 .371 | -.002 +.004 +.007 +.004 +.018 | 4/5, 0/5 |
| 0.7 CNN (3 seeds) + 0.3 linear | 0.369 | 0.154 | | -.015 +.007 -.003 -.002 +.018 | 2/5, 0/5 |
| log-odds mean 0.5 | 0.372 | 0.172 | | -.003 +.005 -.001 +.005 +.016 | 3/5, 0/5 |
| 0.3 CNN (one seed: 0 / 1 / 2) + 0.7 linear | 0.375 / 0.374 / 0.369 | 0.195 / 0.196 / 0.192 | | | 5/5, 4/5, 3/5 better; 0/5 >= +.02 |

Fold 0 trials that chose the model (micro-F1 at each model's own best threshold on the fold, optimistic, comparison
only; linear 0.384, its 0.5 mean with the network 0.382-0.385): CNN 100 filters, embeddings fine-tuned at the full
rate 0.326 (best epoch 3: overfits), frozen 0.329, at 0.1 x 0.345; 200 filters with a 128-unit hidden layer 0.342;
BiGRU 64 units (max and mean pooled) 0.321; 200 filters, dropout 0.3, weight decay 1e-5 0.358 (kept).

Loaded language (the trainer's 283 PTC articles, its ``fold_of`` folds, ``Loaded_Language`` token labels, token F1
of the pooled out-of-fold scores at the threshold and bridge ``best_threshold`` chooses).  Inputs per token: the
64-d embedding (initialised and fine-tuned as above), an 8-d embedding of the ``loaded`` lexicon category, the 5
shape indicators, the 11 word-lexicon features of ``word_lexicons`` (VADER, subjectivity, parts of speech).  CNN:
convolutions of width 5 then 3, 128 filters (whole articles).  BiGRU: 64 units a direction over each sentence
(a BiGRU over whole articles took more than 20 CPU minutes for one fold and was stopped).  Unweighted BCE, Adam 1e-3,
epoch chosen by token F1 on 15 % of the training articles (hash of the id), patience 3.  Ensemble: the linear tagger's
out-of-fold score as the trainer cross-validates it (tokens plus 0.25 x sentence log-odds) plus a x the network's logit.

| loaded (pooled out-of-fold token F1) | P | R | F1 | folds (at the pooled threshold) |
|---|---|---|---|---|
| linear tagger with its sentence classifier (reference) | 0.248 | 0.298 | **0.271** | .276 .263 .273 .242 .307 |
| CNN tagger | 0.208 | 0.270 | 0.235 | .242 .243 .219 .200 .258 |
| linear + 0.25 / 0.5 / 1 x CNN | | | 0.268 / 0.266 / 0.263 | |
| BiGRU over sentences, seed 0 / 1 / 2 | | | 0.234 / 0.242 / 0.236 | |
| BiGRU, mean of the 3 seeds' logits | 0.239 | 0.259 | 0.248 | .264 .261 .232 .204 .267 |
| linear + 0.25 x BiGRU (3 seeds) | 0.260 | 0.280 | 0.270 | .277 .264 .267 .242 .306 |
| linear + 0.5 / 1 x BiGRU (3 seeds) | | | 0.268 / 0.268 | |
| linear + 0.25 / 0.5 / 1 x BiGRU, single seeds | | | 0.267-0.270 / 0.263-0.270 / 0.261-0.269 | |

On fold 0 alone the BiGRU looked useful (0.269 against the linear 0.280 at their own thresholds, ensemble 0.294); over
the five folds it is not: its scale differs from fold to fold (early stopping at epochs 3-8), so one pooled threshold
suits it less than the linear tagger's, and it ranks tokens no better.

Answer: no.  Alone, the networks are 0.03-0.05 (techniques) and 0.02-0.04 (loaded) below the linear models; averaged
with them they add +0.008 micro-F1 to techniques (0.376, better on 5/5 folds but by less than +0.02 on every one) and
nothing to loaded language (0.270 against 0.271).  Nothing here approaches 0.45 or 0.40: with 419 (techniques) and 283
(loaded) articles of supervision and no pretrained encoder, a model learnt from scratch does not find more than the
n-gram and lexicon models already do, which is the evidence that the two goals cannot be met with what this machine
can train.  Not worth shipping either: ``cost`` (numpy, random weights of the measured shapes, an 880-word article,
load 0.7-0.95, one process) puts the techniques CNN at 68 M multiply-adds and 6.6 ms CPU against a 1 ms budget, the
loaded BiGRU at 52 M and 6.8 ms against 836 µs (the loaded CNN: 88 x 128 x 5 + 128 x 128 x 3 = 106 k a token, 93 M an
article); the embedding table alone is 18,400 x 64 float32 = 4.5 MiB (2.25 in float16) against < 1 MiB of room in the
bundle (convolutions and output 0.38 MiB, BiGRU 0.22 MiB).

CPU time (one torch thread, nice 10, load 1-2 on 2 shared cores): techniques 5 folds 285-423 s a seed (about 6 min),
fold-0 trials 25-80 s each (about 10 min); loaded CNN 335 s, BiGRU over sentences 350-389 s a seed, the stopped
whole-article BiGRU 20 min; data caches 3 + 3.5 min; ``cost`` 10 s; in all about 80 CPU minutes.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from common import ROOT, cached  # noqa: F401  (sys.path set up by common)

from framing.corpus.manifest import load_manifest
from framing.model.metrics import multilabel_scores
from framing.text import prepare
from framing.training.components import read_component_data
from framing.training.techniques import FIELDS, Problem

SEED = 0
MAX_TOKENS = 160  # paragraph words kept (the longest paragraphs are cut; 99% are shorter)


# --- data -----------------------------------------------------------------------------------------

def techniques_data() -> dict:
    """Rows, labels, folds, dense inputs and the linear model's out-of-fold probabilities ("deployed")."""

    def build() -> dict:
        manifest = load_manifest(ROOT / "corpus" / "techniques.toml")
        data = read_component_data(manifest)
        problem = Problem(manifest, data)
        oof = cached("techniques_oof_dense_v2", lambda: (_ for _ in ()).throw(SystemExit("run techniques_oof.py first")))
        rows = [json.loads(line) for path in manifest.data for line in open(path, encoding="utf-8")]
        texts = [p[FIELDS["text"]] for r in rows for p in r[FIELDS["paragraphs"]]]
        assert len(texts) == len(problem.y)
        linear = problem.out_of_fold(problem.config.C[0], data.dense, oof)
        return {"words": [prepare(t).words for t in texts], "y": problem.y, "labels": problem.labels,
                "groups": data.groups, "folds": problem.folds, "dense": data.dense, "oof_dense": oof, "linear": linear}

    return cached("neural_techniques_data", build)


def best_global(y: np.ndarray, p: np.ndarray) -> float:
    """The one threshold with the best micro-F1 (the rule of ``Problem.decided``)."""
    from framing.training.heads import best_thresholds

    return float(best_thresholds(y, p, "global")[0])


def decided(y: np.ndarray, p: np.ndarray, folds) -> np.ndarray:
    """As ``Problem.decided``: each fold at the global threshold best on the other folds' probabilities."""
    from framing.model.multilabel import chosen_labels
    from framing.training.heads import best_thresholds

    pred = np.zeros_like(y)
    for train, test in folds:
        pred[test] = chosen_labels(p[test], best_thresholds(y[train], p[train], "global"))
    return pred


def logit_mean(a: np.ndarray, b: np.ndarray, w: float) -> np.ndarray:
    """The probability of ``w`` times ``a``'s log-odds plus ``1 - w`` times ``b``'s."""
    def lo(p):
        p = np.clip(p, 1e-6, 1 - 1e-6)
        return np.log(p / (1 - p))
    return 1 / (1 + np.exp(-(w * lo(a) + (1 - w) * lo(b))))


def report(name: str, y, p, folds, labels, reference=None) -> list[float]:
    pred = decided(y, p, folds)
    s = multilabel_scores(y, pred, labels)
    per = [multilabel_scores(y[t], pred[t], labels)["micro_f1"] for _, t in folds]
    line = f"{name}: micro {s['micro_f1']:.3f} macro {s['macro_f1']:.3f}; folds {' '.join(f'{f:.3f}' for f in per)}"
    if reference is not None:
        d = np.array(per) - np.array(reference)
        line += f"; delta {' '.join(f'{v:+.3f}' for v in d)} ({int((d > 0).sum())}/5 better, {int((d >= 0.02).sum())}/5 >= +0.02)"
    print(line, flush=True)
    return per

# --- techniques: a CNN over word embeddings ---------------------------------------------------------

def embedding_table() -> tuple[list[str], np.ndarray]:
    """The PPMI-SVD embeddings of the loaded tagger's trainer (AllSides text, unlabelled), words and rows."""
    T = trainer()
    emb = T.embeddings()
    words = sorted(emb)
    return words, np.array([emb[w] for w in words], dtype=np.float32)


def trainer():
    from techniques_oof import trainer as load

    return load()


def vocabulary(words: list[list[str]], rows: np.ndarray, known: list[str], min_count: int = 2) -> dict[str, int]:
    """Ids (0 padding, 1 unknown): the embedded words, then the words seen ``min_count`` times in ``rows``."""
    from collections import Counter

    counts = Counter(w for i in rows for w in words[i])
    extra = sorted(w for w, n in counts.items() if n >= min_count and w not in set(known))
    return {w: i + 2 for i, w in enumerate(known + extra)}


def encode(words: list[list[str]], index: dict[str, int], max_tokens: int = MAX_TOKENS) -> list[np.ndarray]:
    return [np.array([index.get(w, 1) for w in ws[:max_tokens]] or [1], dtype=np.int64) for ws in words]


def batch(ids: list[np.ndarray], rows: np.ndarray):
    import torch

    n = max(len(ids[i]) for i in rows)
    out = np.zeros((len(rows), n), dtype=np.int64)
    for j, i in enumerate(rows):
        out[j, :len(ids[i])] = ids[i]
    return torch.from_numpy(out)


def embedding(n_words: int, dim: int, init: np.ndarray):
    """Word embeddings: ids 0 (padding, zero) and 1 (unknown) first, then ``init``'s rows, the rest random."""
    import torch
    from torch import nn

    emb = nn.Embedding(n_words, dim, padding_idx=0)
    with torch.no_grad():
        emb.weight.normal_(0, 1 / np.sqrt(dim))
        emb.weight[2:2 + len(init)] = torch.from_numpy(init)
        emb.weight[0] = 0
    return emb


def over_words(gru, x, ids):
    """``gru`` run over each row of ``x`` up to its last word (``ids`` > 0), padded back to ``ids``' width."""
    from torch import nn

    lengths = (ids > 0).sum(1).clamp(min=1)
    h, _ = gru(nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False))
    return nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=ids.shape[1])[0]


def make_cnn(n_words: int, init: np.ndarray, n_dense: int, n_out: int, filters: int, widths=(1, 2, 3),
             dropout: float = 0.5, dim: int = 64, hidden: int = 0):
    import torch
    from torch import nn

    class CNN(nn.Module):
        def __init__(self):
            super().__init__()
            self.emb = embedding(n_words, dim, init)
            self.convs = nn.ModuleList([nn.Conv1d(dim, filters, w, padding=w - 1) for w in widths])
            self.drop = nn.Dropout(dropout)
            width = 2 * filters * len(widths) + n_dense
            self.hidden = nn.Linear(width, hidden) if hidden else None
            self.out = nn.Linear(hidden or width, n_out)

        def forward(self, ids, dense):
            mask = (ids > 0).float()
            x = self.drop(self.emb(ids)).transpose(1, 2)  # batch, dim, tokens
            pooled = []
            for conv, w in zip(self.convs, [c.kernel_size[0] for c in self.convs]):
                h = torch.relu(conv(x))[:, :, :ids.shape[1]]  # position t: the window ending at t
                m = mask[:, None, :]
                pooled.append((h * m - (1 - m) * 1e4).max(dim=2).values)
                pooled.append((h * m).sum(dim=2) / m.sum(dim=2).clamp(min=1))
            z = self.drop(torch.cat(pooled + [dense], dim=1))
            if self.hidden is not None:
                z = self.drop(torch.relu(self.hidden(z)))
            return self.out(z)

    return CNN()


def make_gru(n_words: int, init: np.ndarray, n_dense: int, n_out: int, units: int, dropout: float = 0.5, dim: int = 64):
    """Embeddings -> one bidirectional GRU layer -> max and mean over tokens (+ dense inputs) -> logits."""
    import torch
    from torch import nn

    class GRU(nn.Module):
        def __init__(self):
            super().__init__()
            self.emb = embedding(n_words, dim, init)
            self.gru = nn.GRU(dim, units, batch_first=True, bidirectional=True)
            self.drop = nn.Dropout(dropout)
            self.out = nn.Linear(4 * units + n_dense, n_out)

        def forward(self, ids, dense):
            mask = (ids > 0).float()[:, :, None]
            h = over_words(self.gru, self.drop(self.emb(ids)), ids)
            pooled = [(h * mask - (1 - mask) * 1e4).max(dim=1).values, (h * mask).sum(1) / mask.sum(1).clamp(min=1)]
            return self.out(self.drop(torch.cat(pooled + [dense], dim=1)))

    return GRU()


def fit_predict_fold(d: dict, train: np.ndarray, test: np.ndarray, known: list[str], init: np.ndarray, cfg: dict,
                     log=print) -> tuple[np.ndarray, dict]:
    """Fit on ``train`` (an inner grouped split of it chooses the epoch), predict ``test`` (dense inputs as deployed)."""
    import torch
    from sklearn.model_selection import GroupShuffleSplit

    torch.manual_seed(cfg.get("seed", SEED))
    rng = np.random.default_rng(cfg.get("seed", SEED))
    y, groups = d["y"].astype(np.float32), d["groups"]
    inner_fit, inner_val = next(GroupShuffleSplit(1, test_size=0.15, random_state=cfg.get("seed", SEED)).split(train, groups=groups[train]))
    fit_rows, val_rows = train[inner_fit], train[inner_val]
    index = vocabulary(d["words"], train, known)
    ids = encode(d["words"], index, cfg.get("max_tokens", MAX_TOKENS))
    use_dense = cfg.get("dense", True)
    mean, scale = d["dense"][train].mean(0), d["dense"][train].std(0) + 1e-6
    def dense_of(matrix, rows):
        x = np.clip((matrix[rows] - mean) / scale, -5, 5) if use_dense else np.zeros((len(rows), 0))
        return torch.from_numpy(x.astype(np.float32))
    n_dense = d["dense"].shape[1] if use_dense else 0
    if cfg.get("model", "cnn") == "gru":
        model = make_gru(len(index) + 2, init, n_dense, y.shape[1], cfg.get("units", 64), cfg.get("dropout", 0.5))
    else:
        model = make_cnn(len(index) + 2, init, n_dense, y.shape[1], cfg["filters"], cfg.get("widths", (1, 2, 3)),
                         cfg.get("dropout", 0.5), hidden=cfg.get("hidden", 0))
    pos = y[fit_rows].mean(0)
    pos_weight = torch.from_numpy(((1 - pos) / np.maximum(pos, 1e-3)) ** cfg.get("balance", 0.5)).float()
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight)
    lr = cfg.get("lr", 1e-3)
    others = [p for n, p in model.named_parameters() if not n.startswith("emb.")]
    groups_ = [{"params": others}] + ([{"params": model.emb.parameters(), "lr": lr * cfg.get("emb_lr", 1.0)}] if cfg.get("emb_lr", 1.0) else [])
    if not cfg.get("emb_lr", 1.0):
        model.emb.weight.requires_grad_(False)
    opt = torch.optim.Adam(groups_, lr=lr, weight_decay=cfg.get("weight_decay", 0.0))
    bs = cfg.get("batch", 32)

    def predict(rows, matrix):
        model.eval()
        out = []
        with torch.no_grad():
            perm = np.argsort([len(ids[i]) for i in rows], kind="stable")
            order = rows[perm]
            for k in range(0, len(order), 256):
                r = order[k:k + 256]
                out.append(torch.sigmoid(model(batch(ids, r), dense_of(matrix, r))).numpy())
        p = np.zeros((len(rows), y.shape[1]))
        p[perm] = np.vstack(out)
        return p

    best, best_state, best_epoch, stale, history = -1.0, None, 0, 0, []
    for epoch in range(cfg.get("epochs", 20)):
        model.train()
        order = rng.permutation(fit_rows)
        # batches of similar lengths (less padding), in random order
        chunks = [order[k:k + bs * 50] for k in range(0, len(order), bs * 50)]
        batches = []
        for c in chunks:
            c = c[np.argsort([len(ids[i]) for i in c], kind="stable")]
            batches += [c[k:k + bs] for k in range(0, len(c), bs)]
        for j in rng.permutation(len(batches)):
            r = batches[j]
            opt.zero_grad()
            loss = loss_fn(model(batch(ids, r), dense_of(d["dense"], r)), torch.from_numpy(y[r]))
            loss.backward()
            opt.step()
        pv = predict(val_rows, d["dense"])
        yv = d["y"][val_rows]
        from framing.model.multilabel import chosen_labels
        f = multilabel_scores(yv, chosen_labels(pv, [best_global(yv, pv)] * yv.shape[1]), d["labels"])["micro_f1"]
        history.append(round(f, 4))
        if f > best:
            best, best_epoch, stale = f, epoch, 0
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
        else:
            stale += 1
            if stale >= cfg.get("patience", 3):
                break
    model.load_state_dict(best_state)
    log(f"  inner validation micro-F1 by epoch {history}; best epoch {best_epoch + 1}")
    return predict(test, d["oof_dense"]), {"epoch": best_epoch + 1, "val": best, "vocabulary": len(index) + 2}


def techniques_cv(cfg: dict, folds_to_run=None) -> np.ndarray:
    import torch

    torch.set_num_threads(1)
    d = techniques_data()
    known, init = embedding_table()
    p = np.full(d["y"].shape, np.nan)
    for k, (train, test) in enumerate(d["folds"]):
        if folds_to_run is not None and k not in folds_to_run:
            continue
        t = time.process_time()
        p[test], info = fit_predict_fold(d, train, test, known, init, cfg)
        print(f"fold {k}: {time.process_time() - t:.0f} s CPU, {info}", flush=True)
    return p

# --- loaded language: a CNN / BiGRU token tagger -------------------------------------------------------

def loaded_data() -> dict:
    """The trainer's PTC articles (words, lexicon categories, shapes, sentences, gold), its word lexicons, and the
    linear tagger's out-of-fold scores as the trainer cross-validates it (tokens plus the sentence classifier)."""
    T = trainer()

    def build() -> dict:
        categories = T.LexiconSet()["loaded"].categories
        data = T.prepared_data(categories)
        embedded = T.embeddings()
        sources = {"embedding": embedded, **T.word_lexicons(set(embedded))}
        models: list = []
        tokens = T.out_of_fold(data, T.CHOSEN, categories, sources, models)
        sentences = T.sentence_out_of_fold(data, models, T.CHOSEN_SENTENCES)
        weight, threshold, bridge, prf = T.best_weight(data["ptc"], tokens, sentences)
        lexical = {k: sources[k] for k in ("vader", "subjectivity", "pos")}
        fields = ("id", "words", "categories", "shapes", "sentences", "spans", "gold", "benchmark_tokens")
        plain = [{k: getattr(d, k) for k in fields} for d in data["ptc"]]  # the trainer's class does not pickle
        return {"docs": plain, "n_categories": len(categories) + 1, "lexical": lexical,
                "linear": T.with_sentences(tokens, sentences, weight), "linear_choice": (weight, threshold, bridge, prf)}

    from types import SimpleNamespace

    out = dict(cached("neural_loaded_data", build))
    out["docs"] = [SimpleNamespace(**d) for d in out["docs"]]
    return out


def make_tagger(n_words: int, init: np.ndarray, n_categories: int, n_extra: int, cfg: dict, dim: int = 64):
    """Per token: [embedding, category embedding, shapes and word-lexicon features] -> convolutions (or a BiGRU) -> logit."""
    import torch
    from torch import nn

    class Tagger(nn.Module):
        def __init__(self):
            super().__init__()
            self.emb = embedding(n_words, dim, init)
            self.cat = nn.Embedding(n_categories, 8)
            width = dim + 8 + n_extra
            self.drop = nn.Dropout(cfg.get("dropout", 0.3))
            units = cfg.get("units", 64)
            if cfg.get("model", "cnn") == "gru":
                self.gru = nn.GRU(width, units, batch_first=True, bidirectional=True)
                self.convs = None
                top = 2 * units
            else:
                self.gru = None
                f = cfg.get("filters", 128)
                self.convs = nn.ModuleList([nn.Conv1d(width, f, cfg.get("width", 5), padding=cfg.get("width", 5) // 2),
                                            nn.Conv1d(f, f, 3, padding=1)])
                top = f
            self.out = nn.Linear(top, 1)

        def forward(self, ids, cats, extra):
            x = self.drop(torch.cat([self.emb(ids), self.cat(cats), extra], dim=2))
            if self.gru is not None:
                h = over_words(self.gru, x, ids)
            else:
                h = x.transpose(1, 2)
                for conv in self.convs:
                    h = torch.relu(conv(h))
                h = h.transpose(1, 2)
            return self.out(self.drop(h))[:, :, 0]

    return Tagger()


def loaded_fold(L: dict, train: list[int], test: list[int], known: list[str], init: np.ndarray, cfg: dict) -> tuple[list, dict]:
    """Fit a tagger on the ``train`` articles (an inner 15 % of them chooses the epoch), score the ``test`` articles."""
    import torch
    from collections import Counter

    T = trainer()
    seed = cfg.get("seed", SEED)
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    docs = L["docs"]
    val = [i for i in train if T.hashlib.sha1(b"inner" + docs[i].id.encode()).digest()[0] % 100 < 15]
    fit_docs = [i for i in train if i not in set(val)]
    counts = Counter(w for i in train for w in docs[i].words)
    kset = set(known)
    index = {w: j + 2 for j, w in enumerate(known + sorted(w for w, n in counts.items() if n >= 2 and w not in kset))}
    lex = L["lexical"]
    widths = [len(next(iter(v.values()))) for v in lex.values()]

    def arrays(d):
        extra = [d.shapes.astype(np.float32)]
        for table, w in zip(lex.values(), widths):
            zero = np.zeros(w)
            extra.append(np.array([table.get(x, zero) for x in d.words], dtype=np.float32).reshape(len(d.words), w))
        return (np.array([index.get(w, 1) for w in d.words], dtype=np.int64), np.asarray(d.categories, dtype=np.int64),
                np.hstack(extra), np.asarray(d.gold, dtype=np.float32))

    held = {i: arrays(docs[i]) for i in train + test}

    def pieces(i):
        """(doc, start, end): the whole article, or each sentence (``cfg["sentences"]``: short GRU sequences)."""
        n = len(docs[i].words)
        if not cfg.get("sentences"):
            return [(i, 0, n)]
        cuts = np.flatnonzero(np.diff(docs[i].sentences)) + 1
        edges = [0] + cuts.tolist() + [n]
        return [(i, s, e) for s, e in zip(edges[:-1], edges[1:]) if e > s]

    def tensors(parts):
        n = max(e - s for _, s, e in parts)
        k = held[parts[0][0]][2].shape[1]
        ids, cats = np.zeros((len(parts), n), dtype=np.int64), np.zeros((len(parts), n), dtype=np.int64)
        extra, y = np.zeros((len(parts), n, k), dtype=np.float32), np.zeros((len(parts), n), dtype=np.float32)
        for j, (i, s, e) in enumerate(parts):
            a = held[i]
            ids[j, :e - s], cats[j, :e - s], extra[j, :e - s], y[j, :e - s] = a[0][s:e], a[1][s:e], a[2][s:e], a[3][s:e]
        return torch.from_numpy(ids), torch.from_numpy(cats), torch.from_numpy(extra), torch.from_numpy(y)

    model = make_tagger(len(index) + 2, init, L["n_categories"], 5 + sum(widths), cfg)
    lr = cfg.get("lr", 1e-3)
    others = [p for n, p in model.named_parameters() if not n.startswith("emb.")]
    opt = torch.optim.Adam([{"params": others}, {"params": model.emb.parameters(), "lr": lr * cfg.get("emb_lr", 0.1)}], lr=lr)
    pw = cfg.get("pos_weight", 1.0)

    def scores(rows):
        model.eval()
        out = []
        with torch.no_grad():
            for i in rows:
                parts = pieces(i)
                ids, cats, extra, _ = tensors(parts)
                logits = model(ids, cats, extra).numpy().astype(np.float64)
                out.append(np.concatenate([logits[j, :e - s] for j, (_, s, e) in enumerate(parts)]))
        return out

    best, state, best_epoch, stale, history = -1.0, None, 0, 0, []
    bs = cfg.get("batch", 4)
    started = time.process_time()
    for epoch in range(cfg.get("epochs", 25)):
        model.train()
        units = [p for i in fit_docs for p in pieces(i)]
        order = [units[j] for j in rng.permutation(len(units))]
        if cfg.get("sentences"):  # batches of sentences of similar length, in random order
            chunks = [sorted(order[k:k + bs * 50], key=lambda p: p[2] - p[1]) for k in range(0, len(order), bs * 50)]
            batches = [c[k:k + bs] for c in chunks for k in range(0, len(c), bs)]
            batches = [batches[j] for j in rng.permutation(len(batches))]
        else:
            batches = [order[k:k + bs] for k in range(0, len(order), bs)]
        for parts in batches:
            ids, cats, extra, y = tensors(parts)
            mask = (ids > 0).float()
            logits = model(ids, cats, extra)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, y, weight=mask * (1 + (pw - 1) * y), reduction="sum") / mask.sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
        vs = scores(val)
        _, _, (_, _, f) = T.best_threshold([docs[i] for i in val], vs)
        history.append(round(f, 3))
        if cfg.get("verbose"):
            print(f"  epoch {epoch + 1}: inner F1 {f:.3f}, {time.process_time() - started:.0f} s CPU", flush=True)
        if f > best:
            best, best_epoch, stale = f, epoch, 0
            state = {k: v.clone() for k, v in model.state_dict().items()}
        else:
            stale += 1
            if stale >= cfg.get("patience", 3):
                break
    model.load_state_dict(state)
    print(f"  inner validation token F1 by epoch {history}; best epoch {best_epoch + 1}", flush=True)
    return scores(test), {"epoch": best_epoch + 1, "val": best}


def loaded_cv(cfg: dict, folds_to_run=None) -> list:
    import torch

    torch.set_num_threads(1)
    T = trainer()
    L = loaded_data()
    known, init = embedding_table()
    docs = L["docs"]
    out: list = [None] * len(docs)
    for f in range(T.FOLDS):
        if folds_to_run is not None and f not in folds_to_run:
            continue
        t = time.process_time()
        train = [i for i, d in enumerate(docs) if T.fold_of(d.id) != f]
        test = [i for i, d in enumerate(docs) if T.fold_of(d.id) == f]
        s, info = loaded_fold(L, train, test, known, init, cfg)
        for i, v in zip(test, s):
            out[i] = v
        print(f"fold {f}: {time.process_time() - t:.0f} s CPU, {info}", flush=True)
    return out


def loaded_report(cfg: dict, neural: list, folds_to_run=None) -> None:
    T = trainer()
    L = loaded_data()
    docs, linear = L["docs"], L["linear"]
    keep = [i for i, s in enumerate(neural) if s is not None]
    D = [docs[i] for i in keep]
    lin = [linear[i] for i in keep]
    neu = [neural[i] for i in keep]
    w, t, b, prf = L["linear_choice"]
    print(f"linear (trainer, sentence weight {w}): threshold {t} bridge {b} P/R/F1 {prf[0]:.3f} {prf[1]:.3f} {prf[2]:.3f} on all 283")
    for name, sc in [("linear", lin), ("neural", neu)] + [(f"linear + {a} x neural", [x + a * y for x, y in zip(lin, neu)])
                                                            for a in (0.25, 0.5, 1.0)]:
        t, b, (p, r, f) = T.best_threshold(D, sc)
        per = []
        for k in range(T.FOLDS):
            rows = [j for j, d in enumerate(D) if T.fold_of(d.id) == k]
            if rows:
                per.append(T.token_f1([D[j] for j in rows], [sc[j] for j in rows], t, b)[2])
        print(f"{name}: threshold {t} bridge {b}: P {p:.3f} R {r:.3f} F1 {f:.3f}; folds {' '.join(f'{v:.3f}' for v in per)}", flush=True)

# --- what numpy inference would cost --------------------------------------------------------------

def numpy_cost(words: int = 880, paragraphs: int = 24, sentences: int = 36, repeats: int = 7) -> None:
    """CPU time of numpy-only inference of the two models (random weights of the measured shapes) on an article of
    ``words`` words (the SemEval-2023 mean: 10,161 paragraphs of 36.4 words over 419 articles), median of ``repeats``."""
    rng = np.random.default_rng(0)
    V, dim = 18400, 64
    emb = rng.standard_normal((V, dim)).astype(np.float32)
    ids = rng.integers(0, V, words)

    # techniques CNN: widths 1, 2, 3 x 200 filters over 64-d embeddings, max and mean per paragraph, 1,239 -> 19
    convs = [rng.standard_normal((dim * w, 200)).astype(np.float32) for w in (1, 2, 3)]
    out = (rng.standard_normal((2 * 600 + 39, 19)) * 0.01).astype(np.float32)
    starts = np.linspace(0, words, paragraphs, endpoint=False).astype(int)

    def techniques():
        x = emb[ids]
        pooled = []
        for w, W in zip((1, 2, 3), convs):
            padded = np.vstack([np.zeros((w - 1, dim), np.float32), x])
            windows = np.hstack([padded[k:k + words] for k in range(w)])  # the window ending at each token
            h = np.maximum(windows @ W, 0)  # (paragraph boundaries ignored: same cost)
            pooled += [np.maximum.reduceat(h, starts), np.add.reduceat(h, starts)]
        z = np.hstack(pooled + [np.zeros((paragraphs, 39), np.float32)])
        return 1 / (1 + np.exp(-(z @ out)))

    # loaded BiGRU: 88 inputs (embedding, category, shapes, lexicons), 64 units a direction, over sentences in parallel
    width, units = 88, 64
    Wi = [rng.standard_normal((width, 3 * units)).astype(np.float32) for _ in range(2)]
    Wh = [rng.standard_normal((units, 3 * units)).astype(np.float32) * 0.1 for _ in range(2)]
    w_out = rng.standard_normal(2 * units).astype(np.float32)
    length = -(-words // sentences)

    def gru():
        x = np.hstack([emb[ids], np.zeros((words, width - dim), np.float32)])
        x = np.vstack([x, np.zeros((sentences * length - words, width), np.float32)]).reshape(sentences, length, width)
        hs = []
        for d in range(2):
            gi = x @ Wi[d]  # all tokens' input projections at once
            h = np.zeros((sentences, units), np.float32)
            steps = range(length) if d == 0 else range(length - 1, -1, -1)
            seq = np.zeros((sentences, length, units), np.float32)
            for t in steps:
                gh = h @ Wh[d]
                r = 1 / (1 + np.exp(-(gi[:, t, :units] + gh[:, :units])))
                z = 1 / (1 + np.exp(-(gi[:, t, units:2 * units] + gh[:, units:2 * units])))
                n = np.tanh(gi[:, t, 2 * units:] + r * gh[:, 2 * units:])
                h = (1 - z) * n + z * h
                seq[:, t] = h
            hs.append(seq)
        return np.concatenate(hs, axis=2) @ w_out

    for name, f, macs in (("techniques CNN", techniques, words * dim * 200 * 6 + paragraphs * 1239 * 19),
                          ("loaded BiGRU", gru, words * 2 * (width + units) * 3 * units + words * 2 * units)):
        times = []
        for _ in range(repeats):
            t = time.process_time()
            f()
            times.append(time.process_time() - t)
        print(f"{name}: {macs / 1e6:.1f} M multiply-adds an article of {words} words; numpy {np.median(times) * 1e3:.1f} ms CPU "
              f"(median of {repeats})", flush=True)
    print(f"arrays: embeddings {V} x {dim} float32 {V * dim * 4 / 2**20:.2f} MiB (float16 {V * dim * 2 / 2**20:.2f}); "
          f"techniques convolutions and output {(sum(W.size for W in convs) + out.size) * 4 / 2**20:.2f} MiB; "
          f"BiGRU {(sum(W.size for W in Wi + Wh) + w_out.size) * 4 / 2**20:.2f} MiB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["data", "techniques", "loaded", "combine", "combine_loaded", "cost"])
    parser.add_argument("--config", default="{}", help="JSON: model settings over the defaults")
    parser.add_argument("--folds", default=None, help="comma-separated fold numbers (default all)")
    parser.add_argument("--names", default="", help="combine: comma-separated cached techniques runs, averaged")
    parser.add_argument("--name", default=None, help="cache the out-of-fold probabilities under this name")
    args = parser.parse_args()
    if args.what == "data":
        t = time.process_time()
        d = techniques_data()
        print(f"data: {len(d['y'])} rows, {len(d['labels'])} labels, {time.process_time() - t:.0f} s CPU")
        n = np.array([len(w) for w in d["words"]])
        print("words per paragraph: mean", n.mean(), "p50/p90/p99/max", np.percentile(n, [50, 90, 99, 100]))
        report("linear deployed", d["y"], d["linear"], d["folds"], d["labels"])
    if args.what == "combine":
        d = techniques_data()
        runs = [cached(f"neural_tech_{n}", lambda: (_ for _ in ()).throw(SystemExit(f"no run {n}"))) for n in args.names.split(",")]
        ref = report("linear deployed", d["y"], d["linear"], d["folds"], d["labels"])
        for n, p in zip(args.names.split(","), runs):
            report(f"neural {n}", d["y"], p, d["folds"], d["labels"], ref)
        p = np.mean(runs, axis=0)
        report(f"neural, mean of {len(runs)} seeds", d["y"], p, d["folds"], d["labels"], ref)
        for w in (0.3, 0.5, 0.7):
            report(f"mean {w} neural ({len(runs)} seeds) + {1 - w:.1f} linear", d["y"], w * p + (1 - w) * d["linear"], d["folds"], d["labels"], ref)
        report("logit mean 0.5", d["y"], logit_mean(p, d["linear"], 0.5), d["folds"], d["labels"], ref)
    if args.what == "combine_loaded":
        runs = [cached(f"neural_loaded_{n}", lambda: (_ for _ in ()).throw(SystemExit(f"no run {n}"))) for n in args.names.split(",")]
        for n, r in zip(args.names.split(","), runs):
            print(f"-- {n}")
            loaded_report({}, r)
        print(f"-- mean of {len(runs)} seeds' logits")
        loaded_report({}, [np.mean(v, axis=0) for v in zip(*runs)])
    if args.what == "cost":
        numpy_cost()
    if args.what == "loaded":
        cfg = json.loads(args.config)
        folds = None if args.folds is None else [int(f) for f in args.folds.split(",")]
        t = time.process_time()
        s = loaded_cv(cfg, folds) if args.name is None else cached(f"neural_loaded_{args.name}", lambda: loaded_cv(cfg, folds))
        print(f"{cfg}: {time.process_time() - t:.0f} s CPU", flush=True)
        loaded_report(cfg, s, folds)
    if args.what == "techniques":
        cfg = {"filters": 100, **json.loads(args.config)}
        folds = None if args.folds is None else [int(f) for f in args.folds.split(",")]
        t = time.process_time()
        p = techniques_cv(cfg, folds) if args.name is None else cached(f"neural_tech_{args.name}", lambda: techniques_cv(cfg, folds))
        print(f"{cfg}: {time.process_time() - t:.0f} s CPU", flush=True)
        d = techniques_data()
        if folds is not None:
            for k in folds:
                test = d["folds"][k][1]
                from framing.model.multilabel import chosen_labels
                for name, q in (("neural", p), ("linear", d["linear"]), ("mean 0.5", (p + d["linear"]) / 2),
                                ("mean 0.3", 0.3 * p + 0.7 * d["linear"]), ("logit mean 0.5", logit_mean(p, d["linear"], 0.5))):
                    f = multilabel_scores(d["y"][test], chosen_labels(q[test], [best_global(d["y"][test], q[test])] * 19), d["labels"])
                    print(f"fold {k} {name}: micro-F1 at its own best threshold (optimistic, for comparison only) {f['micro_f1']:.3f}")
            return
        ref = report("linear deployed", d["y"], d["linear"], d["folds"], d["labels"])
        report("neural", d["y"], p, d["folds"], d["labels"], ref)
        for w in (0.3, 0.5, 0.7):
            report(f"mean {w} neural + {1 - w:.1f} linear", d["y"], w * p + (1 - w) * d["linear"], d["folds"], d["labels"], ref)


if __name__ == "__main__":
    main()
