"""Charts, the nbconvert template and the pack's assembly, on tiny inputs built in code."""

from __future__ import annotations

import logging
import subprocess
import sys

import nbformat
import pytest
from conftest import ROOT
from matplotlib.figure import Figure
from packcheck import repeated_sentences

from briefing import paths
from briefing.errors import UsageError
from briefing.reporting import charts
from briefing.reporting.render import PackEntry, ReportMeta, export_html, pack_bodies, pack_html

SETTINGS = {"title": "Pack <b>title</b>", "subtitle": "Sub", "handling": "Internal", "author": "Desk", "keywords": []}


def test_importing_the_package_leaves_matplotlibs_backend_alone():
    code = ("import matplotlib; matplotlib.use('svg'); import briefing.reporting.report, briefing.reporting.render; "
            "print(matplotlib.get_backend())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "svg"


def test_an_analysts_figure_gets_alt_text_from_its_title(caplog):
    fig = Figure()
    ax = fig.subplots()
    ax.plot([1, 2], [3, 4])
    ax.set_title("Imports by year")
    ax.set_xlabel("year")
    assert charts.figure_alt(fig) == "Chart: Imports by year. horizontal axis: year."
    svg, meta = charts._figure_output(fig)
    assert svg.lstrip().startswith("<?xml") and "Imports by year" in svg  # text stays text
    assert meta == {"alt": "Chart: Imports by year. horizontal axis: year.", "caption": ""}
    with caplog.at_level(logging.WARNING, logger="briefing"):
        assert charts.figure_alt(Figure()) == "Chart without a title."
    assert "a chart without a title" in caplog.text


def test_package_charts_display_like_analyst_figures():
    chart = charts.hbar(["a", "b"], [2, 1], title="T", xlabel="x", source="Source: test.")
    data, meta = chart._repr_mimebundle_()
    assert charts.SVG in data and meta[charts.SVG] == {"alt": chart.alt, "caption": "Source: test."}
    assert chart.alt == "Chart: T. horizontal axis: x. Bars: a: 2; b: 1."  # from its title, as an analyst's
    assert str(charts.show(chart)) == charts.figure_html(chart.svg, charts.SVG, chart.alt, "Source: test.")
    assert chart.svg == charts.hbar(["a", "b"], [2, 1], title="T", xlabel="x", source="s").svg


def test_an_analysts_bar_chart_says_its_bars_in_the_alt_text():
    fig = Figure()
    ax = fig.subplots()
    ax.barh([0, 1], [5.5, 12], tick_label=["imports", "exports"])
    ax.set_title("Trade")
    assert charts.figure_alt(fig) == "Chart: Trade. Bars: imports: 5.5; exports: 12."


def test_a_chart_of_equal_bars_is_not_worth_drawing():
    assert charts.varies([3, 1, 1]) and not charts.varies([1, 1, 1]) and not charts.varies([4]) and not charts.varies([])


def test_project_paths_resolve_from_the_project_not_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert paths.project_path("", paths.SEEDS, "seeds") == paths.SEEDS
    assert paths.project_path("seeds", paths.SEEDS, "seeds") == paths.ROOT / "seeds"
    assert paths.project_path(str(tmp_path), paths.SEEDS, "seeds") == tmp_path
    with pytest.raises(UsageError, match=r"parameter seeds='nowhere': no such folder .*relative path starts at the project"):
        paths.project_path("nowhere", paths.SEEDS, "seeds")
    assert paths.project_file("", paths.THEMES_FILE, "themes_file") == paths.THEMES_FILE
    assert paths.project_file("data/themes.yaml", paths.THEMES_FILE, "themes_file") == paths.ROOT / "data" / "themes.yaml"
    with pytest.raises(UsageError, match=r"parameter themes_file='seeds': no such file"):
        paths.project_file("seeds", paths.THEMES_FILE, "themes_file")  # a folder is not a themes file


def test_another_themes_file_changes_every_reports_key_and_reaches_the_notebooks(tmp_path):
    from briefing.build.options import BuildOptions
    from briefing.build.plan import config_parameters, input_keys, report_specs
    from briefing.config import load_themes

    other = tmp_path / "themes.yaml"
    other.write_bytes(paths.THEMES_FILE.read_bytes().replace(b"title: Energy", b"title: Power"))
    specs = report_specs(load_themes(paths.THEMES_FILE))
    digests = {s.id: "same data" for s in specs}

    def keys(opts):
        return input_keys(opts, specs, digests, "code", {"title": "T"}, "2025-12-08")

    default, switched = BuildOptions(), BuildOptions(themes_file=other)
    assert config_parameters(default) == {}  # a default build's notebooks get the parameters they always had
    assert config_parameters(switched) == {"themes_file": str(other.resolve())}
    assert all(a != b for a, b in zip(keys(default).values(), keys(switched).values(), strict=True))
    assert keys(default) == keys(BuildOptions())


def test_default_as_of_is_the_latest_publication_date_else_the_latest_full_date_mentioned():
    import pandas as pd

    from briefing.analysis.data import Corpus, default_as_of

    def corpus(published, mentioned):
        empty = pd.DataFrame()
        articles = pd.DataFrame({"published": published, "kind": ["report"] * len(published)}, dtype=str)
        dates = pd.DataFrame({"date": mentioned, "surface": mentioned}, dtype=str)
        return Corpus(articles, empty, empty, dates, empty, empty, ())

    assert default_as_of(corpus(["2025-12-01", "", "2025-12-03"], ["2030-01-01"])) == "2025-12-03"
    assert default_as_of(corpus(["", ""], ["2030", "2025-12-04", "2025-12", "-0300-01-01"])) == "2025-12-04"
    assert default_as_of(corpus([], [])) == ""


def _fragment(rid: str, cites: list[int], titles: dict[int, str]) -> str:
    marks = " ".join(f'<a class="cite" href="#{rid}-src-{n}">[{n}]</a>' for n in cites)
    items = "".join(f'<li id="{rid}-src-{n}"><span class="num">[{n}]</span> {t}</li>' for n, t in titles.items())
    return (f'<main class="report" data-report="{rid}"><h1 id="{rid}">{rid}</h1>'
            f'<div class="prose"><h2 id="{rid}-points">Points</h2><p>Which points matter.</p></div>'
            f'<div class="section-output"><ol><li>A point. {marks}</li></ol><p class="note">Method note.</p></div>'
            f'<div class="prose"><h2 id="{rid}-sources">Sources</h2></div>'
            f'<div class="section-output"><ol class="sources">{items}</ol><p class="note">Kinds.</p></div></main>')


def test_the_pack_lists_every_source_once_at_the_end_and_says_notes_once(caplog):
    a = _fragment("overview", [1, 3], {1: "First", 3: "Third"})
    b = _fragment("trade", [2, 3], {2: "Second", 3: "Third"})
    bodies, sources = pack_bodies([a, b])
    assert [s.split(">")[0] for s in sources] == ['<li id="pack-src-1"', '<li id="pack-src-2"', '<li id="pack-src-3"']
    assert all("ol class=\"sources\"" not in body and "-sources\"" not in body for body in bodies)
    assert 'href="#pack-src-3"' in bodies[0] and 'href="#pack-src-3"' in bodies[1] and "src-3\"" not in bodies[1][:0]
    assert "Method note." in bodies[0] and "Method note." not in bodies[1]  # said once in a pack
    assert "Which points matter." not in bodies[1] and "Points" in bodies[1]  # the heading stays
    with caplog.at_level(logging.WARNING, logger="briefing"):
        pack_bodies([a, _fragment("energy", [1], {1: "Another article"})])
    assert "source [1] is not the same article in every report" in caplog.text


def test_the_pack_template_escapes_settings_and_marks_failed_reports():
    entries = [PackEntry("overview", "Overview", "built", _fragment("overview", [1], {1: "First"}), []),
               PackEntry("trade", "Trade & <co>", "failed", None, [], error="boom")]
    page = pack_html(SETTINGS, entries, "b1", "2025-12-04", "4 December 2025")
    assert "<title>Pack &lt;b&gt;title&lt;/b&gt;</title>" in page and '<html lang="en">' in page
    assert "Trade &amp; &lt;co&gt;: not updated" in page and "it failed to build (boom)" in page
    assert '<a href="#pack-sources">Sources</a>' in page and 'id="pack-src-1"' in page
    assert page.count('<nav class="contents"') == 1


def test_the_pack_says_why_from_the_status_not_the_error_text():
    # a report not requested (stale) is explained by its status, whatever its error text says
    entries = [PackEntry("trade", "Trade", "stale", None, [], error="any words at all"),
               PackEntry("energy", "Energy", "failed", None, [], error="not requested in this build")]
    page = pack_html(SETTINGS, entries, "b1", "2025-12-04", "4 December 2025")
    assert "Trade: not updated" in page and "Energy: not updated" in page
    assert page.count("it was not requested") == 1
    assert "it failed to build (not requested in this build)" in page


def test_the_repetition_check_finds_a_sentence_printed_three_times():
    s = "India imports nearly 64 billion dollars of goods from Russia."
    assert repeated_sentences(f"<p>{s} [1]</p><table><tr><td>{s}</td></tr></table>") == {}
    assert repeated_sentences(f"<p>{s}</p><ul><li>{s} [2]</li><li>Other words here and there too.</li></ul><p>{s}</p>") \
        == {s: 3}


def _notebook(*outputs) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("df.plot(title='x')  # code never reaches a report")
    cell.outputs = list(outputs)
    nb.cells = [nbformat.v4.new_markdown_cell("## Section"), cell]
    return nb


@pytest.mark.slow  # nbconvert
def test_the_template_keeps_images_with_alt_text_and_drops_code_and_artist_reprs():
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
    nb = _notebook(
        nbformat.v4.new_output("execute_result", {"text/plain": "<Axes: title={'center': 'x'}>"}, execution_count=1),
        nbformat.v4.new_output("display_data", {"image/svg+xml": svg, "text/plain": "<Figure>"},
                               metadata={"image/svg+xml": {"alt": "Chart: Imports & exports."}}),
        nbformat.v4.new_output("display_data", {"image/png": "iVBORw0KGgo=\n", "text/plain": "<Figure>"}),
    )
    meta = ReportMeta(id="t", title="T", pack_title="P", handling="H", build="b", as_of="2025-12-04", as_of_text="4 Dec")
    html = export_html(nb, meta, "print")
    assert html.count('<figure class="chart">') == 2
    assert 'alt="Chart: Imports &amp; exports."' in html and 'src="data:image/svg+xml;base64,' in html
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in html and 'alt="Chart"' in html
    assert "Axes" not in html and "df.plot" not in html
    # a worker's warm-up export (an empty notebook, every variant) leaves nothing in the next report
    from briefing.reporting.render import warm_up

    toc = meta.toc
    warm_up()
    assert export_html(nb, meta, "print") == html and meta.toc == toc == [("t-section", "Section")]


def test_an_excerpt_is_verbatim_pieces_around_its_marks_and_the_audit_checks_each_piece():
    from briefing.errors import AuditError
    from briefing.reporting.audit import Audit
    from briefing.reporting.present import excerpt

    s = ("India imports nearly $64 billion—primarily crude oil, fertilisers, and defence equipment—while exporting "
         "less than $5 billion worth of goods to Russia, creating a stark imbalance in the trade.")
    plain, shown = excerpt(s, ["less than $5 billion"], words=3)
    assert plain == "… equipment—while exporting less than $5 billion worth of goods …"
    assert "<b>less than $5 billion</b>" in str(shown)
    plain2, _ = excerpt(s, ["India", "stark imbalance"], words=2, longest=5)  # far apart: two pieces
    assert plain2 == "India imports nearly … creating a stark imbalance in the …"
    audit = Audit({"s1": s}, {})
    audit.text(plain, ["s1"], "figures")
    audit.text(plain2, ["s1"], "scorecard")
    assert audit.problems() == []
    audit.text("… stark imbalance … India imports …", ["s1"], "scorecard")  # pieces out of order
    audit.text("… exporting $5 billion worth …", ["s1"], "figures")  # a piece that is not in the sentence
    with pytest.raises(AuditError, match=r"(?s)2 claim\(s\).*scorecard: '… stark imbalance … India imports …' does not "
                       r"appear in the sentence it cites \(s1\)"):
        audit.verify()


def _long_fragment(rid: str, rows: int, cls: str = "data") -> str:
    trs = "".join(f"<tr><td>Row {i} says something rather different from the others, number {i}.</td></tr>"
                  for i in range(rows))
    return (f'<main class="report" data-report="{rid}"><h1 id="{rid}">{rid}</h1>'
            f'<div class="prose"><h2 id="{rid}-figures">Figures</h2></div><div class="section-output">'
            f'<table class="{cls}" data-total="{rows + 3}"><tbody>{trs}</tbody></table>'
            f'<p class="note rows-left-out">Showing the first {rows} of {rows + 3} rows; 3 more are in the data export.</p>'
            f'</div><div class="prose"><h2 id="{rid}-voices">Voices</h2></div><div class="section-output">'
            f'<p class="empty">No one is quoted directly on this theme.</p></div></main>')


def test_the_pack_shortens_tables_points_to_the_report_and_names_empty_sections():
    bodies, _ = pack_bodies([_long_fragment("energy", 8)], ["energy"], rows=3)
    body = bodies[0]
    assert body.count("<tr>") == 3 and "Row 2 " in body and "Row 3 " not in body
    # the pack is e-mailed: a link relative to its folder would be dead, so the report is named, not linked
    assert "+8 more in the full report: energy.html</p>" in body and "<a " not in body
    assert "data export" not in body  # the report's own line is replaced
    published, _ = pack_bodies([_long_fragment("energy", 8)], ["energy"], rows=3,
                               reports_url="https://intranet.example.org/briefing/current/")
    assert ('+8 more in the full report: <a href="https://intranet.example.org/briefing/current/energy.html'
            '#energy-figures">energy.html</a>') in published[0]
    assert "No one is quoted" not in body and "energy-voices" not in body
    assert "energy: nothing in the sources for Voices." in body
    whole, _ = pack_bodies([_long_fragment("overview", 8, "data scorecard complete")], ["overview"], rows=3)
    assert whole[0].count("<tr>") == 8  # the scorecard is never shortened


def test_a_column_marked_not_in_pack_stays_in_the_report_and_the_pack_says_where_it_is():
    import pandas as pd

    from briefing.reporting import present as P

    df = pd.DataFrame({"item": ["RELOS", "Pantsir", "Verba"], "st": ["agreed", "not agreed", "not agreed"],
                       "ev": ["“ratified” [1]", "“did not result” [3]", "“did not result” [3]"],
                       "group": ["", "Not on the watch list", "Not on the watch list"]})
    table = str(P.table(df, {"item": "Item", "st": "Status", "ev": "Evidence (excerpt)"}, not_in_pack=["ev"],
                        group="group", cls="scorecard complete"))
    assert '<th scope="col" class="not-in-pack">Evidence (excerpt)</th>' in table and table.count("<tbody>") == 2
    assert '<tr class="group"><th scope="rowgroup" colspan="3">Not on the watch list</th></tr><tr><td>Pantsir' in table
    frag = (f'<main class="report"><h1 id="overview">Overview</h1><div class="prose"><h2 id="overview-scorecard">'
            f'Scorecard</h2></div><div class="section-output">{table}</div>'
            '<p class="note in-full-report">Also in the full report (<span class="report-file">overview.html</span>): '
            'Coverage.</p></main>')
    body = pack_bodies([frag], ["overview"], rows=1)[0][0]
    assert "Evidence" not in body and "did not result" not in body and "not-in-pack" not in body
    assert body.count("<tr>") == 1 + 3 and 'colspan="2"' in body  # whole (header, 3 rows); the group heading spans what is left
    assert "The evidence (excerpt) column is in the full report: overview.html</p>" in body
    assert "Also in the full report (overview.html): Coverage." in body
    url = "https://intranet.example.org/briefing/current/"
    linked = pack_bodies([frag], ["overview"], reports_url=url)[0][0]
    assert f'column is in the full report: <a href="{url}overview.html#overview-scorecard">overview.html</a>' in linked
    assert f'Also in the full report (<a href="{url}overview.html">overview.html</a>): Coverage.' in linked


@pytest.mark.slow  # WeasyPrint
def test_another_events_five_minute_read_is_in_the_first_three_pages_of_its_pack(other, tmp_path):
    """The overview's read for the other event (its own parties, watch list and event), laid out by the pack.

    Made in process from the report's sections as the overview notebook calls them: a kernel for one
    report would cost more than the rest of this module.
    """
    from packcheck import pages_of, small_type

    from briefing.config import load_settings
    from briefing.reporting.render import render_pdf, slug
    from briefing.reporting.report import OverviewReport

    r = OverviewReport(other, "")
    sections = {"Key judgements": r.key_judgements(), "Scorecard": r.scorecard(),
                "Where the sources disagree": r.disagreements(), "Headline figures": r.headline_figures()}
    body = "".join(f'<div class="prose"><h2 id="overview-{slug(title)}">{title}</h2></div>'
                   f'<div class="section-output">{html}</div>' for title, html in sections.items())
    entry = PackEntry("overview", "Overview", "built", f'<main class="report">{r.header()}{body}</main>', [])
    pdf = tmp_path / "pack.pdf"
    render_pdf(pack_html(load_settings(paths.SETTINGS_FILE), [entry], "b", r.as_of, r.as_of), pdf)
    assert "Green Ammonia Supply Agreement" in str(sections["Scorecard"])  # the other event's watch list
    read = pages_of(pdf, list(sections))
    assert set(read) == set(sections) and max(read.values()) <= 3, read
    assert small_type(pdf, range(3)) == []


def test_the_pack_leaves_out_rows_it_has_printed_twice():
    frag = _long_fragment("energy", 2)
    bodies, _ = pack_bodies([frag, frag.replace("energy", "trade"), frag.replace("energy", "labour")])
    assert bodies[0].count("<tr>") == 2 and bodies[1].count("<tr>") == 2
    assert "<tr>" not in bodies[2] and "labour-figures" not in bodies[2]  # the whole section was printed twice
    assert "labour: nothing in the sources for Voices; Figures printed above already." in bodies[2]
    partly = frag.replace("energy", "china").replace("number 1.", "number one.")
    assert "+1 already printed twice above" in pack_bodies([frag, frag, partly])[0][2]
    assert repeated_sentences("".join(bodies)) == {}


def test_sections_tagged_not_in_pack_leave_the_fragment_only():
    from briefing.reporting.render import pack_cells

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("## Scorecard", metadata={"tags": ["not-in-pack"]}),
                nbformat.v4.new_code_cell("report.scorecard()"), nbformat.v4.new_markdown_cell("Some words."),
                nbformat.v4.new_markdown_cell("## Figures"), nbformat.v4.new_code_cell("report.figures()"),
                nbformat.v4.new_code_cell("x", metadata={"tags": ["not-in-pack"]})]
    kept, left_out = pack_cells(nb)
    assert [c.source for c in kept] == ["## Figures", "report.figures()"] and left_out == ["Scorecard"]


def test_pack_rows_must_be_a_whole_number(tmp_path):
    from briefing.config import load_settings
    from briefing.errors import ConfigError

    path = tmp_path / "report.yaml"
    path.write_text("title: T\npack_rows: 6\n", encoding="utf-8")
    assert load_settings(path)["pack_rows"] == 6
    path.write_text("title: T\n", encoding="utf-8")
    assert load_settings(path)["pack_rows"] == 6  # the default
    path.write_text("title: T\npack_rows: many\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"report.yaml:2: pack_rows must be a whole number of rows, 1 or more"):
        load_settings(path)


def test_a_quotation_over_consecutive_paragraphs_is_audited_against_their_run():
    from briefing.reporting.audit import Audit

    sentences = {"a:7": "“Brazil has the resources. Putting them together is the point.",
                 "a:8": "“On beef, we listened carefully,” she said.", "a:9": "Unrelated."}
    quote = "Brazil has the resources. Putting them together is the point. On beef, we listened carefully,"
    audit = Audit(sentences, {})
    audit.text(quote, ["a:7", "a:8"], "voices")  # the run, the second paragraph's reopening mark left out
    assert audit.problems() == []
    for refs in (["a:7"], ["a:7", "a:9"], ["a:8", "a:7"]):  # one sentence alone, not consecutive, out of order
        audit = Audit(sentences, {})
        audit.text(quote, refs, "voices")
        assert audit.problems(), refs


def test_a_bar_chart_of_counts_has_whole_number_ticks():
    """A count axis has no tick at half a mention (the actors chart had 0.5, 1.5, 2.5)."""
    import re

    def tick_labels(chart, xlabel):  # the axis' labels come before its label in the SVG's text elements
        texts = re.findall(r"<text[^>]*>([^<]*)</text>", chart.svg)
        return texts[: texts.index(xlabel)]

    counts = tick_labels(charts.hbar(["a", "b"], [3, 1], title="T", xlabel="mentions", source="s"), "mentions")
    assert counts == ["0", "1", "2", "3"]
    halves = tick_labels(charts.hbar(["a", "b"], [1.5, 0.5], title="T", xlabel="value", source="s"), "value")
    assert any("." in t for t in halves)  # a measure that is not a count keeps its fractional ticks
