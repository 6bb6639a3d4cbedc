"""Evidence: the span of the caller's text behind a number."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, Iterable, Mapping, NamedTuple

NO_ATTRS: Mapping[str, str] = MappingProxyType({})


class Evidence(NamedTuple):
    """A span of the caller's text that a feature value counts.

    Attributes
    ----------
    kind : str
        The feature family (``"hedge"``, ``"loaded"``, ``"quote"``…).
    start, end : int
        Offsets into the text the caller passed: ``text[start:end] == self.text``.
    text : str
        The span itself.
    detail : str
        The sub-category (``"modal"``, ``"relayed"``, ``"evaluative"``…).
    attrs : mapping
        Further facts where the text gives them: ``agent``, ``target``,
        ``speaker``, ``cue``, ``source``, ``term``.
    """

    kind: str
    start: int
    end: int
    text: str
    detail: str = ""
    attrs: Mapping[str, str] = NO_ATTRS

    @property
    def key(self) -> tuple[str, int, int, str]:
        """What identifies the span (``attrs`` aside, which make evidence unhashable)."""
        return (self.kind, self.start, self.end, self.detail)

    def to_dict(self) -> dict[str, Any]:
        out = {"kind": self.kind, "start": self.start, "end": self.end, "text": self.text, "detail": self.detail}
        if self.attrs:
            out["attrs"] = dict(self.attrs)
        return out

    def __reduce__(self) -> tuple:
        # the shared empty NO_ATTRS is a read-only proxy, which pickle refuses: send attrs as a dict
        if not self.attrs:
            return (type(self), tuple(self[:5]))
        return (type(self), (*self[:5], dict(self.attrs)))


def unique(evidence: Iterable[Evidence]) -> list[Evidence]:
    """The spans in their first order, each once (by :attr:`Evidence.key`)."""
    seen: dict[tuple, Evidence] = {}
    for e in evidence:
        seen.setdefault(e.key, e)
    return list(seen.values())
