"""FeatureTransformer as a scikit-learn estimator."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import (
    check_get_params_invariance,
    check_no_attributes_set_in_init,
    check_parameters_default_constructible,
    check_set_params,
)

from framing import FeatureTransformer

TEXTS = ["Officials may well disagree.", "Clearly, the plan was proven to work.", ""]


def test_transform_shape_and_names():
    t = FeatureTransformer().fit(TEXTS)
    X = t.transform(TEXTS)
    names = t.get_feature_names_out()
    assert X.shape == (3, len(names)) and X.dtype == np.float64
    assert not any(n.endswith(".count") for n in names)
    assert X[2].sum() == 0  # empty text
    assert X[0, list(names).index("hedge.per_1k")] > 0


def test_counts_can_be_kept():
    names = FeatureTransformer(counts=True).fit(TEXTS).get_feature_names_out()
    assert "hedge.count" in names


def test_families_subset():
    names = FeatureTransformer(families=["hedge"]).fit(TEXTS).get_feature_names_out()
    assert all(n.startswith("hedge.") for n in names)


def test_single_string_is_refused():
    with pytest.raises(TypeError, match="single text"):
        FeatureTransformer().fit("one text")


def test_in_a_pipeline_and_clone():
    pipe = make_pipeline(FeatureTransformer(), StandardScaler())
    X = pipe.fit_transform(TEXTS)
    assert X.shape[0] == 3
    assert clone(FeatureTransformer(counts=True)).counts is True


def test_unfitted_transform_raises():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        FeatureTransformer().transform(TEXTS)


@pytest.mark.parametrize(
    "check",
    [check_get_params_invariance, check_set_params, check_no_attributes_set_in_init, check_parameters_default_constructible],
)
def test_sklearn_estimator_checks_that_apply_to_text_input(check):
    check("FeatureTransformer", FeatureTransformer())
