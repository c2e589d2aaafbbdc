"""Loading the extracted tables for analysis, extracting first when needed (cached)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import paths
from ..config import Event, Item, Theme, load_event, load_items, load_themes
from ..extraction.extract import ExtractOptions, run_extraction
from ..tables import COLUMNS, read_table

log = logging.getLogger("briefing")

KIND_ORDER = {"preview": 0, "report": 1, "analysis": 2}


@dataclass(frozen=True)
class Corpus:
    """The extracted tables of one corpus, with the theme list they were tagged with."""

    articles: pd.DataFrame  # accepted articles only
    sentences: pd.DataFrame
    figures: pd.DataFrame
    dates: pd.DataFrame
    quotes: pd.DataFrame
    entities: pd.DataFrame
    themes: tuple[Theme, ...]
    items: tuple[Item, ...] = ()  # the watch list (data/items.yaml)
    event: Event | None = None  # what the corpus is about (data/event.yaml)
    memo: dict = field(default_factory=dict, compare=False, repr=False)  # analysis results reused within a report

    @property
    def theme_ids(self) -> list[str]:
        """Theme ids in themes.yaml order."""
        return [t.id for t in self.themes]

    def theme(self, theme_id: str) -> Theme:
        """The theme with id ``theme_id``."""
        return next(t for t in self.themes if t.id == theme_id)


def accepted_articles(arts: pd.DataFrame) -> pd.DataFrame:
    """The accepted articles of an articles table, in corpus order (previews, reports, analyses; then by date)."""
    arts = arts[arts.status == "ok"].copy()
    arts["order"] = arts.kind.map(KIND_ORDER).fillna(3)
    return arts.sort_values(["order", "published", "article_id"]).drop(columns="order").reset_index(drop=True)


def load_corpus(data_dir: Path | str, themes_file: Path = paths.THEMES_FILE, items_file: Path = paths.ITEMS_FILE,
                event_file: Path = paths.EVENT_FILE, theme: str | None = None, aggregates: bool = False) -> Corpus:
    """Load the tables in ``data_dir`` (as written by ``python -m briefing extract``), the watch list and the event.

    ``data_dir`` is a folder or an fsspec URL (``file://``, ``memory://``, an object store). With
    ``theme``, only what that theme's report reads: its slice (see :mod:`briefing.analysis.slices`)
    when the build has written a current one, else the whole corpus. With ``aggregates``, the whole
    corpus with the corpus-wide tables the build precomputed (statements, figure table,
    disagreements) when current. Either way the reports come out the same.
    """
    if theme or aggregates:
        from . import slices

        if theme:
            corpus = slices.read_slice(data_dir, theme, themes_file, items_file, event_file)
            if corpus is not None:
                return corpus
        corpus = _load_all(data_dir, themes_file, items_file, event_file)
        manifest = slices.current_manifest(data_dir, themes_file, items_file, event_file)
        if manifest is None:
            log.info("%s: no current slices (written by `python -m briefing build`); reading the whole corpus", data_dir)
        else:
            corpus.memo.update(slices.read_aggregates(data_dir), default_as_of=manifest.get("as_of", ""))
        return corpus
    return _load_all(data_dir, themes_file, items_file, event_file)


def _load_all(data_dir: Path | str, themes_file: Path, items_file: Path, event_file: Path) -> Corpus:
    tables = {name: read_table(data_dir, name) for name in COLUMNS}
    themes = tuple(load_themes(themes_file))
    return Corpus(accepted_articles(tables["articles"]), tables["sentences"], tables["figures"], tables["dates"],
                  tables["quotes"], tables["entities"], themes, tuple(load_items(items_file, [t.id for t in themes])),
                  load_event(event_file))


def default_as_of(corpus: Corpus) -> str:
    """The briefing date when none is given, the one rule the build and the notebooks share.

    See :func:`briefing.analysis.event.default_as_of`: the latest date the sources support, never
    before the last article that reports an outcome; ``""`` when the corpus gives no date at all
    (the caller must then ask for one).
    """
    from .event import default_as_of as rule

    if "default_as_of" not in corpus.memo:  # a theme's slice carries it, computed from every date
        corpus.memo["default_as_of"] = rule(corpus.articles, corpus.event, corpus.dates)
    return corpus.memo["default_as_of"]


def prepare(seeds: Path, data_dir: Path | str = "", themes_file: Path = paths.THEMES_FILE,
            items_file: Path = paths.ITEMS_FILE, event_file: Path = paths.EVENT_FILE, theme: str | None = None,
            aggregates: bool = False) -> Corpus:
    """The corpus of ``seeds``: read from ``data_dir`` if given, else extracted (or taken from the cache).

    ``themes_file``, ``items_file`` and ``event_file`` are the configuration the tables are tagged
    and analysed with; the build passes the same files to extraction and to every notebook.
    ``theme`` and ``aggregates`` read less where the build left slices (see :func:`load_corpus`).
    """
    if data_dir:
        return load_corpus(data_dir, themes_file, items_file, event_file, theme, aggregates)
    out = paths.processed_dir_for(Path(seeds))
    run_extraction(ExtractOptions(seeds=Path(seeds), out=out, themes=themes_file, items=items_file, event=event_file))
    return load_corpus(out, themes_file, items_file, event_file, theme, aggregates)
