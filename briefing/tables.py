"""The table contract between extraction and everything downstream.

Extraction writes these tables; analysis, the notebooks and the build read them. Each table has
one row type (a ``NamedTuple``, so rows stay cheap tuples in the extraction hot path), its column
order and dtypes, and one way to write and read it (CSV for people, Parquet for the notebooks).
Nothing downstream imports the extractor to learn a schema: it imports this module.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import NamedTuple

from .errors import DataError


class ArticleRow(NamedTuple):
    """One article file: accepted (``status`` ok) or rejected with the reason."""

    article_id: str
    file: str
    title: str
    outlet: str
    author: str
    published: str
    kind: str
    words: int
    sha256: str
    status: str
    reason: str
    kind_from: str
    url: str
    note: str


class SentenceRow(NamedTuple):
    """A sentence, heading, bullet or table row with its themes, cues and stance."""

    sentence_id: str
    article_id: str
    paragraph: int
    text: str
    themes: str  # ';'-joined theme ids
    cues: str  # ';'-joined theme:cue
    stance: str  # outcome | expectation | context
    block: str  # body | heading | bullet | table


class FigureRow(NamedTuple):
    """A quantity read from a sentence."""

    figure_id: str
    article_id: str
    sentence_id: str
    surface: str
    low: float
    high: float
    unit: str
    item: str
    qualifier: str
    measure: str
    period: str


class DateRow(NamedTuple):
    """A date or period named in a sentence."""

    article_id: str
    sentence_id: str
    surface: str
    date: str  # YYYY-MM-DD, YYYY-MM or YYYY
    what: str


class QuoteRow(NamedTuple):
    """A direct quotation and who said it ("" when the article does not say)."""

    quote_id: str
    article_id: str
    sentence_id: str
    speaker: str
    quote: str


class EntityRow(NamedTuple):
    """An actor mention: a gazetteer entity or a ``candidate`` name the gazetteer lacks."""

    article_id: str
    sentence_id: str
    entity: str
    type: str
    surface: str


class OutcomeRow(NamedTuple):
    """One tracked item, consolidated across the sources (written by the analysis step of ``extract``)."""

    item: str
    name: str
    aliases: str  # ';'-joined
    themes: str  # ';'-joined theme ids
    status: str  # agreed | in_progress | not_agreed | discussed | expected | mentioned
    timing: str  # before | at | after (the event)
    sources: str  # ';'-joined article ids stating the status
    n_sources: int
    kinds: str  # ';'-joined kinds of those sources
    evidence: str  # ';'-joined sentence ids, the one shown first
    conflict: str  # "" or both sides: "article:sentence says ... | article:sentence says ..."
    discovered: str  # "yes" when the item is not on the watch list


class StatementRow(NamedTuple):
    """What one source sentence says about one tracked item."""

    item: str
    article_id: str
    kind: str
    sentence_id: str
    status: str  # agreed | in_progress | not_agreed | discussed | expected | mentioned
    cue: str  # the words that decided the status
    timing: str  # before | at | after
    timing_stated: str  # "yes" when the sentence itself says when
    surface: str  # how the sentence names the item
    text: str


# Tables the analysis step writes beside the extracted ones (not part of the extraction cache).
ANALYSIS_ROW_TYPES: dict[str, type[tuple]] = {"outcomes": OutcomeRow, "statements": StatementRow}
ANALYSIS_COLUMNS: dict[str, list[str]] = {name: list(row._fields) for name, row in ANALYSIS_ROW_TYPES.items()}

ROW_TYPES: dict[str, type[tuple]] = {
    "articles": ArticleRow, "sentences": SentenceRow, "figures": FigureRow, "dates": DateRow,
    "quotes": QuoteRow, "entities": EntityRow,
}
COLUMNS: dict[str, list[str]] = {name: list(row._fields) for name, row in ROW_TYPES.items()}
NUMERIC = {"paragraph": "int64", "low": "float64", "high": "float64", "words": "int64", "n_sources": "int64"}


def arrow_schema(columns: list[str]):
    """The Parquet schema of a table with ``columns``: numbers typed, everything else text."""
    import pyarrow as pa

    types = {"int64": pa.int64(), "float64": pa.float64()}
    return pa.schema([(c, types[NUMERIC[c]] if c in NUMERIC else pa.string()) for c in columns])


def write_part(rows: list[tuple], columns: list[str], stem: Path, with_csv: bool = True) -> None:
    """Write rows as a Parquet part ``stem.parquet`` and (``with_csv``) a headerless CSV part ``stem.csv``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if with_csv:
        with open(f"{stem}.csv", "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(rows)
    schema = arrow_schema(columns)
    cols = list(zip(*rows)) if rows else [[] for _ in columns]
    arrays = [pa.array(list(c), type=schema.field(i).type) for i, c in enumerate(cols)]
    pq.write_table(pa.Table.from_arrays(arrays, schema=schema), f"{stem}.parquet")


# What each report kernel reads, written beside the tables by the build (briefing.analysis.slices):
# <data>/slices/_corpus/ (corpus-wide aggregates), <data>/slices/<theme>/ (a theme's rows), and the
# manifest naming the extraction key and configuration they were made from.
SLICES_DIR = "slices"
SLICES_MANIFEST = "manifest.json"


def config_digest(themes_file: Path, items_file: Path, event_file: Path) -> str:
    """A digest of the configuration the slices depend on: the themes, watch list and event files' bytes."""
    import hashlib

    h = hashlib.sha256()
    for path in (themes_file, items_file, event_file):
        h.update(Path(path).read_bytes() if Path(path).exists() else b"-")
        h.update(b"\0")
    return h.hexdigest()


def location(folder: Path | str) -> tuple[object, str]:
    """The fsspec filesystem holding ``folder`` and the folder's path on it.

    ``folder`` is a local path or a URL fsspec knows (``file://``, ``memory://``, ``s3://`` with
    s3fs installed, ...): a Dask worker or a report kernel reads the tables wherever the data
    folder lives, a shared filesystem or an object store.
    """
    from fsspec.core import url_to_fs

    fs, root = url_to_fs(str(folder))
    return fs, root.rstrip("/") or "/"


def is_local(fs: object) -> bool:
    """Whether ``fs`` is this machine's own filesystem (read with plain paths, the fastest way)."""
    protocol = getattr(fs, "protocol", "")
    return "file" in (protocol if isinstance(protocol, tuple) else (protocol,))


def read_parquet(folder: Path | str, name: str, columns: list[str] | None = None, filters=None):
    """``folder/name.parquet`` as a DataFrame, only ``columns`` and the rows ``filters`` keep (pyarrow filters).

    ``folder`` may be a URL (see :func:`location`); raises :class:`DataError` naming the file when it is missing.
    """
    import pandas as pd

    fs, root = location(folder)
    path = f"{root}/{name}.parquet"
    if not fs.exists(path):
        raise DataError(f"{folder}/{name}.parquet: missing; run `python -m briefing build` (or `extract`) first.")
    return pd.read_parquet(path, columns=columns, filters=filters, filesystem=None if is_local(fs) else fs)


def read_table(folder: Path | str, name: str, columns: list[str] | None = None, filters=None):
    """Table ``name`` from ``folder`` as a DataFrame (Parquet if present, else CSV), text columns as str.

    ``folder`` may be a URL (see :func:`location`). ``columns`` and ``filters`` (pyarrow's
    row filters, e.g. ``[("article_id", "in", ids)]``) read only part of the Parquet copy.
    """
    import pandas as pd

    fs, root = location(folder)
    pq, csv_ = f"{root}/{name}.parquet", f"{root}/{name}.csv"
    if fs.exists(pq):
        df = pd.read_parquet(pq, columns=columns, filters=filters, filesystem=None if is_local(fs) else fs)
    elif fs.exists(csv_):
        if filters is not None:
            raise DataError(f"{folder}/{name}.parquet: missing (only the CSV is there, which cannot be read in part); "
                            "run `python -m briefing extract` again to write it.")
        with fs.open(csv_, "r", encoding="utf-8", newline="") as fh:
            df = pd.read_csv(fh, keep_default_na=False, usecols=columns)
    else:
        raise DataError(f"{folder}/{name}.csv: missing; run `python -m briefing extract` first.")
    for col in df.columns:
        if col not in NUMERIC:
            df[col] = df[col].fillna("").astype(str)
    wanted = COLUMNS.get(name) or ANALYSIS_COLUMNS[name]
    return df[[c for c in wanted if columns is None or c in columns]]


def write_csv(folder: Path, name: str, rows: list[tuple]) -> Path:
    """Write an analysis table (``ANALYSIS_COLUMNS[name]``) as ``folder/name.csv`` with a header, moved into place complete."""
    import os

    path = Path(folder) / f"{name}.csv"
    tmp = path.with_suffix(".csv.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(ANALYSIS_COLUMNS[name])
        w.writerows(rows)
    os.replace(tmp, path)
    return path
