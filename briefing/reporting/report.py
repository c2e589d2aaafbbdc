"""The reports the notebooks show: one object per report whose methods render its sections.

A notebook creates a :class:`ThemeReport` or :class:`OverviewReport` from its parameters; per section
it computes a DataFrame with a function of :mod:`briefing.analysis` (its arguments are the analyst's
choices) and passes it to one method here, which shows it. Markup is in
:mod:`briefing.reporting.present`, charts in :mod:`briefing.reporting.charts`. Every source has one
number, its place in the corpus by publication date (:class:`~briefing.reporting.present.Citations`),
so sections may come in any order; the Sources section lists the sources cited above it, so it comes
after them, and the audit comes last.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

import numpy as np
import pandas as pd

from ..analysis import claims as CL
from ..analysis import judgements as J
from ..analysis import keypoints as KP
from ..analysis import outcomes as O
from ..analysis.actors import actor_mentions, actors
from ..analysis.coverage import coverage, coverage_matrix, restrict, source_profiles, theme_sentences
from ..analysis.data import Corpus, default_as_of
from ..analysis.timeline import timeline
from ..analysis.voices import top_voices, voices
from ..errors import UsageError
from . import charts as C
from . import present as P
from .audit import Audit

SOURCE_NOTE = "Source: briefing corpus ({n} articles), extracted sentences; numbers in brackets refer to Sources."
MAX_ARTICLES_IN_HEATMAP = 20


def _check_as_of(as_of: str) -> str:
    if as_of == "":
        return ""  # the default: the latest date the sources support (analysis.event.default_as_of)
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(as_of)):
            raise ValueError
        dt.date.fromisoformat(str(as_of))
    except ValueError:
        raise UsageError(f"parameter as_of={as_of!r} is not a date; give it as YYYY-MM-DD, e.g. 2025-12-08.") from None
    return str(as_of)


def _check_sources(corpus: Corpus, sources: list[str] | None) -> list[str]:
    sources = list(sources or [])
    valid = list(corpus.articles.article_id)
    unknown = [s for s in sources if s not in set(valid)]
    if unknown:
        shown = ", ".join(valid[:20]) + (f" and {len(valid) - 20} more" if len(valid) > 20 else "")
        raise UsageError(
            f"parameter sources: unknown article id(s) {', '.join(map(repr, unknown))}; "
            f"valid ids are the file names in the corpus folder without extension: {shown or '(none)'}."
        )
    return sources


def _check_theme(corpus: Corpus, theme: str) -> str:
    if theme not in corpus.theme_ids:
        raise UsageError(
            f"parameter theme={theme!r} is not a theme of data/themes.yaml; valid themes: {', '.join(corpus.theme_ids)}."
        )
    return theme


def _when(published: str, kind: str, event: str = "the event") -> str:
    return published or {"preview": f"before {event}", "report": "during", "analysis": "after"}.get(kind, "")


def _event_name(corpus: Corpus) -> str:
    """How running text refers to the event (data/event.yaml's ``short``), e.g. "the summit"."""
    return corpus.event.short if corpus.event is not None else "the event"


def _parties(corpus: Corpus) -> str:
    """The event's parties for running text ("India and Russia"), or "" when the event names none."""
    names = list(corpus.event.parties) if corpus.event is not None else []
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


def _fmt_short(iso: str) -> str:
    """A timeline date: "4 Dec 2025", "Dec 2025" or "2030", as precise as the source."""
    for fmt, out in (("%Y-%m-%d", "%-d %b %Y"), ("%Y-%m", "%b %Y")):
        try:
            return dt.datetime.strptime(iso, fmt).strftime(out)
        except ValueError:
            continue
    return iso


def _fmt_span(start: str, end: str) -> str:
    """The event's days: "4–5 Dec 2025", or one day when it lasts one."""
    a, b = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    if a == b:
        return _fmt_short(start)
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}–{b.day} {b:%b %Y}"
    return f"{_fmt_short(start)} – {_fmt_short(end)}"


def _fmt_date(iso: str) -> str:
    if not iso:
        return "undated (no source gives a date; set the as_of parameter)"
    try:
        return dt.date.fromisoformat(iso).strftime("%-d %B %Y")
    except ValueError:
        return iso


def _passage(text: dict[str, str], sentence_id: str, quote: str, longest: int = 8) -> list[str]:
    """The sentence ids, from ``sentence_id`` on, whose run holds ``quote`` (just ``sentence_id`` when it does)."""
    article, _, n = sentence_id.rpartition(":")
    run, joined = [sentence_id], text.get(sentence_id, "")
    while quote not in joined and n.isdigit() and len(run) < longest:
        nxt = f"{article}:{int(n) + len(run)}"
        if nxt not in text:
            break
        run.append(nxt)
        joined += " " + text[nxt].lstrip("“\"‘'")  # a paragraph that continues a quotation reopens it
    return run if quote in joined else [sentence_id]


def _run_text(text: dict[str, str], run: list[str]) -> str:
    """The sentences of ``run`` as one passage, as :func:`_passage` joins them."""
    return " ".join([text.get(run[0], ""), *(text.get(s, "").lstrip("“\"‘'") for s in run[1:])])


class _Report:
    """What theme and overview reports share: the corpus, the date, citations and the sources list."""

    def __init__(self, corpus: Corpus, as_of: str, sources: list[str] | None, report_id: str):
        self.sources = _check_sources(corpus, sources)
        self.corpus = restrict(corpus, self.sources)
        # One rule for the default (analysis.data.default_as_of), never the clock: a rebuild of the same
        # sources prints the same date. "" when no source gives one; the header then says so.
        self.as_of = _check_as_of(as_of) or default_as_of(corpus)
        self.records = O.scorecard(self.corpus, include_mentioned=True)
        self.audit_log = Audit.for_corpus(self.corpus.sentences, self.records)
        self.report_id = report_id
        self.cites = P.Citations(self.corpus.articles, prefix=report_id)
        self.n_articles = len(self.corpus.articles)
        self.source_note = SOURCE_NOTE.format(n=self.n_articles)

    def _timeline(self, tl: pd.DataFrame, limit: int, nothing: str) -> P.Html:
        if tl.empty:
            return P.empty(nothing)
        tbl = tl.head(limit)
        ev = self.corpus.event
        dates, what, src = [], [], []
        for r in tbl.itertuples():
            if r.sentence_id:
                self.audit_log.text(r.what.strip(".…"), [r.sentence_id], "timeline")
                self.audit_log.date(r.date, r.sentence_id, "timeline")
                dates.append(_fmt_short(r.date))
                what.append(P.esc(r.what[:1].upper() + r.what[1:]))
                src.append(self.cites.cite(r.sources))
            else:  # the event itself, on its own days (data/event.yaml)
                dates.append(_fmt_span(ev.start, ev.end) if ev else _fmt_short(r.date))
                what.append(f"<strong>{P.esc(r.what)}</strong>")
                src.append("")
        # a date after the briefing's is a target or a plan, not an event: the date cell says so
        dates = [f"{d} (ahead)" if w == "ahead" else d for d, w in zip(dates, tbl.when)]
        tbl = tbl.assign(day=dates, what=what, src=src)
        return P.table(tbl, {"day": "Date", "what": "Event or target", "src": "Source"},
                       html_columns=["what", "src"], total=len(tl), limit=limit, what="dated items")

    # -- sections built from the item records ------------------------------------------------------
    def _theme(self) -> str | None:
        return None

    def key_judgements(self, kj: pd.DataFrame | None = None) -> P.Html:
        """The key judgements (``kj`` from :func:`briefing.analysis.judgements.key_judgements`), each cited.

        Every status the judgement states is checked against the item's record and every quoted
        value against the sentences it cites (see :meth:`audit`).
        """
        kj = J.key_judgements(self.corpus, theme=self._theme()) if kj is None else kj
        # The overview's block has the id the e-mail digest extracts; theme headings carry their own anchors.
        ident = ' id="key-judgements"' if self.report_id == "overview" else ""
        if kj.empty:
            return P.Html(f'<div{ident} class="key-judgements">') + P.empty(
                "No tracked item, figure or disagreement on this subject: nothing to judge.") + P.Html("</div>")
        rows = []
        for r in kj.itertuples():
            for item, status in zip(r.items, r.statuses):
                self.audit_log.status(item, status, f"key judgement {r.Index + 1}")
            self.audit_log.quoted(r.judgement, list(r.evidence), f"key judgement {r.Index + 1}")
            rows.append((r.judgement, f'{self.cites.cite(r.sources)} <span class="confidence">({P.esc(r.confidence)})</span>'))
        return P.Html(f'<div{ident} class="key-judgements">') + P.items(rows, cls="judgements") + P.Html("</div>")

    def scorecard(self, sc: pd.DataFrame | None = None, limit: int = 60) -> P.Html:
        """The tracked items: one status each, when, the sources that state it, the evidence, any conflict.

        One line per item where the name allows: the evidence excerpt is the report's own column (the
        briefing pack leaves it out and points here), and items the watch list lacks come last, under
        a heading of their own.
        """
        sc = O.scorecard(self.corpus, theme=self._theme()) if sc is None else sc
        if sc.empty:
            return P.empty("No tracked item (data/items.yaml) is reported on here.")
        tbl = sc.head(limit)
        st = O.statements(self.corpus)
        names = {(i, s): (surface, cue) for i, s, surface, cue in zip(st["item"], st.sentence_id, st.surface, st.cue)}
        what, ev = [], []
        for r in tbl.itertuples():
            self.audit_log.status(r.item, r.status, "scorecard")
            what.append(P.esc(r.name))
            if r.conflict_sides:  # under the item: a column of its own would be empty on most rows
                what[-1] += ('<span class="differ">Sources differ: ' + "; ".join(
                    f"{P.esc(says)} {self.cites.cite([a])}" for a, _sid, says in r.conflict_sides) + "</span>")
            if r.evidence_text:
                marks = names.get((r.item, r.evidence[0]), (r.name, ""))
                shown = self._excerpt(r.evidence_text, [r.evidence[0]], marks, "scorecard", words=3)
                ev.append(f"{shown} {self.cites.cite([r.evidence_article])}")
            else:
                ev.append("")
        kinds = [", ".join(k) for k in tbl.kinds]
        tbl = tbl.assign(
            what=what, ev=ev,
            st=[f'<span class="status {P.esc(x)}">{P.esc(O.STATUS_LABEL[x])}</span>' for x in tbl.status],
            when=[O.TIMING_LABEL[t] for t in tbl.timing],
            n=[f'<span class="count">{n} ({P.esc(k)})</span> {self.cites.cite(list(s))}'
               for n, k, s in zip(tbl.n_sources, kinds, tbl.sources)],
            group=["Not on the watch list: found in the sources" if d else "" for d in tbl.discovered],
        )
        return P.table(tbl, {"what": "Item", "st": "Status", "when": "When", "n": "Sources", "ev": "Evidence (excerpt)"},
                       html_columns=["what", "st", "n", "ev"], not_in_pack=["ev"], group="group",
                       total=len(sc), limit=limit, what="items", cls="scorecard complete") + P.note(
            "Status: agreed; in progress (agreed to negotiate, explore or accelerate); not agreed (sought or discussed, "
            "reported as not concluded); discussed, no outcome; expected (only anticipated, no later report). Sources "
            "counts the articles that state that status, not those that mention the item.")

    def disagreements(self, dis: pd.DataFrame | None = None) -> P.Html:
        """Where sources disagree (items, figures for the same period, descriptions), both sides cited."""
        dis = CL.disagreements(self.corpus) if dis is None else dis
        if dis.empty:
            return P.empty("The sources do not contradict each other on any tracked item, figure or rank.")
        rows = []
        for r in dis.itertuples():
            if r.kind != "item":
                self.audit_log.text(r.a_says, [r.a_sentence], "disagreements")
                self.audit_log.text(r.b_says, [r.b_sentence], "disagreements")
                a, b = f"“{r.a_says}”", f"“{r.b_says}”"
            else:
                a, b = r.a_says, r.b_says
            rows.append((f"{r.about[0].upper()}{r.about[1:]}: {a}", f"{self.cites.cite([r.a_article])} against "
                         f"{P.esc(b)} {self.cites.cite([r.b_article])}"))
        return P.items(rows, ordered=False, cls="disagreements") + P.note(
            "Values of one measure for different periods are shown as a series, not as a disagreement.")

    def about_sources(self, notes: pd.DataFrame | None = None) -> P.Html:
        """How many sources of each kind, and which outcomes rest on a single source or on analyses only."""
        notes = J.about_sources(self.corpus, theme=self._theme()) if notes is None else notes
        rows = [(r.note, self.cites.cite(r.sources, limit=3)) for r in notes.itertuples()]
        return P.items(rows, ordered=False, cls="about-sources")

    def audit(self) -> P.Html:
        """Check every quotation, figure and status this report printed (must be the last cell); raise if one fails."""
        return self.audit_log.verify()

    def sources_list(self) -> P.Html:
        """The numbered list the citations point to (must be the last section)."""
        if not self.cites.numbers:
            return P.empty("No source is cited in this report.")
        arts = self.cites.articles
        rows = []
        for aid, n in sorted(self.cites.numbers.items(), key=lambda kv: kv[1]):
            a = arts.loc[aid]
            meta = [x for x in (a.outlet, a.author, _fmt_date(a.published) if a.published else "", a.kind) if x]
            link = f' <a class="url" href="{P.esc(a.url)}">{P.esc(a.url)}</a>' if a.url.startswith(("http://", "https://")) else ""
            rows.append(
                f'<li id="{self.cites.anchor(n)}"><span class="num">[{n}]</span> <span class="title">{P.esc(a.title)}</span>'
                f'<span class="meta">{P.esc(" · ".join(meta))} · file {P.esc(a.file)}</span>{link}</li>'
            )
        extra = ""
        uncited = self.n_articles - len(self.cites.numbers)
        if uncited > 0:
            extra = f'<p class="note">{uncited} further article(s) in the corpus are not cited here.</p>'
        return P.Html(f'<ol class="sources">{"".join(rows)}</ol>{extra}') + P.note(
            f"Kinds: preview (written before {_event_name(self.corpus)}), report (during it), analysis (after it).")

    def _excerpt(self, sentence: str, sentence_ids: list[str] | str, marks, where: str, words: int = 6) -> str:
        """A short excerpt of ``sentence`` around ``marks`` (bold), as HTML, recorded for the audit."""
        plain, shown = P.excerpt(sentence, list(marks), words=words, longest=4 * words)
        self.audit_log.text(plain, sentence_ids, where)
        return str(shown)

    def _figure_rows(self, tbl: pd.DataFrame, where: str) -> pd.DataFrame:
        """``tbl`` (a figure table) with its citations and each figure in a short excerpt of its sentence."""
        for r in tbl.itertuples():
            self.audit_log.text(r.shown, [r.sentence_id], where)
        src = [self.cites.cite(s) for s in tbl.sources]  # every article giving the value for the period
        # a measure is named once for its run of rows (a series reads down the table)
        measure = [m if i == 0 or m != prev else "" for i, (m, prev) in enumerate(zip(tbl.measure, [None, *tbl.measure]))]
        return tbl.assign(measure=measure, src=src,
                          period=[f"{p} (series)".strip() if s else p for p, s in zip(tbl.period, tbl.series)],
                          context=[self._excerpt(t, [sid], [f], where, words=4) for t, sid, f in
                                   zip(tbl.text, tbl.sentence_id, tbl.shown)])

    @functools.cached_property
    def _sentence_text(self) -> dict[str, str]:
        """Sentence id -> text, made once per report for the sections that show quotations."""
        return dict(zip(self.corpus.sentences.sentence_id, self.corpus.sentences.text))

    def _quotes_in_context(self, tbl: pd.DataFrame) -> list[str]:
        """Each quote of ``tbl`` with enough of its sentence to keep its polarity, recorded for the audit."""
        text = self._sentence_text
        shown = []
        for sid, quote in zip(tbl.sentence_id, tbl.quote):
            run = _passage(text, sid, quote)  # a quotation may run over several sentences
            shown.append(CL.quote_in_context(_run_text(text, run), quote))
            self.audit_log.text(shown[-1].strip("“”\""), run, "voices")
        return shown


class ThemeReport(_Report):
    """The briefing on one theme."""

    def __init__(self, corpus: Corpus, theme: str, as_of: str, sources: list[str] | None = None):
        _check_theme(corpus, theme)
        super().__init__(corpus, as_of, sources, report_id=theme)
        self.theme = corpus.theme(theme)
        self.sentences = theme_sentences(self.corpus, theme)
        self.covered = bool(len(self.sentences))

    def _theme(self) -> str | None:
        return self.theme.id

    # -- sections ----------------------------------------------------------------------------------
    def header(self) -> P.Html:
        """Title, description and the key counts."""
        n_art = self.sentences.article_id.nunique()
        facts = [("As of", _fmt_date(self.as_of)), ("Sources discussing it", f"{n_art} of {self.n_articles}"),
                 ("Sentences on the theme", str(len(self.sentences)))]
        out = P.title_block(self.theme.title, self.theme.description, facts, anchor=self.report_id)
        if not self.covered:
            out += P.empty(f"No article in the corpus discusses {self.theme.title.lower()}: the cues of theme "
                           f"'{self.theme.id}' in data/themes.yaml match no sentence. The sections below are empty.")
        return out

    def _nothing(self) -> P.Html:
        return P.empty("Nothing on this theme in the corpus.")

    def bottom_line(self, kp: pd.DataFrame | None = None) -> P.Html:
        """Key points (``kp`` from :func:`briefing.analysis.keypoints.key_points`), each a sentence from the articles, cited."""
        if not self.covered:
            return self._nothing()
        kp = KP.key_points(self.corpus, self.theme.id) if kp is None else kp
        if kp.empty:
            return P.empty("The theme is mentioned only in headings or fragments; no sentence makes a point on it.")
        support = CL.claim_support(self.corpus, list(kp.sentence_id))
        rows = []
        for _, r in kp.iterrows():
            arts = support[r.sentence_id]
            self.audit_log.text(r.text, [r.sentence_id], "key points")
            n = f'<span class="support">{len(arts)} source{"s" if len(arts) != 1 else ""}</span>'
            rows.append((r.text, f"{self.cites.cite(arts)} {n}"))
        return P.items(rows, cls="key-points") + P.note(
            "Each point is a sentence quoted from the articles. Sources counts the articles that state the same claim "
            "(the same item and status, the same figure and period, or the same sentence), not those on the same theme.")

    def coverage(self, cov: pd.DataFrame | None = None, limit: int = 10) -> P.Html:
        """Which articles discuss the theme and how much (``cov`` from :func:`briefing.analysis.coverage.coverage`).

        A table, no chart: a bar per article would repeat the table's Share column.
        """
        cov = coverage(self.corpus, self.theme.id) if cov is None else cov
        if cov.empty:
            return self._nothing()
        tbl = cov.head(limit)
        tbl = tbl.assign(src=[self.cites.cite([a]) for a in tbl.article_id], pct=[f"{s:.0%}" for s in tbl.share])
        return P.table(
            tbl, {"src": "Source", "title": "Article", "kind": "Kind", "on_theme": "Sentences on theme", "pct": "Share"},
            html_columns=["src"], numeric=["on_theme", "pct"], total=len(cov), limit=limit, what="articles",
        )

    def figures(self, figs: pd.DataFrame | None = None, limit: int = 12) -> P.Html:
        """The theme's figures as the sources write them (qualifiers kept), by measure and period."""
        figs = CL.figure_table(self.corpus, self.theme.id) if figs is None else figs
        if figs.empty:
            return P.empty("No figures (amounts, percentages, capacities, counts) are given on this theme.")
        out = []
        dis = CL.disagreements(self.corpus)
        dis = dis[(dis.kind == "figure") & dis.a_sentence.isin(set(figs.sentence_id))]
        if not dis.empty:
            notes = []
            for r in dis.itertuples():
                self.audit_log.text(r.a_says, [r.a_sentence], "figures")
                self.audit_log.text(r.b_says, [r.b_sentence], "figures")
                notes.append(f"<li><strong>{P.esc(r.about)}</strong>: “{P.esc(r.a_says)}” {self.cites.cite([r.a_article])} "
                             f"against “{P.esc(r.b_says)}” {self.cites.cite([r.b_article])}</li>")
            out.append(P.Html('<div class="callout"><p>Sources give different values for the same measure and period:</p>'
                              f'<ul>{"".join(notes)}</ul></div>'))
        tbl = self._figure_rows(figs.head(limit), "figures")
        out.append(P.table(tbl, {"measure": "Measure", "shown": "Value (as written)", "period": "Period",
                                 "context": "In context", "src": "Source"}, html_columns=["context", "src"],
                           total=len(figs), limit=limit, what="figures"))
        return P.join(out)

    def voices(self, q: pd.DataFrame | None = None, limit: int = 10) -> P.Html:
        """Direct quotes (``q`` from :func:`briefing.analysis.voices.voices`) with speaker and source."""
        q = voices(self.corpus, self.theme.id) if q is None else q
        if q.empty:
            return P.empty("No one is quoted directly on this theme.")
        tbl = q.head(limit)
        shown = self._quotes_in_context(tbl)
        tbl = tbl.assign(src=[self.cites.cite([a]) for a in tbl.article_id], quote=shown,
                         speaker=tbl.speaker.where(tbl.speaker != "", "(unattributed)"))
        # quotations of one speaker in one sentence are one row: the stretch of the sentence that holds them all
        stretch = {key: self._one_stretch(sid, list(g.quote)) for key, g in tbl.groupby(["speaker", "sentence_id"], sort=False)
                   for sid in [key[1]]}
        tbl = tbl.assign(quote=[stretch[k] for k in zip(tbl.speaker, tbl.sentence_id)])
        merged = len(tbl)
        tbl = tbl.drop_duplicates(["speaker", "quote", "sentence_id"])
        merged -= len(tbl)  # rows that joined another: the count under the table is of rows
        return P.table(tbl, {"speaker": "Speaker", "quote": "Quote, in context", "src": "Source"},
                       html_columns=["src"], total=len(q) - merged, limit=limit, what="quotes")

    def _one_stretch(self, sid: str, shown: list[str]) -> str:
        """The shortest verbatim stretch of sentence ``sid`` (or its run) holding every piece of ``shown``."""
        pieces = list(dict.fromkeys(shown))
        if len(pieces) == 1:
            return pieces[0]
        text = self._sentence_text
        run = _passage(text, sid, max(pieces, key=len).strip("“”\""))
        whole = _run_text(text, run)
        spans = [(whole.find(p), whole.find(p) + len(p)) for p in pieces]
        if any(a < 0 for a, _ in spans):
            return max(pieces, key=len)
        stretch = whole[min(a for a, _ in spans): max(b for _, b in spans)]
        self.audit_log.text(stretch.strip("“”\""), run, "voices")
        return stretch

    def actors(self, act: pd.DataFrame | None = None) -> P.Html | P.Outputs:
        """The people and institutions that act (``act`` from :func:`briefing.analysis.actors.actors`).

        A bar chart when the counts differ; when every count is the same a chart says nothing, so a
        table lists them with the articles that name them.
        """
        act = actors(self.corpus, self.theme.id) if act is None else act
        if act.empty:
            return P.empty("No named person or institution acts on this theme.")
        # the audit: each count against the sentences that name the actor, in the articles counted
        named = actor_mentions(self.corpus, self.theme.id, types=tuple(set(act.type)))
        for entity, etype, n, srcs in zip(act.entity, act.type, act.mentions, act.sources):
            rows = named[(named.entity == entity) & (named.type == etype) & named.article_id.isin(srcs)]
            self.audit_log.mentions(entity, int(n), list(zip(rows.sentence_id, rows.surface)), "actors")
        parties = _parties(self.corpus)
        left_out = f"Countries are left out: every article names {parties}. " if parties else "Countries are left out. "
        note = P.note(left_out + "Outlets the articles cite are not counted. Actors are the people and institutions "
                      "of the gazetteer (data/entities.yaml) and those the articles quote or show acting (signing, "
                      "agreeing, announcing…); the gazetteer merges the other names of those it lists.")
        if not C.varies(act.mentions):
            tbl = act.assign(src=[self.cites.cite(s) for s in act.sources])
            return P.table(tbl, {"entity": "Name", "type": "Kind", "mentions": "Sentences", "src": "Sources"},
                           html_columns=["src"], numeric=["mentions"], limit=len(tbl)) + note
        chart = C.hbar([f"{e} ({t})" for e, t in zip(act.entity, act.type)], list(act.mentions),
                       title=f"Who acts on {self.theme.title.lower()}", xlabel="sentences naming them (not as a source)",
                       source=self.source_note, colours=[C.PALETTE[2]] * len(act))
        return P.Outputs(chart, note)

    def timeline(self, tl: pd.DataFrame | None = None, limit: int = 14) -> P.Html:
        """Dated events and targets on the theme (``tl`` from :func:`briefing.analysis.timeline.timeline`)."""
        tl = timeline(self.corpus, self.theme.id, as_of=self.as_of) if tl is None else tl
        return self._timeline(tl, limit, "No dated event or target on this theme.")


class OverviewReport(_Report):
    """The executive summary across all themes."""

    def __init__(self, corpus: Corpus, as_of: str, sources: list[str] | None = None):
        super().__init__(corpus, as_of, sources, report_id="overview")

    def header(self) -> P.Html:
        """Title and the corpus at a glance."""
        kinds = self.corpus.articles.kind.value_counts()
        mix = ", ".join(f"{kinds[k]} {k}{'s' if kinds[k] != 1 else ''}" for k in ("preview", "report", "analysis") if k in kinds)
        facts = [("As of", _fmt_date(self.as_of)), ("Articles", f"{self.n_articles}" + (f" ({mix})" if mix else "")),
                 ("Themes", str(len(self.corpus.themes)))]
        out = P.title_block("Overview", "What the corpus says across all themes.", facts, anchor=self.report_id)
        if self.n_articles == 0:
            out += P.empty("The corpus holds no readable article, so there is nothing to summarise. "
                           "Add articles to the corpus folder and rebuild.")
        return out

    def heatmap(self, m: pd.DataFrame | None = None) -> P.Html | P.Outputs:
        """Theme × article coverage (``m`` from :func:`briefing.analysis.coverage.coverage_matrix`) as a heat map.

        By kind of article when the corpus is large.
        """
        if self.n_articles == 0:
            return P.empty("No articles.")
        m = coverage_matrix(self.corpus) if m is None else m
        titles = [t.title for t in self.corpus.themes]
        if self.n_articles <= MAX_ARTICLES_IN_HEATMAP:
            cols = [self.cites.label(a) for a in m.columns]
            matrix = m.to_numpy()
            what = "share of each article's sentences on each theme"
        else:
            kinds = self.corpus.articles.set_index("article_id").kind
            grouped = m.T.groupby(kinds.reindex(m.columns).values).mean().T
            cols = [f"{k}s (mean)" for k in grouped.columns]
            matrix = grouped.to_numpy()
            what = "mean share of sentences on each theme, by kind of article"
        chart = C.heatmap(np.asarray(matrix, dtype=float), titles, cols, title="Coverage of each theme",
                          source=self.source_note, alt_what=what)
        return P.Outputs(chart, P.note("Each cell is the share of an article's sentences that carry the theme; "
                                      "a sentence can carry several themes."))

    def headline_figures(self, figs: pd.DataFrame | None = None, limit: int = 10) -> P.Html:
        """Headline figures as written, qualifiers kept (``figs`` from :func:`briefing.analysis.claims.headline_figures`)."""
        if self.n_articles == 0:
            return P.empty("No articles.")
        figs = CL.headline_figures(CL.figure_table(self.corpus)) if figs is None else figs
        if figs.empty:
            return P.empty("No amounts or percentages are given in the corpus.")
        shown = self._figure_rows(figs.head(limit), "headline figures")
        return P.table(shown, {"measure": "Measure", "shown": "Value (as written)", "period": "Period",
                               "context": "In context", "src": "Source"}, html_columns=["context", "src"],
                       total=len(figs), limit=limit, what="figures")

    def voices(self, tv: pd.DataFrame | None = None, limit: int = 8) -> P.Html:
        """The most quoted voices and a quote of each (``tv`` from :func:`briefing.analysis.voices.top_voices`)."""
        tv = top_voices(self.corpus) if tv is None else tv
        if tv.empty:
            return P.empty("No one is quoted directly in the corpus.")
        tbl = tv.head(limit)
        shown = self._quotes_in_context(tbl)
        tbl = tbl.assign(src=[self.cites.cite(s) for s in tbl.sources], quote=shown)
        return P.table(tbl, {"speaker": "Speaker", "quotes": "Quotes", "quote": "Longest quote", "src": "Sources"},
                       html_columns=["src"], numeric=["quotes"], total=len(tv), limit=limit, what="speakers")

    def timeline(self, tl: pd.DataFrame | None = None, limit: int = 16) -> P.Html:
        """All dated events and targets (``tl`` from :func:`briefing.analysis.timeline.timeline`)."""
        tl = timeline(self.corpus, as_of=self.as_of) if tl is None else tl
        return self._timeline(tl, limit, "No dated event or target in the corpus.")

    def source_profiles(self, sp: pd.DataFrame | None = None, limit: int = 20) -> P.Html:
        """Each source: kind, date, length and the themes it covers most (``sp`` from :func:`briefing.analysis.coverage.source_profiles`)."""
        if self.n_articles == 0:
            return P.empty("No articles.")
        sp = source_profiles(self.corpus) if sp is None else sp
        tbl = sp.head(limit)
        tbl = tbl.assign(src=[self.cites.cite([a]) for a in tbl.article_id],
                        when=[_when(p, k, _event_name(self.corpus)) for p, k in zip(tbl.published, tbl.kind)])
        return P.table(tbl, {"src": "Source", "kind": "Kind", "when": "Published", "words": "Words",
                             "top_themes": "Covers most"}, html_columns=["src"], numeric=["words"], total=len(sp), limit=limit,
                       what="sources")

