"""The project's error hierarchy.

Every error a user can cause is a :class:`BriefingError` whose message names the file, line or
parameter at fault and says what to do. The CLI maps them to exit codes and prints the message
without a traceback.
"""

from __future__ import annotations


class BriefingError(Exception):
    """Base class for errors a user can fix. ``exit_code`` is what the CLI returns."""

    exit_code = 2


class ConfigError(BriefingError):
    """A configuration file (themes, entities, sources, report settings) is malformed."""


class UsageError(BriefingError):
    """A command-line option or notebook parameter is wrong."""


class CorpusError(BriefingError):
    """The corpus folder cannot be read at all (as opposed to one bad article)."""


class DataError(BriefingError):
    """Extracted data is missing or out of date for what a notebook asks."""


class BuildError(BriefingError):
    """A build could not run (lock held, missing system library, ...)."""

    exit_code = 1


def location(path: object, line: int | None = None) -> str:
    """Format ``path`` and an optional 1-based ``line`` as ``path:line`` for messages."""
    return f"{path}:{line}" if line else str(path)


class AuditError(BriefingError):
    """A report printed a number, quotation or status its cited sentence or item record does not support."""

    exit_code = 1
