"""Shared fixtures: the seed articles and datasets in ../shared, skipped cleanly where absent."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
DATASETS = SHARED / "datasets"


@pytest.fixture(scope="session")
def seeds() -> dict[str, str]:
    """Seed articles by their number prefix ("000" … "004")."""
    files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not files:
        pytest.skip(f"seed articles not found in {SEEDS} (../shared is absent on this machine)")
    return {f.name[:3]: f.read_text(encoding="utf-8") for f in files}


@pytest.fixture(scope="session")
def sample_model_path(tmp_path_factory) -> Path:
    """A bundle trained once per test run on the made-up sample corpus (corpus/sample)."""
    from framing.training import train

    return train(ROOT / "corpus" / "sample", out=tmp_path_factory.mktemp("m") / "sample", show_progress=False, log=lambda m: None)


def import_blocker(blocked: tuple[str, ...], why: str) -> str:
    """Python source that makes importing any of the ``blocked`` top-level packages fail with
    ``why``: the prelude of a child process that proves a code path does not need them."""
    return (
        "import importlib.abc, sys\n"
        "class _Block(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        f"        if name.split('.')[0] in {tuple(blocked)!r}:\n"
        f"            raise ImportError(name + ' is blocked: ' + {why!r})\n"
        "sys.meta_path.insert(0, _Block())\n"
    )


def dataset(relative: str) -> Path:
    """Path of a file under ../shared/datasets, or skip the test with the reason."""
    path = DATASETS / relative
    if not path.exists():
        pytest.skip(f"dataset file {path} not found (../shared is absent on this machine)")
    return path
