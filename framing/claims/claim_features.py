"""Claim–text pair features: how much of the claim the text carries, and how it treats it.

Two groups of features describe a pair:

* relatedness: TF-IDF cosine of claim and text, of claim and lead, of claim and
  its best-matching sentences; the share of the claim's terms (plain and
  IDF-weighted) and bigrams found in the text, its lead and its best sentence;
* treatment: stance cues (refuting, denial, rumour, support words, hedges,
  negations) in the claim, in the sentences that match it best, weighted by
  how well each sentence matches, and in the whole text; whether the matching
  sentences are quotations.

Two bags of words let the linear model learn further cues from data: the
words of the best-matching sentences and the words of the whole text (each
binary, scaled to unit length).  Everything is computed per text, for all the claims
paired with it at once, with small dense matrices over the pair's own terms.

Scoring needs numpy only: :meth:`ClaimFeatures.transform_text` gives the bags
as :class:`SparseRows` (plain CSR arrays); :meth:`ClaimFeatures.transform`, which
builds a training set, gives a ``scipy.sparse`` matrix and imports scipy itself.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, NamedTuple, Sequence

import numpy as np

from .analysis import CUE_CATEGORIES, Analysis

if TYPE_CHECKING:
    import scipy.sparse as sp

_LEAD_SENTENCES = 3
_RELATEDNESS = (
    "cosine", "lead_cosine", "max_sentence_cosine", "top_sentence_cosine", "term_share", "idf_term_share",
    "lead_term_share", "sentence_term_share", "bigram_share", "best_sentence_position", "claim_terms_log", "text_tokens_log",
)
_CUE_SCOPES = ("claim", "matching", "weighted", "text_per_1k")
_TREATMENT = ("matching_quoted", "weighted_quoted", "claim_negative", "matching_negative", "polarity_differs")


class SparseRows(NamedTuple):
    """A sparse matrix in CSR layout, as plain numpy arrays (what ``scipy.sparse.csr_matrix`` holds).

    Row ``i`` has the values ``data[indptr[i]:indptr[i + 1]]`` in the columns
    ``indices[indptr[i]:indptr[i + 1]]``, each column at most once, in increasing order.
    """

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    shape: tuple[int, int]

    def toarray(self) -> np.ndarray:
        """The matrix as a dense array."""
        out = np.zeros(self.shape)
        out[np.repeat(np.arange(self.shape[0]), np.diff(self.indptr)), self.indices] = self.data
        return out

    def to_scipy(self) -> "sp.csr_matrix":
        """The same matrix as a ``scipy.sparse.csr_matrix`` (imports scipy: for training)."""
        import scipy.sparse as sp

        return sp.csr_matrix((self.data, self.indices, self.indptr), shape=self.shape)


class PairBlock(NamedTuple):
    """Features of the claims paired with one text.

    Attributes
    ----------
    dense : ndarray, shape (n_claims, n_features)
        Named features (:meth:`ClaimFeatures.get_feature_names_out`).
    bag : SparseRows, shape (n_claims, 2 * n_bag_terms)
        Which bag terms occur in each claim's best-matching sentences (first
        half) and in the whole text (second half); each half of a row has unit length.
    matching : ndarray of int, shape (n_claims, n_matching)
        Indices of the best-matching sentences, best first (−1 where fewer).
    similarity : ndarray, shape (n_claims, n_sentences)
        TF-IDF cosine of each claim with each sentence.
    """

    dense: np.ndarray
    bag: SparseRows
    matching: np.ndarray
    similarity: np.ndarray


def _bigrams(terms: Sequence[str]) -> set[tuple[str, str]]:
    content = [t for t in terms if t]
    return set(zip(content, content[1:]))


def _normalize(matrix: np.ndarray) -> np.ndarray:
    norms = np.sqrt((matrix * matrix).sum(axis=-1, keepdims=True))
    return matrix / np.where(norms > 0, norms, 1.0)


class ClaimFeatures:
    """Features of claim–text pairs, with the term weights learnt from a corpus.

    Parameters
    ----------
    n_matching : int
        How many best-matching sentences the cue and bag features look at.
    min_df : int
        Terms in fewer documents get the IDF of an unseen term.
    bag_min_df : int
        Terms in fewer documents stay out of the bag of matching-sentence words.

    Attributes
    ----------
    terms_ : ndarray of str
        Vocabulary (Porter stems) with an IDF.
    idf_ : ndarray
        Smoothed IDF of each term, ``log((1 + n) / (1 + df)) + 1``.
    bag_ : ndarray of int
        Indices into ``terms_`` of the bag terms.
    """

    def __init__(self, n_matching: int = 3, min_df: int = 2, bag_min_df: int = 20):
        self.n_matching = n_matching
        self.min_df = min_df
        self.bag_min_df = bag_min_df

    def fit(self, texts: Sequence[Analysis]) -> "ClaimFeatures":
        """Learn the vocabulary and IDF from analysed texts (claims and bodies alike)."""
        df = Counter(t for a in texts for t in set(a.terms) if t)
        terms = sorted(t for t, n in df.items() if n >= self.min_df)
        counts = np.array([df[t] for t in terms], dtype=float)
        self.n_documents_ = len(texts)
        self.terms_ = np.array(terms, dtype=str)
        self.idf_ = np.log((1.0 + len(texts)) / (1.0 + counts)) + 1.0
        self.bag_ = np.flatnonzero(counts >= self.bag_min_df)
        self._index()
        return self

    def _index(self) -> None:
        self._idf = dict(zip(self.terms_.tolist(), self.idf_.tolist()))
        self._unseen_idf = float(np.log(1.0 + self.n_documents_) + 1.0)
        self._bag_column = {self.terms_[i]: j for j, i in enumerate(self.bag_.tolist())}

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The fitted state as plain arrays (for a pickle-free ``.npz``)."""
        return {
            "terms": self.terms_,
            "idf": self.idf_,
            "bag": self.bag_,
            "settings": np.array([self.n_matching, self.min_df, self.bag_min_df, self.n_documents_], dtype=np.int64),
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> "ClaimFeatures":
        """Rebuild a fitted instance from :meth:`to_arrays`."""
        n_matching, min_df, bag_min_df, n_documents = (int(v) for v in arrays["settings"])
        self = cls(n_matching, min_df, bag_min_df)
        self.n_documents_ = n_documents
        self.terms_ = np.asarray(arrays["terms"], dtype=str)
        self.idf_ = np.asarray(arrays["idf"], dtype=float)
        self.bag_ = np.asarray(arrays["bag"], dtype=np.int64)
        self._index()
        return self

    def get_feature_names_out(self) -> np.ndarray:
        """Names of the columns of :attr:`PairBlock.dense`."""
        names = [f"related.{n}" for n in _RELATEDNESS]
        names += [f"cue.{c}.{s}" for s in _CUE_SCOPES for c in CUE_CATEGORIES]
        names += [f"treatment.{n}" for n in _TREATMENT]
        return np.array(names)

    def bag_names(self) -> np.ndarray:
        """Names of the bag columns (``near.<stem>``, then ``text.<stem>``)."""
        terms = self.terms_[self.bag_]
        return np.array([f"near.{t}" for t in terms] + [f"text.{t}" for t in terms])

    def transform_text(self, claims: Sequence[Analysis], text: Analysis) -> PairBlock:
        """Features of every claim in ``claims`` paired with ``text``."""
        k, n_sent = len(claims), text.n_sentences
        local: dict[str, int] = {}
        text_cols = [local.setdefault(t, len(local)) if t else -1 for t in text.terms]
        claim_cols = [[local.setdefault(t, len(local)) for t in c.terms if t] for c in claims]
        idf = np.array([self._idf.get(t, self._unseen_idf) for t in local]) if local else np.zeros(0)
        n_local = len(local)

        sentences = np.zeros((max(n_sent, 1), n_local))
        cols = np.array(text_cols, dtype=np.int64)
        keep = cols >= 0
        np.add.at(sentences, (text.token_sentence[keep], cols[keep]), 1.0)
        sentences = sentences[:n_sent]
        claim_counts = np.zeros((k, n_local))
        for i, cc in enumerate(claim_cols):
            np.add.at(claim_counts[i], np.array(cc, dtype=np.int64), 1.0)

        body = sentences.sum(axis=0)
        lead = sentences[:_LEAD_SENTENCES].sum(axis=0)
        claim_w = _normalize(claim_counts * idf)
        sim = claim_w @ _normalize(sentences * idf).T  # (k, n_sent)
        cosine = claim_w @ _normalize(body * idf)
        lead_cosine = claim_w @ _normalize(lead * idf)

        present = (claim_counts > 0).astype(float)
        n_terms = present.sum(axis=1)
        safe_n = np.maximum(n_terms, 1)
        term_share = (present @ (body > 0)) / safe_n
        claim_idf = present @ idf
        idf_share = (present @ ((body > 0) * idf)) / np.where(claim_idf > 0, claim_idf, 1.0)
        lead_share = (present @ (lead > 0)) / safe_n
        sentence_share = (present @ (sentences > 0).T).max(axis=1, initial=0.0) / safe_n

        text_bigrams = _bigrams(text.terms)
        bigram_share = np.array([
            len(b & text_bigrams) / len(b) if b else 0.0 for b in (_bigrams(c.terms) for c in claims)
        ])

        n_match = min(self.n_matching, n_sent)
        order = np.argsort(-sim, axis=1, kind="stable")[:, :n_match]
        matching = np.full((k, self.n_matching), -1, dtype=np.int64)
        matching[:, :n_match] = order
        top_sim = np.take_along_axis(sim, order, axis=1)
        max_sim = top_sim[:, 0] if n_match else np.zeros(k)
        top_mean = top_sim.mean(axis=1) if n_match else np.zeros(k)
        position = order[:, 0] / max(n_sent - 1, 1) if n_match else np.zeros(k)

        mask = np.zeros((k, n_sent))
        np.put_along_axis(mask, order, 1.0, axis=1)
        mask *= sim > 0  # a sentence sharing no term with the claim does not match it
        text_cues = text.cue_counts()
        claim_cues = np.array([c.cue_counts().sum(axis=0) for c in claims]).reshape(k, len(CUE_CATEGORIES))
        matching_cues = mask @ text_cues
        sim_sum = sim.sum(axis=1, keepdims=True)
        safe_sum = np.where(sim_sum > 0, sim_sum, 1.0)
        weighted_cues = (sim @ text_cues) / safe_sum
        n_tokens = len(text.terms)
        text_rate = np.broadcast_to(text_cues.sum(axis=0) * (1000.0 / max(n_tokens, 1)), (k, len(CUE_CATEGORIES)))

        matching_quoted = (mask * text.quoted).sum(axis=1) / np.maximum(mask.sum(axis=1), 1.0)
        weighted_quoted = (sim @ text.quoted.astype(float)) / safe_sum[:, 0]
        claim_negative = (claim_cues[:, 0] + claim_cues[:, 1]) > 0
        matching_negative = (matching_cues[:, 0] + matching_cues[:, 1]) > 0

        dense = np.column_stack([
            cosine, lead_cosine, max_sim, top_mean, term_share, idf_share, lead_share, sentence_share,
            bigram_share, position, np.log1p(n_terms), np.full(k, np.log1p(n_tokens)),
            claim_cues, matching_cues, weighted_cues, text_rate,
            matching_quoted, weighted_quoted, claim_negative, matching_negative, claim_negative != matching_negative,
        ])

        bag_of_local = np.array([self._bag_column.get(t, -1) for t in local], dtype=np.int64)
        in_bag = bag_of_local >= 0
        near_rows, near_cols = np.nonzero(((mask @ (sentences > 0)) > 0) & in_bag)  # (k, n_local)
        text_cols = bag_of_local[in_bag & (body > 0)]
        n_bag = len(self.bag_)
        rows = np.concatenate([near_rows, np.repeat(np.arange(k), len(text_cols))])
        cols = np.concatenate([bag_of_local[near_cols], np.tile(text_cols + n_bag, k)])
        near_size = np.bincount(near_rows, minlength=k)
        values = np.concatenate([
            1.0 / np.sqrt(near_size[near_rows]), np.full(k * len(text_cols), 1.0 / np.sqrt(max(len(text_cols), 1)))
        ])
        by_row = np.lexsort((cols, rows))  # by row, then column (each pair occurs once), as scipy's CSR
        indptr = np.zeros(k + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=k), out=indptr[1:])
        bag = SparseRows(indptr, cols[by_row].astype(np.int64), values[by_row], (k, 2 * n_bag))
        return PairBlock(dense, bag, matching, sim)

    def transform(self, claims: Sequence[Analysis], texts: Sequence[Analysis], pairs: np.ndarray) -> tuple[np.ndarray, "sp.csr_matrix"]:
        """Dense features and matching-sentence bags of ``pairs`` (rows of claim index, text index).

        For training sets: the bags are one ``scipy.sparse.csr_matrix`` (scipy is imported here).
        """
        import scipy.sparse as sp

        pairs = np.asarray(pairs, dtype=np.int64)
        n_dense = len(self.get_feature_names_out())
        dense = np.zeros((len(pairs), n_dense))
        bags: list[sp.csr_matrix] = []
        rows: list[np.ndarray] = []
        order = np.argsort(pairs[:, 1], kind="stable")
        bounds = np.flatnonzero(np.diff(pairs[order, 1])) + 1
        for group in np.split(order, bounds):
            if not len(group):
                continue
            block = self.transform_text([claims[i] for i in pairs[group, 0]], texts[pairs[group[0], 1]])
            dense[group] = block.dense
            bags.append(block.bag.to_scipy())
            rows.append(group)
        if not bags:
            return dense, sp.csr_matrix((0, 2 * len(self.bag_)))
        bag = sp.vstack(bags).tocsr()
        inverse = np.empty(len(pairs), dtype=np.int64)
        inverse[np.concatenate(rows)] = np.arange(len(pairs))
        return dense, bag[inverse]
