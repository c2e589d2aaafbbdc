"""Key judgements and the note on the sources, generated from the item records (not picked sentences).

Each judgement is one or two plain sentences built from the consolidated scorecard, the figure
table and the disagreements, with the sentence ids it rests on and a confidence note read from its
support (how many independent sources, of which kinds).
"""

from __future__ import annotations

import re

import pandas as pd

from .claims import MONEY_UNITS, disagreements, drop_restated, figure_table
from .data import Corpus
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


def _short_name(name: str) -> str:
    """An item's name without its parenthesised detail ("Payments in national currencies (rupee–rouble ...)")."""
    return re.sub(r"\s*\([^)]*\)", "", name).strip() or name


def _top(rows: pd.DataFrame, n: int) -> pd.DataFrame:
    """The ``n`` items most sources state (a judgement names a few; the scorecard lists them all)."""
    return rows.assign(_k=rows.n_sources.astype(int)).sort_values(["_k", "name"], ascending=[False, True]).head(n).drop(columns="_k")


def _counted(r) -> str:
    """" (2 sources)" after an item's name, saying when its sources differ ("(2 sources, differing on when)").

    Sources that state the same status but date it differently do not both support "agreed at the
    event": the judgement says so rather than count them as one voice.
    """
    if r.conflict:
        label = STATUS_LABEL[r.status]
        what = "when" if all(says.startswith(label) for _a, _s, says in r.conflict_sides) else "the status"
        return f" ({r.n_sources} sources, differing on {what})" if r.n_sources > 1 else f" (sources differ on {what})"
    return f" ({r.n_sources} sources)" if r.n_sources > 1 else ""


def _items_sentence(rows: pd.DataFrame, shown: pd.DataFrame, mark_talks: bool = False) -> str:
    """The items of ``shown`` ("A (2 sources), B and C"), counting the rest of ``rows`` ("and 4 more").

    ``mark_talks`` marks the items only agreed to be negotiated ("(talks only)").
    """
    names = [_short_name(r.name) + (" (talks only)" if mark_talks and r.status == IN_PROGRESS else "") + _counted(r)
             for r in shown.itertuples()]
    text = ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]
    rest = len(rows) - len(shown)
    return text + (f", and {rest} more (see the scorecard)" if rest > 0 else "")


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


def key_judgements(corpus: Corpus, theme: str | None = None, limit: int = 7, figures: int = 2,
                   per_judgement: int = 3) -> pd.DataFrame:
    """At most ``limit`` key judgements for the corpus (or one ``theme``), from the structured records.

    In order: what was agreed at the event, what was settled before it (not an outcome), what is
    in progress, what was expected and not agreed, the ``figures`` figures most sources give, the
    main disagreement and (overview only) the stance each party took. Each names at most
    ``per_judgement`` items (those most sources state) and counts the rest. Columns: topic, judgement (plain sentences), items (item ids the
    judgement states a status for), statuses (their statuses, for the audit), evidence (sentence
    ids), sources (article ids), confidence.
    """
    event = corpus.event.short if corpus.event else "the event"
    sc = scorecard(corpus, theme=theme)
    out = []

    def add(topic: str, text: str, rows: pd.DataFrame, conf: str) -> None:
        evidence, sources, _ = _support(rows)
        out.append((topic, text, list(rows["item"]), list(rows.status), evidence, sources, conf))

    def add_items(topic: str, lead: str, rows: pd.DataFrame, mark_talks: bool = False) -> None:
        shown = _top(rows, per_judgement)
        add(topic, f"{lead}: {_items_sentence(rows, shown, mark_talks)}.", shown, _item_confidence(rows))

    agreed = sc[(sc.status == AGREED) & sc.timing.isin([AT, AFTER])]
    if len(agreed):
        add_items("Agreed", f"Agreed at {event}", agreed)
    before = sc[sc.status.isin([AGREED, IN_PROGRESS]) & (sc.timing == BEFORE)]
    if len(before):
        add_items("Before the event", f"Done before {event}, so not its outcomes", before, mark_talks=True)
    progress = sc[(sc.status == IN_PROGRESS) & (sc.timing != BEFORE)]
    if len(progress):
        add_items("In progress", "Agreed to negotiate or work towards, not concluded", progress)
    missed, pending = sc[sc.status.isin([NOT_AGREED, DISCUSSED])], sc[sc.status == EXPECTED]
    if len(missed) or len(pending):  # one judgement, a sentence each: what fell short and what nobody reported on
        shown = [_top(missed, per_judgement), _top(pending, per_judgement)]
        parts = [f"{lead}: {_items_sentence(rows, top)}." for lead, rows, top in
                 (("Sought or discussed but not agreed", missed, shown[0]),
                  ("Expected beforehand, no later report either way", pending, shown[1])) if len(rows)]
        add("Not agreed", " ".join(parts), pd.concat(shown), _item_confidence(pd.concat([missed, pending])))
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
        text = "; ".join(f"{r.party}{f' ({r.speaker})' if r.speaker else ''}, in a {r.kind}: “{r.clause}”"
                         for r in st.itertuples())
        missing = [p for p in corpus.event.parties if p not in set(st.party)]
        gap = f" No source reports what {' or '.join(missing)} said or did in its own name." if missing else ""
        srcs = list(dict.fromkeys(st.article_id))
        out.append(("Stances", f"As reported: {text}.{gap}", [], [], list(st.sentence_id),
                    srcs, confidence(srcs, [kinds.get(a, "") for a in srcs], "one clause per side")))
    return pd.DataFrame(out[:limit], columns=JUDGEMENT_COLUMNS)


STANCE_VERB = re.compile(
    r"\b(?:will not|won[’']t|would not|cannot|refuses?|refused|rejects?|rejected|insists?|insisted|offered|pledged|"
    r"committed|reiterated|emphasi[sz]ed|stressed|signall?ed|values?|valued|wants?|seeks?|sought|aims?|maintains?|"
    r"intends?|is determined|remains? committed|pushed|pushes|called for|said|says|told|stated|declared|announced|"
    r"assured|urged|welcomed|reaffirmed)\b",
    re.I,
)


# What a party did (as opposed to what it is said to want or value): reportable as fact.
ACT_VERB = re.compile(r"\b(?:will not|won[’']t|refused|rejected|offered|pledged|committed|reiterated|emphasi[sz]ed|stressed|"
                      r"signall?ed|pushed|called for|insisted|sought|signed|proposed|announced|said|says|told|stated|declared|assured|urged|"
                      r"reaffirmed)\b", re.I)
# ", a target that requires ...", ", which ...", ", thereby signalling ...": the writer's gloss on the clause.
APPOSITIVE = re.compile(r",\s+(?=(?:a|an|the|which|who|while|thereby|thus|\w+ing)\b)")
ATTRIBUTED = re.compile(r"\b(?:said|says|told|stated|announced|according to|declared|affirmed|reaffirmed|wrote|added)\b|[“\"]", re.I)
# Lead-ins that keep the party the subject of what follows ("According to officials, India will ...").
LEAD = (r"(?:(?:According to [^,;]{3,60}|On \w+(?: \w+)?|At the \w+|During the \w+|Meanwhile|However|Instead|Still|Yet|"
        r"Moreover|Furthermore|For its part|In turn|At the same time|[A-Z][a-z]+ly),\s+)?")


def stances(corpus: Corpus, limit_words: int = 25) -> pd.DataFrame:
    """The stance each party of the event took: what it said or did, as a source reports it.

    For each party (data/event.yaml), the first clause of a report's (else a preview's) sentence
    that opens with the party as subject of a stance verb ("India will not ...", "Russia offered
    ...", "According to officials, X wants ..."). An analysis piece is used only where it attributes
    the stance ("said", "according to", a quotation) and no report or preview gives one: a clause
    that follows "conveyed a message:" or "demonstrating that" is the writer's characterisation, not
    the party's stance, so only sentence-opening clauses count. A party no clause gives a stance
    for speaks through a direct quote of one of its voices (data/event.yaml). Columns: party,
    clause (verbatim), sentence_id, article_id, kind, speaker (who is quoted, "" for a clause).
    """
    cols = ["party", "clause", "sentence_id", "article_id", "kind", "speaker"]
    if corpus.event is None or not corpus.event.parties:
        return pd.DataFrame(columns=cols)
    s = corpus.sentences[corpus.sentences.block.isin(["body", "bullet"])].merge(
        corpus.articles[["article_id", "kind"]], on="article_id")
    rank = {"report": 0, "preview": 1, "analysis": 2}
    s = s.assign(_k=s.kind.map(rank).fillna(3)).sort_values(["_k", "sentence_id"])
    rows = []
    for party in corpus.event.parties:
        names = "|".join(re.escape(v) for v in sorted(corpus.event.voices_of(party), key=len, reverse=True))
        subject = re.compile(rf"^{LEAD}(?:[A-Z][\w’']*\s+){{0,2}}?(?:{names})\b[^.;:—,]{{0,40}}?"
                             rf"{STANCE_VERB.pattern}[^.;:—]*", re.I)
        for sid, aid, kind, text in zip(s.sentence_id, s.article_id, s.kind, s.text):
            m = subject.search(text.strip())
            if not m or ((kind == "analysis" or not ACT_VERB.search(m.group(0))) and not ATTRIBUTED.search(text)):
                continue  # a disposition ("is determined", "values", "aims") is the writer's reading unless attributed
            clause = re.sub(rf"^{LEAD}", "", APPOSITIVE.split(m.group(0).strip())[0].strip().rstrip(","))
            if 5 <= len(clause.split()) <= limit_words:
                rows.append((party, clause, sid, aid, kind, ""))
                break
        else:
            rows += _quoted_stance(corpus, party, rank, limit_words)
    return pd.DataFrame(rows, columns=cols)


def _quoted_stance(corpus: Corpus, party: str, rank: dict[str, int], limit_words: int) -> list[tuple]:
    """A party's own words when no sentence makes it the subject of a stance: a direct quote of one of its voices.

    "“Supply chains cannot depend on a single country,” the foreign minister told reporters" is
    what the party said in its own name; a report's quote comes before a preview's, an analysis'
    last. The clause is the quotation as written.
    """
    voices = sorted(corpus.event.voices_of(party), key=len, reverse=True)
    if corpus.quotes.empty or not voices:
        return []
    speaker = re.compile(r"\b(?:" + "|".join(re.escape(v) for v in voices) + r")\b", re.I)
    q = corpus.quotes[[bool(speaker.search(sp)) for sp in corpus.quotes.speaker]].merge(
        corpus.articles[["article_id", "kind"]], on="article_id")
    q = q[[5 <= len(t.split()) <= limit_words for t in q.quote]]
    if q.empty:
        return []
    r = q.assign(_k=q.kind.map(rank).fillna(3)).sort_values(["_k", "sentence_id"]).iloc[0]
    return [(party, r.quote.strip().rstrip(",."), r.sentence_id, r.article_id, r.kind, r.speaker)]


def _figure_judgements(corpus: Corpus, theme: str | None, n: int) -> list[tuple]:
    ft = figure_table(corpus, theme)
    money = ft[ft.unit.isin([*sorted(MONEY_UNITS), "percent"])]  # a theme's figures are figure_table's rule
    if money.empty or n <= 0:
        return []
    spread = money.groupby("measure").agg(arts=("article_id", "nunique"), rows=("sentence_id", "size"))
    series = money.groupby("measure").series.any()
    spread = spread.assign(series=series.reindex(spread.index))
    top = spread.sort_values(["arts", "series", "rows"], ascending=False).head(n).index
    kinds = corpus.articles.set_index("article_id").kind
    parts, sids, srcs = [], [], []
    for measure in top:
        g = money[money.measure == measure]
        g = drop_restated(g.assign(_d=g.period == "").sort_values("_d", kind="stable").drop(columns="_d")).head(2)
        vals = "; ".join(f"“{r.shown}”" + (f" ({r.period})" if r.period else "") for r in g.itertuples())
        distinct = g.drop_duplicates(["low", "high"])
        series = " (different periods: a series, not a disagreement)" if len(distinct) > 1 and distinct.period.nunique() > 1 else ""
        parts.append(f"{measure[0].upper()}{measure[1:]}: {vals}{series}.")
        sids += list(g.sentence_id)
        # every article that gives a shown value for its period supports it, not only the one quoted
        srcs += [a for a in dict.fromkeys([*g.article_id, *(a for s in g.sources for a in s)]) if a not in srcs]
    return [("Figures", " ".join(parts), [], [], sids, srcs, confidence(srcs, [kinds.get(a, "") for a in srcs]))]


def _named(names: pd.Series, limit: int) -> str:
    """``names`` joined for a note, or a pointer to the scorecard when there are more than ``limit``."""
    if len(names) <= limit:
        return ": " + "; ".join(names) + "."
    return " (the scorecard's Sources column shows which)."


def about_sources(corpus: Corpus, theme: str | None = None, names: int = 5) -> pd.DataFrame:
    """What the briefing rests on: the sources by kind, and the outcomes resting on one source or on analyses only.

    A note names its outcomes when there are at most ``names`` of them; a longer list would bury
    the point, so it then points to the scorecard. Columns: topic, note, items (every item name
    the note is about, named or not), sources (article ids).
    """
    arts = corpus.articles
    rows = []
    counts = arts.kind.value_counts()
    mix = ", ".join(f"{counts[k]} {KIND_WORDS[k][int(counts[k] != 1)]}" for k in KIND_WORDS if k in counts)
    dated = (arts.published != "").sum()
    dated_words = "none carries" if dated == 0 else ("all carry" if dated == len(arts) else f"{dated} carry")
    rows.append(("Sources", f"{len(arts)} articles: {mix or 'none'}; {dated_words} a publication date.", [],
                 list(arts.article_id)))
    sc = scorecard(corpus, theme=theme)
    outcomes = sc[sc.status.isin([AGREED, IN_PROGRESS, NOT_AGREED])]
    single = outcomes[outcomes.n_sources == 1]
    if len(single):
        rows.append(("Single source", f"{len(single)} of {len(outcomes)} outcomes rest on a single source"
                     + _named(single.name, names), list(single.name), sorted({a for s in single.sources for a in s})))
    opinion = outcomes[pd.Series([set(k) == {"analysis"} for k in outcomes.kinds], index=outcomes.index, dtype=bool)]
    if len(opinion):
        rows.append(("Analysis only", f"{len(opinion)} outcomes are reported only by analysis pieces (opinion, written "
                     "after the event), not by a news report" + _named(opinion.name, names), list(opinion.name),
                     sorted({a for s in opinion.sources for a in s})))
    return pd.DataFrame(rows, columns=["topic", "note", "items", "sources"])
