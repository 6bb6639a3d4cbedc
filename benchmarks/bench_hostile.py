"""Hostile input: the worst input found for each pattern family, timed at 1 MB.

Run: ``python benchmarks/bench_hostile.py [--mb 1]``.  Writes the ``hostile`` section of
benchmarks/RESULTS.md.

Each family of regular expressions (and the quotation-mark reader) is fed a run of the
character or motif that made it quadratic before issue #13 (or, for the families that were
already linear, the worst shape a search over runs of ~130 characters and motifs found).
``framing.score`` is timed on it, in CPU seconds, once warmed up; the figure is seconds per MB.
The tests (``tests/text/test_hostile_text.py``, ``tests/reading/test_hostile_reading.py``)
run the same shapes at 100 kB against a CPU budget.
"""

from __future__ import annotations

import argparse
import time

import framing
from results import machine, write_section

PAGE = "<p>a</p><p>b</p>"
# family: (worst input of n characters, time before #13 where it was quadratic)
WORST = {
    "lines (`_LINE`): a line of white space": (lambda n: "x\n" + " " * n + "\ny", "9 s at 40 kB"),
    "sentences (terminator): a run of periods": (lambda n: "He said " + "." * n + " said.", "12 s at 20 kB, >2 min at 50 kB"),
    "sentences: ellipses (each becomes `...`)": (lambda n: "He said " + "\u2026" * (n // 3) + " said.", "11 s at 8,000 ellipses"),
    "sentences: periods then closing quotes": (lambda n: "a" + "." * (n // 2) + "'" * (n // 2) + "a", "quadratic"),
    "HTML tokens: unclosed tags after the last `>`": (lambda n: PAGE + "<a" * (n // 2), "0.25 s at 40 kB (quadratic)"),
    "HTML tokens: spaces without a line break": (lambda n: PAGE + "\t" * n + "x", "1.2 s at 40 kB (quadratic)"),
    "HTML detection: unclosed `<p`": (lambda n: "<p" * (n // 2), "0.25 s at 40 kB (quadratic)"),
    "double quotes: `. \"` repeated (nested opening marks)": (lambda n: '. "' * (n // 3), "16 s at 60 kB"),
    "double quotes: a run of marks": (lambda n: '"' * n, ""),
    "single quotes: ` 'a'` repeated": (lambda n: " 'a'" * (n // 4), ""),
    "normalisation: combining marks": (lambda n: "a" + "\u0301" * n, ""),
    "boilerplate: icon names": (lambda n: "iconarrow " * (n // 10), ""),
    "words: apostrophes": (lambda n: "a'" * (n // 2), ""),
    "speakers: `\"Ab,\" said Cd.` repeated": (lambda n: '"Ab," said Cd. ' * (n // 15), ""),
    "mentions: capitalised words": (lambda n: "Ab " * (n // 3), ""),
    "reporting verbs: `said` repeated": (lambda n: "said " * (n // 5), ""),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=1.0)
    args = parser.parse_args()
    n = int(args.mb * 1_000_000)
    framing.score("Warm up. He said \"no\".")
    rows = []
    for family, (make, before) in WORST.items():
        text = make(n)
        start = time.process_time()
        framing.score(text)
        seconds = time.process_time() - start
        rows.append(f"| {family} | {seconds / (len(text) / 1e6):.2f} | {before or '-'} |")
        print(rows[-1], flush=True)
    body = "\n".join([
        "## Hostile input (`framing.score`, worst input per pattern family)",
        "",
        f"Machine: {machine()}.",
        f"Command: `python benchmarks/bench_hostile.py --mb {args.mb:g}` (CPU seconds, one run each, after a warm-up).",
        "",
        "| family: worst input found | s/MB now | before #13 |",
        "|---|---|---|",
        *rows,
    ])
    write_section("hostile", body)


if __name__ == "__main__":
    main()
