"""Stance toward a claim (``framing.stance(claim, text)``): does a text agree with it, dispute it, discuss it, or not relate to it?

``stance(claim, text)`` gives the probabilities and the evidence (the
sentences that match the claim, the claim terms in them, the refuting,
denying, hedging and supporting cues near them, the quotations that carry the
claim).  The model is linear over interpretable pair features
(:mod:`~framing.claims.claim_features`), trained on FNC-1 from a
``kind = "claim_stance"`` manifest (``corpus/claim_stance.toml``) and stored in the model bundle.
"""

from .claim_features import ClaimFeatures
from .claim_stance import StanceResult, claim_stance_model, stance, stances
from .fnc1 import LABELS, fnc_score, load_fnc1, read_pairs
from .model import StanceModel

__all__ = [
    "LABELS", "ClaimFeatures", "StanceModel", "StanceResult", "claim_stance_model",
    "fnc_score", "load_fnc1", "read_pairs", "stance", "stances",
]
