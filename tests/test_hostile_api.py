"""Careless calls of the public API get a clear error, or what their documentation says."""

from __future__ import annotations

import pytest

import framing

TEXT = "Japan said on Monday that Tokyo would not attend. Kishida told reporters the plan was flawed."


def test_no_claims_may_be_said_with_none():
    assert framing.score(TEXT, claims=None).claims == {}
    assert [s.claims for s in framing.score_many([TEXT], show_progress=False, claims=None)] == [{}]


@pytest.mark.parametrize("actors, error, message", [
    ({"Japan": "Tokyo"}, TypeError, "lists of aliases"),
    ({"": ["Tokyo"]}, ValueError, "name is empty"),
    ({"  ": []}, ValueError, "name is empty"),
    ({"Japan": ["Tokyo", ""]}, ValueError, "alias of 'Japan' is empty"),
    ({"Japan": [3]}, TypeError, "must be strings"),
    ({3: ["Tokyo"]}, TypeError, "names"),
    (["Japan"], TypeError, "got list"),
])
def test_actors_that_are_not_names_to_aliases_are_refused(actors, error, message):
    with pytest.raises(error, match=message):
        framing.analyze_actors(TEXT, actors=actors)


def test_actors_given_properly_are_found():
    profiles = framing.analyze_actors(TEXT, actors={"Japan": ["Tokyo", "Kishida"]})
    assert "Japan" in [p.name for p in profiles]
