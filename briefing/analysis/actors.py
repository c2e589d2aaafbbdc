"""Actors: the people and institutions that act in the articles, not the outlets they cite.

A mention counts when the text has the person or institution doing or saying something. A mention
in a citation ("according to X", "told X", "X reported", "reported by X", a web citation marker
"X+2") is the article naming where it got its information: it is left out, and an organisation
named only that way is an outlet, not an actor. The articles' own outlets (``outlet`` in the
articles table, from ``sources.yaml``) are never actors. Nothing here lists outlets by name.
"""

from __future__ import annotations

import re

import pandas as pd

from .coverage import of_kinds, theme_sentences
from .data import Corpus

ACTOR_TYPES = ("person", "organisation")
COLUMNS = ["entity", "type", "mentions", "articles", "sources"]
_BEFORE = re.compile(r"(?:according to|told|tells|telling|reported by|cited by|quoted by|quoting|citing|in an interview with|"
                     r"speaking to|spoke to|wrote in|writing in|published by|via|source:|sources:)\s+(?:the\s+)?$", re.I)
_AFTER = re.compile(r"^(?:’s|'s)?\s*(?:\+\d|reported|reports|reporting|cited|quoted|said,? citing|news agency|"
                    r"correspondent|journalist|columnist|editorial)\b|^\+\d", re.I)


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def is_citation(sentence: str, surface: str) -> bool:
    """Whether ``surface`` is named in ``sentence`` only as where information came from.

    True for "according to X", "told X", "reported by X", "X reported", "X news agency" and web
    citation markers ("X+2"); every occurrence of ``surface`` in the sentence must be one.
    """
    spans = [m.span() for m in re.finditer(re.escape(surface), sentence)] if surface else []
    if not spans:
        return False
    return all(_BEFORE.search(sentence[:a]) or _AFTER.search(sentence[b:]) for a, b in spans)


def outlets(corpus: Corpus) -> set[str]:
    """Entities that are outlets: an article's own outlet, or an organisation named only in citations.

    Memoised on the corpus (a theme's slice carries it precomputed from every sentence).
    """
    if "outlets" not in corpus.memo:
        corpus.memo["outlets"] = _outlets(corpus)
    return corpus.memo["outlets"]


def _outlets(corpus: Corpus) -> set[str]:
    own = {_norm(o) for o in corpus.articles.get("outlet", pd.Series(dtype=str)) if isinstance(o, str) and o.strip()}
    e = corpus.entities[corpus.entities.type == "organisation"]
    out = {name for name, surface in zip(e.entity, e.surface) if _norm(name) in own or _norm(surface) in own}
    cited = _citation_mask(corpus, e)
    by_entity = pd.Series(cited.values, index=e.entity.values).groupby(level=0).all() if len(e) else pd.Series(dtype=bool)
    return out | set(by_entity[by_entity].index)


def _citation_mask(corpus: Corpus, e: pd.DataFrame) -> pd.Series:
    text = dict(zip(corpus.sentences.sentence_id, corpus.sentences.text))
    return pd.Series([is_citation(text.get(s, ""), surface) for s, surface in zip(e.sentence_id, e.surface)],
                     index=e.index, dtype=bool)


def actors(corpus: Corpus, theme: str | None = None, *, types: tuple[str, ...] = ACTOR_TYPES, kinds: tuple[str, ...] = (),
           min_mentions: int = 1, limit: int = 12) -> pd.DataFrame:
    """The people and institutions that act (on ``theme`` when given), most mentioned first.

    Args:
        corpus: the corpus.
        theme: a theme id, or None for the whole corpus.
        types: the gazetteer types to count (data/entities.yaml); people and organisations by default.
        kinds: count only articles of these kinds (preview, report, analysis); () is all.
        min_mentions: leave out those with fewer mentions.
        limit: at most this many rows.

    Returns:
        entity, type, mentions (sentences where it acts), articles (how many articles), sources
        (their ids); citations of outlets and the articles' own outlets are not counted.
    """
    e = corpus.entities[corpus.entities.type.isin(types)]
    if theme:
        e = e[e.sentence_id.isin(theme_sentences(corpus, theme).sentence_id)]
    keep = of_kinds(corpus, kinds)
    if keep is not None:
        e = e[e.article_id.isin(keep)]
    if not e.empty:
        e = e[~e.entity.isin(outlets(corpus)) & ~_citation_mask(corpus, e)]
    if e.empty:
        return pd.DataFrame(columns=COLUMNS)
    g = e.groupby(["entity", "type"]).agg(mentions=("sentence_id", "nunique"), articles=("article_id", "nunique"),
                                         sources=("article_id", lambda a: sorted(set(a))))
    g = g.reset_index()
    g = g[g.mentions >= min_mentions]
    g = g.sort_values(["mentions", "articles", "entity"], ascending=[False, False, True])
    return g.head(limit).reset_index(drop=True)[COLUMNS]
