"""Running the reports: one job per report on a pool of worker processes.

A worker executes a report's notebook with papermill in a fresh kernel (see :mod:`.kernels`), then
renders its HTML and PDF into the build's folder. The pool is stopped cleanly when the build is
interrupted: every worker kills its kernels and exits, nothing is left holding the lock.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing.util import Finalize
from pathlib import Path

from ..progress import progress
from .kernels import KERNEL, WarmKernel
from .manifest import Status

log = logging.getLogger("briefing")
_PR_SET_PDEATHSIG = 1

# nbformat imports jsonschema, which builds dozens of IRI grammar parsers at import time when the
# optional rfc3987-syntax package is installed (the Jupyter stack pulls it in; upstream issue
# python-jsonschema/jsonschema#1428): about 2 s of CPU in every process that reads a notebook.
# Notebook validation checks no IRI format, so the build's processes go without that checker.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]  # None: `import` raises ImportError


@dataclass
class Job:
    """One report to build, everything a worker needs."""

    id: str
    title: str
    notebook: str
    parameters: dict
    folder: str  # the build's folder; fragments go to its .fragments/
    formats: tuple[str, ...]
    meta: dict
    key: str
    timeout: float
    prestart_next: bool = True  # False for the last jobs: no report will use the worker's next kernel


@dataclass
class JobResult:
    """What a worker reports back."""

    id: str
    status: Status
    files: dict[str, str] = field(default_factory=dict)  # kind -> path written
    durations: dict[str, float] = field(default_factory=dict)
    error: str = ""
    toc: list = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class Interrupted(BaseException):
    """The build received SIGTERM or SIGINT (a BaseException, so no ``except Exception`` swallows it)."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@contextlib.contextmanager
def interruptible():
    """Turn SIGTERM and SIGINT into :class:`Interrupted` in the main thread for the duration."""
    def handler(signum, frame):
        raise Interrupted(signum)

    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield
        return
    old = {s: signal.signal(s, handler) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)


# --- in the worker -------------------------------------------------------------------------------

_worker: WarmKernel | None = None
_renderers_ready: threading.Thread | None = None  # the thread that imports and warms up the renderers


def _on_term(signum, frame) -> None:
    if _worker is not None:
        _worker.kill_all()
    os._exit(128 + signum)


def _init_worker(kernel_log: str, cwd: str, lock_fd: int) -> None:
    """Prepare a worker process: its own copy of the lock closed, signals, kernel chatter to a log.

    The lock's descriptor is inherited by fork; closing this copy means only the build itself holds
    the lock. The worker dies with the build (PR_SET_PDEATHSIG) and kills its kernels when it does.
    """
    global _worker
    with contextlib.suppress(OSError):
        os.close(lock_fd)
    signal.signal(signal.SIGTERM, _on_term)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the build decides
    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() == 1:  # the build died before the line above took effect
        os._exit(1)
    # Kernels inherit stderr; their chatter ("running over TCP without encryption") goes to a log.
    fd = os.open(kernel_log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(fd, 2)
    os.close(fd)
    _worker = WarmKernel(cwd)
    Finalize(_worker, _worker.close, exitpriority=10)  # run when the pool ends the worker normally
    _worker.start_template()  # it imports the kernels' libraries while this worker imports its own
    import nbformat  # noqa: F401
    import papermill  # noqa: F401

    # what rendering imports (nbconvert's exporter, pandas for the audit check, matplotlib for the charts'
    # markup, WeasyPrint) loads on a thread while this worker waits for its first kernel and notebook
    global _renderers_ready
    _renderers_ready = threading.Thread(target=_import_renderers, name="import-renderers", daemon=True)
    _renderers_ready.start()
    _worker.prestart()


def _import_renderers() -> None:
    with contextlib.suppress(Exception):  # an import that fails here fails again, with its message, in the job
        from ..reporting import audit, charts, render  # noqa: F401

        render.warm_up()  # the exporter and its compiled templates: a second saved on the first report
        import weasyprint  # noqa: F401


def run_job_on_cluster(job: Job, cwd: str, kernel_log: str) -> JobResult:
    """:func:`run_job` on a Dask worker: its kernels are prepared on first use, not by a pool initializer.

    ``kernel_log`` (empty on a remote cluster, whose workers' output is not ours to redirect)
    receives the kernels' chatter, as in a local worker.
    """
    global _worker
    if not Path(job.folder).is_dir() or not Path(job.notebook).is_file():
        return JobResult(job.id, Status.FAILED, error=(
            f"this worker cannot see the build folder {job.folder} or the notebook {job.notebook}: on a cluster, "
            "the output, notebooks and data folders must be on a filesystem every worker mounts at the same path"))
    if _worker is None or _worker.cwd != cwd:
        if kernel_log:
            fd = os.open(kernel_log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            os.dup2(fd, 2)
            os.close(fd)
        if _worker is not None:
            _worker.close()
        _worker = WarmKernel(cwd)
        Finalize(_worker, _worker.close, exitpriority=10)  # run when the worker process exits normally
    return run_job(job)


def _execute(job: Job, executed: Path, result: JobResult) -> bool:
    import papermill as pm

    t0 = time.perf_counter()
    try:
        km = _worker.take(job.timeout)
        pm.execute_notebook(
            job.notebook, str(executed), parameters=job.parameters, kernel_name=KERNEL, km=km,
            progress_bar=False, log_output=False, request_save_on_cell_execute=False, execution_timeout=job.timeout,
        )
        return True
    except pm.PapermillExecutionError as exc:
        first_line = str(exc.evalue).splitlines()[0] if exc.evalue else ""
        source = exc.source.strip().splitlines()[0] if exc.source else ""
        result.error = f"cell {exc.exec_count} `{source}`: {exc.ename}: {first_line}"
    except Exception as exc:  # the kernel died or timed out, the notebook is unreadable, the disk is full...
        if _worker.timed_out:
            result.error = (f"timed out: the notebook ran longer than {job.timeout:g} s and was stopped; "
                            "raise --timeout if it really needs longer")
        elif type(exc).__name__ == "DeadKernelError":
            result.error = "the kernel died (killed, out of memory, or the notebook exited it)"
        else:
            result.error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    finally:
        _worker.release()
        result.durations["execute"] = round(time.perf_counter() - t0, 3)
        if job.prestart_next:
            _worker.prestart()  # the next report's kernel starts while this one renders
    result.status = Status.FAILED
    if executed.exists() and executed.stat().st_size > 0:
        result.files["failed"] = str(executed)
    else:
        with contextlib.suppress(OSError):
            executed.unlink()
    return False


def run_job(job: Job) -> JobResult:
    """Execute one report's notebook and render it; files go to the build's folder."""
    import nbformat

    from ..reporting.audit import audited
    from ..reporting.render import ReportMeta, export_html, render_pdf

    folder = Path(job.folder)
    result = JobResult(job.id, Status.BUILT)
    executed = folder / f".{job.id}.executed.ipynb"
    if not _execute(job, executed, result):
        return result
    nb = nbformat.read(executed, as_version=4)
    if not audited(nb):  # the audit cannot be skipped by deleting its cell
        result.status, result.files["failed"] = Status.FAILED, str(executed)
        result.error = "the report's audit did not run: its notebook must end with `report.audit()`"
        return result
    final = folder / f"{job.id}.ipynb"
    os.replace(executed, final)
    result.files["ipynb"] = str(final)
    if _renderers_ready is not None:  # the exporter is not shared with the warm-up thread while it runs
        _renderers_ready.join()
    t0 = time.perf_counter()
    meta = ReportMeta(**job.meta)
    outputs = {"html": export_html(nb, meta, "screen"), "print": export_html(nb, meta, "print"),
               "fragment": export_html(nb, meta, "fragment")}
    result.toc = meta.toc
    for kind, text in outputs.items():
        if kind == "html" and "html" not in job.formats:
            continue
        path = folder / f"{job.id}.html" if kind == "html" else folder / ".fragments" / f"{job.id}.{kind}.html"
        path.write_text(text, encoding="utf-8")
        result.files[kind] = str(path)
    result.durations["html"] = round(time.perf_counter() - t0, 3)
    if "pdf" in job.formats:
        t0 = time.perf_counter()
        pdf = folder / f"{job.id}.pdf"
        result.warnings = render_pdf(outputs["print"], pdf)
        result.files["pdf"] = str(pdf)
        result.durations["pdf"] = round(time.perf_counter() - t0, 3)
    return result


# --- in the build --------------------------------------------------------------------------------

def _log_result(res: JobResult, warned: set[str]) -> None:
    took = sum(res.durations.values())
    if res.status is Status.BUILT:
        log.info("%s: built in %.1f s (%s)", res.id, took, ", ".join(f"{k} {v:.1f} s" for k, v in res.durations.items()))
        for w in res.warnings:
            if w not in warned:  # the same renderer warning for every report is said once
                warned.add(w)
                log.warning("%s: PDF renderer: %s", res.id, w)
    else:
        log.error("%s: FAILED at %s; the previous report is kept, the failed notebook is %s.failed.ipynb",
                  res.id, res.error, res.id)


def run_jobs(jobs: list[Job], workers: int, kernel_log: str, cwd: str, lock_fd: int,
             cluster=None) -> dict[str, JobResult]:
    """Run ``jobs`` on ``workers`` processes (or on ``cluster``, a :class:`.cluster.Pool`); return each job's result.

    Raises:
        Interrupted: SIGTERM or SIGINT arrived; every worker and kernel has been stopped.
    """
    results: dict[str, JobResult] = {}
    if not jobs:
        return results
    warned: set[str] = set()
    workers = max(1, min(cluster.workers if cluster else workers, len(jobs)))
    for job in jobs[-workers:]:  # jobs are handed out in order: after these, no worker gets another
        job.prestart_next = False
    if cluster is None:
        pool = ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(kernel_log, cwd, lock_fd))
        submit = lambda job: pool.submit(run_job, job)  # noqa: E731
    else:
        pool = cluster.executor
        log_on_worker = kernel_log if cluster.local else ""
        submit = lambda job: pool.submit(run_job_on_cluster, job, cwd, log_on_worker)  # noqa: E731
    futures = {}
    try:
        for job in jobs:
            futures[submit(job)] = job
        with progress(len(jobs), "reports", "reports") as step:
            for fut in as_completed(futures):
                job = futures[fut]
                try:
                    res = fut.result()
                except Exception as exc:  # a worker crashed (on a cluster: crashed on every worker it was given to)
                    res = JobResult(job.id, Status.FAILED, error=f"worker crashed: {type(exc).__name__}: {exc}")
                results[job.id] = res
                _log_result(res, warned)
                step(f"{job.id}: {res.status.value}")
    except BaseException:
        if cluster is None:
            _stop_pool(pool)
        else:  # the cluster's workers stay; the queued jobs are cancelled, running kernels end with their tasks
            for fut in futures:
                fut.cancel()
        raise
    if cluster is None:
        pool.shutdown()
    return results


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop every worker now; each kills its kernels on SIGTERM."""
    procs = list((pool._processes or {}).values())  # no public API to end running workers
    for p in procs:
        with contextlib.suppress(Exception):
            p.terminate()
    for p in procs:
        p.join(timeout=5)
        if p.is_alive():
            p.kill()
    pool.shutdown(wait=False, cancel_futures=True)
