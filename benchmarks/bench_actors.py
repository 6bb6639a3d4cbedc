"""Actor analysis: stance toward actors on BASIL (held-out events) and speed on AllSides.

Run: ``python benchmarks/bench_actors.py [--n 1000] [--repeats 3] [--save]``.
Writes the ``actors`` section of benchmarks/RESULTS.md.

Stance: every labelled entity of a BASIL article (``author_feeling``, without
``main_event``; ``str-`` folded into the polarity) is one row; its mentions are
found from the entity's name and simple aliases (surname, "Republicans"),
the way a caller passes ``actors=``.  Rows are scored by GroupKFold over the
event (``triplet``): all three outlets' versions of an event are on one side.
The regularisation and class weights are chosen inside each training part
(nested grouped CV), so the held-out figures never saw their events.
``--save`` then fits on all rows and writes ``models/actor_stance/``.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time

import numpy as np

import framing
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

from framing.actors import STANCE_LABELS, ActorAnalyzer, StanceModel
from framing.actors.stance import BUNDLE, FEATURE_NAMES
from framing.text import prepare
import results
from results import machine, median_time, read_jsonl, write_section

GRID = [(c, w) for c in (0.01, 0.03, 0.1, 0.3, 1.0) for w in ("balanced", None)]
_PARTY = {"republican": ["Republicans", "GOP", "Republican lawmakers"], "democrat": ["Democrats", "Democratic lawmakers"]}


def aliases(entity: str) -> tuple[str, list[str]]:
    """The display name of a BASIL entity and the aliases a caller would give."""
    name = entity.replace("_", " ")
    words = name.split()
    out = []
    if 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and not any(p in name.lower() for p in _PARTY):
        out.append(words[-1])  # a person's surname
    for key, extra in _PARTY.items():
        if key in name.lower():
            out += extra
    return name, out


def basil_rows(analyzer: ActorAnalyzer) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Stance features, labels (index into STANCE_LABELS), event groups, and entities never found."""
    X, y, groups, missing = [], [], [], 0
    for row in read_jsonl("basil/articles.jsonl"):
        labelled = {e: v.split("-")[-1] for e, v in row["author_feeling"].items() if e != "main_event"}
        given = dict(aliases(e) for e in labelled)
        read = {p.name: (p, x) for p, x in zip(*analyzer.read(prepare(row["text"]), given))}
        for entity, label in labelled.items():
            profile, x = read.get(aliases(entity)[0], (None, None))
            if profile is None or not profile.mentions:
                missing += 1
                continue
            X.append(x)
            y.append(STANCE_LABELS.index(label))
            groups.append(row["triplet"])
    return np.array(X), np.array(y), np.array(groups), missing


def fit(X: np.ndarray, y: np.ndarray, C: float, weight: str | None) -> StanceModel:
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale == 0] = 1.0
    clf = LogisticRegression(C=C, class_weight=weight, max_iter=5000).fit((X - mean) / scale, y)
    coef = np.zeros((len(STANCE_LABELS), X.shape[1]))
    intercept = np.full(len(STANCE_LABELS), -30.0)  # a class absent from training is never predicted
    coef[clf.classes_], intercept[clf.classes_] = clf.coef_, clf.intercept_
    return StanceModel(mean, scale, coef, intercept)


def choose(X: np.ndarray, y: np.ndarray, groups: np.ndarray, folds: int = 5) -> tuple[float, str | None]:
    """The (C, class weight) with the best macro-F1 over grouped folds of these rows."""
    best, best_score = GRID[0], -1.0
    for C, weight in GRID:
        pred = np.zeros_like(y)
        for tr, te in GroupKFold(folds).split(X, y, groups):
            pred[te] = fit(X[tr], y[tr], C, weight).predict_proba(X[te]).argmax(axis=1)
        score = f1_score(y, pred, average="macro", labels=range(3), zero_division=0)
        if score > best_score:
            best, best_score = (C, weight), score
    return best


def evaluate(X: np.ndarray, y: np.ndarray, groups: np.ndarray, folds: int = 5) -> dict:
    pred = np.zeros_like(y)
    chosen = []
    for tr, te in GroupKFold(folds).split(X, y, groups):
        C, weight = choose(X[tr], y[tr], groups[tr])
        chosen.append((C, weight))
        pred[te] = fit(X[tr], y[tr], C, weight).predict_proba(X[te]).argmax(axis=1)
    majority = np.full_like(y, np.bincount(y).argmax())
    scores = {}
    for name, p in (("model", pred), ("majority", majority)):
        per = f1_score(y, p, average=None, labels=range(3), zero_division=0)
        scores[name] = {"macro_f1": float(per.mean()), "f1": dict(zip(STANCE_LABELS, map(float, per))), "accuracy": float((p == y).mean())}
    scores["chosen"] = chosen
    scores["confusion"] = np.bincount(y * 3 + pred, minlength=9).reshape(3, 3).tolist()
    return scores


def time_analysis(analyzer: ActorAnalyzer, extractor: framing.Extractor, texts: list[str]) -> float:
    """Seconds to analyse the actors of articles already extracted (prepared and extracted anew, untimed)."""
    extracted = [(doc, extractor.extract_document(doc)) for doc in map(prepare, texts)]
    start = time.perf_counter()
    for doc, features in extracted:
        analyzer.analyze(doc, features=features)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1000, help="AllSides articles timed (the first n of media_train)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--save", action="store_true", help="fit on all BASIL rows and write models/actor_stance/")
    args = parser.parse_args()

    analyzer = ActorAnalyzer(stance_model=None)
    X, y, groups, missing = basil_rows(analyzer)
    scores = evaluate(X, y, groups)
    counts = dict(zip(STANCE_LABELS, np.bincount(y, minlength=3).tolist()))
    if args.save:
        C, weight = choose(X, y, groups)
        model = fit(X, y, C, weight)
        model.info = {
            "trained_on": "BASIL (Fan et al., EMNLP 2019), author_feeling of every labelled entity found in its article",
            "rows": int(len(y)), "classes": counts, "events": int(len(set(groups))), "C": C, "class_weight": weight,
            "held_out": {k: scores[k] for k in ("model", "majority")},
            "evaluation": "GroupKFold(5) over events, C and class weight chosen by nested GroupKFold(5)",
            "probabilities": "with class_weight balanced, the classes count as equally likely a priori",
        }
        print("saved", model.save(results.ROOT / "models" / BUNDLE))

    texts = [r["text"] for r in itertools.islice(read_jsonl("allsides/media_train.jsonl.gz"), args.n)]
    words = statistics.median(len(t.split()) for t in texts)
    timed = ActorAnalyzer()
    extractor = framing.Extractor()
    t_actors = statistics.median(time_analysis(timed, extractor, texts) for _ in range(args.repeats))
    t_all = median_time(lambda: [timed.analyze(t) for t in texts], args.repeats)
    n_actors = statistics.median(len(timed.analyze(t)) for t in texts)

    m, b = scores["model"], scores["majority"]
    f1 = lambda s: " / ".join(f"{s['f1'][k]:.2f}" for k in STANCE_LABELS)
    body = f"""## Actors (`framing.actors.analyze_actors`)

Machine: {machine()}.
Command: `python benchmarks/bench_actors.py --n {args.n} --repeats {args.repeats}{' --save' if args.save else ''}`.

### Stance toward actors, BASIL `author_feeling`, held-out events

Rows: {len(y)} (entity, article) pairs over {len(set(groups))} events ({counts}); {missing} labelled entities not found in their article were left out.
GroupKFold(5) over events; C and class weight chosen inside each training part by a nested GroupKFold(5).
Features: {len(FEATURE_NAMES)} per actor (`framing.actors.stance.FEATURE_NAMES`).

| | macro-F1 | F1 neg / neu / pos | accuracy |
|---|---|---|---|
| linear model (held out) | **{m['macro_f1']:.3f}** (goal ≥ 0.55) | {f1(m)} | {m['accuracy']:.3f} |
| majority class (neu) | {b['macro_f1']:.3f} | {f1(b)} | {b['accuracy']:.3f} |

Confusion (rows true neg/neu/pos, columns predicted): {scores['confusion']}.

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
