"""Loading the extracted tables for analysis, extracting first when needed (cached)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import paths
from ..config import Event, Item, Theme, load_event, load_items, load_themes
from ..extraction.extract import ExtractOptions, run_extraction
from ..tables import COLUMNS, read_table

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


def load_corpus(data_dir: Path, themes_file: Path = paths.THEMES_FILE, items_file: Path = paths.ITEMS_FILE,
                event_file: Path = paths.EVENT_FILE) -> Corpus:
    """Load the tables in ``data_dir`` (as written by ``python -m briefing extract``), the watch list and the event."""
    tables = {name: read_table(Path(data_dir), name) for name in COLUMNS}
    arts = tables["articles"]
    arts = arts[arts.status == "ok"].copy()
    arts["order"] = arts.kind.map(KIND_ORDER).fillna(3)
    arts = arts.sort_values(["order", "published", "article_id"]).drop(columns="order").reset_index(drop=True)
    themes = tuple(load_themes(themes_file))
    return Corpus(arts, tables["sentences"], tables["figures"], tables["dates"], tables["quotes"],
                  tables["entities"], themes, tuple(load_items(items_file, [t.id for t in themes])), load_event(event_file))


def default_as_of(corpus: Corpus) -> str:
    """The briefing date when none is given, the one rule the build and the notebooks share.

    See :func:`briefing.analysis.event.default_as_of`: the latest date the sources support, never
    before the last article that reports an outcome; ``""`` when the corpus gives no date at all
    (the caller must then ask for one).
    """
    from .event import default_as_of as rule

    return rule(corpus.articles, corpus.event, corpus.dates)


def prepare(seeds: Path, data_dir: Path | str = "", themes_file: Path = paths.THEMES_FILE,
            items_file: Path = paths.ITEMS_FILE, event_file: Path = paths.EVENT_FILE) -> Corpus:
    """The corpus of ``seeds``: read from ``data_dir`` if given, else extracted (or taken from the cache).

    ``themes_file``, ``items_file`` and ``event_file`` are the configuration the tables are tagged
    and analysed with; the build passes the same files to extraction and to every notebook.
    """
    if data_dir:
        return load_corpus(Path(data_dir), themes_file, items_file, event_file)
    out = paths.processed_dir_for(Path(seeds))
    run_extraction(ExtractOptions(seeds=Path(seeds), out=out, themes=themes_file, items=items_file, event=event_file))
    return load_corpus(out, themes_file, items_file, event_file)
