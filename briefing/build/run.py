"""The build: every report as HTML and PDF, the briefing pack, the index, the manifest and the log.

:func:`run_build` reads as its steps, in order:

1. validate the options (themes, formats, date, folders, system libraries) before anything starts;
2. take the build lock in the output folder (a second build refuses with exit 3, or waits with
   ``--wait``); remove what killed builds left;
3. extract the corpus (cached) and work out each report's inputs and their digest;
4. plan: skip reports whose inputs match the last good build, carry over those not requested;
5. run the others on a pool of workers, each report in a fresh kernel with a time limit, its files
   written into this build's own folder; a failed report keeps its previous files;
6. make the pack, the index, the manifest and the log in that folder;
7. publish: one atomic switch makes the folder the current set (see :mod:`.publish`).

SIGTERM or SIGINT stop the workers and kernels, remove the unpublished folder and release the lock;
the published set is untouched.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..config import load_settings
from ..errors import UsageError
from . import caches
from .cluster import build_pool
from .digests import code_digest, data_digests, sha
from .index import index_page
from .jobs import interruptible, run_jobs
from .lock import build_lock
from .manifest import Manifest, read_manifest
from .options import BuildOptions, executor_choice, parse_as_of, validate
from .pack import PACK, build_pack
from .placement import carry, place
from .plan import Plan, as_of_text, input_keys, make_plan, report_specs
from .publish import atomic_write, current_build, new_build_folder, output_error, remove_leftovers, switch

log = logging.getLogger("briefing")
CACHE_DIR = ".cache"  # the kernels' log


@dataclass
class Inputs:
    """What the build reads besides the options: extraction's result and the reports' digests."""

    data_dir: Path
    rejected: list[str]
    digests: dict
    as_of: str


def run_build(opts: BuildOptions) -> int:
    """Build the reports (see the module docstring for the steps); return the exit status."""
    chosen, themes = validate(opts)
    settings = load_settings(opts.settings)
    with (_build_log() as lines, interruptible(), _output_errors(opts.out), build_lock(opts.out, opts.wait) as lock_fd,
          _lazy_pool(opts) as cluster):
        started = time.perf_counter()
        remove_leftovers(opts.out)
        inputs = _extract(opts, [t.id for t in themes], cluster)
        specs = report_specs(themes)
        keys = input_keys(opts, specs, inputs.digests, code_digest(), settings, inputs.as_of)
        build_id = sha(*(f"{r}={keys[r]}" for r in sorted(keys)))[:10]
        prev_folder = current_build(opts.out)
        previous = read_manifest(prev_folder)
        with _unpublished(opts.out, build_id) as folder:
            plan = make_plan(opts, chosen, specs, keys, inputs.as_of, settings, inputs.data_dir, previous, prev_folder,
                             folder, build_id)
            _log_start(plan, chosen, opts, inputs)
            m = _run_reports(opts, plan, previous, prev_folder, folder, inputs, lock_fd, cluster)
            build_pack(folder, m, settings, previous, prev_folder, bool(opts.themes), opts.force,
                       _preface(opts, inputs.data_dir), getattr(opts.distribution, "reports_url", ""))
            _finish(folder, m, settings, lines, time.perf_counter() - started, opts.out / CACHE_DIR)
            switch(opts.out, folder)
        distributed = opts.distribution.after_build(opts.out, json.loads(m.to_json())) if opts.distribution else 0
        return m.exit_code or distributed


def _preface(opts: BuildOptions, data_dir: Path):
    """The distribution stage's front section of the pack ("since the last edition"), if it is wired in."""
    if opts.distribution is None:
        return None
    return lambda pack_key: opts.distribution.preface_html(opts.out, data_dir, pack_key)


class _LazyPool:
    """The build's Dask cluster, started the first time work needs it (a no-change build never does)."""

    def __init__(self, executor: str, scheduler: str, stack: contextlib.ExitStack):
        self.executor, self.scheduler, self._stack, self._pool = executor, scheduler, stack, None

    def get(self):
        """The :class:`.cluster.Pool` to hand work to, or None for the local executor."""
        if self.executor == "local":
            return None
        if self._pool is None:
            self._pool = self._stack.enter_context(build_pool(self.executor, self.scheduler))
        return self._pool


@contextlib.contextmanager
def _lazy_pool(opts: BuildOptions) -> Iterator[_LazyPool]:
    with contextlib.ExitStack() as stack:
        yield _LazyPool(*executor_choice(opts), stack)


def _extract(opts: BuildOptions, theme_ids: list[str], cluster: _LazyPool) -> Inputs:
    from ..extraction.checks import CACHE_NAME, ExtractOptions, current_tables

    data_dir = paths.processed_dir_for(opts.seeds)
    caches.prune(paths.PROCESSED, data_dir)
    xopts = ExtractOptions(seeds=opts.seeds, out=data_dir, themes=opts.themes_file,
                          items=opts.items_file, event=opts.event_file, max_bytes=opts.max_bytes,
                          rehash=opts.rehash)
    started = time.perf_counter()
    # when nothing changed, the extraction rules are never imported (nor a Dask cluster started)
    result = current_tables(xopts)[0]
    if result is None:
        from ..extraction.extract import run_extraction

        if cluster.executor != "local":
            xopts.pool = cluster.get().executor
        result = run_extraction(xopts)
    key = json.loads((data_dir / CACHE_NAME).read_text(encoding="utf-8"))["key"]
    # with the digests, the tracked items as `extract` writes them (distribution records them in each edition)
    # and, if stale, the slices each report kernel reads
    info = data_digests(data_dir, theme_ids, key, (opts.themes_file, opts.items_file, opts.event_file),
                        items=not result.cached or not (data_dir / "outcomes.csv").is_file(),
                        jobs=opts.jobs or os.cpu_count() or 1, slices=True)
    log.info("extraction step: %.2f s", time.perf_counter() - started)
    if opts.as_of:
        as_of = parse_as_of(opts.as_of)
        if info.get("first") and as_of < info["first"]:
            raise UsageError(f"--as-of {as_of}: before every article (the earliest is dated {info['first']}); "
                             "give the date the briefing is for, on or after that.")
    elif info["as_of"]:
        as_of = info["as_of"]
    else:
        raise UsageError(f"--seeds {opts.seeds}: no article gives a date, so the briefing's date is unknown; "
                         "pass --as-of YYYY-MM-DD.")
    return Inputs(data_dir, result.rejected, info["digests"], as_of)




def _log_start(plan: Plan, chosen: list[str], opts: BuildOptions, inputs: Inputs) -> None:
    log.info("build %s: %d of %d reports requested, as of %s, formats %s", plan.build_id, len(chosen),
             len(plan.specs), plan.as_of, ",".join(opts.formats))
    for reason in inputs.rejected:
        log.error("article rejected: %s", reason)


def _run_reports(opts: BuildOptions, plan: Plan, previous: Manifest | None, prev_folder: Path | None, folder: Path,
                 inputs: Inputs, lock_fd: int, cluster: _LazyPool) -> Manifest:
    """Run the plan's jobs and place every report's files in ``folder``; return the manifest's records."""
    (opts.out / CACHE_DIR).mkdir(exist_ok=True)
    jobs = plan.jobs[::-1] if opts.order == "reverse" else plan.jobs
    results = run_jobs(jobs, opts.jobs or os.cpu_count() or 1, str((opts.out / CACHE_DIR / "kernels.log").resolve()),
                       str(opts.notebooks.resolve()), lock_fd, cluster.get() if plan.jobs else None)
    entries = carry(plan.carried, prev_folder, folder)
    prev_reports = previous.reports if previous else {}
    for job in plan.jobs:
        entries[job.id] = place(results[job.id], job, prev_reports.get(job.id), prev_folder, folder)
    return Manifest(plan.build_id, plan.as_of, list(opts.formats), str(opts.seeds),
                    {s.id: entries[s.id] for s in plan.specs}, rejected_articles=list(inputs.rejected))


def _finish(folder: Path, m: Manifest, settings: dict, lines: list[str], elapsed: float, cache: Path) -> None:
    """The index, the manifest and the log, written into the (still unpublished) build folder.

    ``cache`` keeps the last index page with the digest of its inputs (see :func:`.index.index_page`).
    """
    m.duration = round(elapsed, 3)
    s = m.summary
    log.info("build %s finished in %.1f s: %d built, %d skipped, %d failed, %d article(s) rejected; pack %s",
             m.build, elapsed, s["built"], s["skipped"], s["failed"], len(m.rejected_articles), m.pack)
    page = index_page(m, settings, as_of_text(m.as_of), (folder / PACK).is_file(), cache / "index.json")
    atomic_write(folder / "index.html", page)
    atomic_write(folder / "manifest.json", m.to_json())
    atomic_write(folder / "build.log", "\n".join(lines) + "\n")


@contextlib.contextmanager
def _unpublished(out: Path, build_id: str) -> Iterator[Path]:
    """A new build folder, removed again unless the block completes (and published it)."""
    folder = new_build_folder(out, build_id)
    try:
        yield folder
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


@contextlib.contextmanager
def _output_errors(out: Path) -> Iterator[None]:
    """Turn a failed write (disk full, read-only, a file where a folder should be) into a clear message."""
    try:
        yield
    except OSError as exc:
        raise output_error(exc, out) from None


class _ListHandler(logging.Handler):
    def __init__(self, lines: list[str]):
        super().__init__(logging.INFO)
        self.lines = lines
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(message)s", "%Y-%m-%d %H:%M:%S"))

    def emit(self, record):
        self.lines.append(self.format(record))


@contextlib.contextmanager
def _build_log() -> Iterator[list[str]]:
    """Collect this build's log lines for build.log."""
    lines: list[str] = []
    handler = _ListHandler(lines)
    log.addHandler(handler)
    try:
        yield lines
    finally:
        log.removeHandler(handler)
