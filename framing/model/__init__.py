"""Models over the feature layer and n-grams: the bundle format, loading and prediction (numpy only).

==========  ===============================================================
bundle      the files of a bundle: written atomically, read confined and within limits, pinned by a digest
validation  the values of a loaded bundle, checked against the layout
schema      the layout of their contents (heads, vectorisers, other parts)
model       a loaded bundle: heads, vocabularies, parts its clients rebuild
heads       one head: its inputs, probabilities, decision and explanation
ngrams      n-gram counting and TF-IDF
linear      softmax and sigmoid
multilabel  the decision rule of multi-label heads
config      a head's hyper-parameters (read by training)
metrics     scores of predictions against labels
loading     finding a bundle by name or folder
==========  ===============================================================

Training lives in :mod:`framing.training`, above every package it trains.
"""

from .bundle import FORMAT, BundleError, bundle_sha256
from .config import HeadConfig
from .heads import Head, HeadInput
from .loading import ModelRef, find_bundle, load_model, model_paths
from .model import Model, load
from .schema import Component, Part

__all__ = ["BundleError", "Component", "FORMAT", "bundle_sha256", "Head", "HeadConfig", "HeadInput", "Model", "ModelRef", "Part",
           "find_bundle", "load", "load_model", "model_paths"]
