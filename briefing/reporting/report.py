"""The reports the notebooks show: one object per report whose methods render its sections.

A notebook creates a :class:`ThemeReport` or :class:`OverviewReport` from its parameters and calls
one method per section; all analysis is in :mod:`briefing.analysis.sections`, all markup in
:mod:`briefing.reporting.present` and :mod:`briefing.reporting.charts`. Sources are numbered in the order a report
first cites them, so the Sources section must come last.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..analysis import sections as A
from ..analysis.data import Corpus, prepare
from ..errors import UsageError
from . import charts as C
from . import present as P

SOURCE_NOTE = "Source: briefing corpus ({n} articles), extracted sentences; numbers in brackets refer to Sources."
MAX_ARTICLES_IN_CHART = 15
MAX_ARTICLES_IN_HEATMAP = 20


def _check_as_of(as_of: str) -> str:
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


def _when(published: str, kind: str) -> str:
    return published or {"preview": "before the summit", "report": "during", "analysis": "after"}.get(kind, "")


def _fmt_date(iso: str) -> str:
    try:
        return dt.date.fromisoformat(iso).strftime("%-d %B %Y")
    except ValueError:
        return iso


class _Report:
    """What theme and overview reports share: the corpus, the date, citations and the sources list."""

    def __init__(self, corpus: Corpus, as_of: str, sources: list[str] | None, report_id: str):
        self.as_of = _check_as_of(as_of)
        self.sources = _check_sources(corpus, sources)
        self.corpus = A.restrict(corpus, self.sources)
        self.report_id = report_id
        self.cites = P.Citations(self.corpus.articles, prefix=report_id)
        self.n_articles = len(self.corpus.articles)
        self.source_note = SOURCE_NOTE.format(n=self.n_articles)

    def _timeline(self, theme: str | None, limit: int, nothing: str) -> P.Html:
        tl = A.timeline(self.corpus, theme, as_of=self.as_of)
        if tl.empty:
            return P.empty(nothing)
        tbl = tl.head(limit)
        tbl = tbl.assign(src=[self.cites.cite([a]) for a in tbl.article_id],
                         when=["target / ahead" if w == "ahead" else "" for w in tbl.when])
        return P.table(tbl, {"date": "Date", "what": "Event or target", "when": "", "src": "Source"},
                       html_columns=["src"], total=len(tl), limit=limit, what="dated items")

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
            "Kinds: preview (written before the summit), report (during it), analysis (after it).")


class ThemeReport(_Report):
    """The briefing on one theme."""

    @classmethod
    def load(cls, theme: str, seeds: str | Path, as_of: str, sources: list[str] | None = None,
             data_dir: str | Path = "") -> ThemeReport:
        """Validate the notebook's parameters and build the report (extracting the corpus if needed)."""
        _check_as_of(as_of)
        if not Path(seeds).is_dir():
            raise UsageError(f"parameter seeds={str(seeds)!r}: no such folder; point it at the corpus folder.")
        return cls(prepare(Path(seeds), data_dir), theme, as_of, sources)

    def __init__(self, corpus: Corpus, theme: str, as_of: str, sources: list[str] | None = None):
        _check_theme(corpus, theme)
        super().__init__(corpus, as_of, sources, report_id=theme)
        self.theme = corpus.theme(theme)
        self.sentences = A.theme_sentences(self.corpus, theme)
        self.covered = bool(len(self.sentences))

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

    def bottom_line(self) -> P.Html:
        """Three to six key points, each a sentence from the articles, cited, with its support."""
        if not self.covered:
            return self._nothing()
        kp = A.key_points(self.corpus, self.theme.id)
        if kp.empty:
            return P.empty("The theme is mentioned only in headings or fragments; no sentence makes a point on it.")
        rows = []
        for _, r in kp.iterrows():
            label = {"outcome": "outcome", "expectation": "expected"}.get(r.stance, "")
            tag = f'<span class="tag {P.esc(r.stance)}">{label}</span>' if label else ""
            support = f'<span class="support">{r.n_sources} source{"s" if r.n_sources != 1 else ""}</span>'
            rows.append((r.text, f"{self.cites.cite(r.support)} {support} {tag}"))
        return P.items(rows, cls="key-points") + P.note(
            "Each point is a sentence quoted from the articles. Sources counts the articles that make the same "
            "statement; outcomes (signed, agreed, ratified) rank above expectations.")

    def coverage(self) -> P.Html:
        """Which articles discuss the theme and how much: a chart and the counts."""
        cov = A.coverage(self.corpus, self.theme.id)
        cov = cov[cov.on_theme > 0]
        if cov.empty:
            return self._nothing()
        shown = cov.head(MAX_ARTICLES_IN_CHART)
        labels = [self.cites.label(a) for a in shown.article_id]
        chart = C.hbar(labels, list(shown.share), title=f"Share of each article's sentences on {self.theme.title.lower()}",
                       xlabel="share of the article's sentences", source=self.source_note, percent=True,
                       colours=[C.KIND_COLOURS.get(k, C.PALETTE[0]) for k in shown.kind],
                       alt_what=f"share of sentences on {self.theme.title} per article")
        tbl = cov.head(10)
        tbl = tbl.assign(src=[self.cites.cite([a]) for a in tbl.article_id], pct=[f"{s:.0%}" for s in tbl.share])
        return C.show(chart) + P.table(
            tbl, {"src": "Source", "title": "Article", "kind": "Kind", "on_theme": "Sentences on theme", "pct": "Share"},
            html_columns=["src"], numeric=["on_theme", "pct"], total=len(cov), limit=10, what="articles",
        ) + P.note("Bar colours: previews (orange) were written before the summit, reports (light blue) during it, "
                   "analyses (dark blue) after it.")

    def figures(self) -> P.Html:
        """The theme's figures by what they measure, with sources and disagreements flagged."""
        figs = A.theme_figures(self.corpus, self.theme.id)
        if figs.empty:
            return P.empty("No figures (amounts, percentages, capacities, counts) are given on this theme.")
        out = []
        conflicts = A.figure_conflicts(figs)
        if not conflicts.empty:
            notes = []
            for _, c in conflicts.iterrows():
                vals = "; ".join(f"{v}{' (' + p + ')' if p else ''} {self.cites.cite(arts)}" for v, p, arts in c["values"])
                notes.append(f"<li><strong>{P.esc(c.measure)}</strong>: sources differ: {vals}</li>")
            out.append(P.Html(f'<div class="callout"><p>Sources give different values for the same measure:</p><ul>{"".join(notes)}</ul></div>'))
        chart = self._figures_chart(figs)
        if chart is not None:
            out.append(C.show(chart))
        tbl = figs.head(12)
        tbl = tbl.assign(src=[self.cites.cite([a]) for a in tbl.article_id],
                          flag=["sources differ" if d else "" for d in tbl.differs],
                          q=[q if q not in ("exact", "range") else "" for q in tbl.qualifier])
        out.append(P.table(tbl, {"measure": "Measure", "value": "Value", "q": "Qualifier", "period": "Period",
                                 "flag": "Note", "src": "Source", "text": "Sentence"},
                           html_columns=["src"], total=len(figs), limit=12, what="figures"))
        return P.join(out)

    def _figures_chart(self, figs: pd.DataFrame) -> C.Chart | None:
        money = figs[figs.unit.isin(list(A.CURRENCY_SIGN))]
        if money.unit.nunique() != 1 or len(money) < 2:
            return None
        money = money.drop_duplicates(["measure", "low", "high", "article_id"]).head(12)
        labels = [f"{m} {self.cites.label(a).split()[0]}" for m, a in zip(money.measure, money.article_id)]
        unit = money.unit.iloc[0]
        return C.hbar(labels, [h / 1e9 for h in money.high], title=f"Amounts given on {self.theme.title.lower()}",
                      xlabel=f"{unit}, billions (upper end of ranges)", source=self.source_note,
                      value_labels=list(money.value), alt_what=f"amounts in {unit} by measure and source")

    def expected_vs_agreed(self) -> P.Html:
        """What the previews expected and what later reporting says was agreed, signed or left out."""
        if not self.covered:
            return self._nothing()
        ev = A.expected_vs_agreed(self.corpus, self.theme.id)
        outs = A.outcomes(self.corpus, self.theme.id, limit=6)
        parts = []
        if ev.empty:
            parts.append(P.empty("No named system, agreement or facility on this theme was anticipated in a preview."))
        else:
            tbl = ev.head(10)
            tbl = tbl.assign(
                exp=[f"{P.esc(t)} {self.cites.cite([a])}" for t, a in zip(tbl.expected, tbl.expected_in)],
                lat=[f"{P.esc(t)} {self.cites.cite([a])}" if t else "" for t, a in zip(tbl.later, tbl.later_in)],
            )
            parts.append(P.table(tbl, {"topic": "Topic", "exp": "Expected (preview)", "status": "Outcome",
                                       "lat": "Later reporting"}, html_columns=["exp", "lat"], total=len(ev), limit=10, what="topics"))
        if not outs.empty:
            parts.append(P.Html("<h3>Outcomes reported</h3>"))
            parts.append(P.items([(t, self.cites.cite(s)) for t, s in zip(outs.text, outs.support)], cls="outcomes"))
        elif not ev.empty:
            parts.append(P.note("No report or analysis in the corpus states an outcome on this theme."))
        return P.join(parts)

    def voices(self) -> P.Html:
        """Direct quotes on the theme with speaker and source."""
        q = A.voices(self.corpus, self.theme.id)
        if q.empty:
            return P.empty("No one is quoted directly on this theme.")
        tbl = q.head(10)
        tbl = tbl.assign(src=[self.cites.cite([a]) for a in tbl.article_id], quote=["“" + t + "”" for t in tbl.quote])
        return P.table(tbl, {"speaker": "Speaker", "quote": "Quote", "src": "Source"}, html_columns=["src"],
                       total=len(q), limit=10, what="quotes")

    def actors(self) -> P.Html:
        """The people, organisations, systems and agreements most mentioned."""
        act = A.actors(self.corpus, self.theme.id)
        if act.empty:
            return P.empty("No person, organisation, system or agreement from the gazetteer is named on this theme.")
        chart = C.hbar([f"{e} ({t})" for e, t in zip(act.entity, act.type)], list(act.mentions),
                       title=f"Most mentioned on {self.theme.title.lower()}", xlabel="sentences mentioning it",
                       source=self.source_note, colours=[C.PALETTE[2]] * len(act),
                       alt_what="mentions per person, organisation, system or agreement")
        return C.show(chart) + P.note("Countries are left out: every article names India and Russia. "
                                      "Names are matched with the gazetteer in data/entities.yaml.")

    def timeline(self) -> P.Html:
        """Dated events and targets on the theme."""
        return self._timeline(self.theme.id, 14, "No dated event or target on this theme.")


class OverviewReport(_Report):
    """The executive summary across all themes."""

    @classmethod
    def load(cls, seeds: str | Path, as_of: str, data_dir: str | Path = "") -> OverviewReport:
        """Validate the parameters and build the overview (extracting the corpus if needed)."""
        _check_as_of(as_of)
        if not Path(seeds).is_dir():
            raise UsageError(f"parameter seeds={str(seeds)!r}: no such folder; point it at the corpus folder.")
        return cls(prepare(Path(seeds), data_dir), as_of)

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

    def summary_by_theme(self) -> P.Html:
        """A one-paragraph bottom line per theme, from the same key points as the theme reports."""
        if self.n_articles == 0:
            return P.empty("No articles.")
        blocks = []
        for t in self.corpus.themes:
            kp = A.key_points(self.corpus, t.id, n=3)
            n_art = A.theme_sentences(self.corpus, t.id).article_id.nunique()
            if kp.empty:
                body = '<p class="empty">Not covered by the corpus.</p>'
            else:
                sentences = " ".join(f"{P.esc(r.text)} {self.cites.cite(r.support)}" for _, r in kp.head(2).iterrows())
                body = f"<p>{sentences}</p>"
            blocks.append(f'<div class="theme-summary"><h3>{P.esc(t.title)} <span class="count">'
                          f'{n_art} of {self.n_articles} sources</span></h3>{body}</div>')
        return P.Html("".join(blocks))

    def heatmap(self) -> P.Html:
        """Theme × article coverage as a heat map (by kind of article when the corpus is large)."""
        if self.n_articles == 0:
            return P.empty("No articles.")
        m = A.coverage_matrix(self.corpus)
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
        return C.show(chart) + P.note("Each cell is the share of an article's sentences that carry the theme; "
                                      "a sentence can carry several themes.")

    def headline_figures(self) -> P.Html:
        """Money and percentage figures with a configured measure, most widely reported first."""
        if self.n_articles == 0:
            return P.empty("No articles.")
        f = self.corpus.figures
        f = f[f.unit.isin(list(A.CURRENCY_SIGN) + ["percent"]) & (f.measure != "")]
        if f.empty:
            return P.empty("No amounts or percentages are given in the corpus.")
        f = f.merge(self.corpus.sentences[["sentence_id", "text"]], on="sentence_id")
        f = f.assign(value=[A.format_value(lo, hi, u) for lo, hi, u in zip(f.low, f.high, f.unit)])
        g = f.groupby(["measure", "unit", "value"], sort=False).agg(
            n=("article_id", "nunique"), arts=("article_id", lambda x: sorted(set(x))), period=("period", "first"),
            text=("text", "first")).reset_index()
        g = g.sort_values(["n", "measure"], ascending=[False, True])
        shown = g.head(10)
        shown = shown.assign(src=[self.cites.cite(a) for a in shown.arts])
        return P.table(shown, {"measure": "Measure", "value": "Value", "period": "Period", "n": "Sources", "src": "Cited",
                               "text": "Sentence"}, html_columns=["src"], numeric=["n"], total=len(g), limit=10,
                       what="figures")

    def outcomes_vs_expected(self) -> P.Html:
        """What the summit produced (adopted, ratified, signed) against what was expected."""
        if self.n_articles == 0:
            return P.empty("No articles.")
        outs = A.outcomes(self.corpus, limit=8)
        ev = A.expected_vs_agreed(self.corpus)
        parts = []
        if not outs.empty:
            parts.append(P.Html("<h3>Outcomes reported</h3>"))
            parts.append(P.items([(t, self.cites.cite(s)) for t, s in zip(outs.text, outs.support)], cls="outcomes"))
        if not ev.empty:
            parts.append(P.Html("<h3>Against expectations</h3>"))
            tbl = ev.head(10)
            tbl = tbl.assign(src=[self.cites.cite([a, b]) for a, b in zip(tbl.expected_in, tbl.later_in)],
                            exp=[f"{P.esc(t)}" for t in tbl.expected])
            parts.append(P.table(tbl, {"topic": "Topic", "status": "Outcome", "exp": "What was expected",
                                       "src": "Sources"}, html_columns=["exp", "src"], total=len(ev), limit=10, what="topics"))
        return P.join(parts) if parts else P.empty("No outcome or expectation on a named agreement or system is reported.")

    def voices(self) -> P.Html:
        """The most quoted voices and a quote of each."""
        tv = A.top_voices(self.corpus)
        if tv.empty:
            return P.empty("No one is quoted directly in the corpus.")
        tbl = tv.head(8)
        tbl = tbl.assign(src=[self.cites.cite(s) for s in tbl.sources], quote=["“" + t + "”" for t in tbl.quote])
        return P.table(tbl, {"speaker": "Speaker", "quotes": "Quotes", "quote": "Longest quote", "src": "Sources"},
                       html_columns=["src"], numeric=["quotes"], total=len(tv), limit=8, what="speakers")

    def timeline(self) -> P.Html:
        """All dated events and targets."""
        return self._timeline(None, 16, "No dated event or target in the corpus.")

    def source_profiles(self) -> P.Html:
        """Each source: kind, date, length and the themes it covers most."""
        if self.n_articles == 0:
            return P.empty("No articles.")
        sp = A.source_profiles(self.corpus)
        tbl = sp.head(20)
        tbl = tbl.assign(src=[self.cites.cite([a]) for a in tbl.article_id],
                        when=[_when(p, k) for p, k in zip(tbl.published, tbl.kind)])
        return P.table(tbl, {"src": "Source", "kind": "Kind", "when": "Published", "words": "Words",
                             "top_themes": "Covers most"}, html_columns=["src"], numeric=["words"], total=len(sp), limit=20,
                       what="sources")

