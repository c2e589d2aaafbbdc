"""Bounds on what builds leave behind outside the output folder: corpus caches and killed extractions."""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path

log = logging.getLogger("briefing")
KEEP_CORPORA = 8  # cached extractions of other corpus folders (tests, trial runs) kept, most recent first
LEFTOVER_AGE = 3600.0  # seconds after which an extraction's temporary folder is surely abandoned


def prune(processed: Path, used: Path) -> None:
    """Remove abandoned extraction folders and all but the most recently used corpus caches.

    ``used`` is the cache this build reads: it is touched, so it counts as the most recent.
    """
    now = time.time()
    for folder in (used, processed):
        for tmp in folder.glob(".extract-*") if folder.is_dir() else ():
            if now - tmp.stat().st_mtime > LEFTOVER_AGE:
                shutil.rmtree(tmp, ignore_errors=True)
                log.debug("removed %s, left by a killed extraction", tmp)
    corpora = processed / "corpora"
    if used.is_dir():
        used.touch()
    if not corpora.is_dir():
        return
    caches = sorted((p for p in corpora.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in caches[KEEP_CORPORA:]:
        if old.resolve() != used.resolve():
            shutil.rmtree(old, ignore_errors=True)
            log.debug("removed the corpus cache %s (least recently used)", old.name)
