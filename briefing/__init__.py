"""Briefing system: extract facts from news articles and build theme briefings from notebooks.

The public API, imported on first use so that ``python -m briefing`` starts fast:

- :func:`run_extraction` and :class:`ExtractOptions`: articles to tables (``briefing.extraction.extract``);
- :func:`load_corpus`: the extracted tables for analysis (``briefing.analysis.data``);
- :class:`ThemeReport` and :class:`OverviewReport`: what the notebooks show (``briefing.reporting.report``);
- :func:`run_build` and :class:`BuildOptions`: reports, pack, index (``briefing.build``);
- :func:`current_build` and :func:`read_manifest`: the last published edition and its records;
- the errors, one class per stage, all :class:`BriefingError`.
"""

import importlib
import logging

from .errors import BriefingError, BuildError, ConfigError, CorpusError, DataError, LockedError, SetupError, UsageError

__version__ = "0.1.0"

# Library code logs to "briefing"; only the CLI attaches handlers. Without one, nothing leaks to stderr.
logging.getLogger("briefing").addHandler(logging.NullHandler())

_LAZY = {
    "run_extraction": "extraction.extract", "ExtractOptions": "extraction.extract", "load_corpus": "analysis.data",
    "ThemeReport": "reporting.report", "OverviewReport": "reporting.report", "run_build": "build",
    "BuildOptions": "build", "current_build": "build", "read_manifest": "build",
}
__all__ = ["BriefingError", "BuildError", "ConfigError", "CorpusError", "DataError", "LockedError", "SetupError",
           "UsageError", "__version__",
           *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'briefing' has no attribute {name!r}")
