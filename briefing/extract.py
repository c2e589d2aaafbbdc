"""Extraction: from article files to the tables every report reads.

``run_extraction`` is the orchestrating function; its steps, in order:

1. load and validate the configuration (themes, entities, measures, sources) — a bad file stops
   everything before any output is touched;
2. read the corpus folder, rejecting bad files with their reason;
3. reuse the cached tables if nothing that goes into them changed;
4. extract each article (in parallel for large corpora): sentences, themes, stance, figures,
   dates, quotes, actors;
5. resolve what needs the whole corpus (the year of "December 4", inferred article kinds);
6. write the CSV export and a Parquet copy atomically, then the cache key.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .config import Config, Source, load_config, load_sources
from .corpus import DEFAULT_MAX_BYTES, ArticleFile, read_corpus
from .dates import extract_dates, resolve_year
from .entities import Gazetteer
from .figures import extract_figures
from .quotes import extract_quotes
from .segment import first_line_title, segment
from .stance import stance
from .themes import ThemeTagger

log = logging.getLogger("briefing")

COLUMNS = {
    "articles": ["article_id", "file", "title", "outlet", "author", "published", "kind", "words", "sha256",
                 "status", "reason", "kind_from", "url", "note"],
    "sentences": ["sentence_id", "article_id", "paragraph", "text", "themes", "cues", "stance", "block"],
    "figures": ["figure_id", "article_id", "sentence_id", "surface", "low", "high", "unit", "item", "qualifier",
                "measure", "period"],
    "dates": ["article_id", "sentence_id", "surface", "date", "what"],
    "quotes": ["quote_id", "article_id", "sentence_id", "speaker", "quote"],
    "entities": ["article_id", "sentence_id", "entity", "type", "surface"],
}
CACHE_NAME = ".extract-cache.json"
# Modules whose code decides what the tables hold: a change to any of them invalidates the cache.
EXTRACTION_MODULES = ("config", "corpus", "dates", "entities", "extract", "figures", "lexicon", "numbers",
                      "quotes", "segment", "stance", "themes")
PARALLEL_THRESHOLD = 200  # below this many articles a process pool costs more than it saves


@dataclass
class ExtractOptions:
    """What to extract and where: the CLI's options as one object."""

    seeds: Path = paths.SEEDS
    out: Path = paths.PROCESSED
    themes: Path = paths.THEMES_FILE
    entities: Path = paths.ENTITIES_FILE
    measures: Path = paths.MEASURES_FILE
    max_bytes: int = DEFAULT_MAX_BYTES
    jobs: int = 0  # 0: one per core
    force: bool = False


@dataclass
class ExtractResult:
    """What a run did: the tables (None when the cache was reused), counts and rejected files."""

    out: Path
    cached: bool
    articles: int
    rejected: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return 1 if self.rejected else 0


class Extractor:
    """Extracts one article at a time with compiled configuration."""

    def __init__(self, config: Config):
        self.config = config
        self.tagger = ThemeTagger(config.themes)
        self.gazetteer = Gazetteer(config.entities)
        self._measure_cache: dict = {}

    def article(self, art: ArticleFile) -> dict[str, list[dict]]:
        """All rows for one article (dates without a year keep ``--MM-DD`` for now)."""
        rows: dict[str, list[dict]] = {k: [] for k in COLUMNS if k != "articles"}
        prev = ""
        last_speaker = ""
        fig_n = quote_n = 0
        for s in segment(art.text):
            sid = f"{art.article_id}:{s.n}"
            tags = self.tagger.tag(s.text)
            rows["sentences"].append({
                "sentence_id": sid, "article_id": art.article_id, "paragraph": s.paragraph, "text": s.text,
                "themes": ";".join(t for t, _ in tags), "cues": ";".join(f"{t}:{c}" for t, c in tags),
                "stance": stance(s.text) if s.block != "heading" else "context", "block": s.block,
            })
            dates = extract_dates(s.text)
            for d in dates:
                rows["dates"].append({"article_id": art.article_id, "sentence_id": sid, "surface": d.surface,
                                      "date": d.date, "what": d.what})
            for f in extract_figures(s.text, self.config.measures, self._measure_cache):
                fig_n += 1
                near = [d for d in dates if abs((d.start + d.end) / 2 - (f.start + f.end) / 2) < 90]
                period = min(near, key=lambda d: abs((d.start + d.end) / 2 - (f.start + f.end) / 2)).surface if near else ""
                rows["figures"].append({
                    "figure_id": f"{sid}:f{fig_n}", "article_id": art.article_id, "sentence_id": sid,
                    "surface": f.surface, "low": f.low, "high": f.high, "unit": f.unit, "item": f.item,
                    "qualifier": f.qualifier, "measure": f.measure, "period": period,
                })
            for q in extract_quotes(s.text, prev, last_speaker, self.gazetteer):
                if q.kind != "quote":
                    continue
                quote_n += 1
                rows["quotes"].append({"quote_id": f"{sid}:q{quote_n}", "article_id": art.article_id,
                                       "sentence_id": sid, "speaker": q.speaker, "quote": q.quote})
                if q.speaker:
                    last_speaker = q.speaker
            known = self.gazetteer.find(s.text)
            for m in known:
                rows["entities"].append({"article_id": art.article_id, "sentence_id": sid, "entity": m.entity,
                                         "type": m.type, "surface": m.surface})
            if s.block == "body" or (s.block == "bullet" and s.text.rstrip().endswith((".", "!", "?"))):
                for m in self.gazetteer.candidates(s.text, known):
                    rows["entities"].append({"article_id": art.article_id, "sentence_id": sid, "entity": m.entity,
                                             "type": "candidate", "surface": m.surface})
            prev = s.text
        return rows


EVENT_PAST = re.compile(r"\b(?:landed|arrived|welcomed|greeted|embraced|met with|hosted|held talks)\b", re.I)


def infer_kind(stances: list[str], texts: list[str]) -> str:
    """preview / report / analysis from the article's tenses.

    Mostly outcomes ("signed", "agreed") is an analysis after the event; mostly expectations ("will",
    "expected") is a preview, unless the text narrates the event in the past ("landed", "met with"),
    which is a report written as it happens.
    """
    counts = Counter(stances)
    exp, out = counts["expectation"], counts["outcome"]
    share = out / (exp + out) if exp + out else 0.0
    if share > 0.5:
        return "analysis"
    if any(EVENT_PAST.search(t) for t in texts):
        return "report"
    return "preview" if exp > 0 and share < 0.25 else "report"


def _article_row(art: ArticleFile, source: Source | None, words: int, kind: str) -> dict:
    src = source or Source()
    return {
        "article_id": art.article_id, "file": art.file,
        "title": src.title or (first_line_title(art.text) if art.text else ""),
        "outlet": src.outlet, "author": src.author, "published": src.published,
        "kind": src.kind or kind, "words": words, "sha256": art.sha256, "status": art.status,
        "reason": art.reason, "kind_from": "sources.yaml" if src.kind else ("inferred" if kind else ""),
        "url": src.url, "note": src.note,
    }


_WORKER: Extractor | None = None


def _init_worker(config: Config) -> None:
    global _WORKER
    _WORKER = Extractor(config)


def _work(art: ArticleFile) -> dict[str, list[dict]]:
    assert _WORKER is not None
    return _WORKER.article(art)


def extract_all(articles: list[ArticleFile], config: Config, sources: dict[str, Source], jobs: int = 0) -> dict[str, list[dict]]:
    """Extract every accepted article and resolve what needs the whole corpus. Pure: no I/O."""
    ok = [a for a in articles if a.status == "ok"]
    jobs = jobs or os.cpu_count() or 1
    if len(ok) >= PARALLEL_THRESHOLD and jobs > 1:
        with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(config,)) as pool:
            per_article = list(pool.map(_work, ok, chunksize=max(1, len(ok) // (jobs * 8))))
    else:
        extractor = Extractor(config)
        per_article = [extractor.article(a) for a in ok]
    tables: dict[str, list[dict]] = {k: [] for k in COLUMNS}
    by_id = {a.article_id: rows for a, rows in zip(ok, per_article)}
    # The year of "December 4": the article's publication year, else the year of its own full dates,
    # else the most common year of full dates across the corpus (a corpus is usually about one event).
    full_years: dict[str, Counter] = {}
    for aid, rows in by_id.items():
        full_years[aid] = Counter(d["date"][:4] for d in rows["dates"] if len(d["date"]) >= 7 and d["date"][0] != "-")
    corpus_years = sum(full_years.values(), Counter())
    corpus_year = int(corpus_years.most_common(1)[0][0]) if corpus_years else None
    for art in articles:
        rows = by_id.get(art.article_id)
        if rows is None:
            tables["articles"].append(_article_row(art, sources.get(art.article_id), 0, ""))
            continue
        src = sources.get(art.article_id)
        year = int(src.published[:4]) if src and src.published else None
        if year is None and full_years[art.article_id]:
            year = int(full_years[art.article_id].most_common(1)[0][0])
        year = year or corpus_year
        for d in rows["dates"]:
            d["date"] = resolve_year(d["date"], year)
        words = sum(len(s["text"].split()) for s in rows["sentences"])
        kind = infer_kind([s["stance"] for s in rows["sentences"]], [s["text"] for s in rows["sentences"]])
        tables["articles"].append(_article_row(art, src, words, kind))
        for name in COLUMNS:
            if name != "articles":
                tables[name].extend(rows[name])
    return tables


def cache_key(opts: ExtractOptions, articles: list[ArticleFile]) -> str:
    """A digest of everything the tables depend on: article bytes, configuration files and code."""
    h = hashlib.sha256()
    for art in articles:
        h.update(f"{art.file}\0{art.sha256}\0{art.status}\0{art.reason}\n".encode())
    for path in (opts.themes, opts.entities, opts.measures, opts.seeds / paths.SOURCES_NAME):
        h.update(str(path.name).encode())
        h.update(path.read_bytes() if path.exists() else b"-")
    pkg = Path(__file__).parent
    for mod in EXTRACTION_MODULES:
        h.update((pkg / f"{mod}.py").read_bytes())
    h.update(str(opts.max_bytes).encode())
    return h.hexdigest()


def write_tables(tables: dict[str, list[dict]], out: Path, key: str) -> None:
    """Write CSV and Parquet files into ``out`` atomically: every file appears complete or not at all."""
    import pandas as pd

    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".extract-", dir=out))
    try:
        for name, cols in COLUMNS.items():
            df = pd.DataFrame(tables[name], columns=cols)
            df.to_csv(tmp / f"{name}.csv", index=False, encoding="utf-8")
            df.to_parquet(tmp / f"{name}.parquet", index=False)
        (tmp / CACHE_NAME).write_text(json.dumps({"key": key}), encoding="utf-8")
        for name in COLUMNS:
            for ext in ("csv", "parquet"):
                os.replace(tmp / f"{name}.{ext}", out / f"{name}.{ext}")
        os.replace(tmp / CACHE_NAME, out / CACHE_NAME)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _cached(out: Path, key: str) -> bool:
    try:
        stored = json.loads((out / CACHE_NAME).read_text(encoding="utf-8")).get("key")
    except (OSError, ValueError):
        return False
    return stored == key and all((out / f"{n}.{e}").exists() for n in COLUMNS for e in ("csv", "parquet"))


def run_extraction(opts: ExtractOptions) -> ExtractResult:
    """Extract the corpus in ``opts.seeds`` into ``opts.out`` (see the module docstring for the steps)."""
    config = load_config(opts.themes, opts.entities, opts.measures)
    sources = load_sources(opts.seeds / paths.SOURCES_NAME)
    articles = read_corpus(opts.seeds, opts.max_bytes)
    known = {a.article_id for a in articles}
    for aid in sources:
        if aid not in known:
            log.warning("%s: entry %r has no article file in %s; remove it or add the file.",
                        opts.seeds / paths.SOURCES_NAME, aid, opts.seeds)
    rejected = [a.reason for a in articles if a.status == "rejected"]
    for reason in rejected:
        log.error("rejected %s", reason)
    key = cache_key(opts, articles)
    n_ok = len(articles) - len(rejected)
    if not opts.force and _cached(opts.out, key):
        log.info("extraction: %d articles unchanged, reusing %s", n_ok, opts.out)
        return ExtractResult(opts.out, True, n_ok, rejected)
    tables = extract_all(articles, config, sources, opts.jobs)
    write_tables(tables, opts.out, key)
    counts = {k: len(v) for k, v in tables.items()}
    log.info("extraction: %d articles -> %s (%s)", n_ok, opts.out,
             ", ".join(f"{v} {k}" for k, v in counts.items() if k != "articles"))
    return ExtractResult(opts.out, False, n_ok, rejected, counts)
