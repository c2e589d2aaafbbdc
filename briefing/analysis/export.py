"""The item analysis as data: ``outcomes.csv`` and ``statements.csv`` beside the extracted tables."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from .. import paths
from ..config import load_event, load_items, load_themes
from ..tables import COLUMNS, OutcomeRow, StatementRow, config_digest, read_table, write_csv
from . import outcomes
from .data import Corpus, load_corpus
from .outcomes import scorecard, statements

log = logging.getLogger("briefing")
CONSOLIDATED = ".scorecard-cache.json"  # each item's consolidation, by a digest of its statements
CONSOLIDATED_VERSION = "1"  # of outcomes._consolidate's record: a change makes every item consolidated again


@functools.cache
def _consolidation_code() -> str:
    """A digest of the code that consolidates an item, so that a kept consolidation never outlives a change to it.

    A version number alone would rely on whoever edits the rules remembering to raise it; a stale
    status in a briefing is the failure this cache must never cause.
    """
    return hashlib.sha256(Path(outcomes.__file__).read_bytes()).hexdigest()[:16]


def _read_consolidated(path: Path, key: str) -> dict:
    """The kept consolidations when made under ``key`` (the configuration and the code), else none."""
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        if kept.get("key") != key:
            return {}
        return {d: {**c, "conflict_sides": [tuple(x) for x in c["conflict_sides"]]} for d, c in kept["items"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):  # none yet, or a stray file
        return {}


def _write_consolidated(path: Path, key: str, items: dict) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps({"key": key, "items": items}, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


@contextlib.contextmanager
def consolidations(corpus: Corpus, data_dir: Path, themes: Path, items: Path, event: Path) -> Iterator[None]:
    """Within, ``corpus``'s scorecard consolidates only the items whose statements changed since the last one kept.

    Each item's consolidation is kept in ``data_dir`` (:data:`CONSOLIDATED`) under a digest of its
    statements, for the configuration ``themes``, ``items`` and ``event``; on leaving, the ones
    this corpus used are kept.
    """
    cache, key = Path(data_dir) / CONSOLIDATED, f"{CONSOLIDATED_VERSION}:{_consolidation_code()}:{config_digest(themes, items, event)}"
    before = _read_consolidated(cache, key)
    corpus.memo["consolidated"] = dict(before)  # outcomes._scorecard reuses these and keeps those it used
    yield
    kept = corpus.memo.pop("consolidated")
    if kept.keys() != before.keys():
        _write_consolidated(cache, key, kept)
        log.info("items: %d consolidated again (their statements changed), %d reused",
                 len(kept.keys() - before.keys()), len(kept.keys() & before.keys()))


def write_outcomes(data_dir: Path, themes: Path = paths.THEMES_FILE, items: Path = paths.ITEMS_FILE,
                   event: Path = paths.EVENT_FILE, known: pd.DataFrame | None = None,
                   corpus: Corpus | None = None) -> dict[str, int]:
    """Write the consolidated items (``outcomes.csv``) and per-sentence statements (``statements.csv``) into ``data_dir``.

    Reads the extracted tables of ``data_dir`` with the watch list ``items`` and the ``event``
    (or takes ``corpus``, loaded so, when the caller has it); returns the row counts. ``known`` is
    the corpus's :func:`.outcomes.statements` if the caller has them already (the build keeps each
    article's, so that a change costs what changed): then only the articles table is read.
    """
    if corpus is not None:
        pass
    elif known is None:
        corpus = load_corpus(Path(data_dir), themes, items, event)
    else:
        theme_list = tuple(load_themes(themes))
        arts = read_table(Path(data_dir), "articles")
        empty = {n: pd.DataFrame(columns=COLUMNS[n]) for n in ("sentences", "figures", "dates", "quotes", "entities")}
        corpus = Corpus(arts[arts.status == "ok"].reset_index(drop=True), empty["sentences"], empty["figures"],
                        empty["dates"], empty["quotes"], empty["entities"], theme_list,
                        tuple(load_items(items, [t.id for t in theme_list])), load_event(event))
        corpus.memo["statements"] = known  # what statements(corpus) memoises: the scorecard is made from it
    with consolidations(corpus, data_dir, themes, items, event):
        sc = scorecard(corpus, include_mentioned=True)
    out_rows = [
        OutcomeRow(r.item, r.name, r.aliases, r.themes, r.status, r.timing, ";".join(r.sources), int(r.n_sources),
                   ";".join(r.kinds), ";".join(r.evidence),
                   " | ".join(f"{sid} says {says}" for _a, sid, says in r.conflict_sides), "yes" if r.discovered else "")
        for r in sc.itertuples()
    ]
    st = statements(corpus)
    st_rows = [
        StatementRow(r.item, r.article_id, r.kind, r.sentence_id, r.status, r.cue, r.timing,
                     "yes" if r.timing_stated else "", r.surface, r.text)
        for r in st.itertuples()
    ]
    write_csv(Path(data_dir), "outcomes", out_rows)
    write_csv(Path(data_dir), "statements", st_rows)
    log.info("items: %d tracked (%s) -> %s", len(out_rows),
             ", ".join(f"{n} {s}" for s, n in sc.status.value_counts().items()), Path(data_dir) / "outcomes.csv")
    return {"outcomes": len(out_rows), "statements": len(st_rows)}
