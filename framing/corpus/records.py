"""Articles to score, from wherever a corpus lies: text and HTML files, folders and globs of them,
JSON Lines (``.jsonl``, ``.jsonl.gz``), CSV, Parquet, or standard input.

:func:`read_records` yields one :class:`Record` per article, lazily (a file of a million lines is
never held whole), each with an id and its origin (``file:line``).  A record that cannot be
scored (no text, not UTF-8, too large, a line that is not JSON) comes with an ``error`` instead
of a text, so a caller reports it and goes on.
"""

from __future__ import annotations

import csv
import glob
import gzip
import io
import json
import sys
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator, NamedTuple

from .articles import MAX_ARTICLE_BYTES  # the largest article (bytes of UTF-8): larger ones are reported, not scored

#: File endings read as one article each (in folders and globs, only these are taken).
TEXT_SUFFIXES = (".txt", ".html", ".htm")
#: File endings read as one article per record.
RECORD_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".csv", ".csv.gz", ".parquet")


class Record(NamedTuple):
    """One article of an input.

    Attributes
    ----------
    id : str
        The ``--id-key`` field, else the file (one article a file) or ``file:line``.
    text : str or None
        None when the record cannot be scored (see ``error``).
    origin : str
        ``file`` or ``file:line``, for messages.
    error : str
        Why the record cannot be scored ("" when it can).
    """

    id: str
    text: str | None
    origin: str
    error: str = ""


def _decoded(data: bytes, limit: int) -> tuple[str | None, str]:
    if len(data) > limit:
        return None, f"{len(data):,} bytes, over the limit of {limit:,} for one article"
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError as err:
        return None, f"not UTF-8 (byte {err.start}); convert it to UTF-8 first"


def _text_file(path: Path, limit: int) -> Record:
    try:
        size = path.stat().st_size
        if size > limit:
            return Record(str(path), None, str(path), f"{size:,} bytes, over the limit of {limit:,} for one article")
        text, error = _decoded(path.read_bytes(), limit)
    except OSError as err:
        return Record(str(path), None, str(path), err.strerror or str(err))
    return Record(str(path), text, str(path), error)


def _field(row: dict, key: str) -> tuple[str | None, str]:
    if key not in row:
        return None, f"no field {key!r}"
    value = row[key]
    if not isinstance(value, str):
        return None, f"field {key!r} is {type(value).__name__}, not text"
    return value, ""


def _record(row: dict, origin: str, text_key: str, id_key: str | None, limit: int) -> Record:
    key = origin
    if id_key is not None:
        found = row.get(id_key)
        if found is None or isinstance(found, (dict, list)):
            return Record(origin, None, origin, f"no usable id (field {id_key!r})")
        key = str(found)
    text, error = _field(row, text_key)
    if text is not None and len(text) > limit // 4 and len(text.encode("utf-8", "surrogatepass")) > limit:
        text, error = None, f"over the limit of {limit:,} bytes for one article"
    return Record(key, text, origin, error)


def _bounded_lines(handle: BinaryIO, limit: int) -> Iterator[tuple[bytes, int]]:
    """Lines, none read into memory beyond ``limit`` bytes: a longer one comes as its first ``limit``
    bytes with its whole length (the rest is skipped)."""
    while raw := handle.readline(limit + 1):
        size = len(raw)
        if size > limit and not raw.endswith(b"\n"):
            while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                size += len(rest)
            size += len(rest)
        yield raw, size


def _lines(handle: BinaryIO, name: str, text_key: str, id_key: str | None, limit: int) -> Iterator[Record]:
    for lineno, (raw, size) in enumerate(_bounded_lines(handle, limit), 1):
        origin = f"{name}:{lineno}"
        if size > limit and len(raw.rstrip(b"\r\n")) > limit:
            yield Record(origin, None, origin, f"a line of {size:,} bytes, over the limit of {limit:,} for one article")
            continue
        if not raw.strip():
            continue
        try:
            row = json.loads(raw.decode("utf-8-sig" if lineno == 1 else "utf-8"))
        except UnicodeDecodeError as err:
            yield Record(origin, None, origin, f"not UTF-8 (byte {err.start})")
            continue
        except RecursionError:
            yield Record(origin, None, origin, "JSON nested too deep")
            continue
        except ValueError as err:
            yield Record(origin, None, origin, f"not valid JSON ({getattr(err, 'msg', err)})")
            continue
        if not isinstance(row, dict):
            yield Record(origin, None, origin, f"expected a JSON object, got {type(row).__name__}")
            continue
        yield _record(row, origin, text_key, id_key, limit)


def _csv(handle: BinaryIO, name: str, text_key: str, id_key: str | None, limit: int) -> Iterator[Record]:
    csv.field_size_limit(max(limit, 1 << 20))
    try:
        reader = csv.DictReader(io.TextIOWrapper(handle, encoding="utf-8-sig", newline=""))
        if reader.fieldnames is None:
            return
        if text_key not in reader.fieldnames:
            yield Record(name, None, name, f"no column {text_key!r}; columns: {reader.fieldnames[:10]}")
            return
        for row in reader:
            yield _record(row, f"{name}:{reader.line_num}", text_key, id_key, limit)
    except UnicodeDecodeError as err:
        yield Record(name, None, name, f"not UTF-8 (byte {err.start}); records after it are not read")
    except csv.Error as err:
        yield Record(name, None, name, f"not readable as CSV ({err})")


def _parquet(path: Path, text_key: str, id_key: str | None, limit: int) -> Iterator[Record]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield Record(str(path), None, str(path), "reading Parquet needs pyarrow: pip install 'framing[parquet]'")
        return
    try:
        table = pq.ParquetFile(path)
        columns = [text_key] + ([id_key] if id_key and id_key != text_key else [])
        missing = [c for c in columns if c not in table.schema_arrow.names]
        if missing:
            yield Record(str(path), None, str(path), f"no column {missing[0]!r}; columns: {table.schema_arrow.names[:10]}")
            return
        row_number = 0
        for batch in table.iter_batches(batch_size=1024, columns=columns):
            for row in batch.to_pylist():
                row_number += 1
                yield _record(row, f"{path}:row {row_number}", text_key, id_key, limit)
    except (OSError, ValueError) as err:  # pyarrow's errors derive from these
        yield Record(str(path), None, str(path), f"not readable as Parquet ({err})")


def _open(path: Path) -> BinaryIO:
    return gzip.open(path, "rb") if path.name.endswith(".gz") else path.open("rb")


def _records_of_file(path: Path, text_key: str, id_key: str | None, limit: int) -> Iterator[Record]:
    name = path.name.lower()
    if name.endswith(".parquet"):
        yield from _parquet(path, text_key, id_key, limit)
        return
    if not name.endswith(RECORD_SUFFIXES):
        yield _text_file(path, limit)
        return
    try:
        with _open(path) as handle:
            if name.endswith((".csv", ".csv.gz")):
                yield from _csv(handle, str(path), text_key, id_key, limit)
            else:
                yield from _lines(handle, str(path), text_key, id_key, limit)
    except (OSError, EOFError) as err:
        yield Record(str(path), None, str(path), f"cannot read ({err})")


def expand(source: str) -> list[Path]:
    """The files a source names: the file itself, a folder's text and HTML files (recursively,
    sorted), or a glob's matches (sorted); none if it names nothing."""
    path = Path(source)
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(TEXT_SUFFIXES)
                      and not any(part.startswith(".") for part in p.relative_to(path).parts))
    if path.exists():
        return [path]
    if glob.has_magic(source):
        return sorted(Path(p) for p in glob.glob(source, recursive=True) if Path(p).is_file())
    return []


def read_records(sources: Iterable[str], text_key: str = "text", id_key: str | None = None, stdin: BinaryIO | None = None,
                 stdin_format: str = "text", limit: int = MAX_ARTICLE_BYTES) -> Iterator[Record]:
    """Every article of ``sources``, in order, one :class:`Record` each.

    Parameters
    ----------
    sources : iterable of str
        Files (one article each, or JSON Lines / CSV / Parquet records by their ending),
        folders and quoted globs of ``.txt`` / ``.html`` files, and ``-`` for standard input.
    text_key, id_key : str
        The fields of a record holding the article and its id (default: ``file:line``).
    stdin : binary file, optional
        What ``-`` reads (default: ``sys.stdin.buffer``).
    stdin_format : {"text", "jsonl", "csv"}
        How ``-`` is read: one article, or records.
    limit : int
        Largest article, in bytes (:data:`MAX_ARTICLE_BYTES`).
    """
    for source in sources:
        if source == "-":
            handle = stdin if stdin is not None else sys.stdin.buffer
            if stdin_format == "jsonl":
                yield from _lines(handle, "<stdin>", text_key, id_key, limit)
            elif stdin_format == "csv":
                yield from _csv(handle, "<stdin>", text_key, id_key, limit)
            else:
                text, error = _decoded(handle.read(limit + 1), limit)
                yield Record("-", text, "<stdin>", error)
            continue
        files = expand(source)
        if not files:
            yield Record(source, None, source, "no such file, folder or matching files")
        for path in files:
            yield from _records_of_file(path, text_key, id_key, limit)


def is_corpus(sources: Iterable[str]) -> bool:
    """Whether ``sources`` hold records rather than a few named text files (the CLI then writes JSON Lines)."""
    return any(s != "-" and (Path(s).is_dir() or s.lower().endswith(RECORD_SUFFIXES) or (not Path(s).exists() and glob.has_magic(s)))
               for s in sources)


def known_ids(path: str | Path, id_key: str = "id") -> set[str]:
    """The ids already written to a JSON Lines or CSV output, for ``--resume`` (a torn last line is ignored)."""
    path = Path(path)
    if not path.exists():
        return set()
    ids: set[str] = set()
    with path.open("rb") as handle:
        if path.name.lower().endswith(".csv"):
            for row in csv.DictReader(io.TextIOWrapper(handle, encoding="utf-8", newline="")):
                if row.get(id_key) is not None:
                    ids.add(row[id_key])
            return ids
        for raw in handle:
            try:
                row: Any = json.loads(raw)
            except ValueError:
                continue  # a line cut short by the run that stopped
            if isinstance(row, dict) and id_key in row:
                ids.add(str(row[id_key]))
    return ids


def trim_torn_line(path: str | Path) -> None:
    """Cut a last line left without its newline by a run that stopped, so that appending starts clean."""
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb+") as handle:
        handle.seek(-1, 2)
        if handle.read(1) == b"\n":
            return
        size = handle.seek(0, 2)
        step, cut = 1 << 16, 0
        while size > 0:  # the last newline, read backwards in blocks
            start = max(0, size - step)
            handle.seek(start)
            block = handle.read(size - start)
            at = block.rfind(b"\n")
            if at >= 0:
                cut = start + at + 1
                break
            size = start
        handle.truncate(cut)


class ParquetRows:
    """Rows (flat dicts) written to a Parquet file in row groups as they come (needs pyarrow).

    Used as a context manager that gives the function writing one row.
    """

    BATCH = 1000

    def __init__(self, path: str | Path):
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise ValueError("writing Parquet needs pyarrow: pip install 'framing[parquet]'") from None
        self.path, self.rows, self.writer = Path(path), [], None

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self.rows:
            return
        table = pa.Table.from_pylist(self.rows, schema=self.writer.schema if self.writer is not None else None)
        if self.writer is None:
            self.writer = pq.ParquetWriter(self.path, table.schema)
        self.writer.write_table(table)
        self.rows = []

    def write(self, row: dict[str, Any]) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.BATCH:
            self._flush()

    def __enter__(self):
        return self.write

    def __exit__(self, *exc) -> None:
        self._flush()
        if self.writer is not None:
            self.writer.close()
