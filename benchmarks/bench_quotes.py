"""Direct quotations against BASIL's quote annotations and hand-checked seed speakers.

Run: ``python benchmarks/bench_quotes.py``.  Writes the ``quotes`` section of
benchmarks/RESULTS.md.

BASIL (Fan et al., 2019) marks bias spans with ``quote: yes`` when they stand in
a quotation, with the ``speaker``.  Nothing here is trained on BASIL, so all
255 articles are held out.  Figures:

* recall: share of ``quote: yes`` spans that lie inside a detected quotation;
* precision over annotated spans: of the BASIL spans (quote yes or no) that lie
  inside a detected quotation, the share annotated ``quote: yes`` - a lower
  bound-ish check that detected quotations are quotations, on the text the
  annotators read (unannotated text says nothing either way);
* speakers: for quote spans found inside a quotation whose BASIL speaker is a
  named person, the share whose quotation has a speaker, and of those the share
  whose speaker is that person (surname match, pronouns resolved).

The seed check lists, for the five seed articles, the speakers a reader finds
for the direct quotations (by name only; no quoted text).
"""

from __future__ import annotations

import statistics
import time
from bisect import bisect_right
from pathlib import Path

import framing
from results import ROOT, machine, read_jsonl, write_section

# (seed, speaker substring) of every direct quotation in the seeds, checked by hand.
SEED_SPEAKERS = [
    ("001", "publication's authors"),
    ("001", "Tencent's reporters"),
    ("002", "Nozdrev"),
    ("003", "Abe"),
    ("003", "a government source"),
    ("003", "a senior Japanese foreign ministry official"),
    ("003", "a diplomatic source"),
    ("004", "the Chinese publication"),
    ("004", "NetEase experts"),
    ("004", "Chinese commentators"),
]
SEEDS = ROOT.parent / "shared" / "seeds"


def _inside(spans: list[tuple[int, int, str]], starts: list[int], start: int, end: int):
    """The detected quotation holding ``[start, end)``, or None."""
    i = bisect_right(starts, start) - 1
    if i >= 0 and spans[i][1] >= end:
        return spans[i]
    return None


def _person_surname(speaker: str) -> str:
    """Surname of a BASIL speaker that names one person ("Donald_Trump"), else ""."""
    parts = speaker.split("_")
    if speaker.startswith("other_") or len(parts) < 2 or not all(p[:1].isupper() for p in parts):
        return ""
    if parts[-1].lower() in {"campaign", "lawmakers", "democrats", "republicans", "administration", "officials", "house"}:
        return ""
    return parts[-1]


def basil(extractor: framing.Extractor) -> dict:
    rows = list(read_jsonl("basil/articles.jsonl"))
    quote_spans = in_quote = annotated_inside = yes_inside = 0
    named = with_speaker = right_speaker = 0
    n_quotes = n_attributed = 0
    start_time = time.perf_counter()
    for row in rows:
        feats = extractor.extract(row["text"])
        quotes = sorted((e.start, e.end, e.attrs.get("speaker", "")) for e in feats.spans("quote"))
        n_quotes += len(quotes)
        n_attributed += sum(1 for q in quotes if q[2])
        starts = [q[0] for q in quotes]
        for span in row["spans"]:
            found = _inside(quotes, starts, span["start"], span["end"])
            is_quote = span["quote"] == "yes"
            if found is not None:
                annotated_inside += 1
                yes_inside += is_quote
            if not is_quote:
                continue
            quote_spans += 1
            if found is None:
                continue
            in_quote += 1
            surname = _person_surname(span["speaker"])
            if surname:
                named += 1
                if found[2]:
                    with_speaker += 1
                    right_speaker += surname.lower() in found[2].lower()
    seconds = time.perf_counter() - start_time
    return {
        "articles": len(rows),
        "quote_spans": quote_spans,
        "recall": in_quote / quote_spans,
        "in_quote": in_quote,
        "annotated_inside": annotated_inside,
        "precision": yes_inside / annotated_inside,
        "named": named,
        "with_speaker": with_speaker / named,
        "right_speaker": right_speaker / with_speaker,
        "quotes_per_article": n_quotes / len(rows),
        "attributed": n_attributed / n_quotes,
        "ms_per_article": 1000 * seconds / len(rows),
    }


def seeds(extractor: framing.Extractor) -> tuple[int, list[str]]:
    files = {p.name[:3]: p for p in SEEDS.glob("*.txt")}
    if not files:
        return 0, ["seed articles not found"]
    found = 0
    missed = []
    for key, expected in SEED_SPEAKERS:
        speakers = [e.attrs.get("speaker", "") for e in extractor.extract(files[key].read_text(encoding="utf-8")).spans("quote")]
        if any(expected in s for s in speakers):
            found += 1
        else:
            missed.append(f"{key}: {expected}")
    return found, missed


def main() -> None:
    extractor = framing.Extractor(families=["quote"])
    b = basil(extractor)
    found, missed = seeds(extractor)
    body = f"""## Direct quotations (`quote` family)

Machine: {machine()}.
Command: `python benchmarks/bench_quotes.py` (no training: all of BASIL is held out).

| BASIL, {b['articles']} articles | value |
|---|---|
| recall: `quote: yes` spans inside a detected quotation | {b['recall']:.3f} ({b['in_quote']} of {b['quote_spans']}) |
| precision over annotated spans: spans inside a detected quotation that BASIL marks `quote: yes` | {b['precision']:.3f} (of {b['annotated_inside']}) |
| quote spans by a named person whose quotation has a speaker | {b['with_speaker']:.3f} (of {b['named']}) |
| ... and the speaker is that person (surname) | {b['right_speaker']:.3f} |
| quotations per article; share attributed | {b['quotes_per_article']:.1f}; {b['attributed']:.3f} |

Seed articles: {found} of {len(SEED_SPEAKERS)} hand-checked quotation speakers found{'' if not missed else ' (missed: ' + ', '.join(missed) + ')'}.

BASIL's `quote: yes` also covers some reported speech without quotation marks, which this
family does not count as a direct quotation, so recall is bounded below 1 by design.
"""
    write_section("quotes", body)
    print(body)


if __name__ == "__main__":
    main()
