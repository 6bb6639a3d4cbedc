"""Model heads: grouped-CV and held-out figures, ablations, training cost.

Run: ``python benchmarks/bench_models.py [--heads ideology frames genre] [--no-ablation] [--save]``.
Writes the ``models`` section of benchmarks/RESULTS.md with ``--save``.

Each variant is trained in a child process (so its peak memory is its own)
with the hyper-parameters of its manifest in corpus/: ``declared`` as the
manifest says (what ships), ``both`` with feature-layer values and n-grams,
``features`` without n-grams, ``ngrams`` without feature-layer values.
Figures come from the bundle the training writes: ``grouped`` is GroupKFold
over the outlet (and duplicate clusters), the figure to quote; ``random`` is a
shuffled split, for comparison; ``held-out`` are files the head never saw
(AllSides media_valid: other outlets).  Scoring speed: ``bench_scoring.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import results

WORK = results.ROOT / "benchmarks" / "_work" / "models"
CORPUS = results.ROOT / "corpus"
VARIANTS = {
    "declared": {},
    "both": {"use_features": True, "use_ngrams": True},
    "features": {"use_features": True, "use_ngrams": False},
    "ngrams": {"use_features": False, "use_ngrams": True},
}
CHILD = """
import json, resource, sys, time
from framing.training import train
corpus, out, head, overrides = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
start = time.perf_counter()
train(corpus, out=out, head=head, overrides=overrides, show_progress=False)
print(json.dumps({"seconds": time.perf_counter() - start, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def manifest_of(head: str) -> Path:
    """The manifest of a head: shipped (corpus/) or not (corpus/not_shipped/)."""
    from framing.corpus import find_manifests

    return next(m.path for folder in (CORPUS, CORPUS / "not_shipped") for m in find_manifests(folder) if m.head == head)


def train_variant(head: str, variant: str) -> dict:
    out = WORK / f"{head}-{variant}"
    shutil.rmtree(out, ignore_errors=True)  # a fresh bundle: train() would keep an old one's other heads
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(manifest_of(head)), str(out), head, json.dumps(VARIANTS[variant])],
        capture_output=True, text=True, check=True,
    )
    cost = json.loads(done.stdout.strip().splitlines()[-1])
    spec = json.loads((out / "bundle.json").read_text())["heads"][head]
    return {**cost, "metrics": spec["metrics"], "multilabel": spec["multilabel"], "C": spec["hyperparameters"]["C_selected"],
            "n": spec["n_articles"], "groups": spec["n_groups"], "duplicates": spec["n_duplicates"]}


def figure(metrics: dict, split: str, multilabel: bool) -> str:
    m = metrics.get(split)
    if not m:
        return "-"
    return f"{m['micro_f1']:.3f} / {m['macro_f1']:.3f}" if multilabel else f"{m['macro_f1']:.3f} ({m['accuracy']:.3f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heads", nargs="+", default=["ideology", "frames", "genre"])
    parser.add_argument("--no-ablation", action="store_true", help="train only the declared configuration")
    parser.add_argument("--save", action="store_true", help="write the models section of RESULTS.md")
    args = parser.parse_args()

    rows = []
    for head in args.heads:
        for variant in (["declared"] if args.no_ablation else list(VARIANTS)):
            r = train_variant(head, variant)
            rows.append((head, variant, r))
            print(head, variant, json.dumps({k: v for k, v in r.items() if k != "metrics"}), flush=True)

    lines = [
        f"Machine: {results.machine()}. Command: `python benchmarks/bench_models.py"
        + (" --no-ablation" if args.no_ablation else "") + f" --heads {' '.join(args.heads)} --save`.",
        "",
        "Single-label heads: macro-F1 (accuracy); multi-label heads: micro-F1 / macro-F1. "
        "`grouped`: GroupKFold over outlet and duplicate clusters, the figure to quote; "
        "`random`: shuffled folds, for comparison (it lets the model learn the outlets); "
        "`held-out`: files never trained on. Training time and peak memory per variant, one process.",
        "",
        "| head | inputs | articles (groups) | C | grouped | random | held-out | train s | peak MB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for head, variant, r in rows:
        ml = r["multilabel"]
        lines.append(
            f"| {head} | {variant} | {r['n']} ({r['groups']}) | {r['C']:g} | {figure(r['metrics'], 'grouped_cv', ml)} | "
            f"{figure(r['metrics'], 'random_cv', ml)} | {figure(r['metrics'], 'heldout', ml)} | {r['seconds']:.0f} | {r['peak_mb']:.0f} |"
        )
    lines += ["", f"Load average at the end of the run: {os.getloadavg()[0]:.1f} (training times on a busy machine overstate the cost)."]
    print("\n".join(lines))
    if args.save:
        results.write_section("models", "## Models (issue 3)\n\n" + "\n".join(lines))


if __name__ == "__main__":
    main()
