"""Hostile input: the worst input found for each pattern family, timed at 1 MB.

Run: ``python benchmarks/bench_hostile.py [--mb 1]``.  Writes the ``hostile`` section of
benchmarks/RESULTS.md.  ``--scan`` instead times runs of ~310 characters and motifs at
50 and 100 kB and prints those whose time more than doubles (none, since #13): how the
shapes below were found.

Each family of regular expressions (and the quotation-mark reader) is fed a run of the
character or motif that made it quadratic before issue #13 (or, for the families that were
already linear, the worst shape a search over runs of ~130 characters and motifs found).
``framing.score`` is timed on it, in CPU seconds, once warmed up; the figure is seconds per MB.
The tests (``tests/text/test_hostile_text.py``, ``tests/reading/test_hostile_reading.py``)
run the same shapes at 100 kB against a CPU budget.
"""

from __future__ import annotations

import argparse
import os
import random
import time

import framing
from results import machine, write_section

PAGE = "<p>a</p><p>b</p>"
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def varied(n: int, piece) -> str:
    """``n`` characters of ``piece(rng)`` one after the other, drawn with a fixed seed: a run whose
    windows all differ, so that nothing read around one cue was read around another before."""
    rng = random.Random(13)
    parts, size = [], 0
    while size < n:
        parts.append(piece(rng))
        size += len(parts[-1])
    return "".join(parts)


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
    "single quotes: ` 'a'` repeated": (lambda n: " 'a'" * (n // 4), "2.4 s at 1 MB (quadratic, in C)"),
    "normalisation: combining marks": (lambda n: "a" + "\u0301" * n, ""),
    "boilerplate: icon names": (lambda n: "iconarrow " * (n // 10), ""),
    "words: apostrophes": (lambda n: "a'" * (n // 2), ""),
    "speakers: `\"Ab,\" said Cd.` repeated": (lambda n: '"Ab," said Cd. ' * (n // 15), ""),
    "mentions: capitalised words": (lambda n: "Ab " * (n // 3), ""),
    "reporting verbs: `said` repeated": (lambda n: "said " * (n // 5), ""),
    "reporting verbs: `-said` repeated (glued to the word before)": (lambda n: "-said" * (n // 5), "8.2 s at 400 kB (quadratic)"),
    "reporting verbs: `told` repeated": (lambda n: "told " * (n // 5), ""),
    "reporting verbs: `said x said y …` (random letters: every speaker phrase new)":
        (lambda n: varied(n, lambda rng: "said " + rng.choice(LETTERS) + " "), ""),
    "speakers: `Xb said` (random capitalised names)":
        (lambda n: varied(n, lambda rng: rng.choice(LETTERS).upper() + "b said "), ""),
    "double quotes: `\"\"a` repeated (each pair of marks a quotation)": (lambda n: '""a' * (n // 3), ""),
    "double quotes: `. \"x` (random letters)": (lambda n: varied(n, lambda rng: '. "' + rng.choice(LETTERS)), ""),
}


MOTIFS = [
    " ", "\t", "\n", " \n", "\n ", "\n\n", ".", "!", "?", ". ", ".\n", "'", '"', "A", "a", "-", ",", ":", ";", "<", "<p>",
    "<!--", "<script>", "&", "&amp", "{{", "{", "\u0301", "a\u0301", "\u00a0", "\u2014", "\u2026", "\r", "A ", "a ", "A. ",
    "Mr. ", "A.", "a.", "a'", "'a", "' ", '"a', 'a"', '" ', " '", "A-", "A'", "icon ", "by ", "of ", "the ", "said ", '"A," ',
    "A B ", "A\t", "1", "1 ", "$1 ", "not ", "n't ", ", a ", "'s ", "A of ", "A and ", "U.S. ", "(", ")", "[", ")(", "_",
    "\u00e9", "\u4e2d", "\U0001F600", "http://a", "#", "@", "*", "a\n", "A\n", '."', "!'", '. "', "Mr.", "S. ", "St. ",
    "News ", "A News ", "Sea of ", "according to ", "reports from ", "said A ", "A said ", '"A" ', "'A' ", "copyright ",
    "photo: ", "updated 2024 ", "Jan 1, 2024 ", "arrow icon ", "subscribe ", "newsletter ", "follow us on ", "president ",
    "the president of ", "\u0300\u0301", "\ufeff", "\u200b", "<a", "<p", " 'a'", "Ab ", "Ab, a ", "slammed by ",
    # cue words glued to what stands before them
    *(sep + cue for sep in ["-", "/", ";", ".", "(", ",", "'", '"', ":", ")", "\u2014", "", "\n", "!"]
      for cue in ["said", "told", "'a", '"a', "Ab", "according to", "not", "he", "of", "Sea", "News", "Mr.", "who", "and"]),
]
WRAPS = [("x\n", "\ny"), ("He said ", " said."), (PAGE, ""), ("", "")]


def scan(n: int = 50_000) -> None:
    """Print the motif runs whose scoring time more than doubles from ``n`` to ``2 n`` characters."""
    framing.score("Warm up.")
    for motif in MOTIFS:
        for pre, post in WRAPS:
            times = []
            for size in (n, 2 * n):
                text = pre + motif * (size // len(motif)) + post
                start = time.process_time()
                framing.score(text)
                times.append(time.process_time() - start)
            if times[1] > 0.1 and times[1] > 2.6 * max(times[0], 1e-3):
                print(f"super-linear: {motif!r} wrapped in {pre!r}: {times[0]:.3f} s -> {times[1]:.3f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--scan", action="store_true", help="look for super-linear shapes instead")
    args = parser.parse_args()
    if args.scan:
        scan()
        return
    n = int(args.mb * 1_000_000)
    framing.score("Warm up. He said \"no\".")
    rows, per_mb = [], {}
    for family, (make, before) in WORST.items():
        text = make(n)
        start = time.process_time()
        framing.score(text)
        per_mb[family] = (time.process_time() - start) / (len(text) / 1e6)
        rows.append(f"| {family} | {per_mb[family]:.2f} | {before or '-'} |")
        print(rows[-1], flush=True)
    repeated = {f: t for f, t in per_mb.items() if "random" not in f}
    varied = {f: t for f, t in per_mb.items() if "random" in f}
    body = "\n".join([
        "## Hostile input (`framing.score`, worst input per pattern family)",
        "",
        f"Machine: {machine()}; load average {os.getloadavg()[0]:.1f} when run.",
        f"Command: `python benchmarks/bench_hostile.py --mb {args.mb:g}` (CPU seconds, one run each, after a warm-up).",
        "",
        "| family: worst input found | s/MB now | before #13 |",
        "|---|---|---|",
        *rows,
        "",
        "Every family grows linearly: `--scan` finds no run of its ~310 characters and motifs whose time",
        "more than doubles from 50 to 100 kB. The text layer's worst inputs (lines, sentences, HTML,",
        "normalisation, boilerplate, words) score in about 1 s per MB or less. The reading layer does bounded work per",
        "cue (a speaker walk of at most 10 words around each reporting verb, a pairing per quotation mark),",
        "made cheaper after #13: a speaker walk is recalled when the same window of text was walked before,",
        "the quotation marks of the whole text are read at once with numpy (from 512 marks on), and a quotation with no verb or",
        "labelling stem within reach gets no speaker without the rules being tried. An input made of one",
        f"cue repeated now costs at most {max(repeated.values()):.2f} s per MB (it was up to 3.5). Runs whose",
        "windows all differ (one-letter words drawn at random between the verbs) would walk every cue afresh,",
        "each speaker phrase new to the per-phrase caches (about 14 µs a verb): the speaker is looked for in",
        "the first `MAX_SPEAKER_SEARCHES` (10,000) verbs of an article only, far above any real one (the",
        f"datasets have under 200), and these runs cost up to {max(varied.values()):.2f} s per MB. `score` pauses Python's",
        "cyclic garbage collector over reading and scoring (they make no cycles), which would otherwise walk",
        "the hundreds of thousands of per-cue results of such inputs (a fifth to a third of their time). On a busy machine the",
        "figures run high (the load average is given above).",
    ])
    write_section("hostile", body)


if __name__ == "__main__":
    main()
