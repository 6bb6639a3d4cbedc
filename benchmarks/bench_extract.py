"""Speed and memory of ``framing.extract`` on AllSides articles, one core.

Run: ``python benchmarks/bench_extract.py [--n 2000] [--repeats 5]``.
Writes the ``extract`` section of benchmarks/RESULTS.md.  The reference in the
same run is a 1-2-gram TF-IDF transform of the same articles, so the ratio is
comparable across machines even where the absolute figures are not.
"""

from __future__ import annotations

import argparse
import itertools
import resource
import statistics
import time
import tracemalloc

from sklearn.feature_extraction.text import TfidfVectorizer

import framing
from results import machine, median_time, read_jsonl, write_section


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=2000, help="articles (the first n of media_train)")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    texts = [r["text"] for r in itertools.islice(read_jsonl("allsides/media_train.jsonl.gz"), args.n)]
    words = statistics.median(len(t.split()) for t in texts)
    extractor = framing.Extractor()
    extractor.extract(texts[0])  # lexicons compiled before timing

    t_extract = median_time(lambda: [extractor.extract(t) for t in texts], args.repeats)
    tfidf = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit(texts)
    t_tfidf = median_time(lambda: tfidf.transform(texts), args.repeats)

    tracemalloc.start()
    for t in texts[:200]:
        extractor.extract(t)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    # Linear time in the article's size: 1 MB versus 10 MB of article text.
    joined = "\n\n".join(texts)
    sizes = {}
    for mb in (1, 10):
        big = (joined * (mb * 2**20 // len(joined) + 1))[: mb * 2**20]
        start = time.perf_counter()
        extractor.extract(big)
        sizes[mb] = time.perf_counter() - start

    rate = len(texts) / t_extract
    rate_tfidf = len(texts) / t_tfidf
    body = f"""## Feature extraction speed (`framing.extract`)

Machine: {machine()}.
Command: `python benchmarks/bench_extract.py --n {args.n} --repeats {args.repeats}` (medians of {args.repeats} runs, one process, one core).
Articles: the first {len(texts)} of AllSides `media_train` (median {words:.0f} words).

| measure | value |
|---|---|
| `extract`, articles/s | **{rate:,.0f}** (goal ≥ 2,000) |
| reference: 1-2-gram TF-IDF `transform`, articles/s | {rate_tfidf:,.0f} |
| ratio extract / TF-IDF | {rate / rate_tfidf:.2f} |
| peak Python allocations while extracting (tracemalloc, 200 articles) | {peak / 2**20:.1f} MiB |
| process peak RSS (whole benchmark, TF-IDF included) | {rss:.0f} MiB |
| one 1 MB article | {sizes[1]:.2f} s |
| one 10 MB article | {sizes[10]:.2f} s (ratio {sizes[10] / sizes[1]:.1f}: linear is 10) |
"""
    write_section("extract", body)
    print(body)


if __name__ == "__main__":
    main()
