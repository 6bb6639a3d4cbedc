"""Manifests: a small TOML (or JSON) file per head naming its data and how to read it.

Example (``corpus/ideology.toml``)::

    head = "ideology"
    task = "single"                 # or "multi" (several labels per article)
    description = "Political perspective of the outlet: left, center or right."
    data = ["../../shared/datasets/allsides/media_train.jsonl.gz"]
    heldout = ["../../shared/datasets/allsides/media_valid.jsonl.gz"]
    min_examples = 20               # fewer articles with a label: an error

    [fields]                        # article field = key in the JSON objects
    label = "label"
    group = "source"

    [labels]
    allowed = ["left", "center", "right"]   # any other label: an error
    drop = []                               # labels whose articles are left out
    map = {}                                # label renames, applied first
    rare = "error"                          # or "skip": labels under min_examples are not learnt
    none = ""                               # multi-label: the label for "none of the others", given alone
    parent = ""                             # multi-label: the head of the parent labels ("Parent: Sub")

    [groups]                        # one group per outlet, whatever name it is filed under
    brands = ["Fox News"]           # "Fox News Opinion", "CNN (Fox News)" → "Fox News"
    map = {"Fox Online" = "Fox News"}   # renames, applied first

    limits = ["Labels describe outlets, not articles."]   # for the model card
    source = "Baly et al., EMNLP 2020"  # who made the data, for the model card
    terms = "Apache-2.0"                # its licence or terms of use, for the model card

    [model]                         # hyper-parameters, see framing.model.config
    C = [0.5, 1.0, 2.0]

A manifest may instead declare a stance model (``kind``): ``"claim_stance"``
(claim–text pairs labelled agree / disagree / discuss / unrelated, read by
:func:`framing.claims.fnc1.read_pairs`, texts optionally in a separate
``bodies`` file), ``"actor_stance"`` (articles with a stance label per
entity, read by :func:`framing.actors.training.read_entity_stances`) or
``"entity_roles"`` (articles with labelled entity mentions, read by
:func:`framing.actors.role_training.read_entity_roles`).

Paths are relative to the manifest.  Data files that are absent on this
machine make the manifest *unavailable*, with a message naming them.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .articles import CorpusError


def sha256_file(path: str | os.PathLike) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

MANIFEST_SUFFIXES = (".toml", ".json")
_KINDS = ("text", "claim_stance", "actor_stance", "entity_roles", "techniques")
# A head's arrays are stored as "<head>.<key>" in its bundle: no dots, nothing a file name cannot hold.
HEAD_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]{0,63}")
_KEYS = {"head", "kind", "bodies", "task", "description", "data", "heldout", "min_examples", "fields", "labels", "model",
         "groups", "duplicate_threshold", "limits", "source", "terms"}


@dataclass
class Manifest:
    """One head's training data, read from a manifest file.

    Attributes
    ----------
    head : str
        The prediction task's name (``"ideology"``).
    kind : str
        ``"text"`` (a head over articles), ``"claim_stance"``, ``"actor_stance"`` or ``"entity_roles"``.
    multilabel : bool
        Several labels per article (one-vs-rest) rather than exactly one.
    data, heldout : list of Path
        Training files or folders; files evaluated on but never trained on.
    bodies : Path or None
        For claim stance: the texts the pairs name by id.
    fields : dict
        Article field → JSON key (see :data:`~framing.corpus.articles.DEFAULT_FIELDS`).
    allowed, drop : list of str
        Labels allowed (empty: any), labels whose articles are left out.
    label_map : dict
        Label renames, applied before ``allowed`` and ``drop``.
    group_map, group_brands : dict, list of str
        Group renames, then brands: a group whose name starts with a brand
        (or holds it in parentheses) is that brand's.
    min_examples : int
        Fewest training articles a label needs.
    rare : {"error", "skip"}
        What a label with fewer articles makes: an error, or a label not learnt
        (its articles keep their other labels; the model card lists it).
    none_label : str
        Multi-label: the label that means "none of the others" ("Other"): predicted
        alone, and only when no other label is.
    parent : str
        Multi-label: the head whose labels prefix this head's (``"Parent: Sub"``), so
        that the two decide together (see :mod:`framing.model.hierarchy`).
    duplicate_threshold : float
        Estimated Jaccard similarity from which two articles are duplicates.
    limits : list of str
        Known limits of the head, for its model card.
    source, terms : str
        Who made the training data and under which licence or terms, for the model card.
    model : dict
        Hyper-parameters for :class:`framing.model.config.HeadConfig`.
    path : Path or None
        The manifest file.
    """

    head: str
    data: list[Path]
    kind: str = "text"
    bodies: Path | None = None
    multilabel: bool = False
    description: str = ""
    heldout: list[Path] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    allowed: list[str] = field(default_factory=list)
    drop: list[str] = field(default_factory=list)
    label_map: dict[str, str] = field(default_factory=dict)
    group_map: dict[str, str] = field(default_factory=dict)
    group_brands: list[str] = field(default_factory=list)
    min_examples: int = 5
    rare: str = "error"
    none_label: str = ""
    parent: str = ""
    duplicate_threshold: float = 0.8
    limits: list[str] = field(default_factory=list)
    source: str = ""
    terms: str = ""
    model: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    def missing(self) -> list[Path]:
        """Data and held-out paths that do not exist on this machine."""
        return [p for p in [*self.data, *self.heldout, *([self.bodies] if self.bodies else [])] if not p.exists()]

    def file_hashes(self) -> dict[str, str]:
        """SHA-256 of every data file (of a folder: of its ``.txt`` files), by path relative to the manifest."""

        base = (self.path.parent if self.path else Path.cwd()).resolve()
        out = {}
        for path in [*self.data, *self.heldout, *([self.bodies] if self.bodies else [])]:
            resolved = Path(path).resolve()
            name = str(resolved.relative_to(base)) if resolved.is_relative_to(base) else resolved.name
            if resolved.is_dir():
                digest = hashlib.sha256()
                for file in sorted(resolved.rglob("*.txt")):
                    digest.update(f"{file.relative_to(resolved)}\0{sha256_file(file)}\n".encode())
                out[name] = digest.hexdigest()
            else:
                out[name] = sha256_file(resolved)
        return out

    def training_data(self, **counts: Any) -> dict[str, Any]:
        """The model card's account of the training data: files, who made them, terms, and ``counts``."""
        out: dict[str, Any] = {"files": sorted(self.file_hashes())}
        out.update({k: v for k, v in (("source", self.source), ("terms", self.terms)) if v})
        return {**out, **counts}

    def map_group(self, group: str) -> str:
        """The group after renaming and merging into its brand (see ``[groups]``)."""
        group = self.group_map.get(group, group)
        brand = next((b for b in self.group_brands if group.startswith(b) or f"({b}" in group), None)
        return self.group_map.get(brand, brand) if brand else group

    def map_label(self, label: str) -> str | None:
        """The label after renaming, or None if its articles are dropped."""
        label = self.label_map.get(label, label)
        return None if label in self.drop else label


def load_manifest(path: str | Path) -> Manifest:
    """Read a manifest (``.toml`` or ``.json``).

    Raises
    ------
    CorpusError
        If the file cannot be parsed or lacks ``head`` or ``data``, or has keys
        this version does not know (a typo would otherwise be ignored).
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
        spec = tomllib.loads(raw.decode("utf-8")) if path.suffix == ".toml" else json.loads(raw)
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise CorpusError(f"{path}: cannot read manifest ({err})") from None
    if not isinstance(spec, dict):
        raise CorpusError(f"{path}: a manifest is a table of settings")
    unknown = sorted(set(spec) - _KEYS)
    if unknown:
        raise CorpusError(f"{path}: unknown settings {unknown}; known: {sorted(_KEYS)}")
    for key in ("head", "data"):
        if not spec.get(key):
            raise CorpusError(f"{path}: no {key!r}")
    _check_types(spec, path)
    kind = spec.get("kind", "text")
    if kind not in _KINDS:
        raise CorpusError(f"{path}: kind must be one of {list(_KINDS)}, got {kind!r}")
    task = spec.get("task", "single")
    if task not in ("single", "multi"):
        raise CorpusError(f"{path}: task must be 'single' or 'multi', got {task!r}")
    labels = spec.get("labels", {})
    groups = spec.get("groups", {})
    rare = labels.get("rare", "error")
    if rare not in ("error", "skip"):
        raise CorpusError(f"{path}: [labels] rare must be 'error' or 'skip', got {rare!r}")
    if task != "multi" and (labels.get("none") or labels.get("parent")):
        raise CorpusError(f"{path}: [labels] none and parent are for multi-label heads (task = \"multi\")")

    def paths(key: str) -> list[Path]:
        value = spec.get(key, [])
        return [(path.parent / p) for p in ([value] if isinstance(value, str) else value)]

    return Manifest(
        head=spec["head"],
        data=paths("data"),
        kind=kind,
        bodies=path.parent / spec["bodies"] if spec.get("bodies") else None,
        multilabel=task == "multi",
        description=str(spec.get("description", "")),
        heldout=paths("heldout"),
        fields={str(k): str(v) for k, v in spec.get("fields", {}).items()},
        allowed=list(labels.get("allowed", [])),
        drop=list(labels.get("drop", [])),
        label_map=dict(labels.get("map", {})),
        group_map={str(k): str(v) for k, v in groups.get("map", {}).items()},
        group_brands=[str(b) for b in groups.get("brands", [])],
        min_examples=spec.get("min_examples", 5),
        rare=rare,
        none_label=str(labels.get("none", "")),
        parent=str(labels.get("parent", "")),
        duplicate_threshold=float(spec.get("duplicate_threshold", 0.8)),
        limits=[str(x) for x in spec.get("limits", [])],
        source=str(spec.get("source", "")),
        terms=str(spec.get("terms", "")),
        model=dict(spec.get("model", {})),
        path=path,
    )


def _is_strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _is_table_of_strings(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())


# What each setting must be, and how the error says it.
_CHECKS = {
    "head": (lambda v: isinstance(v, str) and HEAD_NAME.fullmatch(v) is not None,
             "a name of letters, digits, _ and - (no dots: a bundle stores a head's arrays as <head>.<key>)"),
    "kind": (lambda v: isinstance(v, str), "a string"),
    "task": (lambda v: isinstance(v, str), "a string"),
    "description": (lambda v: isinstance(v, str), "a string"),
    "bodies": (lambda v: isinstance(v, str), "a path"),
    "data": (lambda v: isinstance(v, str) or _is_strings(v), "a path or a list of paths"),
    "heldout": (lambda v: isinstance(v, str) or _is_strings(v), "a path or a list of paths"),
    "min_examples": (lambda v: type(v) is int and v >= 1, "a whole number >= 1"),
    "duplicate_threshold": (lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and 0 <= v <= 1,
                            "a number from 0 to 1"),
    "fields": (_is_table_of_strings, "a table of article field = JSON key"),
    "labels": (lambda v: isinstance(v, dict), "a table (allowed, drop, map, rare, none, parent)"),
    "groups": (lambda v: isinstance(v, dict), "a table (brands, map)"),
    "model": (lambda v: isinstance(v, dict), "a table of hyper-parameters"),
    "limits": (_is_strings, "a list of strings"),
    "source": (lambda v: isinstance(v, str), "a string"),
    "terms": (lambda v: isinstance(v, str), "a string"),
}
_SUB_CHECKS = {
    ("labels", "allowed"): (_is_strings, "a list of strings"),
    ("labels", "drop"): (_is_strings, "a list of strings"),
    ("labels", "map"): (_is_table_of_strings, "a table of label = new label"),
    ("labels", "rare"): (lambda v: isinstance(v, str), "a string (error or skip)"),
    ("labels", "none"): (lambda v: isinstance(v, str), "a label"),
    ("labels", "parent"): (lambda v: isinstance(v, str) and HEAD_NAME.fullmatch(v) is not None, "a head name"),
    ("groups", "brands"): (_is_strings, "a list of strings"),
    ("groups", "map"): (_is_table_of_strings, "a table of group = new group"),
}


def _check_types(spec: dict, path: Path) -> None:
    """Every setting of the manifest has the type it must: the error names the manifest and the key."""
    for key, (ok, expected) in _CHECKS.items():
        if key in spec and not ok(spec[key]):
            raise CorpusError(f"{path}: {key} must be {expected}, got {spec[key]!r:.80}")
    for (table, key), (ok, expected) in _SUB_CHECKS.items():
        if key in spec.get(table, {}) and not ok(spec[table][key]):
            raise CorpusError(f"{path}: [{table}] {key} must be {expected}, got {spec[table][key]!r:.80}")


def find_manifests(path: str | Path) -> list[Manifest]:
    """The manifests a corpus path declares, sorted by file name.

    ``path`` may be a manifest file, a folder of manifests (not searched
    recursively), a folder with a sub-folder of ``.txt`` files per label, or a
    JSON Lines file; the last two make one single-label head named after them.
    """
    path = Path(path)
    if not path.exists():
        raise CorpusError(f"{path}: no such file or folder")
    if path.is_file():
        if path.suffix in MANIFEST_SUFFIXES:
            return [load_manifest(path)]
        return [Manifest(head=_head_name(path.name.split(".")[0]), data=[path], path=None)]
    files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix in MANIFEST_SUFFIXES)
    if files:
        return [load_manifest(p) for p in files]
    if any(p.is_dir() for p in path.iterdir()):
        return [Manifest(head=_head_name(path.name), data=[path])]
    raise CorpusError(f"{path}: no manifest (.toml/.json), label folders or JSON Lines file found")


def _head_name(name: str) -> str:
    """A head name from a file or folder name: what :data:`HEAD_NAME` refuses becomes ``_``."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", name)[:64].lstrip("-") or "head"
