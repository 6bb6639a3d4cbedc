"""Multi-label heads: the ``min_labels`` floor, in threshold choice, training and prediction."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from framing.model.config import HeadConfig
from framing.model.multilabel import chosen_labels
from framing.training import best_thresholds, train

SAMPLE = Path(__file__).resolve().parents[1] / "corpus" / "sample"


def test_floor_adds_the_most_likely_labels_below_threshold():
    p = np.array([[0.9, 0.2, 0.3], [0.1, 0.2, 0.15]])
    t = np.full(3, 0.5)
    assert chosen_labels(p, t).tolist() == [[True, False, False], [False, False, False]]
    assert chosen_labels(p, t, 1).tolist() == [[True, False, False], [False, True, False]]
    assert chosen_labels(p, t, 2).tolist() == [[True, False, True], [False, True, True]]
    assert chosen_labels(p[1], t, 9).all()  # one article, floor above the number of labels
    # ranked by distance to each label's own threshold, not by probability
    assert chosen_labels(np.array([0.4, 0.3]), np.array([0.8, 0.35]), 1).tolist() == [False, True]


def test_global_threshold_is_chosen_with_the_floor_applied():
    # every article's top label is right: with a floor of one, the threshold only has to
    # exclude the negatives (0.25); without it, it must drop to 0.2 to keep the last article
    y = np.array([[1, 0], [1, 0], [0, 1], [1, 0]])
    p = np.array([[0.9, 0.1], [0.3, 0.2], [0.1, 0.6], [0.2, 0.15]])
    assert best_thresholds(y, p, "global")[0] == pytest.approx(0.2)
    assert best_thresholds(y, p, "global", min_labels=1)[0] == pytest.approx(0.25)


def test_setting_is_checked():
    assert HeadConfig.from_dict({"min_labels": 2}).min_labels == 2
    assert HeadConfig().min_labels == 0
    for bad in (-1, 1.5, True):
        with pytest.raises(ValueError, match="min_labels"):
            HeadConfig.from_dict({"min_labels": bad})


def test_trained_head_gives_every_article_its_floor(tmp_path):
    from framing import load_model, score_many

    out = train(SAMPLE, out=tmp_path / "m", head="sample_topics", overrides={"min_labels": 2},
                show_progress=False, log=lambda m: None)
    head = json.loads((out / "bundle.json").read_text())["heads"]["sample_topics"]
    assert head["hyperparameters"]["min_labels"] == 2
    texts = [json.loads(line)["text"] for line in (SAMPLE / "articles.jsonl").open()]
    scores = score_many(texts, load_model(out), False)
    over = [sum(p >= t for p, t in zip(s.heads["sample_topics"].values(), head["thresholds"])) for s in scores]
    assert min(over) < 2  # the thresholds alone leave some articles with fewer labels...
    assert all(len(s.labels["sample_topics"]) >= 2 for s in scores)  # ...the floor tops them up
