"""The command line: thin over the API, never losing the good inputs to a bad one."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import framing
from framing.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "sample"


@pytest.fixture(scope="module")
def model(sample_model_path) -> str:
    return str(sample_model_path)


@pytest.fixture
def files(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("I believe we should act now. Heavy rain flooded the streets.", encoding="utf-8")
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Caf\xe9 owners said".encode("latin-1"))
    return str(good), str(bad)


def test_score_json_and_bad_file(model, files, capsys):
    good, bad = files
    assert main(["score", bad, good, "--format", "json", "-m", model, "--explain", "2"]) == 1
    out, err = capsys.readouterr()
    rows = json.loads(out)
    assert [r["file"] for r in rows] == [good] and "sample_genre" in rows[0]["labels"]
    assert len(rows[0]["explain"]["sample_genre"]) == 2
    assert "latin1.txt: not UTF-8" in err


def test_score_jsonl_table_and_stdin(model, files, capsys, monkeypatch):
    good, _ = files
    assert main(["score", good, good, "--format", "jsonl", "-m", model]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2
    assert main(["score", good, "-m", model]) == 0
    assert "sample_genre" in capsys.readouterr().out
    import io
    import sys
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    assert main(["score", "-", "--format", "json", "-m", model]) == 0
    assert json.loads(capsys.readouterr().out)[0]["empty"] is True


def test_features(files, capsys):
    good, _ = files
    assert main(["features", good]) == 0
    row = json.loads(capsys.readouterr().out)[0]
    assert "values" in row and "evidence" in row
    assert main(["features", good, "--format", "table"]) == 0


def test_train_and_evaluate(tmp_path, model, capsys):
    assert main(["train", str(SAMPLE), "--out", str(tmp_path / "m"), "--head", "sample_genre"]) == 0
    assert (tmp_path / "m" / "bundle.json").exists()
    digest = framing.bundle_sha256(tmp_path / "m")  # printed, to pin the bundle
    assert f"sha256 {digest}" in capsys.readouterr().out
    assert framing.load_model(tmp_path / "m", sha256=digest).sha256 == digest
    assert main(["evaluate", str(SAMPLE), "-m", model]) == 0
    out = capsys.readouterr().out
    assert "sample_genre on data" in out and "not held out" in out and "true \\ predicted" in out
    assert main(["evaluate", str(SAMPLE), "-m", model, "--format", "json"]) == 0
    results = json.loads(capsys.readouterr().out)
    assert {r["head"] for r in results} == {"sample_genre", "sample_topics"}


def test_clear_errors(tmp_path, capsys):
    assert main(["score", str(tmp_path / "x.txt"), "-m", str(tmp_path / "nomodel")]) == 1
    assert "no model bundle" in capsys.readouterr().err
    assert main(["train", str(tmp_path / "nothing")]) == 1
    assert "no such file or folder" in capsys.readouterr().err


def test_report_writes_one_page(model, files, tmp_path, capsys):
    good, bad = files
    out = tmp_path / "r.html"
    assert main(["report", good, bad, "-o", str(out), "-m", model]) == 1  # the bad file is reported, the page written
    page = out.read_text(encoding="utf-8")
    assert "<mark" in page and "flooded" in page
    assert "latin1.txt: not UTF-8" in capsys.readouterr().err


def test_stance_command(files, capsys):
    good, _ = files
    assert main(["stance", "--claim", "Heavy rain flooded the streets", good, "--format", "json"]) == 0
    row = json.loads(capsys.readouterr().out)[0]
    assert set(row["probabilities"]) == {"agree", "disagree", "discuss", "unrelated"}
    assert abs(sum(row["probabilities"].values()) - 1) < 1e-6


def test_a_reader_that_goes_away_loses_no_error_and_no_status(model, files):
    """`framing score bad good … | head`: the bad file is still reported and the status is 1."""
    good, bad = files
    command = [sys.executable, "-m", "framing.cli", "score", bad, *[good] * 300, "--format", "jsonl", "--evidence", "-m", model]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    proc.stdout.read(1)
    proc.stdout.close()  # as head does after its lines: the rest is written to a closed pipe
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 1
    assert "latin1.txt: not UTF-8" in err and "Traceback" not in err and "BrokenPipeError" not in err


@pytest.mark.parametrize("argv, message", [
    (["score", "x.txt", "--explain", "-1"], "expected a whole number >= 0"),
    (["score", "-", "-"], "standard input (-) given more than once"),
    (["report", "-", "a.txt", "-"], "standard input (-) given more than once"),
])
def test_command_line_mistakes_are_refused(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2 and message in capsys.readouterr().err
