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


class SetupError(BriefingError):
    """The machine lacks something the build needs (a system library, a writable output folder)."""


class BuildError(BriefingError):
    """A build could not complete (nothing of it was published)."""

    exit_code = 1


class LockedError(BuildError):
    """Another build holds the output folder's lock."""

    exit_code = 3


def location(path: object, line: int | None = None) -> str:
    """Format ``path`` and an optional 1-based ``line`` as ``path:line`` for messages."""
    return f"{path}:{line}" if line else str(path)


class DistributionError(BriefingError):
    """An edition could not be published or e-mailed (no edition yet, SMTP refused, connection lost...)."""

    exit_code = 1


class AuditError(BriefingError):
    """A report printed a number, quotation or status its cited sentence or item record does not support."""

    exit_code = 1
