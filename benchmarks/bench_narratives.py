"""Narratives and subnarratives (SemEval-2025 Task 10 subtask 2): samples-F1 by grouped CV, and what they cost.

Trains the ``narratives`` and ``subnarratives`` heads from ``corpus/`` into a temporary
bundle, exactly as ``framing train corpus/`` does, and reads the figures training records:
both heads decided together (:mod:`framing.model.hierarchy`), on GroupKFold folds that keep
near-duplicate articles together, with thresholds chosen on the other folds only; labels too
rare to learn count as missed.  Beside them, the trivial baseline ("Other" for every article)
and the heads decided apart (each with its own thresholds, no hierarchy).

Cost: ``Pipeline.pipe`` over AllSides articles with the shipped bundle, against the same
bundle without the two heads, timed in turn (median of several runs; ratio and difference).

Usage: ``python benchmarks/bench_narratives.py [--n 300] [--repeats 5] [--no-write]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.results import ROOT, machine, read_jsonl, write_section  # noqa: E402
from framing import Pipeline, load_model  # noqa: E402
from framing.model.hierarchy import samples_f1  # noqa: E402
from framing.training import train  # noqa: E402

HEADS = ["narratives", "subnarratives"]


def baseline(field: str) -> float:
    rows = list(read_jsonl("semeval2025_narratives/articles.jsonl"))
    return float(np.mean([2 / (len(r[field]) + 1) if "Other" in r[field] else 0.0 for r in rows]))


def cost(n: int, repeats: int) -> tuple[float, float]:
    """Milliseconds per article with and without the narrative heads (medians, timed in turn)."""
    texts = [r["text"] for r in islice(read_jsonl("allsides/media_valid.jsonl.gz"), n)]
    full = Pipeline()
    without = Pipeline()  # a Pipeline loads its own copy of the bundle: its heads can be dropped
    for name in HEADS:
        without.model.heads.pop(name)
        without.model.hierarchies.pop(name, None)
    times: dict[str, list[float]] = {"with": [], "without": []}
    for _ in range(repeats):
        for key, pipeline in (("without", without), ("with", full)):
            start = time.process_time()
            for _ in pipeline.pipe(texts, show_progress=False):
                pass
            times[key].append((time.process_time() - start) / len(texts) * 1000)
    return statistics.median(times["with"]), statistics.median(times["without"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="AllSides articles timed")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--no-write", action="store_true", help="print, do not update RESULTS.md")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        out = train(ROOT / "corpus", out=Path(tmp) / "narratives", head=HEADS, show_progress=False, log=lambda m: None)
        train_s = time.perf_counter() - started
        model = load_model(out)
        metrics = {h: model.heads[h].info["metrics"] for h in HEADS}
        info = {h: model.heads[h].info for h in HEADS}
    with_ms, without_ms = cost(args.n, args.repeats)

    rows = []
    for h in HEADS:
        joint, apart = metrics[h]["grouped_cv_joint"], metrics[h]["grouped_cv"]
        rows.append(f"| {h} | {len(info[h]['labels'])} (+{len(info[h].get('labels_not_learnt', []))} too rare) | "
                    f"**{joint['samples_f1']:.3f}** | {joint['micro_f1']:.3f} | {joint['macro_f1']:.3f} | "
                    f"{apart['micro_f1']:.3f} | {baseline(h):.3f} |")
    goal_n, goal_s = metrics["narratives"]["grouped_cv_joint"]["samples_f1"], metrics["subnarratives"]["grouped_cv_joint"]["samples_f1"]
    body = f"""## Narratives and subnarratives (SemEval-2025 Task 10, subtask 2)

Machine: {machine()}.
Command: `python benchmarks/bench_narratives.py --n {args.n} --repeats {args.repeats}`.

{info['narratives']['n_articles']} English articles (`../shared/datasets/semeval2025_narratives`, research use only), grouped 5-fold CV
that keeps near-duplicates together ({info['narratives']['n_groups']} groups); the two heads decided together, thresholds chosen
on the other folds; labels too rare to learn (fewer than 5 articles) count as missed. Trained in {train_s:.0f} s.

| head | labels learnt | samples-F1 (official) | micro-F1 | macro-F1 | micro-F1 decided apart | "Other" for all, samples-F1 |
|---|---|---|---|---|---|---|
{chr(10).join(rows)}

Goals of issue 11: narratives ≥ 0.60 ({'met' if goal_n >= 0.60 else 'not met'}), subnarratives ≥ 0.45 ({'met' if goal_s >= 0.45 else 'not met'}).
The trivial baseline is higher here than the ≈ 0.27 the issue quotes for the official test set: 42 % of these articles are Other.
Inputs: word 1-2-grams only. The feature layer was tried and lowered the figures (benchmarks/research/narratives.py:
all features 0.45 / 0.42, at a fifth of their weight 0.48 / 0.43, at a twentieth 0.56 / 0.47; character 3-5-grams 0.57 / 0.49).
What limits the heads most is telling Other apart (AUC 0.85): with Other known, the same probabilities would give 0.73 / 0.60.

| cost per article, `Pipeline.pipe`, {args.n} AllSides articles, CPU ms (median of {args.repeats}, timed in turn) | value |
|---|---|
| shipped bundle | {with_ms:.2f} |
| the same without the two heads | {without_ms:.2f} |
| added by the narrative heads | **{with_ms - without_ms:+.2f} ms** (goal ≤ +1 ms with the entity roles) |
"""
    print(body)
    if not args.no_write:
        write_section("narratives", body)


if __name__ == "__main__":
    main()
