"""Placing each report's files in the new build's folder: fresh results, or the last good files.

A report built in this build already wrote its files there; one that was skipped, not requested or
failed gets the previous build's files (hard links), so the new folder is always a complete set.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from .digests import file_sha
from .jobs import Job, JobResult
from .manifest import Output, ReportEntry, Status
from .publish import FRAGMENTS, carry_over

KINDS = ("print", "fragment")  # the pack's inputs, kept in FRAGMENTS


def _carry_files(entry: ReportEntry, prev_folder: Path | None, folder: Path) -> ReportEntry:
    """Link the previous build's files of ``entry`` into ``folder``; drop from it what is gone."""
    if prev_folder is None:
        return ReportEntry(**{**vars(entry), "outputs": []})
    kept = []
    for o in entry.outputs:
        src = prev_folder / o.path
        if src.is_file():
            carry_over(src, folder / o.path)
            kept.append(o)
    for kind in KINDS:
        src = prev_folder / FRAGMENTS / f"{entry.id}.{kind}.html"
        if src.is_file() and kept:
            carry_over(src, folder / FRAGMENTS / src.name)
    return ReportEntry(**{**vars(entry), "outputs": kept})


def carry(entries: dict[str, ReportEntry], prev_folder: Path | None, folder: Path) -> dict[str, ReportEntry]:
    """The reports this build did not run, with their previous files placed in ``folder``."""
    return {rid: _carry_files(e, prev_folder, folder) for rid, e in entries.items()}


def place(res: JobResult, job: Job, prev: ReportEntry | None, prev_folder: Path | None, folder: Path) -> ReportEntry:
    """The manifest entry of a report this build ran; a failed one keeps the previous files."""
    entry = ReportEntry(job.id, job.title, res.status, key=job.key, parameters=job.parameters,
                        formats=list(job.formats), durations=res.durations, error=res.error)
    if res.status is Status.FAILED:
        if "failed" in res.files:
            os.replace(res.files["failed"], folder / f"{job.id}.failed.ipynb")
            entry.failed_notebook = f"{job.id}.failed.ipynb"
        for kind in ("ipynb", "html", "pdf"):  # whatever was written before the failure is not published
            with contextlib.suppress(FileNotFoundError):
                (folder / f"{job.id}.{kind}").unlink()
        if prev is not None:
            old = _carry_files(prev, prev_folder, folder)
            entry.outputs, entry.toc, entry.last_good_build, entry.key = old.outputs, old.toc, old.last_good_build, old.key
        return entry
    outputs = []
    for kind in ("ipynb", "html", "pdf"):
        if kind in res.files:
            p = Path(res.files[kind])
            outputs.append(Output(p.name, file_sha(p), p.stat().st_size))
    entry.outputs, entry.toc, entry.last_good_build = outputs, res.toc, job.meta["build"]
    return entry
