"""Theme slices: what one theme report reads, written once so that its kernel reads only that.

A theme report shows its theme's sentences and what was extracted from them, but a few of its
numbers are corpus-wide: an item's status comes from every sentence naming the item, a figure's
sources from every article giving it, an article's share of the theme from all its sentences.
:func:`write_slices` (run by the build after extraction) computes those corpus-wide tables once
and writes, under ``<data>/slices/``:

- ``_corpus/``: the aggregates every report of the corpus would otherwise compute from all rows:
  ``statements`` (every sentence naming a tracked item, what it says: the scorecard is built from
  it), ``figure_table`` (every figure with its sources), ``disagreements``, ``outlets``,
  ``actors_found`` (the names the articles show acting), ``scorecard`` (each tracked item's status
  from all its statements) and ``totals`` (each article's sentences
  other than headings);
- ``<theme>/``: the theme's rows of ``sentences``, ``figures``, ``dates``, ``quotes`` and
  ``entities``: the sentences tagged with the theme, those naming the theme's items (their
  statuses are printed and audited) and the sentences a quotation in them runs on into;
- ``manifest.json`` (written last): the extraction key and a digest of the themes, watch list and
  event files the slices were made with, and the default as-of date.

:func:`read_slice` gives a :class:`~briefing.analysis.data.Corpus` of a theme's slice, its
aggregates in ``corpus.memo``, or None when the slices are missing or were made from other tables
or configuration (the caller then loads the whole corpus). A report made from the slice is the
same, byte for byte, as one made from the whole corpus. Folders may be fsspec URLs for reading.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from .. import paths
from ..errors import DataError
from ..tables import SLICES_DIR, SLICES_MANIFEST, config_digest, is_local, location, read_parquet, read_table
from .actors import found_acting_from_table, found_acting_table, outlets
from .claims import disagreements, figure_table
from .coverage import sentence_totals, tagged
from .data import Corpus, accepted_articles, default_as_of, load_corpus
from .outcomes import SCORECARD_COLUMNS, scorecard, statements

log = logging.getLogger("briefing")

SLICES, MANIFEST = SLICES_DIR, SLICES_MANIFEST
AGGREGATES = "_corpus"  # no theme id has an underscore (config.py), so no theme folder is named so
SLICE_TABLES = ("sentences", "figures", "dates", "quotes", "entities")
RUN_LENGTH = 8  # sentences a quotation may run over (reporting.report._passage's ``longest``)
SCAN_BATCH = 65_536  # rows per batch when the whole sentence table is scanned


def _extraction_key(data_dir: Path | str) -> str:
    from ..extraction.extract import CACHE_NAME

    fs, root = location(data_dir)
    try:
        with fs.open(f"{root}/{CACHE_NAME}", "r", encoding="utf-8") as fh:
            return str(json.load(fh).get("key", ""))
    except (OSError, ValueError):
        return ""


def slice_sentence_ids(corpus: Corpus, theme: str) -> set[str]:
    """The sentences of ``theme``'s slice: tagged with it, naming one of its items, or continuing a quotation of those."""
    return _slice_ids(corpus, theme, _SentenceIds(corpus))


class _SentenceIds:
    """The corpus's sentence ids as Python objects, read once for every theme's slice (Arrow strings iterate slowly)."""

    def __init__(self, corpus: Corpus):
        self.ids = corpus.sentences.sentence_id.to_numpy(dtype=object)
        self.known = set(self.ids)
        self.quoted = set(corpus.quotes.sentence_id.to_numpy(dtype=object))
        self.index = pd.Index(self.ids)

    def rows_of(self, df: pd.DataFrame) -> np.ndarray:
        """For each row of ``df``, the position of its sentence in the sentences table (-1 for none)."""
        return self.index.get_indexer(df.sentence_id.to_numpy(dtype=object))

    def mask(self, sids: set[str], rows: np.ndarray) -> np.ndarray:
        """Which of ``rows`` (from :meth:`rows_of`) are sentences of ``sids``: ``isin``, without Arrow's slow path."""
        chosen = np.zeros(len(self.ids) + 1, dtype=bool)  # the last one stands for "no such sentence"
        chosen[self.index.get_indexer(list(sids))] = True
        chosen[-1] = False
        return chosen[rows]


def _slice_ids(corpus: Corpus, theme: str, ids: _SentenceIds) -> set[str]:
    s = corpus.sentences
    st = statements(corpus)
    items = {i for i, ts in zip(st["item"], st.themes) if theme in ts.split(";")}
    sids = set(ids.ids[tagged(s, theme).to_numpy(dtype=bool)]) | set(st.sentence_id[st["item"].isin(items)])
    for sid in ids.quoted & sids:
        article, _, n = sid.rpartition(":")
        if n.isdigit():
            sids.update(x for k in range(1, RUN_LENGTH) if (x := f"{article}:{int(n) + k}") in ids.known)
    return sids


def _aggregates(corpus: Corpus) -> dict[str, pd.DataFrame]:
    totals = sentence_totals(corpus)
    return {
        "statements": statements(corpus),
        "figure_table": figure_table(corpus),
        "disagreements": disagreements(corpus),
        "outlets": pd.DataFrame({"entity": sorted(outlets(corpus))}, dtype=str),
        "actors_found": found_acting_table(corpus),
        "scorecard": scorecard(corpus, include_mentioned=True).assign(
            conflict_sides=lambda d: [[list(side) for side in sides] for sides in d.conflict_sides]),
        "totals": pd.DataFrame({"article_id": totals.index.astype(str), "sentences": totals.to_numpy(dtype="int64")}),
    }


def write_slices(data_dir: Path, themes_file: Path = paths.THEMES_FILE, items_file: Path = paths.ITEMS_FILE,
                 event_file: Path = paths.EVENT_FILE, corpus: Corpus | None = None) -> dict[str, int]:
    """Write the corpus aggregates and every theme's slice under ``data_dir/slices``; return sentences per slice.

    ``data_dir`` holds the tables ``extract`` wrote; the three files are the configuration the
    reports are analysed with (``corpus``: those tables loaded so, when the caller has them, e.g.
    from writing the item tables, whose statements are reused). The folder is written beside and
    moved into place whole.
    """
    data_dir = Path(data_dir)
    corpus = corpus if corpus is not None else load_corpus(data_dir, themes_file, items_file, event_file)
    # named like extraction's leftovers, which the build removes when a killed run leaves them
    tmp = Path(tempfile.mkdtemp(prefix=".extract-slices-", dir=data_dir))
    counts = {}
    try:
        (tmp / AGGREGATES).mkdir()
        for name, df in _aggregates(corpus).items():
            df.to_parquet(tmp / AGGREGATES / f"{name}.parquet", index=False)
        ids = _SentenceIds(corpus)
        rows = {name: ids.rows_of(getattr(corpus, name)) for name in SLICE_TABLES}
        for theme in corpus.theme_ids:
            sids = _slice_ids(corpus, theme, ids)
            (tmp / theme).mkdir()
            for name in SLICE_TABLES:
                df = getattr(corpus, name)
                df[ids.mask(sids, rows[name])].to_parquet(tmp / theme / f"{name}.parquet", index=False)
            counts[theme] = len(sids)
        manifest = {"key": _extraction_key(data_dir), "config": config_digest(themes_file, items_file, event_file),
                    "themes": corpus.theme_ids, "as_of": default_as_of(corpus)}
        (tmp / MANIFEST).write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")
        old = Path(tempfile.mkdtemp(prefix=".extract-slices-old-", dir=data_dir))
        if (data_dir / SLICES).exists():
            os.replace(data_dir / SLICES, old / SLICES)
        os.replace(tmp, data_dir / SLICES)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log.info("slices: %d themes (%s sentences of %d) -> %s", len(counts),
             ", ".join(f"{t} {n}" for t, n in counts.items()), len(corpus.sentences), data_dir / SLICES)
    return counts


def current_manifest(data_dir: Path | str, themes_file: Path, items_file: Path, event_file: Path) -> dict | None:
    """The slices' manifest when they were made from ``data_dir``'s tables and this configuration, else None."""
    fs, root = location(data_dir)
    try:
        with fs.open(f"{root}/{SLICES}/{MANIFEST}", "r", encoding="utf-8") as fh:
            manifest = json.load(fh)
    except (OSError, ValueError):
        return None
    key = _extraction_key(data_dir)
    if not key or manifest.get("key") != key or manifest.get("config") != config_digest(themes_file, items_file, event_file):
        return None
    return manifest


def read_aggregates(data_dir: Path | str) -> dict:
    """The corpus aggregates of ``data_dir/slices`` as the memo entries the analysis functions look for."""
    folder = f"{data_dir}/{SLICES}/{AGGREGATES}"
    st = read_parquet(folder, "statements")
    ft = read_parquet(folder, "figure_table")
    ft["sources"] = [list(s) for s in ft.sources]  # Parquet gives arrays back; the table holds lists
    totals = read_parquet(folder, "totals")
    try:  # slices written before these two were aggregates: the kernel computes them, as then
        found = {"actors_found": found_acting_from_table(read_parquet(folder, "actors_found")),
                 ("scorecard",): _scorecard_from_table(read_parquet(folder, "scorecard"))}
    except DataError:
        found = {}
    return {**found,
        "statements": st,
        "figure_table": ft,
        "disagreements": read_parquet(folder, "disagreements"),
        "outlets": set(read_parquet(folder, "outlets").entity),
        "sentence_totals": pd.Series(totals.sentences.to_numpy(), index=pd.Index(totals.article_id, name="article_id")),
    }


def _scorecard_from_table(table: pd.DataFrame) -> pd.DataFrame:
    """The scorecard :func:`.outcomes.scorecard` memoises, from its Parquet rows: lists and tuples, built as it builds them."""
    lists = ("sources", "kinds", "evidence")
    rows = [{**r, **{c: [str(x) for x in r[c]] for c in lists},
             "conflict_sides": [tuple(str(x) for x in side) for side in r["conflict_sides"]]}
            for r in table[SCORECARD_COLUMNS].to_dict("records")]
    return pd.DataFrame(rows, columns=SCORECARD_COLUMNS)


def scan_sentences(data_dir: Path | str, needles: list[list[str]]) -> pd.DataFrame:
    """The whole corpus's sentences (sentence_id, article_id, text) whose lower-cased text holds a word of ``needles``.

    Each list in ``needles`` is one sentence's words (see ``claims._needles``); an empty list
    keeps every sentence. Read in batches of three columns, so memory stays flat.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    fs, root = location(data_dir)
    words = sorted({w for ws in needles for w in ws})
    keep_all = any(not ws for ws in needles)
    pattern = "|".join(re.escape(w) for w in words)
    parts = []
    path = f"{root}/sentences.parquet"
    with (open(path, "rb") if is_local(fs) else fs.open(path, "rb")) as fh:
        for batch in pq.ParquetFile(fh).iter_batches(batch_size=SCAN_BATCH, columns=["sentence_id", "article_id", "text"]):
            if not keep_all and not words:
                break
            if not keep_all:  # one pass of one pattern per batch, whatever the number of words
                batch = batch.filter(pc.match_substring_regex(pc.utf8_lower(batch.column("text")), pattern))
            parts.append(batch)
    table = pa.Table.from_batches(parts) if parts else pa.table({c: pa.array([], pa.string()) for c in
                                                                ("sentence_id", "article_id", "text")})
    return table.to_pandas()


def read_slice(data_dir: Path | str, theme: str, themes_file: Path = paths.THEMES_FILE,
               items_file: Path = paths.ITEMS_FILE, event_file: Path = paths.EVENT_FILE) -> Corpus | None:
    """The corpus as theme ``theme``'s report needs it, read from its slice; None when there is no current slice.

    The articles are all there (citations are numbered over the whole corpus); sentences and what
    was extracted from them are the slice's; the corpus-wide aggregates are in ``memo``.
    """
    from ..config import load_event, load_items, load_themes

    manifest = current_manifest(data_dir, themes_file, items_file, event_file)
    if manifest is None or theme not in manifest.get("themes", []):
        return None
    folder = f"{data_dir}/{SLICES}/{theme}"
    tables = {name: read_table(folder, name) for name in SLICE_TABLES}
    arts = accepted_articles(read_table(data_dir, "articles"))
    themes = tuple(load_themes(themes_file))
    memo = {**read_aggregates(data_dir), "default_as_of": manifest.get("as_of", ""), "slice": theme,
            "sentence_scan": partial(scan_sentences, data_dir)}
    return Corpus(arts, tables["sentences"], tables["figures"], tables["dates"], tables["quotes"], tables["entities"],
                  themes, tuple(load_items(items_file, [t.id for t in themes])), load_event(event_file), memo=memo)
