"""The role an article casts an entity in: Protagonist, Antagonist or Innocent, and its fine roles.

``framing.entity_roles(text, [(start, end), ...])`` answers once per mention
with an :class:`EntityRole`: the main role, one or two fine roles of the
SemEval-2025 Task 10 taxonomy (:data:`FINE_ROLES`: Guardian, Instigator,
Victim, …, each under one main role), their probabilities and the evidence
spans behind them.  The actors of :func:`framing.analyze_actors` get one too,
aggregated over their mentions (:func:`aggregate_roles`).

:func:`role_rows` reads the context of each mention: interpretable numbers
(:data:`DENSE_NAMES`: prominence, quoted, speaking, agent or target of loaded
language, polarity and loaded cues just before and just after it) and the
words around it, in its sentence (``w:``), right beside it (``l:`` / ``r:``)
and of the mention itself (``e:`` / ``t:``).  :class:`EntityRoleModel` is a
multinomial logistic regression for the main role and one-vs-rest logistic
regressions for the fine roles (each fitted on the mentions of its main
role), trained by :mod:`framing.actors.role_training` from a
``kind = "entity_roles"`` manifest (``corpus/entity_roles.toml``) and stored
in the bundle as plain arrays and a JSON vocabulary.  Prediction needs numpy only.
"""

from __future__ import annotations

import itertools
import operator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping, NamedTuple, Sequence

import numpy as np

from ..evidence import Evidence
from ..model import load_model
from ..model.bundle import BundleError
from ..model.linear import sigmoid, softmax
from ..model.schema import Part
from .stance import cue_positions

if TYPE_CHECKING:
    from ..reading import Reading

#: Main roles, in the order of the model's rows.
MAIN_ROLES = ("Protagonist", "Antagonist", "Innocent")
#: Fine roles of each main role (the taxonomy of SemEval-2025 Task 10, subtask 1).
TAXONOMY: Mapping[str, tuple[str, ...]] = {
    "Protagonist": ("Guardian", "Martyr", "Peacemaker", "Rebel", "Underdog", "Virtuous"),
    "Antagonist": ("Instigator", "Conspirator", "Tyrant", "Foreign Adversary", "Traitor", "Spy", "Saboteur",
                   "Corrupt", "Incompetent", "Terrorist", "Deceiver", "Bigot"),
    "Innocent": ("Forgotten", "Exploited", "Victim", "Scapegoat"),
}
#: Every fine role, in the order of the model's fine rows.
FINE_ROLES = tuple(r for main in MAIN_ROLES for r in TAXONOMY[main])
#: The main role of each fine role.
MAIN_OF = {fine: main for main in MAIN_ROLES for fine in TAXONOMY[main]}
_FINE_MAIN = np.array([MAIN_ROLES.index(MAIN_OF[f]) for f in FINE_ROLES])

#: The interpretable context numbers of a mention, in column order.
DENSE_NAMES = (
    "position", "sentence_position", "in_title", "in_lead", "log_occurrences", "quoted", "possessive",
    "speaks", "is_source", "agent_of_loaded", "target_of_loaded", "agent_here", "target_here",
    "loaded_before", "loaded_after", "neg_before", "neg_after", "pos_before", "pos_after",
    "hedge_near", "negation_near", "sentence_neg", "sentence_pos", "sentence_loaded",
    "cue_protagonist", "cue_antagonist", "cue_innocent",
)
#: Words that cast whoever is near them in a main role (counted in the mention's context window):
#: heroes defend, help and resist; villains attack, lie and rule; innocents suffer and are harmed.
#: Per role, word beginnings (``prefixes``: "defend" counts "defended", "defenders") and whole ``words``.
ROLE_CUES: Mapping[str, Mapping[str, frozenset[str]]] = {
    "Protagonist": {
        "prefixes": frozenset("defend defenc defens protect hero brave courag resist liberat support help rescu peace negotiat "
                              "honor honour defian champion".split()),
        "words": frozenset("aid save saves saved saving defied solidarity fight fights fighting stood stand stands".split()),
    },
    "Antagonist": {
        "prefixes": frozenset("attack aggress invad invasion accus blam propaganda corrupt dictator tyran criminal terror threat "
                              "provoc provok sabotag destroy manipulat fraud scam hypocri warmonger escalat sanction bomb agenda "
                              "globalist".split()),
        "words": frozenset("lie lies lied lying liar liars regime regimes killer killers puppet puppets nazi nazis elite elites".split()),
    },
    "Innocent": {
        "prefixes": frozenset("victim suffer innocen injur starv sacrific exploit abandon".split()),
        "words": frozenset("civilian civilians killed wounded displaced refugee refugees poor poverty child children family families "
                           "death deaths died dying dead harmed hostage hostages forgotten vulnerable".split()),
    },
}
_CUE_WORDS = {w: r for r, cues in enumerate(ROLE_CUES.values()) for w in cues["words"]}
_CUE_PREFIXES: dict[str, list[tuple[str, int]]] = {}  # by their first four letters, longest first
for _r, _cues in enumerate(ROLE_CUES.values()):
    for _p in sorted(_cues["prefixes"], key=len, reverse=True):
        _CUE_PREFIXES.setdefault(_p[:4], []).append((_p, _r))


def cue_role(word: str) -> int:
    """The index in :data:`MAIN_ROLES` of the role ``word`` (lower case) is a cue of (:data:`ROLE_CUES`), or -1."""
    found = _CUE_WORDS.get(word)
    if found is not None:
        return found
    for prefix, r in _CUE_PREFIXES.get(word[:4], ()):
        if word.startswith(prefix):
            return r
    return -1


#: How many word tokens before and after a mention the ``*_before`` / ``*_after`` numbers read.
NEAR_TOKENS = 6
#: Default context settings (training may choose others; the bundle stores them).
DEFAULT_CONFIG = {"window": 25, "side": 2, "clip_to_sentence": True, "entity_terms": True}
#: Standardised dense values are clipped to this many standard deviations.
CLIP = 5.0
#: How many mentions of an entity (its first) an actor's role reads.
AGGREGATED_MENTIONS = 5
#: How many context words with the strongest push toward the role a mention's evidence lists.
EVIDENCE_WORDS = 3


@dataclass(frozen=True)
class EntityRole:
    """The role an article casts one mention (or one actor) in.

    Attributes
    ----------
    start, end : int
        The mention, offsets into the caller's text (an actor's: its first mention).
    text : str
        ``text[start:end]``.
    main_role : str
        One of :data:`MAIN_ROLES`.
    fine_roles : list of str
        One or two of :data:`FINE_ROLES`, all under ``main_role`` in :data:`TAXONOMY`, most probable first.
    probabilities : dict
        Main role → probability (they sum to 1).
    fine_probabilities : dict
        Fine role → probability that the entity has it: P(its main role) × P(fine | main role), the
        latter from a one-vs-rest model (so they need not sum to 1).
    evidence : list of Evidence
        What drove it: the loaded-language terms it is agent (``detail`` ``agent``)
        or target of, the quotations it speaks, and the words near it that push
        most toward its main role (kind ``role``, ``attrs["term"]`` the model's term; stop words left out).
    """

    start: int
    end: int
    text: str
    main_role: str
    fine_roles: list[str]
    probabilities: dict[str, float]
    fine_probabilities: dict[str, float] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict."""
        return {
            "start": self.start, "end": self.end, "text": self.text, "main_role": self.main_role,
            "fine_roles": list(self.fine_roles),
            "probabilities": {k: round(float(v), 4) for k, v in self.probabilities.items()},
            "fine_probabilities": {k: round(float(v), 4) for k, v in self.fine_probabilities.items()},
            "evidence": [e.to_dict() for e in self.evidence],
        }


# -- spans ----------------------------------------------------------------------------


def check_spans(mentions: Any, length: int) -> list[tuple[int, int]]:
    """``mentions`` as ``(start, end)`` pairs of ints, checked against a text of ``length`` characters.

    Raises
    ------
    TypeError
        If ``mentions`` is not a sequence of pairs of integers (a bool is not one).
    ValueError
        If a span is empty, reversed, or out of ``[0, length]``.
    """
    if isinstance(mentions, (str, bytes)) or not hasattr(mentions, "__iter__"):
        raise TypeError(f"mentions must be a list of (start, end) pairs, got {type(mentions).__name__}")
    out = []
    for i, span in enumerate(mentions):
        try:
            start, end = span
        except (TypeError, ValueError):
            raise TypeError(f"mention {i}: expected a (start, end) pair, got {span!r}") from None
        if isinstance(start, bool) or isinstance(end, bool):
            raise TypeError(f"mention {i}: offsets must be integers, got {span!r}")
        try:
            start, end = operator.index(start), operator.index(end)
        except TypeError:
            raise TypeError(f"mention {i}: offsets must be integers, got {span!r}") from None
        if not 0 <= start < end <= length:
            raise ValueError(f"mention {i}: span ({start}, {end}) must satisfy 0 <= start < end <= {length} (the text's length)")
        out.append((start, end))
    return out


def to_doc_spans(reading: "Reading", spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of the caller's text (``doc.original``) as spans of the cleaned ``doc.text`` the analyses read."""
    doc = reading.doc
    if not doc.offset_map.layers:
        return list(spans)
    # where each character of doc.text came from: its start sent back through the layers, newest first
    p = np.arange(len(doc.text) + 1, dtype=np.int64)
    for new_starts, new_ends, old_starts, old_ends in doc.offset_map.layers[::-1]:
        ns, ne, os_, oe = (np.asarray(a, dtype=np.int64) for a in (new_starts, new_ends, old_starts, old_ends))
        if not len(ns):
            continue
        i = np.searchsorted(ns, p, side="right") - 1
        j = np.clip(i, 0, None)
        moved = np.where(p < ne[j], os_[j], p + oe[j] - ne[j])
        p = np.where(i >= 0, moved, p)
    p[-1] = max(len(doc.original), int(p[:-1].max(initial=0)) + 1)
    p = np.maximum.accumulate(p)
    out = []
    for start, end in spans:
        a = int(np.searchsorted(p, start, side="right")) - 1
        b = int(np.searchsorted(p, end, side="left"))
        out.append((max(a, 0), max(min(b, len(doc.text)), max(a, 0) + 1)))
    return out


# -- context of a mention ---------------------------------------------------------------


class RoleRows(NamedTuple):
    """The context of each mention of one article, as the role model reads it.

    Attributes
    ----------
    dense : ndarray, shape (n_mentions, len(DENSE_NAMES))
    terms : list of list of str
        Each mention's context terms (distinct, in first-seen order).
    windows : list of (int, int, int, int)
        Each mention's context window as word-token indices: start, mention start, mention end, end.
    loaded : list of list of (LoadedTerm, str)
        The loaded-language terms each mention is ``"agent"`` or ``"target"`` of.
    quotes : list of list of Quotation
        The quotations whose speaker is the mention's entity.
    """

    dense: np.ndarray
    terms: list[list[str]]
    windows: list[tuple[int, int, int, int]]
    loaded: list[list[tuple[Any, str]]]
    quotes: list[list[Any]]


def _names_match(name: str, phrase: str) -> bool:
    """Whether a speaker or agent phrase names the entity called ``name`` (both lower case)."""
    if not name or not phrase:
        return False
    if name in phrase:
        return True
    last = name.split()[-1]
    return len(last) > 3 and last in phrase.split()


class _Phrases(NamedTuple):
    """Phrases of one kind (agents, speakers…) of an article, lower case, joined by newlines to be searched at once."""

    joined: str
    starts: np.ndarray  # where each phrase starts in ``joined``
    empty: np.ndarray  # which phrases are ""

    @classmethod
    def of(cls, phrases: Sequence[str]) -> "_Phrases":
        lengths = np.array([len(p) + 1 for p in phrases], dtype=np.int64)
        return cls("\n".join(phrases), np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64),
                   np.array([not p for p in phrases], dtype=bool))


_KINDS = ("agent", "target", "speaker", "source")


def _phrases(reading: "Reading") -> dict[str, Any]:
    """The agent and target phrases of the loaded terms, the speakers of the quotations and the sources of
    the attributions (``"all"``, in that order, ``"sizes"`` of each kind), with where the terms and
    speakers are (once per article: ``reading.derived``)."""
    terms, quotations = reading.loaded_terms, reading.quotations
    kinds = ([t.agent.lower() for t in terms], [t.target.lower() for t in terms],
             [q.speaker_text.lower().replace("\n", " ") for q in quotations],
             [a.source.lower().replace("\n", " ") for a in reading.attributions])
    return {
        "all": _Phrases.of([p for kind in kinds for p in kind]), "sizes": [len(kind) for kind in kinds],
        "term_start": np.array([t.start for t in terms], dtype=np.int64),
        "speaker_start": np.array([q.speaker[0] if q.speaker else -1 for q in quotations], dtype=np.int64),
        "speaker_end": np.array([q.speaker[1] if q.speaker else -1 for q in quotations], dtype=np.int64),
    }


def _find_all(haystack: str, needle: str) -> list[int]:
    """Every offset where ``needle`` starts in ``haystack`` (overlapping too)."""
    out, at = [], haystack.find(needle)
    while at >= 0:
        out.append(at)
        at = haystack.find(needle, at + 1)
    return out


def _matches(names: Sequence[str], phrases: _Phrases) -> np.ndarray:
    """Which phrases name the entity of ``names`` (as :func:`_names_match` says), searched at once."""
    hit = np.zeros(len(phrases.starts), dtype=bool)
    if not len(hit):
        return hit
    joined = phrases.joined
    for name in names:
        name = name.replace("\n", " ")
        if not name:
            continue
        at = _find_all(joined, name)
        last = name.split()[-1] if name.split() else ""
        if len(last) > 3:  # a whole word of the phrase
            end = len(joined)
            at += [i for i in _find_all(joined, last) if (i == 0 or joined[i - 1].isspace())
                   and (i + len(last) == end or joined[i + len(last)].isspace())]
        if at:
            hit[np.searchsorted(phrases.starts, np.array(at, dtype=np.int64), side="right") - 1] = True
    return hit & ~phrases.empty


def _cue_tokens(reading: "Reading") -> np.ndarray:
    """For every word token of the article, the index in :data:`ROLE_CUES` of the main role it is a cue
    of (-1: none); each distinct word matched once, once per article (``reading.derived``)."""
    vocabulary = reading.doc.vocabulary
    ids = vocabulary.word_ids  # the index of each token's word's first token
    firsts = np.flatnonzero(ids == np.arange(len(ids)))
    table = np.full(len(ids), -1, dtype=np.int64)
    words = vocabulary.words
    for j in firsts.tolist():
        table[j] = cue_role(words[j])
    return table[ids]


def _window_terms(reading: "Reading") -> list[str]:
    """Every word token of the article as a context term (``w:word``); once per article (``reading.derived``)."""
    return ["w:" + w for w in reading.doc.words]


def _between(cues: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """How many of the sorted offsets ``cues`` fall in ``[lo, hi)``, per row."""
    return (np.searchsorted(cues, hi, side="left") - np.searchsorted(cues, lo, side="left")).astype(np.float64)


def role_rows(reading: "Reading", spans: Sequence[tuple[int, int]], names: Sequence[Sequence[str]] | None = None,
              config: Mapping[str, Any] | None = None) -> RoleRows:
    """The context of mentions of one article (``doc.text`` offsets), one row each.

    Parameters
    ----------
    reading : Reading
    spans : sequence of (int, int)
        The mentions, in ``reading.doc.text`` offsets.
    names : sequence of sequences of str, optional
        For each mention, the names of its entity that speaker, source and agent
        phrases may use ("Japan", "Tokyo"); default: the mention's own text.
    config : mapping, optional
        ``window`` (words each side read as ``w:``, within the sentence if
        ``clip_to_sentence``), ``side`` (words right before / after, ``l:`` / ``r:``)
        and ``entity_terms`` (the mention's own words, ``e:`` / ``t:``); default
        :data:`DEFAULT_CONFIG`.  The ``cue_*`` columns count the :data:`ROLE_CUES` words within ``window``
        words of the mention, in its sentence.
    """
    cfg = {**DEFAULT_CONFIG, **(config or {})}
    doc = reading.doc
    text, n = doc.text, len(spans)
    dense = np.zeros((n, len(DENSE_NAMES)))
    empty: RoleRows = RoleRows(dense, [[] for _ in spans], [(0, 0, 0, 0) for _ in spans], [[] for _ in spans], [[] for _ in spans])
    if not n or not doc.n_tokens:
        return empty
    lower = doc.lower
    words = doc.words
    t_starts, t_ends = doc.tokens
    s = np.array([a for a, _ in spans], dtype=np.int64)
    e = np.array([b for _, b in spans], dtype=np.int64)
    a = np.searchsorted(t_ends, s, side="right")  # first token ending after the start
    b = np.maximum(np.searchsorted(t_starts, e, side="left"), a)  # first token starting at or after the end
    sentence_starts = reading.sentence_starts
    n_sentences = max(len(sentence_starts), 1)
    sent = np.clip(np.searchsorted(sentence_starts, s, side="right") - 1, 0, None)
    sentence_ends = np.array([end for _, end in doc.sentences], dtype=np.int64) if len(sentence_starts) else np.array([len(text)])
    sent_lo_char = sentence_starts[sent] if len(sentence_starts) else np.zeros(n, dtype=np.int64)
    sent_hi_char = sentence_ends[np.clip(sent, 0, len(sentence_ends) - 1)]
    lo_tok = np.searchsorted(t_starts, sent_lo_char, side="left")
    hi_tok = np.maximum(np.searchsorted(t_starts, sent_hi_char, side="left"), b)
    cues = reading.derived(cue_positions)

    # cues just before and just after the mention (token windows as character bounds)
    n_tok = len(t_starts)
    before_lo = t_starts[np.clip(a - NEAR_TOKENS, 0, n_tok - 1)]
    after_hi = np.where(b + NEAR_TOKENS < n_tok, t_starts[np.clip(b + NEAR_TOKENS, 0, n_tok - 1)], len(text))
    near = {}
    for name in ("loaded", "neg", "pos", "hedge", "negation"):
        near[name + "_before"] = _between(cues[name], before_lo, s)
        near[name + "_after"] = _between(cues[name], e, after_hi)
        near[name + "_sentence"] = _between(cues[name], sent_lo_char, sent_hi_char)
    sentence_tokens = np.maximum(hi_tok - lo_tok, 1).astype(np.float64)

    own = [tuple(x.lower() for x in (names[i] if names is not None and names[i] else [text[spans[i][0]:spans[i][1]]])) for i in range(n)]
    said = reading.derived(_phrases)
    terms_loaded, quotations = reading.loaded_terms, reading.quotations
    # which phrases name each entity, once per entity; then every mention at once
    entities = list(dict.fromkeys(own))
    which = np.array([entities.index(x) for x in own]) if len(entities) > 1 else np.zeros(n, dtype=np.int64)
    named = np.array([_matches(x, said["all"]) for x in entities]).reshape(len(entities), -1)[which]
    agent, target, speaker, source = np.split(named, np.cumsum(said["sizes"])[:-1], axis=1)
    here = (said["term_start"][None, :] >= sent_lo_char[:, None]) & (said["term_start"][None, :] < sent_hi_char[:, None])
    speaks = speaker | ((said["speaker_start"][None, :] < e[:, None]) & (s[:, None] < said["speaker_end"][None, :]))
    counts = np.column_stack([speaks.sum(axis=1), source.sum(axis=1), agent.sum(axis=1), target.sum(axis=1),
                              (agent & here).any(axis=1), (target & here).any(axis=1)]).astype(np.float64)
    loaded: list[list[tuple[Any, str]]] = [[] for _ in range(n)]
    quotes: list[list[Any]] = [[] for _ in range(n)]
    for role, hit in (("agent", agent & here), ("target", target & here)):
        for i, j in zip(*np.nonzero(hit)):
            loaded[i].append((terms_loaded[j], role))
    for i, j in zip(*np.nonzero(speaks)):
        quotes[i].append(quotations[j])
    occurrences = np.array([max(lower.count(mine[0]), 1) for mine in own], dtype=np.float64)
    possessive = np.array([text[end:end + 2] in ("'s", "\u2019s") or text[end:end + 1] in ("'", "\u2019") for end in e])
    per = 100 / sentence_tokens
    dense[:] = np.column_stack([
        s / max(len(text), 1), sent / n_sentences, sent == 0, sent < 3, np.log1p(occurrences),
        [reading.is_quoted(int(x)) for x in s], possessive,
        np.log1p(counts[:, 0]), np.log1p(counts[:, 1]), np.log1p(counts[:, 2]), np.log1p(counts[:, 3]),
        counts[:, 4], counts[:, 5],
        near["loaded_before"], near["loaded_after"], near["neg_before"], near["neg_after"],
        near["pos_before"], near["pos_after"], near["hedge_before"] + near["hedge_after"],
        near["negation_before"] + near["negation_after"],
        near["neg_sentence"] * per, near["pos_sentence"] * per, near["loaded_sentence"] * per, np.zeros((n, 3)),
    ])

    window, side, clip = int(cfg["window"]), int(cfg["side"]), bool(cfg["clip_to_sentence"])
    # role cues in the window: cumulative counts per role, read at the window's edges
    cue_counts = np.zeros((n_tok + 1, 3))
    is_cue = reading.derived(_cue_tokens)
    hit = np.flatnonzero(is_cue >= 0)
    cue_counts[hit + 1, is_cue[hit]] = 1.0
    cue_counts = np.cumsum(cue_counts, axis=0)
    w_lo = np.maximum(lo_tok if clip else 0, a - window)
    w_hi = np.minimum(hi_tok if clip else n_tok, b + window)
    dense[:, -3:] = cue_counts[a] - cue_counts[w_lo] + cue_counts[w_hi] - cue_counts[b]
    in_window = reading.derived(_window_terms)
    terms, windows = [], []
    for i in range(n):
        ai, bi = int(a[i]), int(b[i])
        lo = max(int(lo_tok[i]) if clip else 0, ai - window)
        hi = min(int(hi_tok[i]) if clip else n_tok, bi + window)
        found = in_window[lo:ai] + in_window[bi:hi] + ["l:" + w for w in words[max(ai - side, 0):ai]] + ["r:" + w for w in words[bi:bi + side]]
        if cfg["entity_terms"] and bi > ai:
            found += ["e:" + " ".join(words[ai:bi]), *("t:" + w for w in words[ai:bi])]
        terms.append(list(dict.fromkeys(found)))
        windows.append((lo, ai, bi, hi))
    return RoleRows(dense, terms, windows, loaded, quotes)


# -- the model ------------------------------------------------------------------------


class EntityRoleModel:
    """Main and fine roles of mentions from :func:`role_rows` (numpy only at prediction).

    Trained by :func:`framing.actors.role_training.fit_role_model`.

    Parameters
    ----------
    vocabulary : list of str
        The context terms the model reads, after the dense columns.
    mean, scale : array, shape (len(DENSE_NAMES),)
        Standardisation of the dense columns.
    main_coef : array, shape (3, n_dense + n_terms)
    main_intercept : array, shape (3,)
        With the prior shift chosen in training already added.
    fine_coef : array, shape (len(FINE_ROLES), n_dense + n_terms)
    fine_intercept : array, shape (len(FINE_ROLES),)
        One-vs-rest: each fine role against the others of its main role.
    second_threshold : float
        A second fine role is given when its conditional probability reaches this (above 1: never).
    config : dict
        The context settings of :func:`role_rows` the model was trained with.
    info : dict
        Training set, hyper-parameters and held-out scores (the model card).
    """

    def __init__(self, vocabulary: Sequence[str], mean: np.ndarray, scale: np.ndarray, main_coef: np.ndarray,
                 main_intercept: np.ndarray, fine_coef: np.ndarray, fine_intercept: np.ndarray,
                 second_threshold: float = 2.0, config: Mapping[str, Any] | None = None, info: dict | None = None):
        self.vocabulary = list(vocabulary)
        self.index = {t: i for i, t in enumerate(self.vocabulary)}
        self.mean, self.scale = mean, scale
        self.main_coef, self.main_intercept = main_coef, main_intercept
        self.fine_coef, self.fine_intercept = fine_coef, fine_intercept
        self.second_threshold = float(second_threshold)
        self.config = {**DEFAULT_CONFIG, **(config or {})}
        self.info = dict(info or {})
        # how much each term pushes each main role above the strongest other one (for evidence)
        terms = self.main_coef[:, len(DENSE_NAMES):]
        others = np.stack([np.delete(terms, r, axis=0).max(axis=0) if len(terms) > 1 else np.zeros(terms.shape[1])
                           for r in range(len(terms))]) if terms.size else np.zeros_like(terms)
        self._push = terms - others
        self._context = np.array([not t.startswith(("e:", "t:")) for t in self.vocabulary], dtype=bool)  # not the mention's own words

    def get_feature_names_out(self) -> np.ndarray:
        """The names of the columns the model reads: :data:`DENSE_NAMES`, then the vocabulary."""
        return np.array([*DENSE_NAMES, *self.vocabulary], dtype=object)

    # one matrix product over dense + bag columns, for the main and fine rows at once
    def columns(self, rows: RoleRows) -> tuple[np.ndarray, np.ndarray]:
        """The vocabulary columns of each row's terms, flattened, and where each row's start (as CSR ``indptr``)."""
        index = self.index
        cols = [[index[t] for t in terms if t in index] for terms in rows.terms]
        indptr = np.concatenate([[0], np.cumsum([len(c) for c in cols], dtype=np.int64)]).astype(np.int64)
        return np.fromiter(itertools.chain.from_iterable(cols), dtype=np.int64, count=int(indptr[-1])), indptr

    def decision_function(self, rows: RoleRows, columns: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Decision values of the main roles (n, 3) and of the fine roles (n, len(FINE_ROLES)).

        ``columns``: :meth:`columns` of ``rows``, if already at hand.
        """
        k = len(DENSE_NAMES)
        x = standardise(rows.dense, self.mean, self.scale)
        main = x @ self.main_coef[:, :k].T + self.main_intercept
        fine = x @ self.fine_coef[:, :k].T + self.fine_intercept
        flat, indptr = columns if columns is not None else self.columns(rows)
        if len(flat):  # each row's term weights summed in one pass (rows without terms skipped)
            filled = indptr[:-1] < indptr[1:]
            starts = indptr[:-1][filled]
            main[filled] += np.add.reduceat(self.main_coef[:, k + flat], starts, axis=1).T
            fine[filled] += np.add.reduceat(self.fine_coef[:, k + flat], starts, axis=1).T
        return main, fine

    def predict_proba(self, rows: RoleRows, columns: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Main-role probabilities (rows sum to 1) and conditional fine-role probabilities P(fine | its main role)."""
        main, fine = self.decision_function(rows, columns)
        return softmax(main), sigmoid(fine)

    def predict(self, rows: RoleRows) -> list[tuple[str, list[str]]]:
        """``(main role, fine roles)`` of each row."""
        main, fine = self.predict_proba(rows)
        return [self.decide(p, q) for p, q in zip(main, fine)]

    def decide(self, p: np.ndarray, q: np.ndarray) -> tuple[str, list[str]]:
        """The main role of probabilities ``p`` and its fine roles from conditional probabilities ``q``."""
        return decide(p, q, self.second_threshold)

    def roles(self, reading: "Reading", spans: Sequence[tuple[int, int]], names: Sequence[Sequence[str]] | None = None,
              original: Sequence[tuple[int, int]] | None = None) -> list[EntityRole]:
        """The role of each mention (``doc.text`` spans) of one article, with evidence in the caller's offsets.

        ``original``: the same mentions in the caller's offsets, as the answers report them
        (default: the ``doc.text`` spans sent back through the cleaning).
        """
        rows = role_rows(reading, spans, names, self.config)
        columns = self.columns(rows)
        main, fine = self.predict_proba(rows, columns)
        at = list(original) if original is not None else [reading.doc.original_span(*span) for span in spans]
        return [self._role(reading, at[i], p, q, self._evidence(reading, rows, columns, range(i, i + 1), p))
                for i, (p, q) in enumerate(zip(main, fine))]

    def aggregate(self, reading: "Reading", entities: Sequence[Sequence[tuple[int, int]]],
                  names: Sequence[Sequence[str]] | None = None) -> list[EntityRole | None]:
        """One role per entity of one article, from its mentions (``doc.text`` spans): the geometric
        mean of their main-role probabilities, the mean of their fine-role ones, the union of their
        evidence; start, end and text of its first mention.  None for an entity without mentions.

        ``names``: per entity, the names speaker, source and agent phrases may use for it.
        The mentions of all entities are read in one pass; an entity's first
        :data:`AGGREGATED_MENTIONS` only (the lead casts the roles; later mentions mostly repeat it,
        and reading them all would cost more than the rest of the actor analysis).
        """
        entities = [list(mentions)[:AGGREGATED_MENTIONS] for mentions in entities]
        spans = [span for mentions in entities for span in mentions]
        owner = np.repeat(np.arange(len(entities)), [len(m) for m in entities])
        per_mention = [names[k] for k in owner] if names is not None else None
        rows = role_rows(reading, spans, per_mention, self.config)
        columns = self.columns(rows)
        main, fine = self.predict_proba(rows, columns)
        # the mentions of an entity are contiguous: per-entity means by reduceat over their first rows
        sizes = np.array([len(m) for m in entities], dtype=np.int64)
        filled = np.flatnonzero(sizes)
        if not len(filled):
            return [None] * len(entities)
        starts = (np.cumsum(sizes) - sizes)[filled]
        p_all = softmax(np.add.reduceat(np.log(np.clip(main, 1e-12, None)), starts, axis=0) / sizes[filled, None])
        q_all = np.add.reduceat(fine, starts, axis=0) / sizes[filled, None]
        out: list[EntityRole | None] = [None] * len(entities)
        for row, k in enumerate(filled.tolist()):
            which = range(int(starts[row]), int(starts[row] + sizes[k]))
            out[k] = self._role(reading, reading.doc.original_span(*entities[k][0]), p_all[row], q_all[row],
                                self._evidence(reading, rows, columns, which, p_all[row]))
        return out

    def _role(self, reading: "Reading", span: tuple[int, int], p: np.ndarray, q: np.ndarray, evidence: list[Evidence]) -> EntityRole:
        """An :class:`EntityRole` at ``span`` (caller's offsets)."""
        main, fines = self.decide(p, q)
        start, end = span
        return EntityRole(
            start, end, reading.doc.original[start:end], main, fines,
            {r: float(v) for r, v in zip(MAIN_ROLES, p)},
            {f: float(p[_FINE_MAIN[j]] * q[j]) for j, f in enumerate(FINE_ROLES)},
            evidence,
        )

    def _evidence(self, reading: "Reading", rows: RoleRows, columns: tuple[np.ndarray, np.ndarray], which: range,
                  p: np.ndarray) -> list[Evidence]:
        """Loaded terms and quotations of the mentions ``which`` (consecutive rows), and the context words pushing most toward the role."""
        role = int(np.argmax(p))
        found: dict[tuple, Evidence] = {}
        for i in which:
            for term, how in rows.loaded[i]:
                key = ("loaded", term.start, term.end, how)
                found.setdefault(key, reading.evidence("loaded", term.start, term.end, how, agent=term.agent,
                                                       target=term.target, term=term.entry.category))
            for q in rows.quotes[i]:
                a, b = q.content
                found.setdefault(("quote", a, b, ""), reading.evidence("quote", a, b, "speaks", speaker=q.speaker_text))
        flat, indptr = columns
        first, last = (which[0], which[-1] + 1) if len(which) else (0, 0)  # a run of mentions
        mine = flat[indptr[first]:indptr[last]]
        owner = np.repeat(np.arange(first, last), np.diff(indptr[first:last + 1]))
        push = np.where(self._context[mine], self._push[role, mine], 0.0)
        order = np.lexsort((mine, -push))  # strongest first, ties by column: the same answer every time
        chosen: dict[int, int] = {}  # column -> the first mention whose window holds it
        stop = reading.lexicons["stop_words"].entries  # function words weigh in the model, but show a reader nothing
        for j in order:
            if push[j] <= 0 or len(chosen) == EVIDENCE_WORDS:
                break
            if self.vocabulary[mine[j]][2:] not in stop:
                chosen.setdefault(int(mine[j]), int(owner[j]))
        words, (t_starts, t_ends) = reading.doc.words, reading.doc.tokens
        side = int(self.config["side"])
        for col, i in chosen.items():
            term = self.vocabulary[col]
            lo, a, b, hi = rows.windows[i]
            where = {"l:": range(a - 1, a - side - 1, -1), "r:": range(b, b + side)}.get(term[:2], [*range(lo, a), *range(b, hi)])
            at = next((j for j in where if 0 <= j < len(words) and words[j] == term[2:]), None)
            if at is None:
                continue
            start, end = int(t_starts[at]), int(t_ends[at])
            found[("role", start, end, term)] = reading.evidence("role", start, end, "context", term=term, role=MAIN_ROLES[role],
                                                                 weight=f"{float(self._push[role, col]):.3f}")
        return sorted(found.values(), key=lambda ev: (ev.start, ev.end, ev.kind))

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The fitted model as plain numeric arrays (for a bundle's ``arrays.npz``)."""
        return {"mean": self.mean, "scale": self.scale, "main_coef": self.main_coef, "main_intercept": self.main_intercept,
                "fine_coef": self.fine_coef, "fine_intercept": self.fine_intercept,
                "second_threshold": np.array([self.second_threshold])}

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray], vocabulary: Sequence[str], config: Mapping[str, Any] | None = None,
                    info: dict | None = None) -> "EntityRoleModel":
        """Rebuild a model from :meth:`to_arrays`, its vocabulary and settings.

        Raises
        ------
        BundleError
            Arrays whose shapes do not fit :data:`DENSE_NAMES` and the vocabulary.
        """
        k, width = len(DENSE_NAMES), len(DENSE_NAMES) + len(vocabulary)
        shapes = {"mean": (k,), "scale": (k,), "main_coef": (len(MAIN_ROLES), width), "main_intercept": (len(MAIN_ROLES),),
                  "fine_coef": (len(FINE_ROLES), width), "fine_intercept": (len(FINE_ROLES),), "second_threshold": (1,)}
        wrong = [name for name, shape in shapes.items() if name not in arrays or np.shape(arrays[name]) != shape]
        if wrong:
            raise BundleError(f"entity-role arrays {wrong} are missing or do not fit {k} features and {len(vocabulary)} terms; retrain the model")
        a = {name: np.asarray(arrays[name], dtype=np.float64) for name in shapes}
        return cls(vocabulary, a["mean"], a["scale"], a["main_coef"], a["main_intercept"], a["fine_coef"], a["fine_intercept"],
                   float(a["second_threshold"][0]), config, info)

    @classmethod
    def from_part(cls, part: Part) -> "EntityRoleModel":
        """Rebuild the model a bundle stores beside its heads (``model.built("entity_roles", EntityRoleModel.from_part)``).

        Raises
        ------
        BundleError
            If the stored model reads other features or roles than this version computes.
        """
        spec = part.spec
        if spec.get("feature_names") != list(DENSE_NAMES) or spec.get("fine_roles") != list(FINE_ROLES):
            raise BundleError("the bundle's entity-role model reads other features or roles than this version of framing; retrain it")
        return cls.from_arrays(part.arrays, part.files[spec["vocabulary"]], spec.get("config"), spec)


def standardise(dense: np.ndarray, mean: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """Dense columns centred and scaled as in training, clipped to :data:`CLIP` standard deviations
    (a value far outside the training range moves a decision no further)."""
    return np.clip((dense - mean) / scale, -CLIP, CLIP)


def decide(p: np.ndarray, q: np.ndarray, second_threshold: float) -> tuple[str, list[str]]:
    """The most probable main role of ``p`` and its fine roles: the most probable of ``q`` among
    that main role's, and the runner-up too when its probability reaches ``second_threshold``."""
    main = int(np.argmax(p))
    candidates = np.flatnonzero(_FINE_MAIN == main)
    order = candidates[np.argsort(-q[candidates], kind="stable")]
    fines = [FINE_ROLES[order[0]]]
    if len(order) > 1 and q[order[1]] >= second_threshold:
        fines.append(FINE_ROLES[order[1]])
    return MAIN_ROLES[main], fines


def entity_role_model(model: Any = None) -> EntityRoleModel | None:
    """``model`` itself, or the entity-role model a bundle carries (None if it has none).

    Parameters
    ----------
    model : EntityRoleModel, Model, name or path, optional
        Default: the shipped bundle's (see :func:`framing.load_model`).
    """
    if isinstance(model, EntityRoleModel):
        return model
    return load_model(model).built("entity_roles", EntityRoleModel.from_part)


def entity_roles(reading: "Reading", mentions: Any, model: EntityRoleModel) -> list[EntityRole]:
    """The role of each mention ``(start, end)`` (offsets into the caller's text) of one read article.

    See :func:`framing.entity_roles`.  Raises TypeError / ValueError on bad spans (:func:`check_spans`).
    """
    spans = check_spans(mentions, len(reading.doc.original))
    if not spans:
        return []
    return model.roles(reading, to_doc_spans(reading, spans), original=spans)
