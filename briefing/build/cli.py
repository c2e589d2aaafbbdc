"""``python -m briefing build``: its options, parsed into :class:`BuildOptions`."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import paths
from .cluster import EXECUTORS
from .options import DEFAULT_TIMEOUT, ORDERS, BuildOptions
from .run import run_build


def add_build_parser(sub) -> None:
    """Register ``python -m briefing build``."""
    b = sub.add_parser(
        "build",
        help="build every report as HTML and PDF, the briefing pack and the index",
        description="Run extraction (cached), each report's notebook, HTML export and PDF render as parallel jobs, "
        "then the briefing pack and the index, and publish them together. Reports whose inputs did not change "
        "are skipped. Exit status: 0 every report current, 1 a report failed or an article was rejected, "
        "2 usage or configuration error, 3 another build holds the lock.",
    )
    b.add_argument("--themes", metavar="A,B", help="only these themes (comma-separated ids; default: all)")
    b.add_argument("--formats", metavar="F,G", default="html,pdf", help="html, pdf or both (default: html,pdf)")
    b.add_argument("--jobs", metavar="N", type=int, default=0, help="parallel jobs (default: one per core)")
    b.add_argument("--force", action="store_true", help="rebuild everything, even what is unchanged")
    b.add_argument("--rehash", action="store_true",
                   help="read and hash every article file to find what changed, instead of trusting each file's size and "
                   "times recorded at the last build (for filesystems whose times or inodes cannot be trusted)")
    b.add_argument("--seeds", metavar="DIR", type=Path, default=paths.SEEDS, help="corpus folder (default: seeds/)")
    b.add_argument("--out", metavar="DIR", type=Path, default=paths.REPORTS, help="output folder (default: reports/)")
    b.add_argument("--as-of", metavar="DATE", default="", help="briefing date YYYY-MM-DD (default: the latest date the sources give)")
    b.add_argument("--notebooks", metavar="DIR", type=Path, default=paths.NOTEBOOKS, help="folder of theme.ipynb and overview.ipynb")
    b.add_argument("--themes-file", metavar="FILE", type=Path, default=paths.THEMES_FILE,
                   help="themes the reports are built by (default: data/themes.yaml); every report is rebuilt when it changes")
    b.add_argument("--items-file", metavar="FILE", type=Path, default=paths.ITEMS_FILE,
                   help="watch list of tracked items, naming themes of the themes file (default: data/items.yaml)")
    b.add_argument("--event-file", metavar="FILE", type=Path, default=paths.EVENT_FILE,
                   help="the event the corpus is about (default: data/event.yaml)")
    b.add_argument("--settings-file", metavar="FILE", type=Path, default=paths.SETTINGS_FILE,
                   help="the pack's title, cover, handling line and PDF metadata (default: data/report.yaml)")
    b.add_argument("--timeout", metavar="SECONDS", type=float, default=DEFAULT_TIMEOUT,
                   help=f"time limit of one report's notebook; past it the report fails (default: {DEFAULT_TIMEOUT:g})")
    b.add_argument("--max-bytes", metavar="N", type=int, default=2_000_000,
                   help="reject article files larger than N bytes (default: 2000000)")
    b.add_argument("--executor", choices=EXECUTORS, default="",
                   help="where extraction and the reports run: local process pools, or a Dask cluster "
                   "(default: data/build.yaml's executor, else local)")
    b.add_argument("--scheduler", metavar="tcp://HOST:PORT", default="",
                   help="the Dask scheduler to use with --executor dask (default: build.yaml's, else a local cluster "
                   "of two workers); its workers must see the corpus, notebooks and output folder at the same paths")
    b.add_argument("--order", choices=ORDERS, default="plan",
                   help="the order the reports are run in: plan (the overview, then the themes file's order) or reverse; "
                   "each report starts in a fresh kernel, so the order never changes a report")
    b.add_argument("--wait", metavar="SECONDS", type=float, default=0.0, help="if another build is running, wait this long for it (default: refuse)")
    b.set_defaults(func=_cmd_build)


def _cmd_build(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.jobs < 0:
        parser.error("--jobs must be 0 (one per core) or more")
    if args.max_bytes < 1:
        parser.error("--max-bytes must be at least 1")
    opts = BuildOptions(
        themes=[t.strip() for t in args.themes.split(",") if t.strip()] if args.themes else None,
        formats=tuple(f.strip() for f in args.formats.split(",") if f.strip()),
        jobs=args.jobs, force=args.force, rehash=args.rehash, seeds=args.seeds, out=args.out, as_of=args.as_of,
        notebooks=args.notebooks, themes_file=args.themes_file, items_file=args.items_file, event_file=args.event_file,
        settings=args.settings_file, wait=args.wait, timeout=args.timeout, max_bytes=args.max_bytes,
        executor=args.executor, scheduler=args.scheduler, order=args.order,
    )
    runner = getattr(args, "runner", None)  # set by the CLI when the distribution stage is wired in
    return runner(opts, args) if runner is not None else run_build(opts)
