"""framing.dask on a real dask.distributed LocalCluster with two worker processes (skipped without dask)."""

from __future__ import annotations

import pytest

dd = pytest.importorskip("dask.dataframe", reason="dask (the dask extra) is not installed")
distributed = pytest.importorskip("dask.distributed", reason="dask.distributed (the dask extra) is not installed")
pd = pytest.importorskip("pandas")

import dask.bag as db  # noqa: E402

import framing  # noqa: E402
import framing.dask  # noqa: E402

from conftest import ROOT  # noqa: E402

EXAMPLE = (ROOT / "corpus" / "examples" / "harbour_dispute.txt").read_text(encoding="utf-8")
TEXTS = [EXAMPLE.replace("harbour", w) for w in ("harbour", "port", "dock", "quay", "pier", "wharf", "marina", "bay")] + ["", "Rain."]


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as c:
            yield c


def test_score_dataframe_gives_the_rows_of_score_frame_with_the_index(client):
    df = pd.DataFrame({"body": TEXTS, "outlet": ["x"] * len(TEXTS)}, index=pd.Index([f"id{i}" for i in range(len(TEXTS))], name="id"))
    ddf = dd.from_pandas(df, npartitions=3, sort=False)
    lazy = framing.dask.score_dataframe(ddf, text="body", features=True)
    assert list(lazy.columns) == list(framing.dask.meta(features=True).columns)
    got = lazy.compute()
    expected = framing.score_frame(df, text="body", features=True, show_progress=False)
    pd.testing.assert_frame_equal(got, expected, check_index_type=False)
    workers = client.run(lambda: __import__("os").getpid())
    assert len(set(workers.values())) == 2
    with pytest.raises(KeyError, match="no column 'text'"):
        framing.dask.score_dataframe(ddf)


def test_score_bag_gives_the_scores_of_score_many(client):
    scores = framing.dask.score_bag(db.from_sequence(TEXTS, npartitions=3)).compute()
    expected = framing.score_many(TEXTS, show_progress=False)
    assert [s.to_dict() for s in scores] == [s.to_dict() for s in expected]
    assert scores[0].explain("frames", top=3) == expected[0].explain("frames", top=3)
