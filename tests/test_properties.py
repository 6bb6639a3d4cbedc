"""Property-based tests of the public API (hypothesis): the invariants hold for any text.

* every Evidence indexes the caller's text (``text[e.start:e.end] == e.text``), for ``str``
  and for UTF-8 bytes (offsets into the decoded text);
* probabilities are finite, in [0, 1], and a single-label head's sum to 1 (up to their rounding);
* ``to_dict()`` is strict JSON (no NaN or infinity);
* the HTML report escapes the article's text.

The example budget is small and fixed (derandomized) so that CI is quick and repeatable;
``FRAMING_PROPERTY_EXAMPLES=2000 python -m pytest tests/test_properties.py`` runs a longer,
random search (see benchmarks/RESULTS.md, "Property-based tests").
"""

from __future__ import annotations

import json
import math
import os

import pytest

hypothesis = pytest.importorskip("hypothesis", reason="hypothesis comes with the dev extra")
from hypothesis import HealthCheck, assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import framing  # noqa: E402
from framing.report.html import render_html  # noqa: E402

EXAMPLES = int(os.environ.get("FRAMING_PROPERTY_EXAMPLES", "25"))
LONG = EXAMPLES > 25
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=not LONG,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Pieces that reach the awkward paths: markup, quotation marks, sourcing, abbreviations,
# runs of punctuation and white space, characters normalisation rewrites.
PIECES = [
    "<p>", "</p>", "<script>x</script>", "<!--", "-->", "&amp;", "&#39;", "<a href='x'>", "<b", '"', "'", "\u201c",
    "\u201d", "\u2019", "said", "told reporters:", "according to", "Mr.", "Sen.", "U.S.", "John Smith", "Reuters",
    "he", "officials", "not", "may", "clearly", "slammed", "...", "\u2026", "!?", ".", ",", " ", "  ", "\t", "\n",
    "\n\n", "\r\n", "\u00a0", "e\u0301", "\u2014", "\u200b", "\ufeff", "caf\u00e9", "\U0001F30A", "{{x}}", "Photo: AP",
    "\ud800",  # a lone surrogate: a str may hold one
]
texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(PIECES), max_size=60).map("".join),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=40).map("".join),
)


def _indexes(text: str, evidence) -> None:
    for e in evidence:
        assert 0 <= e.start <= e.end <= len(text), e
        assert text[e.start:e.end] == e.text, e


@SETTINGS
@given(texts)
def test_extract_evidence_indexes_the_callers_text(text):
    features = framing.extract(text)
    _indexes(text, features.evidence)
    assert all(math.isfinite(v) for v in features.values.values())


@SETTINGS
@given(texts)
def test_evidence_of_utf8_bytes_indexes_the_decoded_text(text):
    assume(not any("\ud800" <= c <= "\udfff" for c in text))  # a lone surrogate has no UTF-8
    data = ("\ufeff" + text).encode("utf-8")  # with a BOM: offsets index the text without it
    _indexes(text, framing.extract(data).evidence)


@SETTINGS
@given(texts)
def test_probabilities_are_finite_and_sum_as_documented(text):
    score = framing.score(text)
    model = framing.load_model()
    for head, probabilities in score.heads.items():
        values = list(probabilities.values())
        assert all(math.isfinite(p) and 0.0 <= p <= 1.0 for p in values), (head, values)
        if not model.heads[head].multilabel:
            # each is rounded to 6 decimals: the sum is 1 within half a millionth per label
            assert abs(sum(values) - 1.0) <= 5e-7 * len(values) + 1e-12, (head, values)
    _indexes(text, score.evidence)
    json.dumps(score.to_dict(), allow_nan=False)


@SETTINGS
@given(texts, st.sampled_from(["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><b>x</b>']))
def test_the_report_escapes_the_article_text(text, attack):
    page = render_html(framing.score(text + " " + attack + " said."))
    assert attack not in page
