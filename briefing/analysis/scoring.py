"""Comparing the item analysis with a hand-checked scorecard (tests and bench/RESULTS.md)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..config import load_yaml


def compare_scorecard(scorecard: pd.DataFrame, expected_file: Path) -> pd.DataFrame:
    """One row per watch-list item of a hand-checked scorecard: expected and found status and timing.

    Columns: item, expected_status, status, expected_timing, timing, expected_sources, sources,
    status_ok, timing_ok, sources_ok. Discovered items of the fixture are left out (they have no
    stable id); items the analysis misses get status "".
    """
    expected = load_yaml(Path(expected_file))["items"]
    found = scorecard.set_index("item")
    rows = []
    for e in expected:
        if e.get("discovered"):
            continue
        got = found.loc[e["id"]] if e["id"] in found.index else None
        status = got.status if got is not None else ""
        timing = got.timing if got is not None else ""
        sources = sorted(got.sources) if got is not None else []
        rows.append({
            "item": e["id"], "expected_status": e["status"], "status": status, "expected_timing": e["timing"],
            "timing": timing, "expected_sources": sorted(e["sources"]), "sources": sources,
            "status_ok": status == e["status"], "timing_ok": timing == e["timing"],
            "sources_ok": sources == sorted(e["sources"]),
        })
    return pd.DataFrame(rows)
