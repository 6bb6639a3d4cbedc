"""``train(corpus)``: every head and stance model a corpus declares, trained into one bundle.

Heads are trained by :mod:`.heads`; stance models by the package that owns them
(:mod:`framing.claims.training`, :mod:`framing.actors.training`, dispatched by
:mod:`.components`).  When one head is retrained, the bundle's other heads and parts
are read back through :mod:`framing.model.schema` and written again as they were.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Callable, Mapping, NamedTuple, Sequence

import numpy as np

from ..corpus import CorpusError, HeadData, MissingData, find_manifests, load_head
from ..model.bundle import CARD, read_bundle, write_bundle
from ..model.config import HeadConfig
from ..model.schema import Component, own_arrays, vectorizer_key
from .components import StanceData, read_component_data, train_component
from .heads import HeadTrainer, Reader, Trained, decide_together, train_head


def _log(message: str) -> None:
    print(message, file=sys.stderr)


def load_heads(corpus: str | Path, head: str | Sequence[str] | None = None,
               log: Callable[[str], None] = _log) -> list[HeadData | StanceData]:
    """Read and check every head and stance model of a corpus (or the named ones) before any training.

    Those whose data is missing are skipped and logged.
    """
    manifests = find_manifests(corpus)
    if head is not None:
        wanted = [head] if isinstance(head, str) else list(head)
        unknown = sorted(set(wanted) - {m.head for m in manifests})
        if unknown:
            raise CorpusError(f"{corpus}: no head named {', '.join(map(repr, unknown))}")
        manifests = [m for m in manifests if m.head in wanted]
    heads: list[HeadData | StanceData] = []
    for manifest in manifests:
        try:
            if manifest.kind != "text":
                heads.append(StanceData(manifest, read_component_data(manifest)))
                continue
            HeadConfig.from_dict(manifest.model, where=f"{manifest.path}: [model]")
            heads.append(load_head(manifest))
        except MissingData as err:
            log(str(err))
        except ValueError as err:
            raise CorpusError(str(err)) from None
    if not heads:
        raise CorpusError(f"{corpus}: no head has its data on this machine")
    return heads


def train(
    corpus: str | Path,
    out: str | Path = "models/default",
    head: str | Sequence[str] | None = None,
    overrides: Mapping[str, Any] | None = None,
    show_progress: bool = True,
    log: Callable[[str], None] = _log,
) -> Path:
    """Train every head and stance model a corpus declares (or the named ones) and write them as a bundle.

    Parameters
    ----------
    corpus : path
        A manifest, a folder of manifests, a folder per label, or a JSON Lines file.
    out : path
        The bundle folder to write (replaced atomically).  When ``head`` is
        given and ``out`` already holds a bundle, its other heads and stance
        models are kept: retraining one head leaves the rest as they were.
    head : str or list of str, optional
        Train only this head (these heads).
    overrides : mapping, optional
        Hyper-parameters applied over every head manifest's ``[model]`` table
        (e.g. ``{"use_ngrams": False}`` for an ablation).
    show_progress : bool
        Draw progress bars when stderr is a terminal.
    log : callable
        Receives messages (skipped heads, chosen settings); default: stderr.

    Returns
    -------
    Path
        The bundle folder.

    Raises
    ------
    CorpusError
        Before any training, if a head's data is unusable (see :func:`framing.corpus.load_head`).
    BundleError
        Before any training, if ``head`` is given and ``out`` holds a damaged bundle.
    """
    from threadpoolctl import threadpool_limits

    heads = load_heads(corpus, head, log)
    kept_heads, kept_components = [], []
    if head is not None and (Path(out) / "bundle.json").exists():
        kept_heads, kept_components = _kept(Path(out), {h.head for h in heads})
        bound = [h.name for h in kept_heads if h.spec.get("parent") in {d.head for d in heads}]
        if bound:
            raise CorpusError(f"{out}: head {bound[0]!r} is decided with its parent: train both together")
        if kept_heads or kept_components:
            log(f"{out}: keeping {', '.join(h.name for h in [*kept_heads, *kept_components])}")
    with threadpool_limits(1):  # BLAS threads on small solver steps cost far more than they give
        entries, components = _train_all(heads, overrides, show_progress, log)
    return _write(out, [*kept_heads, *entries], [*kept_components, *components])


def _train_all(heads: list[HeadData | StanceData], overrides: Mapping[str, Any] | None, show_progress: bool,
               log: Callable[[str], None]) -> tuple[list[HeadEntry], list[Component]]:
    reader = Reader(show_progress)
    trained: dict[str, Trained] = {}
    components = []
    for data in heads:
        if isinstance(data, StanceData):
            components.append(train_component(data.manifest, data.data, log, show_progress))
            continue
        config = HeadConfig.from_dict({**data.manifest.model, **(overrides or {})})
        read = reader.read(data.articles, config.vectorizer_key, f"reading {data.head}")
        heldout = reader.read(data.heldout, config.vectorizer_key, f"reading {data.head} held-out") if data.heldout else None
        width = len(reader.indexes[config.vectorizer_key])
        trainer = HeadTrainer(data, config, read, reader.feature_names, width)
        trained[data.head] = train_head(trainer, heldout, width, log)
    _decide_hierarchies(trained, log)
    return [_entry(t.trainer.data, t, reader) for t in trained.values()], components


def _decide_hierarchies(trained: Mapping[str, Trained], log: Callable[[str], None]) -> None:
    """Heads with a parent (or a "none" label) get thresholds chosen together with it."""
    children = {t.trainer.data.manifest.parent: t for t in trained.values() if t.trainer.data.manifest.parent}
    for name, t in trained.items():
        m = t.trainer.data.manifest
        if m.parent:
            if m.parent not in trained:
                raise CorpusError(f"{m.path}: head {name!r} is decided with its parent {m.parent!r}: train both together")
            continue
        child = children.get(name)
        none = m.none_label or (child.trainer.data.manifest.none_label if child is not None else "")
        if child is not None or none:
            decide_together(t, child, none or "Other", log)



class HeadEntry(NamedTuple):
    """A trained head as the bundle stores it, its n-gram weights keyed by term (so bundles can merge)."""

    name: str
    key: tuple  # the n-gram settings (HeadConfig.vectorizer_key)
    terms: list[str]  # the n-grams the head reads
    idf: np.ndarray  # one per term
    coef_terms: np.ndarray  # labels × terms
    arrays: dict[str, np.ndarray]  # its other arrays
    spec: dict[str, Any]  # its bundle.json entry, but the vectoriser's name
    card: dict[str, Any]


def _entry(data: HeadData, t: Trained, reader: Reader) -> HeadEntry:
    trainer, fitted, config, m = t.trainer, t.fitted, t.trainer.config, data.manifest
    index = list(reader.indexes[config.vectorizer_key])
    n_f = len(trainer.feature_names)
    spec = {
        "description": m.description, "multilabel": m.multilabel, "labels": data.labels,
        "priors": [round(float(p), 6) for p in t.priors],
        "thresholds": None if t.thresholds is None else [float(x) for x in t.thresholds],
        "feature_names": trainer.feature_names,
        "hyperparameters": {**config.to_dict(), "C_selected": t.C},
        "metrics": t.metrics, "training_files": m.file_hashes(),
        "n_articles": len(data.articles), "n_heldout": len(data.heldout),
        "n_groups": int(len(np.unique(trainer.groups))), "n_duplicates": trainer.n_duplicates,
        **({"parent": m.parent} if m.parent else {}), **({"none_label": m.none_label} if m.none_label else {}),
        **({"labels_not_learnt": data.skipped} if data.skipped else {}),
    }
    card = {
        "predicts": m.description or f"{'labels' if m.multilabel else 'a label'} among {data.labels}",
        "task": f"multi-label (one-vs-rest, {config.thresholds.replace('_', '-')} thresholds)" if m.multilabel else "single-label",
        "labels": data.labels,
        "training_data": m.training_data(articles=len(data.articles), groups=spec["n_groups"],
                                         duplicates_grouped=trainer.n_duplicates),
        "measured": {k: v for k, v in t.metrics.items() if k != "selection"},
        "limits": list(m.limits),
        **({"labels_not_learnt": data.skipped} if data.skipped else {}),
    }
    return HeadEntry(
        data.head, config.vectorizer_key, [index[c] for c in trainer.terms[fitted.design.term_columns]],
        np.asarray(fitted.design.idf, dtype=np.float64), fitted.coef[:, n_f:].astype(np.float32),
        {"mean": fitted.design.mean, "scale": fitted.design.scale,
         "coef_features": fitted.coef[:, :n_f].astype(np.float32), "intercept": fitted.intercept.astype(np.float64)},
        spec, card,
    )


def _kept(path: Path, replaced: set[str]) -> tuple[list[HeadEntry], list[Component]]:
    """The heads and stance models of the bundle at ``path`` whose names are not in ``replaced``."""
    meta, arrays, files = read_bundle(path)
    card = files.get(CARD, {})

    heads = []
    for name, spec in meta["heads"].items():
        if name in replaced:
            continue
        vec = meta["vectorizers"][spec["vectorizer"]]
        a = own_arrays(arrays, name)
        idf, coef = a.pop("idf"), a.pop("coef_terms")
        used = np.flatnonzero(idf)
        vocabulary = files[vec["file"]]
        heads.append(HeadEntry(
            name, vectorizer_key(vec),
            [vocabulary[i] for i in used], idf[used], coef[:, used], a,
            {k: v for k, v in spec.items() if k != "vectorizer"}, card.get("heads", {}).get(name, {}),
        ))
    components = [
        Component(name, spec["kind"], spec, own_arrays(arrays, name), {f: files[f] for f in spec.get("files", [])}, card.get("stance", {}).get(name, {}))
        for name, spec in meta.get("stance", {}).items() if name not in replaced
    ]
    return heads, components


def _write(out: str | Path, heads: list[HeadEntry], components: list[Component]) -> Path:
    import scipy
    import sklearn

    from ..version import __version__

    # one vocabulary per n-gram setting: the union of its heads' terms, sorted
    vectorizers: dict[tuple, str] = {}
    for h in heads:
        vectorizers.setdefault(h.key, f"v{len(vectorizers)}")
    vocabularies = {name: sorted({t for h in heads if h.key == key for t in h.terms}) for key, name in vectorizers.items()}

    arrays: dict[str, np.ndarray] = {}
    head_specs: dict[str, Any] = {}
    positions = {name: {term: i for i, term in enumerate(terms)} for name, terms in vocabularies.items()}
    for h in heads:
        vec = vectorizers[h.key]
        position = positions[vec]
        columns = np.array([position[t] for t in h.terms], dtype=np.int64)
        idf = np.zeros(len(position) if h.terms else 0)
        idf[columns] = h.idf
        coef_terms = np.zeros((len(h.spec["labels"]), len(position)), dtype=np.float32)
        coef_terms[:, columns] = h.coef_terms
        arrays.update({f"{h.name}.{k}": v for k, v in {**h.arrays, "idf": idf, "coef_terms": coef_terms}.items()})
        head_specs[h.name] = {**h.spec, "vectorizer": vec}
    json_files: dict[str, Any] = {f"vocabulary-{name}.json": terms for name, terms in vocabularies.items()}
    for c in components:
        arrays.update({f"{c.name}.{k}": v for k, v in c.arrays.items()})
        json_files.update(c.files)
    meta = {
        "framing": __version__,
        "libraries": {"numpy": np.__version__, "scipy": scipy.__version__, "scikit-learn": sklearn.__version__},
        "heads": head_specs,
        "stance": {c.name: {**c.spec, "files": sorted(c.files)} for c in components},
        "vectorizers": {
            name: {"word_ngrams": list(key[0]), "char_ngrams": list(key[1]) if key[1] else None, "file": f"vocabulary-{name}.json"}
            for key, name in vectorizers.items()
        },
    }
    card = {
        "model": Path(out).name, "heads": {h.name: h.card for h in heads},
        "stance": {c.name: c.card for c in components},
        "how_measured": "grouped_cv: GroupKFold over the outlet (and duplicate clusters), the figure to quote; "
                        "random_cv: shuffled folds, for comparison; heldout: files never trained on.",
        "limits": [
            "Linear models over words and interpretable features: they learn what the training outlets and "
            "topics share, and transfer less to other outlets, periods and languages (English only).",
            "Labels are those of the training data (e.g. AllSides labels outlets, not articles).",
            "Each part's training_data names its data and their terms: where they are for research use only, "
            "so is this bundle.",
        ],
    }
    json_files[CARD] = card
    return write_bundle(out, meta, arrays, json_files)
