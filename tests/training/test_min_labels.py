"""Multi-label heads: the ``min_labels`` floor in threshold choice, training and prediction
(the decision rule itself: tests/model/test_multilabel.py)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from framing.training import best_thresholds, train

from conftest import ROOT

SAMPLE = ROOT / "corpus" / "sample"


def test_global_threshold_is_chosen_with_the_floor_applied():
    # every article's top label is right: with a floor of one, the threshold only has to
    # exclude the negatives (0.25); without it, it must drop to 0.2 to keep the last article
    y = np.array([[1, 0], [1, 0], [0, 1], [1, 0]])
    p = np.array([[0.9, 0.1], [0.3, 0.2], [0.1, 0.6], [0.2, 0.15]])
    assert best_thresholds(y, p, "global")[0] == pytest.approx(0.2)
    assert best_thresholds(y, p, "global", min_labels=1)[0] == pytest.approx(0.25)


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
