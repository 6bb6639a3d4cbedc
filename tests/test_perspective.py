"""The perspective of an article: the shipped narrative heads, the summary and the side-by-side report.

Reads the SemEval-2025 narratives and the seed articles from ../shared (skipped where absent).
"""

from __future__ import annotations

import json
import re

import pytest

import framing
from framing import load_model, score
from framing.report import render_html

from conftest import dataset

_LINK = re.compile(r'<a class="span" href="#e=(a\d+-\d+)" data-spans="(\d+)"')


def test_shipped_narrative_labels_are_the_taxonomy_strings():
    taxonomy = json.loads(dataset("semeval2025_narratives/taxonomy.json").read_text(encoding="utf-8"))
    model = load_model()
    narratives, subs = model.heads["narratives"], model.heads["subnarratives"]
    assert set(narratives.labels) <= set(taxonomy["narratives"]) and "Other" in narratives.labels
    assert set(subs.labels) <= set(taxonomy["subnarratives"]) and "Other" in subs.labels
    for head, field in ((narratives, "narratives"), (subs, "subnarratives")):  # every label of the data: learnt, or listed as not
        assert set(head.labels) | set(head.info.get("labels_not_learnt", [])) == _used(field)
    assert subs.info["parent"] == "narratives"
    assert not model.hierarchies["subnarratives"][1].unknown_children()


def _used(field: str) -> set[str]:
    path = dataset("semeval2025_narratives/articles.jsonl")
    return {x for line in path.open(encoding="utf-8") for x in json.loads(line)[field]}


def test_narratives_of_dataset_articles_respect_the_hierarchy():
    path = dataset("semeval2025_narratives/articles.jsonl")
    rows = [json.loads(line) for line in path.open(encoding="utf-8")][::10]
    found = set()
    for s in framing.score_many([r["text"] for r in rows], show_progress=False):
        narratives, subs = s.labels["narratives"], s.labels["subnarratives"]
        assert isinstance(narratives, list) and isinstance(subs, list) and narratives and subs
        if "Other" in narratives:
            assert narratives == ["Other"] and subs == ["Other"]
        else:
            assert "Other" not in subs
            assert {next(n for n in narratives if x.startswith(n + ": ")) for x in subs} == set(narratives)
        for label in narratives:
            assert s.explain("narratives", label, top=3)
        found.update(narratives)
    assert len(found - {"Other"}) >= 5, "the head tells narratives apart, it does not answer Other throughout"


def test_perspective_summary_of_each_seed_points_to_its_spans(seeds):
    for key, text in seeds.items():
        s = score(text)
        p = s.perspective
        items = [*(c for cast in p.cast.values() for c in cast), *p.voice, *p.sourcing, *p.narratives]
        assert p.sourcing and p.narratives, key
        for item in items:
            assert item.evidence, (key, item)
            for e in item.evidence:
                assert text[e.start:e.end] == e.text, (key, e)
        d = s.to_dict()["perspective"]
        assert json.loads(json.dumps(d)) == d and set(d) == {"cast", "voice", "sourcing", "narratives"}
        lines = p.lines()
        assert lines[0].startswith("Antagonists:") and any(line.startswith("Sourcing:") for line in lines)


def test_relayed_commentary_is_seen_in_the_summary(seeds):
    """Seed 001 relays Chinese-media commentary: its sourcing is mostly relayed and China has the voice."""
    p = score(seeds["001"]).perspective
    assert p.sourcing[0].kind == "relayed" or max(p.sourcing, key=lambda s: s.share).kind == "relayed"
    assert p.voice and p.voice[0].actor == "China"


def test_the_side_by_side_report_of_the_five_seeds_links_every_item_to_a_span(seeds):
    scores = [score(text) for text in seeds.values()]
    page = render_html(scores, titles=list(seeds))
    compare = page[page.index('id="compare"'):page.index('<section class="article" id="a0"')]
    assert compare.count("<th scope=\"col\">") == len(seeds)
    for row in ("narratives", "sourcing", "loaded language per 1,000 words", "hedges per 1,000 words", "frames", "Japan", "Russia"):
        assert f'<th scope="row">{row}</th>' in compare, row
    links = _LINK.findall(compare)
    assert len(links) >= 5 * 6
    marks = set(re.findall(r'data-e="(a\d+-\d+)"', page))
    assert all(target in marks and int(n) >= 1 for target, n in links)
    # every cell either links to spans of its own column's article or says why it has none
    for cell in re.findall(r"<td>(.*?)</td>", compare):
        assert _LINK.search(cell) or 'class="note"' in cell, cell
    summaries = re.findall(r'<div class="perspective" data-perspective="(a\d+)">(.*?)</div></div>', page)
    assert [n for n, _ in summaries] == [f"a{i}" for i in range(len(seeds))]
    for n, block in summaries:
        assert all(target.startswith(n + "-") for target, _ in _LINK.findall(block))


@pytest.mark.parametrize("text", ["", "   ", "It rained on Tuesday."])
def test_perspective_of_texts_with_little_in_them(text):
    p = score(text).perspective
    assert p.voice == [] and p.sourcing == []
    assert [n.label for n in p.narratives] == score(text).labels["narratives"]
