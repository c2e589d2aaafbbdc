"""The build: every report as HTML and PDF, the briefing pack, the index, the manifest and the log.

``run_build`` is the orchestrating function; its steps, in order:

1. validate the options (themes, formats, date) before anything starts;
2. take the build lock in the output folder (a second build refuses, or waits with ``--wait``);
3. extract the corpus (cached) and work out each report's inputs and their digest;
4. skip reports whose inputs match the last good build; run the others on a process pool, each
   executing its notebook with papermill and rendering HTML and PDF into a staging folder;
5. move each finished report's files into place; a failed report keeps its previous files;
6. build the pack and the index, then write the manifest and the log, each replaced whole.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from ..config import load_settings, load_themes
from ..errors import BuildError, UsageError

log = logging.getLogger("briefing")
FORMATS = ("html", "pdf")
LOCK_NAME = ".build.lock"
CACHE_DIR = ".cache"
MANIFEST = "manifest.json"
THEME_ARTICLE_FIELDS = ("article_id", "file", "title", "outlet", "author", "published", "kind", "url")


@dataclass
class BuildOptions:
    """The build command's options."""

    themes: list[str] | None = None  # None: all themes
    formats: tuple[str, ...] = FORMATS
    jobs: int = 0  # 0: one per core
    force: bool = False
    seeds: Path = paths.SEEDS
    out: Path = paths.REPORTS
    as_of: str = ""  # "": the latest date the sources give
    notebooks: Path = paths.NOTEBOOKS
    settings: Path = paths.SETTINGS_FILE
    themes_file: Path = paths.THEMES_FILE
    wait: float = 0.0


@dataclass
class Job:
    """One report to build, everything a worker needs."""

    id: str
    title: str
    notebook: str
    parameters: dict
    staging: str
    formats: tuple[str, ...]
    meta: dict
    key: str


@dataclass
class JobResult:
    """What a worker reports back."""

    id: str
    status: str  # built | failed
    files: dict[str, str] = field(default_factory=dict)  # kind -> staged path
    durations: dict[str, float] = field(default_factory=dict)
    error: str = ""
    toc: list = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# --- validation --------------------------------------------------------------------------------

def _parse_date(text: str) -> str:
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise UsageError(f"--as-of {text!r}: not a date; give it as YYYY-MM-DD, e.g. 2025-12-08.") from None


def validate(opts: BuildOptions) -> tuple[list[str], list]:
    """Check the options before any kernel starts; return the report ids to build and all themes."""
    themes = load_themes(opts.themes_file)
    valid = [t.id for t in themes]
    chosen = ["overview", *valid] if not opts.themes else opts.themes
    unknown = [t for t in chosen if t not in valid and t != "overview"]
    if unknown:
        raise UsageError(f"--themes: unknown theme(s) {', '.join(map(repr, unknown))}; valid themes: {', '.join(valid)} "
                         "(and overview).")
    bad = [f for f in opts.formats if f not in FORMATS]
    if bad or not opts.formats:
        raise UsageError(f"--formats: unknown format(s) {', '.join(map(repr, bad)) or '(none)'}; valid formats: html, pdf.")
    if opts.as_of:
        _parse_date(opts.as_of)
    if not opts.seeds.is_dir():
        raise UsageError(f"--seeds {opts.seeds}: no such folder.")
    if "pdf" in opts.formats:
        _check_pango()
    for name in ("theme.ipynb", "overview.ipynb"):
        if not (opts.notebooks / name).exists():
            raise UsageError(f"--notebooks {opts.notebooks}: {name} not found there.")
    return chosen, themes


def _check_pango() -> None:
    """Fail early, with the package to install, when WeasyPrint's text library is missing."""
    import ctypes.util

    from ..reporting.render import PANGO_HINT

    if not ctypes.util.find_library("pango-1.0"):
        raise BuildError(PANGO_HINT.format(error="libpango-1.0 not found") + " Or build HTML only: --formats html.")


# --- locking -------------------------------------------------------------------------------------

@contextlib.contextmanager
def build_lock(out: Path, wait: float):
    """Hold ``out/.build.lock`` for the duration of a build (released by the OS if the build dies)."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / LOCK_NAME
    fh = open(path, "a+", encoding="utf-8")
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                fh.seek(0)
                holder = fh.read().strip() or "another process"
                fh.close()
                raise BuildError(
                    f"{path}: another build is running ({holder}); it was left alone. "
                    "Wait for it to finish, or pass --wait SECONDS to queue behind it."
                ) from None
            time.sleep(0.2)
    fh.seek(0)
    fh.truncate()
    fh.write(f"pid {os.getpid()}")
    fh.flush()
    try:
        yield
    finally:
        fh.seek(0)
        fh.truncate()
        fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()


# --- inputs and digests -------------------------------------------------------------------------

def _sha(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8") if isinstance(p, str) else p)
        h.update(b"\0")
    return h.hexdigest()


def _file_sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def code_digest() -> str:
    """The package code, template and styles: anything that changes how a report looks."""
    root = Path(__file__).parent.parent
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".j2", ".css", ".json"))
    return _sha(*[f"{p.relative_to(root)}:{_file_sha(p)}" for p in files])


def data_digests(data_dir: Path, theme_ids: list[str], extraction_key: str) -> dict:
    """What each report reads of the extracted data, as digests, plus the default as-of date.

    A theme report reads its theme's sentences and what was extracted from them, the covering
    articles' details and the number of articles; the overview reads everything. Cached beside the
    tables under the extraction key, so a build where nothing changed never imports pandas.
    """
    cache = data_dir / ".report-digests.json"
    try:
        stored = json.loads(cache.read_text(encoding="utf-8"))
        if stored.get("key") == extraction_key and set(theme_ids) <= set(stored["digests"]):
            return stored
    except (OSError, ValueError, KeyError):
        pass
    from ..analysis.data import load_corpus
    from ..analysis.event import default_as_of
    from ..analysis.outcomes import scorecard
    from ..analysis.sections import tagged

    corpus = load_corpus(data_dir)
    s, arts = corpus.sentences, corpus.articles
    totals = s[s.block != "heading"].groupby("article_id").size()

    def rows(df) -> str:
        return df.to_csv(index=False)

    digests = {"overview": _sha(*(rows(getattr(corpus, n)) for n in
                                 ("articles", "sentences", "figures", "dates", "quotes", "entities")),
                                rows(scorecard(corpus).drop(columns=["conflict_sides"])))}
    for tid in theme_ids:
        ts = s[tagged(s, tid)]
        sids = set(ts.sentence_id)
        # only the article details a theme report shows (not the file's hash or length)
        covering = arts[arts.article_id.isin(set(ts.article_id))][list(THEME_ARTICLE_FIELDS)]
        digests[tid] = _sha(
            rows(ts), rows(covering), str(totals.reindex(covering.article_id).fillna(0).tolist()), str(len(arts)),
            *(rows(df[df.sentence_id.isin(sids)]) for df in (corpus.figures, corpus.dates, corpus.quotes, corpus.entities)),
            rows(scorecard(corpus, theme=tid).drop(columns=["conflict_sides"])),  # its items, from every sentence
        )
    out = {"key": extraction_key, "digests": digests, "as_of": default_as_of(arts, corpus.event, corpus.dates)}
    tmp = cache.with_suffix(".tmp")
    tmp.write_text(json.dumps(out, sort_keys=True), encoding="utf-8")
    os.replace(tmp, cache)
    return out


# --- the worker ----------------------------------------------------------------------------------

_KERNEL: dict = {}
WARM_IMPORTS = "import pandas, matplotlib.pyplot, briefing.reporting.report"


def _start_kernel(cwd: str) -> None:
    """Start this worker's kernel and import the libraries every report uses.

    Reports run one after another in this kernel, with ``%reset -f`` in between: no user state
    carries over, but the imports (a second per report) and the kernel start are paid once.
    """
    from multiprocessing.util import Finalize

    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name="python3")
    km.start_kernel(cwd=cwd)
    kc = km.blocking_client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    kc.execute_interactive(WARM_IMPORTS, timeout=300)
    _KERNEL.update(km=km, kc=kc, cwd=cwd)
    Finalize(km, _stop_kernel, args=(km, kc), exitpriority=10)


def _stop_kernel(km, kc) -> None:
    with contextlib.suppress(Exception):
        kc.stop_channels()
    with contextlib.suppress(Exception):
        km.shutdown_kernel(now=True)


def _fresh_kernel() -> object:
    """This worker's kernel, reset; a dead kernel is replaced by a new one."""
    km, kc = _KERNEL["km"], _KERNEL["kc"]
    if not km.is_alive():
        _stop_kernel(km, kc)
        _start_kernel(_KERNEL["cwd"])
        km, kc = _KERNEL["km"], _KERNEL["kc"]
    kc.execute_interactive("%reset -f", timeout=60)
    return km


def _warm(kernel_log: str, cwd: str) -> None:
    """Prepare a worker: kernels' stderr to a log file, libraries imported, a kernel started.

    Kernels inherit the worker's stderr; their chatter ("running over TCP without encryption")
    belongs in a log for diagnosis, not on the console of an unattended build.
    """
    fd = os.open(kernel_log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(fd, 2)
    os.close(fd)
    _start_kernel(cwd)
    import nbformat  # noqa: F401
    import papermill  # noqa: F401

    from ..reporting import render

    render._exporter()


def run_job(job: Job) -> JobResult:
    """Execute one report's notebook and render it; files go to the job's staging folder."""
    import nbformat
    import papermill as pm

    from ..reporting.audit import audited
    from ..reporting.render import ReportMeta, export_html, render_pdf

    staging = Path(job.staging)
    staging.mkdir(parents=True, exist_ok=True)
    result = JobResult(job.id, "built")
    executed = staging / f"{job.id}.ipynb"
    t0 = time.perf_counter()
    try:
        pm.execute_notebook(
            job.notebook, str(executed), parameters=job.parameters, kernel_name="python3", km=_fresh_kernel(),
            progress_bar=False, log_output=False, request_save_on_cell_execute=False,
        )
    except pm.PapermillExecutionError as exc:
        result.status = "failed"
        first_line = str(exc.evalue).splitlines()[0] if exc.evalue else ""
        source = exc.source.strip().splitlines()[0] if exc.source else ""
        result.error = f"cell {exc.exec_count} `{source}`: {exc.ename}: {first_line}"
        result.files["failed"] = str(executed)
        result.durations["execute"] = round(time.perf_counter() - t0, 3)
        return result
    except Exception as exc:  # the kernel died, the notebook is unreadable...
        result.status = "failed"
        result.error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        if executed.exists():
            result.files["failed"] = str(executed)
        return result
    result.durations["execute"] = round(time.perf_counter() - t0, 3)
    result.files["ipynb"] = str(executed)
    t0 = time.perf_counter()
    nb = nbformat.read(executed, as_version=4)
    if not audited(nb):
        result.status, result.files["failed"] = "failed", result.files.pop("ipynb")
        result.error = "the report's audit did not run: its notebook must end with `report.audit()`"
        return result
    meta = ReportMeta(**job.meta)
    outputs = {"html": export_html(nb, meta, "screen"), "print": export_html(nb, meta, "print"),
               "fragment": export_html(nb, meta, "fragment")}
    result.toc = meta.toc
    for kind, text in outputs.items():
        if kind == "html" and "html" not in job.formats:
            continue
        path = staging / f"{job.id}.{kind}.html"
        path.write_text(text, encoding="utf-8")
        result.files[kind] = str(path)
    result.durations["html"] = round(time.perf_counter() - t0, 3)
    if "pdf" in job.formats:
        t0 = time.perf_counter()
        pdf = staging / f"{job.id}.pdf"
        result.warnings = render_pdf(outputs["print"], pdf)
        result.files["pdf"] = str(pdf)
        result.durations["pdf"] = round(time.perf_counter() - t0, 3)
    return result


# --- the orchestrator ----------------------------------------------------------------------------

class _Progress:
    """A one-line progress display on a terminal; plain log lines otherwise."""

    def __init__(self, total: int):
        self.total, self.done = total, 0
        self.tty = sys.stderr.isatty()

    def update(self, text: str) -> None:
        self.done += 1
        if self.tty:
            sys.stderr.write(f"\r\033[K[{self.done}/{self.total}] {text}")
            sys.stderr.flush()
            if self.done == self.total:
                sys.stderr.write("\n")


def _outputs_ok(entry: dict, out: Path) -> bool:
    for f in entry.get("outputs", []):
        p = out / f["path"]
        if not p.exists() or p.stat().st_size != f["bytes"] or _file_sha(p) != f["sha256"]:
            return False
    return bool(entry.get("outputs"))


def _as_of_text(iso: str) -> str:
    d = dt.date.fromisoformat(iso)
    return f"{d.day} {d.strftime('%B %Y')}"


def run_build(opts: BuildOptions) -> int:
    """Build the reports (see the module docstring for the steps); return the exit status."""
    from ..extraction.extract import ExtractOptions, run_extraction

    chosen, themes = validate(opts)
    settings = load_settings(opts.settings)
    out = opts.out
    lines: list[str] = []
    handler = _ListHandler(lines)
    log.addHandler(handler)
    started = time.perf_counter()
    try:
        with build_lock(out, opts.wait):
            for stale in out.glob(".staging-*"):  # left by a build that was killed; we hold the lock
                shutil.rmtree(stale, ignore_errors=True)
            data_dir = paths.processed_dir_for(opts.seeds)
            extraction = run_extraction(ExtractOptions(seeds=opts.seeds, out=data_dir))
            key = json.loads((data_dir / ".extract-cache.json").read_text(encoding="utf-8"))["key"]
            info = data_digests(data_dir, [t.id for t in themes], key)
            as_of = _parse_date(opts.as_of) if opts.as_of else (info["as_of"] or "2000-01-01")
            code = code_digest()
            settings_sha = _sha(json.dumps(settings, sort_keys=True))
            reports = [("overview", "Overview", "overview.ipynb", {})] + [
                (t.id, t.title, "theme.ipynb", {"theme": t.id}) for t in themes]
            requested = set(chosen)
            keys = {}
            for rid, _title, nbname, params in reports:
                nb_sha = _file_sha(opts.notebooks / nbname)
                keys[rid] = _sha(nb_sha, json.dumps(params, sort_keys=True), info["digests"][rid], code, settings_sha,
                                 as_of, ",".join(opts.formats))
            build_id = _sha(*(f"{r}={keys[r]}" for r in sorted(keys)))[:10]
            previous = _read_manifest(out)
            prev_reports = previous.get("reports", {})
            log.info("build %s: %d of %d reports requested, as of %s, formats %s", build_id, len(requested), len(reports),
                     as_of, ",".join(opts.formats))
            if extraction.rejected:
                log.warning("%d article file(s) rejected during extraction; see %s", len(extraction.rejected),
                            data_dir / "articles.csv")
            entries: dict[str, dict] = {}
            jobs = []
            staging_root = Path(tempfile.mkdtemp(prefix=".staging-", dir=out))
            for rid, title, nbname, params in reports:
                prev = prev_reports.get(rid, {})
                current = prev.get("key") == keys[rid] and prev.get("status") in ("built", "skipped") and _outputs_ok(prev, out)
                if rid not in requested:
                    # not asked for: keep what the last build left, saying whether it is still current
                    status = "skipped" if current else ("stale" if prev.get("outputs") else "missing")
                    entries[rid] = {**prev, "id": rid, "title": title, "status": status, "durations": {},
                                    "error": "" if current else "not requested in this build"}
                    continue
                if not opts.force and current:
                    entries[rid] = {**prev, "status": "skipped", "durations": {}}
                    log.info("%s: unchanged, skipped", rid)
                    continue
                meta = dict(id=rid, title=title, pack_title=settings["title"], handling=settings.get("handling", ""),
                            build=build_id, as_of=as_of, as_of_text=_as_of_text(as_of), author=settings.get("author", ""),
                            description=f"{title}: {settings.get('subtitle', '')}",
                            keywords=", ".join(settings.get("keywords", []) + ([rid] if rid != "overview" else [])))
                parameters = {**params, "seeds": str(opts.seeds.resolve()), "as_of": as_of, "data_dir": str(data_dir.resolve())}
                jobs.append(Job(rid, title, str((opts.notebooks / nbname).resolve()), parameters,
                                str(staging_root / rid), tuple(opts.formats), meta, keys[rid]))
            try:
                (out / CACHE_DIR).mkdir(exist_ok=True)
                results = _run_jobs(jobs, opts.jobs or os.cpu_count() or 1, str(out / CACHE_DIR / "kernels.log"),
                                    str(opts.notebooks.resolve()))
                for job in jobs:
                    res = results[job.id]
                    entries[job.id] = _place(res, job, out, prev_reports.get(job.id, {}))
            finally:
                shutil.rmtree(staging_root, ignore_errors=True)
            order = [r[0] for r in reports]
            manifest_reports = {rid: entries[rid] for rid in order}
            pack_status, pack_key, pack_sha = _build_pack(out, settings, manifest_reports, build_id, as_of, opts, previous)
            _write_index(out, settings, manifest_reports, build_id, as_of, pack_status)
            failed = [r for r, e in manifest_reports.items() if e["status"] == "failed"]
            elapsed = time.perf_counter() - started
            summary = {s: sum(1 for e in manifest_reports.values() if e["status"] == s)
                       for s in ("built", "skipped", "failed", "stale", "missing")}
            log.info("build %s finished in %.1f s: %d built, %d skipped, %d failed; pack %s", build_id, elapsed,
                     summary["built"], summary["skipped"], summary["failed"], pack_status)
            manifest = {"build": build_id, "as_of": as_of, "formats": list(opts.formats), "seeds": str(opts.seeds),
                        "duration": round(elapsed, 3), "summary": summary, "pack": pack_status,
                        "pack_key": pack_key, "pack_sha256": pack_sha,
                        "rejected_articles": extraction.rejected, "reports": manifest_reports}
            _atomic_write(out / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True))
            _atomic_write(out / "build.log", "\n".join(lines) + "\n")
            return 1 if failed else 0
    finally:
        log.removeHandler(handler)


class _ListHandler(logging.Handler):
    def __init__(self, lines: list[str]):
        super().__init__(logging.INFO)
        self.lines = lines
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(message)s", "%Y-%m-%d %H:%M:%S"))

    def emit(self, record):
        self.lines.append(self.format(record))


def _run_jobs(jobs: list[Job], workers: int, kernel_log: str, cwd: str) -> dict[str, JobResult]:
    results: dict[str, JobResult] = {}
    if not jobs:
        return results
    progress = _Progress(len(jobs))
    workers = max(1, min(workers, len(jobs)))
    with ProcessPoolExecutor(workers, initializer=_warm, initargs=(kernel_log, cwd)) as pool:
        futures = {pool.submit(run_job, job): job for job in jobs}
        for fut in as_completed(futures):
            job = futures[fut]
            try:
                res = fut.result()
            except Exception as exc:  # a worker crashed
                res = JobResult(job.id, "failed", error=f"worker crashed: {type(exc).__name__}: {exc}")
            results[job.id] = res
            took = sum(res.durations.values())
            if res.status == "built":
                log.info("%s: built in %.1f s (%s)", job.id, took,
                         ", ".join(f"{k} {v:.1f} s" for k, v in res.durations.items()))
                for w in res.warnings:
                    log.warning("%s: PDF renderer: %s", job.id, w)
            else:
                log.error("%s: FAILED at %s; the previous report is kept, the failed notebook is %s.failed.ipynb",
                          job.id, res.error, job.id)
            progress.update(f"{job.id}: {res.status}")
    return results


def _place(res: JobResult, job: Job, out: Path, prev: dict) -> dict:
    """Move a finished report's files into place, or keep the previous ones if it failed."""
    cache = out / CACHE_DIR
    cache.mkdir(exist_ok=True)
    entry = {"id": job.id, "title": job.title, "key": job.key, "parameters": job.parameters,
             "formats": list(job.formats), "status": res.status, "durations": res.durations, "error": res.error}
    if res.status == "failed":
        if "failed" in res.files:
            os.replace(res.files["failed"], out / f"{job.id}.failed.ipynb")
        entry.update(outputs=prev.get("outputs", []), toc=prev.get("toc", []), last_good_build=prev.get("last_good_build", ""),
                     key=prev.get("key", ""), failed_notebook=f"{job.id}.failed.ipynb")
        return entry
    targets = {"ipynb": out / f"{job.id}.ipynb", "html": out / f"{job.id}.html", "pdf": out / f"{job.id}.pdf",
               "print": cache / f"{job.id}.print.html", "fragment": cache / f"{job.id}.fragment.html"}
    outputs = []
    for kind, staged in res.files.items():
        dest = targets[kind]
        os.replace(staged, dest)
        if kind in ("ipynb", "html", "pdf"):
            outputs.append({"path": dest.name, "sha256": _file_sha(dest), "bytes": dest.stat().st_size})
    with contextlib.suppress(FileNotFoundError):
        (out / f"{job.id}.failed.ipynb").unlink()
    entry.update(outputs=outputs, toc=res.toc, last_good_build=job.meta["build"])
    return entry


def _build_pack(out: Path, settings: dict, reports: dict, build_id: str, as_of: str, opts: BuildOptions,
                previous: dict) -> tuple[str, str, str]:
    """Render briefing-pack.pdf from the reports' fragments, unless nothing in it changed.

    Returns the pack's status, the digest of its inputs and the sha256 of the file.
    """
    if "pdf" not in opts.formats:
        return "not requested", previous.get("pack_key", ""), previous.get("pack_sha256", "")
    if opts.themes:
        # The pack is what gets distributed: a complete snapshot, only ever made by a full build.
        log.info("briefing pack: left as it was (a --themes build updates single reports only)")
        return "not rebuilt", previous.get("pack_key", ""), previous.get("pack_sha256", "")
    from ..reporting.render import PackEntry, pack_html

    cache = out / CACHE_DIR
    entries = []
    for rid, e in reports.items():
        frag_path = cache / f"{rid}.fragment.html"
        fragment = frag_path.read_text(encoding="utf-8") if frag_path.exists() else None
        status = "failed" if e["status"] in ("failed", "stale", "missing") else e["status"]
        entries.append(PackEntry(rid, e["title"], status, fragment if e.get("outputs") else None,
                                 [tuple(x) for x in e.get("toc", [])], e.get("error", "")))
    failed = any(e.status == "failed" for e in entries)
    pack_key = _sha(json.dumps(settings, sort_keys=True), build_id if failed else "", as_of,
                    *(f"{e.id}:{e.status == 'failed'}:{e.error}:{_sha(e.fragment or '')}" for e in entries))
    target = out / "briefing-pack.pdf"
    if not opts.force and previous.get("pack_key") == pack_key and target.exists() \
            and previous.get("pack_sha256") == _file_sha(target):
        log.info("briefing pack: unchanged, skipped")
        reports_pack = "skipped"
    else:
        from ..reporting.render import render_pdf

        t0 = time.perf_counter()
        markup = pack_html(settings, entries, build_id, as_of, _as_of_text(as_of))
        tmp = out / ".briefing-pack.pdf.tmp"
        for w in render_pdf(markup, tmp):
            log.warning("briefing pack: PDF renderer: %s", w)
        os.replace(tmp, target)
        log.info("briefing pack: built in %.1f s", time.perf_counter() - t0)
        reports_pack = "built"
    return reports_pack, pack_key, _file_sha(target)


def _read_manifest(out: Path) -> dict:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _write_index(out: Path, settings: dict, reports: dict, build_id: str, as_of: str, pack_status: str) -> None:
    """index.html: every report in both formats with its status and when it was last built."""
    import html

    from ..reporting.render import css

    esc = html.escape
    rows = []
    for rid, e in reports.items():
        names = {o["path"] for o in e.get("outputs", [])}
        links = " · ".join(f'<a href="{esc(n)}">{fmt}</a>' for fmt, n in (("HTML", f"{rid}.html"), ("PDF", f"{rid}.pdf"))
                           if n in names) or "—"
        status = {"built": "built in this build", "skipped": "up to date", "failed": "FAILED: not updated",
                  "stale": "out of date (not requested in this build)", "missing": "not built yet"}[e["status"]]
        detail = f'<br><span class="note">{esc(e["error"])}</span>' if e["status"] == "failed" else ""
        took = sum(e.get("durations", {}).values())
        when = f"build {esc(e.get('last_good_build', '') or '—')}" + (f", {took:.1f} s" if took else "")
        state = "failed" if e["status"] in ("failed", "stale", "missing") else e["status"]
        rows.append(f"<tr><td>{esc(e['title'])}</td><td>{links}</td><td class=\"status-{state}\">{status}{detail}</td>"
                    f"<td>{when}</td></tr>")
    pack = '<p><a href="briefing-pack.pdf"><strong>Briefing pack (PDF)</strong></a>: cover, contents, the overview and every theme.</p>' \
        if (out / "briefing-pack.pdf").exists() else ""
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(settings['title'])}: reports</title><style>{css('screen')}
.status-failed {{ color: #a3201b; font-weight: bold; }}</style></head>
<body class="screen"><main class="report"><h1>{esc(settings['title'])}</h1>
<p class="subtitle">{esc(settings.get('subtitle', ''))}</p>
<p>As of {esc(_as_of_text(as_of))} · build {esc(build_id)} · {esc(settings.get('handling', ''))}</p>
{pack}
<table class="data"><thead><tr><th>Report</th><th>Formats</th><th>Status</th><th>Last built</th></tr></thead>
<tbody>{''.join(rows)}</tbody></table>
<p class="note">Details: manifest.json (inputs, hashes, durations) and build.log.</p>
</main></body></html>"""
    _atomic_write(out / "index.html", page)


# --- command line --------------------------------------------------------------------------------

def add_build_parser(sub) -> None:
    """Register ``python -m briefing build``."""
    b = sub.add_parser(
        "build",
        help="build every report as HTML and PDF, the briefing pack and the index",
        description="Run extraction (cached), each report's notebook, HTML export and PDF render as parallel jobs, "
        "then the briefing pack and the index. Reports whose inputs did not change are skipped.",
    )
    b.add_argument("--themes", metavar="A,B", help="only these themes (comma-separated ids; default: all)")
    b.add_argument("--formats", metavar="F,G", default="html,pdf", help="html, pdf or both (default: html,pdf)")
    b.add_argument("--jobs", metavar="N", type=int, default=0, help="parallel jobs (default: one per core)")
    b.add_argument("--force", action="store_true", help="rebuild everything, even what is unchanged")
    b.add_argument("--seeds", metavar="DIR", type=Path, default=paths.SEEDS, help="corpus folder (default: seeds/)")
    b.add_argument("--out", metavar="DIR", type=Path, default=paths.REPORTS, help="output folder (default: reports/)")
    b.add_argument("--as-of", metavar="DATE", default="", help="briefing date YYYY-MM-DD (default: the latest date the sources give)")
    b.add_argument("--notebooks", metavar="DIR", type=Path, default=paths.NOTEBOOKS, help="folder of theme.ipynb and overview.ipynb")
    b.add_argument("--wait", metavar="SECONDS", type=float, default=0.0, help="if another build is running, wait this long for it (default: refuse)")
    b.set_defaults(func=_cmd_build)


def _cmd_build(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.jobs < 0:
        parser.error("--jobs must be 0 (one per core) or more")
    opts = BuildOptions(
        themes=[t.strip() for t in args.themes.split(",") if t.strip()] if args.themes else None,
        formats=tuple(f.strip() for f in args.formats.split(",") if f.strip()),
        jobs=args.jobs, force=args.force, seeds=args.seeds, out=args.out, as_of=args.as_of,
        notebooks=args.notebooks, wait=args.wait,
    )
    return run_build(opts)


__all__ = ["BuildOptions", "run_build", "add_build_parser"]
