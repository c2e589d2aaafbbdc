"""Analysis: typed functions from the extracted tables to the tables a briefing shows.

Every function here is pure: it reads DataFrames and returns new ones, never modifying its inputs.
Rendering (HTML, charts) lives in :mod:`briefing.reporting.present` and :mod:`briefing.reporting.charts`.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pandas as pd

from .data import Corpus

ACTOR_TYPES = ("person", "organisation", "system", "agreement", "facility", "document")
TOPIC_TYPES = ("system", "agreement", "facility")
STOPWORDS = frozenset(
    """a an the and or but of to in on at by for from with as is are was were be been being has have had will
    would shall should can could may might must do does did that which who whom whose this these those than
    then it its they them their he she his her we our you your i me my not no nor so such also more most
    very just over into about after before between during through while both each all any other some new
    said says two one""".split()
)
# Words in more than this share of a theme's statements name the parties or the event ("India",
# "Russian", "summit" in one corpus; others in the next): they say nothing about which point is which.
FREQUENT_SHARE = 0.3
WORD = re.compile(r"[a-z][a-z’'\-]+")
def _words(text: str) -> frozenset[str]:
    return frozenset(w.rstrip("s") for w in WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 2)


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
    keep = set(sources)

    def f(df: pd.DataFrame) -> pd.DataFrame:
        return df[df.article_id.isin(keep)].reset_index(drop=True)

    return Corpus(f(corpus.articles), f(corpus.sentences), f(corpus.figures), f(corpus.dates), f(corpus.quotes),
                  f(corpus.entities), corpus.themes, corpus.items, corpus.event)


def coverage(corpus: Corpus, theme: str) -> pd.DataFrame:
    """For each article: its sentences, those on ``theme`` and their share; articles without any last."""
    s = corpus.sentences[corpus.sentences.block != "heading"]
    total = s.groupby("article_id").size()
    on = s[tagged(s, theme)].groupby("article_id").size()
    out = corpus.articles[["article_id", "title", "kind", "published"]].copy()
    out["sentences"] = out.article_id.map(total).fillna(0).astype(int)
    out["on_theme"] = out.article_id.map(on).fillna(0).astype(int)
    out["share"] = (out.on_theme / out.sentences.where(out.sentences > 0)).fillna(0.0)
    return out.sort_values(["share", "article_id"], ascending=[False, True]).reset_index(drop=True)


def coverage_matrix(corpus: Corpus) -> pd.DataFrame:
    """Share of each article's sentences on each theme: themes as rows, articles as columns."""
    s = corpus.sentences[corpus.sentences.block != "heading"]
    total = s.groupby("article_id").size()
    rows = {}
    for tid in corpus.theme_ids:
        on = s[tagged(s, tid)].groupby("article_id").size()
        rows[tid] = (on / total).reindex(corpus.articles.article_id).fillna(0.0)
    return pd.DataFrame(rows).T


# --- key points ---------------------------------------------------------------------------------

def _candidates(ts: pd.DataFrame) -> pd.DataFrame:
    body = ts[(ts.block == "body") | ((ts.block == "bullet") & ts.text.str.contains(r"[.!?]$", regex=True))]
    n_words = body.text.str.split().str.len()
    body = body[(n_words >= 8) & (n_words <= 60) & ~body.text.str.rstrip().str.endswith("?")
                & ~body.text.str.rstrip().str.endswith(":")]
    return body


def _norm(texts: pd.Series) -> pd.Series:
    """Text reduced for spotting repeats: lower case, words only."""
    return texts.str.lower().str.replace(r"[^\w]+", " ", regex=True).str.strip()


def _distinct(df: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct statement (first occurrence), with every article that carries it.

    Wire copy and syndication repeat sentences word for word across outlets; collapsing them first
    keeps the near-repeat search below small even for a large corpus.
    """
    if df.empty:
        return df.assign(norm=pd.Series(dtype=str), articles=pd.Series(dtype=object))
    df = df.assign(norm=_norm(df.text))
    arts = df.groupby("norm", sort=False).article_id.agg(lambda x: sorted(set(x)))
    first = df.drop_duplicates("norm").copy()
    first["articles"] = first.norm.map(arts)
    return first.reset_index(drop=True)


def _support(cands: pd.DataFrame, pool: pd.DataFrame, topics: dict[str, frozenset] | None = None,
             threshold: float = 0.2) -> dict[str, tuple[list[str], set[str]]]:
    """For each candidate statement, the articles that say much the same, and those statements.

    ``cands`` and ``pool`` are distinct statements (see :func:`_distinct`). Two say the same when
    they share enough content words (Jaccard >= ``threshold``), or name the same system or
    agreement and share at least two more content words. Words found in more than 2% of the pool
    (and in more than 25 statements) are ignored: they signal the theme, not the statement.
    Postings are built only for the candidates' words, so a large pool stays cheap.
    """
    topics = topics or {}
    cand_words = {sid: _words(t) for sid, t in zip(cands.sentence_id, cands.text)}
    vocab = set().union(*cand_words.values()) if cand_words else set()
    pool_sids = list(pool.sentence_id)
    pool_arts = list(pool.articles)
    pool_words = [_words(t) & vocab for t in pool.text]
    df = Counter(w for ws in pool_words for w in ws)
    common = {w for w, n in df.items() if n > max(25, len(pool_words) // 50)}
    postings: dict[str, list[int]] = defaultdict(list)
    for i, ws in enumerate(pool_words):
        for w in ws - common:
            postings[w].append(i)
    out = {}
    for sid, arts0 in zip(cands.sentence_id, cands.articles):
        words = cand_words[sid] - common
        mine = topics.get(sid, frozenset())
        hits = Counter(i for w in words for i in postings.get(w, ()))
        arts, similar = set(arts0), {sid}
        for i, shared in hits.items():
            if pool_sids[i] == sid:
                continue
            union = len(words | (pool_words[i] - common))
            same_topic = bool(mine & topics.get(pool_sids[i], frozenset())) and shared >= 2
            if same_topic or (shared >= 3 and union and shared / union >= threshold):
                similar.add(pool_sids[i])
                arts.update(pool_arts[i])
        out[sid] = (sorted(arts), similar)
    return out


def _topics_by_sentence(corpus: Corpus) -> dict[str, frozenset]:
    if "topics" not in corpus.memo:
        e = corpus.entities[corpus.entities.type.isin(TOPIC_TYPES)]
        corpus.memo["topics"] = {sid: frozenset(g) for sid, g in e.groupby("sentence_id").entity}
    return corpus.memo["topics"]


def _relevance(corpus: Corpus, theme: str, texts: pd.Series) -> list[float]:
    """How much each sentence is about ``theme`` rather than another: its share of all cue hits."""
    from ..extraction.themes import ThemeTagger

    if "tagger" not in corpus.memo:
        corpus.memo["tagger"] = ThemeTagger(list(corpus.themes))
    tagger = corpus.memo["tagger"]
    out = []
    for text in texts:
        counts = Counter(p[1] for *_x, p in tagger._lexicon.finditer(text))
        total = sum(counts.values())
        out.append(counts[theme] / total if total else 0.0)
    return out


SHORTLIST = 250  # distinct statements scored in full; the rest are ranked out by the cheap pre-score


def key_points(corpus: Corpus, theme: str, n: int = 5, sources: list[str] | None = None) -> pd.DataFrame:
    """Three to six sentences that carry the theme, taken verbatim from the articles.

    Preferred: statements several sources support, outcomes over expectations, sentences with
    figures or named agreements and systems, sentences mostly about this theme. Near-repeats of a
    chosen point are skipped. Columns: sentence_id, article_id, text, stance, support (article ids),
    n_sources.
    """
    cols = ["sentence_id", "article_id", "text", "stance", "support", "n_sources"]
    ts = theme_sentences(corpus, theme, sources)
    cands = _distinct(_candidates(ts))
    if cands.empty:
        return pd.DataFrame(columns=cols)
    topics = _topics_by_sentence(corpus)
    fig_sids = set(corpus.figures.sentence_id)
    stance_bonus = cands.stance.map({"outcome": 2.0, "expectation": 0.5}).fillna(0.0)
    pre = (2.0 * cands.articles.str.len() + stance_bonus + 0.75 * cands.sentence_id.isin(fig_sids)
           + 0.75 * cands.sentence_id.isin(set(topics)))
    cands = cands.assign(pre=pre).sort_values(["pre", "sentence_id"], ascending=[False, True]).head(SHORTLIST)
    support = _support(cands, _distinct(ts), topics)
    relevance = _relevance(corpus, theme, cands.text)
    scores = []
    for row, rel in zip(cands.itertuples(), relevance):
        score = 2.0 * len(support[row.sentence_id][0]) + stance_bonus[row.Index] + 2.0 * rel
        score += 0.75 * (row.sentence_id in fig_sids) + 0.75 * (row.sentence_id in topics)
        score -= 0.02 * max(0, len(row.text.split()) - 35)
        if "“" in row.text or '"' in row.text:
            score -= 0.5  # a quote belongs in Voices
        scores.append(score)
    cands = cands.assign(score=scores).sort_values(["score", "sentence_id"], ascending=[False, True])
    counts = Counter(w for t in cands.text for w in _words(t))
    frequent = {w for w, k in counts.items() if k > max(3, FREQUENT_SHARE * len(cands))}
    chosen: list[tuple] = []
    chosen_words: list[frozenset] = []
    covered: set[str] = set()  # statements that say what a chosen point says
    per_article: Counter = Counter()
    for row in cands.itertuples():
        words = _words(row.text) - frequent
        arts, similar = support[row.sentence_id]
        if row.sentence_id in covered or any(len(words & w) / max(1, len(words | w)) > 0.3 for w in chosen_words):
            continue
        if per_article[row.article_id] >= 2 and corpus.articles.shape[0] > 2:
            continue
        chosen.append((row.sentence_id, row.article_id, row.text, row.stance, arts, len(arts)))
        chosen_words.append(words)
        covered |= similar
        per_article[row.article_id] += 1
        if len(chosen) >= max(3, min(6, n)):
            break
    return pd.DataFrame(chosen, columns=cols)


# --- figures -------------------------------------------------------------------------------------

CURRENCY_SIGN = {"USD": "$", "EUR": "€", "GBP": "£", "INR": "₹", "RUB": "₽", "CNY": "¥"}


# --- voices, actors, timeline, sources -------------------------------------------------------------

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


def timeline(corpus: Corpus, theme: str | None = None, sources: list[str] | None = None, as_of: str = "") -> pd.DataFrame:
    """Dated events and targets, one row per date and event: date, when, what, article_id, sentence_id, n_sources.

    ``when`` says whether the date is past or ahead of ``as_of`` (a target or plan).
    """
    d = corpus.dates
    if theme:
        from .outcomes import cue_themes

        d = d[d.sentence_id.isin(theme_sentences(corpus, theme, sources).sentence_id)]
        # a date belongs to the theme of its own clause ("by 2030" of a trade target is not defence's)
        d = d[pd.Series([theme in (cue_themes(corpus, w.rstrip("…")) or {theme}) for w in d.what], index=d.index, dtype=bool)]
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
