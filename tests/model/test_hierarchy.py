"""The joint decision of a parent head and its sub-label head: invariants, thresholds, scoring."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.model.hierarchy import Hierarchy, joint_thresholds, samples_f1

PARENTS = ["A: War", "A: War, Peace", "B: Climate", "Other"]
CHILDREN = ["A: War: Tanks", "A: War: Other", "A: War, Peace: Talks", "B: Climate: Heat", "B: Climate: Floods", "Other"]
HIERARCHY = Hierarchy(PARENTS, CHILDREN, none="Other")

probabilities = st.lists(st.floats(0, 1), min_size=len(PARENTS) + len(CHILDREN), max_size=len(PARENTS) + len(CHILDREN))
thresholds = st.lists(st.sampled_from([0.1, 0.3, 0.5, 0.7]), min_size=3, max_size=3)


def test_each_sub_label_finds_its_longest_parent():
    assert HIERARCHY.parent_of == {
        "A: War: Tanks": "A: War", "A: War: Other": "A: War", "A: War, Peace: Talks": "A: War, Peace",
        "B: Climate: Heat": "B: Climate", "B: Climate: Floods": "B: Climate", "Other": None,
    }
    assert Hierarchy(["A: War"], ["C: Sea: Fish"]).unknown_children() == ["C: Sea: Fish"]


@settings(max_examples=300, deadline=None)
@given(probabilities, thresholds)
def test_decisions_are_consistent_with_the_taxonomy(p, t):
    pp, pc = np.array(p[:len(PARENTS)]), np.array(p[len(PARENTS):])
    tp = np.array([t[1]] * 3 + [t[0]])
    tc = np.full(len(CHILDREN), t[2])
    parents, children = HIERARCHY.labels(*HIERARCHY.decide(pp, tp, pc, tc))
    assert parents and children, "an article always gets an answer"
    if "Other" in parents or "Other" in children:
        assert parents == ["Other"] and children == ["Other"]
    else:
        assert pp[3] < tp[3]
        assert {HIERARCHY.parent_of[c] for c in children} == set(parents), "every sub-label has its parent, every parent a sub-label"


def test_the_none_label_wins_over_everything_at_its_threshold():
    pp = np.array([0.9, 0.9, 0.9, 0.5])
    pc = np.full(len(CHILDREN), 0.9)
    assert HIERARCHY.labels(*HIERARCHY.decide(pp, np.array([0.5, 0.5, 0.5, 0.5]), pc, np.full(6, 0.5))) == (["Other"], ["Other"])
    parents, children = HIERARCHY.labels(*HIERARCHY.decide(pp, np.array([0.5, 0.5, 0.5, 0.6]), pc, np.full(6, 0.5)))
    assert parents == ["A: War", "A: War, Peace", "B: Climate"] and "Other" not in children


def test_a_parent_below_threshold_still_gives_the_best_and_its_likeliest_child():
    pp = np.array([0.2, 0.1, 0.05, 0.1])
    pc = np.array([0.2, 0.3, 0.9, 0.9, 0.1, 0.0])
    parents, children = HIERARCHY.labels(*HIERARCHY.decide(pp, np.full(4, 0.5), pc, np.full(6, 0.95)))
    # the child of another parent is off though likelier: sub-labels follow their parent
    assert parents == ["A: War"] and children == ["A: War: Other"]


def test_rows_decide_as_single_articles():
    rng = np.random.default_rng(0)
    pp, pc = rng.random((40, len(PARENTS))), rng.random((40, len(CHILDREN)))
    tp, tc = np.array([0.6, 0.6, 0.6, 0.7]), np.full(len(CHILDREN), 0.5)
    on_p, on_c = HIERARCHY.decide(pp, tp, pc, tc)
    for i in range(40):
        one_p, one_c = HIERARCHY.decide(pp[i], tp, pc[i], tc)
        assert np.array_equal(one_p, on_p[i]) and np.array_equal(one_c, on_c[i])


def test_a_head_alone_gives_its_none_label_alone():
    alone = Hierarchy(["x", "y", "none"], none="none")
    on, children = alone.decide(np.array([0.9, 0.2, 0.8]), np.array([0.5, 0.5, 0.5]))
    assert alone.labels(on, children) == (["none"], []) and children.shape == (0,)
    on, _ = alone.decide(np.array([0.9, 0.2, 0.3]), np.array([0.5, 0.5, 0.5]))
    assert alone.labels(on, np.zeros(0, bool))[0] == ["x"]


def test_samples_f1_matches_scikit_learn_and_counts_unlearnt_labels_as_missed():
    from sklearn.metrics import f1_score

    rng = np.random.default_rng(1)
    y = rng.random((30, 5)) < 0.3
    y[:, 0] |= ~y.any(axis=1)
    pred = rng.random((30, 5)) < 0.4
    pred[:, 1] |= ~pred.any(axis=1)
    assert np.isclose(samples_f1(y, pred), f1_score(y, pred, average="samples", zero_division=0))
    missed = np.zeros(30, int)
    missed[0] = 2
    wider = np.column_stack([y, np.zeros((30, 2), bool)])
    wider[0, 5:] = True
    assert np.isclose(samples_f1(y, pred, missed), f1_score(wider, np.column_stack([pred, np.zeros((30, 2), bool)]),
                                                            average="samples", zero_division=0))


def test_joint_thresholds_recover_a_separable_rule():
    rng = np.random.default_rng(2)
    n = 120
    is_other = rng.random(n) < 0.4
    y_p = np.zeros((n, len(PARENTS)), int)
    y_c = np.zeros((n, len(CHILDREN)), int)
    y_p[is_other, 3] = y_c[is_other, 5] = 1
    y_p[~is_other, 0] = y_c[~is_other, 0] = 1
    p_p = np.where(y_p == 1, 0.8, 0.2) + rng.normal(0, 0.02, y_p.shape)
    p_c = np.where(y_c == 1, 0.7, 0.1) + rng.normal(0, 0.02, y_c.shape)
    grid = np.round(np.arange(0.05, 0.951, 0.05), 2)
    tp, tc = joint_thresholds(HIERARCHY, y_p, p_p, y_c, p_c, grid)
    on_p, on_c = HIERARCHY.decide(p_p, tp, p_c, tc)
    assert samples_f1(y_p, on_p) == 1.0 and samples_f1(y_c, on_c) == 1.0
    assert 0.2 < tp[3] <= 0.8 and len(set(tp[:3])) == 1 and len(set(tc)) == 1
