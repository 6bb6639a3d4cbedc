"""The stance model: two linear stages over claim–text pair features.

Stage one, a logistic regression, says whether the text is related to the
claim at all; it reads the standardised relatedness and cue features and,
so that a linear model can bend, one-hot quantile bins of the relatedness
features.  Stage two, a multinomial logistic regression trained on related
pairs only, says whether a related text agrees with the claim, disputes it or
discusses it without taking a side; it reads the standardised features and the
bag of words of the sentences that match the claim best.  The four
probabilities are ``P(class) = P(related) · P(class | related)`` and
``P(unrelated) = 1 − P(related)``.

The fitted model is plain arrays (:meth:`StanceModel.to_arrays`), stored
without pickle in a model bundle beside its heads (:mod:`framing.training.components`).
Prediction needs numpy only; fitting imports scikit-learn and scipy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

import numpy as np

from ..lexicons import LexiconSet
from ..model.bundle import BundleError
from ..model.linear import sigmoid, softmax
from ..model.schema import Part
from .analysis import Analysis, analyse
from .claim_features import ClaimFeatures, SparseRows
from .fnc1 import LABELS

if TYPE_CHECKING:
    import scipy.sparse as sp

_N_RELATEDNESS_BINNED = 9  # the first relatedness features get quantile bins in stage one


def analyse_unique(texts: Sequence[str | Analysis], lexicons: LexiconSet, claims: bool = False) -> tuple[list[Analysis], np.ndarray]:
    """Analyse each distinct text once (as claims if ``claims``): the analyses and, per input, its analysis' index."""
    seen: dict[str, int] = {}
    analyses: list[Analysis] = []
    index = np.empty(len(texts), dtype=np.int64)
    for i, t in enumerate(texts):
        if isinstance(t, Analysis):
            index[i] = len(analyses)
            analyses.append(t)
            continue
        j = seen.get(t)
        if j is None:
            j = seen[t] = len(analyses)
            analyses.append(analyse(t, lexicons, claim=claims))
        index[i] = j
    return analyses, index


class StanceModel:
    """Stance of a text toward a claim: agree, disagree, discuss or unrelated.

    Parameters
    ----------
    C_related, C_class : float
        Inverse L2 regularisation of the two logistic regressions.
    n_bins : int
        Quantile bins per binned relatedness feature in stage one.
    near_weight, text_weight : float
        Scale of the bag columns (matching-sentence words, whole-text words)
        relative to the standardised features in stage two.
    balance : float
        Stage two weighs class ``c`` by ``(n / (3 · n_c)) ** balance``: 0
        maximises accuracy (and the FNC-1 score), 1 is scikit-learn's
        ``"balanced"`` (better F1 for the rare *disagree*).
    features : ClaimFeatures, optional
        Pair features (default settings if omitted).

    Attributes
    ----------
    classes_ : tuple of str
        :data:`~framing.claims.fnc1.LABELS`, the order of probability columns.
    """

    classes_ = LABELS

    def __init__(self, C_related: float = 1.0, C_class: float = 0.1, n_bins: int = 12, near_weight: float = 3.0,
                 text_weight: float = 3.0, balance: float = 0.5, features: ClaimFeatures | None = None):
        self.C_related = C_related
        self.C_class = C_class
        self.n_bins = n_bins
        self.near_weight = near_weight
        self.text_weight = text_weight
        self.balance = balance
        self.features = features or ClaimFeatures()

    # -- features -------------------------------------------------------------

    def _bins(self, dense: np.ndarray) -> np.ndarray:
        blocks = []
        for c, edges in enumerate(self.bin_edges_):
            blocks.append(np.eye(len(edges) + 1)[np.searchsorted(edges, dense[:, c], side="right")])
        return np.hstack(blocks)

    def _related_matrix(self, dense: np.ndarray) -> np.ndarray:
        return np.hstack([(dense - self.related_mean_) / self.related_scale_, self._bins(dense)])

    def _class_matrix(self, dense: np.ndarray, bag: "sp.csr_matrix | SparseRows") -> "sp.csr_matrix":
        """Stage two's design matrix (for fitting: imports scipy)."""
        import scipy.sparse as sp

        if isinstance(bag, SparseRows):
            bag = bag.to_scipy()
        scaled = (dense - self.class_mean_) / self.class_scale_
        n_bag = bag.shape[1] // 2
        weights = sp.diags(np.repeat([self.near_weight, self.text_weight], n_bag))
        return sp.hstack([sp.csr_matrix(scaled), bag @ weights]).tocsr()

    def _class_scores(self, dense: np.ndarray, bag: "SparseRows | sp.csr_matrix") -> np.ndarray:
        """Stage two's decision values, ``_class_matrix(dense, bag) @ class_coef_.T + class_intercept_``, in numpy.

        The sums are those scipy computes, to the last bit: each row's products
        with the coefficients added one after the other from 0.0, first the
        standardised features in column order, then the bag entries in the
        order that the product with the diagonal weights leaves them in (the
        reverse of the bag's own order).  A zero feature, which scipy leaves
        out, adds ±0.0 to a sum that is never −0.0, which changes nothing.
        """
        scaled = (dense - self.class_mean_) / self.class_scale_
        n_bag = bag.shape[1] // 2
        indptr, indices, data = (np.asarray(a) for a in (bag.indptr, bag.indices, bag.data))
        weighted = data * np.where(indices < n_bag, self.near_weight, self.text_weight)
        return _sequential_scores(scaled, indptr, indices, weighted, self.class_coef_) + self.class_intercept_

    def pair_features(self, claims: Sequence[str | Analysis], texts: Sequence[str | Analysis],
                      lexicons: LexiconSet | None = None) -> tuple[np.ndarray, "sp.csr_matrix"]:
        """Dense features and matching-sentence bags of the pairs ``(claims[i], texts[i])``."""
        lexicons = lexicons or LexiconSet()
        claim_an, claim_idx = analyse_unique(claims, lexicons, claims=True)
        text_an, text_idx = analyse_unique(texts, lexicons)
        return self.features.transform(claim_an, text_an, np.column_stack([claim_idx, text_idx]))

    # -- fitting and prediction ---------------------------------------------------

    def fit(self, claims: Sequence[str | Analysis], texts: Sequence[str | Analysis], labels: Sequence[str]) -> "StanceModel":
        """Fit on pairs ``(claims[i], texts[i])`` with stance ``labels[i]`` (one of :data:`LABELS`)."""
        lexicons = LexiconSet()
        claim_an, claim_idx = analyse_unique(claims, lexicons, claims=True)
        text_an, text_idx = analyse_unique(texts, lexicons)
        self.features.fit(claim_an + text_an)
        dense, bag = self.features.transform(claim_an, text_an, np.column_stack([claim_idx, text_idx]))
        return self.fit_features(dense, bag, np.array([LABELS.index(label) for label in labels]))

    def fit_features(self, dense: np.ndarray, bag: "sp.csr_matrix | SparseRows", y: np.ndarray) -> "StanceModel":
        """Fit on precomputed pair features (``y``: indices into :data:`LABELS`)."""
        from sklearn.linear_model import LogisticRegression

        if isinstance(bag, SparseRows):
            bag = bag.to_scipy()
        unrelated = LABELS.index("unrelated")
        related = y != unrelated
        if related.all() or not related.any():
            raise ValueError("training pairs must include both related and unrelated pairs")
        self.related_mean_, self.related_scale_ = _standardiser(dense)
        self.bin_edges_ = [
            np.unique(np.quantile(dense[:, c], np.linspace(0, 1, self.n_bins + 1)[1:-1]))
            for c in range(_N_RELATEDNESS_BINNED)
        ]
        stage1 = LogisticRegression(C=self.C_related, max_iter=3000).fit(self._related_matrix(dense), related)
        self.related_coef_, self.related_intercept_ = stage1.coef_[0], float(stage1.intercept_[0])

        self.class_mean_, self.class_scale_ = _standardiser(dense[related])
        classes, counts = np.unique(y[related], return_counts=True)
        weights = dict(zip(classes.tolist(), (counts.sum() / (len(classes) * counts)) ** self.balance))
        stage2 = LogisticRegression(C=self.C_class, max_iter=5000, class_weight=weights)
        stage2.fit(self._class_matrix(dense[related], bag[related]), y[related])
        coef = np.zeros((len(LABELS) - 1, stage2.coef_.shape[1]))
        coef[stage2.classes_] = stage2.coef_
        intercept = np.full(len(LABELS) - 1, -1e3)  # a class absent from training is never predicted
        intercept[stage2.classes_] = stage2.intercept_
        self.class_coef_, self.class_intercept_ = coef, intercept
        return self

    def predict_proba_features(self, dense: np.ndarray, bag: "SparseRows | sp.csr_matrix") -> np.ndarray:
        """Probabilities (columns in :data:`LABELS` order) from precomputed pair features (numpy only).

        ``bag``: :attr:`PairBlock.bag <framing.claims.claim_features.PairBlock>`, or the
        ``scipy.sparse.csr_matrix`` of :meth:`ClaimFeatures.transform` (at most one entry per row and column).
        """
        p_related = sigmoid(self._related_matrix(dense) @ self.related_coef_ + self.related_intercept_)
        p_class = softmax(self._class_scores(dense, bag))
        return np.column_stack([p_class * p_related[:, None], 1.0 - p_related])

    def predict_proba(self, claims: Sequence[str | Analysis], texts: Sequence[str | Analysis]) -> np.ndarray:
        """Probabilities of the pairs ``(claims[i], texts[i])``, columns in :data:`LABELS` order."""
        return self.predict_proba_features(*self.pair_features(claims, texts))

    def predict(self, claims: Sequence[str | Analysis], texts: Sequence[str | Analysis]) -> list[str]:
        """The most probable stance of each pair."""
        return [LABELS[i] for i in self.predict_proba(claims, texts).argmax(axis=1)]

    def get_feature_names_out(self) -> np.ndarray:
        """Names of stage two's columns (stage one reads the same dense features, plus bins)."""
        return np.concatenate([self.features.get_feature_names_out(), self.features.bag_names()])

    # -- storage -----------------------------------------------------------------

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The fitted model as plain arrays (no objects): feature state and both stages."""
        arrays = {f"features.{k}": v for k, v in self.features.to_arrays().items()}
        arrays.update({
            "settings": np.array([self.C_related, self.C_class, self.n_bins, self.near_weight, self.text_weight, self.balance]),
            "related.mean": self.related_mean_, "related.scale": self.related_scale_,
            "related.bin_sizes": np.array([len(e) for e in self.bin_edges_], dtype=np.int64),
            "related.bin_edges": np.concatenate(self.bin_edges_),
            "related.coef": self.related_coef_, "related.intercept": np.array([self.related_intercept_]),
            "class.mean": self.class_mean_, "class.scale": self.class_scale_,
            "class.coef": self.class_coef_, "class.intercept": self.class_intercept_,
        })
        return arrays

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> "StanceModel":
        """Rebuild a fitted model from :meth:`to_arrays`."""
        C_related, C_class, n_bins, near_weight, text_weight, balance = (float(v) for v in arrays["settings"])
        features = ClaimFeatures.from_arrays({k[len("features."):]: v for k, v in arrays.items() if k.startswith("features.")})
        self = cls(C_related, C_class, int(n_bins), near_weight, text_weight, balance, features)
        self.related_mean_, self.related_scale_ = arrays["related.mean"], arrays["related.scale"]
        self.bin_edges_ = np.split(arrays["related.bin_edges"], np.cumsum(arrays["related.bin_sizes"])[:-1])
        self.related_coef_, self.related_intercept_ = arrays["related.coef"], float(arrays["related.intercept"][0])
        self.class_mean_, self.class_scale_ = arrays["class.mean"], arrays["class.scale"]
        self.class_coef_, self.class_intercept_ = arrays["class.coef"], arrays["class.intercept"]
        return self

    @classmethod
    def from_part(cls, part: Part) -> "StanceModel":
        """Rebuild the model a bundle stores (``model.built("claim_stance", StanceModel.from_part)``).

        Raises
        ------
        BundleError
            If the stored features differ from this version's.
        """
        spec, arrays, files = part.spec, part.arrays, part.files
        if spec.get("feature_names") != ClaimFeatures().get_feature_names_out().tolist():
            raise BundleError("the bundle's claim-stance model reads other features than this version of framing computes; retrain it")
        model = cls.from_arrays({**arrays, "features.terms": np.array(files[spec["vocabulary"]], dtype=str)})
        model.card_ = spec
        return model


def _sequential_scores(scaled: np.ndarray, indptr: np.ndarray, indices: np.ndarray, weighted: np.ndarray,
                       coef: np.ndarray, max_cells: int = 1 << 21) -> np.ndarray:
    """``[scaled | bag] @ coef.T`` summed as scipy's CSR product does (see :meth:`StanceModel._class_scores`).

    Each row's products go in a row of slots: a leading 0.0, the dense
    columns in order, then its bag entries last first; ``cumsum`` along the
    slots adds them strictly in that order (``sum`` and ``@`` would not).
    Rows are taken in chunks of at most ``max_cells`` products.
    """
    n_rows, n_dense = scaled.shape
    n_classes = coef.shape[0]
    counts = np.diff(indptr)
    out = np.empty((n_rows, n_classes))
    width = 1 + n_dense + (int(counts.max()) if n_rows else 0)
    step = max(1, max_cells // (width * n_classes))
    dense_coef = coef[:, :n_dense].T
    for a in range(0, n_rows, step):
        b = min(a + step, n_rows)
        lo, hi = indptr[a], indptr[b]
        rows = np.repeat(np.arange(b - a), counts[a:b])
        slot = 1 + n_dense + (indptr[a + 1:b + 1][rows] - 1 - np.arange(lo, hi))
        products = np.zeros((b - a, width, n_classes))
        products[:, 1:1 + n_dense] = scaled[a:b, :, None] * dense_coef
        products[rows, slot] = weighted[lo:hi, None] * coef[:, n_dense + indices[lo:hi]].T
        out[a:b] = np.cumsum(products, axis=1)[:, -1]
    return out


def _standardiser(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scale = matrix.std(axis=0)
    return matrix.mean(axis=0), np.where(scale > 0, scale, 1.0)
