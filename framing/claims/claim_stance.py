"""``stance(claim, text)``: how one text stands toward one claim, and the spans that show it."""

from __future__ import annotations

from typing import Any, NamedTuple, Sequence

import numpy as np

from ..evidence import Evidence
from ..lexicons import LexiconSet
from ..model import BundleError, load_model
from ..reading import Reading
from .analysis import Analysis, analyse
from .fnc1 import LABELS
from .model import StanceModel

KIND = "stance"


class StanceResult(NamedTuple):
    """The stance of a text toward a claim.

    Attributes
    ----------
    label : str
        The most probable of ``agree``, ``disagree``, ``discuss``, ``unrelated``.
    probabilities : dict
        Label → probability (they sum to 1).
    evidence : list of Evidence
        Kind ``"stance"``, offsets into the caller's text, in text order.
        Details: ``matching_sentence`` (the sentences that match the claim
        best; attrs ``rank``, ``similarity``), ``claim_term`` (claim terms found
        in them; attr ``term``, the stem), ``quote`` (quotations in them that
        carry claim terms), and the cues found in them: ``refuting``,
        ``denial``, ``rumour``, ``support``, ``hedge``, ``negation`` (attr ``cue``).
    """

    label: str
    probabilities: dict[str, float]
    evidence: list[Evidence]

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "probabilities": dict(self.probabilities), "evidence": [e.to_dict() for e in self.evidence]}


def claim_stance_model(model: Any = None) -> StanceModel:
    """The claim-stance model to use: ``model`` itself, or the one a bundle carries.

    Parameters
    ----------
    model : StanceModel, bundle, name or path, optional
        Default: the shipped bundle's (see :func:`framing.load_model`).

    Raises
    ------
    BundleError
        If the bundle is missing or damaged, or carries no claim-stance model.
    """
    if isinstance(model, StanceModel):
        return model
    bundle = load_model(model)
    found = bundle.built("claim_stance", StanceModel.from_part)
    if found is None:
        raise BundleError(f"model bundle {bundle.path} has no claim-stance model; train one from a manifest with kind = \"claim_stance\"")
    return found


def stance(claim: str, text: Any, model: Any = None, lexicons: LexiconSet | None = None) -> StanceResult:
    """How ``text`` stands toward ``claim``: agree, disagree, discuss or unrelated.

    Parameters
    ----------
    claim : str
        The claim, e.g. a headline.
    text : str, bytes or Reading
        The article (plain text or HTML; bytes must be UTF-8), or its reading.
    model : StanceModel, bundle, name or path, optional
        Default: the claim-stance model of the shipped bundle (trained on FNC-1).
        A name or path (and None) is loaded on every call: pass a loaded model,
        or call :func:`framing.stance`, which loads each bundle once per process.
    lexicons : LexiconSet, optional
        The lexicons to read claim and text with (default: a new set of the shipped
        ones; a :class:`~framing.reading.Reading` brings its own).

    Returns
    -------
    StanceResult
        ``label``, ``probabilities`` and ``evidence`` (offsets into ``text``).

    Raises
    ------
    ValueError
        If ``claim`` has no content word (empty, blank, or stop words only):
        there is nothing to look for.
    BundleError
        If the bundle is missing or damaged, or carries no claim-stance model.

    Notes
    -----
    A text without words is ``unrelated`` with probability 1 and no evidence.
    A claim longer than the text is scored as any other pair.  The features
    were learnt on headlines over articles; when every word of a short text
    is in the claim, the text may well come out related: read the evidence.
    """
    return stances([claim], text, model, lexicons)[0]


def stances(claims: Sequence[str], text: Any, model: Any = None, lexicons: LexiconSet | None = None) -> list[StanceResult]:
    """How ``text`` stands toward each of ``claims``, the text read once (see :func:`stance`)."""
    if not claims:
        return []
    model = claim_stance_model(model)
    if lexicons is None:
        lexicons = text.lexicons if isinstance(text, Reading) else LexiconSet()
    claim_ans = [analyse(claim, lexicons, claim=True) for claim in claims]
    for claim, claim_an in zip(claims, claim_ans):
        if not any(claim_an.terms):
            raise ValueError(f"the claim has no content word to look for in the text: {claim!r}")
    text_an = analyse(text if isinstance(text, Reading) else Reading.of(text, lexicons, None))
    if not text_an.terms:
        return [StanceResult("unrelated", {label: float(label == "unrelated") for label in LABELS}, []) for _ in claims]
    block = model.features.transform_text(claim_ans, text_an)
    probs = model.predict_proba_features(block.dense, block.bag)
    return [
        StanceResult(LABELS[int(np.argmax(p))], dict(zip(LABELS, p.tolist())),
                     stance_evidence(claim_an, text_an, block.matching[i], block.similarity[i]))
        for i, (claim_an, p) in enumerate(zip(claim_ans, probs))
    ]


def stance_evidence(claim: Analysis, text: Analysis, matching: np.ndarray, similarity: np.ndarray) -> list[Evidence]:
    """The matching sentences of ``text`` and the claim terms, quotes and cues in them."""
    doc = text.doc
    chosen = [int(i) for i in matching if i >= 0 and similarity[i] > 0]
    evidence = [
        doc.evidence(KIND, *text.sentences[i], "matching_sentence", rank=str(rank + 1), similarity=f"{similarity[i]:.3f}")
        for rank, i in enumerate(chosen)
    ]
    in_chosen = np.isin(text.token_sentence, chosen)
    claim_terms = set(claim.terms) - {""}
    starts, ends = doc.tokens
    term_spans = [
        (int(starts[j]), int(ends[j]), t) for j, t in enumerate(text.terms) if in_chosen[j] and t in claim_terms
    ]
    evidence += [doc.evidence(KIND, s, e, "claim_term", term=t) for s, e, t in term_spans]
    evidence += [
        doc.evidence(KIND, c.start, c.end, c.category, cue=c.term)
        for c, i in zip(text.cues, text.cue_sentence) if int(i) in chosen
    ]
    for q_start, q_end in text.quotes:
        if any(q_start <= s < q_end for s, _, _ in term_spans):
            evidence.append(doc.evidence(KIND, q_start, q_end, "quote"))
    evidence.sort(key=lambda e: (e.start, -e.end, e.detail))
    return evidence
