"""Plain document statistics: how much text there is, after boilerplate is gone."""

from __future__ import annotations

from .base import FeatureFamily


class DocumentStats(FeatureFamily):
    """Tokens, sentences, paragraphs and mean sentence length (no evidence)."""

    name = "doc"

    def feature_names(self) -> list[str]:
        return ["doc.tokens", "doc.sentences", "doc.paragraphs", "doc.tokens_per_sentence"]

    def extract(self, reading):
        doc = reading.doc
        n_tok, n_sent = doc.n_tokens, len(doc.sentences)
        values = {
            "doc.tokens": float(n_tok),
            "doc.sentences": float(n_sent),
            "doc.paragraphs": float(len(doc.paragraphs)),
            "doc.tokens_per_sentence": n_tok / n_sent if n_sent else 0.0,
        }
        return values, []
