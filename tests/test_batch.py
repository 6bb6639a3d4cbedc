"""Scoring many articles: streaming, worker processes, slim scores across processes, tables, the CLI on corpora."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys

import pytest

import framing
from framing import Pipeline
from framing.cli import main
from framing.lexicons import Lexicon

from conftest import ROOT

EXAMPLE = (ROOT / "corpus" / "examples" / "harbour_dispute.txt").read_text(encoding="utf-8")
# made-up variations of the example article, so that no two scores are alike
TEXTS = [EXAMPLE] + [EXAMPLE.replace("harbour", word) for word in ("port", "dock", "quay", "marina", "pier", "wharf")] + ["", "Rain."]


def _dicts(scores):
    return [s.to_dict() for s in scores]


def test_pipe_is_lazy_and_keeps_input_order():
    pipeline = framing.pipeline_for()
    taken = []

    def texts():
        for t in TEXTS:
            taken.append(t)
            yield t

    stream = pipeline.pipe(texts(), show_progress=False)
    first = next(stream)
    assert len(taken) == 1 and first.to_dict() == framing.score(TEXTS[0]).to_dict()
    assert _dicts([first, *stream]) == _dicts(framing.score(t) for t in TEXTS)


def test_worker_processes_give_the_scores_of_one_process_in_order():
    pipeline = framing.pipeline_for()
    alone = _dicts(pipeline.pipe(TEXTS * 3, show_progress=False))
    together = list(pipeline.pipe(TEXTS * 3, show_progress=False, n_jobs=2, batch_size=4))
    assert _dicts(together) == alone
    assert together[0].explain("frames", top=3) == framing.score(TEXTS[0]).explain("frames", top=3)
    assert together[0]._pipeline is pipeline


def _state(score):
    """Everything a score holds but its pipeline, the types of its values included."""
    state = {k: v for k, v in score.__getstate__().items() if k != "_pipeline"}
    types = [type(v) for v in state["features"].values()] + [(type(e), *map(type, e)) for e in state["evidence"]]
    return state, types


def test_worker_scores_hold_what_one_process_gives_same_values_same_types():
    pipeline = framing.pipeline_for()
    texts = TEXTS + [EXAMPLE.encode("utf-8")]  # bytes: the worker sends the decoded text back
    together = list(pipeline.pipe(texts, claims=["The harbour will reopen soon"], show_progress=False, n_jobs=2, batch_size=3))
    alone = list(pipeline.pipe(texts, claims=["The harbour will reopen soon"], show_progress=False))
    assert "_packed" in together[0].__dict__  # unpacked on first use
    assert [_state(s) for s in together] == [_state(s) for s in alone]
    assert together[-1].document.original == EXAMPLE and together[0].__dict__["_text"] is TEXTS[0]


def test_packed_scores_send_odd_values_as_they_are():
    from framing.evidence import Evidence
    from framing.pipeline import PackedScores

    pipeline = framing.pipeline_for()
    scores = [pipeline.score(t) for t in TEXTS[:3]]
    scores[1].features = {**scores[1].features, "extra": 1}  # other names, an int
    scores[2].evidence = [*scores[2].evidence, ("plain", 0, 1, "x", "", {})]  # not an Evidence
    scores[0].evidence[0] = scores[0].evidence[0]._replace(text="not the text at its offsets")
    expected = [_state(s) for s in scores]
    packed = pickle.loads(pickle.dumps(PackedScores(iter(scores), TEXTS[:3])))
    back = list(packed.scores(iter(TEXTS[:3]), pipeline))
    assert [_state(s) for s in back] == expected
    assert type(back[2].evidence[-1]) is tuple and type(back[2].evidence[0]) is Evidence
    assert back[0].evidence[0].text == "not the text at its offsets"


def test_contexts_travel_with_their_articles():
    pairs = [(t, {"id": i}) for i, t in enumerate(TEXTS)]
    for n_jobs in (1, 2):
        got = list(framing.pipe(pairs, show_progress=False, n_jobs=n_jobs, batch_size=2, as_tuples=True))
        assert [c["id"] for _, c in got] == list(range(len(TEXTS)))
    with pytest.raises(TypeError, match="as_tuples=True takes"):
        list(framing.pipe(TEXTS, show_progress=False, as_tuples=True))


def test_a_bad_article_in_a_worker_is_raised_where_it_stood():
    with pytest.raises(TypeError):
        list(framing.pipe(["Fine.", 42, "Fine."], show_progress=False, n_jobs=2, batch_size=1))
    with pytest.raises(ValueError, match="n_jobs and batch_size"):
        list(framing.pipe(TEXTS, show_progress=False, n_jobs=0))


def test_a_pickled_score_is_small_and_explains_itself_once_unpickled():
    s = framing.score(EXAMPLE, claims=["The harbour will reopen soon"])
    data = pickle.dumps(s)
    assert len(data) < 20 * len(EXAMPLE.encode()) and len(data) < 100_000, len(data)
    again = pickle.loads(data)
    assert again.to_dict() == s.to_dict()
    assert again.explain("narratives", top=5) == s.explain("narratives", top=5)
    assert again.document.text == s.document.text and again.perspective == s.perspective


def test_a_pipeline_with_its_own_lexicons_scores_the_same_in_workers():
    pipeline = Pipeline(lexicons={"hedges": Lexicon.load("hedges").extended(["trade\tepistemic_verb"])})
    assert pipeline.score(EXAMPLE).features != framing.score(EXAMPLE).features
    assert _dicts(pipeline.pipe(TEXTS, show_progress=False, n_jobs=2, batch_size=2)) == _dicts(pipeline.pipe(TEXTS, show_progress=False))


def test_to_frame_has_a_row_per_article_and_a_column_per_label():
    pd = pytest.importorskip("pandas", reason="pandas (the table extra) is not installed")
    scores = framing.score_many(TEXTS, show_progress=False)
    frame = framing.to_frame(scores, index=[f"x{i}" for i in range(len(TEXTS))], features=True)
    assert list(frame.index) == [f"x{i}" for i in range(len(TEXTS))] and frame.index.name == "id"
    assert frame.loc["x0", "ideology"] == scores[0].labels["ideology"]
    assert frame.loc["x0", "frames"] == scores[0].labels["frames"]
    assert frame.loc["x0", "ideology:left"] == scores[0].heads["ideology"]["left"]
    assert frame.loc["x7", "empty"] and frame.loc["x0", "feature:hedge.per_1k"] == scores[0].features["hedge.per_1k"]
    pairs = framing.pipe([(t, f"k{i}") for i, t in enumerate(TEXTS)], show_progress=False, as_tuples=True)
    assert list(framing.to_frame(pairs).index) == [f"k{i}" for i in range(len(TEXTS))]
    df = pd.DataFrame({"body": TEXTS}, index=pd.Index(range(10, 10 + len(TEXTS)), name="n"))
    scored = framing.score_frame(df, text="body", show_progress=False)
    assert list(scored.index) == list(df.index)
    pd.testing.assert_frame_equal(scored.reset_index(drop=True), framing.to_frame(scores))
    with pytest.raises(KeyError, match="no column 'text'"):
        framing.score_frame(df, show_progress=False)


# -- the command line on corpora ------------------------------------------------------------


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "c.jsonl"
    lines = [json.dumps({"uid": f"a{i}", "body": t}) for i, t in enumerate(TEXTS)]
    lines.insert(3, "{broken")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_cli_scores_a_corpus_line_by_line_keyed_by_id(corpus, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    assert main(["score", str(corpus), "--text-key", "body", "--id-key", "uid", "-o", str(out)]) == 1
    assert f"{corpus}:4: not valid JSON" in capsys.readouterr().err
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == [f"a{i}" for i in range(len(TEXTS))]
    assert rows[0]["labels"] == framing.score(TEXTS[0]).labels and "actors" not in rows[0]
    assert rows[4]["origin"] == f"{corpus}:6"
    parallel = tmp_path / "par.jsonl"
    assert main(["score", str(corpus), "--text-key", "body", "--id-key", "uid", "-o", str(parallel), "-j", "2", "--batch-size", "2"]) == 1
    assert parallel.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


def test_cli_resumes_after_the_ids_it_wrote(corpus, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    main(["score", str(corpus), "--text-key", "body", "--id-key", "uid", "-o", str(out)])
    whole = out.read_text(encoding="utf-8")
    out.write_text(whole[: whole.index('{"id": "a3"') + 30], encoding="utf-8")  # a run killed inside line 4
    assert main(["score", str(corpus), "--text-key", "body", "--id-key", "uid", "-o", str(out), "--resume"]) == 1
    assert out.read_text(encoding="utf-8") == whole


def test_cli_csv_and_parquet_outputs(corpus, tmp_path):
    assert main(["score", str(corpus), "--text-key", "body", "--id-key", "uid", "--format", "csv", "-o", str(tmp_path / "o.csv")]) == 1
    header, first = (tmp_path / "o.csv").read_text(encoding="utf-8").splitlines()[:2]
    assert header.startswith("id,origin,frames,") and first.startswith("a0,")
    pytest.importorskip("pyarrow", reason="pyarrow (the parquet extra) is not installed")
    import pandas as pd

    assert main(["score", str(corpus), "--text-key", "body", "--id-key", "uid", "--format", "parquet", "-o", str(tmp_path / "o.parquet")]) == 1
    table = pd.read_parquet(tmp_path / "o.parquet")
    assert list(table["id"]) == [f"a{i}" for i in range(len(TEXTS))] and table["empty"].tolist()[-2] is True
    assert main(["score", str(corpus), "--format", "parquet"]) == 1  # no -o: a clear error


def test_cli_exit_status_survives_a_reader_that_stops_early(tmp_path):
    path = tmp_path / "big.jsonl"
    rows = ["{broken"] + [json.dumps({"text": f"Article {i}. The minister said it would rain."}) for i in range(400)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    run = subprocess.run(f'"{sys.executable}" -m framing.cli score "{path}" | head -n 2', shell=True, capture_output=True, text=True,
                         timeout=300, executable="/bin/bash")
    assert run.stdout.count("\n") == 2 and f"{path}:1: not valid JSON" in run.stderr
    assert "Traceback" not in run.stderr and "BrokenPipe" not in run.stderr
    status = subprocess.run(f'set -o pipefail; "{sys.executable}" -m framing.cli score "{path}" | head -n 2 > /dev/null',
                            shell=True, executable="/bin/bash", timeout=300)
    assert status.returncode == 1
