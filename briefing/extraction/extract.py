"""Extraction: from article files to the tables every report reads.

``run_extraction`` is the orchestrating function; its steps, in order:

1. load and validate the configuration (themes, entities, measures, sources) — a bad file stops
   everything before any output is touched;
2. read the corpus folder, rejecting bad files with their reason;
3. reuse the cached tables if nothing that goes into them changed;
4. extract each article that is new or changed (in parallel for large corpora): sentences, themes,
   stance, figures, dates, quotes, actors; the rows of unchanged articles are reused from the
   article store (:mod:`briefing.extraction.store`), so a change costs what changed;
5. resolve what needs the whole corpus (the year of "December 4");
6. assemble the CSV export and a Parquet copy in the corpus's article order, each moved into place
   complete, then the cache key.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import time
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from itertools import accumulate
from pathlib import Path

from .. import paths
from ..config import Config, Source, load_config, load_sources
from ..progress import progress
from ..tables import COLUMNS, ArticleRow, DateRow, EntityRow, FigureRow, QuoteRow, SentenceRow, write_part
from .checks import (  # noqa: F401  (re-exported: the names callers import from here)
    CACHE_NAME,
    EXTRACTION_MODULES,
    FILES_NAME,
    PARALLEL_THRESHOLD,
    RACY_NS,
    ExtractOptions,
    ExtractResult,
    _batches,
    _check_files,
    cache_key,
    current_tables,
    default_signals,
    read_checked,
    rules_key,
    tables_cached,
)
from .corpus import ArticleFile
from .dates import extract_dates, resolve_year
from .entities import Gazetteer
from .figures import DURATION_UNITS, extract_figures
from .lexicon import Lexicon
from .quotes import CONTEXT, OPENERS, Quote, QuoteRun, extract_quotes, quote_runs, quoted_spans, run_speaker
from .segment import first_line_title, segment
from .speakers import NameIndex
from .stance import stance_from_hits, stance_phrases
from .store import (
    CHUNK_TARGET,
    CSV_TABLES,
    PART_TABLES,
    STORE_NAME,
    StoreIndex,
    join_parts,
    load_index,
    normalise,
    part_path,
    plan,
    prune,
    read_dates,
    save_index,
    write_rows,
)
from .themes import ThemeTagger, article_subject, headline_names_only, leading_themes, subject_tags

log = logging.getLogger("briefing")

class Extractor:
    """Extracts one article at a time with compiled configuration."""

    def __init__(self, config: Config):
        self.config = config
        self.tagger = ThemeTagger(config.themes)
        self.gazetteer = Gazetteer(config.entities)
        # One scan per sentence finds theme cues, actors and stance markers together.
        self.lexicon = Lexicon(self.tagger.phrases() + self.gazetteer.phrases() + stance_phrases())

    def article(self, article_id: str, text: str) -> dict[str, list[tuple]]:
        """All rows for one article, as tuples in :data:`COLUMNS` order (articles excepted).

        Dates written without a year keep ``--MM-DD``; :func:`extract_corpus` resolves them.
        """
        rows: dict[str, list[tuple]] = {k: [] for k in COLUMNS if k != "articles"}
        prev = ""
        last_speaker = ""
        names: NameIndex | None = None  # the article's full names, built at its first quotation
        voiced = False  # the sentence before ended in a quotation with a speaker
        fig_n = quote_n = 0
        sentences = segment(text)
        scans = [list(self.lexicon.finditer(s.text)) for s in sentences]
        # Weak theme cues count in the themes the article is mostly about (see themes.py).
        strong = [self.tagger.strong_from_hits(h) for h in scans]
        leading = leading_themes(strong)
        subject = article_subject(strong)
        headline = headline_names_only(strong, subject)
        named = frozenset().union(*strong)  # the themes a strong cue names somewhere in the article
        texts = [s.text for s in sentences]
        opened = _matching(OPENERS, texts)  # the sentences with a mark that may open a quotation
        runs = {r.first: r for r in quote_runs(texts)} if "“" in text or '"' in text else {}
        inside: dict[int, int] = {}  # sentence index -> end of the part that belongs to a run
        in_run: dict[int, tuple[QuoteRun, int]] = {}  # sentence index -> its run and its part's number
        for r in runs.values():
            inside.update({k: len(texts[k]) for k in range(r.first + 1, r.last)})
            inside[r.last] = r.close + 1
            in_run.update({r.first + i: (r, i) for i in range(len(r.parts))})
        run_speakers: dict[int, str] = {}  # a run's first sentence -> its speaker
        for k, (s, hits) in enumerate(zip(sentences, scans)):
            sid = f"{article_id}:{s.n}"
            tags = self.tagger.tag_from_hits(hits, leading, named)
            if not tags and s.block != "table":
                tags = subject_tags(s.text, subject, headline)  # no cue: the article's subject, if it has one
            rows["sentences"].append(SentenceRow(
                sid, article_id, s.paragraph, s.text, ";".join(t for t, _ in tags),
                ";".join(f"{t}:{c}" for t, c in tags),
                stance_from_hits(s.text, hits) if s.block != "heading" else "context", s.block,
            ))
            dates = extract_dates(s.text)
            for d in dates:
                rows["dates"].append(DateRow(article_id, sid, d.surface, d.date, d.what))
            for f in extract_figures(s.text, self.config.measures):
                fig_n += 1
                mid = (f.start + f.end) / 2
                near = [d for d in dates if abs((d.start + d.end) / 2 - mid) < 90] if f.unit not in DURATION_UNITS else []
                period = min(near, key=lambda d: abs((d.start + d.end) / 2 - mid)).surface if near else ""
                rows["figures"].append(FigureRow(
                    f"{sid}:f{fig_n}", article_id, sid, f.surface, f.low, f.high, f.unit, f.item,
                    f.qualifier, f.measure, period,
                ))
            quotes = []
            if (k in opened and quoted_spans(s.text)) or prev.endswith(":"):
                names = names or NameIndex(text)
                context = "\n".join(texts[max(0, k - CONTEXT) : k])
                quotes = extract_quotes(s.text, prev, last_speaker, self.gazetteer, names, voiced, context)
                quotes = [q for q in quotes if q.end > inside.get(k, -1)]
            if k in in_run:  # a quotation over several paragraphs, attributed once: a quote per paragraph
                names = names or NameIndex(text)
                r, part = in_run[k]
                if r.first not in run_speakers:
                    run_speakers[r.first] = run_speaker(r, texts, last_speaker, self.gazetteer, names, voiced)
                start, end = (r.opener, len(s.text)) if part == 0 else (0, r.close + 1 if k == r.last else len(s.text))
                quotes = sorted([*quotes, Quote(r.parts[part], run_speakers[r.first], "quote", start, end)],
                                key=lambda q: q.start)
            voiced = False
            for q in quotes:
                if q.kind != "quote":
                    continue
                voiced = bool(q.speaker)
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


def _matching(rx: re.Pattern, texts: list[str]) -> set[int]:
    """The indices of ``texts`` in which ``rx`` finds a match, from one scan of them all.

    The texts are joined with newlines, which no sentence holds; ``rx`` must match no newline and
    see one as it sees the start or end of a text (true of ``OPENERS``: one mark, and a newline
    is a space to its look-behind and no word character to its look-ahead).
    """
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:  # a text with a newline of its own: scan each
        return {k for k, t in enumerate(texts) if rx.search(t)}
    starts = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
    return {bisect_right(starts, m.start()) - 1 for m in rx.finditer(joined)}


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
    if EVENT_PAST.search("\n".join(texts)):  # one scan; no marker spans a newline
        return "report"
    return "preview" if exp > 0 and share < 0.25 else "report"


def _article_row(art: ArticleFile, source: Source | None, title: str, words: int, kind: str) -> ArticleRow:
    src = source or Source()
    return ArticleRow(
        art.article_id, art.file, src.title or title, src.outlet, src.author, src.published, src.kind or kind,
        words, art.sha256, art.status, art.reason,
        "sources.yaml" if src.kind else ("inferred" if kind else ""), src.url, src.note,
    )


@dataclass
class _Chunk:
    """What a worker sends back for one chunk: small per-article facts and row counts."""

    summaries: dict[str, tuple[str, int, str]]  # article_id -> (first-line title, words, inferred kind)
    counts: dict[str, int]


_WORKER: Extractor | None = None


def _init_worker(config: Config) -> None:
    global _WORKER
    _WORKER = Extractor(config)


def _default_signals(config: Config | None = None) -> None:
    """In a pool worker: die on SIGTERM and SIGINT, then make the extractor if ``config`` is given.

    A forked worker inherits the build's handlers, which are for the build: with them a worker
    outlives a build killed alone, orphaned.
    """
    default_signals()
    if config is not None:
        _init_worker(config)


def _local_pool(jobs: int, config: Config | None = None) -> ProcessPoolExecutor:
    """A process pool of ``jobs`` workers on this machine that die with the build (with an extractor each, given ``config``)."""
    return ProcessPoolExecutor(jobs, initializer=_default_signals, initargs=(config,))


_WORKER_RULES = ""  # the rules digest _WORKER was made with, on a cluster's worker


def _extract_chunk_with(config: Config, rules: str, name: str, files: list[tuple[str, str]], store: Path) -> _Chunk:
    """:func:`_extract_chunk` on an executor's worker, which has no initializer: the extractor is made once per rules."""
    global _WORKER_RULES
    if _WORKER is None or _WORKER_RULES != rules:
        _init_worker(config)
        _WORKER_RULES = rules
    return _extract_chunk(name, files, store)


def _extract_chunk(name: str, files: list[tuple[str, str]], store: Path) -> _Chunk:
    """Extract the articles ``files`` (article id, path); write their rows as chunk ``name`` of the store."""
    assert _WORKER is not None
    tables: dict[str, list[tuple]] = {t: [] for t in PART_TABLES}
    summaries = {}
    for article_id, path in files:
        text = Path(path).read_bytes().decode("utf-8-sig")
        rows = _WORKER.article(article_id, text)
        for t in PART_TABLES:
            tables[t].extend(rows[t])
        words = sum(len(r.text.split()) for r in rows["sentences"])
        kind = infer_kind([r.stance for r in rows["sentences"]], [r.text for r in rows["sentences"]])
        summaries[article_id] = (first_line_title(text), words, kind)
    for t in PART_TABLES:
        write_part(tables[t], COLUMNS[t], part_path(store, t, name).with_suffix(""), with_csv=t in CSV_TABLES)
    return _Chunk(summaries, {k: len(v) for k, v in tables.items()})


def _in_order(results: Iterable[_Chunk], step) -> list[_Chunk]:
    """The chunks' results as they arrive (in order), each counted by ``step``."""
    out = []
    for chunk in results:
        out.append(chunk)
        step(f"{sum(chunk.counts.values())} rows")
    return out


def update_store(ok: list[ArticleFile], seeds: Path, config: Config, store: Path, rules: str, jobs: int,
                 pool: Executor | None = None) -> StoreIndex:
    """Bring the article store up to date: extract the articles no valid chunk holds; return its index.

    Work is split into chunks of articles; each chunk is read, extracted and written by one worker
    (in this process for a small change), so no process ever holds the whole corpus in memory.
    """
    store.mkdir(parents=True, exist_ok=True)
    index = load_index(store, rules)
    todo = plan(index, {a.article_id: a.sha256 for a in ok})
    save_index(store, index)  # forget dropped articles and chunks before their files go
    prune(store, index)
    log.info("extraction: %d of %d articles to extract (%d reused)", len(todo), len(ok), len(ok) - len(todo))
    if not todo:
        return index
    by_id = {a.article_id: a for a in ok}
    files = [(aid, str(seeds / by_id[aid].file)) for aid in todo]
    size = max(1, min(CHUNK_TARGET, len(files) // (max(jobs, 1) * 4) or 1))
    batches = _batches(files, size)
    tag = hashlib.sha256("".join(f"{aid}:{by_id[aid].sha256}" for aid in todo).encode()).hexdigest()[:10]
    names = [f"{tag}-{i:05d}" for i in range(len(batches))]
    with progress(len(batches), "extraction", "chunks") as step:
        if pool is not None:
            chunks = _in_order(pool.map(partial(_extract_chunk_with, config, rules), names, batches,
                                        [store] * len(batches)), step)
        elif len(todo) >= PARALLEL_THRESHOLD and jobs > 1:
            with _local_pool(jobs, config) as local:
                chunks = _in_order(local.map(_extract_chunk, names, batches, [store] * len(batches)), step)
        else:
            _init_worker(config)
            chunks = _in_order((_extract_chunk(n, b, store) for n, b in zip(names, batches)), step)
    for name, batch, chunk in zip(names, batches, chunks):
        index.chunks[name] = {"articles": {aid: by_id[aid].sha256 for aid, _ in batch},
                              "summaries": {aid: list(s) for aid, s in chunk.summaries.items()}, "written": len(batch)}
    save_index(store, index)
    return index


def resolve_years(dates: list[DateRow], ok: list[ArticleFile], sources: dict[str, Source]) -> list[DateRow]:
    """Give "December 4" its year.

    The article's publication year, else the year of its own full dates, else the most common year
    of full dates across the corpus (a corpus is usually about one event).
    """
    full_years: dict[str, Counter] = {}
    for d in dates:
        if len(d.date) >= 7 and d.date[0] != "-":
            full_years.setdefault(d.article_id, Counter())[d.date[:4]] += 1
    corpus_years: Counter = Counter()
    for counter in full_years.values():
        corpus_years.update(counter)
    corpus_year = int(corpus_years.most_common(1)[0][0]) if corpus_years else None
    years, months = {}, {}
    for a in ok:
        src = sources.get(a.article_id)
        year = int(src.published[:4]) if src and src.published else None
        if src and src.published[5:7].isdigit():
            months[a.article_id] = int(src.published[5:7])  # "last July" counts back from it
        if year is None and a.article_id in full_years:
            year = int(full_years[a.article_id].most_common(1)[0][0])
        years[a.article_id] = year or corpus_year
    return [
        d._replace(date=resolve_year(d.date, years[d.article_id], months.get(d.article_id), d.surface)) for d in dates
    ]


def extract_corpus(
    articles: list[ArticleFile], seeds: Path, config: Config, sources: dict[str, Source], store: Path, rules: str,
    tmp: Path, jobs: int, pool: Executor | None = None,
) -> dict[str, int]:
    """Extract the accepted articles (reusing the store) and write every table into ``tmp``; return row counts.

    Tables are assembled in the corpus's article order, so they do not depend on which articles
    were extracted in this run and which were reused.
    """
    ok = [a for a in articles if a.status == "ok"]
    index = update_store(ok, seeds, config, store, rules, jobs, pool)
    chunks = normalise(store, index, {a.article_id: i for i, a in enumerate(ok)})
    # The tables are joined side by side in threads: reading, encoding and writing Parquet and
    # copying the CSV parts release the GIL, so the two largest (sentences, entities) overlap.
    with ThreadPoolExecutor(len(CSV_TABLES)) as threads:
        joined = {name: threads.submit(join_parts, store, name, chunks, tmp / f"{name}.csv", tmp / f"{name}.parquet")
                  for name in CSV_TABLES}
        unresolved = read_dates(store, chunks)
        counts = {name: job.result() for name, job in joined.items()}
    dates = resolve_years([DateRow(*d) for d in unresolved], ok, sources)
    summaries = index.summaries(chunks)
    article_rows = []
    for a in articles:
        title, words, kind = summaries.get(a.article_id, ("", 0, "")) if a.status == "ok" else ("", 0, "")
        article_rows.append(_article_row(a, sources.get(a.article_id), title, words, kind))
    write_rows(article_rows, "articles", tmp / "articles")
    write_rows(dates, "dates", tmp / "dates")
    counts.update(articles=len(article_rows), dates=len(dates))
    return counts


def publish_tables(tmp: Path, out: Path, key: str) -> None:
    """Move the tables written in ``tmp`` into ``out``, each file whole; the cache key last."""
    out.mkdir(parents=True, exist_ok=True)
    for name in COLUMNS:
        for ext in ("csv", "parquet"):
            os.replace(tmp / f"{name}.{ext}", out / f"{name}.{ext}")
    (tmp / CACHE_NAME).write_text(json.dumps({"key": key}), encoding="utf-8")
    os.replace(tmp / CACHE_NAME, out / CACHE_NAME)


def run_extraction(opts: ExtractOptions) -> ExtractResult:
    """Extract the corpus in ``opts.seeds`` into ``opts.out`` (see the module docstring for the steps)."""
    done, checked, key = current_tables(opts)
    if done:
        return done
    sources = load_sources(opts.seeds / paths.SOURCES_NAME)
    jobs = opts.jobs or os.cpu_count() or 1
    articles = checked.articles
    if articles is None:  # the folder matched its recorded scan: its files' checks come from the store
        articles = read_checked(opts.seeds, opts.max_bytes, jobs, opts.out / STORE_NAME, opts.rehash)
    n_ok = checked.accepted
    # Loaded (and checked) only now: the cache key holds the files' bytes, so a cached run's files are
    # those a run already loaded, and an edited one is loaded here, before any output is touched.
    config = load_config(opts.themes, opts.entities, opts.measures)
    opts.out.mkdir(parents=True, exist_ok=True)
    parts = Path(tempfile.mkdtemp(prefix=".extract-", dir=opts.out))
    try:
        t0 = time.perf_counter()
        counts = extract_corpus(articles, opts.seeds, config, sources, opts.out / STORE_NAME, rules_key(opts), parts,
                                jobs, opts.pool)
        publish_tables(parts, opts.out, key)
        log.debug("extracted and assembled in %.2f s", time.perf_counter() - t0)
    finally:
        shutil.rmtree(parts, ignore_errors=True)
    log.info("extraction: %d articles -> %s (%s)", n_ok, opts.out,
             ", ".join(f"{v} {k}" for k, v in counts.items() if k != "articles"))
    return ExtractResult(opts.out, False, n_ok, checked.rejected, counts)
