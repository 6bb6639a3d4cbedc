"""Labelled articles read from JSON Lines files or from a folder per label."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Iterator, Mapping, NamedTuple

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


def _open_text(path: Path):
    if path.name.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


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
        On a line that is not a JSON object, or a file that cannot be read as
        UTF-8; the message names the file (and line).
    """
    path = Path(path)
    try:
        with _open_text(path) as handle:
            for lineno, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                where = f"{path}:{lineno}"
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as err:
                    raise CorpusError(f"{where}: not valid JSON ({err.msg})") from None
                if not isinstance(row, dict):
                    raise CorpusError(f"{where}: expected a JSON object, got {type(row).__name__}")
                yield where, row
    except (UnicodeDecodeError, OSError, EOFError) as err:
        raise CorpusError(f"{path}: cannot read ({err})") from None


def read_jsonl(path: str | Path, fields: Mapping[str, str] | None = None) -> Iterator[Article]:
    """Articles of a ``.jsonl`` or ``.jsonl.gz`` file, one JSON object per line.

    Parameters
    ----------
    path : path
    fields : mapping, optional
        Article field → key in the JSON objects, overriding :data:`DEFAULT_FIELDS`
        (e.g. ``{"labels": "frames", "group": "outlet"}``).

    Raises
    ------
    CorpusError
        On a line that is not a JSON object, has no text, or has no usable label;
        the message names the file and line.
    """
    keys = {**DEFAULT_FIELDS, **(fields or {})}
    for where, row in json_rows(path):
        text = row.get(keys["text"])
        if not isinstance(text, str):
            raise CorpusError(f"{where}: no text (field {keys['text']!r})")
        yield Article(
            text, _labels(row, keys, where),
            *(str(row.get(keys[k]) or "") for k in ("id", "title", "group", "date")),
            origin=where,
        )


def read_folder(path: str | Path) -> Iterator[Article]:
    """Articles of a folder holding one sub-folder of ``.txt`` files per label.

    The label is the sub-folder's name, the id the file's stem; files are read
    in sorted order so a corpus always loads the same way.
    """
    path = Path(path)
    for label_dir in sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for file in sorted(label_dir.glob("*.txt")):
            try:
                text = file.read_text(encoding="utf-8")
            except UnicodeDecodeError as err:
                raise CorpusError(f"{file}: not UTF-8 (byte {err.start})") from None
            yield Article(text, (label_dir.name,), id=file.stem, origin=str(file))


def read_articles(path: str | Path, fields: Mapping[str, str] | None = None) -> Iterator[Article]:
    """Articles of a JSON Lines file or a folder per label, chosen by what ``path`` is."""
    path = Path(path)
    if path.is_dir():
        return read_folder(path)
    if path.name.endswith((".jsonl", ".jsonl.gz")):
        return read_jsonl(path, fields)
    raise CorpusError(f"{path}: not a folder or a .jsonl / .jsonl.gz file")
