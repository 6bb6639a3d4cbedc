"""Speed and memory of ``framing.extract`` on AllSides articles, one core.

Run: ``python benchmarks/bench_extract.py [--n 2000] [--repeats 5]``.
Writes the ``extract`` section of benchmarks/RESULTS.md.  The reference in the
same run is a 1-2-gram TF-IDF transform of the same articles, timed in turn
with ``extract`` (one run of each, ``--repeats`` times), so the ratio holds on
a loaded machine and is comparable across machines where the absolute figures
are not.  Times are the CPU time of the process (``time.process_time``): the
same as wall time on a quiet machine, and far less disturbed by other jobs on
a busy one.  Linear time is checked on single articles of 1, 2, 5 and 10 MB,
the first megabytes of AllSides articles one after the other (median of 3
runs each), so that the vocabulary grows with the text as in a real long
document; and on 10 MB made of the first megabyte ten times (one run), where
only the size grows.
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
from framing.text import prepare
from results import machine, read_jsonl, write_section


def breakdown(extractor: framing.Extractor, texts: list[str]) -> dict[str, float]:
    """Seconds per article of each step: ``prepare`` with the text analyses the families share
    (words, vocabulary and its word index, sentences, paragraphs), then each family in turn.
    An analysis of the :class:`~framing.reading.Reading` that several families read is charged to the first that asks."""
    totals = dict.fromkeys(["prepare"] + [f.name for f in extractor.families], 0.0)
    for text in texts:
        start = time.process_time()
        doc = prepare(text)
        _ = doc.vocabulary, doc.sentences, doc.paragraphs
        reading = extractor.read(doc)
        totals["prepare"] += time.process_time() - start
        for family in extractor.families:
            start = time.process_time()
            family.extract(reading)
            totals[family.name] += time.process_time() - start
    return {name: total / len(texts) for name, total in totals.items()}


def timed(fn) -> float:
    """CPU seconds of one call of ``fn``."""
    start = time.process_time()
    fn()
    return time.process_time() - start


def extract_time(extractor: framing.Extractor, text: str) -> float:
    """CPU seconds to extract the features of one article."""
    return timed(lambda: extractor.extract(text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=2000, help="articles (the first n of media_train)")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    texts = [r["text"] for r in itertools.islice(read_jsonl("allsides/media_train.jsonl.gz"), args.n)]
    words = statistics.median(len(t.split()) for t in texts)
    extractor = framing.Extractor()
    extractor.extract(texts[0])  # lexicons compiled before timing
    tfidf = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit(texts)

    runs = [(timed(lambda: [extractor.extract(t) for t in texts]), timed(lambda: tfidf.transform(texts))) for _ in range(args.repeats)]
    t_extract = statistics.median(r[0] for r in runs)
    t_tfidf = statistics.median(r[1] for r in runs)
    steps = [breakdown(extractor, texts) for _ in range(3)]
    steps = {name: statistics.median(s[name] for s in steps) for name in steps[0]}

    tracemalloc.start()
    for t in texts[:200]:
        extractor.extract(t)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    # Linear time in the article's size: the first megabytes of the articles one after the
    # other (the vocabulary grows with the text), and one megabyte repeated (only the size grows).
    pool = "\n\n".join(r["text"] for r in itertools.islice(read_jsonl("allsides/media_train.jsonl.gz"), 4000))
    sizes = {mb: statistics.median(extract_time(extractor, pool[: mb * 2**20]) for _ in range(3)) for mb in (1, 2, 5, 10)}
    repeated = extract_time(extractor, pool[: 2**20] * 10)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    rate = len(texts) / t_extract
    rate_tfidf = len(texts) / t_tfidf
    size_rows = "\n".join(f"| one {mb} MB article ({mb} MB of articles) | {t:.2f} s ({t / mb:.2f} s/MB) |" for mb, t in sizes.items())
    step_rows = "\n".join(f"| {name} | {seconds * 1e6:,.0f} |" for name, seconds in steps.items())
    body = f"""## Feature extraction speed (`framing.extract`)

Machine: {machine()}.
Command: `python benchmarks/bench_extract.py --n {args.n} --repeats {args.repeats}` (medians of {args.repeats} runs, one process, one core; `extract` and the TF-IDF reference timed in turn).
Articles: the first {len(texts)} of AllSides `media_train` (median {words:.0f} words).

| measure | value |
|---|---|
| `extract`, articles/s | **{rate:,.0f}** |
| reference: 1-2-gram TF-IDF `transform`, articles/s | {rate_tfidf:,.0f} |
| ratio extract / TF-IDF (the goal, 2,000/s where TF-IDF ran at ~2,000/s, is 1.0) | **{rate / rate_tfidf:.2f}** |
| peak Python allocations while extracting (tracemalloc, 200 articles) | {peak / 2**20:.1f} MiB |
| process peak RSS (whole benchmark, TF-IDF and the 10 MB articles included) | {rss:.0f} MiB |
{size_rows}
| ratio 10 MB / 1 MB | {sizes[10] / sizes[1]:.1f} (linear is 10) |
| one 10 MB article: its first megabyte ten times | {repeated:.2f} s |

Where the time goes, µs per article (median of 3 passes; `prepare` includes the
word pass, vocabulary and word index, sentences and paragraphs; an analysis
shared by several families is charged to the first that asks for it: the
hedge/booster pass to `hedge`, quotation marks to `report_verb`, speakers to
`quote`):

| step | µs/article |
|---|---|
{step_rows}

The text layer finds the word tokens in one numpy pass over the characters and
numbers the words as it collects them; every lexicon matcher then looks its
first words up in that index, so matching takes time linear in the article
whatever the number of distinct words (matchers that search the whole text
once per distinct word grow faster than the text).  The rest is Python walking
each cue, speaker and quotation of the article.
"""
    write_section("extract", body)
    print(body)


if __name__ == "__main__":
    main()
