"""A head's articles, read through its manifest and checked before any training starts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .articles import Article, CorpusError, read_articles
from .manifest import Manifest


class MissingData(CorpusError):
    """The manifest's data files are not on this machine (the head is skipped, not failed)."""


@dataclass
class HeadData:
    """Checked training (and held-out) articles of one head.

    Attributes
    ----------
    manifest : Manifest
    articles : list of Article
        Training articles, labels mapped.
    labels : list of str
        The head's labels, sorted.
    heldout : list of Article
        Articles to evaluate on only; those with labels unseen in training are left out.
    skipped : list of str
        Labels too rare to learn, taken off the articles (``[labels] rare = "skip"``).
    unlearnt : list of int
        Per training article, how many of its labels were skipped (scores count them as missed).
    """

    manifest: Manifest
    articles: list[Article]
    labels: list[str]
    heldout: list[Article]
    skipped: list[str] = field(default_factory=list)
    unlearnt: list[int] = field(default_factory=list)

    @property
    def head(self) -> str:
        return self.manifest.head

    def targets(self, articles: list[Article] | None = None) -> np.ndarray:
        """Class index per article (single-label) or a 0/1 matrix (multi-label)."""
        articles = self.articles if articles is None else articles
        index = {label: i for i, label in enumerate(self.labels)}
        if not self.manifest.multilabel:
            return np.array([index[a.labels[0]] for a in articles], dtype=np.int64)
        y = np.zeros((len(articles), len(self.labels)), dtype=np.int64)
        for row, a in enumerate(articles):
            y[row, [index[x] for x in a.labels if x in index]] = 1
        return y


def _read(manifest: Manifest, paths: list[Path]) -> list[Article]:
    out = []
    for path in paths:
        for article in read_articles(path, manifest.fields):
            labels = tuple(x for x in map(manifest.map_label, article.labels) if x is not None)
            bad = [x for x in labels if manifest.allowed and x not in manifest.allowed]
            if bad:
                raise CorpusError(f"{article.origin}: unknown label {bad[0]!r}; allowed: {manifest.allowed}")
            if not labels and not manifest.multilabel:
                continue  # its label is dropped
            if not manifest.multilabel and len(labels) > 1:
                raise CorpusError(f"{article.origin}: {len(labels)} labels for single-label head {manifest.head!r}")
            out.append(article._replace(labels=labels, group=manifest.map_group(article.group)))
    return out


def load_head(manifest: Manifest) -> HeadData:
    """Read and check a head's articles.

    Raises
    ------
    MissingData
        If data files are absent (message names them).
    CorpusError
        If the corpus is empty, has one class only, or a label has fewer
        than ``manifest.min_examples`` articles (or, multi-label, is on every one).
    """
    missing = manifest.missing()
    if missing:
        raise MissingData(f"head {manifest.head!r} skipped: missing {', '.join(map(str, missing))}")
    where = manifest.path or manifest.data[0]
    articles = _read(manifest, manifest.data)
    if not articles:
        raise CorpusError(f"{where}: head {manifest.head!r} has no articles")
    counts = Counter(x for a in articles for x in a.labels)
    labels = sorted(counts)
    if len(labels) < (1 if manifest.multilabel else 2):
        raise CorpusError(f"{where}: head {manifest.head!r} needs two classes, found {labels}")
    few = {x: n for x, n in counts.items() if n < manifest.min_examples}
    skipped = sorted(few) if manifest.rare == "skip" and manifest.multilabel else []
    unlearnt = [sum(x in few for x in a.labels) for a in articles] if skipped else [0] * len(articles)
    if skipped:
        articles = [a._replace(labels=tuple(x for x in a.labels if x not in few)) for a in articles]
        labels = [x for x in labels if x not in few]
    elif few:
        raise CorpusError(
            f"{where}: head {manifest.head!r}: too few articles for {few} (min_examples = {manifest.min_examples}); "
            "add articles, or drop or map these labels in [labels] (a multi-label head may skip them: rare = \"skip\")"
        )
    always = [x for x in labels if manifest.multilabel and counts[x] == len(articles)]
    if always:
        raise CorpusError(f"{where}: head {manifest.head!r}: labels {always} are on every article, nothing to learn")
    heldout = [a._replace(labels=tuple(x for x in a.labels if x not in few)) if skipped else a
               for a in _read(manifest, manifest.heldout)]
    heldout = [a for a in heldout if set(a.labels) <= set(labels)]
    return HeadData(manifest, articles, labels, heldout, skipped, unlearnt)
