"""The package's structure: no import cycle anywhere, and scoring on numpy alone."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT, import_blocker


def _cycles(graph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(v: str) -> None:  # iterative would be longer; the package is a few hundred modules deep at most
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.find_modules_directly_imported_by(v)):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return sorted(found)


def test_no_import_cycle():
    grimp = pytest.importorskip("grimp", reason="grimp comes with import-linter (the dev extra)")
    # imports inside functions count; those only for type checkers are never executed
    graph = grimp.build_graph("framing", exclude_type_checking_imports=True)
    assert _cycles(graph) == []


def test_cycle_finder_finds_a_cycle():
    class Graph:
        modules = {"a", "b", "c"}
        edges = {"a": {"b"}, "b": {"a"}, "c": {"a"}}

        def find_modules_directly_imported_by(self, m):
            return self.edges[m]

    assert _cycles(Graph()) == [["a", "b"]]


_BLOCKED = ("scipy", "sklearn", "nltk", "joblib", "pandas")


def test_scoring_actors_and_claims_need_numpy_only(tmp_path):
    """In a process where scipy, scikit-learn, NLTK, joblib and pandas cannot be imported, an
    article is scored with claims and actors (with roles) and serialised, and its entity roles read."""
    script = import_blocker(_BLOCKED, "scoring must not need it") + textwrap.dedent(f"""
        import json, sys
        BLOCKED = {_BLOCKED!r}
        import framing
        text = open({str(ROOT / "corpus" / "examples" / "harbour_dispute.txt")!r}, encoding="utf-8").read()
        s = framing.score(text, claims=["The two governments reached an agreement on the harbour"])
        out = s.to_dict()
        assert out["actors"] and out["claims"], out.keys()
        json.dumps(out)
        s.explain(next(iter(s.heads)))
        framing.analyze_actors(text, {{"Harbour board": []}})
        framing.stance("The harbour will close", text)
        assert len(framing.entity_roles(text, [(0, 3), (4, 9)])) == 2
        assert all(a.role is not None for a in s.actors if a.mentions)
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)
        assert not loaded, loaded
        print("ok")
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert run.returncode == 0 and run.stdout.strip().endswith("ok"), run.stderr[-3000:]
