"""Reading an article: the analyses every feature family, actor profile and stance model shares.

A :class:`Reading` holds one prepared article under one lexicon set and computes each
analysis once, on first use: quoted spans, reporting verbs, speech acts and speakers,
quotations, attributions, hedge and booster cues, loaded-language terms and the
tagger's spans, actor mentions.  One module per analysis:

================  ==========================================================
quotemarks        spans between quotation marks (the one notion of "quoted")
reporting         reporting verbs outside quotations
speakers          the walk from a verb to its speaker phrase
speech_acts       every reporting verb with its speaker; who "he" is
quotations        direct quotations with speaker and cue
attribution       sourced claims: named, anonymous, relayed, vague
certainty         hedges and boosters, negation settled
loaded            loaded-language terms, their agents and targets, tagged spans
loaded_tagger     the token-level tagger behind those spans
gazetteer         countries, capitals, demonyms, organisations, outlets
mentions          every mention of an actor
================  ==========================================================
"""

from .loaded_tagger import LoadedTagger
from .reading import Reading

__all__ = ["LoadedTagger", "Reading"]
