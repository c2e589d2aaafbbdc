"""Which sentences and articles cover a theme: the selection every section starts from, and the shares.

Pure functions of a :class:`~briefing.analysis.data.Corpus`; they never modify it (results reused
within a report are memoised on ``corpus.memo``).
"""

from __future__ import annotations

import re

import pandas as pd

from ..errors import UsageError
from .data import Corpus


def tagged(sentences: pd.DataFrame, theme: str) -> pd.Series:
    """Which rows of a sentences table carry ``theme`` (its ``themes`` column joins ids with ';')."""
    return sentences.themes.str.contains(rf"(?:^|;){re.escape(theme)}(?:;|$)", regex=True)


def theme_sentences(corpus: Corpus, theme: str, sources: list[str] | None = None) -> pd.DataFrame:
    """Sentences tagged with ``theme`` (restricted to ``sources`` if given), with their article's details.

    The result is memoised on the corpus (callers must not modify it): every section of a report
    starts from it, and on a large corpus the selection is the costly part.
    """
    key = ("theme_sentences", theme, tuple(sources or ()))
    if key not in corpus.memo:
        corpus.memo[key] = _theme_sentences(corpus, theme, sources)
    return corpus.memo[key]


def _theme_sentences(corpus: Corpus, theme: str, sources: list[str] | None) -> pd.DataFrame:
    s = corpus.sentences
    mask = tagged(s, theme)
    if sources:
        mask &= s.article_id.isin(sources)
    out = s[mask].merge(corpus.articles[["article_id", "title", "kind", "published"]], on="article_id")
    return out.reset_index(drop=True)


def restrict(corpus: Corpus, sources: list[str] | None) -> Corpus:
    """The corpus limited to the articles ``sources`` (all when empty)."""
    if not sources:
        return corpus
    if corpus.memo.get("slice"):
        raise UsageError(f"parameter sources: this corpus is the slice of theme {corpus.memo['slice']!r}, whose "
                         "corpus-wide figures cannot be restricted to some sources; load the whole corpus "
                         "(prepare or load_corpus without theme) to restrict the sources.")
    keep = set(sources)

    def f(df: pd.DataFrame) -> pd.DataFrame:
        return df[df.article_id.isin(keep)].reset_index(drop=True)

    return Corpus(f(corpus.articles), f(corpus.sentences), f(corpus.figures), f(corpus.dates), f(corpus.quotes),
                  f(corpus.entities), corpus.themes, corpus.items, corpus.event)


def coverage(corpus: Corpus, theme: str, *, min_share: float = 0.0) -> pd.DataFrame:
    """For each article: its sentences, those on ``theme`` and their share, the largest share first.

    Only articles with at least one sentence on the theme and a share of at least ``min_share``.
    Columns: article_id, title, kind, published, sentences, on_theme, share.
    """
    s = corpus.sentences[corpus.sentences.block != "heading"]
    total = sentence_totals(corpus)
    on = s[tagged(s, theme)].groupby("article_id").size()
    out = corpus.articles[["article_id", "title", "kind", "published"]].copy()
    out["sentences"] = out.article_id.map(total).fillna(0).astype(int)
    out["on_theme"] = out.article_id.map(on).fillna(0).astype(int)
    out["share"] = (out.on_theme / out.sentences.where(out.sentences > 0)).fillna(0.0)
    out = out[(out.on_theme > 0) & (out.share >= min_share)]
    return out.sort_values(["share", "article_id"], ascending=[False, True]).reset_index(drop=True)


def sentence_totals(corpus: Corpus) -> pd.Series:
    """Each article's number of sentences other than headings, by article id (memoised on the corpus).

    A theme's slice of the corpus (:mod:`briefing.analysis.slices`) carries it precomputed, since
    the slice holds only the theme's sentences.
    """
    if "sentence_totals" not in corpus.memo:
        s = corpus.sentences[corpus.sentences.block != "heading"]
        corpus.memo["sentence_totals"] = s.groupby("article_id").size()
    return corpus.memo["sentence_totals"]


KINDS = ("preview", "report", "analysis")


def of_kinds(corpus: Corpus, kinds: tuple[str, ...] | list[str]) -> set[str] | None:
    """The ids of the articles of ``kinds`` (preview, report, analysis), or None for all when empty.

    Raises:
        UsageError: a kind that is not one of :data:`KINDS`, named with the valid ones.
    """
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise UsageError(f"source kinds {', '.join(map(repr, unknown))} unknown; the kinds of source are "
                         f"{', '.join(KINDS)} (or [] for all).")
    if not kinds:
        return None
    return set(corpus.articles.article_id[corpus.articles.kind.isin(kinds)])


def coverage_matrix(corpus: Corpus) -> pd.DataFrame:
    """Share of each article's sentences on each theme: themes as rows, articles as columns."""
    s = corpus.sentences[corpus.sentences.block != "heading"]
    total = s.groupby("article_id").size()
    rows = {}
    for tid in corpus.theme_ids:
        on = s[tagged(s, tid)].groupby("article_id").size()
        rows[tid] = (on / total).reindex(corpus.articles.article_id).fillna(0.0)
    return pd.DataFrame(rows).T


def relevance(corpus: Corpus, theme: str, texts: pd.Series) -> list[float]:
    """How much each sentence is about ``theme`` rather than another: its share of all cue hits."""
    from ..extraction.themes import ThemeTagger

    if "tagger" not in corpus.memo:
        corpus.memo["tagger"] = ThemeTagger(list(corpus.themes))
    tagger = corpus.memo["tagger"]
    out = []
    for text in texts:
        counts = tagger.cue_hits(text)
        total = sum(counts.values())
        out.append(counts[theme] / total if total else 0.0)
    return out


def source_profiles(corpus: Corpus) -> pd.DataFrame:
    """Each source: kind, date, length and the themes it covers most (by share of its sentences)."""
    m = coverage_matrix(corpus)
    titles = {t.id: t.title for t in corpus.themes}
    rows = []
    for _, a in corpus.articles.iterrows():
        col = m[a.article_id] if a.article_id in m.columns else pd.Series(dtype=float)
        top = [f"{titles[t]} ({v:.0%})" for t, v in col.sort_values(ascending=False).items() if v > 0][:3]
        rows.append((a.article_id, a.kind, a.published, int(a.words), ", ".join(top)))
    return pd.DataFrame(rows, columns=["article_id", "kind", "published", "words", "top_themes"])
