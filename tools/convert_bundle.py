"""Rewrite a model bundle in the current format, without retraining: the same heads, the same scores.

    python tools/convert_bundle.py models/default

Reads the bundle (any format this version of framing reads, verified as when it is loaded),
writes it back in :data:`framing.model.bundle.FORMAT` (atomically, in place or to ``--out``),
then checks that every array and file the model reads came back the same and prints the new
bundle digest (the one ``card.json`` records).  Format 2 stores each head's n-gram weights over
its own terms (see :mod:`framing.model.bundle`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from framing.model.bundle import CARD, bundle_sha256, read_bundle, write_bundle  # noqa: E402


def convert(path: Path, out: Path) -> str:
    """Write the bundle at ``path`` to ``out`` in the current format; its new digest."""
    meta, arrays, files = read_bundle(path)
    meta = {k: v for k, v in meta.items() if k not in ("format", "files")}
    card = {k: v for k, v in files[CARD].items() if k != "bundle_sha256"} if CARD in files else None
    json_files = {**{k: v for k, v in files.items() if k != CARD}, **({CARD: card} if card is not None else {})}
    write_bundle(out, meta, arrays, json_files)
    new_meta, new_arrays, new_files = read_bundle(out)
    if {k: v for k, v in new_meta.items() if k not in ("format", "files")} != meta:
        raise SystemExit("bundle.json changed in the conversion")
    if set(new_arrays) != set(arrays) or not all(
            a.dtype == new_arrays[k].dtype and np.array_equal(a, new_arrays[k]) for k, a in arrays.items()):
        raise SystemExit("the arrays changed in the conversion")
    if {k: v for k, v in new_files.items() if k != CARD} != {k: v for k, v in files.items() if k != CARD}:
        raise SystemExit("a vocabulary changed in the conversion")
    return bundle_sha256(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--out", type=Path, help="where to write it (default: in place)")
    args = parser.parse_args()
    digest = convert(args.bundle, args.out or args.bundle)
    print(f"{args.out or args.bundle}: format converted, bundle SHA-256 {digest}")


if __name__ == "__main__":
    main()
