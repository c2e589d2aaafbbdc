"""The timeline: dated events and targets, one or two per date, past or ahead of the briefing date."""

from __future__ import annotations

import pandas as pd

from .coverage import theme_sentences
from .data import Corpus


def timeline(corpus: Corpus, theme: str | None = None, sources: list[str] | None = None, as_of: str = "") -> pd.DataFrame:
    """Dated events and targets, one row per date and event: date, when, what, article_id, sentence_id, n_sources.

    ``when`` says whether the date is past or ahead of ``as_of`` (a target or plan).
    """
    d = corpus.dates
    if theme:
        d = d[d.sentence_id.isin(theme_sentences(corpus, theme, sources).sentence_id)]
    elif sources:
        d = d[d.article_id.isin(sources)]
    d = d[~d.date.str.startswith("-")]
    if d.empty:
        return pd.DataFrame(columns=["date", "when", "what", "article_id", "sentence_id", "n_sources"])
    d = d.assign(key=d.date + "|" + d.what.str.lower().str.replace(r"[^a-z ]", "", regex=True).str.split().str[:4].str.join(" "))
    rows = []
    for (date, _key), g in d.groupby(["date", "key"], sort=True):
        first = g.iloc[0]
        rows.append((date, first.what, first.article_id, first.sentence_id, g.article_id.nunique()))
    out = pd.DataFrame(rows, columns=["date", "what", "article_id", "sentence_id", "n_sources"])
    # one row per date: the event most sources give, then the earliest sentence
    out = out.sort_values(["date", "n_sources", "sentence_id"], ascending=[True, False, True])
    out = out.groupby("date", sort=True).head(2).reset_index(drop=True)
    out.insert(1, "when", ["ahead" if as_of and dt > as_of[: len(dt)] else "past" for dt in out.date])
    return out
