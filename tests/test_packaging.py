"""The package as installed: every subpackage listed, data files included."""

from __future__ import annotations

import configparser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_subpackage_is_listed_in_setup_cfg():
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    listed = set(config["options"]["packages"].split())
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "framing").rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    assert found <= listed, f"add to setup.cfg [options] packages: {sorted(found - listed)}"
    assert "framing.bundled" in listed
