"""Training and evaluation: above every package it trains (heads, stance models), imported only to train.

``train(corpus)`` reads the manifests of a corpus folder and writes a bundle;
``evaluate(corpus, model)`` scores a bundle on the held-out files.  These import
scikit-learn and scipy; scoring never imports this package.
"""

from .evaluation import evaluate
from .heads import best_thresholds
from .train import load_heads, train

__all__ = ["best_thresholds", "evaluate", "load_heads", "train"]
