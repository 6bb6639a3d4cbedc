"""Scoring speed: ``score_many`` with the shipped bundle, and ``framing score FILE`` from a cold start.

Run: ``python benchmarks/bench_scoring.py [--n 1000] [--repeats 5] [--save]``.
Writes the ``scoring`` section of benchmarks/RESULTS.md with ``--save``.

``score_many`` scores AllSides articles with every head of the default bundle
and the evidence of every feature family, on one core.  The reference, timed in
turn with it in the same run, is a 1-2-gram TF-IDF transform of the same
articles (the reference of the ``extract`` benchmark): the issue's goal of
1,000 articles/s was set where that transform ran at about 2,000/s, so the
ratio to reach is 0.5.  Times are CPU time of the process (medians over
``--repeats`` runs), which a busy machine disturbs far less than wall time;
the cold start is wall time of a fresh process (median of 5).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from itertools import islice

from sklearn.feature_extraction.text import TfidfVectorizer

import results
from framing import load_model, score_many

EXAMPLE = results.ROOT / "corpus" / "examples" / "harbour_dispute.txt"


def cpu_seconds(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="articles (the first n of media_train)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--save", action="store_true", help="write the scoring section of RESULTS.md")
    args = parser.parse_args()

    texts = [row["text"] for row in islice(results.read_jsonl("allsides/media_train.jsonl.gz"), args.n)]
    model = load_model(None)
    score_many(texts[:20], model, show_progress=False)
    tfidf = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit(texts)
    runs = [(cpu_seconds(lambda: score_many(texts, model, show_progress=False)), cpu_seconds(lambda: tfidf.transform(texts)))
            for _ in range(args.repeats)]
    t_score = statistics.median(r[0] for r in runs)
    t_tfidf = statistics.median(r[1] for r in runs)

    cold = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "framing.cli", "score", str(EXAMPLE)], capture_output=True, check=True)
        cold.append(time.perf_counter() - start)

    lines = [
        f"Machine: {results.machine()}.",
        f"Command: `python benchmarks/bench_scoring.py --n {args.n} --repeats {args.repeats} --save`.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| `score_many`, default bundle (all heads, with evidence), {args.n} AllSides articles, articles/s of CPU time "
        f"(median of {args.repeats}) | **{args.n / t_score:.0f}** |",
        f"| 1-2-gram TF-IDF transform of the same articles, timed in turn, articles/s | {args.n / t_tfidf:.0f} |",
        f"| ratio `score_many` / TF-IDF (the goal of 1,000/s against ~2,000/s is 0.5) | **{t_tfidf / t_score:.2f}** |",
        f"| `framing score FILE` cold start, wall s (median of 5) | **{statistics.median(cold):.2f}** |",
        "",
        f"Load average at the end of the run: {os.getloadavg()[0]:.1f}.",
    ]
    print("\n".join(lines))
    if args.save:
        results.write_section("scoring", "## Scoring speed (`score_many`, `framing score`)\n\n" + "\n".join(lines))


if __name__ == "__main__":
    main()
