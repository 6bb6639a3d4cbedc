"""The shipped lexicon files: each header names where its list comes from, categories as documented."""

from __future__ import annotations

from framing.lexicons import Lexicon


def test_lexicon_header_names_its_sources():
    assert "Origin" in Lexicon.load("loaded").source
    assert "Origin" in Lexicon.load("demonyms").source


def test_stance_cues_lexicon_has_header_and_categories():
    lex = Lexicon.load("stance_cues")
    assert "Ferreira" in lex.source
    assert set(lex.categories) == {"refuting", "denial", "rumour", "support"}
