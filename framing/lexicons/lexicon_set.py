"""The lexicons one analysis uses: the shipped ones, with the caller's overrides."""

from __future__ import annotations

import os
from typing import Any, Callable, Iterable, Mapping, TypeVar, Union

from .format import Lexicon

T = TypeVar("T")
LexiconOverrides = Mapping[str, Union[Lexicon, str, os.PathLike, Iterable[str]]]


class LexiconSet:
    """The lexicons an extractor uses: the shipped ones, with the caller's overrides.

    Parameters
    ----------
    overrides : mapping, optional
        Lexicon name → :class:`Lexicon`, path to a file, or iterable of lines.
    """

    def __init__(self, overrides: LexiconOverrides | None = None):
        self._overrides = dict(overrides or {})
        self._loaded: dict[str, Lexicon] = {}
        self._compiled: dict[Callable, Any] = {}

    def __getitem__(self, name: str) -> Lexicon:
        if name not in self._loaded:
            given = self._overrides.get(name)
            if given is None:
                lex = Lexicon.load(name)
            elif isinstance(given, Lexicon):
                lex = given
            elif isinstance(given, (str, os.PathLike)):
                lex = Lexicon.from_file(given, name=name)
            else:
                lex = Lexicon(name, {}, "given by the caller").extended(given)
            self._loaded[name] = lex
        return self._loaded[name]

    def __reduce__(self):
        # the overrides as loaded lexicons: a path or a generator given by the caller may be gone
        return type(self), ({name: self[name] for name in self._overrides},)

    @property
    def overridden(self) -> bool:
        """Whether any lexicon differs from the shipped one."""
        return bool(self._overrides)

    def compiled(self, build: Callable[["LexiconSet"], T]) -> T:
        """``build(self)``, built once per lexicon set: what is compiled from several lexicons
        (the gazetteer) lives as long as the lexicons it was compiled from."""
        if build not in self._compiled:
            self._compiled[build] = build(self)
        return self._compiled[build]
