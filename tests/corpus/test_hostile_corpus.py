"""Hostile and careless corpora: each is refused (or, an empty text, skipped) with a message
naming the manifest and key, or the file and line."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import pytest

from framing.corpus import CorpusError, articles, find_manifests, load_head, load_manifest, read_articles, read_jsonl
from framing.model.config import HeadConfig
from framing.training import train
from framing.training.train import load_heads


def _rows(n: int) -> list[dict]:
    return [{"text": f"article {i} about {'ab'[i % 2]}", "label": "ab"[i % 2], "source": f"o{i % 3}"} for i in range(n)]


def _jsonl(path: Path, rows: list) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def _manifest(tmp_path: Path, body: str, rows: list | None = None) -> Path:
    _jsonl(tmp_path / "a.jsonl", _rows(12) if rows is None else rows)
    path = tmp_path / "h.toml"
    path.write_text('data = ["a.jsonl"]\n' + body, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["sample.genre", "../x", "a/b", "", "a b", "-x"])
def test_head_names_a_bundle_cannot_store_are_refused_at_parse(tmp_path, name):
    path = _manifest(tmp_path, f"head = {json.dumps(name)}\n")
    with pytest.raises(CorpusError, match=rf"{path}: (head must be a name of letters|no 'head')"):
        load_manifest(path)


def test_a_dotted_head_never_reaches_training(tmp_path):
    _manifest(tmp_path, 'head = "sample.genre"\n')
    with pytest.raises(CorpusError, match="no dots"):
        train(tmp_path, out=tmp_path / "m", show_progress=False, log=lambda m: None)
    assert not (tmp_path / "m").exists()


def test_heads_named_after_files_and_folders_are_usable_names(tmp_path):
    path = _jsonl(tmp_path / "my.data.jsonl", _rows(4))
    assert find_manifests(path)[0].head == "my"
    folder = tmp_path / "news.v2"
    (folder / "a").mkdir(parents=True)
    assert find_manifests(folder)[0].head == "news_v2"


@pytest.mark.parametrize("setting, key", [
    ('min_examples = "five"', "min_examples"), ("min_examples = 0", "min_examples"), ("min_examples = 2.5", "min_examples"),
    ('duplicate_threshold = "high"', "duplicate_threshold"), ("limits = \"one\"", "limits"), ("fields = [1]", "fields"),
    ("data = 3", "data"), ("labels = [1]", "labels"),
])
def test_wrong_settings_name_the_manifest_and_key(tmp_path, setting, key):
    path = _manifest(tmp_path, f'head = "h"\n{setting}\n')
    if key == "data":
        path.write_text(f'head = "h"\n{setting}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=rf"{path}: {key} must be"):
        load_manifest(path)


def test_wrong_label_tables_name_the_manifest_table_and_key(tmp_path):
    path = _manifest(tmp_path, 'head = "h"\n[labels]\nallowed = "a"\n')
    with pytest.raises(CorpusError, match=rf"{path}: \[labels\] allowed must be a list of strings"):
        load_manifest(path)


@pytest.mark.parametrize("setting, key", [
    ("C = [-1.0]", "C"), ('C = "five"', "C"), ("C = []", "C"), ("min_df = 0", "min_df"), ('max_features = "10"', "max_features"),
    ("word_ngrams = [1, 100000000000]", "word_ngrams"), ("char_ngrams = [0, 3]", "char_ngrams"), ("clip = -1", "clip"),
    ('use_ngrams = "yes"', "use_ngrams"), ("cv_folds = 1", "cv_folds"), ("max_df = 2.0", "max_df"), ("features_include = 3", "features_include"),
])
def test_wrong_model_settings_name_the_manifest_and_key(tmp_path, setting, key):
    path = _manifest(tmp_path, f'head = "h"\n[model]\n{setting}\n')
    with pytest.raises(CorpusError, match=rf"{path}: \[model\]: {key} must be"):
        load_heads(tmp_path, log=lambda m: None)


def test_valid_model_settings_still_load():
    config = HeadConfig.from_dict({"C": 2, "word_ngrams": [1, 3], "char_ngrams": None, "max_df": 1, "feature_weight": 0})
    assert config.C == (2.0,) and config.word_ngrams == (1, 3)


def test_a_latin1_line_is_named_by_file_and_line(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(json.dumps(_rows(1)[0]).encode() + b"\n" + '{"text": "caf\u00e9", "label": "a"}\n'.encode("latin-1"))
    with pytest.raises(CorpusError, match=rf"{path}:2: not UTF-8 \(byte 13 of the line"):
        list(read_jsonl(path))


def test_a_utf16_file_is_named_by_file_and_line_and_recognised(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes("".join(json.dumps(r) + "\n" for r in _rows(3)).encode("utf-16"))
    with pytest.raises(CorpusError, match=rf"{path}:1: not UTF-8 .*looks like UTF-16"):
        list(read_jsonl(path))


def test_a_latin1_text_file_is_named_by_file_and_line(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_bytes(b"line one\nline two\ncaf\xe9\n")
    with pytest.raises(CorpusError, match=r"x\.txt:3: not UTF-8 \(byte 3 of the line"):
        list(read_articles(tmp_path))


def test_deeply_nested_json_is_a_corpus_error_naming_the_line(tmp_path):
    path = _jsonl(tmp_path / "a.jsonl", [*_rows(2), "[" * 100_000 + "]" * 100_000])
    with pytest.raises(CorpusError, match=rf"{path}:3: JSON nested too deeply"):
        list(read_jsonl(path))


def test_an_article_over_the_size_limit_is_refused_without_reading_the_line(tmp_path, monkeypatch):
    monkeypatch.setattr(articles, "MAX_ARTICLE_BYTES", 1000)
    exact = '{"text": "' + "x" * (1000 - 26) + '", "label": "a"}'
    assert len(exact) == 1000
    assert len(list(read_jsonl(_jsonl(tmp_path / "ok.jsonl", [exact])))) == 1  # at the limit, its line break not counted
    path = _jsonl(tmp_path / "a.jsonl", [*_rows(1), {"text": "x" * 5000, "label": "a"}])
    with pytest.raises(CorpusError, match=rf"{path}:2: line longer than 1000 bytes, the limit of an article \(MAX_ARTICLE_BYTES\)"):
        list(read_jsonl(path))
    (tmp_path / "f" / "a").mkdir(parents=True)
    (tmp_path / "f" / "a" / "big.txt").write_text("x" * 5000)
    with pytest.raises(CorpusError, match=r"big\.txt: 5000 bytes, over the 1000 bytes of an article"):
        list(read_articles(tmp_path / "f"))


def test_a_real_size_oversized_line_is_refused_quickly(tmp_path):
    path = tmp_path / "a.jsonl"
    with path.open("wb") as f:
        f.write(b'{"text": "')
        f.write(b"x" * (articles.MAX_ARTICLE_BYTES + 10))
        f.write(b'", "label": "a"}\n')
    start = time.process_time()
    with pytest.raises(CorpusError, match=":1: line longer than"):
        list(read_jsonl(path))
    assert time.process_time() - start < 5


def test_empty_texts_are_skipped_with_a_warning_naming_file_and_line(tmp_path, caplog):
    rows = _rows(12)
    rows[3]["text"] = ""
    rows[7]["text"] = "  \n "
    path = _jsonl(tmp_path / "a.jsonl", rows)
    with caplog.at_level(logging.WARNING, logger="framing.corpus.articles"):
        read = list(read_jsonl(path))
    assert len(read) == 10 and all(a.text.strip() for a in read)
    assert f"skipped 2 article(s) with an empty text: {path}:4, {path}:8" in caplog.text


def test_empty_text_files_are_skipped_with_a_warning(tmp_path, caplog):
    for label in "ab":
        (tmp_path / label).mkdir()
        (tmp_path / label / "1.txt").write_text(f"about {label}")
    (tmp_path / "a" / "2.txt").write_text("")
    with caplog.at_level(logging.WARNING, logger="framing.corpus.articles"):
        assert [a.id for a in read_articles(tmp_path)] == ["1", "1"]
    assert "2.txt" in caplog.text


def test_a_head_left_without_texts_is_an_error_not_a_model(tmp_path):
    path = _manifest(tmp_path, 'head = "h"\n', [{**r, "text": ""} for r in _rows(12)])
    with pytest.raises(CorpusError, match="has no articles"):
        load_head(load_manifest(path))
