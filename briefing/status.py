"""A report's status in a build: decided by the build, shown by the pack, the index and distribution.

Shared (not in :mod:`briefing.build`) because the reporting stage prints it and may not import a
later stage.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """A report's status in a build."""

    BUILT = "built"  # executed and rendered in this build
    SKIPPED = "skipped"  # inputs unchanged since the last good build: its files are current
    FAILED = "failed"  # requested but failed: the last good files (if any) are kept
    STALE = "stale"  # not requested in this build and out of date: the old files are kept
    MISSING = "missing"  # not requested and never built

    @property
    def current(self) -> bool:
        """Whether the report's published files reflect this build's inputs."""
        return self in (Status.BUILT, Status.SKIPPED)

    @property
    def requested(self) -> bool:
        """Whether this build was asked for the report (a carried-over one was not)."""
        return self not in (Status.STALE, Status.MISSING)
