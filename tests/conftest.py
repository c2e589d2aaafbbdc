"""Shared fixtures: the project's real seeds and configuration, extracted once per test session."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing import paths  # noqa: E402
from briefing.extraction.extract import ExtractOptions, run_extraction  # noqa: E402


@pytest.fixture(scope="session")
def seeds_copy(tmp_path_factory) -> Path:
    """A private copy of seeds/ that tests may not modify (copy again to change it)."""
    dest = tmp_path_factory.mktemp("seeds") / "seeds"
    shutil.copytree(paths.SEEDS, dest)
    return dest


@pytest.fixture(scope="session")
def extracted(tmp_path_factory, seeds_copy) -> Path:
    """The real seeds extracted into a temporary folder."""
    out = tmp_path_factory.mktemp("processed")
    result = run_extraction(ExtractOptions(seeds=seeds_copy, out=out))
    assert result.exit_code == 0, result.rejected
    return out


@pytest.fixture(scope="session")
def tables(extracted) -> dict[str, pd.DataFrame]:
    return {name: pd.read_csv(extracted / f"{name}.csv", keep_default_na=False) for name in
            ("articles", "sentences", "figures", "dates", "quotes", "entities")}


@pytest.fixture(scope="session")
def other(tmp_path_factory):
    """The second corpus (another event, other parties), extracted with its own themes, items and event."""
    from briefing.analysis.data import load_corpus

    fixture = Path(__file__).parent / "fixtures" / "other_event"
    out = tmp_path_factory.mktemp("other")
    run_extraction(ExtractOptions(seeds=fixture / "seeds", out=out, themes=fixture / "themes.yaml",
                                  items=fixture / "items.yaml", event=fixture / "event.yaml"))
    return load_corpus(out, fixture / "themes.yaml", fixture / "items.yaml", fixture / "event.yaml")


def copy_seeds(dest: Path) -> Path:
    """Copy seeds/ into ``dest`` (for tests that add or break files)."""
    shutil.copytree(paths.SEEDS, dest)
    return dest
