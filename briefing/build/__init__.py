"""Stage 4, the build: every report as HTML and PDF, the briefing pack, the index and the manifest.

Readers of the published set (distribution) use :func:`current_build` and :func:`read_manifest`.
"""

from .cli import add_build_parser
from .manifest import Manifest, ReportEntry, Status, read_manifest
from .options import BuildOptions
from .publish import current_build
from .run import run_build

__all__ = ["BuildOptions", "Manifest", "ReportEntry", "Status", "add_build_parser", "current_build", "read_manifest",
           "run_build"]
