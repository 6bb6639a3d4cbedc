"""Fast paths of the text layer give exactly what the plain versions they replace give.

Words, sentences, normalisation, boilerplate, paragraphs and offset maps, each
checked against a straightforward reference on generated strings full of the
awkward cases (apostrophes, hyphens, quotation marks, line breaks, other white
space, abbreviations).
"""

from __future__ import annotations

import random
import re
from bisect import bisect_right

import numpy as np

from framing.text import WORD, Document, Edit, apply_edits, boilerplate, document, normalize, prepare
from framing.text.words import TextVocabulary, WordIndex, scan_words, words_of

from generated import sourcing_texts, word_texts


def test_words_of_is_the_regex():
    for text in word_texts(3000, 1) + ["", "'", "''", "a''b", "'a'", "_'_", "x'"]:
        assert words_of(text) == WORD.findall(text)
        assert words_of(text.lower()) == WORD.findall(text.lower())


def test_scan_words_is_the_regex():
    odd = ["", "'", "''", "a''b", "'a'", "_'_", "x'", "\u0130stanbul caf\u00e9", "\u00e9'\u00e9 \u2163 x\u0301y", "a\ud800b"]
    for text in word_texts(3000, 1) + odd:
        for variant in (text, text.lower()):
            words, starts, ends = scan_words(variant)
            assert words == WORD.findall(variant)
            assert list(zip(starts.tolist(), ends.tolist())) == [m.span() for m in WORD.finditer(variant)]


def test_sentences_match_one_lookbehind_per_abbreviation():
    not_abbreviation = "".join(rf"(?<!\b{a}\.)" for a in document._ABBREVIATIONS) + r"(?<!\b[A-Z]\.)(?<!\.[A-Za-z]\.)"
    terminator = rf"(?:[!?][.!?]*|\.{not_abbreviation}[.!?]*)[\"')\]]*(?=\s+[\"'(\[]*[^a-z\s]|\s*$)"
    plain = re.compile(rf"\S[^\n.!?]*(?:(?!{terminator})[.!?][^\n.!?]*)*(?:{terminator})?")
    extra = [w + ". The" for w in document._ABBREVIATIONS] + ["He met Sen. Kelly. Then", "Gov. X. Y. left. Z"]
    for text in word_texts(2000, 4) + extra:
        assert [m.span() for m in document._SENTENCE_IN_LINES.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_normalization_edits_match_a_scan_of_every_unit():
    """The non-NFC path finds its units from the non-ASCII characters; a plain scan finds the same."""

    def plain(text):
        out = []
        for m in normalize._COMPOSABLE.finditer(text):
            piece = m.group()
            new = normalize._REPLACEMENTS.get(piece)
            if new is None:
                new = normalize.unicodedata.normalize("NFC", piece)
                new = normalize._REPLACEMENTS.get(new, normalize.normalize_same_length(new))
                if new == piece:
                    continue
            out.append((m.start(), m.end(), new))
        return out

    pieces = ["e\u0301", "\u0301", "\u0301\u0301", "\r", "\r\u0301", "\u00e9", "\u1ab0\u1ab0", "a", " ", "\u2014", "\u200b", "x\u20d0y"]
    rnd = random.Random(7)
    for _ in range(3000):
        text = normalize.normalize_same_length("".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12))) + "e\u0301")
        assert [tuple(e) for e in normalize.normalization_edits(text)] == plain(text), repr(text)


def test_boilerplate_lines_are_the_non_blank_lines():
    for text in word_texts(3000, 8):
        plain = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if not m.group().isspace()]
        assert [m.span() for m in boilerplate._LINE.finditer(text)] == plain


def test_lazy_sentence_loops_match_the_greedy_ones():
    """The sentence patterns try the terminator once, in a lazy loop; the greedy loop with a
    negative lookahead (the plain form) finds the same sentences, in lines and in blocks."""
    # the terminator as it was, tried at every mark of a run (quadratic in the run, but plain)
    terminator = rf"(?:[!?][.!?]*|\.{document._NOT_ABBREVIATION}[.!?]*)[\"')\]]*(?=\s+[\"'(\[]*[^a-z\s]|\s*$)"
    lines = re.compile(rf"\S[^\n.!?]*(?:(?!{terminator})[.!?][^\n.!?]*)*(?:{terminator})?")
    blocks = re.compile(rf"\S{document._IN_BLOCK}*(?:(?!{terminator})[.!?]{document._IN_BLOCK}*)*(?:{terminator})?")
    extra = ["", "\n", "a.\n", "a. \n\n b", "x!?\n  \ny", 'He said "no." Then', "end.", "end. ", "a\n \n", "A. B. c. D"]
    extra += ["Mr.! Next", "Mr.. Next", "St.?' A", "a.\"'. B", "U.S.. A", "x ...\"' y", "A.. b. C", "Dr.!.? (E"]
    rnd = random.Random(10)
    marks = [".", "!", "?", "'", '"', ")", " ", "\n", "a", "A", "Mr", "U.S", " (", "\t"]
    extra += ["".join(rnd.choice(marks) for _ in range(rnd.randint(1, 14))) for _ in range(20000)]
    for text in word_texts(3000, 9) + extra:
        assert [m.span() for m in document._SENTENCE_IN_LINES.finditer(text)] == [m.span() for m in lines.finditer(text)]
        assert [m.span() for m in document._SENTENCE_IN_BLOCKS.finditer(text)] == [m.span() for m in blocks.finditer(text)]


def test_vocabulary_ids_in_a_word_index_are_a_dict_lookup_per_token():
    """The loaded tagger's word lookup (one per distinct word, by hash) gives each token the id
    a dict gives its word, words touching an apostrophe ("rock 'n' roll") included."""
    known = ["may", "in", "fact", "n", "rock", "roll", "leaders", "don't", "caf\u00e9", "said", "outrage"]
    index = WordIndex(known)
    ids = {w: i for i, w in enumerate(known)}
    for text in word_texts(500, 7) + [""]:
        low = text.lower()
        words, starts, ends = scan_words(low)
        vocab = TextVocabulary.of(low, words, starts, ends)
        assert vocab.ids_in(index).tolist() == [ids.get(w, len(known)) for w in words], low


def test_menu_labels_grouped_by_first_letter_match_the_plain_alternation():
    plain = re.compile(boilerplate._WHOLE_LINE.pattern.replace(boilerplate._NAV, boilerplate._NAV_LABELS, 1), re.IGNORECASE)
    assert plain.pattern != boilerplate._WHOLE_LINE.pattern
    labels = [re.sub(r"\\|[?()]| \?|s\?|\.\{0,40\}", "", b) for b in boilerplate._NAV_LABELS.split("|")]
    rnd = random.Random(4)
    lines = [
        rnd.choice(["", " ", "- ", "(", ">> "]) + rnd.choice([lab, lab.upper(), lab.title(), lab + "s", lab[:-1], "x" + lab])
        + rnd.choice(["", " ", ":", " |", " more", " from AP News"])
        for lab in labels for _ in range(20)
    ]
    for line in lines + [t.replace("\n", " ") for t in sourcing_texts(1000, 4)]:
        assert bool(boilerplate._WHOLE_LINE.match(line)) == bool(plain.match(line)), line


def test_paragraphs_from_the_boilerplate_lines_are_the_plain_ones():
    """prepare hands the boilerplate pass's lines to the document when it blanked none; the
    paragraphs are those a fresh scan of the cleaned text finds, hard-wrapped or not."""
    furniture = ["Follow us on Twitter", "Read more", "Photo: AP", "\u00a9 2024 AP", "{{x}}"]
    rnd = random.Random(6)
    texts = sourcing_texts(1500, 6) + ["\n".join(rnd.choice(furniture + ["He said no."]) for _ in range(5)) for _ in range(300)]
    texts += ["a b c d e f\ng h i j.\n\nk l m\nn o.", "x\r\ny  \n\n", "   ", ""]
    for text in texts:
        for clean in (True, False):
            doc = prepare(text, boilerplate=clean)
            plain = Document(doc.original, doc.text, doc.offset_map)
            assert plain._lines is None
            assert doc.paragraphs == plain.paragraphs, text
            if doc._lines is not None:
                assert doc._lines == [m.span() for m in re.finditer(r"[^\n]*[^\s][^\n]*", doc.text)]


def test_boilerplate_prose_test_is_the_plain_one():
    """The prose test stops at the sixteenth word: it says what counting all the words says."""
    rnd = random.Random(7)
    words = ["word", "x_y", "3.5", "-", " ", "  ", ",", "\u00e9t\u00e9", "'", "\t", "a-b"]
    for _ in range(4000):
        line = "".join(rnd.choice(words) for _ in range(rnd.randint(0, 60)))
        plain = line.count(" ") >= boilerplate.SHORT_LINE_WORDS and len(re.findall(r"\w+", line)) > boilerplate.SHORT_LINE_WORDS
        assert boilerplate._is_prose(line) == plain, line


def test_offset_map_span_is_the_plain_walk_back():
    """OffsetMap.span walks the layers newest first with the empty span handled apart; the plain
    walk (one loop, an ``empty`` flag) gives the same spans, through one, two and three layers."""
    def plain(layers, start, end):
        empty = end <= start
        last = end - 1
        for new_starts, new_ends, old_starts, old_ends in reversed(layers):
            i = bisect_right(new_starts, start) - 1
            if i >= 0:
                start = old_starts[i] if start < new_ends[i] else start + old_ends[i] - new_ends[i]
            if not empty:
                i = bisect_right(new_starts, last) - 1
                if i >= 0:
                    last = old_ends[i] - 1 if last < new_ends[i] else last + old_ends[i] - new_ends[i]
        return (start, start) if empty else (start, last + 1)

    rnd = random.Random(8)
    for _ in range(300):
        text = "".join(rnd.choice("ab \n") for _ in range(rnd.randint(0, 40)))
        offsets = None
        for _ in range(rnd.randint(1, 3)):
            cuts = sorted(rnd.sample(range(len(text) + 1), min(len(text) + 1, 2 * rnd.randint(0, 4))))
            edits = [Edit(a, b, rnd.choice(["", "x", " - ", "..."])) for a, b in zip(cuts[::2], cuts[1::2])]
            text, step = apply_edits(text, edits)
            offsets = step if offsets is None else offsets.then(step)
        for _ in range(30):
            start, end = rnd.randint(0, len(text)), rnd.randint(0, len(text))
            assert offsets.span(start, end) == plain(offsets.layers, start, end)
        at = sorted(rnd.randint(0, max(len(text) - 1, 0)) for _ in range(20))
        assert offsets.starts(np.array(at)).tolist() == [plain(offsets.layers, p, p + 1)[0] for p in at]  # many at once
