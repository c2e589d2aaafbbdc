"""Claims that keep their meaning: honest corroboration, quotes with their polarity, figures as series.

* A point is corroborated by the sources that state the same claim (the same tracked item with a
  compatible status, the same figure for the same period, or the same sentence), never by the
  sources that merely share its theme.
* A short quotation is shown with enough of its sentence to keep a negation that governs it.
* Values of one measure over different periods are a series; only the same measure and period
  with different values is a disagreement.
"""

from __future__ import annotations

import re

import pandas as pd

from ..extraction.figures import CURRENCY_SYMBOLS, CURRENCY_WORDS
from .coverage import theme_sentences
from .data import Corpus
from .outcomes import COMPATIBLE, MENTIONED, STATUS_LABEL, TIMING_LABEL, scorecard, statements

NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|without|isn[’']t|aren[’']t|wasn[’']t|weren[’']t|doesn[’']t|don[’']t|"
                      r"didn[’']t|hasn[’']t|haven[’']t|won[’']t|cannot|can[’']t|avoided|refused|denied|rejected)\b", re.I)
WORD = re.compile(r"[a-z0-9][a-z0-9’'\-]+")


def _words(text: str) -> set[str]:
    return {w for w in WORD.findall(text.lower()) if len(w) > 3}


def claim_support(corpus: Corpus, sentence_ids: list[str], same_text: float = 0.6) -> dict[str, list[str]]:
    """For each sentence, the articles that state the same claim (its own article first).

    Same claim: the same tracked item with a compatible status (agreed with agreed; an expectation
    with an expectation), the same figure (measure, unit, value and period), or nearly the same
    words (share of shared words >= ``same_text``) with the same polarity (both negated or neither).
    """
    sents = corpus.sentences.set_index("sentence_id")
    st = statements(corpus)
    st = st[st.status != MENTIONED]
    by_sid = {sid: list(zip(g["item"], g.status)) for sid, g in st.groupby("sentence_id")}
    figs = corpus.figures.assign(key=list(zip(corpus.figures.measure, corpus.figures.unit, corpus.figures.low,
                                              corpus.figures.high, corpus.figures.period)))
    fig_keys = {sid: set(g.key) for sid, g in figs.groupby("sentence_id")}
    fig_arts: dict[tuple, set[str]] = {}
    for key, aid in zip(figs.key, figs.article_id):
        fig_arts.setdefault(key, set()).add(aid)
    words = {sid: _words(t) for sid, t in zip(corpus.sentences.sentence_id, corpus.sentences.text)}
    neg = {sid: bool(NEGATION.search(t)) for sid, t in zip(corpus.sentences.sentence_id, corpus.sentences.text)}
    art_of = dict(zip(corpus.sentences.sentence_id, corpus.sentences.article_id))
    out = {}
    for sid in sentence_ids:
        own = sents.loc[sid].article_id
        arts = {own}
        for item, status in by_sid.get(sid, []):
            ok = set(COMPATIBLE.get(status, (status,)))
            same = st[(st["item"] == item) & st.status.isin(ok)]
            arts.update(same.article_id)
        for key in fig_keys.get(sid, ()):
            if key[0]:
                arts.update(fig_arts.get(key, ()))
        mine = words.get(sid, set())
        if mine:
            for other, ws in words.items():
                if art_of[other] in arts or neg[other] != neg[sid] or not ws:
                    continue
                if len(mine & ws) / len(mine | ws) >= same_text:
                    arts.add(art_of[other])
        out[sid] = [own] + sorted(arts - {own})
    return out


def quote_in_context(sentence: str, quote: str, min_words: int = 8) -> str:
    """The quotation as a reader must see it: with the words of its sentence that govern it.

    When the clause leading into the quote carries a negation ("Moscow isn't allowing itself to
    become “a junior partner to Beijing”"), or the quote is shorter than ``min_words`` words, the
    clause is kept with it. The result is a verbatim slice of ``sentence`` (so it can be checked
    against it), or the quote in quotation marks when it cannot be found.
    """
    at = sentence.find(quote)
    if at < 0:
        return f"“{quote}”"
    start, end = at, at + len(quote)
    if start > 0 and sentence[start - 1] in "“\"‘'":
        start -= 1
    if end < len(sentence) and sentence[end] in "”\"’'":
        end += 1
    cut = max(sentence.rfind(c, 0, start) for c in (".", ";", ":", "—", "?", "!"))
    lead = sentence[cut + 1: start] if cut >= 0 else sentence[:start]
    if lead.strip() and (NEGATION.search(lead) or len(quote.split()) < min_words):
        start = start - len(lead) + (len(lead) - len(lead.lstrip()))
    return sentence[start:end].strip()


def _period(p: str) -> str:
    return re.sub(r"^(?:by|in|to|for|until|as of)\s+", "", re.sub(r"\s+", " ", p.strip().lower()))

# The currency units a figure can have: those extraction recognises (USD, EUR, INR, ...).
MONEY_UNITS = frozenset(CURRENCY_SYMBOLS.values()) | frozenset(CURRENCY_WORDS.values())


def figure_table(corpus: Corpus, theme: str | None = None) -> pd.DataFrame:
    """Figures as a reader should see them: the text as written (qualifiers kept), what it measures, when.

    Columns: measure, shown (the figure's words as the sentence gives them, e.g. "less than $5
    billion"), period, unit, low, high, qualifier, article_id, sentence_id, text, series (True when
    the measure has different values for different periods), n_sources (articles giving this value).
    """
    if "figure_table" not in corpus.memo:
        corpus.memo["figure_table"] = _figure_table(corpus)
    f = corpus.memo["figure_table"]
    if theme:
        f = f[f.sentence_id.isin(set(theme_sentences(corpus, theme).sentence_id))]
    return f.reset_index(drop=True)


def _figure_table(corpus: Corpus) -> pd.DataFrame:
    f = corpus.figures[corpus.figures.measure != ""]
    cols = ["measure", "shown", "period", "unit", "low", "high", "qualifier", "article_id", "sentence_id", "text",
            "series", "n_sources"]
    if f.empty:
        return pd.DataFrame(columns=cols)
    f = f.merge(corpus.sentences[["sentence_id", "text"]], on="sentence_id")
    f = f.assign(shown=f.surface.str.strip())
    f = f.assign(_p=f.period.map(_period), _v=list(zip(f.low, f.high)))
    g = f.groupby(["measure", "unit"])
    series = (g._p.transform("nunique") > 1) & (g._v.transform("nunique") > 1)  # different values over different periods
    n = f.groupby(["measure", "unit", "low", "high", "period"]).article_id.transform("nunique")
    f = f.assign(series=series, n_sources=n)
    return f[cols].sort_values(["measure", "period", "sentence_id"]).reset_index(drop=True)


def disagreements(corpus: Corpus) -> pd.DataFrame:
    """Where sources disagree, with both sides: about, kind, a_article, a_sentence, a_says, b_article, b_sentence, b_says.

    Kinds: ``item`` (status or timing of a tracked item), ``figure`` (the same measure and period
    with different values) and ``description`` ("the largest buyer" against "one of the largest
    buyers"). Values of one measure for different periods are a series, not a disagreement.
    """
    if "disagreements" not in corpus.memo:
        corpus.memo["disagreements"] = _disagreements(corpus)
    return corpus.memo["disagreements"]


def _disagreements(corpus: Corpus) -> pd.DataFrame:
    rows = []
    sc = scorecard(corpus, include_mentioned=True)
    for r in sc[sc.conflict].itertuples():
        sides = r.conflict_sides
        for a, b in zip(sides, sides[1:]):
            when = STATUS_LABEL[r.status] in a[2] and STATUS_LABEL[r.status] in b[2]
            rows.append((f"{'when' if when else 'whether'} the {r.name} was agreed",
                         "item", a[0], a[1], a[2], b[0], b[1], b[2]))
    ft = figure_table(corpus)
    ft = ft.assign(period=ft.period.map(_period))
    for (measure, _unit, period), g in ft.groupby(["measure", "unit", "period"]):
        vals = g.drop_duplicates(["low", "high", "article_id"])
        spans = {(lo, hi) for lo, hi in zip(vals.low, vals.high)}
        if vals.article_id.nunique() > 1 and len(spans) > 1:
            a, b = vals.iloc[0], vals[(vals.low != vals.iloc[0].low) | (vals.high != vals.iloc[0].high)].iloc[0]
            if a.article_id != b.article_id:
                about = f"{measure}" + (f" ({period})" if period else "")
                rows.append((about, "figure", a.article_id, a.sentence_id, a.shown, b.article_id, b.sentence_id, b.shown))
    rows += _rank_disagreements(corpus)
    return pd.DataFrame(rows, columns=["about", "kind", "a_article", "a_sentence", "a_says", "b_article", "b_sentence",
                                       "b_says"])


RANK = re.compile(r"\b(?P<one>one of )?the (?:(?:single|world[’']s) )?(?P<sup>largest|biggest|top|leading|main) "
                  r"(?P<noun>[a-z]+?)s? of (?P<obj>[\w’'\- ]{3,40})", re.I)
SMALL = frozenset("the a an of in on and or its their this that since from to for".split())


def _rank_disagreements(corpus: Corpus) -> list[tuple]:
    """"the largest buyer of X" in one source against "one of the largest buyers of X" in another."""
    hits = []
    s = corpus.sentences[corpus.sentences.block != "heading"]
    for sid, aid, text in zip(s.sentence_id, s.article_id, s.text):
        for m in RANK.finditer(text):
            obj = {w for w in m.group("obj").lower().split()[:3] if w not in SMALL}
            lead = len(text[m.start(): m.start("obj")].split())
            says = " ".join(text[m.start():].split()[: lead + 3]).rstrip(",.;:")
            hits.append((bool(m.group("one")), m.group("noun").lower(), obj, aid, sid, says))
    rows, done = [], set()
    for sole in (h for h in hits if not h[0]):
        for some in (h for h in hits if h[0]):
            if sole[1] == some[1] and sole[2] & some[2] and sole[3] != some[3] and (sole[3], some[3], sole[1]) not in done:
                done.add((sole[3], some[3], sole[1]))
                rows.append((f"rank: {sole[1]} of {' '.join(sorted(sole[2] & some[2]))}", "description",
                             sole[3], sole[4], sole[5], some[3], some[4], some[5]))
    return rows


__all__ = ["claim_support", "quote_in_context", "figure_table", "disagreements", "TIMING_LABEL"]


def headline_figures(figs: pd.DataFrame, *, units: tuple[str, ...] = (*sorted(MONEY_UNITS), "percent"),
                     min_sources: int = 1, sort: tuple[str, ...] = ("n_sources", "measure", "period")) -> pd.DataFrame:
    """The figures of ``figs`` (a :func:`figure_table`) worth a headline.

    Figures in ``units`` (money and percentages by default) given by at least ``min_sources``
    articles, one row per measure, value and period, sorted by ``sort`` (``n_sources`` descending,
    the rest ascending).
    """
    out = figs[figs.unit.isin(list(units)) & (figs.n_sources >= min_sources)]
    out = out.drop_duplicates(["measure", "shown", "period"])
    return out.sort_values(list(sort), ascending=[c != "n_sources" for c in sort], kind="stable").reset_index(drop=True)
