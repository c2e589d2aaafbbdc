"""The build's options and their validation, done before the lock is taken or any kernel starts."""

from __future__ import annotations

import ctypes.util
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..config import Theme, load_event, load_items, load_settings, load_themes, parse_iso_date
from ..errors import ConfigError, SetupError, UsageError
from .cluster import BUILD_CONFIG, check_choice, load_build_config

FORMATS = ("html", "pdf")
ORDERS = ("plan", "reverse")  # the order reports are handed to the workers (see BuildOptions.order)
DEFAULT_TIMEOUT = 600.0  # seconds one report's notebook may run; a real report takes a few
HARFBUZZ_HINT = (
    "libharfbuzz-subset0 is not installed: WeasyPrint would fall back to fontTools and the PDFs of two "
    "builds would differ. Install it: `sudo apt-get install libharfbuzz-subset0`. Or build HTML only: --formats html."
)
PANGO_HINT = (
    "libpango-1.0 is not installed, so PDFs cannot be rendered. Install it: `sudo apt-get install libpango-1.0-0 "
    "libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core`. Or build HTML only: --formats html."
)


@dataclass
class BuildOptions:
    """The build command's options."""

    themes: list[str] | None = None  # None: all themes
    formats: tuple[str, ...] = FORMATS
    jobs: int = 0  # 0: one per core
    force: bool = False
    rehash: bool = False  # re-read every article file instead of trusting recorded sizes and times
    seeds: Path = paths.SEEDS
    out: Path = paths.REPORTS
    as_of: str = ""  # "": the latest date the sources give
    notebooks: Path = paths.NOTEBOOKS
    settings: Path = paths.SETTINGS_FILE
    themes_file: Path = paths.THEMES_FILE  # the themes, watch list and event the reports are built with
    items_file: Path = paths.ITEMS_FILE
    event_file: Path = paths.EVENT_FILE
    wait: float = 0.0  # seconds to queue behind another build
    timeout: float = DEFAULT_TIMEOUT  # per report execution
    max_bytes: int = 2_000_000  # article files larger than this are rejected
    executor: str = ""  # local or dask; "": build.yaml's, else local (see .cluster)
    scheduler: str = ""  # a Dask scheduler's address; "": build.yaml's, else a LocalCluster
    build_config: Path = BUILD_CONFIG
    # "plan": the overview, then the themes file's order; "reverse": the other way round. Every report
    # runs in a fresh kernel, so the order changes no report's bytes (tests/test_build.py checks it).
    order: str = "plan"
    # The distribution stage's hooks, set by the CLI (briefing.distribute.Distribution): the build
    # calls distribution.preface_html(out, data_dir, pack_key) for the pack's front section and
    # distribution.after_build(out, manifest) once the new set is published, and links the pack's
    # "in the full report" lines to distribution.reports_url when it is not "". None: build only.
    distribution: object | None = None


def parse_as_of(text: str) -> str:
    """The ``--as-of`` date as YYYY-MM-DD, or a UsageError that says how to write it."""
    try:
        return parse_iso_date(text).isoformat()
    except ValueError:
        raise UsageError(f"--as-of {text!r}: not a date; give it as YYYY-MM-DD, e.g. 2025-12-08.") from None


def _inside(a: Path, b: Path) -> bool:
    a, b = a.resolve(), b.resolve()
    return a == b or b in a.parents


def validate(opts: BuildOptions) -> tuple[list[str], list[Theme]]:
    """Check the options; return the report ids to build and all themes.

    Raises:
        UsageError: an option is wrong (the message names it and the valid values).
        SetupError: a system library the PDFs need is missing.
    """
    themes = load_themes(opts.themes_file)
    valid = [t.id for t in themes]
    # a bad watch list or event file stops here, with its file and line, before any kernel starts
    try:
        load_items(opts.items_file, valid, opts.themes_file)
    except ConfigError as exc:
        raise ConfigError(f"{exc} The watch list must name themes of --themes-file {opts.themes_file}; pass one "
                          "that does with --items-file.") from None
    load_event(opts.event_file)
    load_settings(opts.settings)
    chosen = ["overview", *valid] if not opts.themes else opts.themes
    unknown = [t for t in chosen if t not in valid and t != "overview"]
    if unknown:
        raise UsageError(f"--themes: unknown theme(s) {', '.join(map(repr, unknown))}; valid themes: {', '.join(valid)} "
                         "(and overview).")
    bad = [f for f in opts.formats if f not in FORMATS]
    if bad or not opts.formats:
        raise UsageError(f"--formats: unknown format(s) {', '.join(map(repr, bad)) or '(none)'}; valid formats: html, pdf.")
    if opts.as_of:
        parse_as_of(opts.as_of)
    if opts.order not in ORDERS:
        raise UsageError(f"--order {opts.order!r}: valid orders are {', '.join(ORDERS)}.")
    if opts.timeout <= 0:
        raise UsageError(f"--timeout {opts.timeout:g}: give the seconds a report may run, e.g. 600.")
    if not opts.seeds.is_dir():
        raise UsageError(f"--seeds {opts.seeds}: no such folder.")
    if opts.out.exists() and not opts.out.is_dir():
        raise UsageError(f"--out {opts.out}: this is a file, not a folder; pass a folder for the reports.")
    if _inside(opts.out, opts.seeds) or _inside(opts.seeds, opts.out):
        raise UsageError(f"--out {opts.out} and --seeds {opts.seeds}: one is inside the other, so a build would read "
                         "its own reports as articles (or overwrite the articles); keep them in separate folders.")
    for name in ("theme.ipynb", "overview.ipynb"):
        if not (opts.notebooks / name).exists():
            raise UsageError(f"--notebooks {opts.notebooks}: {name} not found there.")
    if "pdf" in opts.formats:
        check_pdf_libraries()
    check_choice(*executor_choice(opts))
    return chosen, themes


def executor_choice(opts: BuildOptions) -> tuple[str, str]:
    """The executor and scheduler to use: the options', else ``build.yaml``'s, else local."""
    config = load_build_config(opts.build_config) if not opts.executor or not opts.scheduler else {}
    executor = opts.executor or config.get("executor", "local")
    scheduler = opts.scheduler or (config.get("scheduler", "") if executor == config.get("executor", "local") else "")
    return executor, scheduler


def check_pdf_libraries() -> None:
    """Refuse, with the package to install, when the PDFs could not be made or not reproducibly."""
    if not ctypes.util.find_library("pango-1.0"):
        raise SetupError(PANGO_HINT)
    if not ctypes.util.find_library("harfbuzz-subset"):
        raise SetupError(HARFBUZZ_HINT)
