"""The article store: what extraction found in each article, kept so that a change costs what changed.

A corpus grows an article at a time, so extraction keeps its per-article results in
``<out>/.store/`` and re-extracts only articles that are new or whose bytes changed:

- the workers write their rows as parts, one set per *chunk* of consecutive articles: a CSV part
  (the export's exact lines) and a Parquet part for sentences, figures, quotes and entities, and a
  Parquet part of the dates before their year is resolved;
- ``index.json`` records the digest of the rules the parts were made with (configuration and
  extraction code) and, per chunk, its current articles with their sha256 and summaries
  (first-line title, words, inferred kind) and how many articles its parts hold.

An article that changed or went away is dropped from its chunk (its rows are masked); the new
version is extracted into a new chunk. Before the tables are assembled, chunks are rewritten so
that they cover runs of consecutive articles in corpus order with no masked rows (splitting or
filtering the parts: no extraction), and runs of small chunks are merged. The tables are then the
chunks' parts joined in order, so an incremental run gives the same bytes as a run from scratch,
and the cost of a change is the changed articles plus rewriting the chunks around them.
A change of rules drops everything.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
import shutil
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..tables import COLUMNS, arrow_schema, write_part

log = logging.getLogger("briefing")

STORE_NAME = ".store"
INDEX_NAME = "index.json"
# Tables the workers write per chunk ("dates" holds dates whose year is not resolved yet).
PART_TABLES = ("sentences", "figures", "quotes", "entities", "dates")
CSV_TABLES = ("sentences", "figures", "quotes", "entities")  # the export's lines, joined as they are
CHUNK_TARGET = 250  # articles per chunk in a full extraction
SMALL_CHUNK = 50  # chunks smaller than this are merged once there are more than MAX_SMALL of them
MAX_SMALL = 16


@dataclass
class StoreIndex:
    """What the store holds: the rules digest and, per chunk, its articles and their summaries."""

    rules: str
    # name -> {"articles": {id: sha}, "summaries": {id: [title, words, kind]}, "written": articles in its parts}
    chunks: dict[str, dict] = field(default_factory=dict)

    def summaries(self, chunks: Iterable[str]) -> dict[str, tuple[str, int, str]]:
        """Article id -> (first-line title, words, inferred kind) for the articles of ``chunks``."""
        return {aid: tuple(s) for c in chunks for aid, s in self.chunks[c]["summaries"].items()}


def load_index(store: Path, rules: str) -> StoreIndex:
    """The store's index, or an empty one when it is missing, unreadable or made with other rules."""
    try:
        data = json.loads((store / INDEX_NAME).read_text(encoding="utf-8"))
        if data.get("rules") == rules and isinstance(data.get("chunks"), dict):
            return StoreIndex(rules, data["chunks"])
    except (OSError, ValueError):
        pass
    return StoreIndex(rules)


def save_index(store: Path, index: StoreIndex) -> None:
    """Write the index whole (under a temporary name, then moved into place)."""
    tmp = store / f".{INDEX_NAME}.tmp"
    tmp.write_text(json.dumps({"rules": index.rules, "chunks": index.chunks}, sort_keys=True), encoding="utf-8")
    os.replace(tmp, store / INDEX_NAME)


def plan(index: StoreIndex, current: dict[str, str]) -> list[str]:
    """Drop from the index every article that changed or went away; return the ids left to extract.

    ``current`` maps the id of every accepted article to its sha256; the result keeps its order.
    Chunks left with no article are removed from the index (their files are pruned later).
    """
    covered = set()
    for name in list(index.chunks):
        chunk = index.chunks[name]
        keep = {aid: sha for aid, sha in chunk["articles"].items() if current.get(aid) == sha}
        if not keep:
            del index.chunks[name]
            continue
        chunk["articles"] = keep
        chunk["summaries"] = {aid: s for aid, s in chunk["summaries"].items() if aid in keep}
        covered.update(keep)
    return [aid for aid in current if aid not in covered]


def part_path(store: Path, table: str, chunk: str, ext: str = "parquet") -> Path:
    """Where chunk ``chunk`` keeps its rows of ``table``."""
    return store / f"{table}.{chunk}.{ext}"


def chunk_files(store: Path, chunk: str) -> list[Path]:
    """Every part file of ``chunk``."""
    return [part_path(store, t, chunk) for t in PART_TABLES] + [part_path(store, t, chunk, "csv") for t in CSV_TABLES]


def prune(store: Path, index: StoreIndex) -> None:
    """Delete part files no chunk of ``index`` refers to (dropped chunks, killed runs)."""
    keep = {p.name for c in index.chunks for p in chunk_files(store, c)}
    for path in [*store.glob("*.parquet"), *store.glob("*.csv")]:
        if path.name not in keep:
            path.unlink(missing_ok=True)


def _name(articles: dict[str, str]) -> str:
    return hashlib.sha256("".join(f"{a}:{s};" for a, s in sorted(articles.items())).encode()).hexdigest()[:16]


def _write_chunk(store: Path, index: StoreIndex, sources: list[tuple[str, list[str]]]) -> tuple[str, dict]:
    """Write a new chunk holding the articles ``aids`` of each (chunk, aids) in ``sources``, in that order.

    Returns its name and index entry.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    articles, summaries = {}, {}
    for src, aids in sources:
        articles.update({a: index.chunks[src]["articles"][a] for a in aids})
        summaries.update({a: index.chunks[src]["summaries"][a] for a in aids})
    name = _name(articles)
    for table in PART_TABLES:
        parts = []
        for src, aids in sources:
            rows = pq.read_table(part_path(store, table, src))
            if len(aids) < index.chunks[src]["written"]:
                rows = rows.filter(pc.is_in(rows.column("article_id"), value_set=pa.array(aids)))
            parts.append(rows)
        rows = pa.concat_tables(parts)
        pq.write_table(rows, part_path(store, table, name))
        if table in CSV_TABLES:
            with open(part_path(store, table, name, "csv"), "w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh, lineterminator="\n")
                for batch in rows.to_batches(max_chunksize=65_536):
                    writer.writerows(zip(*(col.to_pylist() for col in batch.columns)))
    return name, {"articles": articles, "summaries": summaries, "written": len(articles)}


def normalise(store: Path, index: StoreIndex, order: dict[str, int]) -> list[str]:
    """Rewrite chunks into runs of consecutive articles without masked rows; return them in corpus order.

    A chunk that already is such a run is kept as it is; one that holds several runs (an article
    in its middle changed) is split, one with masked rows is filtered, and consecutive small chunks
    are merged. Only parts are rewritten: nothing is extracted again.
    """
    pairs = sorted((order[aid], name, aid) for name, ch in index.chunks.items() for aid in ch["articles"])
    runs: list[tuple[str, list[str]]] = []
    for _rank, name, aid in pairs:
        if runs and runs[-1][0] == name:
            runs[-1][1].append(aid)
        else:
            runs.append((name, [aid]))
    n_runs = Counter(name for name, _ in runs)
    # groups of runs that become one chunk: each run on its own, or consecutive small runs merged
    merge = sum(1 for _, aids in runs if len(aids) < SMALL_CHUNK) > MAX_SMALL
    groups: list[list[tuple[str, list[str]]]] = []
    for run in runs:
        if merge and groups and len(run[1]) < SMALL_CHUNK and all(len(a) < SMALL_CHUNK for _, a in groups[-1]) \
                and sum(len(a) for _, a in groups[-1]) + len(run[1]) <= CHUNK_TARGET:
            groups[-1].append(run)
        else:
            groups.append([run])
    result, rewritten, new_chunks = [], set(), {}
    for group in groups:
        if len(group) == 1:
            name, aids = group[0]
            if n_runs[name] == 1 and index.chunks[name]["written"] == len(aids):
                result.append(name)  # already a clean run: kept as it is
                continue
        new, entry = _write_chunk(store, index, group)
        new_chunks[new] = entry
        rewritten.update(src for src, _ in group)
        result.append(new)
    if new_chunks:
        for name in rewritten:
            del index.chunks[name]
        index.chunks.update(new_chunks)
        save_index(store, index)
        prune(store, index)
        log.debug("article store: rewrote %d chunk(s) into %d", len(rewritten), len(new_chunks))
    return result


def join_parts(store: Path, table: str, chunks: list[str], csv_path: Path, parquet_path: Path) -> int:
    """Join the parts of ``chunks`` (in order) into the exported CSV and Parquet; return the row count."""
    import pyarrow.parquet as pq

    cols = COLUMNS[table]
    n = 0
    with open(csv_path, "w", encoding="utf-8", newline="") as dst:
        csv.writer(dst, lineterminator="\n").writerow(cols)
        for c in chunks:
            with open(part_path(store, table, c, "csv"), encoding="utf-8", newline="") as src:
                shutil.copyfileobj(src, dst, 1 << 20)
    writer = pq.ParquetWriter(parquet_path, arrow_schema(cols))
    try:
        for c in chunks:
            rows = pq.read_table(part_path(store, table, c))
            n += rows.num_rows
            writer.write_table(rows.select(cols).cast(arrow_schema(cols)))
    finally:
        writer.close()
    return n


def read_dates(store: Path, chunks: list[str]) -> list[tuple]:
    """The unresolved dates of ``chunks``, in order, as plain tuples."""
    import pyarrow.parquet as pq

    out: list[tuple] = []
    for c in chunks:
        rows = pq.read_table(part_path(store, "dates", c))
        out.extend(zip(*(col.to_pylist() for col in rows.columns)))
    return out


def write_rows(rows: list[tuple], table: str, stem: Path) -> None:
    """Write a small table (articles, dates) as the exported ``stem.csv`` with its header and ``stem.parquet``."""
    with open(f"{stem}.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS[table])
        writer.writerows(rows)
    write_part(rows, COLUMNS[table], stem, with_csv=False)
