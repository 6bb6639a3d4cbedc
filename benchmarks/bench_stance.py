"""Stance toward a claim on FNC-1: held-out score, per-class F1, training and call times.

Two cross-validations over the FNC-1 training set (../shared/datasets/fnc1):

* bodies held out: GroupKFold(5) by body, the usual FNC-1 development protocol
  (headlines recur across folds);
* claims held out: 5 folds of claim clusters (:func:`framing.claims.fnc1.claim_split_folds`),
  so neither the test bodies nor their headlines were seen, as in the official test set.

Term weights (IDF, bag vocabulary) are refitted inside every fold.  The
shipped model is trained into the default bundle by
``framing train corpus/ --head claim_stance`` (``corpus/claim_stance.toml``),
which records the bodies-held-out figure in the bundle's card.

Usage: ``python benchmarks/bench_stance.py [--no-write]``
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.results import DATASETS, machine, median_time, write_section  # noqa: E402
from framing.claims import LABELS, StanceModel, fnc_score, load_fnc1, stance  # noqa: E402
from framing.claims.fnc1 import claim_split_folds  # noqa: E402
from framing.claims.training import analyse_fnc1, cross_validate, fit_pairs  # noqa: E402

FOLDER = DATASETS / "fnc1"


def row(name: str, ev) -> str:
    f1 = " | ".join(f"{ev.f1[label]:.3f}" for label in LABELS)
    return f"| {name} | {ev.n_pairs:,} | **{100 * ev.score:.2f} %** | {f1} | {ev.macro_f1:.3f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print, do not update RESULTS.md")
    args = parser.parse_args()
    if not (FOLDER / "train_stances.jsonl").exists():
        sys.exit(f"{FOLDER} not found: the benchmark needs ../shared/datasets/fnc1")

    data = load_fnc1(FOLDER)
    start = time.perf_counter()
    analyses = analyse_fnc1(data)
    analyse_time = time.perf_counter() - start
    body_folds = list(GroupKFold(5).split(data.pairs, data.labels, data.pairs[:, 1]))
    claim_folds = claim_split_folds(data, n_splits=5, seed=0)
    results = {}
    for name, folds in (("bodies held out (GroupKFold 5 by body)", body_folds), ("claims held out (5 folds of claim clusters)", claim_folds)):
        start = time.perf_counter()
        results[name] = cross_validate(data, folds, StanceModel, analyses)
        print(row(name, results[name]), f"({time.perf_counter() - start:.0f} s)", flush=True)

    references = []
    for name, folds in zip(results, (body_folds, claim_folds)):
        test = np.concatenate([t for _, t in folds])
        y = data.labels[test]
        unrelated = LABELS.index("unrelated")
        oracle = np.where(y == unrelated, unrelated, LABELS.index("discuss"))
        references.append(
            f"| {name} | {100 * fnc_score(y, np.full(len(y), unrelated)):.2f} % | {100 * fnc_score(y, oracle):.2f} % |"
        )

    start = time.perf_counter()
    model = fit_pairs(StanceModel(), *analyse_fnc1(data), data, np.arange(len(data.labels)))
    train_time = time.perf_counter() - start
    rng = np.random.default_rng(0)
    sample = data.pairs[rng.choice(len(data.pairs), 50, replace=False)]
    call = median_time(lambda: [stance(data.claims[c], data.bodies[b], model=model) for c, b in sample], repeats=3) / len(sample)

    body = f"""## Stance toward a claim (`framing.claims`) on FNC-1

Machine: {machine()}.
Command: `python benchmarks/bench_stance.py` (deterministic; {len(data.labels):,} pairs, {len(data.bodies):,} bodies, {len(data.claims):,} headlines).

Model: two linear stages (logistic regressions): related vs unrelated over relatedness and cue
features (with quantile bins), then agree / disagree / discuss over the same features and the words
of the three sentences that match the claim best and of the whole text, its classes weighed by
(n / 3 n_c) ** 0.5 (half-way to "balanced": with no weights the body-held-out score is 0.2 points
higher and disagree F1 0.26 instead of 0.37).  Label = the most probable class.  Term weights
are refitted inside every training fold.  "Claims held out" deals claim clusters (connected parts of
the headline–body graph of related pairs) to folds: no test body or headline is seen in training;
unrelated pairs whose headline and body fall in different folds are left out, so its test folds hold
fewer unrelated pairs (and the score weighs the related classes more).

| held out | pairs | FNC-1 score / max | F1 agree | F1 disagree | F1 discuss | F1 unrelated | macro F1 |
|---|---|---|---|---|---|---|---|
{chr(10).join(row(name, ev) for name, ev in results.items())}

References on the same pairs: predicting "unrelated" for all, and a perfect related/unrelated split
with "discuss" for every related pair (what the FNC-1 score gives without any stance).

| held out | all unrelated | perfect relatedness + all discuss |
|---|---|---|
{chr(10).join(references)}

Goal: ≥ 82 % of the maximum on held-out bodies (the issue's references: FNC-1 winner 82.02 %,
feature baseline 79.53 %).  The challenge's official test set has unseen headlines *and* bodies, so
the claims-held-out row is the closer comparison to challenge results; there the model scores about
what "perfect relatedness + all discuss" scores: most of its score is relatedness, and its stance
classes on unseen claims are weak (disagree F1 0.13).

| cost | value |
|---|---|
| analysing all texts (prepare, terms, cues) | {analyse_time:.1f} s |
| fitting on all pairs (analysis included) | {train_time:.1f} s |
| one `stance(claim, text)` call, median of 50 FNC-1 pairs | {1000 * call:.1f} ms |
"""
    print(body)
    if not args.no_write:
        write_section("stance", body)


if __name__ == "__main__":
    main()
