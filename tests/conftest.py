"""Shared fixtures: the project's real seeds and configuration, extracted once per test session."""

from __future__ import annotations

import shutil
import subprocess
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


AS_OF = ["--as-of", "2025-12-08"]


def build(*args, check=None) -> subprocess.CompletedProcess:
    """``python -m briefing build ARGS`` in a subprocess; with ``check``, assert its exit status."""
    proc = subprocess.run([sys.executable, "-m", "briefing", "build", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=900)
    if check is not None:
        assert proc.returncode == check, proc.stderr[-3000:]
    return proc


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> dict:
    """Seeds, notebooks and one complete build (every report, HTML and PDF, the pack), in a private folder.

    Built once per test session and shared, read-only, by every module that checks built reports
    (the build's files and the executed notebooks it keeps); a test that changes it works on a copy.
    """
    base = tmp_path_factory.mktemp("site")
    seeds = copy_seeds(base / "seeds")
    notebooks = base / "notebooks"
    shutil.copytree(paths.NOTEBOOKS, notebooks)
    out = base / "reports"
    proc = build("--seeds", str(seeds), "--out", str(out), "--notebooks", str(notebooks), *AS_OF, check=0)
    return {"base": base, "seeds": seeds, "notebooks": notebooks, "out": out, "log": proc.stderr}


def copy_seeds(dest: Path) -> Path:
    """Copy seeds/ into ``dest`` (for tests that add or break files)."""
    shutil.copytree(paths.SEEDS, dest)
    return dest
