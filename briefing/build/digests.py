"""Digests of what each report reads, so that a build redoes only the reports whose inputs changed."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from pathlib import Path

from .publish import atomic_write

log = logging.getLogger("briefing")
THEME_ARTICLE_FIELDS = ("article_id", "file", "title", "outlet", "author", "published", "kind", "url")


def sha(*parts: bytes | str) -> str:
    """The sha256 of ``parts``, each separated so that ("ab", "c") and ("a", "bc") differ."""
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8") if isinstance(p, str) else p)
        h.update(b"\0")
    return h.hexdigest()


def file_sha(path: Path) -> str:
    """The sha256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def code_digest() -> str:
    """The package code, template and styles: anything that changes how a report looks."""
    root = Path(__file__).parent.parent
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".j2", ".css", ".json"))
    return sha(*[f"{p.relative_to(root)}:{file_sha(p)}" for p in files])


def slices_stale(data_dir: Path, extraction_key: str, config_files: tuple[Path, Path, Path]) -> bool:
    """Whether the slices beside the tables (:mod:`briefing.analysis.slices`) are missing or were made from other ones.

    Checked from their manifest without importing pandas, so a build where nothing changed stays fast.
    """
    from ..tables import SLICES_DIR, SLICES_MANIFEST, config_digest

    try:
        made = json.loads((data_dir / SLICES_DIR / SLICES_MANIFEST).read_text(encoding="utf-8"))
        return made.get("key") != extraction_key or made.get("config") != config_digest(*config_files)
    except (OSError, ValueError, AttributeError):
        return True


def data_digests(data_dir: Path, theme_ids: list[str], extraction_key: str,
                 config_files: tuple[Path, Path, Path], items: bool = False, jobs: int = 1,
                 slices: bool = False) -> dict:
    """What each report reads of the extracted data, as digests, plus the default as-of date.

    A theme report reads its theme's sentences and what was extracted from them, the covering
    articles' details, the number of articles and its items' statements; the overview reads
    everything (see :mod:`.chunks`, which reads only the articles it has no record for).
    ``config_files`` are the themes, watch list and event files the corpus is analysed with.
    Cached beside the tables under the extraction key, so a build where nothing changed reads one
    small file and never imports pandas. With ``items``, also write the tracked items
    (``outcomes.csv``, ``statements.csv``) from the recorded statements; with ``slices``, also
    write what each report kernel reads (:func:`briefing.analysis.slices.write_slices`) when
    stale, with the recorded statements too, so that no item statement is computed again.
    ``jobs``: processes for reading many articles without a record.
    """
    cache = data_dir / ".report-digests.json"
    stale = slices and slices_stale(data_dir, extraction_key, config_files)
    try:
        stored = json.loads(cache.read_text(encoding="utf-8"))
        if stored.get("key") == extraction_key and set(theme_ids) <= set(stored["digests"]) and not (items or stale):
            return stored
    except (OSError, ValueError, KeyError):
        pass
    from ..analysis.event import default_as_of
    from ..config import load_event
    from .chunks import report_digests

    found = report_digests(data_dir, theme_ids, config_files, jobs)
    known = found.statements() if items or stale else None
    if items:
        from ..analysis.export import write_outcomes

        t0 = time.perf_counter()
        write_outcomes(data_dir, *config_files, known=known)
        log.info("tracked items written in %.2f s", time.perf_counter() - t0)
    if stale:
        from ..analysis.data import load_corpus
        from ..analysis.export import consolidations
        from ..analysis.slices import write_slices

        t0 = time.perf_counter()
        corpus = load_corpus(data_dir, *config_files)
        corpus.memo["statements"] = known  # what statements(corpus) memoises: the records' (the same rows)
        log.info("corpus loaded for the slices in %.2f s", time.perf_counter() - t0)
        with consolidations(corpus, data_dir, *config_files):  # the disagreements start from the scorecard
            write_slices(data_dir, *config_files, corpus=corpus)
        log.info("slices written in %.2f s", time.perf_counter() - t0)
    arts, dates = found.articles, found.dates
    first = [d for d in arts.published if d] or [d for d in dates.date if len(d) == 10 and d[0] != "-"]
    out = {"key": extraction_key, "digests": found.digests,
           "as_of": default_as_of(arts, load_event(config_files[2]), dates), "first": min(first) if first else ""}
    atomic_write(cache, json.dumps(out, sort_keys=True))
    return out
