"""Briefing system: extract facts from news articles and build theme briefings from notebooks."""

import logging

from .errors import BriefingError, BuildError, ConfigError, CorpusError, DataError, UsageError

__version__ = "0.1.0"

# Library code logs to "briefing"; only the CLI attaches handlers. Without one, nothing leaks to stderr.
logging.getLogger("briefing").addHandler(logging.NullHandler())
__all__ = ["BriefingError", "BuildError", "ConfigError", "CorpusError", "DataError", "UsageError", "__version__"]
