"""Persuasion techniques per paragraph (SemEval-2023 Task 3 subtask 3): grouped-CV figures and cost.

Trains the ``techniques`` part from ``corpus/techniques.toml`` exactly as ``framing train`` does
(GroupKFold over articles, one threshold chosen on the other folds) and reports its figures
beside the n-grams-alone baseline of ``benchmarks/research/techniques.py``; then times
``framing.techniques`` on AllSides articles (CPU ms per article, median of several runs).

Usage: ``python benchmarks/bench_techniques.py [--n 300] [--repeats 5] [--no-write]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.results import ROOT, machine, read_jsonl, write_section  # noqa: E402
import framing  # noqa: E402
from framing.corpus.manifest import load_manifest  # noqa: E402
from framing.training.components import read_component_data, train_component  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    from threadpoolctl import threadpool_limits

    manifest = load_manifest(ROOT / "corpus" / "techniques.toml")
    started = time.perf_counter()
    with threadpool_limits(1):
        component = train_component(manifest, read_component_data(manifest), lambda m: None, False)
    train_s = time.perf_counter() - started
    cv = component.spec["metrics"]["grouped_cv"]
    per = sorted(cv["f1"].items(), key=lambda kv: -kv[1])

    texts = [r["text"] for r in islice(read_jsonl("allsides/media_valid.jsonl.gz"), args.n)]
    pipeline = framing.pipeline_for()
    readings = [pipeline.read(t) for t in texts]
    evidence = [pipeline.extractor.extract_reading(r).evidence for r in readings]
    times = []
    for _ in range(args.repeats):
        start = time.process_time()
        for r, e in zip(readings, evidence):
            pipeline._techniques(r, e)
        times.append((time.process_time() - start) / len(texts) * 1000)

    body = f"""## Persuasion techniques per paragraph (SemEval-2023 Task 3, subtask 3)

Machine: {machine()}.
Command: `python benchmarks/bench_techniques.py --n {args.n} --repeats {args.repeats}`.

{component.spec['paragraphs']:,} paragraphs of {component.spec['articles']} articles (`../shared/datasets/semeval2023_techniques`,
research use only), GroupKFold({cv['folds']}) over articles, one threshold for all techniques chosen on the other folds.
Trained in {train_s:.0f} s.

| measure | value |
|---|---|
| micro-F1 over (paragraph, technique) pairs (goal ≥ 0.45) | **{cv['micro_f1']:.3f}** (not met) |
| the same counting the techniques too rare to learn as missed | {cv['micro_f1_all_techniques']:.3f} |
| macro-F1 over the {len(component.spec['labels'])} techniques learnt | {cv['macro_f1']:.3f} |
| word 1-2-gram TF-IDF alone, same folds (`benchmarks/research/techniques.py`) | 0.333 |
| with the article's other paragraphs stacked in (research, not shipped) | 0.369 |
| `framing.techniques` on {args.n} AllSides articles, CPU ms per article (median of {args.repeats}; after reading) | {statistics.median(times):.2f} |

F1 per technique: {", ".join(f"{k} {v:.2f}" for k, v in per)}.

The issue quotes about 0.37 for a TF-IDF logistic regression on the held-back articles, and the
best English systems of SemEval-2023 (fine-tuned transformers) in the high 0.3s on the official
test set. The paragraph inputs (feature-layer evidence per paragraph, style cues, the article's
rates) add 0.03 to the n-grams; a linear model over them stays well below the goal of 0.45.
"""
    print(body)
    if not args.no_write:
        write_section("techniques", body)


if __name__ == "__main__":
    main()
