"""Command line: ``python -m briefing extract|build|publish|send``.

Parses options, calls the public function, maps errors to exit codes:
0 success (every report current), 1 some article rejected or some report failed, 2 usage or
configuration error (including an output folder that cannot be written or a missing system
library), 3 another build holds the output folder's lock, 128+N stopped by signal N (SIGTERM: 143).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from . import paths
from .build import add_build_parser
from .build.jobs import Interrupted
from .distribute import add_build_options, add_commands
from .errors import BriefingError

log = logging.getLogger("briefing")


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("briefing: %(message)s"))
    root = logging.getLogger("briefing")
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    root.propagate = False


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m briefing`` and its sub-commands."""
    parser = argparse.ArgumentParser(
        prog="python -m briefing",
        description="Briefing system: extract facts from a corpus of news articles and build briefing reports.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more detail")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    ex = sub.add_parser(
        "extract",
        help="turn the articles into CSV tables (sentences, figures, dates, quotes, entities, outcomes)",
        description="Read every article in the corpus folder and write the extracted tables as CSV "
        "(and Parquet) to the output folder, then the tracked items: outcomes.csv (one row per item) and "
        "statements.csv (one row per item per source sentence). Unchanged input reuses the cache.",
    )
    ex.add_argument("--seeds", type=Path, default=paths.SEEDS, metavar="DIR", help="corpus folder (default: seeds/)")
    ex.add_argument("--out", type=Path, default=paths.PROCESSED, metavar="DIR", help="output folder (default: data/processed/)")
    ex.add_argument("--themes-file", "--themes", dest="themes", type=Path, default=paths.THEMES_FILE, metavar="FILE", help="themes file (default: data/themes.yaml)")
    ex.add_argument("--entities", type=Path, default=paths.ENTITIES_FILE, metavar="FILE", help="gazetteer (default: data/entities.yaml)")
    ex.add_argument("--measures", type=Path, default=paths.MEASURES_FILE, metavar="FILE", help="figure labels (default: data/measures.yaml)")
    ex.add_argument("--items-file", "--items", dest="items", type=Path, default=paths.ITEMS_FILE, metavar="FILE", help="watch list of tracked items (default: data/items.yaml)")
    ex.add_argument("--event-file", "--event", dest="event", type=Path, default=paths.EVENT_FILE, metavar="FILE", help="the event the corpus is about (default: data/event.yaml)")
    ex.add_argument("--max-bytes", type=_positive_int, default=2_000_000, metavar="N", help="reject article files larger than N bytes (default: 2000000)")
    ex.add_argument("--jobs", type=_positive_int, default=None, metavar="N", help="worker processes (default: one per core)")
    ex.add_argument("--force", action="store_true", help="ignore the cache and extract again")
    ex.add_argument("--rehash", action="store_true",
                    help="read and hash every article file instead of trusting the size and times recorded at the last run "
                    "(for filesystems whose times or inodes cannot be trusted)")

    add_build_parser(sub)
    # the distribution stage hooks into the build (--send, --alert) and adds its own commands
    add_build_options(sub.choices["build"], os.environ)
    add_commands(sub, os.environ)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    _setup_logging(args.verbose)
    try:
        if args.command == "extract":
            if not args.seeds.is_dir():
                parser.error(f"--seeds {args.seeds}: no such folder")
            from .build.digests import data_digests
            from .config import load_event, load_items, load_themes
            from .extraction.extract import CACHE_NAME, ExtractOptions, run_extraction

            # a bad watch list or event file stops before any output is touched, like the other config files
            load_event(args.event)
            theme_ids = [t.id for t in load_themes(args.themes)]
            load_items(args.items, theme_ids, args.themes)
            result = run_extraction(ExtractOptions(
                seeds=args.seeds, out=args.out, themes=args.themes, entities=args.entities,
                measures=args.measures, items=args.items, event=args.event, max_bytes=args.max_bytes,
                jobs=args.jobs or 0, force=args.force, rehash=args.rehash,
            ))
            # the item tables and the slices a report kernel reads, from the statements kept per article
            key = json.loads((args.out / CACHE_NAME).read_text(encoding="utf-8"))["key"]
            data_digests(args.out, theme_ids, key, (args.themes, args.items, args.event), items=True,
                         jobs=args.jobs or os.cpu_count() or 1, slices=True)
            if result.rejected:
                log.error("%d file(s) rejected; see the reason column of %s", len(result.rejected), args.out / "articles.csv")
            return result.exit_code
        return args.func(args, parser)
    except BriefingError as exc:
        log.error("%s", exc)
        return exc.exit_code
    except Interrupted as exc:
        log.error("interrupted by %s: workers and kernels stopped, nothing of this build was published, "
                  "the lock is released", exc)
        return 128 + exc.signum
    except KeyboardInterrupt:
        log.error("interrupted")
        return 130
