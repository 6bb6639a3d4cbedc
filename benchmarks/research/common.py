"""Shared pieces of the head experiments: data loading, outlet groups, fingerprint stripping, caching.

The datasets are read from ``../shared/datasets`` (never copied into the repository);
derived matrices are cached under ``/tmp/framing-research``.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

import joblib
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
DATASETS = Path(os.environ.get("FRAMING_DATASETS", ROOT.parent / "shared" / "datasets"))
CACHE = Path(os.environ.get("FRAMING_RESEARCH_CACHE", "/tmp/framing-research"))
SEED = 0

sys.path.insert(0, str(ROOT))


def read_jsonl(relative: str) -> list[dict]:
    """Rows of a dataset file under :data:`DATASETS` (``.jsonl`` or ``.jsonl.gz``)."""
    path = DATASETS / relative
    if not path.exists():
        raise SystemExit(f"dataset not found: {path} (set FRAMING_DATASETS)")
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def cached(name: str, build: Callable[[], object]) -> object:
    """``build()``, memoised in :data:`CACHE` (joblib; research cache only, never shipped)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"{name}.joblib"
    if path.exists():
        return joblib.load(path)
    value = build()
    joblib.dump(value, path)
    return value


# --- outlet groups -----------------------------------------------------------------
# AllSides lists one outlet under several source names ("Fox News", "Fox Online News",
# "Fox News Opinion"...); holding out one of them while training on another would leak the
# outlet, so grouped CV holds out the brand.
_BRANDS = (
    "Fox News", "Fox Online", "CNN", "New York Times", "NBC", "NPR", "New York Post", "Wall Street Journal",
    "The Week", "Yahoo", "Guest Writer", "Scientific American", "ProPublica",
)
_BRAND_ALIASES = {"Fox Online": "Fox News", "Richard A. Lowry": "Rich Lowry", "Rev. Jesse Jackson Sr.": "Jesse Jackson"}


def outlet_group(source: str) -> str:
    """The outlet brand a source name belongs to (``"Fox Online News"`` → ``"Fox News"``)."""
    source = _BRAND_ALIASES.get(source, source)
    for brand in _BRANDS:
        if source.startswith(brand) or f"({brand}" in source:
            return _BRAND_ALIASES.get(brand, brand)
    return source


# --- fingerprints --------------------------------------------------------------------
# Outlet names and the furniture that identifies who published an article rather than
# how it tells the story.  Names are generic public outlet names, not dataset text.
OUTLET_NAMES = (
    r"fox news(?: channel| digital| latino)?|fox business|foxnews\.com|fox & friends|cnn|msnbc|npr|pbs|politico|"
    r"thehill|vox(?:\.com)?|townhall(?:\.com)?|breitbart|the washington times|washington times|"
    r"christian science monitor|national review|nro|usa today|associated press|reuters|afp|"
    r"bloomberg|cnbc|axios|the new york times|new york times|nytimes|the washington post|washington post|"
    r"wall street journal|wsj|new york post|daily beast|the daily wire|daily wire|theblaze|the blaze|"
    r"huffpost|huffington post|buzzfeed(?: news)?|mother jones|vanity fair|the atlantic|the new yorker|"
    r"daily kos|media matters|thinkprogress|the intercept|jacobin|al jazeera|bbc|"
    r"the epoch times|epoch times|washington free beacon|free beacon|hotair|hot air|newsbusters|realclearpolitics|"
    r"fivethirtyeight|marketwatch|business insider|propublica|the marshall project|democracy now|cbs news|"
    r"nbc news|abc news|time magazine|the economist|daily mail|new york magazine|intelligencer|"
    r"washington examiner|the flip side|allsides|yahoo(?:! news)?|chicago sun-times|boston globe|cbn|"
    # names that are also common words count only when capitalised as a name
    r"(?-i:AP|Fox|Vice|Slate|The Nation|The Hill|The Times|The Journal|The Week|The Monitor)"
)
_FINGERPRINTS = re.compile(
    "|".join(
        [
            r"https?://\S+|www\.\S+|pic\.twitter\.com/\S+|\S+@\S+\.\w+|@\w+",  # links, e-mails, handles
            r"^[^\n]{0,200}(?:contributed (?:to )?(?:this|the) report|reporting by|editing by|follow [^\n]{0,60} on twitter)[^\n]*$",
            r"^[^\n]{0,300}(?:toggle caption|enlarge this image|image copyright|image caption|photo credit|"
            r"getty images|/ap\b|ap photo|/reuters|/afp|/bloomberg|/pool|/file)[^\n]{0,100}$",  # photo-credit lines
            r"\([A-Z][\w.' -]{0,40}/[\w.' /-]{0,40}\)",  # "(Name/Agency)" credits
            r"—\s*[^\n()]{0,60}\(@?\w+\)\s+\w+ \d{1,2}, \d{4}",  # embedded-tweet signatures
            rf"\b(?:{OUTLET_NAMES})(?:'s|’s|')?(?=\W|$)",
        ]
    ),
    re.IGNORECASE | re.MULTILINE,
)


def strip_fingerprints(text: str) -> str:
    """``text`` without links, handles, credits, report trailers and outlet names."""
    return _FINGERPRINTS.sub(" ", text)


def cleaned(text: str, strip: bool = True) -> str:
    """The library's cleaned text (``framing.text.prepare``), fingerprints stripped if ``strip``."""
    from framing.text import prepare

    body = prepare(text).text
    return strip_fingerprints(body) if strip else body


# --- scores ---------------------------------------------------------------------------


def mean_sd(values) -> str:
    values = np.asarray(values, dtype=float)
    return f"{values.mean():.3f} ± {values.std(ddof=1) if len(values) > 1 else 0:.3f}"


def semeval_frames() -> list[dict]:
    """SemEval-2023 task 3 articles (``text``, ``frames``, ``genre``) with the library's cleaned text."""

    def build():
        rows = read_jsonl("semeval2023_frames/articles.jsonl")
        for row in rows:
            row["clean"] = cleaned(row["text"], strip=False)
        return rows

    return cached("semeval_frames", build)


def feature_layer(texts: list[str], name: str) -> np.ndarray:
    """``framing.FeatureTransformer`` over ``texts`` (the families that exist today), cached as ``name``.

    The families are still being written: a text on which one fails gets the column means
    (the failures are counted and printed, so a table says how many rows were imputed).
    """

    def build():
        from framing import FeatureTransformer

        layer = FeatureTransformer().fit(texts[:1])
        rows, failed = [], 0
        for text in texts:
            try:
                rows.append(layer.transform([text])[0])
            except Exception:  # noqa: BLE001 - a family in progress; impute below
                rows.append(np.full(len(layer.get_feature_names_out()), np.nan))
                failed += 1
        out = np.vstack(rows)
        out = np.where(np.isnan(out), np.nanmean(out, axis=0), out)
        return out, failed, list(layer.get_feature_names_out())

    values, failed, names = cached(name, build)
    print(f"feature layer {name}: {len(names)} features; {failed} of {len(values)} texts imputed (a family failed)")
    return values
