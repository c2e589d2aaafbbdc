"""Stage 2, analysis: the extracted tables to the DataFrames a briefing shows.

``data`` loads a corpus's tables; the other modules are pure functions from tables to tables, one
concern each: ``coverage`` (which sentences carry a theme), ``keypoints``, ``voices``, ``timeline``,
``claims`` (figures, corroboration, disagreements), ``outcomes`` (the scorecard), ``judgements``.
Imports extraction only to extract a corpus on demand; never imports reporting or build.
"""

from .claims import disagreements, figure_table
from .judgements import about_sources, key_judgements
from .outcomes import scorecard, statements

__all__ = ["about_sources", "disagreements", "figure_table", "key_judgements", "scorecard", "statements"]
