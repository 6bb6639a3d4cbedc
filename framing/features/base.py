"""What every feature family returns: values, and the evidence spans behind them."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Iterable

from ..evidence import Evidence

if TYPE_CHECKING:
    from ..lexicons import LexiconSet
    from ..reading import Reading

@dataclass
class Features:
    """Feature values of one article and the evidence behind them.

    Attributes
    ----------
    values : dict
        Feature name → value.  Names are ``family.measure`` or
        ``family.detail.measure`` (``hedge.per_1k``, ``attribution.relayed.share``).
    evidence : list of Evidence
        Sorted by start offset.
    """

    values: dict[str, float]
    evidence: list[Evidence] = field(default_factory=list)

    def spans(self, kind: str | None = None, detail: str | None = None) -> list[Evidence]:
        """Evidence of one kind (and detail), in text order."""
        return [e for e in self.evidence if (kind is None or e.kind == kind) and (detail is None or e.detail == detail)]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict: ``{"values": {...}, "evidence": [...]}``."""
        return {"values": dict(self.values), "evidence": [e.to_dict() for e in self.evidence]}


class FeatureFamily(ABC):
    """One family of interpretable features (hedges, quotes, sourcing…).

    A family has a fixed list of feature names, so every article yields a
    vector of the same shape.  It counts what a :class:`~framing.reading.Reading`
    found; it reads no text itself.
    """

    #: Short name, also the ``kind`` of its evidence and the prefix of its feature names.
    name: str = ""

    def __init__(self, lexicons: "LexiconSet"):
        self.lexicons = lexicons

    @abstractmethod
    def feature_names(self) -> list[str]:
        """Names of the values :meth:`extract` returns, in a fixed order."""

    @abstractmethod
    def extract(self, reading: "Reading") -> tuple[dict[str, float], list[Evidence]]:
        """Values and evidence for one article (read under the family's lexicons)."""


def per_1k(count: float, n_tokens: int) -> float:
    """``count`` per 1,000 word tokens (0 for an empty document)."""
    return 1000.0 * count / n_tokens if n_tokens else 0.0


def share(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


_DETAIL = attrgetter("detail")


def count_values(prefix: str, details: Iterable[str], evidence: list[Evidence], n_tokens: int) -> dict[str, float]:
    """The standard counts and rates of a family: in all and per detail.

    Returns ``{prefix}.count``, ``{prefix}.per_1k`` and, for each detail,
    ``{prefix}.{detail}.count`` and ``{prefix}.{detail}.per_1k``.
    """
    found = list(map(_DETAIL, evidence))
    total = len(evidence)
    values = {f"{prefix}.count": float(total), f"{prefix}.per_1k": per_1k(total, n_tokens)}
    for d, count_name, rate_name in _detail_names(prefix, tuple(details)):
        c = found.count(d)  # a few details, a few spans: list.count in C beats building a Counter
        values[count_name] = float(c)
        values[rate_name] = per_1k(c, n_tokens)
    return values


@lru_cache(maxsize=64)
def _detail_names(prefix: str, details: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    """(detail, count name, rate name) of each detail, built once per family."""
    return tuple((d, f"{prefix}.{d}.count", f"{prefix}.{d}.per_1k") for d in details)


def count_names(prefix: str, details: Iterable[str]) -> list[str]:
    """Names that :func:`count_values` produces, in its order."""
    names = [f"{prefix}.count", f"{prefix}.per_1k"]
    for d in details:
        names += [f"{prefix}.{d}.count", f"{prefix}.{d}.per_1k"]
    return names
