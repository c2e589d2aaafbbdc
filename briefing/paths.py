"""Where things live. Every default path in the project is rooted here, in one place."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .errors import UsageError

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
DISTRIBUTION_FILE = DATA / "distribution.yaml"
PUBLISH = ROOT / "publish"


def processed_dir_for(seeds: Path) -> Path:
    """Where the tables of corpus ``seeds`` are cached: data/processed for the project's own seeds."""
    seeds = Path(seeds).resolve()
    if seeds == SEEDS.resolve():
        return PROCESSED
    return PROCESSED / "corpora" / hashlib.sha1(str(seeds).encode()).hexdigest()[:12]


def project_path(path: str | Path, default: Path, parameter: str = "") -> Path | str:
    """A folder a notebook parameter names, resolved from the project, not the working directory.

    ``""`` is ``default``; a relative path starts at the project folder; so a notebook gives the
    same answer from JupyterLab (working directory ``notebooks/``), from papermill run anywhere and
    from the build. A missing folder stops with the parameter's name and what to do. A URL
    (``s3://bucket/processed``, ``file:///shared/processed``) is returned as it is, for fsspec to open.
    """
    if "://" in str(path):
        return str(path)
    resolved = default if not str(path) else Path(path) if Path(path).is_absolute() else ROOT / path
    if not resolved.is_dir():
        raise UsageError(f"parameter {parameter or 'path'}={str(path)!r}: no such folder ({resolved}); point it at an "
                         f"existing folder (a relative path starts at the project folder {ROOT}).")
    return resolved


def project_file(path: str | Path, default: Path, parameter: str = "") -> Path:
    """A file a notebook parameter names (a themes file, say), resolved from the project like :func:`project_path`.

    ``""`` is ``default``; a relative path starts at the project folder. A missing file stops with
    the parameter's name and what to do.
    """
    resolved = default if not str(path) else Path(path) if Path(path).is_absolute() else ROOT / path
    if not resolved.is_file():
        raise UsageError(f"parameter {parameter or 'path'}={str(path)!r}: no such file ({resolved}); point it at an "
                         f"existing file (a relative path starts at the project folder {ROOT}).")
    return resolved
