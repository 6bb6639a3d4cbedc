"""Rebuilding the shipped bundle: wall time, CPU time and peak memory of ``framing train corpus/``.

Run: ``python benchmarks/bench_training.py`` (about 7 minutes on 2 cores; needs ../shared/datasets).
Writes the ``training`` section of benchmarks/RESULTS.md.

The training runs in a child process (its peak memory is its own) into
``benchmarks/_work/training/default``; the section also says whether the
files it wrote are byte-identical to ``models/default`` (same corpus, same
seed, same code: they should be).
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import time

import results
from results import machine, write_section

OUT = results.ROOT / "benchmarks" / "_work" / "training" / "default"
SHIPPED = results.ROOT / "models" / "default"


def main() -> None:
    shutil.rmtree(OUT, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "framing.cli", "train", str(results.ROOT / "corpus"), "--out", str(OUT)],
                   check=True)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    meta = json.loads((OUT / "bundle.json").read_text())
    same = sorted(p.name for p in OUT.iterdir()) == sorted(p.name for p in SHIPPED.iterdir()) and all(
        p.read_bytes() == (SHIPPED / p.name).read_bytes() for p in OUT.iterdir()
    )
    heads = meta["heads"]
    rows = [
        f"| ideology | {heads['ideology']['n_articles']:,} articles, {heads['ideology']['n_groups']} outlets | "
        f"macro-F1 {heads['ideology']['metrics']['grouped_cv']['macro_f1']:.3f} (outlets held out), "
        f"{heads['ideology']['metrics']['heldout']['macro_f1']:.3f} (media_valid) |",
        f"| frames | {heads['frames']['n_articles']} articles | micro-F1 {heads['frames']['metrics']['grouped_cv']['micro_f1']:.3f}, "
        f"macro-F1 {heads['frames']['metrics']['grouped_cv']['macro_f1']:.3f} (articles held out) |",
    ]
    stance = meta["stance"]
    claims, actors = stance["claim_stance"], stance["actor_stance"]
    rows.append(f"| claim_stance | {sum(claims['pairs'].values()):,} pairs | FNC-1 score "
                f"{100 * claims['metrics']['bodies_held_out']['score']:.2f} % of the maximum (bodies held out) |")
    rows.append(f"| actor_stance | {sum(actors['rows'].values())} actors | macro-F1 "
                f"{actors['metrics']['groups_held_out']['macro_f1']:.3f} (events held out) |")
    body = f"""## Training the shipped bundle (`framing train corpus/`)

Machine: {machine()}.
Command: `python benchmarks/bench_training.py` (runs `framing train corpus/` in a child process).

| measure | value |
|---|---|
| wall time | **{wall / 60:.1f} min** (goal ≤ 10 min) |
| CPU time (user + system) | {(usage.ru_utime + usage.ru_stime) / 60:.1f} min (cross-validation folds run on 2 threads) |
| peak resident memory | **{usage.ru_maxrss / 2**20:.2f} GiB** ({usage.ru_maxrss * 1024 / 1e9:.2f} GB; goal ≤ 4 GB) |
| files byte-identical to `models/default` | {"yes" if same else "no"} |

| head | trained on | measured while training |
|---|---|---|
{chr(10).join(rows)}
"""
    print(body)
    write_section("training", body)


if __name__ == "__main__":
    main()
