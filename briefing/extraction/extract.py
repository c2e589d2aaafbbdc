"""Extraction: from article files to the tables every report reads.

``run_extraction`` is the orchestrating function; its steps, in order:

1. load and validate the configuration (themes, entities, measures, sources) — a bad file stops
   everything before any output is touched;
2. read the corpus folder, rejecting bad files with their reason;
3. reuse the cached tables if nothing that goes into them changed;
4. extract each article (in parallel for large corpora): sentences, themes, stance, figures,
   dates, quotes, actors;
5. resolve what needs the whole corpus (the year of "December 4");
6. join the workers' chunk files into the CSV export and a Parquet copy, each moved into place
   complete, then the cache key.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import paths
from ..config import Config, Source, load_config, load_sources
from ..tables import COLUMNS, ArticleRow, DateRow, EntityRow, FigureRow, QuoteRow, SentenceRow, arrow_schema, write_part
from .corpus import DEFAULT_MAX_BYTES, ArticleFile, article_paths, read_article, reject_duplicates
from .dates import extract_dates, resolve_year
from .entities import Gazetteer
from .figures import DURATION_UNITS, extract_figures
from .lexicon import Lexicon
from .quotes import extract_quotes
from .segment import first_line_title, segment
from .stance import stance_from_hits, stance_phrases
from .themes import ThemeTagger

log = logging.getLogger("briefing")

CACHE_NAME = ".extract-cache.json"
# Modules whose code decides what the tables hold: a change to any of them invalidates the cache.
EXTRACTION_MODULES = ("config.py", "extraction/*.py")
PARALLEL_THRESHOLD = 200  # below this many articles a process pool costs more than it saves


@dataclass
class ExtractOptions:
    """What to extract and where: the CLI's options as one object."""

    seeds: Path = paths.SEEDS
    out: Path = paths.PROCESSED
    themes: Path = paths.THEMES_FILE
    entities: Path = paths.ENTITIES_FILE
    measures: Path = paths.MEASURES_FILE
    # Read by the analysis step that follows extraction (outcomes.csv, statements.csv); part of the
    # cache key so that editing the watch list or the event refreshes everything built on the tables.
    items: Path = paths.ITEMS_FILE
    event: Path = paths.EVENT_FILE
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
        """1 when any file was rejected, else 0."""
        return 1 if self.rejected else 0


class Extractor:
    """Extracts one article at a time with compiled configuration."""

    def __init__(self, config: Config):
        self.config = config
        self.tagger = ThemeTagger(config.themes)
        self.gazetteer = Gazetteer(config.entities)
        # One scan per sentence finds theme cues, actors and stance markers together.
        self.lexicon = Lexicon(self.tagger.phrases() + self.gazetteer.phrases() + stance_phrases())
        self._measure_cache: dict = {}

    def article(self, article_id: str, text: str) -> dict[str, list[tuple]]:
        """All rows for one article, as tuples in :data:`COLUMNS` order (articles excepted).

        Dates written without a year keep ``--MM-DD``; :func:`extract_corpus` resolves them.
        """
        rows: dict[str, list[tuple]] = {k: [] for k in COLUMNS if k != "articles"}
        prev = ""
        last_speaker = ""
        fig_n = quote_n = 0
        for s in segment(text):
            sid = f"{article_id}:{s.n}"
            hits = list(self.lexicon.finditer(s.text))
            tags = self.tagger.tag_from_hits(hits)
            rows["sentences"].append(SentenceRow(
                sid, article_id, s.paragraph, s.text, ";".join(t for t, _ in tags),
                ";".join(f"{t}:{c}" for t, c in tags),
                stance_from_hits(s.text, hits) if s.block != "heading" else "context", s.block,
            ))
            dates = extract_dates(s.text)
            for d in dates:
                rows["dates"].append(DateRow(article_id, sid, d.surface, d.date, d.what))
            for f in extract_figures(s.text, self.config.measures, self._measure_cache):
                fig_n += 1
                mid = (f.start + f.end) / 2
                near = [d for d in dates if abs((d.start + d.end) / 2 - mid) < 90] if f.unit not in DURATION_UNITS else []
                period = min(near, key=lambda d: abs((d.start + d.end) / 2 - mid)).surface if near else ""
                rows["figures"].append(FigureRow(
                    f"{sid}:f{fig_n}", article_id, sid, f.surface, f.low, f.high, f.unit, f.item,
                    f.qualifier, f.measure, period,
                ))
            for q in extract_quotes(s.text, prev, last_speaker, self.gazetteer):
                if q.kind != "quote":
                    continue
                quote_n += 1
                rows["quotes"].append(QuoteRow(f"{sid}:q{quote_n}", article_id, sid, q.speaker, q.quote))
                if q.speaker:
                    last_speaker = q.speaker
            known = self.gazetteer.find_from_hits(hits)
            for m in known:
                rows["entities"].append(EntityRow(article_id, sid, m.entity, m.type, m.surface))
            if s.block == "body" or (s.block == "bullet" and s.text.rstrip().endswith((".", "!", "?"))):
                for m in self.gazetteer.candidates(s.text, known):
                    rows["entities"].append(EntityRow(article_id, sid, m.entity, "candidate", m.surface))
            prev = s.text
        return rows


EVENT_PAST = re.compile(r"\b(?:landed|arrived|welcomed|greeted|embraced|met with|hosted|held talks)\b", re.I)


def infer_kind(stances: list[str], texts: list[str]) -> str:
    """Preview / report / analysis from the article's tenses.

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


def _article_row(art: ArticleFile, source: Source | None, title: str, words: int, kind: str) -> ArticleRow:
    src = source or Source()
    return ArticleRow(
        art.article_id, art.file, src.title or title, src.outlet, src.author, src.published, src.kind or kind,
        words, art.sha256, art.status, art.reason,
        "sources.yaml" if src.kind else ("inferred" if kind else ""), src.url, src.note,
    )


# Tables written by the workers chunk by chunk; articles and dates need the whole corpus first.
CHUNKED = ("sentences", "figures", "quotes", "entities")


@dataclass
class _Chunk:
    """What a worker sends back for one chunk: small per-article facts and the dates to resolve."""

    summaries: dict[str, tuple[str, int, str]]  # article_id -> (first-line title, words, inferred kind)
    dates: list[tuple]
    counts: dict[str, int]


_WORKER: Extractor | None = None


def _init_worker(config: Config) -> None:
    global _WORKER
    _WORKER = Extractor(config)


def _extract_chunk(index: int, files: list[tuple[str, str]], tmp: Path) -> _Chunk:
    """Extract the articles ``files`` (article id, path) and write their rows as chunk files in ``tmp``."""
    assert _WORKER is not None
    tables: dict[str, list[tuple]] = {name: [] for name in CHUNKED}
    summaries = {}
    dates: list[tuple] = []
    for article_id, path in files:
        text = Path(path).read_bytes().decode("utf-8-sig")
        rows = _WORKER.article(article_id, text)
        for name in CHUNKED:
            tables[name].extend(rows[name])
        dates.extend(rows["dates"])
        words = sum(len(r.text.split()) for r in rows["sentences"])
        kind = infer_kind([r.stance for r in rows["sentences"]], [r.text for r in rows["sentences"]])
        summaries[article_id] = (first_line_title(text), words, kind)
    for name in CHUNKED:
        write_part(tables[name], COLUMNS[name], tmp / f"{name}.{index:05d}")
    return _Chunk(summaries, dates, {k: len(v) for k, v in tables.items()})


def _check_files(paths_: list[Path], max_bytes: int) -> list[ArticleFile]:
    return [replace(read_article(p, max_bytes), text="") for p in paths_]


def _batches(items: list, n: int) -> list[list]:
    return [items[i : i + n] for i in range(0, len(items), n)]


def extract_corpus(
    articles: list[ArticleFile], seeds: Path, config: Config, sources: dict[str, Source], tmp: Path, jobs: int
) -> dict[str, int]:
    """Extract every accepted article into table files in ``tmp``; return the row counts.

    Work is split into chunks of articles; each chunk is read, extracted and written by one worker
    (in this process for a small corpus), so no process ever holds the whole corpus in memory.
    """
    ok = [a for a in articles if a.status == "ok"]
    files = [(a.article_id, str(seeds / a.file)) for a in ok]
    size = max(1, min(250, len(files) // (max(jobs, 1) * 4) or 1))
    batches = _batches(files, size)
    if len(ok) >= PARALLEL_THRESHOLD and jobs > 1:
        with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(config,)) as pool:
            chunks = list(pool.map(_extract_chunk, range(len(batches)), batches, [tmp] * len(batches)))
    else:
        _init_worker(config)
        chunks = [_extract_chunk(i, b, tmp) for i, b in enumerate(batches)]
    summaries = {aid: s for c in chunks for aid, s in c.summaries.items()}
    dates = [d for c in chunks for d in c.dates]
    # The year of "December 4": the article's publication year, else the year of its own full dates,
    # else the most common year of full dates across the corpus (a corpus is usually about one event).
    full_years: dict[str, Counter] = {}
    for d in dates:
        if len(d.date) >= 7 and d.date[0] != "-":
            full_years.setdefault(d.article_id, Counter())[d.date[:4]] += 1
    corpus_years: Counter = Counter()
    for counter in full_years.values():
        corpus_years.update(counter)
    corpus_year = int(corpus_years.most_common(1)[0][0]) if corpus_years else None
    years = {}
    for a in ok:
        src = sources.get(a.article_id)
        year = int(src.published[:4]) if src and src.published else None
        if year is None and a.article_id in full_years:
            year = int(full_years[a.article_id].most_common(1)[0][0])
        years[a.article_id] = year or corpus_year
    dates = [d._replace(date=resolve_year(d.date, years[d.article_id])) for d in dates]
    article_rows = []
    for a in articles:
        title, words, kind = summaries.get(a.article_id, ("", 0, "")) if a.status == "ok" else ("", 0, "")
        article_rows.append(_article_row(a, sources.get(a.article_id), title, words, kind))
    write_part(article_rows, COLUMNS["articles"], tmp / "articles.00000")
    write_part(dates, COLUMNS["dates"], tmp / "dates.00000")
    counts = {"articles": len(article_rows), "dates": len(dates)}
    for name in CHUNKED:
        counts[name] = sum(c.counts[name] for c in chunks)
    return counts


def cache_key(opts: ExtractOptions, articles: list[ArticleFile]) -> str:
    """A digest of everything the tables depend on: article bytes, configuration files and code."""
    h = hashlib.sha256()
    for art in articles:
        h.update(f"{art.file}\0{art.sha256}\0{art.status}\0{art.reason}\n".encode())
    for path in (opts.themes, opts.entities, opts.measures, opts.items, opts.event, opts.seeds / paths.SOURCES_NAME):
        h.update(str(path.name).encode())
        h.update(path.read_bytes() if path.exists() else b"-")
    pkg = Path(__file__).parent.parent
    for pattern in EXTRACTION_MODULES:
        for path in sorted(pkg.glob(pattern)):
            h.update(path.read_bytes())
    h.update(str(opts.max_bytes).encode())
    return h.hexdigest()


def assemble(parts: Path, out: Path, key: str) -> None:
    """Join the chunk files in ``parts`` into one CSV and one Parquet file per table in ``out``.

    Each file is written under a temporary name and moved into place complete; the cache key last.
    """
    import pyarrow.parquet as pq

    out.mkdir(parents=True, exist_ok=True)
    for name, cols in COLUMNS.items():
        csv_tmp, pq_tmp = parts / f"{name}.csv", parts / f"{name}.parquet"
        with open(csv_tmp, "w", encoding="utf-8", newline="") as dst:
            csv.writer(dst, lineterminator="\n").writerow(cols)
            for part in sorted(parts.glob(f"{name}.[0-9]*.csv")):
                with open(part, encoding="utf-8", newline="") as src:
                    shutil.copyfileobj(src, dst, 1 << 20)
        writer = pq.ParquetWriter(pq_tmp, arrow_schema(cols))
        try:
            for part in sorted(parts.glob(f"{name}.[0-9]*.parquet")):
                writer.write_table(pq.read_table(part))
        finally:
            writer.close()
    for name in COLUMNS:
        for ext in ("csv", "parquet"):
            os.replace(parts / f"{name}.{ext}", out / f"{name}.{ext}")
    (parts / CACHE_NAME).write_text(json.dumps({"key": key}), encoding="utf-8")
    os.replace(parts / CACHE_NAME, out / CACHE_NAME)


def _cached(out: Path, key: str) -> bool:
    try:
        stored = json.loads((out / CACHE_NAME).read_text(encoding="utf-8")).get("key")
    except (OSError, ValueError):
        return False
    return stored == key and all((out / f"{n}.{e}").exists() for n in COLUMNS for e in ("csv", "parquet"))


def read_checked(seeds: Path, max_bytes: int, jobs: int) -> list[ArticleFile]:
    """Read and check every file of ``seeds`` (in parallel for large corpora), then reject duplicates.

    Returned articles carry no text: workers read it again when they extract.
    """
    files = article_paths(seeds)
    if len(files) >= PARALLEL_THRESHOLD and jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            checked = [a for part in pool.map(_check_files, _batches(files, 500), [max_bytes] * len(files)) for a in part]
    else:
        checked = _check_files(files, max_bytes)
    return reject_duplicates(checked)


def run_extraction(opts: ExtractOptions) -> ExtractResult:
    """Extract the corpus in ``opts.seeds`` into ``opts.out`` (see the module docstring for the steps)."""
    config = load_config(opts.themes, opts.entities, opts.measures)
    sources = load_sources(opts.seeds / paths.SOURCES_NAME)
    jobs = opts.jobs or os.cpu_count() or 1
    t0 = time.perf_counter()
    articles = read_checked(opts.seeds, opts.max_bytes, jobs)
    log.debug("read and checked %d files in %.2f s", len(articles), time.perf_counter() - t0)
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
    opts.out.mkdir(parents=True, exist_ok=True)
    parts = Path(tempfile.mkdtemp(prefix=".extract-", dir=opts.out))
    try:
        t0 = time.perf_counter()
        counts = extract_corpus(articles, opts.seeds, config, sources, parts, jobs)
        log.debug("extracted in %.2f s", time.perf_counter() - t0)
        t0 = time.perf_counter()
        assemble(parts, opts.out, key)
        log.debug("assembled the tables in %.2f s", time.perf_counter() - t0)
    finally:
        shutil.rmtree(parts, ignore_errors=True)
    log.info("extraction: %d articles -> %s (%s)", n_ok, opts.out,
             ", ".join(f"{v} {k}" for k, v in counts.items() if k != "articles"))
    return ExtractResult(opts.out, False, n_ok, rejected, counts)
