"""Key judgements and the note on the sources, generated from the item records (not picked sentences).

Each judgement is one or two plain sentences built from the consolidated scorecard, the figure
table and the disagreements, with the sentence ids it rests on and a confidence note read from its
support (how many independent sources, of which kinds).
"""

from __future__ import annotations

import re

import pandas as pd

from .claims import MONEY_UNITS, disagreements, figure_table
from .coverage import relevance
from .data import KIND_ORDER, Corpus
from .event import AFTER, AT, BEFORE
from .outcomes import AGREED, DISCUSSED, EXPECTED, IN_PROGRESS, NOT_AGREED, STATUS_LABEL, scorecard

KIND_WORDS = {"preview": ("preview", "previews"), "report": ("report", "reports"), "analysis": ("analysis", "analyses")}
JUDGEMENT_COLUMNS = ["topic", "judgement", "items", "statuses", "evidence", "sources", "confidence"]


def confidence(sources: list[str], kinds: list[str], what: str = "") -> str:
    """A plain note on how well supported a claim is: "one post-event analysis only", "3 sources (...)"."""
    by_source = dict(zip(sources, kinds))  # a source counts once, whatever it says
    sources, kinds = list(by_source), [k for k in by_source.values() if k]
    if not sources:
        return "no source"
    if len(set(sources)) == 1:
        k = kinds[0] if kinds else "source"
        return f"one {'post-event ' if k == 'analysis' else ''}{KIND_WORDS.get(k, (k, k))[0]} only"
    mix = ", ".join(f"{kinds.count(k)} {KIND_WORDS[k][int(kinds.count(k) != 1)]}" for k in KIND_WORDS if k in kinds)
    return f"{len(set(sources))} sources ({mix})" + (f"; {what}" if what else "")


def _items_sentence(rows: pd.DataFrame, with_status: bool = False) -> str:
    def one(r) -> str:
        status = f"{STATUS_LABEL[r.status]}, " if with_status else ""
        return f"{r.name} ({status}{r.n_sources} source{'s' if r.n_sources != 1 else ''})"

    return "; ".join(one(r) for r in rows.itertuples())


def _support(rows: pd.DataFrame) -> tuple[list[str], list[str], list[str]]:
    evidence = [sid for ev in rows.evidence for sid in ev[:1]]
    sources = sorted({a for s in rows.sources for a in s})
    kinds = [k for ks in rows.kinds for k in ks]
    return evidence, sources, kinds


def _item_confidence(rows: pd.DataFrame) -> str:
    single = rows[rows.n_sources == 1]
    if len(single) == len(rows):
        kinds = {k for ks in single.kinds for k in ks}
        if kinds == {"analysis"}:
            return "each rests on one post-event analysis only"
        return "each rests on a single source"
    if len(single):
        return f"{len(single)} of {len(rows)} rest on a single source"
    return "each stated by at least two sources"


def key_judgements(corpus: Corpus, theme: str | None = None, limit: int = 7, figures: int = 2) -> pd.DataFrame:
    """At most ``limit`` key judgements for the corpus (or one ``theme``), from the structured records.

    In order: what was agreed at the event, what was settled before it (not an outcome), what is
    in progress, what was expected and not agreed, the ``figures`` figures most sources give, the
    main disagreement and (overview only) the stance each party took. Columns: topic, judgement (plain sentences), items (item ids the
    judgement states a status for), statuses (their statuses, for the audit), evidence (sentence
    ids), sources (article ids), confidence.
    """
    event = corpus.event.short if corpus.event else "the event"
    sc = scorecard(corpus, theme=theme)
    out = []

    def add(topic: str, text: str, rows: pd.DataFrame, conf: str) -> None:
        evidence, sources, _ = _support(rows)
        out.append((topic, text, list(rows["item"]), list(rows.status), evidence, sources, conf))

    agreed = sc[(sc.status == AGREED) & sc.timing.isin([AT, AFTER])]
    if len(agreed):
        add("Agreed", f"Agreed at {event}: {_items_sentence(agreed)}.", agreed, _item_confidence(agreed))
    before = sc[sc.status.isin([AGREED, IN_PROGRESS]) & (sc.timing == BEFORE)]
    if len(before):
        add("Before the event", f"Settled before {event}, so not outcomes of it: {_items_sentence(before, True)}.", before,
            _item_confidence(before))
    progress = sc[(sc.status == IN_PROGRESS) & (sc.timing != BEFORE)]
    if len(progress):
        add("In progress", f"Agreed to negotiate, explore or accelerate, not concluded: {_items_sentence(progress)}.",
            progress, _item_confidence(progress))
    missed = sc[sc.status.isin([NOT_AGREED, DISCUSSED])]
    pending = sc[sc.status == EXPECTED]
    if len(missed) or len(pending):
        parts = []
        if len(missed):
            parts.append(f"Sought or discussed but reported as not agreed: {_items_sentence(missed)}.")
        if len(pending):
            parts.append(f"Expected beforehand, with no later report either way: {_items_sentence(pending)}.")
        both = pd.concat([missed, pending])
        add("Not agreed", " ".join(parts), both, _item_confidence(both))
    out += _figure_judgements(corpus, theme, figures)
    dis = disagreements(corpus)
    if theme:
        keep = set(sc.name)
        dis = dis[(dis.kind == "item") & pd.Series([any(n in a for n in keep) for a in dis.about], index=dis.index, dtype=bool)]
    if len(dis):
        d = dis.iloc[0]
        q = "" if d.kind == "item" else "“"
        qe = "" if d.kind == "item" else "”"
        out.append(("Disagreement", f"Sources disagree on {d.about}: one says {q}{d.a_says}{qe}, another {q}{d.b_says}{qe}.",
                    [], [], [d.a_sentence, d.b_sentence], [d.a_article, d.b_article],
                    f"{len(dis)} disagreement{'s' if len(dis) != 1 else ''} listed under Disagreements"))
    st = stances(corpus) if theme is None else pd.DataFrame()
    if len(st):
        kinds = corpus.articles.set_index("article_id").kind
        text = "; ".join(f"{r.party}: “{r.clause}”" for r in st.itertuples())
        srcs = list(dict.fromkeys(st.article_id))
        out.append(("Stances", f"The stance each side took, in the sources' words: {text}.", [], [], list(st.sentence_id),
                    srcs, confidence(srcs, [kinds.get(a, "") for a in srcs], "each side in one clause")))
    return pd.DataFrame(out[:limit], columns=JUDGEMENT_COLUMNS)


STANCE_VERB = re.compile(
    r"\b(?:will not|won[’']t|would not|cannot|refuses?|refused|rejects?|rejected|insists?|insisted|offered|pledged|"
    r"committed|reiterated|emphasi[sz]ed|stressed|signall?ed|values?|valued|wants?|seeks?|sought|aims?|maintains?|"
    r"intends?|is determined|remains? committed|pushed|pushes|called for)\b",
    re.I,
)


def stances(corpus: Corpus, limit_words: int = 30) -> pd.DataFrame:
    """The stance each party of the event took, as a clause quoted from the latest sources.

    For each party (data/event.yaml), the clause of a report or analysis in which the party is the
    subject (named in its first words) of a stance verb ("will not permit", "offered", "values").
    Columns: party, clause (verbatim), sentence_id, article_id.
    """
    cols = ["party", "clause", "sentence_id", "article_id"]
    if corpus.event is None or not corpus.event.parties:
        return pd.DataFrame(columns=cols)
    s = corpus.sentences[corpus.sentences.block.isin(["body", "bullet"])].merge(
        corpus.articles[["article_id", "kind"]], on="article_id")
    s = s.assign(_k=s.kind.map(KIND_ORDER).fillna(3)).sort_values(["_k", "sentence_id"], ascending=[False, True])
    rows = []
    for party in corpus.event.parties:
        subject = re.compile(rf"(?:^|[:;—]\s*|,\s*)(?:[A-Z][\w’']*\s+){{0,2}}?{re.escape(party)}\b[^.;:—]{{0,40}}?"
                             rf"{STANCE_VERB.pattern}[^.;:—]*", re.I)
        for sid, aid, text in zip(s.sentence_id, s.article_id, s.text):
            m = subject.search(text)
            if not m:
                continue
            clause = m.group(0).lstrip(":;—, ").strip().rstrip(",")
            if 5 <= len(clause.split()) <= limit_words and clause.split()[0][0].isupper():
                rows.append((party, clause, sid, aid))
                break
    return pd.DataFrame(rows, columns=cols)


def _figure_judgements(corpus: Corpus, theme: str | None, n: int) -> list[tuple]:
    ft = figure_table(corpus, theme)
    if theme and len(ft):
        rel = dict(zip(ft.sentence_id, relevance(corpus, theme, ft.text)))
        ft = ft[pd.Series([rel[s] >= 0.5 for s in ft.sentence_id], index=ft.index, dtype=bool)]  # figures of sentences mostly about this theme
    money = ft[ft.unit.isin([*sorted(MONEY_UNITS), "percent"])]
    if money.empty or n <= 0:
        return []
    spread = money.groupby("measure").agg(arts=("article_id", "nunique"), rows=("sentence_id", "size"))
    series = money.groupby("measure").series.any()
    spread = spread.assign(series=series.reindex(spread.index))
    top = spread.sort_values(["arts", "series", "rows"], ascending=False).head(n).index
    kinds = corpus.articles.set_index("article_id").kind
    parts, sids, srcs = [], [], []
    for measure in top:
        g = money[money.measure == measure].drop_duplicates(["low", "high", "period"])
        g = g.drop_duplicates("shown").head(3)
        vals = "; ".join(f"“{r.shown}”" + (f" ({r.period})" if r.period else "") for r in g.itertuples())
        distinct = g.drop_duplicates(["low", "high"])
        series = " (different periods: a series, not a disagreement)" if len(distinct) > 1 and distinct.period.nunique() > 1 else ""
        parts.append(f"{measure[0].upper()}{measure[1:]}: {vals}{series}.")
        sids += list(g.sentence_id)
        srcs += [a for a in dict.fromkeys(g.article_id) if a not in srcs]
    return [("Figures", " ".join(parts), [], [], sids, srcs, confidence(srcs, [kinds.get(a, "") for a in srcs]))]


def about_sources(corpus: Corpus, theme: str | None = None) -> pd.DataFrame:
    """What the briefing rests on: the sources by kind, and the outcomes resting on one source or on analyses only.

    Columns: topic, note, items (item names, for outcome rows), sources (article ids).
    """
    arts = corpus.articles
    rows = []
    counts = arts.kind.value_counts()
    mix = ", ".join(f"{counts[k]} {KIND_WORDS[k][int(counts[k] != 1)]}" for k in KIND_WORDS if k in counts)
    dated = (arts.published != "").sum()
    rows.append(("Sources", f"{len(arts)} articles: {mix or 'none'}; {dated} carry a publication date.", [], list(arts.article_id)))
    sc = scorecard(corpus, theme=theme)
    outcomes = sc[sc.status.isin([AGREED, IN_PROGRESS, NOT_AGREED])]
    single = outcomes[outcomes.n_sources == 1]
    if len(single):
        rows.append(("Single source", f"{len(single)} of {len(outcomes)} outcomes rest on a single source: "
                     + "; ".join(single.name) + ".", list(single.name), sorted({a for s in single.sources for a in s})))
    opinion = outcomes[pd.Series([set(k) == {"analysis"} for k in outcomes.kinds], index=outcomes.index, dtype=bool)]
    if len(opinion):
        rows.append(("Analysis only", f"{len(opinion)} outcomes are reported only by analysis pieces (opinion, written "
                     "after the event), not by a news report: " + "; ".join(opinion.name) + ".", list(opinion.name),
                     sorted({a for s in opinion.sources for a in s})))
    return pd.DataFrame(rows, columns=["topic", "note", "items", "sources"])
