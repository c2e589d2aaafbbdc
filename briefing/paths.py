"""Where things live. Every default path in the project is rooted here, in one place."""

from __future__ import annotations

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = ROOT / "data"
PROCESSED = DATA / "processed"
REPORTS = ROOT / "reports"
NOTEBOOKS = ROOT / "notebooks"
THEMES_FILE = DATA / "themes.yaml"
ENTITIES_FILE = DATA / "entities.yaml"
MEASURES_FILE = DATA / "measures.yaml"
SETTINGS_FILE = DATA / "report.yaml"
EVENT_FILE = DATA / "event.yaml"
ITEMS_FILE = DATA / "items.yaml"
SOURCES_NAME = "sources.yaml"


def processed_dir_for(seeds: Path) -> Path:
    """Where the tables of corpus ``seeds`` are cached: data/processed for the project's own seeds."""
    seeds = Path(seeds).resolve()
    if seeds == SEEDS.resolve():
        return PROCESSED
    return PROCESSED / "corpora" / hashlib.sha1(str(seeds).encode()).hexdigest()[:12]

