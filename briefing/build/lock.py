"""The build lock: one build at a time per output folder.

An ``flock`` on ``out/.build.lock``: the operating system releases it when the holder dies, however
it dies, so a killed build never blocks the next one. The file names the holder's PID for messages;
a PID left there by a build that died is reported when the lock is taken over.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path

from ..errors import LockedError

log = logging.getLogger("briefing")
LOCK_NAME = ".build.lock"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _holder(text: str) -> int | None:
    parts = text.split()
    return int(parts[1]) if len(parts) == 2 and parts[0] == "pid" and parts[1].isdigit() else None


@contextlib.contextmanager
def build_lock(out: Path, wait: float) -> Iterator[int]:
    """Hold ``out/.build.lock`` for the duration of a build; yield the lock's file descriptor.

    Worker processes forked while the lock is held must close that descriptor (see
    :mod:`briefing.build.jobs`), or an orphaned worker would keep the lock after the build died.

    Raises:
        LockedError: another live build holds the lock and ``wait`` seconds passed.
    """
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
                pid = _holder(fh.read().strip())
                fh.close()
                who = f"pid {pid}" if pid else "another process"
                if pid and not _alive(pid):
                    who += ", which is no longer running: a leftover process of it still holds the lock; end it"
                raise LockedError(
                    f"{path}: another build is running ({who}); it was left alone. "
                    "Wait for it to finish, or pass --wait SECONDS to queue behind it."
                ) from None
            time.sleep(0.2)
    fh.seek(0)
    previous = _holder(fh.read().strip())
    if previous and previous != os.getpid():
        log.warning("took over the build lock left by pid %d, which ended without releasing it; "
                    "its unpublished files are removed", previous)
    fh.seek(0)
    fh.truncate()
    fh.write(f"pid {os.getpid()}")
    fh.flush()
    try:
        yield fh.fileno()
    finally:
        fh.seek(0)
        fh.truncate()
        fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()
