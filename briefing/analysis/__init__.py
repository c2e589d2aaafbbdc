"""Stage 2, analysis: the extracted tables to the DataFrames a briefing shows.

``data`` loads a corpus's tables; the other modules are pure functions from tables to tables, one
concern each, which the notebooks call with the analyst's choices as arguments: ``coverage`` (which
sentences carry a theme, which kinds of source), ``keypoints``, ``voices``, ``actors``, ``timeline``,
``claims`` (figures, corroboration, disagreements), ``outcomes`` (the scorecard), ``judgements``.
Imports extraction only to extract a corpus on demand; never imports reporting or build.
"""

from .actors import actors
from .claims import disagreements, figure_table, headline_figures
from .coverage import coverage, coverage_matrix, source_profiles
from .judgements import about_sources, key_judgements
from .keypoints import key_points
from .outcomes import scorecard, statements
from .timeline import timeline
from .voices import top_voices, voices

__all__ = ["about_sources", "actors", "coverage", "coverage_matrix", "disagreements", "figure_table", "headline_figures",
           "key_judgements", "key_points", "scorecard", "source_profiles", "statements", "timeline", "top_voices", "voices"]
