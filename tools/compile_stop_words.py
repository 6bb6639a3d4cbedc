"""Write the claim-stance stop-word list ``framing/lexicons/data/stop_words.tsv``.

Run: ``python tools/compile_stop_words.py [--check]`` (needs scikit-learn; a
developer tool, the package itself reads only the written file).

The list is scikit-learn's ``ENGLISH_STOP_WORDS`` (BSD-3-Clause; it comes from
the Glasgow Information Retrieval Group's stop list) less the content words
that news claims turn on (``KEPT``: "found", "fire", "bill", numbers …), which
:func:`framing.claims.terms.term_of` must keep as terms.  ``--check`` exits 1
if the shipped file differs from what this script writes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "framing" / "lexicons" / "data" / "stop_words.tsv"

#: Words of scikit-learn's list that stay content terms.
KEPT = frozenset(
    "found find fire bill system computer interest call give move show side fill mill detail describe cry empty "
    "full front back top bottom part amount serious take put see name first last one two three four five six "
    "eight nine ten eleven twelve fifteen twenty forty fifty sixty hundred".split()
)


def compile_list() -> str:
    import sklearn
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    words = sorted(ENGLISH_STOP_WORDS - KEPT)
    header = [
        "# Stop words: function words that carry no claim term (framing.claims.terms.term_of gives them no term).",
        "# Origin: scikit-learn's ENGLISH_STOP_WORDS (sklearn.feature_extraction.text; BSD-3-Clause,",
        "# Copyright (c) the scikit-learn developers; the list comes from the Glasgow Information Retrieval Group),",
        f"# as shipped in scikit-learn {sklearn.__version__}, less {len(KEPT)} content words that news claims turn on:",
        *("#   " + line for line in _wrap(sorted(KEPT))),
        f"# Compiled by tools/compile_stop_words.py: {len(words)} words, sorted.",
        "# Format: word<TAB>stop.",
    ]
    return "\n".join(header + [f"{w}\tstop" for w in words]) + "\n"


def _wrap(words: list[str], width: int = 100) -> list[str]:
    lines, line = [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}" if line else w
    return lines + [line] if line else lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the shipped file differs")
    args = parser.parse_args(argv)
    text = compile_list()
    if args.check:
        same = OUT.is_file() and OUT.read_text(encoding="utf-8") == text
        print(f"{OUT.relative_to(ROOT)}: {'up to date' if same else 'differs'}")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
