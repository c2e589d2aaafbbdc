"""Stage 4, the build: every report as HTML and PDF, the briefing pack, the index and the manifest."""

from .run import BuildOptions, add_build_parser, run_build

__all__ = ["BuildOptions", "add_build_parser", "run_build"]
