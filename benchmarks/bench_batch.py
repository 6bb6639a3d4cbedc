"""Batch scoring at scale: worker processes, flat memory, the CLI on a corpus, Dask.

Four measures, each against a reference timed in the same run (the machine is shared: medians
of ``--repeats`` runs, ratios rather than absolute speeds):

1. ``Pipeline.pipe(n_jobs=2)`` against one process on ``--n`` AllSides articles: wall-time
   speed-up, and the CPU seconds of parent and workers (what the workers cost beyond the
   scoring itself); per-article CPU cost and worker start-up extrapolated to 16 and 64 cores.
2. Peak resident memory of a child process streaming 1,000 and ``--many`` articles
   (media_valid repeated) through ``framing.pipe`` (results dropped as they come).
3. ``framing score corpus.jsonl --jobs 2`` on ``--n`` records: seconds to the first output line,
   and its throughput against the API's ``pipe(n_jobs=2)``.
4. ``framing.dask.score_dataframe`` on a LocalCluster of 2 worker processes against
   ``pipe(n_jobs=2)`` (needs the dask extra).

Usage: ``python benchmarks/bench_batch.py [--n 2000] [--many 100000] [--repeats 3] [--no-write]``
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from itertools import cycle, islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.results import machine, read_jsonl, write_section  # noqa: E402
import framing  # noqa: E402


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_pipe(texts: list[str], n_jobs: int) -> tuple[float, float, float]:
    """Wall seconds, parent CPU seconds and worker CPU seconds of scoring ``texts``."""
    pipeline = framing.pipeline_for()
    wall, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
    for _ in pipeline.pipe(texts, show_progress=False, n_jobs=n_jobs, batch_size=32):
        pass
    return time.perf_counter() - wall, time.process_time() - cpu, _children_cpu() - children


def worker_start_seconds() -> tuple[float, float]:
    """Wall seconds to start a pool of 2 workers and score one tiny batch each (paid once per run),
    and the CPU seconds per worker."""
    pipeline = framing.pipeline_for()
    start, children = time.perf_counter(), _children_cpu()
    list(pipeline.pipe(["A first.", "A second."], show_progress=False, n_jobs=2, batch_size=1))
    return time.perf_counter() - start, (_children_cpu() - children) / 2


def load_seconds() -> float:
    """CPU seconds to load and verify the shipped bundle (what a spawned worker pays before its first article)."""
    from framing.model import find_bundle, load

    start = time.process_time()
    load(find_bundle())
    return time.process_time() - start


_MEMORY_CHILD = textwrap.dedent("""
    import gzip, json, resource, sys
    from itertools import cycle, islice
    import framing
    n = int(sys.argv[1])
    texts = [json.loads(l)["text"] for l in gzip.open(sys.argv[2], "rt", encoding="utf-8")]
    for _ in framing.pipe(islice(cycle(texts), n), show_progress=False):
        pass
    # VmHWM: this process's own peak (ru_maxrss keeps the peak of the process it was forked from)
    try:
        print(next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")))
    except OSError:
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
""")


def peak_rss_mib(n: int) -> float:
    from benchmarks.results import DATASETS

    run = subprocess.run([sys.executable, "-c", _MEMORY_CHILD, str(n), str(DATASETS / "allsides" / "media_valid.jsonl.gz")],
                         capture_output=True, text=True, check=True)
    return int(run.stdout.split()[-1]) / 1024


def cli_run(path: Path, jobs: int) -> tuple[float, float, float]:
    """Seconds to the first output line and to the end of ``framing score PATH --jobs N``, and
    the lines per second from the first line to the last (the throughput once started)."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "framing.cli", "score", str(path), "--id-key", "id", "--jobs", str(jobs)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    first = last = None
    lines = 0
    for _ in proc.stdout:
        last = time.perf_counter() - start
        first = last if first is None else first
        lines += 1
    proc.wait()
    steady = (lines - 1) / (last - first) if lines > 1 and last > first else float("nan")
    return first or float("nan"), time.perf_counter() - start, steady


def dask_seconds(texts: list[str], repeats: int) -> float | None:
    """Median wall seconds of scoring ``texts`` as a dask DataFrame on a 2-process LocalCluster (the
    cluster started and the bundle loaded before the clock, as for ``pipe``)."""
    try:
        import dask.dataframe as dd
        import pandas as pd
        from dask.distributed import Client, LocalCluster

        import framing.dask
    except ImportError:
        return None
    frame = pd.DataFrame({"text": texts})
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(cluster) as client:
        client.run(lambda: framing.pipeline_for())  # each worker loads the bundle once, before the clock
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            framing.dask.score_dataframe(dd.from_pandas(frame, npartitions=8, sort=False)).compute()
            times.append(time.perf_counter() - start)
        return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--many", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    rows = list(read_jsonl("allsides/media_valid.jsonl.gz"))
    texts = [r["text"] for r in islice(cycle(rows), args.n)]
    framing.score(texts[0])  # load the bundle before any clock
    runs: dict[int, list[tuple[float, float, float]]] = {1: [], 2: []}
    for _ in range(args.repeats):
        for n_jobs in (1, 2):
            runs[n_jobs].append(timed_pipe(texts, n_jobs))
    wall = {k: statistics.median(r[0] for r in v) for k, v in runs.items()}
    cpu = {k: statistics.median(r[1] + r[2] for r in v) for k, v in runs.items()}
    parent2 = statistics.median(r[1] for r in runs[2])
    workers2 = statistics.median(r[2] for r in runs[2])
    starts = [worker_start_seconds() for _ in range(args.repeats)]
    start, start_cpu = statistics.median(s[0] for s in starts), statistics.median(s[1] for s in starts)
    load_s = statistics.median(load_seconds() for _ in range(args.repeats))
    per_article = cpu[1] / args.n
    overhead = (cpu[2] - cpu[1]) / args.n

    def projected(cores: int) -> float:
        """Articles per second on ``cores`` workers: each worker's CPU per article as measured (the
        scoring and its share of the overhead), capped by what one parent receives per second."""
        return min(cores * args.n / workers2, args.n / max(parent2, 1e-9))

    small, large = peak_rss_mib(1000), peak_rss_mib(args.many)

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        corpus.write_text("".join(json.dumps({"id": f"r{i}", "text": t}) + "\n" for i, t in enumerate(texts)), encoding="utf-8")
        cli = [cli_run(corpus, 2) for _ in range(args.repeats)]
    first_line = statistics.median(c[0] for c in cli)
    cli_total = statistics.median(c[1] for c in cli)
    cli_steady = statistics.median(c[2] for c in cli)
    dask_s = dask_seconds(texts, args.repeats)

    load = os.getloadavg()[0]
    body = f"""## Batch scoring (`pipe(n_jobs)`, memory, CLI on a corpus, Dask)

Machine: {machine()}.
Command: `python benchmarks/bench_batch.py --n {args.n} --many {args.many} --repeats {args.repeats}` (medians of {args.repeats}).

| measure | value |
|---|---|
| `pipe`, one process, {args.n:,} AllSides articles, wall s | {wall[1]:.2f} ({args.n / wall[1]:.0f} articles/s) |
| `pipe(n_jobs=2)`, wall s | {wall[2]:.2f} ({args.n / wall[2]:.0f} articles/s) |
| speed-up of 2 workers (goal ≥ 1.7×) | **{wall[1] / wall[2]:.2f}×** |
| CPU s, one process / 2 workers + parent | {cpu[1]:.2f} / {cpu[2]:.2f} (parent {parent2:.2f}: feeding the workers, taking in their results) |
| CPU per article / overhead of workers per article | {1000 * per_article:.2f} ms / {1000 * overhead:+.2f} ms |
| starting 2 workers (fork) and a first batch: wall s / CPU s per worker | {start:.2f} / {start_cpu:.3f} (a spawned worker would first load the bundle: {load_s:.2f} CPU s) |
| CPU per article in a worker (2 workers) / in the parent | {1000 * workers2 / args.n:.2f} ms / {1000 * parent2 / args.n:.3f} ms |
| projected from these, 16 / 64 cores, articles/s | {projected(16):,.0f} / {projected(64):,.0f} (workers CPU-bound; one parent takes in {args.n / max(parent2, 1e-9):,.0f} results/s, its ceiling) |
| peak RSS streaming 1,000 / {args.many:,} articles (goal within 1.2×) | {small:.0f} MiB / {large:.0f} MiB (**{large / small:.2f}×**) |
| `framing score corpus.jsonl --jobs 2`, {args.n:,} records: first line after | **{first_line:.2f} s** (goal ≤ 2 s) |
| the same, whole run against `pipe(n_jobs=2)` (goal within 10 %) | {cli_total:.2f} s vs {wall[2]:.2f} s (**{cli_total / wall[2]:.2f}×**, the CLI's includes start-up and writing) |
| the same, lines per second from its first line to its last, against `pipe(n_jobs=2)` | {cli_steady:.0f} vs {args.n / wall[2]:.0f} articles/s ({args.n / wall[2] / cli_steady:.2f}×) |
| Dask LocalCluster, 2 worker processes, against `pipe(n_jobs=2)` (goal ≤ 1.3×) | {f"{dask_s:.2f} s (**{dask_s / wall[2]:.2f}×**)" if dask_s is not None else "dask not installed"} |

Load average at the end of the run: {load:.1f}.
"""
    print(body)
    if not args.no_write:
        write_section("batch", body)


if __name__ == "__main__":
    main()
