"""The ``framing`` command: score, features, train, evaluate.  Thin over the public API."""

from __future__ import annotations

import argparse
import csv
import json
import os
import pickle
import sys
from contextlib import contextmanager, redirect_stdout
from typing import Any, Callable, Iterable, Iterator, NamedTuple, Sequence

from .corpus.records import Record, is_corpus, known_ids, ParquetRows, read_records, trim_torn_line
from .progress import progress
from .workers import ordered_batches

_FORMATS = ("json", "jsonl", "table")


class Problems(list):
    """Problems met so far, each printed to stderr at once (a long run shows them as they come)."""

    def add(self, message: str) -> None:
        print(f"framing: error: {message}", file=sys.stderr, flush=True)
        self.append(message)


def _count(value: str) -> int:
    """A whole number >= 0 (``--explain -1`` would slice from the end: every input)."""
    n = int(value)
    if n < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, got {value}")
    return n



def _records(args: argparse.Namespace, problems: Problems, skip: frozenset[str] = frozenset()) -> Iterator[Record]:
    """The scorable records of the command's inputs; the others are reported and skipped."""
    stdin_format = getattr(args, "stdin_format", None) or ("jsonl" if getattr(args, "text_key", None) else "text")
    for record in read_records(args.files, getattr(args, "text_key", None) or "text", getattr(args, "id_key", None),
                               stdin_format=stdin_format):
        if record.error:
            problems.add(f"{record.origin}: {record.error}")
        elif record.id not in skip:
            yield record


def _emit(rows: Iterable[dict[str, Any]], fmt: str, table: Any) -> None:
    if fmt == "json":
        json.dump(list(rows), sys.stdout, indent=1, ensure_ascii=False)
        print()
        return
    for row in rows:
        if fmt == "jsonl":
            print(json.dumps(row, ensure_ascii=False), flush=True)
        else:
            table(row)


def _score_table(row: dict[str, Any], summary: Sequence[str] = ()) -> None:
    print(row.get("file", row["id"]) + ("  (empty text: training priors)" if row.get("empty") else ""))
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
    for line in summary:
        print(f"  {line}")


class RowOptions(NamedTuple):
    """What a row of ``framing score`` holds (see :func:`score_row_of`)."""

    claims: tuple[str, ...] = ()
    explain: int = 0
    evidence: bool = False
    actors: bool = True  # actors and the perspective summary (they cost a few ms an article)
    summary: bool = False  # the perspective lines of the table format
    file_key: bool = True  # name the input "file" (one article a file) beside its id
    line: bool = False  # give each row as its JSON line (written as it is: workers serialise their own rows)


def score_row_of(pipeline: Any, options: RowOptions, record: Record) -> tuple[dict[str, Any] | str, list[str]]:
    """The output row of one record (its JSON line with ``options.line``), and the perspective lines the table prints under it."""
    s = pipeline.score(record.text, claims=options.claims)
    row: dict[str, Any] = {"id": record.id, **({"file": record.origin} if options.file_key else {"origin": record.origin})}
    row.update(s.to_dict(details=options.actors, evidence=options.evidence))
    if options.explain:
        row["explain"] = {h: [r.to_dict() for r in s.explain(h, top=options.explain)] for h in s.heads}
    if not options.evidence:
        for paragraph in row.get("techniques", []):
            paragraph.pop("evidence")
        perspective = row.get("perspective", {"cast": {}, "voice": [], "sourcing": [], "narratives": []})
        items = [*(c for cast in perspective["cast"].values() for c in cast), *perspective["voice"],
                 *perspective["sourcing"], *perspective["narratives"]]
        for part in [*row.get("actors", []), *row["claims"].values(), *items]:
            part.pop("evidence")
            part.pop("mentions", None)
        for actor in row.get("actors", []):
            if actor.get("role"):
                actor["role"].pop("evidence", None)
    return (_json_line(row) if options.line else row), (s.perspective.lines() if options.summary else [])


def _json_line(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False)


def _row_worker(pipeline: bytes, options: RowOptions) -> tuple[Any, RowOptions]:
    return pickle.loads(pipeline), options


def _rows_of_batch(state: tuple[Any, RowOptions], records: list[Record]) -> list[tuple[dict[str, Any], list[str]]]:
    pipeline, options = state
    return [score_row_of(pipeline, options, r) for r in records]


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """A CSV / Parquet row: id, origin, each head's label(s) and probabilities, empty, the claims' labels."""
    out: dict[str, Any] = {"id": row["id"], "origin": row.get("origin", row.get("file", ""))}
    for head, probs in row["heads"].items():
        label = row["labels"][head]
        out[head] = "|".join(label) if isinstance(label, list) else label
        out.update({f"{head}:{k}": v for k, v in probs.items()})
    out["empty"] = row["empty"]
    out.update({f"stance:{claim}": r["label"] for claim, r in row["claims"].items()})
    return out


@contextmanager
def _score_output(fmt: str, out: str | None, resume: bool) -> Iterator[Callable[[dict[str, Any], list[str]], None]]:
    """A function writing one row as it comes (flushed), to ``out`` or stdout, in ``fmt``."""
    if fmt == "parquet":
        if not out:
            raise ValueError("--format parquet writes a file: give it with -o")
        if resume:
            raise ValueError("--resume reads JSON Lines or CSV outputs, not Parquet")
        with ParquetRows(out) as write:
            yield lambda row, _: write(_flat(row))
        return
    if out:
        if resume:
            trim_torn_line(out)
        handle = open(out, "a" if resume else "w", encoding="utf-8", newline="")
    else:
        handle = sys.stdout
    try:
        if fmt == "json":
            rows: list[dict[str, Any]] = []
            yield lambda row, _: rows.append(row)
            json.dump(rows, handle, indent=1, ensure_ascii=False)
            handle.write("\n")
        elif fmt == "csv":
            writer: list[csv.DictWriter] = []

            def write_csv(row: dict[str, Any], _: list[str]) -> None:
                flat = _flat(row)
                if not writer:
                    writer.append(csv.DictWriter(handle, list(flat), extrasaction="ignore"))
                    if not (resume and handle.tell()):
                        writer[0].writeheader()
                writer[0].writerow(flat)
                handle.flush()
            yield write_csv
        elif fmt == "table":
            with redirect_stdout(handle):
                yield lambda row, summary: _score_table(row, summary)
        else:
            def write_line(row: dict[str, Any] | str, _: list[str]) -> None:
                handle.write((row if isinstance(row, str) else _json_line(row)) + "\n")
                handle.flush()
            yield write_line
    finally:
        if handle is not sys.stdout:
            handle.close()


def _cmd_score(args: argparse.Namespace, problems: Problems) -> None:
    from .pipeline import pipeline_for

    pipeline = pipeline_for(args.model)  # registered: forked workers find it loaded
    corpus = is_corpus(args.files) or args.text_key is not None
    fmt = args.format or ("jsonl" if corpus or args.out else "table")
    options = RowOptions(tuple(args.claim or ()), args.explain, args.evidence, args.actors or not corpus, fmt == "table", not corpus,
                         fmt == "jsonl")
    skip = frozenset(known_ids(args.out) if args.resume and args.out else ())
    records = progress(_records(args, problems, skip), None, "scoring", True)
    if args.jobs == 1:
        rows: Iterable[tuple[dict[str, Any], list[str]]] = (score_row_of(pipeline, options, r) for r in records)
    else:
        rows = (row for batch in ordered_batches(_rows_of_batch, records, _row_worker, (pickle.dumps(pipeline), options),
                                                 args.jobs, args.batch_size) for row in batch)
    with _score_output(fmt, args.out, args.resume) as write:
        for row, summary in rows:
            write(row, summary)


def _features_table(row: dict[str, Any]) -> None:
    print(row["file"])
    for name, value in row["values"].items():
        if value:
            print(f"  {name:<40} {value:10.3f}")
    for e in row["evidence"]:
        print(f"  [{e['start']}:{e['end']}] {e['kind']}/{e['detail']}: {e['text']!r}")


def _cmd_features(args: argparse.Namespace, problems: Problems) -> None:
    from .features import Extractor

    extractor = Extractor()
    rows = ({"file": r.id, **extractor.extract(r.text).to_dict()} for r in _records(args, problems))
    _emit(rows, args.format, _features_table)


def _cmd_train(args: argparse.Namespace, problems: Problems) -> None:
    from .model import bundle_sha256
    from .training import train

    path = train(args.corpus, out=args.out, head=args.head)
    print(f"wrote {path}")
    print(f"sha256 {bundle_sha256(path)}  (pin it: framing.load_model(path, sha256=...))")


def _cmd_evaluate(args: argparse.Namespace, problems: Problems) -> None:
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


def _cmd_stance(args: argparse.Namespace, problems: Problems) -> None:
    from .claims import claim_stance_model
    from .pipeline import Pipeline

    pipeline = Pipeline(args.model)
    model = claim_stance_model(pipeline.model)
    rows = ({"file": r.id, **pipeline.stance(args.claim, r.text, model).to_dict()} for r in _records(args, problems))
    _emit(rows, args.format, _stance_table)


def _cmd_report(args: argparse.Namespace, problems: Problems) -> None:
    from .pipeline import Pipeline
    from .report import write_report

    named = [(r.id, r.text) for r in _records(args, problems)]
    if named:
        pipeline = Pipeline(args.model)
        scores = [pipeline.score(text, claims=args.claim or ()) for _, text in named]
        path = write_report(scores, args.out, titles=[name for name, _ in named])
        print(f"wrote {path}")


def _input_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="INPUT",
                   help="text or HTML files, folders and quoted globs of them, .jsonl(.gz) / .csv / .parquet records, - for stdin")
    p.add_argument("--text-key", help="the field of a record holding the article (default: text)")
    p.add_argument("--id-key", help="the field of a record holding its id (default: file:line)")
    p.add_argument("--stdin-format", choices=("text", "jsonl", "csv"),
                   help="how - is read (default: one article; jsonl when --text-key is given)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="framing", description="How news articles tell a story, with the spans that show it.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("score", help="label probabilities per head of a model, for files or whole corpora")
    _input_arguments(p)
    p.add_argument("--format", choices=(*_FORMATS, "csv", "parquet"),
                   help="default: table for text files, jsonl for corpora and with -o; rows are written as they are done")
    p.add_argument("-o", "--out", help="write the rows to this file (default: standard output)")
    p.add_argument("--resume", action="store_true", help="skip the ids already in --out and append the others")
    p.add_argument("-j", "--jobs", type=int, default=1, help="worker processes (-1: one per core); same rows, same order")
    p.add_argument("--batch-size", type=int, default=32, help="records sent to a worker at a time")
    p.add_argument("-m", "--model", help="bundle folder or name (default: the shipped model)")
    p.add_argument("--explain", type=_count, default=0, metavar="N", help="add the N inputs that pushed each head most")
    p.add_argument("--evidence", action="store_true", help="add feature values and evidence spans")
    p.add_argument("--actors", action="store_true", help="add actors, the perspective summary and the techniques per paragraph for corpora (always there for text files)")
    p.add_argument("--claim", action="append", help="add the stance toward this claim (repeat for several)")
    p.set_defaults(run=_cmd_score)
    p = sub.add_parser("features", help="feature values and the evidence spans behind them")
    _input_arguments(p)
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
    _input_arguments(p)
    p.add_argument("-m", "--model", help="bundle folder or name with a claim-stance model (default: the shipped model)")
    p.add_argument("--format", choices=_FORMATS, default="table")
    p.set_defaults(run=_cmd_stance)
    p = sub.add_parser("report", help="one self-contained HTML page: highlighted evidence, head bars, actors, sourcing")
    _input_arguments(p)
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
    problems = Problems()
    try:
        args.run(args, problems)
    except BrokenPipeError:  # the reader went away (`framing score … | head`): stop quietly; what failed
        _silence_stdout()   # was reported as it came, and the status says so
    except (BundleError, ValueError, OSError, KeyError) as err:  # bad model, corpus or file: one clear line
        problems.add(str(err).strip("'\""))
    return 1 if problems else 0


def _silence_stdout() -> None:
    """Point standard output at the null device, so that flushing it at exit raises no second BrokenPipeError."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file descriptor (captured output)
        pass


if __name__ == "__main__":
    sys.exit(main())
