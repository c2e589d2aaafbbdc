"""The index page is rendered again only when one of its inputs changed (fast units)."""

from __future__ import annotations

from briefing.build import index
from briefing.build.manifest import Manifest, ReportEntry, Status

S = {"title": "Briefing"}


def _manifest(status: Status, duration: float = 1.0) -> Manifest:
    entry = ReportEntry("energy", "Energy", status, key="k", formats=["html"])
    return Manifest("b1", "2025-12-08", ["html"], "seeds", {"energy": entry}, duration=duration)


def test_the_page_is_reused_until_an_input_changes(tmp_path, monkeypatch):
    cache = tmp_path / "index.json"
    calls = []
    real = index.render_index
    monkeypatch.setattr(index, "render_index", lambda *a: calls.append(a[0].build) or real(*a))
    first = index.index_page(_manifest(Status.BUILT), S, "8 December 2025", False, cache)
    assert first == real(_manifest(Status.BUILT), S, "8 December 2025", False) and len(calls) == 1
    # the same inputs, another duration (not on the page): the recorded page
    assert index.index_page(_manifest(Status.BUILT, 9.5), S, "8 December 2025", False, cache) == first
    assert len(calls) == 1
    # any input of the page changed: rendered again
    for args in ((_manifest(Status.SKIPPED), S, "8 December 2025", False),
                 (_manifest(Status.SKIPPED), {**S, "subtitle": "Desk"}, "8 December 2025", False),
                 (_manifest(Status.SKIPPED), {**S, "subtitle": "Desk"}, "9 December 2025", False),
                 (_manifest(Status.SKIPPED), {**S, "subtitle": "Desk"}, "9 December 2025", True)):
        assert index.index_page(*args, cache) == real(*args)
    assert len(calls) == 5
    cache.write_text("{broken", encoding="utf-8")  # an unreadable cache is rendered over
    assert index.index_page(_manifest(Status.BUILT), S, "8 December 2025", False, cache) == first
    assert len(calls) == 6
