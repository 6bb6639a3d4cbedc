"""Training corpora: labelled articles from JSON Lines, label folders and per-head manifests."""

from .articles import DEFAULT_FIELDS, Article, CorpusError, json_rows, read_articles, read_folder, read_jsonl
from .dataset import HeadData, MissingData, load_head
from .duplicates import duplicate_clusters, signature, split_groups
from .manifest import Manifest, find_manifests, load_manifest

__all__ = [
    "Article", "CorpusError", "DEFAULT_FIELDS", "HeadData", "Manifest", "MissingData",
    "duplicate_clusters", "find_manifests", "json_rows", "load_head", "load_manifest", "read_articles",
    "read_folder", "read_jsonl", "signature", "split_groups",
]
