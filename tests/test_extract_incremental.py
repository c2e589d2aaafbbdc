"""Incremental extraction: a change re-extracts only what changed, and the tables equal a fresh run."""

from __future__ import annotations

import logging
import os
import shutil
import time

import pytest
from conftest import copy_seeds

from briefing import paths
from briefing.extraction import checks as checks_mod
from briefing.extraction import extract as extract_mod
from briefing.extraction import store as store_mod
from briefing.extraction.extract import ExtractOptions, run_extraction
from briefing.tables import COLUMNS

NEW_ARTICLE = (
    "Ministers sign a fertiliser supply pact\n\n"
    "The two governments signed a fertiliser supply agreement on Friday, officials said.\n\n"
    "“This secures two million tonnes a year,” said Agriculture Minister Jane Doe.\n"
)


def tables(out) -> dict[str, bytes]:
    return {f"{n}.csv": (out / f"{n}.csv").read_bytes() for n in COLUMNS}


def fresh(seeds, tmp_path, name="fresh") -> dict[str, bytes]:
    out = tmp_path / name
    assert run_extraction(ExtractOptions(seeds=seeds, out=out)).exit_code == 0
    return tables(out)


def extracted_count(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if "to extract" in r.getMessage()]


@pytest.fixture
def corpus(tmp_path):
    seeds = copy_seeds(tmp_path / "seeds")
    out = tmp_path / "out"
    run_extraction(ExtractOptions(seeds=seeds, out=out))
    return seeds, out


@pytest.mark.parametrize("change", ["add", "edit", "remove"])
def test_a_change_extracts_only_what_changed_and_matches_a_fresh_run(corpus, tmp_path, caplog, change):
    seeds, out = corpus
    files = sorted(p for p in seeds.glob("*.txt"))
    if change == "add":
        (seeds / "zz_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    elif change == "edit":
        files[1].write_text(files[1].read_text(encoding="utf-8") + "\nOfficials said 40 per cent more trade is planned.\n",
                            encoding="utf-8")
    else:
        files[2].unlink()
    caplog.set_level(logging.INFO, logger="briefing")
    result = run_extraction(ExtractOptions(seeds=seeds, out=out))
    assert not result.cached
    # a small corpus is extracted in chunks of one article, so a change re-extracts exactly that article
    expected = {"add": 1, "edit": 1, "remove": 0}[change]
    messages = extracted_count(caplog)
    assert messages and int(messages[-1].split()[1]) == expected, messages
    assert tables(out) == fresh(seeds, tmp_path)


def test_changed_rules_extract_everything_again(corpus, tmp_path, caplog):
    seeds, out = corpus
    themes = tmp_path / "themes.yaml"
    shutil.copy(paths.THEMES_FILE, themes)
    themes.write_text(themes.read_text(encoding="utf-8").replace("      - defence\n", "      - defence\n      - jets\n", 1),
                      encoding="utf-8")
    caplog.set_level(logging.INFO, logger="briefing")
    run_extraction(ExtractOptions(seeds=seeds, out=out, themes=themes))
    assert extracted_count(caplog)[-1].startswith("extraction: 5 of 5")


def test_small_chunks_are_merged_without_changing_the_tables(corpus, tmp_path, monkeypatch):
    seeds, out = corpus
    monkeypatch.setattr(store_mod, "MAX_SMALL", 2)
    for i in range(4):  # four runs that each add one article: four one-article chunks
        (seeds / f"zz_{i}.txt").write_text(NEW_ARTICLE.replace("Friday", f"day {i}"), encoding="utf-8")
        run_extraction(ExtractOptions(seeds=seeds, out=out))
    index = store_mod.load_index(out / store_mod.STORE_NAME, _rules(seeds, out))
    assert len(index.chunks) <= 3, sorted(index.chunks)
    parts = {p.name for p in (out / store_mod.STORE_NAME).glob("*.parquet")}
    assert index.chunks and parts == {store_mod.part_path(out, t, c).name for c in index.chunks for t in store_mod.PART_TABLES}
    assert tables(out) == fresh(seeds, tmp_path)


def _rules(seeds, out) -> str:
    from briefing.extraction.extract import rules_key

    return rules_key(ExtractOptions(seeds=seeds, out=out))


def test_a_killed_run_leaves_nothing_behind_after_the_next_run(corpus, tmp_path):
    seeds, out = corpus
    stray = out / store_mod.STORE_NAME / "sentences.deadbeef-00000.parquet"
    stray.write_bytes(b"half-written")
    (seeds / "zz_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    run_extraction(ExtractOptions(seeds=seeds, out=out))
    assert not stray.exists()


def test_an_unchanged_corpus_is_not_read_again(corpus, monkeypatch):
    seeds, out = corpus
    old = time.time() - 60  # older than the racy window, so the first run records the checks
    for p in seeds.glob("*.txt"):
        os.utime(p, (old, old))
    run_extraction(ExtractOptions(seeds=seeds, out=out, force=True))
    reads = []
    real = checks_mod.read_article
    monkeypatch.setattr(checks_mod, "read_article", lambda p, *a: reads.append(p.name) or real(p, *a))
    assert run_extraction(ExtractOptions(seeds=seeds, out=out)).cached
    assert reads == []
    edited = sorted(seeds.glob("*.txt"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert not run_extraction(ExtractOptions(seeds=seeds, out=out)).cached
    assert reads == [edited.name]


def _handler(signum, frame):  # a build's handler, for the workers to inherit by fork
    raise KeyboardInterrupt


def test_extraction_pool_workers_die_on_sigterm_instead_of_inheriting_the_build_handler():
    import signal

    before = signal.signal(signal.SIGTERM, _handler)
    try:
        with extract_mod._local_pool(1) as pool:
            inherited = pool.submit(signal.getsignal, signal.SIGTERM).result()
    finally:
        signal.signal(signal.SIGTERM, before)
    assert inherited == signal.SIG_DFL
