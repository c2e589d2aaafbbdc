"""Stage 2, analysis: the extracted tables to the DataFrames a briefing shows.

``data`` loads a corpus's tables; ``sections`` holds pure functions from tables to tables.
Imports extraction only to extract a corpus on demand; never imports reporting or build.
"""
