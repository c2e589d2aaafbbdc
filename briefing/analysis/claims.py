"""Claims that keep their meaning: honest corroboration, quotes with their polarity, figures as series.

* A point is corroborated by the sources that state the same claim (the same tracked item with a
  compatible status, the same figure for the same period, or the same sentence), never by the
  sources that merely share its theme.
* A short quotation is shown with enough of its sentence to keep a negation that governs it.
* Values of one measure over different periods are a series; only the same measure and period
  with different values is a disagreement.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from ..extraction.figures import CURRENCY_SYMBOLS, CURRENCY_WORDS
from .coverage import theme_sentences
from .data import Corpus
from .outcomes import COMPATIBLE, MENTIONED, STATUS_LABEL, TIMING_LABEL, cue_themes, scorecard, statements

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
    # the articles giving each figure with a measure, from figure_table: every such figure of the
    # corpus, also when the corpus is a theme's slice (whose own figures are the theme's only)
    ft = figure_table(corpus)
    fig_arts: dict[tuple, set[str]] = {}
    for key, aid in zip(zip(ft.measure, ft.unit, ft.low, ft.high, ft.period), ft.article_id):
        fig_arts.setdefault(key, set()).add(aid)
    pool = corpus.sentences
    scan = corpus.memo.get("sentence_scan")
    if scan is not None:  # a slice: the sentences that may share enough words, read from the whole corpus
        pool = scan([_needles(_words(sents.loc[sid].text), same_text) for sid in sentence_ids])
    words = {sid: _words(t) for sid, t in zip(pool.sentence_id, pool.text)}
    neg = {sid: bool(NEGATION.search(t)) for sid, t in zip(pool.sentence_id, pool.text)}
    art_of = dict(zip(pool.sentence_id, pool.article_id))
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
        mine = _words(sents.loc[sid].text)
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


def period_key(p: str) -> str:
    """A period as a key: "by 2030", "in 2030" and "2030" are one period."""
    return re.sub(r"^(?:by|in|to|for|until|as of)\s+", "", re.sub(r"\s+", " ", p.strip().lower()))

def _needles(words: set[str], same_text: float) -> list[str]:
    """Words of which any sentence sharing ``same_text`` of its words with ``words`` holds at least one.

    Such a sentence misses at most ``(1 - same_text)`` of ``words``, so of any that many plus one,
    it holds one (the longest are taken: they are the rarest). Only ASCII words are taken, whose
    presence a lower-cased scan finds the same in Python and in Arrow; [] when there are not enough
    (then every sentence is a candidate).
    """
    if same_text <= 0:
        return []
    k = min(len(words), math.floor((1 - same_text) * len(words) + 1e-9) + 1)
    plain = sorted((w for w in words if w.isascii()), key=lambda w: (-len(w), w))
    return plain[:k] if len(plain) >= k else []


# The currency units a figure can have: those extraction recognises (USD, EUR, INR, ...).
MONEY_UNITS = frozenset(CURRENCY_SYMBOLS.values()) | frozenset(CURRENCY_WORDS.values())


def figure_table(corpus: Corpus, theme: str | None = None) -> pd.DataFrame:
    """Figures as a reader should see them: the text as written (qualifiers kept), what it measures, when.

    Columns: measure, shown (the figure's words as the sentence gives them, e.g. "less than $5
    billion"), period, unit, low, high, qualifier, article_id, sentence_id, text, series (True when
    the measure has different values for different periods), sources (the ids of the articles giving
    this value for this period) and n_sources (how many).
    """
    if "figure_table" not in corpus.memo:
        corpus.memo["figure_table"] = _figure_table(corpus)
    f = corpus.memo["figure_table"]
    if theme:
        f = f[f.sentence_id.isin(set(theme_sentences(corpus, theme).sentence_id))]
        f = f[pd.Series([theme in figure_themes(corpus, m, t, sh) for m, t, sh in zip(f.measure, f.text, f.shown)],
                        index=f.index, dtype=bool)]
    return f.reset_index(drop=True)


CLAUSE_EDGE = re.compile(r"[.;:—()]|,\s+(?:while|whereas|but|and|as|with|which)\b")


def figure_themes(corpus: Corpus, measure: str, sentence: str, shown: str) -> set[str]:
    """The themes a figure belongs to: those of what it measures, not of the words around it.

    The measure's label decides when it names a theme ("bilateral trade", "share of military
    equipment"); otherwise the clause holding the figure does ("$68.7 billion" in "defence shifts
    to joint manufacturing, while trade stands at $68.7 billion" is trade's). A sentence can carry
    figures of several themes; each figure goes to its own.
    """
    key = ("figure_themes", measure, sentence, shown)
    if key not in corpus.memo:
        own = cue_themes(corpus, measure)
        if not own:
            at = sentence.find(shown)
            edges = [m.span() for m in CLAUSE_EDGE.finditer(sentence)]
            start = max((e for _s, e in edges if e <= at), default=0) if at >= 0 else 0
            end = min((s for s, _e in edges if s >= at + len(shown)), default=len(sentence)) if at >= 0 else len(sentence)
            own = cue_themes(corpus, sentence[start:end]) or cue_themes(corpus, sentence)
        corpus.memo[key] = own
    return corpus.memo[key]


def _figure_table(corpus: Corpus) -> pd.DataFrame:
    f = corpus.figures[corpus.figures.measure != ""]
    cols = ["measure", "shown", "period", "unit", "low", "high", "qualifier", "article_id", "sentence_id", "text",
            "series", "sources", "n_sources"]
    if f.empty:
        return pd.DataFrame(columns=cols)
    f = f.merge(corpus.sentences[["sentence_id", "text"]], on="sentence_id")
    f = f.assign(shown=f.surface.str.strip())
    f = f.assign(_p=f.period.map(period_key), _v=list(zip(f.low, f.high)))
    g = f.groupby(["measure", "unit"])
    series = (g._p.transform("nunique") > 1) & (g._v.transform("nunique") > 1)  # different values over different periods
    # the same claim: one measure, one value, one period however it is written ("by 2030", "2030")
    claim = ["measure", "unit", "low", "high", "_p"]
    givers = {k: sorted(set(g)) for k, g in f.groupby(claim).article_id}
    sources = [givers[k] for k in zip(*(f[c] for c in claim))]
    f = f.assign(series=series, sources=sources, n_sources=[len(s) for s in sources])
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
    ft = ft.assign(period=ft.period.map(period_key))
    for (measure, _unit, period), g in ft.groupby(["measure", "unit", "period"]):
        vals = g.drop_duplicates(["low", "high", "article_id"])
        spans = {(lo, hi) for lo, hi in zip(vals.low, vals.high)}
        if vals.article_id.nunique() > 1 and len(spans) > 1:
            a, b = vals.iloc[0], vals[(vals.low != vals.iloc[0].low) | (vals.high != vals.iloc[0].high)].iloc[0]
            if a.article_id != b.article_id:
                about = f"{measure}" + (f" ({period})" if period else "")
                rows.append((about, "figure", a.article_id, a.sentence_id, a.shown, b.article_id, b.sentence_id, b.shown))
    rows += _item_figure_disagreements(corpus, ft, {(r[2], r[3], r[5], r[6]) for r in rows if r[1] == "figure"})
    rows += _rank_disagreements(corpus)
    rows += _sequence_disagreements(corpus)
    return pd.DataFrame(rows, columns=["about", "kind", "a_article", "a_sentence", "a_says", "b_article", "b_sentence",
                                       "b_says"])


def _is_target(measure: str) -> bool:
    return measure.endswith(" target")


def _item_figure_disagreements(corpus: Corpus, ft: pd.DataFrame, done: set[tuple]) -> list[tuple]:
    """Different values for one tracked item, in one unit, for the same stated period, from different sources.

    News gives a deal's size in the sentence that names it ("Under the X Agreement, producers will ship
    2 million tonnes a year from 2030" against "the X agreement ... covers 1 million tonnes a year from
    2030"), often without a measure word the figure rules can label; the item is the measure then.
    Only figures with a stated period are compared (a period-less value may be a different quantity),
    and a target is never set against an actual value. ``done`` holds pairs the measure check listed.
    """
    st = statements(corpus)
    if st.empty or ft.empty:
        return []
    items = st[["sentence_id", "item", "name"]].drop_duplicates()
    f = ft[ft.period != ""].merge(items, on="sentence_id")
    rows = []
    for (_item, name, _unit, period), g in f.groupby(["item", "name", "unit", "period"], sort=False):
        g = g.drop_duplicates(["low", "high", "article_id"])
        for a_i in range(len(g)):
            a = g.iloc[a_i]
            others = g[(g.article_id != a.article_id) & ((g.low != a.low) | (g.high != a.high))
                       & (g.measure.map(_is_target) == _is_target(a.measure))]
            if others.empty:
                continue
            b = others.iloc[0]
            pair = (a.article_id, a.sentence_id, b.article_id, b.sentence_id)
            if pair in done or (pair[2], pair[3], pair[0], pair[1]) in done:
                continue
            done.add(pair)
            rows.append((f"{name}: {a.unit} ({period})", "figure", a.article_id, a.sentence_id, a.shown, b.article_id,
                         b.sentence_id, b.shown))
            break
    return rows


ORDINAL = r"\d+(?:st|nd|rd|th)"


def _sequence_disagreements(corpus: Corpus) -> list[tuple]:
    """"The last summit took place in 2021" against "the 23rd annual summit" held in 2025.

    An event that the sources (or data/event.yaml) call annual had a predecessor the year before; a
    source that dates the last one earlier describes the series differently. The event's noun is the
    last word of its name and of its short form ("summit", "dialogue").
    """
    ev = corpus.event
    if ev is None or not ev.start:
        return []
    nouns = {w.lower() for w in (ev.name.split()[-1:] + ev.short.split()[-1:]) if w.isalpha()}
    if not nouns:
        return []
    noun = "(?:" + "|".join(map(re.escape, sorted(nouns))) + ")s?"
    words = r"(?:[\w’'\-–]+\s+){0,3}?"
    annual = re.compile(rf"\b(?:(?:the\s+)?{ORDINAL}\s+){words}annual\s+{words}{noun}\b|\bannual\s+{words}{noun}\b", re.I)
    last = re.compile(rf"\b(?:the\s+)?(?:last|previous|prior|most recent)\s+{words}{noun}\s+(?:took place|was held|"
                      rf"was|happened|came|met)\s+(?:in\s+)?(?P<year>(?:19|20)\d\d)\b", re.I)
    year = int(ev.start[:4])
    s = corpus.sentences[corpus.sentences.block != "heading"]
    called_annual, dated_last = [], []
    for sid, aid, text in zip(s.sentence_id, s.article_id, s.text):
        if (m := annual.search(text)) is not None:
            called_annual.append((not re.match(ORDINAL, m.group(0).removeprefix("the ").lstrip(), re.I), aid, sid, m.group(0)))
        for m in last.finditer(text):
            if int(m.group("year")) < year - 1:
                dated_last.append((aid, sid, m.group(0), m.group("year")))
    rows = []
    for aid, sid, says, y in dated_last:
        others = sorted(h for h in called_annual if h[1] != aid) or sorted(called_annual)
        if not others:
            continue
        _, b_aid, b_sid, b_says = others[0]
        rows.append((f"whether any {sorted(nouns)[0]} of the annual series was held between {y} and {year}", "description",
                     aid, sid, says, b_aid, b_sid, b_says))
    return rows


RANK = re.compile(r"\b(?P<one>one of )?the (?:(?:single|world[’']s) )?(?P<sup>largest|biggest|top|leading|main) "
                  r"(?P<noun>[a-z]+?)s? of (?P<obj>[\w’'\- ]{3,40})", re.I)
SMALL = frozenset("the a an of in on and or its their this that since from to for".split())


def _rank_disagreements(corpus: Corpus) -> list[tuple]:
    """"the largest buyer of X" in one source against "one of the largest buyers of X" in another."""
    hits = []
    s = corpus.sentences[corpus.sentences.block != "heading"]
    for sid, aid, text in zip(s.sentence_id, s.article_id, s.text):
        for m in RANK.finditer(text):
            obj = [w for w in m.group("obj").lower().split()[:3] if w not in SMALL]
            lead = len(text[m.start(): m.start("obj")].split())
            says = " ".join(text[m.start():].split()[: lead + 3]).rstrip(",.;:")
            hits.append((bool(m.group("one")), m.group("noun").lower(), obj, aid, sid, says))
    rows, done = [], set()
    for sole in (h for h in hits if not h[0]):
        for some in (h for h in hits if h[0]):
            common = [w for w in sole[2] if w in some[2]]
            if sole[1] == some[1] and common and sole[3] != some[3] and (sole[3], some[3], sole[1]) not in done:
                done.add((sole[3], some[3], sole[1]))
                # the words as the sentence writes them ("Russian crude", not "russian crude")
                cased = {w.lower(): w for w in re.findall(r"[\w’'-]+", sole[5])}
                rows.append((f"rank among {sole[1]}s of {' '.join(cased.get(w, w) for w in common)}", "description",
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
    # one row per claim: the same value for the same period is shown once, with its sources counted
    out = out.assign(_p=out.period.map(period_key)).drop_duplicates(["measure", "unit", "low", "high", "qualifier", "_p"])
    out = out.drop(columns="_p")
    return out.sort_values(list(sort), ascending=[c != "n_sources" for c in sort], kind="stable").reset_index(drop=True)
