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
from collections.abc import Iterator

import pandas as pd

from ..extraction.figures import CURRENCY_SYMBOLS, CURRENCY_WORDS, DURATION_UNITS
from .coverage import theme_sentences
from .data import Corpus
from .outcomes import COMPATIBLE, MENTIONED, OUTCOMES, STATUS_LABEL, TIMING_LABEL, cue_themes, scorecard, statements

NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|without|isn[’']t|aren[’']t|wasn[’']t|weren[’']t|doesn[’']t|don[’']t|"
                      r"didn[’']t|hasn[’']t|haven[’']t|won[’']t|cannot|can[’']t|avoided|refused|denied|rejected)\b", re.I)
WORD = re.compile(r"[a-z0-9][a-z0-9’'\-]+")


def _words(text: str) -> set[str]:
    return {w for w in WORD.findall(text.lower()) if len(w) > 3}


def claim_support(corpus: Corpus, sentence_ids: list[str], same_text: float = 0.6) -> dict[str, list[str]]:
    """For each sentence, the articles that state the same claim (its own article first).

    Same claim: the same tracked item with a compatible status (agreed with agreed; an expectation
    with an expectation) and, for an outcome, the same timing (agreed before the event is not agreed
    at it), the same figure (measure, unit, value and period), or nearly the same
    words (share of shared words >= ``same_text``) with the same polarity (both negated or neither).
    """
    sents = corpus.sentences.set_index("sentence_id")
    # Only the rows that can matter to ``sentence_ids`` are grouped: the statements and figures are
    # the whole corpus's (also in a theme's slice), so grouping them all costs what the corpus does.
    st = statements(corpus)
    st = st[st.status != MENTIONED]
    wanted = set(sentence_ids)
    mine_st = st[st.sentence_id.isin(wanted)]
    by_sid = {sid: list(zip(g["item"], g.status, g.timing)) for sid, g in mine_st.groupby("sentence_id")}
    st = st[st["item"].isin(set(mine_st["item"]))]
    figs = figure_table(corpus)  # labels that name a measure, periods as a reader reads them
    mine_figs = figs[figs.sentence_id.isin(wanted)]
    # the articles giving each figure with a measure: figure_table holds every such figure of the
    # corpus, also when the corpus is a theme's slice (whose own figures are the theme's only)
    figs = figs[figs.measure.isin(set(mine_figs.measure)) & figs.low.isin(set(mine_figs.low))]
    figs = figs.assign(key=list(zip(figs.measure, figs.unit, figs.low, figs.high, figs.period.map(period_key))))
    fig_keys = {sid: set(g.key) for sid, g in figs[figs.sentence_id.isin(wanted)].groupby("sentence_id")}
    fig_arts: dict[tuple, set[str]] = {}
    for key, aid in zip(figs.key, figs.article_id):
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
        for item, status, timing in by_sid.get(sid, []):
            ok = set(COMPATIBLE.get(status, (status,)))
            same = st[(st["item"] == item) & st.status.isin(ok)]
            if status in OUTCOMES:  # "ratified at the summit" is not the claim of "ratified days before it"
                same = same[same.timing == timing]
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
    elif end + 1 < len(sentence) and sentence[end] in ",.;:?!" and sentence[end + 1] in "”\"’'":
        end += 2  # “…,” he said: the quotation's own closing punctuation sits inside the marks
    cut = max(sentence.rfind(c, 0, start) for c in (".", ";", ":", "—", "?", "!"))
    lead = sentence[cut + 1: start] if cut >= 0 else sentence[:start]
    if lead.strip() and (NEGATION.search(lead) or len(quote.split()) < min_words):
        start = start - len(lead) + (len(lead) - len(lead.lstrip()))
    return sentence[start:end].strip()


def period_key(p: str) -> str:
    """A period as a key: "by 2030", "in 2030" and "2030" are one period."""
    return re.sub(r"^(?:by|in|to|for|until|as of)\s+", "", re.sub(r"\s+", " ", p.strip().lower()))


# The words news uses for "now" when a figure has no date ("Presently, trade stands at $68.7 billion",
# "the current $68.7 billion trade"): the figure is of the time of writing. ("current account" is a measure.)
PRESENT = re.compile(r"\b(?:presently|currently|at present|current(?!\s+account)|as of now|right now|now|today)\b", re.I)
AT_PRESENT = "at present"
# A year or quarter relative to the writing ("last year", "this fiscal year"): the period of a flow such as trade.
# (Not "last month": "the framework signed last month" dates the signing, not the amount.)
RELATIVE_TIME = re.compile(r"\b(?:last|this|past|previous)\s+(?:fiscal\s+|financial\s+|calendar\s+)?(?:year|quarter)\b", re.I)
# "by 2030", "to 2047", "until the end of 2030": a year a value is to be reached by.
BY_YEAR = re.compile(r"^(?:by|to|until|till|through)\s+(?:the\s+end\s+of\s+)?(?:FY\s*)?(?P<year>(?:19|20)\d\d)\b", re.I)
COUNT_UNITS = frozenset({"count", *DURATION_UNITS})
ACCENTED = r"[^\W\d_a-zA-Z]"  # a letter outside a-z: where an ASCII-only rule cuts a name ("Brasília")
# The last word of a label that names who gives a number rather than what it measures.
SOURCE_WORDS = re.compile(r"(?:reports?|estimates?|sources?|officials?|analysts?|data|figures?|statistics|sayings?)", re.I)


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
# Clause edges and an apposition (", a shift that ..."): a period stated beyond one is another figure's.
APPOSITION = re.compile(CLAUSE_EDGE.pattern + r"|,\s+(?:a|an)\s")


def _clause(sentence: str, shown: str, edge: re.Pattern = CLAUSE_EDGE) -> str:
    """The clause of ``sentence`` that holds the figure written ``shown`` (the whole sentence if not found)."""
    at = sentence.find(shown)
    if at < 0:
        return sentence
    edges = [m.span() for m in edge.finditer(sentence)]
    start = max((e for _s, e in edges if e <= at), default=0)
    end = min((s for s, _e in edges if s >= at + len(shown)), default=len(sentence))
    return sentence[start:end]


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
            own = cue_themes(corpus, _clause(sentence, shown)) or cue_themes(corpus, sentence)
        corpus.memo[key] = own
    return corpus.memo[key]


def is_measure(corpus: Corpus, measure: str, unit: str, sentence: str) -> bool:
    """Whether a figure's label names what it measures, so that the figure is worth a row of its own.

    A name is not a measure ("India: four years"). A count or a length of time is one only when
    its label names something the themes track ("five squadrons", "three million jobs"); otherwise
    it is the writer's colour ("a 77-year diplomatic history", "three critical and transformative
    capabilities", "a two-day visit"). Nor is a piece of a word, or who gave the number ("early
    reports", "estimates"). (:func:`figure_table` then gives an amount the tracked item its
    sentence names as its measure, and drops a count or length of time.)
    """
    words = measure.split()
    if len(words) == 1 and re.search(rf"\b{re.escape(measure)}\b", sentence, re.I) and not re.search(
            rf"\b{re.escape(measure.lower())}\b", sentence):
        return False  # written only with a capital: a name
    if any(re.search(rf"{re.escape(w)}(?={ACCENTED})|(?<={ACCENTED}){re.escape(w)}", sentence, re.I) and not re.search(
            rf"(?<!\w){re.escape(w)}(?!\w)", sentence, re.I) for w in words):
        return False  # a word cut at an accented letter ("bras" of "Brasília"): no label at all
    if words and SOURCE_WORDS.fullmatch(words[-1]):
        return False  # "early reports of 2 million tonnes": who gave the number, not what it measures
    return unit not in COUNT_UNITS or bool(cue_themes(corpus, measure))


def dated(corpus: Corpus, measure: str, period: str, sentence: str, shown: str) -> tuple[str, str]:
    """A figure's (measure, period) as a reader needs them: a value to be reached is a target, "now" is a period.

    A period stated beyond the figure's clause or apposition belongs to another figure of the
    sentence. A value given "by" a year after the event's ("capacity to 100 GW by 2047") is a
    target, whatever the label says. An undated value whose clause says "presently", "currently"
    or "current" is of the time of writing ("at present") rather than of no stated time, and one
    whose clause says "last year" is of last year.
    """
    if period and period in sentence and period not in _clause(sentence, shown, APPOSITION):
        period = ""  # "surpassing 30% by 2024, a shift that generated savings of $15 billion": 2024 is the 30%'s
    if period:
        m = BY_YEAR.match(period.strip())
        year = int(corpus.event.start[:4]) if corpus.event and corpus.event.start else 0
        if m and year and int(m.group("year")) > year and not measure.endswith(" target"):
            measure = f"{measure} target"
        return measure, period
    clause = _clause(sentence, shown)
    if not measure.endswith(" target") and PRESENT.search(clause):
        return measure, AT_PRESENT
    if (m := RELATIVE_TIME.search(clause)) is not None:
        return measure, m.group(0).lower()  # "reached more than $12 billion last year"
    return measure, period


def _figure_table(corpus: Corpus) -> pd.DataFrame:
    f = corpus.figures[corpus.figures.measure != ""]
    cols = ["measure", "shown", "period", "unit", "low", "high", "qualifier", "article_id", "sentence_id", "text",
            "series", "sources", "n_sources"]
    if f.empty:
        return pd.DataFrame(columns=cols)
    f = f.merge(corpus.sentences[["sentence_id", "text"]], on="sentence_id")
    f = f.assign(shown=f.surface.str.strip())
    # a quantity whose label is no measure belongs to the tracked item its sentence names, if any
    st = statements(corpus)
    st = st[~st.discovered].drop_duplicates("sentence_id")
    item_of = dict(zip(st.sentence_id, st.name))
    # ("contrary to early reports of 2 million tonnes": a number the writer attributes to others is not theirs)
    f = f.assign(measure=[m if is_measure(corpus, m, u, t) else item_of.get(sid, "")
                          if u not in COUNT_UNITS and not SOURCE_WORDS.fullmatch(m.split()[-1]) else ""
                          for m, u, t, sid in zip(f.measure, f.unit, f.text, f.sentence_id)])
    f = f[f.measure != ""]
    if f.empty:
        return pd.DataFrame(columns=cols)
    when = [dated(corpus, m, p, t, sh) for m, p, t, sh in zip(f.measure, f.period, f.text, f.shown)]
    f = f.assign(measure=[m for m, _p in when], period=[p for _m, p in when])
    f = f.assign(_p=f.period.map(period_key), _v=list(zip(f.low, f.high)))
    g = f.groupby(["measure", "unit"])
    # different values over different stated periods (a value without a period is of no period)
    series = (g._p.transform(lambda p: p[p != ""].nunique()) > 1) & (g._v.transform("nunique") > 1)
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
    for (_item, name, unit, period), g in f.groupby(["item", "name", "unit", "period"], sort=False):
        g = g.drop_duplicates(["low", "high", "article_id"])
        figs = list(zip(g.article_id, g.sentence_id, g.low, g.high, g.measure.map(_is_target), g.shown))
        for a, b in _first_differing(figs):
            pair = (a[0], a[1], b[0], b[1])
            if pair in done or (pair[2], pair[3], pair[0], pair[1]) in done:
                continue
            done.add(pair)
            rows.append((f"{name}: {unit} ({period})", "figure", a[0], a[1], a[5], b[0], b[1], b[5]))
            break
    return rows


def _first_differing(figs: list[tuple]) -> Iterator[tuple[tuple, tuple]]:
    """Each figure that has one, with the first figure of another article, another value and the same target-ness.

    Figures are (article, sentence, low, high, is a target, shown), in order. The figures of one article are one per value (deduplicated), so among the figures of one value the first or
    second is of another article: looked up per value, the search stays linear in the figures for few values.
    """
    if any(math.isnan(f[2]) or math.isnan(f[3]) for f in figs):  # no value equals NaN: compare each pair
        for a in figs:
            b = next((b for b in figs if b[0] != a[0] and (b[2] != a[2] or b[3] != a[3]) and b[4] == a[4]), None)
            if b is not None:
                yield a, b
        return
    by_value: dict[tuple, dict[tuple, list[int]]] = {}  # (is a target) -> value -> positions, in order
    for i, f in enumerate(figs):
        by_value.setdefault(f[4], {}).setdefault((f[2], f[3]), []).append(i)
    for a in figs:
        best = None
        for value, where in by_value[a[4]].items():
            if value == (a[2], a[3]):
                continue
            i = where[0] if figs[where[0]][0] != a[0] else where[1] if len(where) > 1 else None
            if i is not None and (best is None or i < best):
                best = i
        if best is not None:
            yield a, figs[best]


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
    called_annual.sort()  # the first of another article, else the first of all: one sort, not one per sentence
    for aid, sid, says, y in dated_last:
        other = next((h for h in called_annual if h[1] != aid), called_annual[0] if called_annual else None)
        if other is None:
            continue
        _, b_aid, b_sid, b_says = other
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
    some_of: dict[str, list[tuple]] = {}  # "one of the largest ...": by noun, in order
    for h in hits:
        if h[0]:
            some_of.setdefault(h[1], []).append(h)
    # One row per source's "the largest" claim, against the first "one of the largest" of another source: a row per
    # pair of sources grows with the square of the corpus (millions of rows at 10,000 articles that repeat
    # the same claims) and tells a reader no more than the first counter-claim does.
    for sole in (h for h in hits if not h[0]):
        for some in some_of.get(sole[1], ()):
            common = [w for w in sole[2] if w in some[2]]
            if common and sole[3] != some[3]:
                if (sole[3], sole[1], tuple(common)) in done:  # the same source saying it again
                    break
                done.add((sole[3], sole[1], tuple(common)))
                # the words as the sentence writes them ("Russian crude", not "russian crude")
                cased = {w.lower(): w for w in re.findall(r"[\w’'-]+", sole[5])}
                rows.append((f"rank among {sole[1]}s of {' '.join(cased.get(w, w) for w in common)}", "description",
                             sole[3], sole[4], sole[5], some[3], some[4], some[5]))
                break
    return rows


__all__ = ["claim_support", "quote_in_context", "figure_table", "disagreements", "drop_restated", "TIMING_LABEL"]


def drop_restated(figs: pd.DataFrame) -> pd.DataFrame:
    """One row per claim of ``figs`` (a :func:`figure_table`): the same value of a measure for the same period once.

    A value restated without its period ("talks expected to reach $100 bn" after "$100 billion by
    2030") is the dated claim again when the measure has that value for exactly one stated period;
    the dated row is kept. The first row of each claim is kept, in the order of ``figs``.
    """
    if figs.empty:
        return figs
    f = figs.assign(_p=figs.period.map(period_key))
    dated_periods = f[f._p != ""].groupby(["measure", "unit", "low", "high"])._p.agg(lambda p: set(p))
    restated = [p == "" and len(dated_periods.get((m, u, lo, hi), ())) == 1
                for m, u, lo, hi, p in zip(f.measure, f.unit, f.low, f.high, f._p)]
    f = f[~pd.Series(restated, index=f.index, dtype=bool)]
    return f.drop_duplicates(["measure", "unit", "low", "high", "_p"]).drop(columns="_p")


def headline_figures(figs: pd.DataFrame, *, units: tuple[str, ...] = (*sorted(MONEY_UNITS), "percent"),
                     min_sources: int = 1, sort: tuple[str, ...] = ("n_sources", "measure", "period")) -> pd.DataFrame:
    """The figures of ``figs`` (a :func:`figure_table`) worth a headline.

    Figures in ``units`` (money and percentages by default) given by at least ``min_sources``
    articles, one row per measure, value and period, sorted by ``sort`` (``n_sources`` descending,
    the rest ascending).
    """
    out = drop_restated(figs[figs.unit.isin(list(units)) & (figs.n_sources >= min_sources)])
    return out.sort_values(list(sort), ascending=[c != "n_sources" for c in sort], kind="stable").reset_index(drop=True)
