"""Kernels for report execution: a fresh kernel per report, started ahead of the report that uses it.

Each report runs in a kernel of its own, so no state carries over from one report to the next. The
cost of a fresh kernel (the process start and the imports every report needs) is hidden: the next
kernel is started, and imports the libraries during its start-up, while the current report's HTML
and PDF are rendered.

Kernels are driven through jupyter_client's *asynchronous* manager: with it, nbclient checks every
second whether the kernel is alive, so a kernel that dies (killed for memory, ``os._exit``) ends its
report within seconds instead of hanging the build. A watchdog kills a kernel that runs past the
report's time limit, which ends the report the same way.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading

log = logging.getLogger("briefing")
KERNEL = "briefing"  # the project's kernel, registered by `make setup`
# Imported by the kernel while it starts (``__import__`` binds no name in the notebook's namespace).
WARM_IMPORTS = ("pandas", "matplotlib.pyplot", "briefing.reporting.report")
STARTUP_TIMEOUT = 120.0  # seconds a kernel may take to start and import the libraries
_EXEC_LINES = [f"for _m in {WARM_IMPORTS!r}: __import__(_m)", "del _m"]


class WarmKernel:
    """One worker's kernels: the one a report runs in, and the next one, already starting."""

    def __init__(self, cwd: str):
        self.cwd = cwd
        self._next = None  # a started AsyncKernelManager no report has used yet
        self.running = None  # the kernel of the report in progress
        self.timed_out = False
        self._watchdog: threading.Timer | None = None

    def prestart(self) -> None:
        """Start the next report's kernel now; it imports the libraries while the worker does other work."""
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        if self._next is not None:
            return
        km = AsyncKernelManager(kernel_name=KERNEL)
        run_sync(km.start_kernel)(cwd=self.cwd, extra_arguments=[f"--IPKernelApp.exec_lines={line}" for line in _EXEC_LINES])
        self._next = km

    def take(self, timeout: float):
        """The kernel manager for the next report, ready, with the report's time limit armed.

        The limit counts from when the kernel is ready: its start-up (bounded apart, by
        ``STARTUP_TIMEOUT``) is not the notebook's time.

        Raises:
            RuntimeError: the kernel died or did not become ready during start-up.
        """
        from jupyter_core.utils import run_sync

        for attempt in (1, 2):
            self.prestart()
            km, self._next = self._next, None
            self.running, self.timed_out = km, False
            kc = km.client()
            kc.start_channels()
            try:
                run_sync(kc.wait_for_ready)(timeout=STARTUP_TIMEOUT)
                break
            except RuntimeError:
                # A kernel that dies while starting (a port taken between choosing and binding it,
                # a busy machine) is not the report's fault: one fresh start, then the error stands.
                self.release()
                if attempt == 2:
                    raise
                log.warning("a kernel died while starting; starting another")
            finally:
                kc.stop_channels()
        self._watchdog = threading.Timer(timeout, self._expire, args=(km,))
        self._watchdog.daemon = True
        self._watchdog.start()
        return km

    def _expire(self, km) -> None:
        self.timed_out = True
        kill(km)

    def release(self) -> None:
        """End the report's kernel (whatever state it is in)."""
        km, self.running = self.running, None
        if self._watchdog is not None:
            self._watchdog.cancel()
            self._watchdog = None
        if km is None:
            return
        stop(km)

    def kill_all(self) -> None:
        """Kill every kernel of this worker at once (the worker is being stopped by a signal)."""
        for km in (self.running, self._next):
            if km is not None:
                kill(km)
                with contextlib.suppress(OSError):
                    os.unlink(km.connection_file)

    def close(self) -> None:
        """Shut down every kernel of this worker (the worker is exiting normally)."""
        self.release()
        km, self._next = self._next, None
        if km is not None:
            stop(km)


def kernel_pid(km) -> int | None:
    """The kernel's process id, if it was started locally."""
    return getattr(getattr(km, "provisioner", None), "pid", None)


def kill(km) -> None:
    """Kill the kernel process now; nbclient notices within a second that it died."""
    pid = kernel_pid(km)
    if pid:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


def stop(km) -> None:
    """Shut the kernel down and release its ports and files."""
    from jupyter_core.utils import run_sync

    try:
        run_sync(km.shutdown_kernel)(now=True)
    except Exception:  # already dead, or its channels broken: make sure the process is gone
        kill(km)
