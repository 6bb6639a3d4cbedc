"""Contracts every analysis keeps, checked the way scikit-learn's ``check_estimator`` checks estimators.

Whatever the text and however it is read:

* every Evidence indexes the caller's text: ``text[e.start:e.end] == e.text`` for
  every feature family, the score (features, explanations, actors, claims), the
  actor profiles and the claim stance, for plain text, HTML, CRLF line ends and
  UTF-8 bytes (offsets into the decoded text);
* a reading reused under other lexicons gives what a fresh reading under them gives;
* the order in which analyses are asked for, and the order of the families, changes nothing;
* results do not depend on the hash seed of the process;
* a pipeline pickles as a small reference and scores the same once unpickled.

Texts: the example articles (corpus/examples/*.txt) and a few written here; no
file of ../shared is needed.
"""

from __future__ import annotations

import html
import json
import os
import pickle
import random
import re
import subprocess
import sys
import textwrap

import pytest

import framing
from framing import Extractor, Pipeline
from framing.actors import ActorAnalyzer
from framing.features import FAMILIES
from framing.lexicons import Lexicon, LexiconSet
from framing.reading.loaded_tagger import LoadedTagger
from framing.text import prepare

from conftest import ROOT

# -- the texts ---------------------------------------------------------------------------

EXAMPLES = {p.stem: p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "examples").glob("*.txt"))}

#: Written for these tests: sourcing of every kind, quotation marks of both kinds, hedges,
#: boosters, loaded language, and characters that normalisation rewrites (curly quotes,
#: dashes, an ellipsis, a combining accent, a character outside the BMP).
SOURCING = (
    "Harbour Board Faces Questions After the Storm\n\n"
    "Foreign Minister Anja Berg of Norland said on Monday that the harbour \"will reopen soon,\" but officials who "
    "spoke on condition of anonymity warned that repairs could take months.\n\n"
    "\u201cWe have clearly failed the fishermen,\u201d admitted Tomas Vell, a councillor from the port town. "
    "According to the Kestrel Gazette, some 200 boats were damaged \u2014 perhaps more\u2026 Critics slammed the "
    "board\u2019s \u201cdisastrous\u201d response; experts say the plan is deeply flawed.\n\n"
    "Later, Vell told reporters: \u201cIt is not clear who approved the cafe\u0301\u2019s extension.\u201d "
    "Tokyo and Moscow said nothing about the \U0001F30A flood warnings."
)

#: Two people who share a surname, found by different speech verbs, then the surname alone:
#: which of them "Clinton" names once depended on the iteration order of a set of strings.
SURNAMES = (
    "Hillary Clinton warned that the harbour talks would fail. Chelsea Clinton added that they might work. "
    "Clinton said the deal was a disgrace, and Clinton noted that Tokyo disagreed."
)

TEXTS = {**EXAMPLES, "sourcing": SOURCING, "surnames": SURNAMES}


def as_html(text: str) -> str:
    """``text`` as a web page: paragraphs, entities, inline markup, and furniture around the article."""
    paragraphs = []
    for p in (p for p in text.split("\n\n") if p.strip()):
        p = html.escape(p, quote=False)
        for char, entity in (("\u201c", "&ldquo;"), ("\u201d", "&rdquo;"), ("\u2019", "&rsquo;"), ("\u2014", "&mdash;")):
            p = p.replace(char, entity)
        p = re.sub(r"\b(said|may|told)\b", r"<b>\1</b>", p, count=1)  # a tag inside the prose
        paragraphs.append(f"<p>{p}</p>")
    body = "\n".join(paragraphs)
    return ("<!DOCTYPE html><html><head><title>Example</title><script>var said = 'provocation';</script></head>"
            f"<body><nav>Home | World | Login</nav><article>\n{body}\n</article></body></html>")


VARIANTS = {
    "plain": lambda t: t,
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "html": as_html,
    "utf8": lambda t: t.encode("utf-8"),
    "html_crlf_utf8": lambda t: as_html(t).replace("\n", "\r\n").encode("utf-8"),
}

CASES = [(name, variant) for name in TEXTS for variant in VARIANTS]
CASE_IDS = [f"{name}-{variant}" for name, variant in CASES]


def given(name: str, variant: str):
    """The input as the caller passes it, and the text its offsets index (bytes decoded)."""
    passed = VARIANTS[variant](TEXTS[name])
    return passed, passed.decode("utf-8") if isinstance(passed, bytes) else passed


def headline(text: str) -> str:
    """The claim to read a text's stance toward: its first line (a headline, for an article)."""
    return text.split("\n", 1)[0].strip()


def claim_of(name: str) -> str:
    return headline(TEXTS[name])


def assert_indexes(original: str, evidence, where) -> int:
    """Every Evidence is the span of ``original`` it says it is; returns how many were checked."""
    evidence = list(evidence)
    bad = [e for e in evidence if not (0 <= e.start <= e.end <= len(original)) or original[e.start:e.end] != e.text]
    assert not bad, (where, [(e.kind, e.start, e.end, e.text, original[e.start:e.end]) for e in bad[:5]])
    return len(evidence)


# -- (a) evidence indexes the caller's text --------------------------------------------------

SHIPPED = Extractor()
ONE_FAMILY = {name: Extractor([name], SHIPPED.lexicons, SHIPPED.tagger) for name in FAMILIES}
#: Families whose values are document statistics, with no span behind them.
NO_SPANS = {"doc"}


@pytest.mark.parametrize("name, variant", CASES, ids=CASE_IDS)
def test_every_family_evidence_indexes_the_callers_text(name, variant):
    passed, original = given(name, variant)
    for family, extractor in ONE_FAMILY.items():
        features = extractor.extract(passed)
        assert_indexes(original, features.evidence, family)
        assert {e.kind for e in features.evidence} <= {family}, family
    assert_indexes(original, SHIPPED.extract(passed).evidence, "all families")


def test_every_family_with_spans_gives_evidence_on_some_text():
    """The test above is not vacuous: each family that has spans finds some in these texts."""
    kinds = {e.kind for text in TEXTS.values() for e in SHIPPED.extract(text).evidence}
    assert kinds >= set(FAMILIES) - NO_SPANS


@pytest.mark.parametrize("name, variant", CASES, ids=CASE_IDS)
def test_score_actor_and_claim_evidence_indexes_the_callers_text(name, variant):
    passed, original = given(name, variant)
    claim = claim_of(name)
    s = framing.score(passed, claims=[claim])
    assert assert_indexes(original, s.evidence, "score") > 0
    for head in s.heads:
        for label in s.heads[head]:
            for r in s.explain(head, label, top=40):
                assert_indexes(original, r.evidence, (head, label, r.name))
    assert s.actors
    for p in s.actors:
        assert assert_indexes(original, p.mentions, ("score.actors mentions", p.name)) == p.n_mentions
        assert_indexes(original, p.evidence, ("score.actors evidence", p.name))
    assert assert_indexes(original, s.claims[claim].evidence, "score.claims") > 0

    profiles = framing.analyze_actors(passed, actors={"Harbour Board": ["harbour board", "the board"]})
    assert profiles
    for p in profiles:
        assert_indexes(original, p.mentions, ("analyze_actors mentions", p.name))
        assert_indexes(original, p.evidence, ("analyze_actors evidence", p.name))
    result = framing.stance(claim, passed)
    assert assert_indexes(original, result.evidence, "stance") > 0
    assert result == s.claims[claim]


def test_html_and_crlf_and_bytes_give_the_values_of_the_plain_text():
    """The variants only move the offsets: the feature values are those of the plain text."""
    for name, text in TEXTS.items():
        plain = SHIPPED.extract(text).values
        for variant in ("crlf", "utf8"):
            assert SHIPPED.extract(VARIANTS[variant](text)).values == plain, (name, variant)
        assert SHIPPED.extract(VARIANTS["html_crlf_utf8"](text)).values == SHIPPED.extract(as_html(text)).values, name


# -- (b) other lexicons on a reused reading -------------------------------------------------

SAID = "The minister said the talks had failed, and critics claimed the vote was rigged."
ONLY_SAID = {"reporting_verbs": ["said\tneutral"]}
OUTLETS = {"actors_outlets": ["kestrel gazette\tKestrel Gazette/Norland", "daily planet\tDaily Planet/United States"]}
HEDGES = {"hedges": Lexicon.load("hedges").extended(["flawed\tepistemic_adjective", "damaged\tepistemic_adjective"])}


def _claims_on(reading) -> list:
    """Claim stance computed on ``reading`` itself (the shipped bundle's model, loaded once)."""
    return framing.claims.stances(["The talks failed"], reading, framing.pipeline_for().model)


def _read_everything(reading) -> None:
    """Every analysis of the reading computed (so a stale one would show)."""
    SHIPPED.extract(reading)
    reading.mentions()
    reading.mentions({"Harbour Board": ["harbour board"]})
    _claims_on(reading)


@pytest.fixture(scope="module")
def custom():
    """An extractor, an actor analyzer and a pipeline, each with lexicons of its own."""
    return Extractor(lexicons=ONLY_SAID), ActorAnalyzer(lexicons=OUTLETS), Pipeline(lexicons=HEDGES)


def test_a_reused_reading_under_other_lexicons_counts_what_a_fresh_one_counts():
    doc = prepare(SAID)
    reading = SHIPPED.read(doc)
    _read_everything(reading)
    assert SHIPPED.extract(reading).values["report_verb.count"] == 2
    said_only = Extractor(lexicons=ONLY_SAID)
    fresh = said_only.extract(prepare(SAID))
    assert fresh.values["report_verb.count"] == 1  # "claimed" is not in the custom list
    for reused in (reading, doc, said_only.read(reading), said_only.read(doc)):
        assert said_only.extract(reused).to_dict() == fresh.to_dict(), type(reused).__name__
    assert SHIPPED.extract(reading).values["report_verb.count"] == 2  # the shipped reading is untouched


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_other_lexicons_on_a_reused_reading_give_what_a_fresh_reading_gives(name, custom):
    extractor, analyzer, pipeline = custom
    text = TEXTS[name]
    doc = prepare(text)
    reading = SHIPPED.read(doc)
    _read_everything(reading)

    assert extractor.extract(reading).to_dict() == extractor.extract(prepare(text)).to_dict()
    assert [p.to_dict() for p in analyzer.analyze(reading)] == [p.to_dict() for p in analyzer.analyze(prepare(text))]
    claim = claim_of(name)
    assert pipeline.score(reading, claims=[claim]).to_dict() == pipeline.score(prepare(text), claims=[claim]).to_dict()
    assert pipeline.stance(claim, reading) == pipeline.stance(claim, text)


def test_the_custom_lexicons_above_change_something(custom):
    """The lexicons of the test above are not the shipped ones in effect: each changes a result on some text."""
    extractor, analyzer, pipeline = custom
    assert extractor.extract(SOURCING).to_dict() != SHIPPED.extract(SOURCING).to_dict()
    assert "Kestrel Gazette" in [p.name for p in analyzer.analyze(SOURCING)]
    assert "Kestrel Gazette" not in [p.name for p in framing.analyze_actors(SOURCING)]
    assert pipeline.score(SOURCING).features["hedge.count"] == framing.score(SOURCING).features["hedge.count"] + 2


# -- (c) the order of the analyses --------------------------------------------------------------

ATTRIBUTES = [
    "quoted_spans", "reporting_verbs", "speech", "speech_acts", "speakers", "quotations", "attributions",
    "certainty_cues", "loaded_matches", "loaded_terms", "loaded_spans", "gazetteer", "gazetteer_hits", "people",
    "sentence_starts", "mentions", "mentions_given", "is_quoted", "resolve", "claim_analysis",
]
ACTORS = {"Harbour Board": ["harbour board", "the board"], "Norland": []}


def _touch(reading, name: str) -> None:
    if name == "mentions":
        reading.mentions()
    elif name == "mentions_given":
        reading.mentions(ACTORS)
    elif name == "is_quoted":
        reading.is_quoted(len(reading.text) // 2)
    elif name == "resolve":
        reading.resolve(None)
    elif name == "claim_analysis":
        _claims_on(reading)
    else:
        getattr(reading, name)


def _everything(text: str, order: list[str]) -> str:
    """Features, actors (the shipped ones and with the caller's) and claim stance of ``text``, its
    reading's analyses first asked for in ``order``."""
    pipeline = framing.pipeline_for()
    reading = pipeline.read(text)
    for name in order:
        _touch(reading, name)
    features = pipeline.extract(reading)
    out = {
        "features": features.to_dict(),
        "actors": [p.to_dict() for p in pipeline.actors(reading, features=features)],
        "given": [p.to_dict() for p in pipeline.actors(reading, ACTORS)],
        "stance": [r.to_dict() for r in pipeline.stances([headline(text), "The talks failed"], reading)],
    }
    return json.dumps(out, sort_keys=True)


ORDERS = {
    "attributions before quotations": ["attributions", "quotations"],
    "loaded spans before certainty cues": ["loaded_spans", "certainty_cues"],
    "mentions before speech": ["mentions", "speech"],
    "given actors before people": ["mentions_given", "people", "mentions"],
    "claims first": ["claim_analysis", "quotations"],
    "speakers before reporting verbs": ["speakers", "is_quoted", "reporting_verbs", "resolve"],
    "all, reversed": ATTRIBUTES[::-1],
    **{f"all, shuffled {seed}": random.Random(seed).sample(ATTRIBUTES, len(ATTRIBUTES)) for seed in range(3)},
}


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_the_order_analyses_run_in_changes_nothing(name):
    text = TEXTS[name]
    expected = _everything(text, [])
    for label, order in ORDERS.items():
        assert _everything(text, order) == expected, label


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_the_order_of_the_families_changes_nothing(name):
    text = TEXTS[name]
    expected = SHIPPED.extract(text)
    names = list(FAMILIES)
    for order in (names[::-1], *(random.Random(seed).sample(names, len(names)) for seed in range(3))):
        extractor = Extractor(order, SHIPPED.lexicons, SHIPPED.tagger)
        reading = extractor.read(text)  # one reading: the families, in this order, compute its analyses
        got = extractor.extract(reading)
        assert list(got.values) == extractor.feature_names()
        assert got.values == {n: expected.values[n] for n in got.values}, order
        assert got.to_dict()["evidence"] == expected.to_dict()["evidence"], order
        for family in order:
            alone = ONE_FAMILY[family].extract(text)
            assert {n: got.values[n] for n in alone.values} == alone.values, (order, family)
            assert [e for e in got.evidence if e.kind == family] == alone.evidence, (order, family)


# -- (d) the hash seed, (e) pickling ------------------------------------------------------------

_CHILD = textwrap.dedent("""
    import json, pickle, sys
    import framing

    text, claim, pickled = json.load(sys.stdin)
    direct = framing.score(text, claims=[claim]).to_dict()
    unpickled = pickle.loads(bytes.fromhex(pickled)).score(text, claims=[claim]).to_dict()
    print(json.dumps({"direct": direct, "unpickled": unpickled}, sort_keys=True))
""")
HASH_SEEDS = ("0", "3", "5")  # of the first few, seeds under which the shared surname once went to the other person
CUSTOM_HEDGES = {"hedges": Lexicon.load("hedges").extended(["flawed\tepistemic_adjective"])}


@pytest.fixture(scope="module")
def in_other_processes() -> dict[str, dict]:
    """:data:`SURNAMES` scored in fresh processes under several hash seeds, directly and by an
    unpickled pipeline with custom lexicons; the processes run side by side."""
    request = json.dumps([SURNAMES, claim_of("surnames"), pickle.dumps(Pipeline(lexicons=CUSTOM_HEDGES)).hex()])
    runs = {}
    for seed in HASH_SEEDS:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        runs[seed] = subprocess.Popen([sys.executable, "-c", _CHILD], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    out = {}
    for seed, run in runs.items():
        stdout, stderr = run.communicate(request, timeout=300)
        assert run.returncode == 0, stderr[-3000:]
        out[seed] = json.loads(stdout)
    return out


def test_scores_do_not_depend_on_the_hash_seed(in_other_processes):
    here = json.loads(json.dumps(framing.score(SURNAMES, claims=[claim_of("surnames")]).to_dict(), sort_keys=True))
    assert len([a for a in here["actors"] if a["kind"] == "person"]) >= 1
    for seed, got in in_other_processes.items():
        assert got["direct"] == here, f"PYTHONHASHSEED={seed}"


def test_a_pipeline_pickles_small_and_scores_the_same_once_unpickled(in_other_processes):
    claim = claim_of("surnames")
    for pipeline in (framing.pipeline_for(), Pipeline(), Pipeline(lexicons=CUSTOM_HEDGES)):
        data = pickle.dumps(pipeline)
        assert len(data) < 10_000
        again = pickle.loads(data)
        for text in TEXTS.values():
            assert again.score(text, claims=[claim]).to_dict() == pipeline.score(text, claims=[claim]).to_dict()
        assert again.lexicons["hedges"].entries == pipeline.lexicons["hedges"].entries
    custom = Pipeline(lexicons=CUSTOM_HEDGES).score(SURNAMES, claims=[claim]).to_dict()
    for seed, got in in_other_processes.items():
        assert got["unpickled"] == json.loads(json.dumps(custom, sort_keys=True)), f"PYTHONHASHSEED={seed}"


def test_a_pipeline_built_on_a_lexicon_set_keeps_it_when_pickled():
    pipeline = Pipeline(lexicons=LexiconSet(CUSTOM_HEDGES))
    again = pickle.loads(pickle.dumps(pipeline))
    assert again.lexicons["hedges"].entries == pipeline.lexicons["hedges"].entries
    assert again.score(SOURCING).to_dict() == pipeline.score(SOURCING).to_dict()


def test_a_pipeline_with_its_own_tagger_keeps_it_when_pickled():
    shipped = LoadedTagger.load()
    eager = LoadedTagger(shipped.vocabulary, shipped.word_weights, shipped.category_weights, shipped.shape_weights,
                         shipped.bias, shipped.threshold - 3.0, shipped.bridge, shipped.categories)
    pipeline = Pipeline(tagger=eager)
    tagged = [e["text"] for e in pipeline.score(SOURCING).to_dict()["evidence"] if e["kind"].startswith("loaded")]
    assert tagged != [e["text"] for e in Pipeline().score(SOURCING).to_dict()["evidence"] if e["kind"].startswith("loaded")]
    again = pickle.loads(pickle.dumps(pipeline))
    assert again.tagger.threshold == eager.threshold
    assert again.score(SOURCING).to_dict() == pipeline.score(SOURCING).to_dict()
    assert len(pickle.dumps(Pipeline())) < 10_000  # the shipped tagger travels as a reference
