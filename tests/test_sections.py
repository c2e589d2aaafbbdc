"""The DataFrames the notebooks' sections compute and show: timeline, actors, headline figures (in process)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pandas as pd
import pytest

from briefing.analysis import actors, coverage, figure_table, headline_figures, timeline, top_voices, voices
from briefing.analysis.actors import actor_mentions, is_citation, outlets
from briefing.analysis.data import load_corpus
from briefing.analysis.timeline import AIM_WORDS, DATELINE, MAX_WORDS, MIN_WORDS, event_text
from briefing.errors import UsageError
from briefing.reporting import present as P
from briefing.reporting.audit import Audit
from briefing.reporting.charts import Chart
from briefing.reporting.report import ThemeReport


@pytest.fixture(scope="module")
def corpus(extracted):
    return load_corpus(extracted)


def _at(sentence: str, date: str) -> str:
    i = sentence.index(date)
    return event_text(sentence, i, i + len(date))


@pytest.mark.parametrize("sentence, date, expected", [
    ("Russia aims to increase bilateral trade to $100 billion by 2030, a target that requires diversification.",
     "by 2030", "Russia aims to increase bilateral trade to $100 billion by 2030."),
    ("BRASÍLIA, March 13 (Meridian Wire) - Brazil and Japan on Saturday signed two agreements.", "March 13",
     "Brazil and Japan on Saturday signed two agreements."),
    ("The offtake covers 1 million tonnes from 2030; the second million depends on a feasibility study in 2028.",
     "in 2028", "the second million depends on a feasibility study in 2028."),
    ("Officials met in Oslo, which hosted talks on 2 May 2026 on fisheries.", "on 2 May 2026",
     "Officials met in Oslo, which hosted talks on 2 May 2026 on fisheries."),
])
def test_an_event_is_its_whole_clause_verbatim(sentence, date, expected):
    assert _at(sentence, date) == expected


@pytest.mark.parametrize("sentence, date, expected", [
    # connectives and the voice around the event go; the event stays verbatim
    ("However, the two ministries signed a customs protocol on 3 June 2026.", "on 3 June 2026",
     "the two ministries signed a customs protocol on 3 June 2026."),
    ("As observers widely noted, the regulator approved the merger in April 2024 after a long review.", "in April 2024",
     "the regulator approved the merger in April 2024 after a long review."),
    ("According to the finance ministry, the new port will open in 2029.", "in 2029", "the new port will open in 2029."),
    ("Analysts said that the central bank would cut rates in March 2026.", "in March 2026",
     "the central bank would cut rates in March 2026."),
    ("The airline will resume flights to the capital on 1 July 2026, officials said.", "on 1 July 2026",
     "The airline will resume flights to the capital on 1 July 2026."),
    ("The consortium expects to finish the pipeline by 2031, according to a filing seen by a news agency.", "by 2031",
     "The consortium expects to finish the pipeline by 2031."),
    ("HAVENTOWN, May 2 (Coastline News) - However, the port authority signed a ten-year lease, officials said.", "May 2",
     "the port authority signed a ten-year lease."),  # a dateline's date: what follows it, without the voice
    # the voice is kept when the date is in it: the date is when it was said
    ("The minister said on 2 May 2026 that the tariff would stay.", "on 2 May 2026",
     "The minister said on 2 May 2026 that the tariff would stay."),
    # a long entry loses its framing phrase, then a whole modifier, never its figure or verb
    ("During a two-day visit to the northern provinces and the coast last week, the delegation from the development "
     "bank agreed to fund a new rail line by 2030.", "by 2030",
     "the delegation from the development bank agreed to fund a new rail line by 2030."),
    ("The utility will buy 3 million tonnes a year of fuel from a group of small regional producers on the coast "
     "from 2029.", "from 2029", "The utility will buy 3 million tonnes a year of fuel … on the coast from 2029."),
])
def test_an_event_is_short_and_about_what_happened(sentence, date, expected):
    text = _at(sentence, date)
    assert text == expected
    assert (date in text or DATELINE.match(sentence)) and len(text.replace("…", " ").split()) <= AIM_WORDS
    audit = Audit({"s": sentence}, {})
    audit.text(text.strip(".…"), ["s"], "timeline")  # every piece verbatim, in order: what the report's audit checks
    assert audit.problems() == []


def test_a_long_event_is_cut_with_an_ellipsis_but_keeps_its_date_and_quotation():
    tail = _at("The two governments on 12 May 2026 signed an accord covering shipping, ports, fisheries, customs data, "
               "satellite monitoring, disaster relief and joint training of coast guards.", "on 12 May 2026")
    assert tail.startswith("The two governments on 12 May 2026 signed an accord") and tail.endswith("…")
    assert len(tail.split()) <= AIM_WORDS
    quoted = "“long-term plan for the safe management of coastal waters and fisheries”"
    sentence = f"The council adopted what it called a {quoted} in its session on 4 March 2026."
    text = _at(sentence, "on 4 March 2026")
    assert quoted in text and text.endswith("… on 4 March 2026.") and len(text.replace("…", " ").split()) <= MAX_WORDS
    far = _at("The ministers agreed " + " ".join(["that the"] * 20) + " plant opens by 2031.", "by 2031")
    assert far.startswith("The ministers agreed …") and far.endswith("by 2031.")
    assert len(far.replace("…", " ").split()) <= MAX_WORDS
    # the date in the attribution, far in: the subject and verb, then the words that lead to the date
    sentence = ("The ministry has placed curbs on 10 ships in the fleet, a group of vessels that rely on illicit methods to "
                "evade limits on crude sales, the ministry said in a statement issued on Wednesday, 11 September.")
    text = _at(sentence, "11 September")
    assert text.startswith("The ministry has placed curbs … ") and text.endswith("issued on Wednesday, 11 September.")
    assert len(text.replace("…", " ").split()) <= MAX_WORDS
    framed = _at("While " + " ".join(["word"] * 40) + ", the ministers agreed to open the plant by 2031.", "by 2031")
    assert framed == "the ministers agreed to open the plant by 2031."
    # the date in a long framing phrase: the words leading to it, then who did what
    sentence = ("In a long-awaited step meant to lift the region's grid capacity to reach 40 GW by 2040, the two utilities "
                "agreed to build three new interconnectors along the northern coast.")
    text = _at(sentence, "by 2040")
    assert text.startswith("…") and "40 GW by 2040, the two utilities agreed to build" in text and text.endswith("…")
    assert len(text.replace("…", " ").split()) <= AIM_WORDS
    audit = Audit({"s": sentence}, {})
    audit.text(text.strip(".…"), ["s"], "timeline")
    assert audit.problems() == []


def test_the_timeline_reads_as_events_with_the_events_own_days(corpus):
    tl = timeline(corpus, as_of="2025-12-05")
    own = tl[tl.sentence_id == ""]
    assert list(own.what) == [f"{corpus.event.name}, {corpus.event.place}"] and list(own.date) == [corpus.event.start]
    rest = tl[tl.sentence_id != ""]
    text = dict(zip(corpus.sentences.sentence_id, corpus.sentences.text))
    audit = Audit(text, {})
    for r in rest.itertuples():
        assert MIN_WORDS <= len(r.what.replace("…", " ").split()) <= MAX_WORDS and r.what[-1] in ".…”", r.what
        audit.text(r.what.strip(".…"), [r.sentence_id], "timeline")  # verbatim pieces, in order
    assert audit.problems() == []
    assert not rest.what.str.match(r"(?i)(?:as \w+ \w+ noted|according to|however|but)\b").any()  # the voice goes
    assert not rest.what.str.contains(r"dating back|\b1960s?\b|^with ", regex=True).any()  # background is left out
    assert not rest.what.str.match(r"^[A-Z][\w ]{0,30}:").any()  # no labels ("Visit Dates: ...")
    assert (rest.when[rest.date > "2025-12-05"] == "ahead").all() and "ahead" in set(rest.when)
    assert list(tl.date) == sorted(tl.date)
    assert not rest.duplicated(["date", "article_id"]).any()  # an article telling one event twice gives one entry
    assert not rest.what.str.startswith("…").any()  # of two tellings, the uncut one
    everything = timeline(corpus, as_of="2025-12-05", background=True)
    assert everything.what.str.contains("dating back to the 1960s").any() and len(everything) > len(tl)


def test_the_timeline_holds_for_another_event(other):
    tl = timeline(other, as_of="2027-03-14")
    own = tl[tl.sentence_id == ""]  # the event's own row, on its first day
    assert list(own.what) == ["Brazil–Japan Strategic Dialogue, Brasília"] and list(own.date) == ["2027-03-12"]
    assert list(tl.date) == sorted(tl.date)  # oldest first: the February signing comes before the event
    assert (tl.date == "2027-02").any() and tl.what[tl.date == "2027-02"].str.contains("signed in February").all()
    assert not tl.what.str.contains(r"since 2019|Meridian Wire\)", regex=True).any()  # a reference point, a dateline
    assert tl.what.str.startswith("the second million depends on a feasibility study due in 2028").any()
    assert tl.on_event_days[tl.date.str.startswith("2027-03-1")].all()


def test_timeline_choices_are_checked(corpus):
    assert set(timeline(corpus, kinds=("preview",)).article_id) - {""} <= set(
        corpus.articles.article_id[corpus.articles.kind == "preview"])
    by_sources = timeline(corpus, sort="sources")
    assert list(by_sources.n_sources) == sorted(by_sources.n_sources, reverse=True)
    with pytest.raises(UsageError, match=r"source kinds 'blog' unknown; the kinds of source are preview, report, analysis"):
        timeline(corpus, kinds=("blog",))


@pytest.mark.parametrize("sentence, surface, cited", [
    ("According to Reuters, Moscow is expected to seek help.", "Reuters", True),
    ("“It is a chance,” Kugelman told Reuters.", "Reuters", True),
    ("Putin arrived on December 4. Reuters+2The Indian Express+2", "Reuters", True),
    ("Bloomberg reported that talks stalled.", "Bloomberg", True),
    ("Rosneft signed a supply deal with Indian refiners.", "Rosneft", False),
    ("The Kremlin said, according to Reuters, that the Kremlin would respond.", "Kremlin", False),
])
def test_a_citation_is_not_an_act(sentence, surface, cited):
    assert is_citation(sentence, surface) is cited


def test_actors_are_people_and_institutions_that_act_not_cited_outlets(corpus):
    act = actors(corpus, limit=50)
    assert {"Reuters", "Bloomberg"} <= outlets(corpus) and not {"Reuters", "Bloomberg"} & set(act.entity)
    assert set(act.type) <= {"person", "organisation"} and "Vladimir Putin" in set(act.entity)
    assert list(act.mentions) == sorted(act.mentions, reverse=True)
    # an article's own outlet is never an actor, whatever its name
    named = dataclasses.replace(corpus, articles=corpus.articles.assign(outlet="Rosneft"), memo={})
    assert "Rosneft" in set(actors(corpus, limit=50).entity) and "Rosneft" not in set(actors(named, limit=50).entity)
    assert actors(corpus, min_mentions=3).mentions.min() >= 3


def test_another_events_actors_are_found_without_a_gazetteer(other):
    # data/entities.yaml knows nobody of this event: its actors are the people quoted and the names
    # the articles show acting, with their full names; parties, capitals, outlets and documents are not
    act = actors(other, limit=50)
    assert {(e, t, n) for e, t, n in zip(act.entity, act.type, act.mentions)} == {
        ("Hiroshi Tanabe", "person", 3),  # "Japanese Foreign Minister Hiroshi Tanabe will lead", quoted, "Tanabe leaves"
        ("Ana Souza", "person", 2),  # "His Brazilian counterpart, Ana Souza, has said", quoted
        ("Kenji Watanabe", "person", 1),  # "Kenji Watanabe, head of the … Business Council, said"
        ("BNDES", "organisation", 2),  # "BNDES and the Japan Bank for International Cooperation signed"
        ("Japan Bank for International Cooperation", "organisation", 2),
    }
    report = ThemeReport(other, "energy", "2027-03-18")
    shown = report.actors(actors(other, "energy"))
    assert "Hiroshi Tanabe" in str(shown.parts[0].alt if isinstance(shown, P.Outputs) else shown)
    assert 'data-audit="passed"' in str(report.audit())  # each count checked against the sentences naming it


INVENTED = """Norland and Sudmark sign port lease

HAVENTOWN, May 2 (Coastline News) - The Norland Port Authority and the Bank of Maritime Trade signed a ten-year lease for the eastern terminal on Friday, officials said.

“We finally have a partner we can plan with,” said Transport Minister Elsa Varga.

Varga later met the board of Keller Shipping to discuss the terminal.

Keller Shipping will invest $200 million in new cranes, Reuters reported.

On fishing quotas, Oslograd again deferred a decision, according to Coastline News.

The Harbour Framework commits both sides to joint dredging of the channel.

Sudmarkian officials said the talks had gone well, and BMT will lend the money.

According to Lina Berg of Delta Research, the lease is cheap for the region.
"""


@pytest.fixture(scope="module")
def invented(tmp_path_factory):
    """One invented article on an invented event, extracted with a one-entry gazetteer."""
    from briefing.extraction.extract import ExtractOptions, run_extraction

    base = tmp_path_factory.mktemp("invented")
    (base / "seeds").mkdir()
    (base / "seeds" / "n1_report.txt").write_text(INVENTED, encoding="utf-8")
    (base / "seeds" / "sources.yaml").write_text(
        'n1_report: {title: "Norland and Sudmark sign port lease", outlet: Coastline News, author: "", '
        'published: 2031-05-02, kind: report, url: ""}\n', encoding="utf-8")
    (base / "event.yaml").write_text(
        'event: {name: "Norland–Sudmark Port Talks", short: "the talks", place: Haventown, start: 2031-05-01, '
        'end: 2031-05-02, parties: [Norland, Sudmark], voices: {Norland: [Oslograd, Elsa Varga]}}\n', encoding="utf-8")
    (base / "entities.yaml").write_text(
        "entities:\n  - {name: Bank of Maritime Trade, type: organisation, aliases: [BMT]}\n", encoding="utf-8")
    fixture = Path(__file__).parent / "fixtures" / "other_event"
    themes, items = fixture / "themes.yaml", fixture / "items.yaml"
    result = run_extraction(ExtractOptions(seeds=base / "seeds", out=base / "out", themes=themes, items=items,
                                           event=base / "event.yaml", entities=base / "entities.yaml"))
    assert result.exit_code == 0, result.rejected
    return load_corpus(base / "out", themes, items, base / "event.yaml")


def test_actors_are_those_quoted_or_acting_and_the_gazetteer_merges_their_names(invented):
    act = actors(invented, limit=50)
    assert {(e, t, n) for e, t, n in zip(act.entity, act.type, act.mentions)} == {
        ("Elsa Varga", "person", 2),  # quoted (a title dropped), then "Varga later met": a party's voice who is a person
        ("Keller Shipping", "organisation", 2),  # "Keller Shipping will invest"; named as an object too
        ("Norland Port Authority", "organisation", 1),  # "The Norland Port Authority and the Bank … signed"
        ("Bank of Maritime Trade", "organisation", 2),  # the gazetteer merges "BMT"
    }
    # not actors: a capital acting for a party, the outlet and a wire it cites, a document, a source cited
    mentioned = set(actor_mentions(invented).entity)
    assert not mentioned & {"Oslograd", "Coastline News", "Reuters", "Harbour Framework", "Lina Berg", "Delta Research"}
    rows = actor_mentions(invented, types=("person",))
    assert set(rows.entity) == {"Elsa Varga"} and set(rows.surface) == {"Elsa Varga", "Varga"}


def test_the_actor_section_draws_a_chart_only_when_counts_differ(corpus):
    report = ThemeReport(corpus, "defence", "2025-12-08")
    act = actors(corpus, "defence")
    shown = report.actors(act)
    assert isinstance(shown, P.Outputs) and isinstance(shown.parts[0], Chart)
    assert shown.parts[0].alt.startswith("Chart: Who acts on defence") and "Vladimir Putin (person): " in shown.parts[0].alt
    equal = act[act.mentions == 1]
    table = report.actors(equal)
    assert isinstance(table, P.Html) and "<table" in str(table) and "<img" not in str(table)


def test_the_timeline_section_shows_the_events_days_and_passes_the_audit(corpus):
    report = ThemeReport(corpus, "trade", "2025-12-08")
    html = str(report.timeline(timeline(corpus, "trade", as_of=report.as_of), limit=5))
    assert re.search(r"<td>4–5 Dec 2025</td><td><strong>23rd India–Russia Annual Summit, New Delhi</strong>", html)
    assert "Showing the first 5 of" in html or html.count("<tr>") <= 6
    assert 'data-audit="passed"' in str(report.audit())


def test_headline_figures_filter_units_and_sort_by_sources(corpus):
    figs = figure_table(corpus)
    head = headline_figures(figs)
    assert set(head.unit) <= {"USD", "EUR", "GBP", "INR", "RUB", "CNY", "percent"} and not head.empty
    assert list(head.n_sources) == sorted(head.n_sources, reverse=True)
    assert not head.duplicated(["measure", "shown", "period"]).any()
    assert headline_figures(figs, units=("percent",)).unit.eq("percent").all()
    assert headline_figures(figs, min_sources=99).empty


def test_coverage_voices_and_their_choices(corpus):
    cov = coverage(corpus, "energy", min_share=0.2)
    assert (cov.share >= 0.2).all() and (cov.on_theme > 0).all()
    assert list(cov.share) == sorted(cov.share, reverse=True)
    q = voices(corpus, "energy", attributed=True)
    assert not q.empty and (q.speaker != "(unattributed)").all()
    previews = set(corpus.articles.article_id[corpus.articles.kind == "preview"])
    assert set(voices(corpus, kinds=("preview",)).article_id) <= previews
    assert set(pd.Series([a for s in top_voices(corpus, kinds=("preview",)).sources for a in s])) <= previews


def test_a_figure_counts_every_source_that_gives_it_for_the_same_period(corpus):
    # "by 2030" in one article and "2030" in another are one period: one claim, both sources
    ft = figure_table(corpus)
    target = ft[(ft.unit == "USD") & (ft.low == 1e11) & ft.period.str.contains("2030")]
    assert set(target.period) >= {"2030", "by 2030"}
    assert target.article_id.nunique() >= 2 and (target.n_sources == target.article_id.nunique()).all()
    shown = headline_figures(ft)
    assert len(shown[(shown.unit == "USD") & (shown.low == 1e11) & shown.period.str.contains("2030")]) == 1


def test_a_rank_disagreement_names_what_is_bought_as_the_sentence_writes_it(corpus):
    from briefing.analysis import disagreements

    about = " ".join(disagreements(corpus).about)
    assert "buyers of Russian crude" in about and "russian" not in about


def test_rank_disagreements_grow_with_the_sources_not_with_their_pairs(corpus):
    """Each source's "the largest" claim is set against one counter-claim, not against every other source's."""
    from briefing.analysis.claims import _rank_disagreements

    n = 40
    rows = []
    for a in range(n):
        rows.append({"sentence_id": f"x{a:03d}-s1", "article_id": f"x{a:03d}", "block": "body",
                     "text": "India is the largest buyer of Russian crude oil."})
        rows.append({"sentence_id": f"x{a:03d}-s2", "article_id": f"x{a:03d}", "block": "body",
                     "text": "China is one of the largest buyers of Russian crude oil, and the largest buyer of Russian crude oil by sea."})
    many = dataclasses.replace(corpus, sentences=pd.DataFrame(rows), memo={})
    found = _rank_disagreements(many)
    assert 0 < len(found) <= n  # one per source (the square of the sources was 1,560 rows)
    assert all(r[2] != r[5] for r in found)  # each against another source
