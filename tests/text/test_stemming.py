"""``framing.text.stemming.porter_stem`` gives what NLTK's ``PorterStemmer()`` gives (NLTK_EXTENSIONS mode).

Checked on the words of the shipped lexicons, on hand-picked words that reach
every rule and NLTK extension, and, where ../shared is present, on every word of
the datasets (except the large AllSides files) and seed articles.
"""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from framing.lexicons import Lexicon
from framing.text.stemming import porter_stem

from conftest import DATASETS, SEEDS

nltk_porter = pytest.importorskip("nltk.stem.porter", reason="the reference is NLTK's Porter stemmer")

WORD = re.compile(r"\w+(?:'\w+)*")

TRICKY = """
    caresses ponies ties caress cats feed agreed plastered bled motoring sing conflated troubled sized hopping tanned
    falling hissing fizzed failing filing happy sky skies dying lying tying news innings inning outings outing
    cannings canning howe proceed exceed succeed dies flies died spied tried cries relational conditional rational
    valenci hesitanci digitizer conformabli radicalli differentli vileli analogousli vietnamization predication operator
    feudalism decisiveness hopefulness callousness formaliti sensitiviti sensibiliti hopefulli archaeology geology
    theology logi triplicate formative formalize electriciti electrical hopeful goodness revival allowance inference
    airliner gyroscopic adjustable defensible irritant replacement adjustment dependent adoption homologou communism
    activate angulariti homologous effective bowdlerize probate rate cease controll roll enjoy enjoyment spy fly try
    by yy yyy yyyy yyyyyy syzygy toy oats trees ivy troubles private oaten orrery generalization generalizations
    ion ions tion sion nation ational oed ow owed ing ed eed ied ies sses ss s y e ll a i is as us yes bye eye
    don't isn't couldn't o'clock rock'n'roll 1990s 2nd 3rd covid19 mp3 h2o i18n under_score café naïve résumé
    élection über straße ﬁle İstanbul ΣΟΦΊΑ
"""


def _compare(words: set[str]) -> list[tuple[str, str, str]]:
    stemmer = nltk_porter.PorterStemmer()
    assert stemmer.mode == nltk_porter.PorterStemmer.NLTK_EXTENSIONS
    return [(w, stemmer.stem(w), porter_stem(w)) for w in sorted(words) if stemmer.stem(w) != porter_stem(w)]


def _lexicon_words() -> set[str]:
    names = [p.name[:-4] for p in resources.files("framing.lexicons").joinpath("data").iterdir() if p.name.endswith(".tsv")]
    return {w for name in names for surface in Lexicon.load(name).entries for w in WORD.findall(surface.lower())}


def test_hand_picked_words():
    words = set(TRICKY.split())
    words |= {w.lower() for w in words} | {w.upper() for w in words}
    assert _compare(words) == []


def test_paper_examples():
    assert [porter_stem(w) for w in ("caresses", "ponies", "relational", "hopping", "filing", "controll", "generalizations")] == [
        "caress", "poni", "relat", "hop", "file", "control", "gener"]
    assert porter_stem("dying") == "die" and porter_stem("happy") == "happi" and porter_stem("enjoy") == "enjoy"


def test_lexicon_words():
    words = _lexicon_words()
    assert len(words) > 2000
    assert _compare(words) == []


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_dataset_and_seed_words():
    files = sorted(DATASETS.glob("*/*.jsonl")) if DATASETS.is_dir() else []
    if not files:
        pytest.skip(f"no datasets in {DATASETS} (../shared is absent on this machine)")
    words: set[str] = set()
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                for s in _strings(json.loads(line)):
                    words.update(WORD.findall(s.lower()))
    for path in sorted(SEEDS.glob("*.txt")):
        words.update(WORD.findall(path.read_text(encoding="utf-8").lower()))
    assert len(words) > 10000
    assert _compare(words) == []
