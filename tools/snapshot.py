"""Digests of every output of the public API over the seeds, the datasets and edge cases.

A refactor that should change nothing is checked by running this before and after it and
comparing the two files: one line per document and output, so a difference names its document::

    python tools/snapshot.py --out before.tsv            # on the old tree
    python tools/snapshot.py --out after.tsv             # on the new tree
    diff before.tsv after.tsv

What is digested per document: ``extract(text).to_dict()``, ``score(text).to_dict()`` (heads,
labels, features, evidence, actors with stance), ``explain(head, top=10)`` for every head and
predicted label, and ``analyze_actors`` with the caller's actors where the dataset names them
(BASIL's entities); for FNC-1 bodies, ``stance(claim, body)`` toward each of its headlines; for a
few documents, ``Score.to_html()``.  Reads ``../shared`` (skipped where absent); writes no text.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from itertools import islice
from pathlib import Path

import framing

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _digest(obj) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, ensure_ascii=False).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _jsonl(path: Path, limit: int | None = None):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        yield from (json.loads(line) for line in islice(handle, limit))


def documents(limit: int):
    """``(name, text, extra)``: extra holds BASIL entities or FNC-1 headlines."""
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        yield f"seed/{path.name}", path.read_text(encoding="utf-8"), {}
    for path in sorted((ROOT / "corpus" / "examples").glob("*.txt")):
        yield f"example/{path.name}", path.read_text(encoding="utf-8"), {}
    d = SHARED / "datasets"
    if not d.is_dir():
        return
    for name in ("media_train", "media_valid"):
        for i, row in enumerate(_jsonl(d / "allsides" / f"{name}.jsonl.gz", limit)):
            yield f"allsides/{name}/{i}", row.get("content") or row.get("text") or "", {}
    for ds in ("ptc", "semeval2023_frames", "semeval2025_narratives", "semeval2025_roles", "narrative_frames"):
        for i, row in enumerate(_jsonl(d / ds / "articles.jsonl")):
            yield f"{ds}/{i}", row["text"], {}
    for i, row in enumerate(_jsonl(d / "basil" / "articles.jsonl")):
        yield f"basil/{i}", row["text"], {"actors": {e: [] for e in row.get("main_entities", [])}}
    headlines: dict[str, list[str]] = {}
    for row in _jsonl(d / "fnc1" / "train_stances.jsonl"):
        headlines.setdefault(row["body_id"], []).append(row["headline"])
    for i, row in enumerate(_jsonl(d / "fnc1" / "train_bodies.jsonl", limit // 4)):
        yield f"fnc1/{row['body_id']}", row["text"], {"claims": sorted(set(headlines.get(row["body_id"], [])))[:6]}


def edge_cases():
    yield "edge/empty", "", {}
    yield "edge/blank", " \n\t ", {}
    yield "edge/bytes", "Tokyo said \u201cno\u201d, reportedly.".encode("utf-8"), {}
    yield "edge/crlf", "Moscow warned Tokyo.\r\n\r\n\"We will respond,\" said Amb. Nikolay Nozdrev.\r\n", {}
    yield "edge/html", "<html><body><p>Japan's provocations, according to Sohu.</p><p>Observers believe it.</p></body></html>", {}
    yield "edge/unicode", "\u0130stanbul \u00e9tait calme. Kyiv said: \u00ab\u00a0non\u00a0\u00bb. \U0001F600 said he.", {}
    yield "edge/surrogate", "He said \ud800 it was clearly a provocation.", {}
    yield "edge/big", ("Japan's provocations drew a sharp rebuke, observers believe. " * 2000), {}


def snapshot(limit: int, out, html_every: int) -> int:
    n = 0
    for k, (name, text, extra) in enumerate([*edge_cases(), *documents(limit)]):
        s = framing.score(text)
        out.write(f"{name}\textract\t{_digest(framing.extract(text).to_dict())}\n")
        out.write(f"{name}\tscore\t{_digest(s.to_dict())}\n")
        explained = {h: [r.to_dict() for label in ([s.labels[h]] if isinstance(s.labels[h], str) else s.labels[h] or [None])
                         for r in s.explain(h, label, top=10)] for h in s.heads}
        out.write(f"{name}\texplain\t{_digest(explained)}\n")
        if extra.get("actors"):
            out.write(f"{name}\tactors\t{_digest([a.to_dict() for a in framing.analyze_actors(text, extra['actors'])])}\n")
        for claim in extra.get("claims", []):
            out.write(f"{name}\tstance\t{_digest(framing.stance(claim, text).to_dict())}\n")
        if extra.get("claims"):
            out.write(f"{name}\tscore_claims\t{_digest(framing.score(text, claims=extra['claims']).to_dict())}\n")
        if html_every and k % html_every == 0:
            out.write(f"{name}\thtml\t{_digest(s.to_html(title=name))}\n")
        n += 1
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="-")
    parser.add_argument("--limit", type=int, default=1200, help="AllSides articles per file; FNC-1 bodies: a quarter")
    parser.add_argument("--html-every", type=int, default=50)
    args = parser.parse_args()
    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    n = snapshot(args.limit, out, args.html_every)
    print(f"{n} documents", file=sys.stderr)


if __name__ == "__main__":
    main()
