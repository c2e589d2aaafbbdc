"""Change detection: the recorded file checks (stat cache) and the reports' data digests from per-article records."""

from __future__ import annotations

import json
import logging
import os
import shutil
import time

import pytest

from briefing import paths
from briefing.analysis.export import write_outcomes
from briefing.analysis.slices import write_slices
from briefing.build import chunks
from briefing.build.digests import data_digests, slices_stale
from briefing.config import load_themes
from briefing.errors import DataError
from briefing.extraction import checks as checks_mod
from briefing.extraction.extract import CACHE_NAME, ExtractOptions, run_extraction
from briefing.extraction.store import STORE_NAME

CONFIG = (paths.THEMES_FILE, paths.ITEMS_FILE, paths.EVENT_FILE)
THEMES = [t.id for t in load_themes(paths.THEMES_FILE)]
ARTICLES = {  # each about one theme of data/themes.yaml, naming no tracked item
    "a_energy.txt": "Refiners bought more crude oil in March.\n\nOil stocks rose by a tenth, refiners said.\n",
    "b_labour.txt": "Labour shortages grew on building sites.\n\nMore workers were hired from abroad, firms said.\n",
    "c_nuclear.txt": "The reactor at the plant was refuelled.\n\nNuclear output rose after the outage, engineers said.\n",
}


@pytest.fixture
def corpus(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    old = time.time() - 60  # older than the racy window, so the checks are recorded
    for name, text in ARTICLES.items():
        (seeds / name).write_text(text, encoding="utf-8")
        os.utime(seeds / name, (old, old))
    return seeds, tmp_path / "out"


def digests(seeds, out) -> dict:
    run_extraction(ExtractOptions(seeds=seeds, out=out))
    key = json.loads((out / CACHE_NAME).read_text(encoding="utf-8"))["key"]
    return data_digests(out, THEMES, key, CONFIG)


def changed(a: dict, b: dict) -> set[str]:
    return {r for r in a["digests"] if a["digests"][r] != b["digests"][r]}


def test_an_edit_changes_the_digests_of_what_reads_it_reading_only_that_article_and_an_addition_all(corpus, caplog):
    seeds, out = corpus
    before = digests(seeds, out)
    assert set(before["digests"]) == {"overview", *THEMES}
    path = seeds / "a_energy.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("a tenth", "a fifth"), encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="briefing"):
        after = digests(seeds, out)
    assert changed(before, after) == {"overview", "energy"}
    assert "1 article(s) read" in caplog.text
    # the same tables give the same digests, whether recorded or computed afresh
    (out / ".report-digests.json").unlink()
    for record in (out / chunks.RECORDS).glob("*.json"):
        record.unlink()
    assert digests(seeds, out)["digests"] == after["digests"]
    (seeds / "d_more.txt").write_text("Refiners bought crude oil again.\n", encoding="utf-8")
    assert changed(after, digests(seeds, out)) == set(after["digests"])  # a theme report counts the articles


def test_a_statement_about_an_item_changes_the_digest_of_the_items_theme(corpus):
    seeds, out = corpus
    before = digests(seeds, out)
    path = seeds / "b_labour.txt"  # labour only; the item is defence's
    path.write_text(path.read_text(encoding="utf-8") + "\nThe RELOS pact was signed on Friday, officials said.\n",
                    encoding="utf-8")
    after = digests(seeds, out)
    assert {"overview", "labour", "defence"} <= changed(before, after)
    assert not changed(before, after) & {"energy", "nuclear"}


def test_a_store_out_of_step_with_the_tables_is_a_clear_error(corpus):
    seeds, out = corpus
    run_extraction(ExtractOptions(seeds=seeds, out=out))
    (out / STORE_NAME / "index.json").write_text(json.dumps({"rules": "x", "chunks": {}}), encoding="utf-8")
    with pytest.raises(DataError, match="no chunk holds article 'a_energy'.*extract --force"):
        chunks.report_digests(out, THEMES, CONFIG)


def test_a_rewrite_that_keeps_size_and_mtime_is_still_noticed_and_rehash_reads_everything(corpus, monkeypatch):
    seeds, out = corpus
    run_extraction(ExtractOptions(seeds=seeds, out=out))
    reads = []
    real = checks_mod.read_article
    monkeypatch.setattr(checks_mod, "read_article", lambda p, *a: reads.append(p.name) or real(p, *a))
    assert run_extraction(ExtractOptions(seeds=seeds, out=out)).cached and reads == []
    path = seeds / "c_nuclear.txt"
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("refuelled", "repainted"), encoding="utf-8")  # same length
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # the old mtime put back: only ctime tells
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns
    assert not run_extraction(ExtractOptions(seeds=seeds, out=out)).cached
    assert reads == ["c_nuclear.txt"]
    reads.clear()
    assert run_extraction(ExtractOptions(seeds=seeds, out=out, rehash=True)).cached  # nothing changed since
    assert sorted(reads) == sorted(ARTICLES)


def test_the_tracked_items_made_from_the_records_equal_those_made_from_the_whole_corpus(extracted, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(extracted, data)
    write_outcomes(data, *CONFIG)
    whole = {n: (data / f"{n}.csv").read_bytes() for n in ("outcomes", "statements")}
    for n in whole:
        (data / f"{n}.csv").unlink()
    data_digests(data, THEMES, "key", CONFIG, items=True)
    assert {n: (data / f"{n}.csv").read_bytes() for n in whole} == whole
    assert len(whole["statements"].splitlines()) > 20  # the seeds say something of many items


def test_the_slices_made_with_the_recorded_statements_equal_those_made_from_the_whole_corpus(extracted, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(extracted, data)
    write_slices(data, *CONFIG)

    def files() -> dict[str, bytes]:
        return {str(p.relative_to(data)): p.read_bytes() for p in sorted((data / "slices").rglob("*")) if p.is_file()}

    whole = files()
    shutil.rmtree(data / "slices")
    key = json.loads((data / ".extract-cache.json").read_text(encoding="utf-8"))["key"]
    data_digests(data, THEMES, key, CONFIG, slices=True)
    assert files() == whole
    assert len(whole) == 1 + 7 + 5 * len(THEMES)  # the manifest, the 7 aggregates, every theme's tables
    assert not slices_stale(data, key, CONFIG) and slices_stale(data, "other tables", CONFIG)


def test_an_edit_that_changes_one_items_statements_consolidates_that_item_only(extracted, tmp_path, monkeypatch):
    from briefing.analysis import outcomes
    from briefing.analysis.data import load_corpus
    from briefing.analysis.export import CONSOLIDATED

    data = tmp_path / "data"
    shutil.copytree(extracted, data, ignore=shutil.ignore_patterns(".store", ".chunk-digests", "slices"))
    st = outcomes.statements(load_corpus(data, *CONFIG))
    done = []
    consolidate = outcomes._consolidate
    monkeypatch.setattr(outcomes, "_consolidate", lambda g: done.append(g["item"].iloc[0]) or consolidate(g))
    write_outcomes(data, *CONFIG, known=st)
    items = st.groupby(["item", "name", "discovered"]).ngroups
    assert len(done) == items > 5
    done.clear()
    write_outcomes(data, *CONFIG, known=st)  # nothing changed: nothing consolidated again
    assert done == []
    edited = st.item.value_counts().index[0]  # the item most said of loses one statement, as if its article changed
    st2 = st.drop(index=st.index[st.item == edited][-1]).reset_index(drop=True)
    write_outcomes(data, *CONFIG, known=st2)
    assert done == [edited]
    incremental = {n: (data / f"{n}.csv").read_bytes() for n in ("outcomes", "statements")}
    (data / CONSOLIDATED).unlink()
    write_outcomes(data, *CONFIG, known=st2)
    assert len(done) == 1 + items
    assert {n: (data / f"{n}.csv").read_bytes() for n in incremental} == incremental
    (data / CONSOLIDATED).write_text("{not json", encoding="utf-8")  # a damaged cache is made again, not trusted
    write_outcomes(data, *CONFIG, known=st2)
    assert {n: (data / f"{n}.csv").read_bytes() for n in incremental} == incremental


def test_kept_consolidations_are_not_used_after_the_consolidation_code_changes(extracted, tmp_path, monkeypatch):
    from briefing.analysis import export, outcomes
    from briefing.analysis.data import load_corpus

    data = tmp_path / "data"
    shutil.copytree(extracted, data, ignore=shutil.ignore_patterns(".store", ".chunk-digests", "slices"))
    st = outcomes.statements(load_corpus(data, *CONFIG))
    write_outcomes(data, *CONFIG, known=st)
    done = []
    consolidate = outcomes._consolidate
    monkeypatch.setattr(outcomes, "_consolidate", lambda g: done.append(g["item"].iloc[0]) or consolidate(g))
    monkeypatch.setattr(export, "_consolidation_code", lambda: "edited rules")  # as if outcomes.py were edited
    write_outcomes(data, *CONFIG, known=st)
    assert len(done) == st.groupby(["item", "name", "discovered"]).ngroups  # every item again, none from the cache
