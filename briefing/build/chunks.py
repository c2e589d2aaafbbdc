"""Each report's data digest from records kept per article of the article store, so a change costs what changed.

For each accepted article this module records: a digest of all its rows (what the overview reads),
per theme a digest of the rows a theme report reads (the theme's sentences and the figures, dates,
quotes and entities found in them), its number of body sentences, and its statements about
tracked and discovered items (their rows, for ``outcomes.csv`` and ``statements.csv``, and their
digests, for the scorecards). Records are kept in ``<data>/.chunk-digests/``, one file per chunk
of the store (:mod:`briefing.extraction.store`), each article's under a key made of the extraction
rules, the configuration, and the article's row and resolved dates (which a change elsewhere, e.g.
``sources.yaml`` or the corpus's most common year, can change). A build after a change reads the
parts of the articles that have no record (the new or edited one); a chunk rewritten around them
reuses its other articles' records; unchanged chunks are not read.

Combining follows what each report reads: a theme report its theme's rows and its covering
articles' details and body-sentence counts, the number of articles, and the statements of every
item it lists (an item is listed under the themes of all its statements, so an item's statements
count whole, from every article); the overview reads everything. Row digests use
:func:`pandas.util.hash_pandas_object` (64 bits a row), gathered under sha256.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import load_event, load_items, load_themes
from ..errors import DataError
from .digests import THEME_ARTICLE_FIELDS, file_sha, sha

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

log = logging.getLogger("briefing")

RECORDS = ".chunk-digests"
VERSION = "2"  # of the records' layout and of what they digest: a change makes every chunk recomputed
PART_TABLES = ("sentences", "figures", "quotes", "entities")  # read from the store; dates from the resolved table
PARALLEL_ARTICLES = 500  # fewer articles to read than this are read in this process


def _h(*parts: bytes | str) -> str:
    return sha(*parts)[:32]


def _row_hashes(df) -> np.ndarray:
    """One 64-bit digest per row of ``df`` (its values in column order), as a numpy array."""
    import pandas as pd

    return pd.util.hash_pandas_object(df, index=False, categorize=False).to_numpy()


def _per_article(df, hashes) -> dict[str, bytes]:
    """Article id -> the bytes of its rows' digests, in row order."""
    out: dict[str, list] = defaultdict(list)
    for aid, h in zip(df.article_id, hashes):
        out[aid].append(h)
    import numpy as np

    return {aid: np.asarray(v, dtype=np.uint64).tobytes() for aid, v in out.items()}


def article_keys(articles, dates) -> dict[str, str]:
    """Article id -> a digest of its row in the articles table and its resolved dates.

    Both come from the whole corpus at assembly (``sources.yaml``, the inferred kind, the year of
    "December 4"), so they are part of a record's key rather than of what it records.
    """
    art = _per_article(articles, _row_hashes(articles))
    dat = _per_article(dates, _row_hashes(dates))
    return {aid: _h(art[aid], dat.get(aid, b"")) for aid in articles.article_id}


def article_records(parts: dict, articles, dates, corpus_config: tuple, theme_ids: list[str]) -> dict[str, dict]:
    """Article id -> what it gives each report, as digests (see the module docstring), for the articles of ``parts``.

    ``parts`` holds the chunk's sentences, figures, quotes and entities (its store parts),
    ``articles`` and ``dates`` its rows of the assembled (resolved) tables; ``corpus_config`` is
    (themes, items, event) as loaded. No I/O.
    """
    from ..analysis.coverage import tagged
    from ..analysis.data import Corpus
    from ..analysis.outcomes import statements

    s = parts["sentences"]
    tables = {"sentences": s, **{t: parts[t] for t in PART_TABLES[1:]}, "dates": dates}
    hashes = {t: _row_hashes(df) for t, df in tables.items()}
    whole = {t: _per_article(df, hashes[t]) for t, df in tables.items()}
    body = s[s.block != "heading"].groupby("article_id").size()
    records: dict[str, dict] = {aid: {"all": _h(*(whole[t].get(aid, b"") for t in tables)),
                                      "n": int(body.get(aid, 0)), "themes": {}, "said": [], "rows": []}
                                for aid in articles.article_id}
    for tid in theme_ids:
        mask = tagged(s, tid).to_numpy()
        if not mask.any():
            continue
        sids = set(s.sentence_id[mask])
        own = {"sentences": _per_article(s[mask], hashes["sentences"][mask])}
        for t, df in tables.items():
            if t != "sentences":
                keep = df.sentence_id.isin(sids).to_numpy()
                own[t] = _per_article(df[keep], hashes[t][keep])
        for aid in own["sentences"]:
            records[aid]["themes"][tid] = _h(*(own[t].get(aid, b"") for t in tables))
    themes, items, event = corpus_config
    empty = {t: parts[t].iloc[0:0] for t in PART_TABLES[1:]}
    mini = Corpus(articles, s, empty["figures"], dates, empty["quotes"], empty["entities"], themes, items, event)
    st = statements(mini)
    groups: dict[tuple, dict] = {}
    for row, h in zip(st[["item", "name", "discovered", "themes", "article_id", "sentence_id"]].itertuples(index=False),
                      _row_hashes(st)):
        g = groups.setdefault((row.item, row.name, bool(row.discovered), row.article_id), {"themes": set(), "rows": []})
        g["themes"].update(t for t in row.themes.split(";") if t)
        g["rows"].append((row.sentence_id, int(h)))
    for row in st.itertuples(index=False):  # kept whole too: the tracked-items tables are made from them
        records[row.article_id]["rows"].append([v.item() if hasattr(v, "item") else v for v in row])
    for (item, name, discovered, aid), g in groups.items():
        records[aid]["said"].append([item, name, discovered, sorted(g["themes"]), _h(repr(sorted(g["rows"])))])
    return records


def _default_signals() -> None:
    """In a pool worker: die on SIGTERM and SIGINT (the build's handler, inherited by fork, is for the build)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _chunk_records(store: Path, name: str, fresh: list[str], written: int, articles, dates, corpus_config: tuple,
                   theme_ids: list[str]) -> dict[str, dict]:
    """:func:`article_records` for the articles ``fresh`` of chunk ``name``, reading its parts (on a worker, for many)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from ..extraction.store import part_path

    parts = {}
    for t in PART_TABLES:
        rows = pq.read_table(part_path(store, t, name))
        if len(fresh) < written:  # the chunk holds other articles too
            rows = rows.filter(pc.is_in(rows.column("article_id"), value_set=pa.array(fresh)))
        parts[t] = rows.to_pandas()
    return article_records(parts, articles, dates, corpus_config, theme_ids)


def combine(per_article: dict[str, dict], articles, theme_ids: list[str]) -> dict[str, str]:
    """Each report's digest from the articles' records; ``articles`` are the accepted articles in corpus order."""
    ids = list(articles.article_id)
    fields = dict(zip(ids, _row_hashes(articles[list(THEME_ARTICLE_FIELDS)])))
    # an item's statements, from every article in corpus order, and the themes that list it
    items: dict[tuple, list] = defaultdict(list)
    listed: dict[tuple, set] = defaultdict(set)
    for aid in ids:
        for item, name, discovered, themes, digest in per_article[aid]["said"]:
            items[(item, name, discovered)].append(f"{aid}:{digest}")
            listed[(item, name, discovered)].update(themes)
    said = {k: f"{k}={_h(*v)}" for k, v in sorted(items.items())}
    digests = {"overview": _h(_row_hashes(articles).tobytes(), *(per_article[a]["all"] for a in ids), *said.values())}
    for tid in theme_ids:
        covering = [a for a in ids if tid in per_article[a]["themes"]]
        digests[tid] = _h(str(len(ids)),
                          *(f"{a}:{fields[a]}:{per_article[a]['n']}:{per_article[a]['themes'][tid]}" for a in covering),
                          *(line for k, line in said.items() if tid in listed[k]))
    return digests


@dataclass
class Recorded:
    """What :func:`report_digests` found: each report's digest, and what it read on the way."""

    digests: dict[str, str]
    articles: pd.DataFrame  # the accepted articles, in corpus order
    dates: pd.DataFrame
    per_article: dict[str, dict]

    def statements(self) -> pd.DataFrame:
        """The corpus's statements about items (:func:`briefing.analysis.outcomes.statements`), from the records."""
        import pandas as pd

        from ..analysis.outcomes import STATEMENT_COLUMNS

        rows = [r for aid in self.articles.article_id for r in self.per_article[aid]["rows"]]
        st = pd.DataFrame(rows, columns=STATEMENT_COLUMNS)
        st = st.astype({"timing_stated": bool, "discovered": bool})
        return st.sort_values(["discovered", "item", "sentence_id"]).reset_index(drop=True)


def report_digests(data_dir: Path, theme_ids: list[str], config_files: tuple[Path, Path, Path],
                   jobs: int = 1) -> Recorded:
    """Each report's data digest, reading only the articles not recorded yet (see the module docstring).

    Many articles without a record (a first build, new rules or configuration) are read on ``jobs`` processes.
    """
    from ..extraction.store import INDEX_NAME, STORE_NAME
    from ..tables import read_table

    started = time.perf_counter()
    store = data_dir / STORE_NAME
    try:
        index = json.loads((store / INDEX_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"{store / INDEX_NAME}: the article store's index cannot be read ({exc}); "
                        "run `python -m briefing extract --force` to write it again.") from None
    articles = read_table(data_dir, "articles")
    articles = articles[articles.status == "ok"].reset_index(drop=True)
    dates = read_table(data_dir, "dates")
    chunk_of = {aid: name for name, ch in index["chunks"].items() for aid in ch["articles"]}
    missing = [a for a in articles.article_id if a not in chunk_of]
    if missing:
        raise DataError(f"{store / INDEX_NAME}: no chunk holds article {missing[0]!r} of {data_dir / 'articles.parquet'}; "
                        "run `python -m briefing extract --force` to bring the store and the tables together.")
    themes = tuple(load_themes(config_files[0]))
    corpus_config = (themes, tuple(load_items(config_files[1], [t.id for t in themes])), load_event(config_files[2]))
    config = _h(VERSION, index["rules"], *(file_sha(f) for f in config_files), *theme_ids)
    keys = article_keys(articles, dates)
    members: dict[str, list[str]] = defaultdict(list)
    for aid in articles.article_id:
        members[chunk_of[aid]].append(aid)
    folder = data_dir / RECORDS
    folder.mkdir(exist_ok=True)
    files = {name: folder / f"{_h(config, name, *(f'{a}:{keys[a]}' for a in aids))}.json"
             for name, aids in members.items()}
    per_article: dict[str, dict] = {}
    todo = []
    for name, path in files.items():
        try:
            rec = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            rec = None
        if isinstance(rec, dict) and set(rec) == set(members[name]):
            per_article.update(rec)
        else:  # none yet, or half-written by a killed build
            todo.append(name)
    known: dict[str, dict] = {}
    if todo:  # the records of chunks rewritten since: an article that did not change is not read again
        for old in folder.glob("*.json"):
            with contextlib.suppress(OSError, ValueError, KeyError, TypeError, AttributeError):  # a stray file
                known.update((r["key"], r) for r in json.loads(old.read_text(encoding="utf-8")).values())
    want = {a: _h(config, a, keys[a]) for name in todo for a in members[name]}
    work = [(name, [a for a in members[name] if want[a] not in known]) for name in todo]
    work = [(name, fresh) for name, fresh in work if fresh]
    computed = sum(len(fresh) for _, fresh in work)
    args = [(store, name, fresh, index["chunks"][name].get("written", len(fresh)),
             articles[articles.article_id.isin(set(fresh))].reset_index(drop=True),
             dates[dates.article_id.isin(set(fresh))].reset_index(drop=True), corpus_config, theme_ids)
            for name, fresh in work]
    if computed >= PARALLEL_ARTICLES and len(work) > 1 and jobs > 1:
        with ProcessPoolExecutor(min(jobs, len(work)), initializer=_default_signals) as pool:
            made = list(pool.map(_chunk_records, *zip(*args)))
    else:
        made = [_chunk_records(*a) for a in args]
    for records in made:
        known.update((want[a], {**r, "key": want[a]}) for a, r in records.items())
    for name in todo:
        rec = {a: known[want[a]] for a in members[name]}
        tmp = files[name].with_name(f".{files[name].name}.tmp")
        tmp.write_text(json.dumps(rec), encoding="utf-8")
        os.replace(tmp, files[name])
        per_article.update(rec)
    used = {p.name for p in files.values()}
    for old in folder.glob("*.json"):
        if old.name not in used:
            old.unlink(missing_ok=True)
    digests = combine(per_article, articles, theme_ids)
    log.info("data digests: %d chunk(s) of %d without a record, %d article(s) read, in %.2f s", len(todo), len(files),
             computed, time.perf_counter() - started)
    return Recorded(digests, articles, dates, per_article)
