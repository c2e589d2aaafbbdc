"""The item analysis: statuses, timing and sources against hand-checked scorecards, honest claims, the audit."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest
import yaml

from briefing import paths
from briefing.analysis import claims as CL
from briefing.analysis import judgements as J
from briefing.analysis import outcomes as O
from briefing.analysis.data import load_corpus
from briefing.analysis.event import default_as_of
from briefing.analysis.scoring import compare_scorecard
from briefing.analysis.voices import voices
from briefing.config import load_event, load_items
from briefing.errors import AuditError, ConfigError
from briefing.reporting.audit import AUDIT_MARKER, audited
from briefing.reporting.report import OverviewReport, ThemeReport

FIXTURES = Path(__file__).parent / "fixtures"
SEED_CARD = FIXTURES / "seed_scorecard.yaml"
OTHER = FIXTURES / "other_event"


@pytest.fixture(scope="module")
def corpus(extracted):
    return load_corpus(extracted)


def test_seed_items_match_the_hand_checked_scorecard(corpus):
    result = compare_scorecard(O.scorecard(corpus, include_mentioned=True), SEED_CARD)
    assert len(result) >= 20
    wrong = result[~(result.status_ok & result.timing_ok & result.sources_ok)]
    assert wrong.empty, wrong.to_dict("records")


def test_another_event_needs_no_code_change(other):
    result = compare_scorecard(O.scorecard(other, include_mentioned=True), OTHER / "expected_scorecard.yaml")
    wrong = result[~(result.status_ok & result.timing_ok & result.sources_ok)]
    assert wrong.empty, wrong.to_dict("records")
    expected = yaml.safe_load((OTHER / "expected_scorecard.yaml").read_text(encoding="utf-8"))
    assert default_as_of(other.articles, other.event, other.dates) == str(expected["as_of"]["date"])
    kj = J.key_judgements(other)
    assert kj.judgement.str.contains("the dialogue").any() and not kj.judgement.str.contains("summit").any()


def test_default_as_of_is_never_before_the_last_outcome_report(corpus):
    expected = yaml.safe_load(SEED_CARD.read_text(encoding="utf-8"))["as_of"]["date"]
    assert default_as_of(corpus.articles, corpus.event, corpus.dates) == str(expected)
    assert OverviewReport(corpus, "").as_of == str(expected)


def test_pre_event_facts_are_not_outcomes_of_the_event(corpus):
    sc = O.scorecard(corpus).set_index("item")
    for item in ("relos", "sj100", "eaeu_fta"):
        assert sc.loc[item].timing == "before", item
    kj = J.key_judgements(corpus)
    agreed_at = kj[kj.topic == "Agreed"].iloc[0]
    assert "RELOS" not in agreed_at.judgement and "SJ-100" not in agreed_at.judgement


def test_corroboration_counts_sources_stating_the_claim(corpus):
    sid = corpus.sentences[corpus.sentences.text.str.contains("did not result in the expected inking")].sentence_id.iloc[0]
    assert len(CL.claim_support(corpus, [sid])[sid]) == 1  # only 002 says no fresh large deals were inked
    relos = corpus.sentences[corpus.sentences.text.str.startswith("Ahead of the summit talks")].sentence_id.iloc[0]
    assert len(CL.claim_support(corpus, [relos])[relos]) == 3  # 000, 002, 003 all say it was ratified


@pytest.mark.parametrize("sentence, quote, shown", [
    ("“Talks will resume in spring and both sides want a deal soon,” the minister told reporters.",
     "Talks will resume in spring and both sides want a deal soon",
     "“Talks will resume in spring and both sides want a deal soon,”"),
    ("She said: “Nothing has been signed and nothing will be signed this week.”",
     "Nothing has been signed and nothing will be signed this week",
     "“Nothing has been signed and nothing will be signed this week.”"),
    ("He called it “a modest step forward for both economies” on Friday.",
     "a modest step forward for both economies", "He called it “a modest step forward for both economies”"),
])
def test_a_quote_in_context_keeps_its_closing_mark(sentence, quote, shown):
    assert CL.quote_in_context(sentence, quote) == shown


def test_quotes_keep_their_negation_and_figures_their_qualifiers(corpus):
    sentence = corpus.sentences[corpus.sentences.text.str.contains("junior partner to Beijing")].text.iloc[0]
    shown = CL.quote_in_context(sentence, "a junior partner to Beijing")
    assert shown == "Moscow isn’t allowing itself to become “a junior partner to Beijing”"
    figs = CL.figure_table(corpus)
    assert "less than $5 billion" in set(figs.shown)
    share = figs[figs.shown == "surpassing 30%"].iloc[0]
    assert share.measure == "Russian share of India's crude imports" and share.period == "by 2024"


def test_disagreements_need_the_same_measure_and_period(corpus):
    dis = CL.disagreements(corpus)
    abouts = " | ".join(dis.about)
    assert "when the Labour Mobility Agreement was agreed" in abouts
    assert any(dis.kind == "description")  # "the largest buyer" vs "one of the largest buyers"
    assert not any(dis.about.str.startswith("bilateral trade"))  # $65.7 bn (FY 2023–24) vs $68.7 bn (now): a series
    series = dis[dis.about.str.contains("annual series")].iloc[0]  # "last summit in 2021" vs "the 23rd annual summit"
    assert series.a_says == "The last Modi–Putin summit took place in 2021" and "23rd" in series.b_says
    assert (dis.a_article != dis.b_article).all() and dis.a_sentence.str.len().gt(0).all() and dis.b_sentence.str.len().gt(0).all()


def test_an_items_size_for_the_same_period_is_compared_across_sources(other):
    dis = CL.disagreements(other)
    volume = dis[dis.about.str.startswith("Green Ammonia Supply Agreement")]
    assert len(volume) == 1 and {volume.iloc[0].a_says, volume.iloc[0].b_says} == {"2 million tonnes a year", "1 million tonnes a year"}
    assert {volume.iloc[0].a_article, volume.iloc[0].b_article} == {"r1_report", "a1_analysis"}


@pytest.mark.parametrize("sentence, name", [
    ("Boeing and the state buyer concluded a deal for 300 airplanes.", "deal for 300 airplanes"),
    ("The two sides reached agreement on a ceasefire, a prisoner exchange and aid.", "agreement on a ceasefire"),
    ("The utility said it had concluded an agreement to construct two reactors in the country.",
     "agreement to construct two reactors"),
    ("The bloc and Mercosur sealed a free-trade pact in Brussels.", "free-trade pact"),
    ("Talks between the ministers also included the joint production of a lighter missile variant, officials said.",
     "joint production of a lighter missile variant"),
    ("Moscow is expected to seek India’s help in getting spare parts for its oil sector, which is under sanctions.",
     "spare parts for its oil sector"),
    ("Pharmaceutical cooperation received particular emphasis during the visit.", "Pharmaceutical cooperation"),
    ("The ministers signed an MoU on green hydrogen at the forum.", "MoU on green hydrogen"),
    ("The Joint Clean Energy Programme was launched.", "Joint Clean Energy Programme"),
])
def test_discovery_reads_how_news_names_a_deliverable(sentence, name):
    from briefing.analysis.items import discover

    s = _sentences([sentence])
    assert list(discover(s, s.iloc[0:0].assign(start=0, end=0)).name) == [name]


@pytest.mark.parametrize("sentence", [
    "Modi said the pact was ambitious and would open markets.",
    "The two sides did not reach an agreement.",
    "Officials signed the agreement on Friday.",
    "Trade has grown since the war began, a deal that runs against the trend.",
])
def test_discovery_leaves_out_what_names_no_deliverable(sentence):
    from briefing.analysis.items import discover

    s = _sentences([sentence])
    assert discover(s, s.iloc[0:0].assign(start=0, end=0)).empty


def _sentences(texts):
    import pandas as pd

    return pd.DataFrame({"sentence_id": [f"a:{i}" for i in range(len(texts))], "article_id": "a", "text": texts,
                         "block": "body"})


def test_the_seeds_discover_the_deliverables_the_watch_list_lacks(corpus):
    found = set(O.scorecard(corpus, include_mentioned=True).query("discovered").name)
    assert {"Pharmaceutical cooperation", "spare parts and technical equipment for Russia’s oil sector",
            "joint production of advanced and lightweight variants of the BrahMos Supersonic missile"} <= found


def test_key_judgements_are_few_short_and_a_stance_is_what_a_party_said_or_did(corpus, other):
    import re

    for c in (corpus, other):
        kj = J.key_judgements(c)
        assert 1 <= len(kj) <= 7
        for text in kj.judgement:
            assert len(re.split(r"(?<=[.])\s+(?=[A-Z])", text)) <= 2 and len(text.split()) <= 50, text
    st = J.stances(corpus)
    assert not st.clause.str.contains("will not permit external coercion").any()  # an analyst's gloss after "conveyed a message:"
    assert set(st.kind) <= {"report", "preview"}
    stance = J.key_judgements(corpus).query("topic == 'Stances'").judgement.iloc[0]
    assert "India, in a report: “New Delhi has consistently called for diplomacy" in stance and "Russia, in a report" in stance
    other_stance = J.key_judgements(other).query("topic == 'Stances'").judgement.iloc[0]
    # Japan speaks only in quotes: its foreign minister, quoted by the report, is its own voice
    assert "Japan (Hiroshi Tanabe), in a report: “Supply chains for batteries and magnets cannot depend" in other_stance
    assert "No source reports what Japan said" not in other_stance


def test_a_themes_figures_are_its_own(corpus):
    defence = CL.figure_table(corpus, "defence")
    assert not defence.measure.str.contains("trade").any(), list(defence.measure)
    assert "share of military equipment" in set(defence.measure)
    assert "bilateral trade target" in set(CL.figure_table(corpus, "trade").measure)


def test_a_report_never_dates_itself_from_the_clock(corpus):
    from briefing.analysis.data import Corpus

    undated = Corpus(corpus.articles.assign(published=""), corpus.sentences.iloc[0:0], corpus.figures.iloc[0:0],
                     corpus.dates.iloc[0:0], corpus.quotes.iloc[0:0], corpus.entities.iloc[0:0], corpus.themes, corpus.items, None)
    r = OverviewReport(undated, "")
    assert r.as_of == "" and "undated" in str(r.header())


def test_every_report_passes_its_audit_and_shows_one_status_per_item(corpus):
    shown: dict[str, set[str]] = {}
    reports = [OverviewReport(corpus, "")] + [ThemeReport(corpus, t, "") for t in corpus.theme_ids]
    for r in reports:
        r.key_judgements()
        r.scorecard()
        r.disagreements()
        r.about_sources()
        r.timeline()
        if isinstance(r, ThemeReport):
            r.bottom_line(), r.figures(), r.voices(), r.actors()
        else:
            r.headline_figures(), r.voices()
        assert AUDIT_MARKER in str(r.audit())
        if isinstance(r, OverviewReport):
            assert {"date", "text", "status"} <= {k for k, *_ in r.audit_log.claims}
        elif r.report_id == "defence":
            assert "mentions" in {k for k, *_ in r.audit_log.claims}
        for kind, item, refs, _where in r.audit_log.claims:
            if kind == "status":
                shown.setdefault(item, set()).add(refs[0])
    assert shown and all(len(s) == 1 for s in shown.values()), shown
    assert shown["labour_mobility"] == {"agreed"} and shown["relos"] == {"agreed"}


def test_theme_scorecards_hold_only_the_themes_items(corpus):
    defence = set(O.scorecard(corpus, theme="defence").item)
    assert {"relos", "s400_additional"} <= defence and "labour_mobility" not in defence


def test_the_audit_fails_the_report_with_a_clear_message(corpus):
    r = ThemeReport(corpus, "trade", "")
    sid = corpus.sentences[corpus.sentences.text.str.contains("less than \\$5 billion")].sentence_id.iloc[0]
    r.audit_log.text("$5 billion", [sid], "figures")  # "less than" dropped
    r.audit_log.text("$6 billion", [sid], "figures")  # not in the sentence at all
    r.audit_log.status("relos", "expected", "scorecard")
    with pytest.raises(AuditError) as err:
        r.audit()
    msg = str(err.value)
    assert "'$5 billion' drops the qualifier 'less than'" in msg and "'$6 billion' does not appear" in msg
    assert "'relos' shown as 'expected' but its record says 'agreed'" in msg


def test_the_audit_checks_dates_and_mention_counts(corpus):
    r = OverviewReport(corpus, "")
    sid = corpus.sentences[corpus.sentences.text.str.contains("on November 21 has made")].sentence_id.iloc[0]
    r.audit_log.date("2025-11-21", sid, "timeline", "But the new sanction announced has made supply routes more complicated")
    assert r.audit_log.problems() == []
    r.audit_log.date("2025-11-22", sid, "timeline")  # a day the sentence does not write
    r.audit_log.date("2025-11-21", sid, "timeline", "the sanction was lifted")  # words the sentence does not say
    r.audit_log.mentions("Vladimir Putin", 3, [(sid, "Putin")], "actors")
    msg = " | ".join(r.audit_log.problems())
    assert "date '2025-11-22' is not written in the sentence it cites" in msg
    assert "'the sanction was lifted' is not what the sentence it cites" in msg
    assert "'Putin' (" in msg and "shown with 3 mention(s) but 1 sentence(s) name it" in msg


def test_the_build_refuses_a_notebook_without_the_audit():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("report.header()")])
    assert not audited(nb)
    cell = nbformat.v4.new_code_cell("report.audit()")
    cell.outputs = [nbformat.v4.new_output("execute_result", {"text/html": f"<p {AUDIT_MARKER}>ok</p>"})]
    nb.cells.append(cell)
    assert audited(nb)


def test_the_builds_audit_check_does_not_load_pandas():
    # run_job checks every report in a pool worker: loading pandas there just to find a string cost ~0.7 s each
    code = "import sys; from briefing.reporting.audit import audited; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", out.stderr


def test_the_notebooks_end_with_the_audit():
    for name in ("overview", "theme"):
        nb = nbformat.read(paths.NOTEBOOKS / f"{name}.ipynb", as_version=4)
        assert [c for c in nb.cells if c.cell_type == "code"][-1].source.strip() == "report.audit()"


@pytest.mark.parametrize("text, message", [
    ("items:\n  - id: x\n    name: X\n    kind: treaty\n    themes: [trade]\n", "items.yaml:4: item 'x' has unknown kind 'treaty'"),
    ("items:\n  - id: x\n    name: X\n    kind: pledge\n    themes: [nope]\n", "items.yaml:5: item 'x' names unknown theme 'nope'"),
    ("items:\n  - id: x\n    name: X\n    kind: pledge\n    themes: [trade]\n  - id: x\n    name: Y\n    kind: pledge\n"
     "    themes: [trade]\n", "items.yaml:6: duplicate item id 'x' (also on line 2)"),
])
def test_watch_list_errors_name_file_and_line(tmp_path, text, message):
    path = tmp_path / "items.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_items(path, ["trade"])
    assert message in str(err.value)


def test_an_unknown_item_theme_names_the_themes_file_in_use(tmp_path):
    path = tmp_path / "items.yaml"
    path.write_text("items:\n  - id: x\n    name: X\n    kind: pledge\n    themes: [nope]\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_items(path, ["trade"], tmp_path / "other-themes.yaml")
    assert f"valid themes ({tmp_path / 'other-themes.yaml'}): trade" in str(err.value)
    assert "data/themes.yaml" not in str(err.value)


def test_event_errors_name_file_and_line(tmp_path):
    path = tmp_path / "event.yaml"
    path.write_text(textwrap.dedent("""\
        event:
          name: A meeting
          start: 2027-03-12
          end: 2027-03-11
        """), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"event.yaml:4: the event ends \(2027-03-11\) before it starts"):
        load_event(path)
    path.write_text("event:\n  name: A meeting\n  start: 2027-03-12\n  end: 2027-03-12\n  parties: [A, B]\n"
                    "  voices:\n    C: [Capital]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"event.yaml:7: 'voices' names 'C', which is not one of the event's parties"):
        load_event(path)
    assert load_event(paths.EVENT_FILE).start == "2025-12-04"


def test_an_empty_corpus_gives_empty_sections_not_errors(corpus):
    from briefing.analysis.data import Corpus

    def none(df):
        return df.iloc[0:0]

    empty = Corpus(none(corpus.articles), none(corpus.sentences), none(corpus.figures), none(corpus.dates),
                   none(corpus.quotes), none(corpus.entities), corpus.themes, corpus.items, corpus.event)
    assert J.key_judgements(empty, theme="energy").empty and O.scorecard(empty, theme="energy").empty
    r = ThemeReport(empty, "energy", "2025-12-08")
    assert "nothing to judge" in str(r.key_judgements()) and "No tracked item" in str(r.scorecard())
    assert AUDIT_MARKER in str(r.audit())


def test_a_confidence_note_counts_each_source_once():
    from briefing.analysis.judgements import confidence

    note = confidence(["a", "b", "b"], ["preview", "analysis", "analysis"])
    assert note == "2 sources (1 preview, 1 analysis)"
    assert confidence(["b", "b"], ["analysis", "analysis"]) == "one post-event analysis only"


def test_about_sources_names_a_few_outcomes_and_points_to_the_scorecard_for_many(corpus):
    notes = J.about_sources(corpus).set_index("topic")
    single = notes.loc["Single source"]
    assert len(single["items"]) > 5  # the seeds: most outcomes rest on the one long analysis
    assert single.note.endswith("(the scorecard's Sources column shows which).")
    assert not any(name in single.note for name in single["items"])
    assert notes.loc["Sources"].note.endswith("none carries a publication date.")
    listed = J.about_sources(corpus, names=len(single["items"])).set_index("topic").loc["Single source"]
    assert all(name in listed.note for name in listed["items"])


def test_a_timeline_date_after_the_briefing_says_it_is_ahead(corpus):
    html = str(ThemeReport(corpus, "trade", "2025-12-08").timeline())
    assert "2030 (ahead)" in html and "2023 (ahead)" not in html


def test_quotations_of_one_speaker_in_one_sentence_are_one_voices_row(corpus):
    report = ThemeReport(corpus, "ukraine", "2025-12-08")
    html = str(report.voices())
    assert html.count("cannot be found on the battlefield") == 1
    # the count of rows left out is of rows as shown: three quotations in one row leave none out here
    assert "rows-left-out" not in str(report.voices(limit=len(voices(corpus, "ukraine"))))
    assert "“stands for peace,”" in html and "“not neutral”" in html


def test_a_purpose_clause_is_not_an_expectation():
    text = "In a move aimed at expanding the Osprey plant to 50 GW by 2040, the two utilities signed a fuel deal."
    assert O.classify(text, text.find("Osprey"), "after")[0] == O.AGREED
    aim = "The ministry aims to raise output to 50 GW by 2040."
    assert O.classify(aim, aim.find("output"), "before")[0] == O.EXPECTED


@pytest.mark.parametrize("measure, unit, sentence, kept", [
    ("bilateral trade", "USD", "Bilateral trade stands at $9 billion.", True),
    ("squadrons", "count", "They discussed five squadrons of fighters.", True),  # a theme's cue word
    ("diplomatic history", "years", "The two share a 60-year diplomatic history.", False),
    ("visit", "days", "He arrives for a three-day visit.", False),
    ("strategic capabilities", "count", "The pact enables four strategic capabilities.", False),
    ("chile", "years", "His arrival in Chile after six years was welcomed.", False),  # a name, not a measure
    ("bras lia covers", "tonnes/year", "The deal signed in Brasília covers 1 million tonnes a year.", False),
    ("early reports", "tonnes/year", "Contrary to early reports of 2 million tonnes a year, it is less.", False),
])
def test_a_figure_needs_a_label_that_names_a_measure(corpus, measure, unit, sentence, kept):
    assert CL.is_measure(corpus, measure, unit, sentence) is kept


@pytest.mark.parametrize("measure, period, sentence, shown, expected", [
    ("power capacity", "by 2047", "They agreed to expand capacity to 80 GW by 2047.", "80 GW", ("power capacity target", "by 2047")),
    ("savings", "by 2024", "Savings reached $3 billion by 2024.", "$3 billion", ("savings", "by 2024")),  # before the event
    ("savings", "by 2024", "Imports rose to 30% by 2024, a shift that saved $3 billion a year.", "$3 billion", ("savings", "")),
    ("bilateral trade", "", "Presently, bilateral trade stands at $9 billion, but it is lopsided.", "$9 billion",
     ("bilateral trade", "at present")),
    ("bilateral trade", "", "The plan looks beyond the current $9 billion trade.", "$9 billion", ("bilateral trade", "at present")),
    ("bilateral trade", "", "Bilateral trade was $9 billion, officials said.", "$9 billion", ("bilateral trade", "")),
    ("bilateral trade", "", "Bilateral trade reached $9 billion last year.", "$9 billion", ("bilateral trade", "last year")),
    ("deficit", "", "The current account deficit widened to $9 billion.", "$9 billion", ("deficit", "")),
])
def test_a_figure_to_be_reached_is_a_target_and_now_is_a_period(corpus, measure, period, sentence, shown, expected):
    assert CL.dated(corpus, measure, period, sentence, shown) == expected


def test_a_value_restated_without_its_period_is_one_claim():
    import pandas as pd

    figs = pd.DataFrame({"measure": ["trade target"] * 3 + ["trade"] * 2, "unit": ["USD"] * 5,
                         "low": [5e9, 5e9, 5e9, 2e9, 2e9], "high": [5e9, 5e9, 5e9, 2e9, 2e9],
                         "period": ["by 2030", "2030", "", "", "in 2021"], "shown": ["$5 billion", "$5 billion", "$5 bn",
                                                                                      "$2 billion", "$2 billion"]})
    kept = CL.drop_restated(figs)
    assert list(kept.shown) == ["$5 billion", "$2 billion"] and list(kept.period) == ["by 2030", "in 2021"]


def test_seed_figures_and_judgements_state_each_value_once_with_its_period(corpus):
    ft = CL.figure_table(corpus)
    assert not ft.measure.isin(["diplomatic history", "visit", "india", "critical and transformative capabilities"]).any()
    assert set(ft[ft.unit == "GW"].measure) == {"power capacity target"}  # "to 100 GW by 2047" in both sentences
    assert set(ft[(ft.measure == "bilateral trade") & (ft.low == 68.7e9)].period) == {"at present"}  # "Presently", "current"
    figures = J.key_judgements(corpus, theme="trade").query("topic == 'Figures'").judgement.iloc[0]
    assert figures.count("$100") == 1 and "“approximately $68.7 billion” (at present)" in figures
    agreed = J.key_judgements(corpus).query("topic == 'Agreed'").judgement.iloc[0]
    assert "Labour Mobility Agreement (2 sources, differing on when)" in agreed  # finalized before vs unveiled at


def test_an_outcome_is_corroborated_only_by_sources_that_date_it_alike(corpus):
    def support(words: str) -> list[str]:
        sid = corpus.sentences[corpus.sentences.text.str.contains(words, regex=False)].sentence_id.iloc[0]
        return CL.claim_support(corpus, [sid])[sid]

    # "finalized" before the summit (000) and "unveiled" at it (002): the same agreement, not the same claim
    assert support("both sides have finalized an agreement for the mobility") == ["000_82b28d731f843d0d"]
    assert support("ratifying a key military logistics pact") == ["002_8ea845e3461e25a4"]  # at, against before
    # the same target ("by 2030" / "2030") from the programme's own sentence counts for Russia's aim
    assert len(support("Russia aims to increase bilateral trade to $100 billion by 2030")) == 3


def test_a_discovered_items_its_is_the_party_the_sentence_names(corpus):
    before = "According to Reuters, Moscow is expected to seek India’s help in getting "
    assert O.owner_named(corpus, "spare parts for its oil sector", before) == "spare parts for Russia’s oil sector"
    assert O.owner_named(corpus, "spare parts for its oil sector", "The firm hopes to get ") == "spare parts for its oil sector"
