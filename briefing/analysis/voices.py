"""Who speaks and who is named: direct quotes with their speakers, and the actors most mentioned."""

from __future__ import annotations

import pandas as pd

from .coverage import theme_sentences
from .data import Corpus

ACTOR_TYPES = ("person", "organisation", "system", "agreement", "facility", "document")


def voices(corpus: Corpus, theme: str | None = None, sources: list[str] | None = None) -> pd.DataFrame:
    """Direct quotes (on ``theme`` when given) with speaker and source: speaker, quote, article_id, sentence_id."""
    q = corpus.quotes
    if theme:
        q = q[q.sentence_id.isin(theme_sentences(corpus, theme, sources).sentence_id)]
    elif sources:
        q = q[q.article_id.isin(sources)]
    q = q.assign(speaker=q.speaker.where(q.speaker != "", "(unattributed)"))
    return q[["speaker", "quote", "article_id", "sentence_id"]].sort_values(["sentence_id"]).reset_index(drop=True)


def top_voices(corpus: Corpus, limit: int = 8) -> pd.DataFrame:
    """The most quoted speakers: speaker, quotes, sources (article ids), their longest quote and its article and sentence."""
    q = voices(corpus)
    q = q[q.speaker != "(unattributed)"]
    if q.empty:
        return pd.DataFrame(columns=["speaker", "quotes", "sources", "quote", "article_id", "sentence_id"])
    rows = []
    for speaker, g in q.groupby("speaker"):
        best = g.loc[g.quote.str.len().idxmax()]
        rows.append((speaker, len(g), sorted(set(g.article_id)), best.quote, best.article_id, best.sentence_id))
    out = pd.DataFrame(rows, columns=["speaker", "quotes", "sources", "quote", "article_id", "sentence_id"])
    return out.sort_values(["quotes", "speaker"], ascending=[False, True]).head(limit).reset_index(drop=True)


def actors(corpus: Corpus, theme: str | None = None, sources: list[str] | None = None, limit: int = 12) -> pd.DataFrame:
    """People, organisations, systems and agreements most mentioned: entity, type, mentions, articles."""
    e = corpus.entities[corpus.entities.type.isin(ACTOR_TYPES)]
    if theme:
        e = e[e.sentence_id.isin(theme_sentences(corpus, theme, sources).sentence_id)]
    elif sources:
        e = e[e.article_id.isin(sources)]
    if e.empty:
        return pd.DataFrame(columns=["entity", "type", "mentions", "articles"])
    g = e.groupby(["entity", "type"]).agg(mentions=("sentence_id", "size"), articles=("article_id", "nunique"))
    g = g.reset_index().sort_values(["mentions", "articles", "entity"], ascending=[False, False, True])
    return g.head(limit).reset_index(drop=True)
