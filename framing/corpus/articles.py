"""Labelled articles read from JSON Lines files or from a folder per label."""

from __future__ import annotations

import gzip
import json
import logging
from pathlib import Path
from typing import Iterator, Mapping, NamedTuple

_log = logging.getLogger(__name__)

#: Largest article a corpus may hold, in bytes of UTF-8: one JSON line or one ``.txt`` file.
#: A longer one is an error naming its file (and line), read no further than the limit.
MAX_ARTICLE_BYTES = 16 * 1024 * 1024

#: Where each :class:`Article` field is read from in a JSON object, by default.
DEFAULT_FIELDS: Mapping[str, str] = {
    "text": "text", "label": "label", "labels": "labels", "id": "id",
    "title": "title", "group": "source", "date": "date",
}


class Article(NamedTuple):
    """One labelled article of a corpus.

    Attributes
    ----------
    text : str
    labels : tuple of str
        One label for a single-label head, any number for a multi-label head.
    id, title, group, date : str
        Empty where the data does not give them.  ``group`` keeps articles
        together in cross-validation splits (the outlet, usually).
    origin : str
        ``file:line`` (or the file path) the article was read from, for messages.
    """

    text: str
    labels: tuple[str, ...]
    id: str = ""
    title: str = ""
    group: str = ""
    date: str = ""
    origin: str = ""


class CorpusError(ValueError):
    """Input that cannot be used for training; the message names the file (and line)."""


def _open_binary(path: Path):
    return gzip.open(path, "rb") if path.name.endswith(".gz") else path.open("rb")


def _decode(raw: bytes, where: str) -> str:
    """A line as UTF-8; the error names where and the byte."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise _not_utf8(raw, err.start, where) from None


def _not_utf8(raw: bytes, start: int, where: str) -> CorpusError:
    # a UTF-16 file starts with its byte-order mark, or has a zero byte in every other place
    utf16 = raw[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in raw[:64]
    hint = "; it looks like UTF-16: save it as UTF-8" if utf16 else ""
    return CorpusError(f"{where}: not UTF-8 (byte {start} of the line: {raw[start:start + 4]!r}){hint}")


def _lines(handle, path: Path) -> Iterator[tuple[int, bytes]]:
    """Numbered lines, each read no further than :data:`MAX_ARTICLE_BYTES`."""
    lineno = 0
    while True:
        raw = handle.readline(MAX_ARTICLE_BYTES + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) > MAX_ARTICLE_BYTES and len(raw.rstrip(b"\r\n")) > MAX_ARTICLE_BYTES:  # its line break does not count
            raise CorpusError(f"{path}:{lineno}: line longer than {MAX_ARTICLE_BYTES} bytes, the limit of an article (MAX_ARTICLE_BYTES)")
        yield lineno, raw


def _labels(row: dict, fields: Mapping[str, str], where: str) -> tuple[str, ...]:
    multi_key, single_key = fields.get("labels"), fields.get("label")
    if multi_key and multi_key in row:
        value = row[multi_key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise CorpusError(f"{where}: field {multi_key!r} must be a list of strings, got {value!r:.80}")
        return tuple(dict.fromkeys(value))
    if single_key and single_key in row:
        value = row[single_key]
        if not isinstance(value, str) or not value:
            raise CorpusError(f"{where}: field {single_key!r} must be a non-empty string, got {value!r:.80}")
        return (value,)
    wanted = " or ".join(repr(k) for k in (single_key, multi_key) if k)
    raise CorpusError(f"{where}: no label (field {wanted})")


def json_rows(path: str | Path) -> Iterator[tuple[str, dict]]:
    """``(file:line, object)`` for every non-blank line of a ``.jsonl`` or ``.jsonl.gz`` file.

    Raises
    ------
    CorpusError
        On a line that is not a JSON object (or nests too deeply to read), is not
        UTF-8, or is longer than :data:`MAX_ARTICLE_BYTES`, or a file that cannot be
        read; the message names the file and line.
    """
    path = Path(path)
    try:
        with _open_binary(path) as handle:
            for lineno, raw in _lines(handle, path):
                where = f"{path}:{lineno}"
                line = _decode(raw, where)
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as err:
                    raise CorpusError(f"{where}: not valid JSON ({err.msg})") from None
                except RecursionError:
                    raise CorpusError(f"{where}: JSON nested too deeply to read") from None
                if not isinstance(row, dict):
                    raise CorpusError(f"{where}: expected a JSON object, got {type(row).__name__}")
                yield where, row
    except (OSError, EOFError) as err:  # gzip.BadGzipFile is an OSError
        raise CorpusError(f"{path}: cannot read ({err})") from None


class _Skipped:
    """Articles skipped for an empty text, logged once per file with the first few places."""

    def __init__(self, path: Path):
        self.path, self.places = path, []

    def add(self, where: str) -> None:
        self.places.append(where)

    def log(self) -> None:
        if self.places:
            shown = ", ".join(self.places[:5]) + (f" and {len(self.places) - 5} more" if len(self.places) > 5 else "")
            _log.warning("%s: skipped %d article(s) with an empty text: %s", self.path, len(self.places), shown)


def read_jsonl(path: str | Path, fields: Mapping[str, str] | None = None) -> Iterator[Article]:
    """Articles of a ``.jsonl`` or ``.jsonl.gz`` file, one JSON object per line.

    Parameters
    ----------
    path : path
    fields : mapping, optional
        Article field → key in the JSON objects, overriding :data:`DEFAULT_FIELDS`
        (e.g. ``{"labels": "frames", "group": "outlet"}``).

    An article whose text is empty (or only white space) is skipped, with one
    warning per file (``logging``, ``framing.corpus.articles``) naming where.

    Raises
    ------
    CorpusError
        On a line that is not a JSON object, has no text, or has no usable label,
        and as :func:`json_rows`; the message names the file and line.
    """
    keys = {**DEFAULT_FIELDS, **(fields or {})}
    skipped = _Skipped(Path(path))
    for where, row in json_rows(path):
        text = row.get(keys["text"])
        if not isinstance(text, str):
            raise CorpusError(f"{where}: no text (field {keys['text']!r})")
        labels = _labels(row, keys, where)
        if not text.strip():
            skipped.add(where)
            continue
        yield Article(
            text, labels,
            *(str(row.get(keys[k]) or "") for k in ("id", "title", "group", "date")),
            origin=where,
        )
    skipped.log()


def read_folder(path: str | Path) -> Iterator[Article]:
    """Articles of a folder holding one sub-folder of ``.txt`` files per label.

    The label is the sub-folder's name, the id the file's stem; files are read
    in sorted order so a corpus always loads the same way.  Empty files are
    skipped with a warning, as :func:`read_jsonl` skips empty texts.

    Raises
    ------
    CorpusError
        On a file that is not UTF-8 (naming its line) or is larger than :data:`MAX_ARTICLE_BYTES`.
    """
    path = Path(path)
    skipped = _Skipped(path)
    for label_dir in sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for file in sorted(label_dir.glob("*.txt")):
            text = _read_text_file(file)
            if not text.strip():
                skipped.add(str(file))
                continue
            yield Article(text, (label_dir.name,), id=file.stem, origin=str(file))
    skipped.log()


def _read_text_file(file: Path) -> str:
    if file.stat().st_size > MAX_ARTICLE_BYTES:
        raise CorpusError(f"{file}: {file.stat().st_size} bytes, over the {MAX_ARTICLE_BYTES} bytes of an article (MAX_ARTICLE_BYTES)")
    raw = file.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line_start = raw.rfind(b"\n", 0, err.start) + 1
        line = raw.count(b"\n", 0, err.start) + 1
        raise _not_utf8(raw[line_start:], err.start - line_start, f"{file}:{line}") from None


def read_articles(path: str | Path, fields: Mapping[str, str] | None = None) -> Iterator[Article]:
    """Articles of a JSON Lines file or a folder per label, chosen by what ``path`` is."""
    path = Path(path)
    if path.is_dir():
        return read_folder(path)
    if path.name.endswith((".jsonl", ".jsonl.gz")):
        return read_jsonl(path, fields)
    raise CorpusError(f"{path}: not a folder or a .jsonl / .jsonl.gz file")
