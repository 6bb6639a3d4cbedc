"""Does a small neural network trained from scratch on CPU beat the linear techniques and loaded models?

(Figures: see the end of this docstring, filled in as measured.)
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["data"])
    args = parser.parse_args()
    if args.what == "data":
        t = time.process_time()
        d = techniques_data()
        print(f"data: {len(d['y'])} rows, {len(d['labels'])} labels, {time.process_time() - t:.0f} s CPU")
        n = np.array([len(w) for w in d["words"]])
        print("words per paragraph: mean", n.mean(), "p50/p90/p99/max", np.percentile(n, [50, 90, 99, 100]))
        report("linear deployed", d["y"], d["linear"], d["folds"], d["labels"])


if __name__ == "__main__":
    main()
