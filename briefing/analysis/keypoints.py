"""Key points: the few sentences, verbatim, that carry a theme, preferring what several sources support."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pandas as pd

from .coverage import relevance, theme_sentences
from .data import Corpus

TOPIC_TYPES = ("system", "agreement", "facility")  # entities that name what a statement is about
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
    relevances = relevance(corpus, theme, cands.text)
    scores = []
    for row, rel in zip(cands.itertuples(), relevances):
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
