"""The notebooks run top to bottom in a real Jupyter kernel, and are stored without outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import dataset

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
NAMES = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
#: Notebooks that cannot fall back to the corpus samples, and the dataset file each needs.
NEEDS = {"02_compare_outlets.ipynb": "allsides/media_train.jsonl.gz", "04_corpus.ipynb": "allsides/media_valid.jsonl.gz"}


def test_the_four_notebooks_are_there():
    assert NAMES == ["01_quickstart.ipynb", "02_compare_outlets.ipynb", "03_retrain.ipynb", "04_corpus.ipynb"]


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_stored_without_outputs(name):
    cells = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert code and all(c["outputs"] == [] and c["execution_count"] is None for c in code)


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs(name):
    nbformat = pytest.importorskip("nbformat", reason="the notebook tests need the dev extra: pip install '.[dev]'")
    nbclient = pytest.importorskip("nbclient", reason="the notebook tests need the dev extra: pip install '.[dev]'")
    if name in NEEDS:
        dataset(NEEDS[name])
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()  # a failing cell raises CellExecutionError, naming the cell and the error
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
