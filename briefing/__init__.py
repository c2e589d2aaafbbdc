"""Briefing system: extract facts from news articles and build theme briefings from notebooks."""

from .errors import BriefingError, BuildError, ConfigError, CorpusError, DataError, UsageError

__version__ = "0.1.0"
__all__ = ["BriefingError", "BuildError", "ConfigError", "CorpusError", "DataError", "UsageError", "__version__"]
