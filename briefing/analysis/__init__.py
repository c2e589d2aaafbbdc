"""Stage 2, analysis: the extracted tables to the DataFrames a briefing shows.

``data`` loads a corpus's tables; the other modules hold pure functions from tables to tables, one
per section of a report, which the notebooks call with the analyst's choices as arguments.
Imports extraction only to extract a corpus on demand; never imports reporting or build.
"""

from .actors import actors
from .claims import disagreements, figure_table
from .judgements import about_sources, key_judgements
from .outcomes import scorecard, statements
from .sections import coverage, coverage_matrix, headline_figures, key_points, source_profiles, top_voices, voices
from .timeline import timeline

__all__ = ["about_sources", "actors", "coverage", "coverage_matrix", "disagreements", "figure_table", "headline_figures",
           "key_judgements", "key_points", "scorecard", "source_profiles", "statements", "timeline", "top_voices", "voices"]
