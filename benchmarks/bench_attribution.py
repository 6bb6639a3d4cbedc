"""Attribution kinds, checked by hand on AllSides validation articles.

Run: ``python benchmarks/bench_attribution.py``.  Writes the ``attribution``
section of benchmarks/RESULTS.md.

No dataset labels sourcing, so the developer checked a sample by hand: 10
attributions of each kind, drawn at random (seeds in :data:`DRAW`) from the
attributions the family found in 300 random ``media_valid`` articles that had
not been read while writing the rules, with the rules frozen (commit ec6c596).
An attribution is right when the span attributes a statement or view to a
source and its kind (named, anonymous, relayed, vague) is right; a named
source resolved to the wrong person counts as wrong.  This is precision only:
the sample says nothing about attributions the family misses.  Offsets index
the article text; no article text is stored here.
"""

from __future__ import annotations

import framing
from results import machine, read_jsonl, write_section

DRAW = "rows: random.seed(9) over media_valid rows outside two earlier development samples; items: random.seed(10)"
# (row of media_valid, start, end, kind found, right?, why not)
CHECKED = [
    (1047, 4700, 4722, "named", True, ""),
    (1532, 1156, 1181, "named", True, ""),
    (2048, 4330, 4345, "named", True, ""),
    (2149, 687, 734, "named", True, ""),
    (1039, 2167, 2266, "named", True, ""),
    (1859, 1382, 1397, "named", True, ""),
    (556, 6346, 6354, "named", False, "pronoun resolved to the wrong person"),
    (1740, 4872, 4901, "named", True, ""),
    (631, 6772, 6780, "named", True, ""),
    (68, 2070, 2090, "named", True, ""),
    (606, 995, 1059, "anonymous", True, ""),
    (1120, 1597, 1614, "anonymous", False, "not a statement (officials declare an emergency)"),
    (107, 2877, 2915, "anonymous", True, ""),
    (1509, 2205, 2229, "anonymous", True, ""),
    (790, 1958, 1983, "anonymous", True, ""),
    (1562, 1287, 1324, "anonymous", True, ""),
    (802, 1779, 1822, "anonymous", True, ""),
    (1262, 3498, 3512, "anonymous", True, ""),
    (1047, 1640, 1658, "anonymous", True, ""),
    (1993, 1727, 1777, "anonymous", True, ""),
    (128, 3281, 3304, "relayed", True, ""),
    (758, 1806, 1833, "relayed", True, ""),
    (179, 228, 243, "relayed", True, ""),
    (1047, 5592, 5608, "relayed", True, ""),
    (1863, 1492, 1555, "relayed", False, "cue is a participle of another clause"),
    (1673, 2358, 2375, "relayed", True, ""),
    (1882, 2058, 2088, "relayed", True, ""),
    (843, 1073, 1088, "relayed", True, ""),
    (387, 89, 117, "relayed", True, ""),
    (1031, 1730, 1743, "relayed", False, "an editor's note, not a source"),
    (1464, 2663, 2701, "vague", True, ""),
    (1213, 859, 878, "vague", False, "generic statement (how people feel)"),
    (387, 6557, 6598, "vague", False, "generic statement (make people doubt)"),
    (2138, 444, 474, "vague", True, ""),
    (2006, 443, 451, "vague", True, ""),
    (1494, 9619, 9637, "vague", True, ""),
    (1078, 7600, 7628, "vague", True, ""),
    (1083, 1165, 1207, "vague", False, "one specific expert, not a vague collective"),
    (627, 3342, 3360, "vague", False, "a section heading of the outlet's own economists"),
    (1292, 4435, 4450, "vague", True, ""),
]
KINDS = ["named", "anonymous", "relayed", "vague"]


def main() -> None:
    rows = list(read_jsonl("allsides/media_valid.jsonl.gz"))
    extractor = framing.Extractor(families=["attribution"])
    found: dict[int, set[tuple[int, int, str]]] = {}
    for row in sorted({c[0] for c in CHECKED}):
        found[row] = {(e.start, e.end, e.detail) for e in extractor.extract(rows[row]["text"]).spans("attribution")}
    lines = []
    total_right = total = 0
    for kind in KINDS:
        items = [c for c in CHECKED if c[3] == kind]
        still = [c for c in items if (c[1], c[2], c[3]) in found[c[0]]]
        right = sum(c[4] for c in still)
        total_right += right
        total += len(still)
        lines.append(f"| {kind} | {right} of {len(still)} | {len(still)} of {len(items)} |")
    errors = sorted({c[5] for c in CHECKED if not c[4]})
    body = f"""## Attribution kinds, hand-checked (`attribution` family)

Machine: {machine()}.
Command: `python benchmarks/bench_attribution.py`.
Sample: 10 attributions per kind from 300 random AllSides `media_valid` articles unread during
development, checked by the developer with the rules frozen ({DRAW}).  Precision only.

| kind | right | checked items the current code still finds |
|---|---|---|
{chr(10).join(lines)}
| all | {total_right} of {total} ({total_right / total:.2f}) | |

Errors seen: {'; '.join(errors)}.
The pool the items were drawn from (300 articles, commit ec6c596) held 2,336 attributions:
named 1,997, anonymous 162, vague 101, relayed 76 - so the named figure speaks for most of them.
"""
    write_section("attribution", body)
    print(body)


if __name__ == "__main__":
    main()
