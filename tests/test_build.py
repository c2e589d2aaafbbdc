"""``python -m briefing build`` end to end on the real seeds: files, PDFs, incremental builds,
reproducibility, failure isolation, locking and escaping."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
import yaml
from conftest import AS_OF, ROOT, build, copy_seeds
from packcheck import (
    headings,
    page_fill,
    pages_of,
    repeated_sentences,
    small_type,
    source_files,
    source_list,
    stranded_headings,
    text_sizes,
    underfilled_pages,
)
from pypdf import PdfReader

from briefing import paths
from briefing.build.publish import current_build
from briefing.config import load_themes

pytestmark = pytest.mark.slow  # real kernels, nbconvert and WeasyPrint

THEMES = load_themes(paths.THEMES_FILE)
REPORTS = ["overview"] + [t.id for t in THEMES]
OTHER = Path(__file__).parent / "fixtures" / "other_event"  # another event: its own seeds, themes, items, event


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def statuses(out: Path) -> dict[str, str]:
    return {rid: e["status"] for rid, e in manifest(out)["reports"].items()}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


@pytest.fixture
def site(built_site):
    """The session's complete build (see conftest), read-only: :func:`clone` it to change it."""
    return built_site


def clone(site, tmp_path: Path) -> dict:
    """A copy of the built site to change without disturbing other tests."""
    new = {"base": tmp_path}
    for key in ("seeds", "notebooks", "out"):
        new[key] = tmp_path / site[key].name
        shutil.copytree(site[key], new[key], symlinks=True)  # reports/ links into its current build
    return new


def args(s) -> list[str]:
    return ["--seeds", str(s["seeds"]), "--out", str(s["out"]), "--notebooks", str(s["notebooks"]), *AS_OF]


def test_every_expected_file_exists(site):
    out = site["out"]
    for rid in REPORTS:
        for ext in ("html", "pdf", "ipynb"):
            assert (out / f"{rid}.{ext}").stat().st_size > 1000, f"{rid}.{ext}"
    for name in ("briefing-pack.pdf", "index.html", "manifest.json", "build.log"):
        assert (out / name).exists(), name
    m = manifest(out)
    assert set(m["reports"]) == set(REPORTS) and set(statuses(out).values()) == {"built"}
    entry = m["reports"]["energy"]
    assert entry["parameters"]["theme"] == "energy" and entry["parameters"]["as_of"] == "2025-12-08"
    for f in entry["outputs"]:
        assert sha(out / f["path"]) == f["sha256"]
    # the build left current slices, which a theme's kernel reads (checked here, first after the build:
    # a later build of other seeds may prune this corpus's cache as the least recently used)
    from briefing.analysis.data import load_corpus
    from briefing.analysis.slices import current_manifest

    data, config = paths.processed_dir_for(site["seeds"]), (paths.THEMES_FILE, paths.ITEMS_FILE, paths.EVENT_FILE)
    made = current_manifest(data, *config)
    assert made is not None and made["themes"] == load_corpus(data, *config).theme_ids
    assert load_corpus(data, *config, theme="trade").memo["slice"] == "trade"
    assert {"execute", "html", "pdf"} <= set(entry["durations"])
    log = (out / "build.log").read_text(encoding="utf-8")
    assert "energy: built" in log and "briefing pack: built" in log


def test_pdfs_hold_prose_not_code(site):
    out = site["out"]
    for t in THEMES:
        text = pdf_text(out / f"{t.id}.pdf")
        assert t.title in text
        for code in ("report.", "from briefing", "import pandas", "In [", "ThemeReport", "data_dir", "as_of"):
            assert code not in text, (t.id, code)
    html = (out / "energy.html").read_text(encoding="utf-8")
    assert "<script" not in html and "report.bottom_line" not in html and "In&nbsp;[" not in html
    assert 'class="toc"' in html and "data:image/svg+xml;base64," in html  # contents and embedded charts
    assert "analyst notes" not in html  # cells tagged remove-cell


def test_pdf_metadata_is_set(site):
    info = PdfReader(site["out"] / "energy.pdf").metadata
    assert info.title.startswith("Energy and oil")
    assert info.author == "Briefing desk" and "energy" in info.get("/Keywords", "")
    assert info.get("/Subject") and info.get("/CreationDate", "").startswith("D:20251208")


def test_pack_has_cover_contents_bookmarks_and_page_numbers(site):
    reader = PdfReader(site["out"] / "briefing-pack.pdf")
    top = [o.title for o in reader.outline if not isinstance(o, list)]
    assert top == ["Overview", *(t.title for t in THEMES), "Sources"]
    nested = [o for o in reader.outline if isinstance(o, list)]
    # sections under every report (the pack leaves out sections tagged not-in-pack and those with nothing to show)
    assert len(nested) == len(REPORTS) and all(len(n) >= 3 for n in nested)
    n = len(reader.pages)
    first = reader.pages[0].extract_text()  # the cover is the top of page 1: the overview's read starts under it
    assert "India–Russia Summit Briefing" in first and "Open sources. For internal distribution." in first
    assert "8 December 2025" in first
    assert "contents" in first.lower() and "Defence and military cooperation" in first
    assert re.search(r"Overview\W*\.*\s*1\b", first) and "Key judgements" in first
    assert f"Page 3 of {n}" in reader.pages[2].extract_text()
    assert reader.metadata.title == "India–Russia Summit Briefing"
    # an e-mailed pack has no folder beside it: every link out of it is a whole web address
    uris = [a.get_object()["/A"]["/URI"] for page in reader.pages for a in page.get("/Annots") or []
            if "/URI" in a.get_object().get("/A", {})]
    assert all(str(u).startswith(("http://", "https://")) for u in uris), uris


PACK_PAGES = 24  # the seeds' pack is read in ten minutes (issue 9)
FIVE_MINUTE_READ = ["Key judgements", "Scorecard", "Where the sources disagree", "Headline figures"]


def test_pack_pages_are_filled_and_headed_right(site):
    """At most 24 pages, the five-minute read in the first three, in type no smaller than 8pt (the key judgements 9pt),
    no page under a third full but a report's last, no heading at the foot of a page; checked on the rendered pages."""
    pdf = site["out"] / "briefing-pack.pdf"
    fills = page_fill(pdf)
    assert len(fills) <= PACK_PAGES
    assert underfilled_pages(pdf, fills=fills) == []
    assert stranded_headings(pdf, fills) == []
    read = pages_of(pdf, FIVE_MINUTE_READ)  # the first of each is the overview's
    assert set(read) == set(FIVE_MINUTE_READ) and max(read.values()) <= 3, read
    after = next((page + 1, mm) for level, title, page, mm in headings(pdf) if title == "About the sources")
    assert after[0] <= 3 or after == (4, pytest.approx(0, abs=15)), after  # the read ends by page 3's foot
    runs = text_sizes(pdf, range(3))
    assert small_type(pdf, range(3), runs=runs) == []  # no fine print to make it fit
    judgements = [size for page, size, text in runs if page == 1 and "Labour Mobility Agreement" in text]
    assert judgements and min(judgements) >= 9


def test_a_source_has_one_number_in_the_pack_and_every_report(site):
    def text(path: Path) -> str:  # poppler: ten times faster than pypdf on twelve PDFs
        return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout

    out = site["out"]
    pack = text(out / "briefing-pack.pdf")
    listed = source_list(pack)
    assert listed and sorted(listed) == list(range(1, len(listed) + 1))
    # one list, at the end: one "Sources" bookmark, the last (table headers may also read "Sources")
    bookmarks = [x.title for x in PdfReader(out / "briefing-pack.pdf").outline if not isinstance(x, list)]
    assert bookmarks.count("Sources") == 1 and bookmarks[-1] == "Sources"
    assert len(re.findall(r"· file \S+", pack)) == len(listed)  # every source listed once, at the end
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", pack[:pack.index("A source has the same number")])}
    assert cited == set(listed)
    for rid in REPORTS:
        own = source_list(text(out / f"{rid}.pdf"))  # each report PDF keeps its own list
        assert own and all(listed[k] == v for k, v in own.items()), rid
    # stable across editions: numbered by publication date (undated last), then article id, so newer articles
    # take the next numbers; computed here from the corpus's own metadata, not from the code that numbers them
    meta = yaml.safe_load((site["seeds"] / "sources.yaml").read_text(encoding="utf-8"))
    ids = sorted((p.stem for p in site["seeds"].glob("*.txt")),
                 key=lambda a: (not (meta.get(a) or {}).get("published"), str((meta.get(a) or {}).get("published")), a))
    files = source_files(pack)
    assert files == {n: f"{a}.txt" for n, a in enumerate(ids, 1) if n in files} and len(files) == len(listed)


def test_pdfs_are_tagged_pdf_ua_with_language_and_title(site):
    for name in ("briefing-pack.pdf", "energy.pdf"):
        reader = PdfReader(site["out"] / name)
        root = reader.trailer["/Root"]
        assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root, name
        assert root["/Lang"] == "en" and root["/ViewerPreferences"]["/DisplayDocTitle"], name
        xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
        assert 'pdfuaid:part="1"' in xmp and reader.metadata.title, name


def test_no_sentence_is_printed_more_than_twice_in_the_pack(site):
    from briefing.build.publish import FRAGMENTS, current_build
    from briefing.config import load_settings
    from briefing.reporting.render import PackEntry, pack_html

    cache, m = current_build(site["out"]) / FRAGMENTS, manifest(site["out"])
    entries = [PackEntry(rid, e["title"], "built", (cache / f"{rid}.fragment.html").read_text(encoding="utf-8"), [])
               for rid, e in m["reports"].items()]
    markup = pack_html(load_settings(paths.SETTINGS_FILE), entries, m["build"], m["as_of"], m["as_of"])
    assert repeated_sentences(markup) == {}
    # the tables show an excerpt around each figure, not its whole sentence; the scorecard's evidence is the report's
    assert "In context" in markup and "Evidence (excerpt)" not in markup
    assert "The evidence (excerpt) column is in the full report: overview.html" in markup
    assert re.search(r"<td>… [^<]*<b>[^<]*\d[^<]*</b>[^<]* …</td>", markup)  # a figure in bold, its sentence cut
    # the heat map of article metadata is the overview's own (not-in-pack): the pack names it, does not print it
    assert 'id="overview-coverage-of-the-themes"' not in markup
    assert "Also in the full report (overview.html): Coverage of the themes." in markup


def test_a_second_build_skips_everything_and_an_edited_article_rebuilds_only_what_reads_it(site, tmp_path):
    s = clone(site, tmp_path)
    path = s["seeds"] / "004_d5066d89511212f3.txt"
    path.touch()  # a new mtime alone changes nothing
    before = {p.name: sha(p) for p in s["out"].glob("*.pdf")}
    proc = build(*args(s), check=0)
    assert set(statuses(s["out"]).values()) == {"skipped"}
    assert manifest(s["out"])["pack"] == "skipped"
    assert {p.name: sha(p) for p in s["out"].glob("*.pdf")} == before
    assert "unchanged, skipped" in proc.stderr
    old = "Both sides are likely to talk about using local currencies"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, "Both sides are expected to talk about using local currencies"), encoding="utf-8")
    build(*args(s), check=0)
    rebuilt = {r for r, st in statuses(s["out"]).items() if st == "built"}
    assert "overview" in rebuilt and "payments" in rebuilt
    assert {"defence", "nuclear", "ukraine", "labour"}.isdisjoint(rebuilt)


def test_an_html_preview_of_one_theme_leaves_the_others_current(site, tmp_path):
    s = clone(site, tmp_path)
    pack = sha(s["out"] / "briefing-pack.pdf")
    build(*args(s), "--themes", "energy", "--formats", "html", "--force", check=0)
    st = manifest(s["out"])
    assert st["reports"].pop("energy")["status"] == "built"
    assert {e["status"] for e in st["reports"].values()} == {"skipped"} and st["pack"] == "not rebuilt"
    assert sha(s["out"] / "briefing-pack.pdf") == pack and (s["out"] / "defence.pdf").is_file()
    build(*args(s), check=0)  # the next full build redoes only what the preview did not make: energy's PDF
    st = statuses(s["out"])
    assert st.pop("energy") == "built" and set(st.values()) == {"skipped"}
    assert manifest(s["out"])["pack"] == "skipped" and sha(s["out"] / "briefing-pack.pdf") == pack


def test_notebook_edits_rebuild_theme_reports_only_a_failure_stays_in_its_report_and_force_is_byte_identical(
        site, tmp_path):
    """One sequence on one copy, because every step rebuilds all the theme reports (the slow part):

    1. an edited theme notebook rebuilds the theme reports only, with the edit; a cell that fails
       for one theme fails that report only and keeps its last good files;
    2. the notebook restored and ``--force``: every report rebuilt, byte-identical to the first build.
    """
    s = clone(site, tmp_path)
    nb_path = s["notebooks"] / "theme.ipynb"
    nb = nbformat.read(nb_path, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "markdown" and c.source.startswith("## Voices"))
    cell.source = "## Voices\n\nWho said what, in their own words."
    at = next(i for i, c in enumerate(nb.cells) if "report.figures(" in c.source)
    nb.cells.insert(at, nbformat.v4.new_code_cell('if theme == "energy":\n    raise RuntimeError("figures feed unavailable")'))
    nbformat.write(nb, nb_path)
    names = [f"{r}.{e}" for r in REPORTS for e in ("html", "pdf")] + ["briefing-pack.pdf", "index.html"]
    first = {n: sha(s["out"] / n) for n in names}
    proc = build(*args(s))
    assert proc.returncode == 1
    st = statuses(s["out"])
    assert st.pop("overview") == "skipped" and st.pop("energy") == "failed" and set(st.values()) == {"built"}
    assert "Who said what, in their own words." in (s["out"] / "trade.html").read_text(encoding="utf-8")
    assert {n: sha(s["out"] / n) for n in ("energy.html", "energy.pdf")} == \
        {n: first[n] for n in ("energy.html", "energy.pdf")}  # the old good report stays
    failed = nbformat.read(s["out"] / "energy.failed.ipynb", as_version=4)
    assert any("An Exception was encountered" in c.source for c in failed.cells if c.cell_type == "markdown")
    log = (s["out"] / "build.log").read_text(encoding="utf-8")
    assert re.search(r"energy: FAILED at cell \d+ `if theme == \"energy\":`: RuntimeError: figures feed unavailable", log)
    assert "energy: FAILED" in proc.stderr
    pack = pdf_text(s["out"] / "briefing-pack.pdf")
    assert "NOT UPDATED" in pack and "figures feed unavailable" in pack
    assert "FAILED" in (s["out"] / "index.html").read_text(encoding="utf-8")
    # the notebook fixed brings the report back (one theme is enough); the others, built from the
    # edited notebook, are out of date now, so the build is not all current: exit 1
    nbformat.write(nbformat.read(site["notebooks"] / "theme.ipynb", as_version=4), nb_path)
    build(*args(s), "--themes", "energy", check=1)
    st = statuses(s["out"])
    # energy's last good files were made from exactly these inputs again, so they are current as they are
    assert st["energy"] == "skipped" and st["trade"] == "stale" and not (s["out"] / "energy.failed.ipynb").exists()
    assert {n: sha(s["out"] / n) for n in ("energy.html", "energy.pdf")} == {n: first[n] for n in ("energy.html", "energy.pdf")}
    # everything forced: the first build again, byte for byte
    build(*args(s), "--force", check=0)
    assert set(statuses(s["out"]).values()) == {"built"} and not (s["out"] / "energy.failed.ipynb").exists()
    assert {n: sha(s["out"] / n) for n in names} == first


POLLUTE = """if theme == "defence":  # settings one report makes that a shared kernel would pass on to the next
    import matplotlib
    from briefing.reporting import charts
    matplotlib.rcParams["ytick.major.size"] = 14  # not in the house style, so every later chart would show it
    charts.STYLE["grid.color"] = "#ff0000"  # a module global of the package"""


def test_reports_are_the_same_bytes_in_any_order_and_one_reports_settings_reach_no_other(site, tmp_path):
    """Two reports in one worker (``--jobs 1``): the first sets matplotlib and a package global.

    The report after it in the same worker keeps the bytes of the session's build, and running the
    reports the other way round (``--order reverse``) changes neither report's bytes.
    """
    s = clone(site, tmp_path)
    nb_path = s["notebooks"] / "theme.ipynb"
    nb = nbformat.read(nb_path, as_version=4)
    at = next(i for i, c in enumerate(nb.cells) if "use_house_style" in c.source) + 1
    cell = nbformat.v4.new_code_cell(POLLUTE)
    cell.metadata["tags"] = ["remove-cell"]  # runs, and leaves no trace in the HTML itself
    nb.cells.insert(at, cell)
    nbformat.write(nb, nb_path)
    themes = ["defence", "energy"]  # the plan's order: defence runs first

    def html(out: Path) -> dict[str, str]:
        build_id = manifest(out)["build"]
        return {t: (out / f"{t}.html").read_text(encoding="utf-8").replace(build_id, "BUILD") for t in themes}

    ran = {}
    for order in ("plan", "reverse"):
        build(*args(s), "--themes", ",".join(themes), "--formats", "html", "--force", "--jobs", "1", "--order", order)
        st = statuses(s["out"])
        assert [st[t] for t in themes] == ["built"] * 2, order
        ran[order] = html(s["out"])
    assert ran["reverse"] == ran["plan"]
    before = html(site["out"])
    assert ran["plan"]["defence"] != before["defence"]  # the settings change the report that makes them...
    assert ran["plan"]["energy"] == before["energy"]  # ...and no other


def test_a_dask_build_survives_a_killed_worker_with_the_local_bytes(site, tmp_path):
    """Extraction and a report on a two-worker LocalCluster; the worker running the report is killed."""
    from distributed import Client, LocalCluster, get_task_stream

    s = clone(site, tmp_path)  # the seeds' new path has no tables yet: they are extracted on the cluster
    with (LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
          Client(cluster) as client, get_task_stream(client) as tasks):
        pids = client.run(os.getpid)
        proc = subprocess.Popen([sys.executable, "-m", "briefing", "build", *args(s), "--themes", "energy", "--formats",
                                 "html", "--force", "--executor", "dask", "--scheduler", cluster.scheduler_address],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        killed, deadline = "", time.monotonic() + 600
        while not killed and proc.poll() is None and time.monotonic() < deadline:
            for worker, keys in client.processing().items():
                if any(str(k).startswith("run_job_on_cluster") for k in keys):
                    time.sleep(1.0)  # the report's kernel is starting or running
                    os.kill(pids[worker], signal.SIGKILL)
                    killed = worker
                    break
            time.sleep(0.05)
        _, err = proc.communicate(timeout=600)
    assert killed, "the report never ran on the cluster"
    assert proc.returncode == 0, err[-3000:]
    ran = [t["key"] for t in tasks.data]
    assert any(k.startswith("_extract_chunk_with") for k in ran) and any(k.startswith("run_job_on_cluster") for k in ran)
    st = statuses(s["out"])
    assert st.pop("energy") == "built" and set(st.values()) == {"skipped"}
    assert sha(s["out"] / "energy.html") == sha(site["out"] / "energy.html")  # the local build's bytes
    assert not [p.name for p in current_build(s["out"]).rglob(".*.executed.ipynb")]  # nothing half-written


def test_a_concurrent_build_is_refused(site, tmp_path):
    s = clone(site, tmp_path)
    with open(s["out"] / ".build.lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        proc = build(*args(s))
    assert proc.returncode == 3 and "another build is running" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert manifest(s["out"]) == manifest(site["out"])  # nothing was touched


def test_article_text_is_escaped_in_html_and_pdf(tmp_path):
    seeds = copy_seeds(tmp_path / "seeds")
    shutil.copy(Path(__file__).parent / "fixtures" / "hostile.txt", seeds / "zz_hostile.txt")
    out = tmp_path / "out"
    # 1: the reports not requested were never built, so not every report is current
    build("--seeds", str(seeds), "--out", str(out), "--themes", "energy", *AS_OF, check=1)
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["reports"]["energy"]["status"] == "built"
    html = (out / "energy.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html and "onerror=alert" not in html.replace("onerror=alert(2)&gt;", "")
    assert "<script>alert(1)</script>" in pdf_text(out / "energy.pdf")


def test_another_themes_file_is_used_end_to_end(tmp_path):
    """Extraction, planning, the notebooks and the data they load all read --themes-file (and its watch list)."""
    out = tmp_path / "out"
    proc = build("--seeds", str(OTHER / "seeds"), "--out", str(out), "--themes-file", str(OTHER / "themes.yaml"),
                 "--items-file", str(OTHER / "items.yaml"), "--event-file", str(OTHER / "event.yaml"),
                 "--settings-file", str(OTHER / "report.yaml"), "--themes", "energy", "--formats", "html", check=1)  # 1: the reports not requested are missing
    m = manifest(out)
    assert list(m["reports"]) == ["overview", "energy", "minerals", "trade", "finance", "environment"], proc.stderr
    assert m["reports"]["energy"]["status"] == "built"
    assert m["reports"]["energy"]["parameters"]["themes_file"] == str((OTHER / "themes.yaml").resolve())
    html = (out / "energy.html").read_text(encoding="utf-8")
    # its theme's title and its watch list's item, which the project's own files do not have
    assert "Energy and the energy transition" in html and "Green Ammonia Supply Agreement" in html
    # no gazetteer covers this event: its actors are those quoted or shown acting; its timeline reads as events
    assert "Hiroshi Tanabe (person)" in html and "BNDES (organisation)" in html and "Meridian Wire (" not in html
    assert "Japanese Foreign Minister Hiroshi Tanabe will lead a delegation…" in html
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Critical minerals" in index
    assert "<h1>Brazil–Japan Dialogue Briefing</h1>" in index and "India" not in index  # --settings-file's title


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--themes", "energy,weather"], "unknown theme(s) 'weather'; valid themes: defence, energy"),
        (["--formats", "docx"], "unknown format(s) 'docx'; valid formats: html, pdf"),
        (["--as-of", "yesterday"], "--as-of 'yesterday': not a date"),
        (["--themes-file", "{bad}"], "bad-themes.yaml:5: theme id 'Not An Id' must be lowercase"),
        (["--themes-file", "{missing}"], "missing.yaml: file not found"),
        (["--settings-file", "{missing}"], "missing.yaml: file not found"),
        (["--themes-file", str(OTHER / "themes.yaml")], "pass one that does with --items-file"),  # data/items.yaml names others
    ],
)
def test_bad_options_exit_2_before_any_kernel(tmp_path, extra, message):
    out = tmp_path / "out"
    bad = tmp_path / "bad-themes.yaml"
    bad.write_text("themes:\n  - id: energy\n    title: Energy\n    cues: [oil]\n  - id: Not An Id\n", encoding="utf-8")
    extra = [a.format(bad=bad, missing=tmp_path / "missing.yaml") for a in extra]
    proc = build("--out", str(out), *extra)
    assert proc.returncode == 2 and message in proc.stderr
    assert not out.exists() or not any(out.iterdir())


def test_help_lists_the_options():
    proc = subprocess.run([sys.executable, "-m", "briefing", "build", "--help"], capture_output=True, text=True, cwd=ROOT)
    for opt in ("--themes", "--formats", "--jobs", "--force", "--seeds", "--out", "--as-of"):
        assert opt in proc.stdout
