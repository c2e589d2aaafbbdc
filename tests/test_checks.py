"""The corpus folder's checks record: ``files.json`` per file and the ``scan.json`` summary (fast units)."""

from __future__ import annotations

import json
import os
import time

import pytest

from briefing.extraction import checks
from briefing.extraction.checks import SCAN_NAME, ExtractOptions, cache_key, check_corpus, read_checked

TEXTS = {"a.txt": "Alpha said the talks went well.\n", "b.txt": "Beta reported a deal.\n",
         "c.txt": "Gamma doubted it.\n"}
MAX = 2_000_000


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A three-file corpus older than the racy window, its store, and a list of the files read."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name, text in TEXTS.items():
        (seeds / name).write_text(text, encoding="utf-8")
    _age(seeds)
    reads: list[str] = []
    real = checks.read_article
    monkeypatch.setattr(checks, "read_article", lambda p, *a: reads.append(p.name) or real(p, *a))
    store = tmp_path / "store"
    first = check_corpus(seeds, MAX, 1, store)
    assert first.articles is not None and sorted(reads) == sorted(TEXTS)
    reads.clear()
    return seeds, store, reads


def _age(seeds, seconds=60):
    old = time.time() - seconds
    for p in seeds.iterdir():
        os.utime(p, (old, old))


def _same_as_full(seeds, store, checked):
    """The summary agrees with a full check of the folder (ids, rejected, the cache key)."""
    full = read_checked(seeds, MAX, 1, None)
    opts = ExtractOptions(seeds=seeds)
    assert cache_key(opts, checked) == cache_key(opts, full)
    assert checked.ids == {a.article_id for a in full}
    assert checked.rejected == [a.reason for a in full if a.status == "rejected"]


def test_an_unchanged_folder_is_answered_from_the_summary(folder):
    seeds, store, reads = folder
    checked = check_corpus(seeds, MAX, 1, store)
    assert checked.articles is None and reads == [] and checked.accepted == 3
    _same_as_full(seeds, store, checked)
    reads.clear()
    assert check_corpus(seeds, MAX, 1, store, rehash=True).articles is not None  # --rehash trusts nothing
    assert sorted(reads) == sorted(TEXTS)


@pytest.mark.parametrize("change", ["touched", "same_size", "renamed", "removed", "added", "rejected"])
def test_every_kind_of_change_is_noticed(folder, change):
    seeds, store, reads = folder
    a = seeds / "a.txt"
    if change == "touched":
        os.utime(a, (time.time() - 30, time.time() - 30))
        expect = ["a.txt"]
    elif change == "same_size":
        st = a.stat()
        a.write_text(TEXTS["a.txt"].replace("well", "fine"), encoding="utf-8")
        os.utime(a, ns=(st.st_atime_ns, st.st_mtime_ns))  # only the ctime tells
        assert a.stat().st_size == st.st_size
        expect = ["a.txt"]
    elif change == "renamed":
        a.rename(seeds / "d.txt")
        expect = ["d.txt"]
    elif change == "removed":
        a.unlink()
        expect = []
    elif change == "added":
        (seeds / "e.txt").write_text("Epsilon arrived.\n", encoding="utf-8")
        expect = ["e.txt"]
    else:
        (seeds / "f.txt").write_text(TEXTS["b.txt"], encoding="utf-8")  # a duplicate: rejected
        expect = ["f.txt"]
    checked = check_corpus(seeds, MAX, 1, store)
    assert checked.articles is not None and reads == expect
    _same_as_full(seeds, store, checked)
    if change == "rejected":
        assert checked.accepted == 3 and "duplicate of b.txt" in checked.rejected[0]


def test_a_file_changed_within_the_racy_window_keeps_the_summary_from_vouching_for_it(folder):
    seeds, store, reads = folder
    (seeds / "e.txt").write_text("Epsilon arrived.\n", encoding="utf-8")  # just now
    assert check_corpus(seeds, MAX, 1, store).articles is not None
    assert not (store / SCAN_NAME).exists()
    reads.clear()
    assert check_corpus(seeds, MAX, 1, store).articles is not None and reads == ["e.txt"]  # read again
    _age(seeds)
    reads.clear()
    check_corpus(seeds, MAX, 1, store)
    assert check_corpus(seeds, MAX, 1, store).articles is None


def test_a_summary_of_another_limit_or_version_is_not_used(folder):
    seeds, store, reads = folder
    assert check_corpus(seeds, 10, 1, store).articles is not None  # another --max-bytes
    summary = json.loads((store / SCAN_NAME).read_text(encoding="utf-8"))
    summary["version"] = -1
    (store / SCAN_NAME).write_text(json.dumps(summary), encoding="utf-8")
    assert check_corpus(seeds, 10, 1, store).articles is not None
    (store / SCAN_NAME).write_text("{not json", encoding="utf-8")
    assert check_corpus(seeds, 10, 1, store).articles is not None
