"""The Porter stemmer, in pure Python.

:func:`porter_stem` implements M. F. Porter's suffix-stripping algorithm
("An algorithm for suffix stripping", *Program* 14(3), 1980) with the
extensions of NLTK's ``PorterStemmer`` in its default mode
(``NLTK_EXTENSIONS``), so that it gives the same stem as
``nltk.stem.PorterStemmer().stem(word)`` without needing NLTK:

* a short table of irregular forms (``dying`` → ``die``, ``skies`` → ``sky``,
  ``news``, ``proceed`` …) is looked up first, and words of one or two
  characters are returned as they are;
* step 1a: ``ies`` → ``ie`` in four-letter words (``dies`` → ``die``);
* step 1b: ``ied`` → ``ie`` in four-letter words, else ``i``;
* step 1c: ``y`` → ``i`` only after a consonant that is not the first letter
  (``happy`` → ``happi``, ``enjoy`` and ``by`` unchanged);
* step 2: ``alli`` → ``al`` is tried first and step 2 run again on the result;
  ``bli`` → ``ble`` (for the paper's ``abli``), ``fulli`` → ``ful`` and
  ``logi`` → ``log`` (the ``l`` counted with the stem) are added;
* condition ``*o`` also holds for a two-letter stem vowel–consonant.

Words are lower-cased first.  Nothing is cached here: callers that stem the
same words again keep their own cache.
"""

from __future__ import annotations

__all__ = ["porter_stem"]

_VOWELS = frozenset("aeiou")

_IRREGULAR = {
    "sky": "sky", "skies": "sky", "dying": "die", "lying": "lie", "tying": "tie", "news": "news",
    "innings": "inning", "inning": "inning", "outings": "outing", "outing": "outing",
    "cannings": "canning", "canning": "canning", "howe": "howe",
    "proceed": "proceed", "exceed": "exceed", "succeed": "succeed",
}

# (suffix, replacement): the first rule whose suffix ends the word is the only one tried
_STEP2 = (
    ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"),
    ("bli", "ble"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"),
    ("ization", "ize"), ("ation", "ate"), ("ator", "ate"), ("alism", "al"), ("iveness", "ive"),
    ("fulness", "ful"), ("ousness", "ous"), ("aliti", "al"), ("iviti", "ive"), ("biliti", "ble"),
    ("fulli", "ful"), ("logi", "log"),
)
_STEP3 = (
    ("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"), ("ful", ""), ("ness", ""),
)
_STEP4 = (
    "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent",
    "ion", "ou", "ism", "ate", "iti", "ous", "ive", "ize",
)


def _consonants(word: str) -> list[bool]:
    """Whether each letter is a consonant: not a vowel, and ``y`` only when not after a consonant."""
    flags: list[bool] = []
    for i, ch in enumerate(word):
        if ch in _VOWELS:
            flags.append(False)
        elif ch == "y":
            flags.append(i == 0 or not flags[i - 1])
        else:
            flags.append(True)
    return flags


def _measure(stem: str) -> int:
    """Porter's m: the number of vowel–consonant sequences in ``[C](VC){m}[V]``."""
    flags = _consonants(stem)
    return sum(1 for a, b in zip(flags, flags[1:]) if not a and b)


def _has_vowel(stem: str) -> bool:
    return not all(_consonants(stem))


def _ends_double_consonant(word: str) -> bool:
    return len(word) >= 2 and word[-1] == word[-2] and _consonants(word)[-1]


def _ends_cvc(word: str) -> bool:
    """Condition ``*o``: consonant–vowel–consonant, the last not w, x or y; or a two-letter vowel–consonant."""
    if len(word) >= 3:
        c = _consonants(word)
        if c[-3] and not c[-2] and c[-1] and word[-1] not in "wxy":
            return True
    if len(word) == 2:
        c = _consonants(word)
        return not c[0] and c[1]
    return False


def _step1a(word: str) -> str:
    if word.endswith("ies") and len(word) == 4:
        return word[:-3] + "ie"
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("ies"):
        return word[:-2]
    if word.endswith("ss"):
        return word
    if word.endswith("s"):
        return word[:-1]
    return word


def _step1b(word: str) -> str:
    if word.endswith("ied"):
        return word[:-3] + ("ie" if len(word) == 4 else "i")
    if word.endswith("eed"):
        return word[:-1] if _measure(word[:-3]) > 0 else word
    for suffix in ("ed", "ing"):
        if word.endswith(suffix) and _has_vowel(word[:-len(suffix)]):
            stem = word[:-len(suffix)]
            break
    else:
        return word
    if stem.endswith(("at", "bl", "iz")):
        return stem + "e"
    if _ends_double_consonant(stem):
        return stem if stem[-1] in "lsz" else stem[:-1]
    if _measure(stem) == 1 and _ends_cvc(stem):
        return stem + "e"
    return stem


def _step1c(word: str) -> str:
    if word.endswith("y") and len(word) > 2 and _consonants(word[:-1])[-1]:
        return word[:-1] + "i"
    return word


def _step2(word: str) -> str:
    if word.endswith("alli") and _measure(word[:-4]) > 0:
        return _step2(word[:-2])
    for suffix, replacement in _STEP2:
        if word.endswith(suffix):
            # for "logi" the "l" counts with the stem
            stem = word[:-3] if suffix == "logi" else word[:-len(suffix)]
            return word[:-len(suffix)] + replacement if _measure(stem) > 0 else word
    return word


def _step3(word: str) -> str:
    for suffix, replacement in _STEP3:
        if word.endswith(suffix):
            stem = word[:-len(suffix)]
            return stem + replacement if _measure(stem) > 0 else word
    return word


def _step4(word: str) -> str:
    for suffix in _STEP4:
        if word.endswith(suffix):
            stem = word[:-len(suffix)]
            keep = _measure(stem) > 1 and (suffix != "ion" or stem[-1] in "st")
            return stem if keep else word
    return word


def _step5(word: str) -> str:
    if word.endswith("e"):
        stem = word[:-1]
        m = _measure(stem)
        if m > 1 or (m == 1 and not _ends_cvc(stem)):
            word = stem
    if word.endswith("ll") and _measure(word[:-1]) > 1:
        word = word[:-1]
    return word


def porter_stem(word: str) -> str:
    """The Porter stem of ``word``, as NLTK's ``PorterStemmer().stem(word)`` gives it.

    >>> [porter_stem(w) for w in ("caresses", "ponies", "relational", "dying", "happy", "generalization")]
    ['caress', 'poni', 'relat', 'die', 'happi', 'gener']
    """
    lower = word.lower()
    if lower in _IRREGULAR:
        return _IRREGULAR[lower]
    if len(word) <= 2:
        return lower
    return _step5(_step4(_step3(_step2(_step1c(_step1b(_step1a(lower)))))))
