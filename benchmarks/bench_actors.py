"""Actor analysis: stance toward actors on BASIL (held-out events) and speed on AllSides.

Run: ``python benchmarks/bench_actors.py [--n 1000] [--repeats 3]``.
Writes the ``actors`` section of benchmarks/RESULTS.md.

Stance: every labelled entity of a BASIL article (``author_feeling``, without
``main_event``; ``str-`` folded into the polarity) is one row; its mentions are
found from the entity's name and simple aliases
(:func:`framing.actors.training.entity_aliases`), the way a caller passes
``actors=``.  Rows are scored by GroupKFold over the event (``triplet``): all
three outlets' versions of an event are on one side.  The regularisation,
class weights and prior shift are chosen inside each training part (nested
grouped CV, :func:`framing.actors.training.cross_validate`), so the held-out
figures never saw their events.  The shipped model is fitted on all rows
(:func:`~framing.actors.training.fit_stance_model`) by
``framing train corpus/ --head actor_stance``, into the default bundle.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import statistics
import time

import numpy as np

import framing
from framing.actors import STANCE_LABELS, ActorAnalyzer
from framing.actors.stance import FEATURE_NAMES
from framing.actors.training import cross_validate, entity_articles, fit_stance_model, stance_rows
from framing.text import prepare
from results import machine, median_time, read_jsonl, write_section

SEEDS = (0, 1, 2)
#: Features of the model before the near_* and most-mentioned ones were added.
N_BEFORE = 19
EXPLORED = """Also tried during development, by the same nested grouped CV (exploration scripts, not kept; unshuffled
GroupKFold, lbfgs; the first figures on an earlier row set of 457 rows, before more entities were found), none kept:
the 19 features with the prior shift 0.415 (457 rows) / 0.366 (469 rows); a bag of stemmed words of the actor's
sentences beside them, heavily regularised (weight 0.3 or 1): 0.406 / 0.401 (457), 0.398 with the shift (469), mean
0.407 over three shuffled splits without it; the words within 8 tokens of a mention instead: 0.396; the bag alone: 0.372;
a sentence-level model learnt from BASIL's bias spans that target the entity (training folds only), stacked as 6 more
features: 0.384 / 0.421 (457), 0.376 with the shift (469); the bag beside the shipped 24 features and shift: mean 0.406
against 0.405 without it over three shuffled splits.  None beat the shipped variant by more than the noise:
the same procedure moves by about ±0.03 between split seeds (pos has 14 rows; its F1 swings between 0 and 0.15)."""


def time_analysis(analyzer: ActorAnalyzer, extractor: framing.Extractor, texts: list[str]) -> float:
    """Seconds to analyse the actors of articles already extracted (prepared and extracted anew, untimed)."""
    extracted = [(reading, extractor.extract_reading(reading)) for reading in map(extractor.read, texts)]
    start = time.perf_counter()
    for reading, features in extracted:
        analyzer.analyze(reading, features=features)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1000, help="AllSides articles timed (the first n of media_train)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    articles = entity_articles((f"basil/articles.jsonl:{i}", r) for i, r in enumerate(read_jsonl("basil/articles.jsonl"), 1))
    rows = stance_rows(articles, ActorAnalyzer())
    X, y, groups = rows.X, rows.y, rows.groups
    counts = dict(zip(STANCE_LABELS, np.bincount(y, minlength=3).tolist()))
    no_shift = functools.partial(fit_stance_model, shifts=[(0.0, 0.0)])
    variants = {  # name -> (columns, fit)
        f"shipped: {len(FEATURE_NAMES)} features, prior shift": (slice(None), fit_stance_model),
        "without the prior shift": (slice(None), no_shift),
        f"without the {len(FEATURE_NAMES) - N_BEFORE} near / most-mentioned features": (slice(N_BEFORE), fit_stance_model),
        f"before this work: {N_BEFORE} features, no shift": (slice(N_BEFORE), no_shift),
    }
    scores = {name: [cross_validate(X[:, cols], y, groups, seed=seed, fit=fit) for seed in SEEDS] for name, (cols, fit) in variants.items()}
    shipped = scores[next(iter(variants))][0]
    texts = [r["text"] for r in itertools.islice(read_jsonl("allsides/media_train.jsonl.gz"), args.n)]
    words = statistics.median(len(t.split()) for t in texts)
    timed = ActorAnalyzer()
    extractor = framing.Extractor()
    t_actors = statistics.median(time_analysis(timed, extractor, texts) for _ in range(args.repeats))
    t_all = median_time(lambda: [timed.analyze(t) for t in texts], args.repeats)
    n_actors = statistics.median(len(timed.analyze(t)) for t in texts)

    f1 = lambda d: " / ".join(f"{d[k]:.2f}" for k in STANCE_LABELS)
    table = "\n".join(
        f"| {name} | {' / '.join(f'{e.macro_f1:.3f}' for e in evals)} | **{statistics.mean(e.macro_f1 for e in evals):.3f}** "
        f"| {f1({k: statistics.mean(e.f1[k] for e in evals) for k in STANCE_LABELS})} |"
        for name, evals in scores.items()
    )
    body = f"""## Actors (`framing.actors.analyze_actors`)

Machine: {machine()}.
Command: `python benchmarks/bench_actors.py --n {args.n} --repeats {args.repeats}`.

### Stance toward actors, BASIL `author_feeling`, held-out events

Rows: {len(y)} (entity, article) pairs over {len(set(groups))} events ({counts}); {rows.missing} labelled entities not found in their article were left out.
Held out: GroupKFold(5) over events, shuffled with seeds {', '.join(map(str, SEEDS))}; C, class weight and a log-prior shift of neg and pos chosen inside each training part by a nested GroupKFold(5) (`framing.actors.training.cross_validate`).
Features: {len(FEATURE_NAMES)} per actor (`framing.actors.stance.FEATURE_NAMES`).  Goal: macro-F1 ≥ 0.55.

| variant | macro-F1 per seed | mean | F1 neg / neu / pos (mean) |
|---|---|---|---|
{table}
| majority class (neu) | {shipped.majority_macro_f1:.3f} | {shipped.majority_macro_f1:.3f} | {f1(shipped.majority_f1)} |

Shipped model, seed 0: accuracy {shipped.accuracy:.3f}; confusion (rows true neg/neu/pos, columns predicted) {shipped.confusion}.

{EXPLORED}

### Speed, first {len(texts)} AllSides `media_train` articles (median {words:.0f} words), one core

| measure | value |
|---|---|
| actor analysis of an extracted article (`features=framing.extract(...)`: mentions, voice, roles, stance), ms/article | {1000 * t_actors / len(texts):.2f} |
| from raw text (prepare + quote, attribution and loaded families + actors), ms/article | {1000 * t_all / len(texts):.2f} |
| actors per article (median) | {n_actors:.0f} |
"""
    write_section("actors", body)
    print(body)


if __name__ == "__main__":
    main()
