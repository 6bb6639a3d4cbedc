"""Entity roles on SemEval-2025 Task 10 subtask 1 (grouped CV) and their cost in the actor analysis.

Run: ``python benchmarks/bench_roles.py [--seeds 0 1 2] [--n 300] [--repeats 3]``.
Writes the ``roles`` section of benchmarks/RESULTS.md.

Every labelled mention of ../shared/datasets/semeval2025_roles (202 articles,
686 mentions; research use only) is one row (:func:`framing.actors.role_training.read_rows`).
Rows are scored by GroupKFold(5) over groups of near-duplicate articles (every
mention of an article in its article's group), shuffled by each seed; the
hyper-parameters are chosen inside each training part by a nested GroupKFold(5)
(:func:`framing.actors.role_training.cross_validate`), so no figure saw its
article.  Figures are the subtask's: main-role accuracy and macro-F1, and the
exact-match ratio of the fine-role sets, beside the trivial baselines
("Antagonist" for every mention; the most frequent fine-role set).  The shipped
model is fitted on all rows by ``framing train corpus/ --head entity_roles``.

Speed: the actors of the first ``--n`` AllSides ``media_train`` articles,
analysed with the shipped role model and without one (the same stance model),
from readings whose shared analyses are done (as ``Score.actors`` finds them).
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time

import numpy as np

import framing
from framing.actors import ActorAnalyzer, actor_stance_model
from framing.actors.role_training import Rows, cross_validate, role_articles, read_rows
from framing.actors.roles import AGGREGATED_MENTIONS, DEFAULT_CONFIG, DENSE_NAMES, MAIN_ROLES
from results import machine, read_jsonl, write_section

DATA = "semeval2025_roles/articles.jsonl"
STANCE = """Shared with actor stance? (issue 11, part 3; an exploration script, not kept.)  BASIL actor stance, the 469 rows of
`benchmarks/bench_actors.py`, nested grouped CV by event, macro-F1 for split seeds 0 / 1 / 2: the shipped 24 features
0.390 / 0.403 / 0.403 (mean 0.398); with the shipped role model's three main-role log-probabilities per actor 0.392 / 0.428 /
0.383 (0.401); with the 27 role-context numbers of its first five mentions (mean) 0.412 / 0.407 / 0.408 (0.409); with both
0.411 / 0.383 / 0.386 (0.394).  At most +0.011, inside the ±0.03 the same procedure moves between split seeds, and far from
the goal of 0.55: the stance model is left as it was."""


def without_terms(rows: Rows, keep: tuple[str, ...] = ()) -> Rows:
    """``rows`` with only the context terms starting with ``keep``."""
    return rows._replace(terms=[[t for t in terms if t.startswith(keep)] for terms in rows.terms]) if keep else rows._replace(terms=[[] for _ in rows.terms])


def time_actors(analyzer: ActorAnalyzer, pipeline: framing.Pipeline, texts: list[str]) -> float:
    """Seconds to analyse the actors of articles already read and extracted by ``pipeline`` (untimed), as
    ``Score.actors`` finds them: quotations, attributions and loaded terms done, under the same lexicons."""
    ready = []
    for text in texts:
        reading = pipeline.read(text)
        features = pipeline.extractor.extract_reading(reading)
        ready.append((reading, features))
    start = time.perf_counter()
    for reading, features in ready:
        analyzer.analyze(reading, features=features)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2], help="shuffles of the grouped folds")
    parser.add_argument("--n", type=int, default=300, help="AllSides articles timed")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    articles = role_articles((f"{DATA}:{i}", r) for i, r in enumerate(read_jsonl(DATA), 1))
    rows = read_rows(articles)
    counts = dict(zip(MAIN_ROLES, np.bincount(rows.y, minlength=3).tolist()))
    variants = {  # name -> (rows, seeds)
        f"shipped: {len(DENSE_NAMES)} context numbers + words around the mention + its own words": (rows, args.seeds),
        "without the mention's own words (e:, t:)": (without_terms(rows, ("w:", "l:", "r:")), args.seeds[:1]),
        "the mention's own words only, with the context numbers": (without_terms(rows, ("e:", "t:")), args.seeds[:1]),
        f"the {len(DENSE_NAMES)} context numbers only": (without_terms(rows), args.seeds[:1]),
    }
    scores = {}
    for name, (data, seeds) in variants.items():
        scores[name] = [cross_validate(data, seed=seed) for seed in seeds]
        print(name, [(round(e.accuracy, 3), round(e.macro_f1, 3), round(e.exact_match, 3)) for e in scores[name]], flush=True)
    shipped = scores[next(iter(variants))]

    texts = [r.get("text") or "" for r in itertools.islice(read_jsonl("allsides/media_train.jsonl.gz"), args.n)]
    pipeline = framing.Pipeline()
    with_roles = pipeline.actor_analyzer
    # a bare stance model (the same one): no role model
    no_roles = ActorAnalyzer(pipeline.lexicons, stance_model=actor_stance_model(pipeline.model), tagger=pipeline.tagger)
    for analyzer in (with_roles, no_roles):
        analyzer.analyze(pipeline.read(texts[0]))
    t_with, t_without = [], []
    for _ in range(args.repeats):  # interleaved, so that a busy machine slows both alike
        t_with.append(time_actors(with_roles, pipeline, texts))
        t_without.append(time_actors(no_roles, pipeline, texts))
    t_with, t_without = statistics.median(t_with), statistics.median(t_without)
    start = time.perf_counter()
    framing.score_many(texts, show_progress=False)
    t_score = time.perf_counter() - start
    n_actors = statistics.median(len(with_roles.analyze(t)) for t in texts[:100])

    mean = lambda evals, key: statistics.mean(getattr(e, key) for e in evals)
    table = "\n".join(
        f"| {name} | {len(evals)} | **{mean(evals, 'accuracy'):.3f}** | **{mean(evals, 'macro_f1'):.3f}** | "
        f"{' / '.join(f'{statistics.mean(e.f1[k] for e in evals):.2f}' for k in MAIN_ROLES)} | **{mean(evals, 'exact_match'):.3f}** | "
        f"{mean(evals, 'fine_micro_f1'):.3f} |"
        for name, evals in scores.items()
    )
    first = shipped[0]
    body = f"""## Entity roles (`framing.entity_roles`, `actor.role`)

Machine: {machine()}.
Command: `python benchmarks/bench_roles.py --seeds {' '.join(map(str, args.seeds))} --n {args.n} --repeats {args.repeats}`.

### SemEval-2025 Task 10 subtask 1 (English training release), grouped cross-validation

Rows: {len(rows.y)} labelled mentions of {first.n_articles} articles ({counts}) in {first.n_groups} groups of near-duplicate articles;
research use only (the data stays in ../shared; the model card says so).
Held out: GroupKFold(5) over the groups (all mentions of an article on one side), shuffled with seeds {', '.join(map(str, args.seeds))}
(the variants below the first: seed {args.seeds[0]}); C, class weights and a prior shift of the main-role model, C of the
fine-role models and the threshold of a second fine role chosen inside each training part by a nested GroupKFold(5).
Context: `{DEFAULT_CONFIG}` (`framing.actors.roles.DEFAULT_CONFIG`).
Goals (issue 11): main-role accuracy ≥ 0.89, macro-F1 ≥ 0.60, fine-role exact match ≥ 0.40.

| variant | seeds | main accuracy | main macro-F1 | F1 Protagonist / Antagonist / Innocent | fine exact match | fine micro-F1 |
|---|---|---|---|---|---|---|
{table}
| baseline: "Antagonist" for every mention, its most frequent fine-role set | – | {first.baseline_accuracy:.3f} | {first.baseline_macro_f1:.3f} | 0.00 / {2 * counts['Antagonist'] / (len(rows.y) + counts['Antagonist']):.2f} / 0.00 | {first.baseline_exact_match:.3f} | – |

Shipped procedure, seed {args.seeds[0]}: confusion (rows true Protagonist / Antagonist / Innocent, columns predicted) {first.confusion};
hyper-parameters chosen per fold {first.chosen}.

The goals are not met: main-role accuracy stays at about the all-Antagonist baseline (the model trades
accuracy for the minority roles, which macro-F1 rewards), macro-F1 is well above the baseline but below 0.60,
and the fine-role exact match is about {mean(shipped, 'exact_match') / max(first.baseline_exact_match, 1e-9):.1f}× the baseline, far from 0.40.
Also tried during development (5-fold grouped CV, fixed hyper-parameter grids, not kept): context windows of 4 and 10 words
and no sentence clipping; the words around the entity's other mentions in the article; Porter stems instead of words;
the gazetteer's actor and country of the mention as terms: each within ±0.02 of the shipped variant, the noise of the splits.

{STANCE}

### Cost, first {len(texts)} AllSides `media_train` articles, one core

| measure | value |
|---|---|
| actor analysis with roles (mentions, voice, stance, role of every actor), ms/article | {1000 * t_with / len(texts):.2f} |
| the same without a role model, ms/article | {1000 * t_without / len(texts):.2f} |
| **extra for the actors' roles, ms/article** (goal ≤ 1) | **{1000 * (t_with - t_without) / len(texts):.2f}** |
| `score_many` (actors not asked for), ms/article | {1000 * t_score / len(texts):.2f} |
| actors per article (median, first 100) | {n_actors:.0f} |

`Score.actors` is computed on first use, so `score_many` itself does not pay for roles; a caller who reads
every score's actors pays the extra above (an actor's role reads its first {AGGREGATED_MENTIONS} mentions).
"""
    write_section("roles", body)
    print(body)


if __name__ == "__main__":
    main()
