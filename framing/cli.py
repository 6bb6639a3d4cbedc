"""The ``framing`` command: score, features, train, evaluate.  Thin over the public API."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, Iterator

_FORMATS = ("json", "jsonl", "table")


def _inputs(files: list[str], errors: list[str]) -> Iterator[tuple[str, str]]:
    """``(name, text)`` of every readable input; unreadable ones are reported and skipped."""
    for name in files:
        try:
            data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
            yield name, data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            errors.append(f"{name}: not UTF-8 (byte {err.start}); convert it to UTF-8 first")
        except OSError as err:
            errors.append(f"{name}: {err.strerror or err}")


def _count(value: str) -> int:
    """A whole number >= 0 (``--explain -1`` would slice from the end: every input)."""
    n = int(value)
    if n < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, got {value}")
    return n


def _emit(rows: list[dict[str, Any]], fmt: str, table: Any) -> None:
    if fmt == "json":
        json.dump(rows, sys.stdout, indent=1, ensure_ascii=False)
        print()
    elif fmt == "jsonl":
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
    else:
        for row in rows:
            table(row)


def _score_table(row: dict[str, Any]) -> None:
    print(row["file"] + ("  (empty text: training priors)" if row.get("empty") else ""))
    for head, probs in row["heads"].items():
        label = row["labels"][head]
        shown = ", ".join(label) if isinstance(label, list) else label
        top = sorted(probs.items(), key=lambda kv: -kv[1])[:4]
        print(f"  {head:<12} {shown or '-':<30} " + "  ".join(f"{k} {v:.2f}" for k, v in top))
        for reason in row.get("explain", {}).get(head, []):
            spans = ", ".join(repr(e["text"]) for e in reason["evidence"][:3])
            print(f"      {reason['weight']:+.3f} {reason['kind']} {reason['name']}: {spans}")
    for claim, result in row.get("claims", {}).items():
        print(f"  {'stance':<12} {result['label']:<30} {result['probabilities'][result['label']]:.2f}  toward {claim[:60]!r}")
    actors = [f"{a['name']} ({a['n_mentions']}{', ' + a['stance_label'] if a['stance_label'] else ''})" for a in row.get("actors", [])[:5]]
    if actors:
        print(f"  {'actors':<12} " + ", ".join(actors))


def _features_table(row: dict[str, Any]) -> None:
    print(row["file"])
    for name, value in row["values"].items():
        if value:
            print(f"  {name:<40} {value:10.3f}")
    for e in row["evidence"]:
        print(f"  [{e['start']}:{e['end']}] {e['kind']}/{e['detail']}: {e['text']!r}")


def _cmd_score(args: argparse.Namespace, errors: list[str]) -> None:
    from .pipeline import Pipeline

    pipeline = Pipeline(args.model)
    rows = []
    for name, text in _inputs(args.files, errors):
        s = pipeline.score(text, claims=args.claim or ())
        row = {"file": name, **s.to_dict()}
        if args.explain:
            row["explain"] = {h: [r.to_dict() for r in s.explain(h, top=args.explain)] for h in s.heads}
        if not args.evidence:
            row.pop("evidence")
            row.pop("features")
            for part in [*row["actors"], *row["claims"].values()]:
                part.pop("evidence")
                part.pop("mentions", None)
        rows.append(row)
    _emit(rows, args.format, _score_table)


def _cmd_features(args: argparse.Namespace, errors: list[str]) -> None:
    from .features import Extractor

    extractor = Extractor()
    rows = [{"file": name, **extractor.extract(text).to_dict()} for name, text in _inputs(args.files, errors)]
    _emit(rows, args.format, _features_table)


def _cmd_train(args: argparse.Namespace, errors: list[str]) -> None:
    from .model import bundle_sha256
    from .training import train

    path = train(args.corpus, out=args.out, head=args.head)
    print(f"wrote {path}")
    print(f"sha256 {bundle_sha256(path)}  (pin it: framing.load_model(path, sha256=...))")


def _cmd_evaluate(args: argparse.Namespace, errors: list[str]) -> None:
    from .training import evaluate

    results = evaluate(args.corpus, args.model, head=args.head)
    if args.format != "table":
        _emit([{"head": h, **r} for h, r in results.items()], args.format, None)
        return
    for head, r in results.items():
        key = ("micro_f1", "macro_f1") if "micro_f1" in r else ("accuracy", "macro_f1")
        note = " - the files of its manifest's data: not held out if the model was trained on them" if r["split"] == "data" else ""
        print(f"{head} on {r['split']} ({r['n']} articles{note}): " + ", ".join(f"{k} {r[k]:.3f}" for k in key))
        if "confusion" in r:
            labels = r["confusion"]["labels"]
            print("  true \\ predicted  " + " ".join(f"{x[:9]:>9}" for x in labels))
            for label, counts in zip(labels, r["confusion"]["matrix"]):
                print(f"  {label[:17]:<17} " + " ".join(f"{c:>9}" for c in counts))


def _stance_table(row: dict[str, Any]) -> None:
    probs = "  ".join(f"{k} {v:.2f}" for k, v in sorted(row["probabilities"].items(), key=lambda kv: -kv[1]))
    print(f"{row['file']}\n  {row['label']:<10} {probs}")
    for e in row["evidence"]:
        print(f"  [{e['start']}:{e['end']}] {e['detail']}: {e['text'][:80]!r}")


def _cmd_stance(args: argparse.Namespace, errors: list[str]) -> None:
    from .claims import claim_stance_model
    from .pipeline import Pipeline

    pipeline = Pipeline(args.model)
    model = claim_stance_model(pipeline.model)
    rows = [{"file": name, **pipeline.stance(args.claim, text, model).to_dict()} for name, text in _inputs(args.files, errors)]
    _emit(rows, args.format, _stance_table)


def _cmd_report(args: argparse.Namespace, errors: list[str]) -> None:
    from .pipeline import Pipeline
    from .report import write_report

    named = list(_inputs(args.files, errors))
    if named:
        pipeline = Pipeline(args.model)
        scores = [pipeline.score(text, claims=args.claim or ()) for _, text in named]
        path = write_report(scores, args.out, titles=[name for name, _ in named])
        print(f"wrote {path}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="framing", description="How news articles tell a story, with the spans that show it.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("score", help="label probabilities per head of a model")
    p.add_argument("files", nargs="+", metavar="FILE", help="UTF-8 text or HTML files; - reads standard input")
    p.add_argument("--format", choices=_FORMATS, default="table")
    p.add_argument("-m", "--model", help="bundle folder or name (default: the shipped model)")
    p.add_argument("--explain", type=_count, default=0, metavar="N", help="add the N inputs that pushed each head most")
    p.add_argument("--evidence", action="store_true", help="add feature values and evidence spans")
    p.add_argument("--claim", action="append", help="add the stance toward this claim (repeat for several)")
    p.set_defaults(run=_cmd_score)
    p = sub.add_parser("features", help="feature values and the evidence spans behind them")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--format", choices=_FORMATS, default="json")
    p.set_defaults(run=_cmd_features)
    p = sub.add_parser("train", help="train the heads a corpus declares into a bundle")
    p.add_argument("corpus", help="manifest, folder of manifests, folder per label, or JSON Lines file")
    p.add_argument("--out", default="models/default", help="bundle folder to write (default: models/default)")
    p.add_argument("--head", action="append", help="train only this head (repeat for several)")
    p.set_defaults(run=_cmd_train)
    p = sub.add_parser("evaluate", help="score a model on a corpus (held-out files where declared)")
    p.add_argument("corpus")
    p.add_argument("-m", "--model", help="bundle folder or name (default: the shipped model)")
    p.add_argument("--head", action="append", help="evaluate only this head (repeat for several)")
    p.add_argument("--format", choices=_FORMATS, default="table")
    p.set_defaults(run=_cmd_evaluate)
    p = sub.add_parser("stance", help="stance of each text toward a claim: agree, disagree, discuss, unrelated")
    p.add_argument("--claim", required=True, help="the claim (e.g. a headline)")
    p.add_argument("files", nargs="+", metavar="FILE", help="UTF-8 text or HTML files; - reads standard input")
    p.add_argument("-m", "--model", help="bundle folder or name with a claim-stance model (default: the shipped model)")
    p.add_argument("--format", choices=_FORMATS, default="table")
    p.set_defaults(run=_cmd_stance)
    p = sub.add_parser("report", help="one self-contained HTML page: highlighted evidence, head bars, actors, sourcing")
    p.add_argument("files", nargs="+", metavar="FILE", help="UTF-8 text or HTML files; - reads standard input")
    p.add_argument("-o", "--out", default="report.html", help="the page to write (default: report.html)")
    p.add_argument("-m", "--model", help="bundle folder or name (default: the shipped model)")
    p.add_argument("--claim", action="append", help="add the stance toward this claim (repeat for several)")
    p.set_defaults(run=_cmd_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (1 if any input or step failed)."""
    from .model.bundle import BundleError

    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "files", None) and args.files.count("-") > 1:
        parser.error("standard input (-) given more than once: it can be read only once")
    errors: list[str] = []
    try:
        args.run(args, errors)
    except BrokenPipeError:  # the reader went away (`framing score … | head`): not an error of ours,
        _silence_stdout()   # but the files that failed are still reported, and the status says so
    except (BundleError, ValueError, OSError) as err:  # bad model, corpus or file: one clear line
        errors.append(str(err))
    for message in errors:
        print(f"framing: error: {message}", file=sys.stderr)
    return 1 if errors else 0


def _silence_stdout() -> None:
    """Point standard output at the null device, so that flushing it at exit raises no second BrokenPipeError."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file descriptor (captured output)
        pass


if __name__ == "__main__":
    sys.exit(main())
