"""What changed in the corpus folder since the last run, and whether the extracted tables are current.

Kept apart from :mod:`briefing.extraction.extract` so that a build where nothing changed imports
none of the extraction rules (their regular expressions cost more to compile than the whole check).

Two records in the article store (``<out>/.store/``), both written only by a run that read the folder:

- ``files.json``: per file, its ``lstat`` signature (size, mtime, inode, ctime) and its check
  (sha256, status, reason, content key), so that a run after a change reads only the files whose
  signature changed;
- ``scan.json``: one digest over every file's name and signature, with what the checks add up to
  (the digest of the article lines of the cache key, the rejected files' reasons, the count of
  accepted articles). When a scan of the folder gives the same digest, nothing was added, removed,
  renamed or rewritten, and the run uses that summary without loading ``files.json`` or making
  an object per file. It is written only when every file is in ``files.json`` (none was skipped by
  the racy rule), so it never vouches for a file that could still change unseen.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import signal
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import paths
from ..tables import COLUMNS
from .corpus import DEFAULT_MAX_BYTES, ArticleFile, article_stats, read_article, reject_duplicates, stem
from .store import STORE_NAME

log = logging.getLogger("briefing")

CACHE_NAME = ".extract-cache.json"
# Modules whose code decides what the tables hold: a change to any of them invalidates the cache.
EXTRACTION_MODULES = ("config.py", "extraction/*.py")
PARALLEL_THRESHOLD = 200  # below this many articles a process pool costs more than it saves
FILES_NAME = "files.json"
SCAN_NAME = "scan.json"
RACY_NS = 2_000_000_000  # a file changed this recently may change again within its mtime's resolution
FILES_VERSION = 2  # entries: size, mtime_ns, inode, ctime_ns, then the check
SCAN_VERSION = 1


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
    rehash: bool = False  # read and hash every file, trusting no recorded size and times (see read_checked)
    # Where the chunks are extracted: None for a process pool of ``jobs`` on this machine (for a
    # large enough change), or an executor the caller owns (the build's Dask cluster), given every
    # change; its workers must see the corpus and ``out`` at the same paths.
    pool: Executor | None = None


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


@dataclass
class Checked:
    """The corpus folder's files, checked: what the cache key and a cached run need.

    ``articles`` is None when the folder's scan matched the recorded summary (no file was read and
    no per-file object made); ``ids`` are then the listed files' article ids.
    """

    digest: str  # of the article lines that go into the cache key
    rejected: list[str]
    accepted: int
    ids: set[str]
    articles: list[ArticleFile] | None = None


def _check_files(paths_: list[Path], max_bytes: int) -> list[ArticleFile]:
    return [replace(read_article(p, max_bytes), text="") for p in paths_]


def _batches(items: list, n: int) -> list[list]:
    return [items[i : i + n] for i in range(0, len(items), n)]


def default_signals() -> None:
    """In a pool worker: die on SIGTERM and SIGINT.

    A forked worker inherits the build's handlers, which are for the build: with them a worker
    outlives a build killed alone, orphaned.
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def read_checked(seeds: Path, max_bytes: int, jobs: int, store: Path | None = None,
                 rehash: bool = False) -> list[ArticleFile]:
    """Read and check every file of ``seeds`` (in parallel for large corpora), then reject duplicates.

    With a ``store`` folder, a file whose size, modification time, inode and status-change time
    are those recorded there is not read again (git's index does the same): its recorded check is
    reused, so an unchanged corpus costs one ``stat`` per file. Rewriting a file, even to the same
    size with its old modification time put back (``touch -d``), sets its status-change time, which
    no user can set back, so it is read again. What a ``stat`` cannot see: a filesystem that does
    not keep inodes or status-change times (some network and FAT mounts), or a change made below
    the filesystem; ``rehash`` (the CLI's ``--rehash``) then reads and hashes every file whatever
    is recorded. Returned articles carry no text: workers read it again when they extract.
    """
    return _read_checked(seeds, max_bytes, jobs, store, rehash, article_stats(seeds))


def _read_checked(seeds: Path, max_bytes: int, jobs: int, store: Path | None, rehash: bool,
                  listed: list[tuple[str, os.stat_result]]) -> list[ArticleFile]:
    recorded = _load_file_checks(store, max_bytes) if store and not rehash else {}
    stats = dict(listed)
    known: dict[str, ArticleFile] = {}
    for name, st in listed:
        entry = recorded.get(name)
        if entry and entry[:4] == _signature(st):
            known[name] = ArticleFile(stem(name), name, "", *entry[4:])
    todo = [seeds / name for name, _ in listed if name not in known]
    if len(todo) >= PARALLEL_THRESHOLD and jobs > 1:
        with ProcessPoolExecutor(jobs, initializer=default_signals) as pool:
            fresh = [a for part in pool.map(_check_files, _batches(todo, 500), [max_bytes] * len(todo)) for a in part]
    else:
        fresh = _check_files(todo, max_bytes)
    known.update((a.file, a) for a in fresh)
    checked = [known[name] for name, _ in listed]
    articles = reject_duplicates(checked)
    if store:
        recorded_all = _save_file_checks(store, max_bytes, checked, stats) if fresh else True
        _save_scan(store, max_bytes, listed, articles, recorded_all)
    return articles


def check_corpus(seeds: Path, max_bytes: int, jobs: int, store: Path | None = None, rehash: bool = False) -> Checked:
    """What :func:`read_checked` finds, from the scan summary alone when nothing in the folder changed.

    The folder is scanned (one ``lstat`` per file) either way; when its digest equals the one
    recorded in ``scan.json`` (and ``rehash`` is off), no file is read and ``files.json`` is not
    loaded. Otherwise the files are checked as :func:`read_checked` does, and returned.
    """
    listed = article_stats(seeds)
    if store and not rehash:
        summary = _load_scan(store, max_bytes)
        if summary and summary["scan"] == scan_digest(listed):
            return Checked(summary["articles"], summary["rejected"], summary["accepted"],
                           {stem(name) for name, _ in listed})
    articles = _read_checked(seeds, max_bytes, jobs, store, rehash, listed)
    rejected = [a.reason for a in articles if a.status == "rejected"]
    return Checked(articles_digest(articles), rejected, len(articles) - len(rejected),
                   {a.article_id for a in articles}, articles)


def scan_digest(listed: list[tuple[str, os.stat_result]]) -> str:
    """One digest of every listed file's name and ``lstat`` signature, in listing order."""
    h = hashlib.sha256()
    h.update("\0".join(f"{name}/{st.st_size}/{st.st_mtime_ns}/{st.st_ino}/{st.st_ctime_ns}"
                       for name, st in listed).encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def _load_scan(store: Path, max_bytes: int) -> dict | None:
    try:
        data = json.loads((store / SCAN_NAME).read_text(encoding="utf-8"))
        if data.get("version") == SCAN_VERSION and data.get("max_bytes") == max_bytes:
            return data
    except (OSError, ValueError, AttributeError):
        pass
    return None


def _save_scan(store: Path, max_bytes: int, listed: list[tuple[str, os.stat_result]], articles: list[ArticleFile],
               trusted: bool) -> None:
    """Record the folder's scan summary, or remove it when some file was not recorded (racy rule)."""
    path = store / SCAN_NAME
    if not trusted:
        path.unlink(missing_ok=True)
        return
    digest = scan_digest(listed)
    if (_load_scan(store, max_bytes) or {}).get("scan") == digest:
        return
    rejected = [a.reason for a in articles if a.status == "rejected"]
    store.mkdir(parents=True, exist_ok=True)
    tmp = store / f".{SCAN_NAME}.tmp"
    tmp.write_text(json.dumps({"version": SCAN_VERSION, "max_bytes": max_bytes, "scan": digest,
                               "articles": articles_digest(articles), "rejected": rejected,
                               "accepted": len(articles) - len(rejected)}), encoding="utf-8")
    os.replace(tmp, path)


def _signature(st: os.stat_result) -> list[int]:
    """What a file's ``stat`` must still say for its recorded check to be trusted."""
    return [st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns]


def _load_file_checks(store: Path, max_bytes: int) -> dict[str, list]:
    try:
        text = (store / FILES_NAME).read_text(encoding="utf-8")
        collecting = gc.isenabled()
        gc.disable()  # a list per file and no cycles: collecting while they are made nearly doubles the time
        try:
            data = json.loads(text)
        finally:
            if collecting:
                gc.enable()
        ok = data.get("max_bytes") == max_bytes and data.get("version") == FILES_VERSION
        return data["files"] if ok else {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _save_file_checks(store: Path, max_bytes: int, checked: list[ArticleFile], stats: dict) -> bool:
    """Write ``files.json``; return whether every file is in it."""
    # Racy-git rule: a file modified just before this record could be modified again within its
    # mtime's resolution and keep the same stat, so it is not recorded (it is read next time).
    now = time.time_ns()
    files = {a.file: [*_signature(stats[a.file]), a.sha256, a.status, a.reason, a.content_key]
             for a in checked if now - stats[a.file].st_mtime_ns > RACY_NS}
    store.mkdir(parents=True, exist_ok=True)
    tmp = store / f".{FILES_NAME}.tmp"
    tmp.write_text(json.dumps({"version": FILES_VERSION, "max_bytes": max_bytes, "files": files}), encoding="utf-8")
    os.replace(tmp, store / FILES_NAME)
    return len(files) == len(checked)


def _digest_config(opts: ExtractOptions, h, with_sources: bool) -> None:
    # sources.yaml, the watch list and the event do not change an article's rows, only the tables
    # and what is built on them (outcomes.csv, statements.csv): they are in the cache key, not the rules
    extra = (opts.items, opts.event, opts.seeds / paths.SOURCES_NAME) if with_sources else ()
    files = (opts.themes, opts.entities, opts.measures, *extra)
    for path in files:
        h.update(str(path.name).encode())
        h.update(path.read_bytes() if path.exists() else b"-")
    pkg = Path(__file__).parent.parent
    for pattern in EXTRACTION_MODULES:
        for path in sorted(pkg.glob(pattern)):
            h.update(path.read_bytes())


def rules_key(opts: ExtractOptions) -> str:
    """A digest of what decides the rows of one article: the configuration files and the extraction code."""
    h = hashlib.sha256()
    _digest_config(opts, h, with_sources=False)
    return h.hexdigest()


def articles_digest(articles: list[ArticleFile]) -> str:
    """A digest of the checked files: each one's name, sha256, status and reason, in order."""
    h = hashlib.sha256()
    for art in articles:
        h.update(f"{art.file}\0{art.sha256}\0{art.status}\0{art.reason}\n".encode())
    return h.hexdigest()


def cache_key(opts: ExtractOptions, articles: list[ArticleFile] | Checked) -> str:
    """A digest of everything the tables depend on: article bytes, configuration files and code."""
    h = hashlib.sha256()
    h.update((articles.digest if isinstance(articles, Checked) else articles_digest(articles)).encode())
    _digest_config(opts, h, with_sources=True)
    h.update(str(opts.max_bytes).encode())
    return h.hexdigest()


def tables_cached(out: Path, key: str) -> bool:
    """Whether ``out`` holds every table, made under ``key``."""
    try:
        stored = json.loads((out / CACHE_NAME).read_text(encoding="utf-8")).get("key")
    except (OSError, ValueError, AttributeError):
        return False
    return stored == key and all((out / f"{n}.{e}").exists() for n in COLUMNS for e in ("csv", "parquet"))


def current_tables(opts: ExtractOptions) -> tuple[ExtractResult | None, Checked, str]:
    """Check the folder against the store; the cached run's result when the tables are current.

    Returns (the result, or None when extraction must run; the checked files; the cache key).
    Logs what a run logs before it decides: entries of ``sources.yaml`` without a file, rejected files.
    """
    from ..config import load_sources

    sources = load_sources(opts.seeds / paths.SOURCES_NAME)
    jobs = opts.jobs or os.cpu_count() or 1
    t0 = time.perf_counter()
    checked = check_corpus(opts.seeds, opts.max_bytes, jobs, opts.out / STORE_NAME, opts.rehash)
    log.debug("read and checked %d files in %.2f s", checked.accepted + len(checked.rejected),
              time.perf_counter() - t0)
    for aid in sources:
        if aid not in checked.ids:
            log.warning("%s: entry %r has no article file in %s; remove it or add the file.",
                        opts.seeds / paths.SOURCES_NAME, aid, opts.seeds)
    for reason in checked.rejected:
        log.error("rejected %s", reason)
    key = cache_key(opts, checked)
    if not opts.force and tables_cached(opts.out, key):
        log.info("extraction: %d articles unchanged, reusing %s", checked.accepted, opts.out)
        return ExtractResult(opts.out, True, checked.accepted, checked.rejected), checked, key
    return None, checked, key
