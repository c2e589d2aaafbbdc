"""Where a build's work runs: process pools on this machine, or a Dask cluster.

``--executor local`` (the default) runs extraction chunks and reports on process pools of this
machine. ``--executor dask`` runs the same functions through dask.distributed: on the cluster whose
scheduler ``--scheduler tcp://HOST:PORT`` names, or on a ``LocalCluster`` of two worker processes
started for the build. Dask's client offers a ``concurrent.futures.Executor``, so extraction and
the report jobs go through the same code for both; only where the functions run changes. A worker
that dies (killed, out of memory) has its task run again on another worker by the scheduler; a task
that kills workers again and again fails its report, which keeps its previous files.

On a remote cluster every worker reads the notebooks, the corpus and the extracted tables, and
writes the reports' files, at the paths the build gives: those folders must be on a filesystem
that every worker mounts at the same path. A worker that cannot see them fails its report with a
message that says so.

The executor and scheduler can also be set in ``data/build.yaml`` (``executor: dask``,
``scheduler: tcp://HOST:PORT``); the command line wins.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..config import load_yaml
from ..errors import ConfigError, SetupError, UsageError

log = logging.getLogger("briefing")
EXECUTORS = ("local", "dask")
BUILD_CONFIG = paths.DATA / "build.yaml"
LOCAL_WORKERS = 2  # a LocalCluster's worker processes, one thread each (a report is one kernel)
CONNECT_TIMEOUT = 20  # seconds to reach a scheduler


@dataclass
class Pool:
    """The cluster a build runs on: its executor and how many workers it has."""

    executor: Executor
    workers: int
    local: bool  # a LocalCluster this build started (its workers are this build's own processes)


def load_build_config(path: Path = BUILD_CONFIG) -> dict[str, str]:
    """The optional ``build.yaml``: ``executor`` and ``scheduler``; {} when there is no such file.

    Raises:
        ConfigError: the file is not a mapping of those keys, or names an unknown executor.
    """
    if not path.is_file():
        return {}
    data = load_yaml(path) or {}
    if not isinstance(data, dict) or set(data) - {"executor", "scheduler"}:
        raise ConfigError(f"{path}: expected only the keys executor (local or dask) and scheduler "
                          "(tcp://HOST:PORT); remove the others.")
    out = {k: str(v) for k, v in data.items() if v is not None}
    if out.get("executor", "local") not in EXECUTORS:
        raise ConfigError(f"{path}: executor: {out['executor']!r} is not one of {', '.join(EXECUTORS)}.")
    return out


def check_choice(executor: str, scheduler: str) -> None:
    """Refuse an unknown executor, or a scheduler given for the local executor or not as an address.

    Raises:
        UsageError: the message names the option and the valid values.
    """
    if executor not in EXECUTORS:
        raise UsageError(f"--executor {executor!r}: valid executors are {', '.join(EXECUTORS)}.")
    if scheduler and executor != "dask":
        raise UsageError(f"--scheduler {scheduler}: a scheduler is used only with --executor dask; add it or drop "
                         "--scheduler.")
    if scheduler and "://" not in scheduler:
        raise UsageError(f"--scheduler {scheduler!r}: give the scheduler's address as tcp://HOST:PORT.")


@contextlib.contextmanager
def dask_pool(scheduler: str) -> Iterator[Pool]:
    """A Dask executor: on the scheduler at ``scheduler``, or on a LocalCluster started (and closed) here.

    Raises:
        SetupError: dask.distributed is not installed.
        UsageError: the scheduler cannot be reached.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise SetupError("--executor dask needs dask.distributed: `pip install -r requirements.txt` "
                         "(or build with --executor local).") from None
    local = None
    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as exc:
            raise UsageError(f"--scheduler {scheduler}: cannot reach the scheduler ({exc}); start one there "
                             "(`dask scheduler`) or leave --scheduler out for a local cluster.") from None
    else:
        local = LocalCluster(n_workers=LOCAL_WORKERS, threads_per_worker=1, processes=True, dashboard_address=None,
                             silence_logs=logging.ERROR)
        client = Client(local)
    try:
        workers = len(client.scheduler_info()["workers"]) or 1
        log.info("executor: dask, %d worker(s) at %s%s", workers, client.scheduler.address,
                 " (a local cluster)" if local else "")
        executor = client.get_executor()
        try:
            yield Pool(executor, workers, local is not None)
        finally:
            executor.shutdown(wait=False)  # cancels what an interrupted build left queued
    finally:
        client.close()
        if local is not None:
            local.close()


@contextlib.contextmanager
def build_pool(executor: str, scheduler: str) -> Iterator[Pool | None]:
    """The pool the build hands its work to: None for the local executor (it makes its own process pools)."""
    if executor == "local":
        yield None
        return
    with dask_pool(scheduler) as pool:
        yield pool
