"""The theme and overview notebooks executed with papermill on the real seeds (real kernels).

The checks of what each report says read the notebooks the session's build executed (conftest's
``built_site``: the same notebooks, seeds and date), so no report is executed twice; the tests of
parameters, odd corpora and determinism run papermill themselves.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill as pm
import pytest
from conftest import ROOT, copy_seeds

from briefing import paths
from briefing.config import load_themes

pytestmark = pytest.mark.slow  # real kernels, nbconvert and WeasyPrint

THEMES = [t.id for t in load_themes(paths.THEMES_FILE)]
THEME_SECTIONS = ["Key judgements", "Scorecard", "Key points", "Coverage", "Figures", "Voices", "Actors", "Timeline",
                  "Sources"]
OVERVIEW_SECTIONS = ["Key judgements", "Scorecard", "Where the sources disagree", "Headline figures", "About the sources",
                     "Most quoted voices", "Timeline", "The sources", "Coverage of the themes", "Sources"]


def execute(tmp_path: Path, name: str, **params) -> nbformat.NotebookNode:
    out = tmp_path / f"{name}-{params.get('theme', 'overview')}.ipynb"
    pm.execute_notebook(str(paths.NOTEBOOKS / f"{name}.ipynb"), str(out), parameters=params, kernel_name="briefing",
                        cwd=str(paths.NOTEBOOKS), progress_bar=False, log_output=False)
    return nbformat.read(out, as_version=4)


def outputs_html(nb) -> str:
    return "\n".join(o.get("data", {}).get("text/html", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)


def assert_clean(nb) -> None:
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for o in cell.outputs:
            assert o.output_type != "error", o.get("evalue")
            assert not (o.output_type == "stream" and o.name == "stderr"), o.text
            assert "Traceback" not in json.dumps(o)


def assert_citations_resolve(html: str) -> None:
    cited = set(re.findall(r'href="#([\w-]*src-\d+)"', html))
    listed = set(re.findall(r'id="([\w-]*src-\d+)"', html))
    assert cited, "no citations at all"
    assert cited <= listed, f"citations without a source entry: {sorted(cited - listed)}"


def built(site: dict, report: str) -> nbformat.NotebookNode:
    """The notebook of ``report`` as the session's build executed it (papermill, the seeds, as of 2025-12-08)."""
    return nbformat.read(site["out"] / f"{report}.ipynb", as_version=4)


def markdown_headings(nb) -> list[str]:
    return [m for c in nb.cells if c.cell_type == "markdown" for m in re.findall(r"^## (.+)$", c.source, re.M)]


@pytest.mark.parametrize("theme", THEMES)
def test_every_theme_runs_and_reads_as_a_briefing(built_site, theme):
    nb = built(built_site, theme)
    assert_clean(nb)
    assert markdown_headings(nb) == THEME_SECTIONS
    html = outputs_html(nb)
    title = next(t.title for t in load_themes(paths.THEMES_FILE) if t.id == theme)
    assert f'<h1 id="{theme}">{title}</h1>' in html.replace("&#x27;", "'")
    assert 'class="key-points"' in html  # every seed theme has at least one key point
    assert_citations_resolve(html)
    assert '<ol class="sources">' in html
    assert "<table" in html
    assert 'data-audit="passed"' in html
    # no raw DataFrame dumps: our tables only, each with at most a dozen or so rows
    assert 'class="dataframe"' not in html
    for body in re.findall(r"<tbody>(.*?)</tbody>", html, re.S):
        assert body.count("<tr>") <= 16


def test_bottom_line_points_are_sentences_from_the_articles(built_site, tables):
    nb = built(built_site, "defence")
    html = outputs_html(nb)
    points = re.findall(r'<ol class="key-points">(.*?)</ol>', html, re.S)[0]
    texts = [re.sub(r"\s*<a .*$", "", li) for li in re.findall(r"<li>(.*?)</li>", points, re.S)]
    assert 3 <= len(texts) <= 6
    import html as h

    corpus_sentences = set(tables["sentences"].text)
    for t in texts:
        assert h.unescape(t.strip()) in corpus_sentences
    assert re.search(r"\d+ sources?", points)


def test_trade_figures_keep_qualifiers_and_show_periods_as_a_series(built_site):
    nb = built(built_site, "trade")
    html = outputs_html(nb)
    assert "less than $5 billion" in html and "approximately $68.7 billion" in html
    assert "(series)</td>" in html and 'class="callout"' not in html  # $65.7 bn (FY 2023–24) is no conflict


def test_defence_scorecard_says_not_agreed_for_the_s400(built_site):
    nb = built(built_site, "defence")
    html = outputs_html(nb)
    row = re.search(r"<tr><td>Additional S-400 squadrons</td>(.*?)</tr>", html, re.S).group(1)
    row = re.sub(r"<[^>]+>", "", row)  # the excerpt's status cue and item are in bold
    assert "not agreed" in row and "did not result in the expected inking" in row
    relos = re.search(r"<tr><td>Reciprocal Exchange of Logistics Support \(RELOS\)</td>(.*?)</tr>", html, re.S).group(1)
    assert "before the event" in relos and "3 (" in relos


def test_overview_runs_with_every_section(built_site):
    nb = built(built_site, "overview")
    assert_clean(nb)
    assert markdown_headings(nb) == OVERVIEW_SECTIONS
    html = outputs_html(nb)
    assert_citations_resolve(html)
    assert '<div id="key-judgements" class="key-judgements">' in html
    # the heat map is its own image output, as an analyst's chart is, its alt text led by its title
    svg = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if "image/svg+xml" in o.get("data", {})]
    assert [o.metadata["image/svg+xml"]["alt"][:52] for o in svg] == ["Chart: Coverage of each theme. Heat map of the share"]
    timeline = html[html.index("Event or target"):]
    assert "<strong>23rd India–Russia Annual Summit, New Delhi</strong>" in timeline and "dating back" not in timeline
    assert "RELOS" in html and "Michael Kugelman" in html


def test_same_inputs_give_the_same_output(tmp_path, extracted, seeds_copy):
    a = execute(tmp_path / "a" if (tmp_path / "a").mkdir() is None else tmp_path, "theme", theme="energy",
                seeds=str(seeds_copy), data_dir=str(extracted), as_of="2025-12-08")
    b_dir = tmp_path / "b"
    b_dir.mkdir()
    b = execute(b_dir, "theme", theme="energy", seeds=str(seeds_copy), data_dir=str(extracted), as_of="2025-12-08")
    strip = lambda nb: [c.get("outputs") for c in nb.cells if c.cell_type == "code"]  # noqa: E731
    assert strip(a) == strip(b)


def test_extracts_the_corpus_itself_when_no_data_dir_is_given(tmp_path):
    seeds = copy_seeds(tmp_path / "seeds")
    nb = execute(tmp_path, "theme", theme="payments", seeds=str(seeds), as_of="2025-12-08")
    assert_clean(nb)
    assert "SPFS" in outputs_html(nb)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"theme": "weather"}, "parameter theme='weather' is not a theme of data/themes.yaml; valid themes: defence, energy"),
        ({"theme": "energy", "sources": ["nope"]}, "unknown article id(s) 'nope'"),
        ({"theme": "energy", "as_of": "8 Dec"}, "parameter as_of='8 Dec' is not a date"),
    ],
)
def test_bad_parameters_stop_the_run_with_a_clear_message(tmp_path, extracted, seeds_copy, params, message):
    params = {"seeds": str(seeds_copy), "data_dir": str(extracted), "as_of": "2025-12-08", **params}
    with pytest.raises(pm.PapermillExecutionError) as err:
        execute(tmp_path, "theme", **params)
    assert message in str(err.value)


def test_empty_corpus_says_so_plainly(tmp_path):
    seeds = tmp_path / "empty"
    seeds.mkdir()
    for name, nb in (("theme", None), ("overview", None)):
        params = {"seeds": str(seeds), "as_of": "2025-12-08"}
        if name == "theme":
            params["theme"] = "energy"
        nb = execute(tmp_path, name, **params)
        assert_clean(nb)
        html = outputs_html(nb)
        assert "<img" not in html  # no empty charts
        assert ("No article in the corpus discusses" in html) if name == "theme" else ("holds no readable article" in html)


def test_theme_without_coverage_runs_without_charts(tmp_path, extracted, seeds_copy, tables):
    s = tables["sentences"]
    covered = {(t, a) for ts, a in zip(s.themes, s.article_id) for t in ts.split(";") if t}
    theme, article = next((t, a) for a in sorted(set(s.article_id)) for t in THEMES if (t, a) not in covered)
    nb = execute(tmp_path, "theme", theme=theme, sources=[article], seeds=str(seeds_copy), data_dir=str(extracted),
                 as_of="2025-12-08")
    assert_clean(nb)
    html = outputs_html(nb)
    assert "No article in the corpus discusses" in html and "<img" not in html


def test_article_text_is_data_not_markup(tmp_path):
    seeds = copy_seeds(tmp_path / "seeds")
    shutil.copy(Path(__file__).parent / "fixtures" / "hostile.txt", seeds / "zz_hostile.txt")
    nb = execute(tmp_path, "theme", theme="energy", seeds=str(seeds), as_of="2025-12-08")
    html = outputs_html(nb)
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_committed_notebooks_have_no_outputs():
    for name in ("theme", "overview"):
        nb = nbformat.read(paths.NOTEBOOKS / f"{name}.ipynb", as_version=4)
        for c in nb.cells:
            if c.cell_type == "code":
                assert not c.outputs and c.execution_count is None
        tags = [c.metadata.get("tags", []) for c in nb.cells]
        assert ["parameters"] in tags


def test_an_analysts_table_filter_and_chart_reach_html_and_pdf(tmp_path, extracted):
    """Edit a copy of the notebook as an analyst would (filter a table, add a chart) and render it.

    It runs as the README says, papermill from the repository root with seeds and as_of left at
    their defaults: paths resolve from the project and the date is the build's rule.
    """
    from briefing.analysis.data import default_as_of, load_corpus
    from briefing.reporting.render import ReportMeta, export_html, render_pdf

    nb = nbformat.read(paths.NOTEBOOKS / "theme.ipynb", as_version=4)
    at = next(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and c.source.startswith("## ")) + 1
    nb.cells[at:at] = [
        nbformat.v4.new_markdown_cell("## Analyst's own look"),
        nbformat.v4.new_code_cell(
            "import matplotlib.pyplot as plt\n"
            "df = report.corpus.figures\n"
            "df = df[df.unit == 'USD'].assign(billions=df.high / 1e9)[['measure', 'billions']].head(4)\n"
            "df = df[df.billions >= 5]  # the analyst's filter\n"
            "display(df)\n"
            "ax = df.plot.barh(x='measure', y='billions', legend=False, title='Dollar figures at or above 5 bn')\n"
            "ax.set_xlabel('USD billions')"),
    ]
    edited = tmp_path / "theme.ipynb"
    nbformat.write(nb, edited)
    out = tmp_path / "out.ipynb"
    proc = subprocess.run([sys.executable, "-m", "papermill", str(edited), str(out), "-p", "theme", "trade",
                           "-p", "data_dir", str(extracted), "--no-progress-bar"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    executed = nbformat.read(out, as_version=4)
    assert_clean(executed)
    assert executed.metadata.kernelspec.name == "briefing" and "as_of" not in executed.metadata.papermill.parameters
    as_of = dt.date.fromisoformat(default_as_of(load_corpus(extracted)))
    assert f"As of</dt><dd>{as_of.day} {as_of:%B %Y}</dd>" in outputs_html(executed)
    cell = next(c for c in executed.cells if "the analyst's filter" in c.source)
    svg = [o for o in cell.outputs if "image/svg+xml" in o.get("data", {})]
    assert len(svg) == 1 and not any("image/png" in o.get("data", {}) for o in cell.outputs)
    assert svg[0].metadata["image/svg+xml"]["alt"].startswith("Chart: Dollar figures at or above 5 bn.")
    meta = ReportMeta(id="trade", title="Trade", pack_title="Pack", handling="Internal", build="b",
                      as_of="2025-12-04", as_of_text="4 December 2025")
    html = export_html(executed, meta, "print")
    assert 'alt="Chart: Dollar figures at or above 5 bn. horizontal axis: USD billions. vertical axis: measure. Bars: ' in html
    assert 'class="dataframe"' in html and "import matplotlib" not in html and "&lt;Axes" not in html
    table = html[html.index('class="dataframe"'):html.index("</table>", html.index('class="dataframe"'))]
    values = [float(v) for v in re.findall(r"<td>([\d.]+)</td>", table)]
    assert values and min(values) >= 5  # the filter reached the report
    render_pdf(html, tmp_path / "trade.pdf")
    text = subprocess.run(["pdftotext", str(tmp_path / "trade.pdf"), "-"], capture_output=True, text=True).stdout
    assert "Dollar figures at or above 5 bn" in text and "USD billions" in text and "Analyst's own look" in text

