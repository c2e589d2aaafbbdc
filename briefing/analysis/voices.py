"""Who speaks: direct quotes with their speakers, and the most quoted (actors are in :mod:`.actors`)."""

from __future__ import annotations

import pandas as pd

from .coverage import of_kinds, theme_sentences
from .data import Corpus


def voices(corpus: Corpus, theme: str | None = None, sources: list[str] | None = None, *,
           kinds: tuple[str, ...] = (), attributed: bool = False) -> pd.DataFrame:
    """Direct quotes (on ``theme`` when given) with speaker and source: speaker, quote, article_id, sentence_id.

    ``kinds`` keeps quotes from articles of those kinds only; ``attributed`` leaves out quotes
    without a named speaker. In the order of the articles' sentences.
    """
    q = corpus.quotes
    if theme:
        q = q[q.sentence_id.isin(theme_sentences(corpus, theme, sources).sentence_id)]
    elif sources:
        q = q[q.article_id.isin(sources)]
    keep = of_kinds(corpus, kinds)
    if keep is not None:
        q = q[q.article_id.isin(keep)]
    if attributed:
        q = q[q.speaker != ""]
    q = q.assign(speaker=q.speaker.where(q.speaker != "", "(unattributed)"))
    return q[["speaker", "quote", "article_id", "sentence_id"]].sort_values(["sentence_id"]).reset_index(drop=True)


def top_voices(corpus: Corpus, limit: int = 8, *, kinds: tuple[str, ...] = ()) -> pd.DataFrame:
    """The most quoted speakers: speaker, quotes, sources (article ids), their longest quote and its article and sentence."""
    q = voices(corpus, kinds=kinds)
    q = q[q.speaker != "(unattributed)"]
    if q.empty:
        return pd.DataFrame(columns=["speaker", "quotes", "sources", "quote", "article_id", "sentence_id"])
    rows = []
    for speaker, g in q.groupby("speaker"):
        best = g.loc[g.quote.str.len().idxmax()]
        rows.append((speaker, len(g), sorted(set(g.article_id)), best.quote, best.article_id, best.sentence_id))
    out = pd.DataFrame(rows, columns=["speaker", "quotes", "sources", "quote", "article_id", "sentence_id"])
    return out.sort_values(["quotes", "speaker"], ascending=[False, True]).head(limit).reset_index(drop=True)
