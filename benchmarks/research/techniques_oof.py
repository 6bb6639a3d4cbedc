"""How much the techniques head's grouped-CV figure owes to the loaded tagger having seen the articles.

The techniques head reads loaded-language inputs (the feature layer's loaded spans, the tagger's
pooled token scores) that come from the shipped loaded tagger, trained on the 283 PTC articles, all
of them among the 419 SemEval-2023 articles the head is trained and cross-validated on.  This
script fits, for each of the head's own GroupKFold(5) folds, a tagger on the PTC articles outside
the fold (``tools/train_loaded_tagger.py``'s chosen configuration, its sentence classifier
included; weight, threshold and bridge as shipped) and reads the fold's articles with it, so that
no article is read by a tagger that saw it.  Three figures, same folds, same design as
``framing train`` (``corpus/techniques.toml``), one global threshold chosen on the other folds:

* ``shipped``: every row read by the shipped tagger (what ``framing train`` reports);
* ``deployed``: the model trained on rows read by the shipped tagger, as shipped, scoring the
  held-out fold read by its out-of-fold tagger: what the shipped model does on articles no tagger
  saw (the held-back articles);
* ``honest``: training and held-out rows all read by out-of-fold taggers.

Usage: ``nice -n 10 python benchmarks/research/techniques_oof.py`` (about 15 min on 2 cores; the
out-of-fold readings are cached in ``/tmp/framing-research``).

Figures (2026-12-06, tagger with its sentence classifier, techniques with the tagger pools),
micro / macro-F1, each fold's micro-F1, and the same over the 136 articles not in PTC:

| reading | micro | macro | folds | not in PTC |
|---|---|---|---|---|
| ``shipped`` | 0.389 | 0.199 | 0.398 0.381 0.399 0.379 0.385 | 0.334 / 0.156 |
| ``deployed`` | **0.368** | 0.194 | 0.384 0.359 0.380 0.362 0.354 | 0.329 / 0.154 |
| ``honest`` | 0.365 | 0.192 | 0.376 0.362 0.375 0.362 0.351 | 0.325 / 0.154 |

So the figure ``framing train`` reports is 0.02 optimistic, while training on rows read by the
shipped tagger costs nothing on articles it did not see (``deployed`` against ``honest``).
"""

from __future__ import annotations

import importlib.util
import json
import sys

import numpy as np

from common import ROOT, cached  # noqa: F401  (sys.path set up by common)

from framing.corpus.manifest import load_manifest
from framing.features import Extractor
from framing.lexicons import LexiconSet
from framing.model.metrics import multilabel_scores
from framing.reading import LoadedTagger
from framing.techniques.inputs import INPUT_NAMES, paragraph_inputs
from framing.training.components import read_component_data
from framing.training.techniques import FIELDS, JOIN, Problem


def trainer():
    spec = importlib.util.spec_from_file_location("train_loaded_tagger", ROOT / "tools" / "train_loaded_tagger.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    spec.loader.exec_module(module)
    return module


def read_rows(rows: list[dict], extractor: Extractor) -> np.ndarray:
    """The dense inputs of every paragraph of ``rows`` (articles), read with ``extractor``'s tagger."""
    dense = []
    for row in rows:
        texts = [p[FIELDS["text"]] for p in row[FIELDS["paragraphs"]]]
        spans, at = [], 0
        for t in texts:
            spans.append((at, at + len(t)))
            at += len(t) + len(JOIN)
        reading = extractor.read(JOIN.join(texts))
        dense.append(paragraph_inputs(reading, extractor.extract_reading(reading).evidence, spans)[0])
    return np.vstack(dense)


def out_of_fold_dense(manifest, groups: np.ndarray, folds) -> np.ndarray:
    """Every paragraph's dense inputs read by a tagger fitted without its fold's articles."""
    T = trainer()
    categories = LexiconSet()["loaded"].categories
    data = T.prepared_data(categories)
    embedded = T.embeddings()
    sources = {"embedding": embedded, **T.word_lexicons(set(embedded))}
    shipped = LoadedTagger.load()
    weight = json.loads(shipped.stem.with_suffix(".json").read_text())["sentence_classifier"]["weight"]
    rows = [json.loads(line) for path in manifest.data for line in open(path, encoding="utf-8")]
    row_of = {str(r[FIELDS["id"]]): r for r in rows}
    order = list(dict.fromkeys(groups.tolist()))
    out = np.zeros((len(groups), len(INPUT_NAMES)))
    for k, (_, test) in enumerate(folds):
        held = set(groups[test].tolist())
        docs = [a for a in data["ptc"] if str(a.id) not in held]
        print(f"fold {k}: tagger fitted on {len(docs)} PTC articles", flush=True)
        design, model = T.fit(docs, T.labels_of(docs, T.CHOSEN), T.CHOSEN, categories, sources)
        sentences = T.fit_sentences(design, docs, T.CHOSEN_SENTENCES)
        tagger, _ = T.tagger_of(design, model, categories, shipped.threshold, shipped.bridge, sentences, weight)
        articles = [a for a in order if a in held]
        out[np.isin(groups, articles)] = read_rows([row_of[a] for a in articles], Extractor(tagger=tagger))
    return out


def main() -> None:
    manifest = load_manifest(ROOT / "corpus" / "techniques.toml")
    data = read_component_data(manifest)
    problem = Problem(manifest, data)
    y, labels, C = problem.y, problem.labels, problem.config.C[0]
    oof = cached("techniques_oof_dense_v2", lambda: out_of_fold_dense(manifest, data.groups, problem.folds))
    ptc = {str(json.loads(line)["id"]) for line in open(ROOT.parent / "shared" / "datasets" / "ptc" / "articles.jsonl")}
    clean = ~np.isin(data.groups, sorted(ptc))
    for name, dense, held_out in (("shipped", data.dense, data.dense), ("deployed", data.dense, oof), ("honest", oof, oof)):
        pred = problem.decided(problem.out_of_fold(C, dense, held_out))
        per_fold = [multilabel_scores(y[test], pred[test], labels)["micro_f1"] for _, test in problem.folds]
        s, c = multilabel_scores(y, pred, labels), multilabel_scores(y[clean], pred[clean], labels)
        print(f"{name}: micro {s['micro_f1']:.3f} macro {s['macro_f1']:.3f}; folds {' '.join(f'{f:.3f}' for f in per_fold)}; "
              f"the {int(len(np.unique(data.groups[clean])))} articles not in PTC: micro {c['micro_f1']:.3f} macro {c['macro_f1']:.3f}",
              flush=True)


if __name__ == "__main__":
    main()
