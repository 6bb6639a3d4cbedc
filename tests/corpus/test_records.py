"""Reading articles to score from files, folders, globs, JSON Lines, CSV, Parquet and stdin."""

from __future__ import annotations

import gzip
import io
import json

import pytest

from framing.corpus.records import Record, expand, is_corpus, known_ids, read_records, trim_torn_line


def _jsonl(path, rows, extra: bytes = b""):
    path.write_bytes(b"".join(json.dumps(r).encode() + b"\n" for r in rows) + extra)
    return path


def test_jsonl_records_carry_ids_and_name_the_line_of_each_bad_one(tmp_path):
    path = _jsonl(tmp_path / "a.jsonl", [{"id": 1, "text": "One."}, {"id": 2, "body": "no text"}, {"id": 3, "text": 7}],
                  b"{broken\n\n[1, 2]\n" + '{"id": 9, "text": "caf\xe9"}\n'.encode("latin-1") + b'{"text": "Last."}\n')
    got = list(read_records([str(path)], id_key="id"))
    assert [(r.id, r.text) for r in got if not r.error] == [("1", "One.")]
    errors = {r.origin: r.error for r in got if r.error}
    assert errors == {
        f"{path}:2": "no field 'text'", f"{path}:3": "field 'text' is int, not text",
        f"{path}:4": errors[f"{path}:4"], f"{path}:6": "expected a JSON object, got list",
        f"{path}:7": "not UTF-8 (byte 22)", f"{path}:8": "no usable id (field 'id')",
    }
    assert errors[f"{path}:4"].startswith("not valid JSON")
    assert [r.id for r in read_records([str(path)]) if not r.error] == [f"{path}:1", f"{path}:8"]


def test_gzip_csv_and_limits(tmp_path):
    gz = tmp_path / "a.jsonl.gz"
    with gzip.open(gz, "wt", encoding="utf-8") as f:
        f.write(json.dumps({"text": "Gzipped."}) + "\n")
    csv_file = tmp_path / "b.csv"
    csv_file.write_text('id,body\nx1,"A first, quoted\nparagraph."\nx2,Second.\n', encoding="utf-8")
    assert [r.text for r in read_records([str(gz)])] == ["Gzipped."]
    got = list(read_records([str(csv_file)], text_key="body", id_key="id"))
    assert [(r.id, r.text) for r in got] == [("x1", "A first, quoted\nparagraph."), ("x2", "Second.")]
    assert got[1].origin == f"{csv_file}:4"
    assert list(read_records([str(csv_file)]))[0].error.startswith("no column 'text'")
    big = _jsonl(tmp_path / "big.jsonl", [{"text": "x" * 5000}, {"text": "ok"}])
    small = list(read_records([str(big)], limit=1000))
    assert "over the limit of 1,000" in small[0].error and small[1].text == "ok"


def test_nesting_that_would_overflow_the_parser_is_one_bad_record(tmp_path):
    path = tmp_path / "deep.jsonl"
    path.write_bytes(b"[" * 100_000 + b"]" * 100_000 + b"\n" + b'{"text": "after"}\n')
    got = list(read_records([str(path)]))
    assert got[0].error and got[1].text == "after"


def test_files_folders_and_globs(tmp_path):
    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / "b.txt").write_text("B.", encoding="utf-8")
    (tmp_path / "d" / "sub" / "a.html").write_text("<p>A.</p>", encoding="utf-8")
    (tmp_path / "d" / "notes.md").write_text("not an article", encoding="utf-8")
    (tmp_path / "d" / ".hidden").mkdir()
    (tmp_path / "d" / ".hidden" / "c.txt").write_text("C.", encoding="utf-8")
    (tmp_path / "latin.txt").write_bytes("caf\xe9".encode("latin-1"))
    assert [p.name for p in expand(str(tmp_path / "d"))] == ["b.txt", "a.html"]
    assert [p.name for p in expand(str(tmp_path / "d" / "**" / "*.txt"))] == ["b.txt"]
    got = list(read_records([str(tmp_path / "d"), str(tmp_path / "latin.txt"), str(tmp_path / "missing*.txt")]))
    assert [r.text for r in got[:2]] == ["B.", "<p>A.</p>"] and got[0].id == str(tmp_path / "d" / "b.txt")
    assert got[2].error.startswith("not UTF-8") and got[3].error == "no such file, folder or matching files"
    assert is_corpus([str(tmp_path / "d")]) and is_corpus(["x.jsonl"]) and not is_corpus([str(tmp_path / "latin.txt"), "-"])


def test_stdin_as_one_article_or_as_records():
    assert list(read_records(["-"], stdin=io.BytesIO(b"An article."))) == [Record("-", "An article.", "<stdin>")]
    lines = io.BytesIO(b'{"id": "a", "t": "One."}\n{"id": "b", "t": "Two."}\n')
    assert [(r.id, r.text) for r in read_records(["-"], text_key="t", id_key="id", stdin=lines, stdin_format="jsonl")] == [
        ("a", "One."), ("b", "Two.")]


def test_parquet_records(tmp_path):
    pa = pytest.importorskip("pyarrow", reason="pyarrow (the parquet extra) is not installed")
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"uid": ["p1", "p2"], "content": ["First.", None]}), tmp_path / "a.parquet")
    got = list(read_records([str(tmp_path / "a.parquet")], text_key="content", id_key="uid"))
    assert (got[0].id, got[0].text) == ("p1", "First.") and got[1].error == "field 'content' is NoneType, not text"
    assert got[1].origin == f"{tmp_path / 'a.parquet'}:row 2"
    (tmp_path / "fake.parquet").write_text("not parquet", encoding="utf-8")
    assert list(read_records([str(tmp_path / "fake.parquet")]))[0].error.startswith("not readable as Parquet")


def test_resume_reads_written_ids_and_cuts_a_torn_line(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_bytes(b'{"id": "a", "x": 1}\n{"id": "b"}\n{"id": "c", "x"')
    assert known_ids(out) == {"a", "b"}
    trim_torn_line(out)
    assert out.read_bytes() == b'{"id": "a", "x": 1}\n{"id": "b"}\n'
    trim_torn_line(out)
    assert out.read_bytes().endswith(b'"b"}\n')
    (tmp_path / "one.jsonl").write_bytes(b'{"id": "z"')
    trim_torn_line(tmp_path / "one.jsonl")
    assert (tmp_path / "one.jsonl").read_bytes() == b""
    assert known_ids(tmp_path / "absent.jsonl") == set()
