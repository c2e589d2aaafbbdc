"""Kernels for report execution: a fresh kernel per report, started ahead of the report that uses it.

Each report runs in a kernel of its own, so no state carries over from one report to the next. The
cost of a fresh kernel (the process start and the imports every report needs) is cut and hidden:
each worker keeps a template process (see :mod:`.template`) that has imported the libraries once
and forks a new kernel for every report, and the next report's kernel is forked while the current
report's HTML and PDF are rendered. Where no template can be used (a kernel spec that is not
``python -m ipykernel_launcher``, or a template that died), kernels are started the ordinary way,
importing the libraries during their start-up.

Kernels are driven through jupyter_client's *asynchronous* manager: with it, nbclient checks every
second whether the kernel is alive, so a kernel that dies (killed for memory, ``os._exit``) ends its
report within seconds instead of hanging the build. A watchdog kills a kernel that runs past the
report's time limit, which ends the report the same way.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import signal
import subprocess
import threading
import time
import uuid
from pathlib import Path

log = logging.getLogger("briefing")
KERNEL = "briefing"  # the project's kernel, registered by `make setup`
# Imported once by the template (without one, by each kernel while it starts; ``__import__`` binds no name
# in the notebook's namespace).
WARM_IMPORTS = ("pandas", "matplotlib.pyplot", "briefing.reporting.report")
STARTUP_TIMEOUT = 120.0  # seconds a kernel may take to start and import the libraries
TEMPLATE_SCRIPT = Path(__file__).with_name("template.py")
_EXEC_LINES = [f"for _m in {WARM_IMPORTS!r}: __import__(_m)", "del _m"]


class TemplateGone(RuntimeError):
    """The template process is not running (it failed to start, or was killed)."""


class KernelTemplate:
    """A worker's template process (:mod:`.template`): imports the kernels' libraries once, forks kernels."""

    def __init__(self, prefix: list[str], cwd: str):
        """Start the template with the interpreter and flags of the kernel spec (``prefix``), in ``cwd``."""
        ours_r, theirs_w = os.pipe()
        theirs_r, ours_w = os.pipe()
        try:
            self.process = subprocess.Popen(
                [*prefix, str(TEMPLATE_SCRIPT), str(theirs_r), str(theirs_w), "ipykernel.kernelapp",
                 *WARM_IMPORTS], cwd=cwd, pass_fds=(theirs_r, theirs_w), stdin=subprocess.DEVNULL)
        finally:
            os.close(theirs_r)
            os.close(theirs_w)
        self._requests = os.fdopen(ours_w, "w", encoding="utf-8")
        self._answers = os.fdopen(ours_r, "r", encoding="utf-8")
        self._ready = False

    def fork(self, args: list[str], cwd: str, env: dict[str, str]) -> int:
        """A new kernel process, ``python -m ipykernel_launcher ARGS`` in ``cwd`` with ``env``; its pid.

        Raises:
            TemplateGone: the template is not running.
        """
        try:
            if not self._ready:  # the first kernel waits for the imports; later ones do not
                if self._answers.readline() != "ready\n":
                    raise TemplateGone(f"the kernel template exited with status {self.process.wait()}")
                self._ready = True
            self._requests.write(json.dumps({"args": args, "cwd": cwd, "env": env}) + "\n")
            self._requests.flush()
            answer = self._answers.readline()
        except (OSError, ValueError) as exc:  # a broken or closed pipe
            raise TemplateGone(f"the kernel template stopped: {exc}") from None
        if not answer.strip().isdigit():
            raise TemplateGone("the kernel template stopped")
        return int(answer)

    def kill(self) -> None:
        """Kill the template now (safe in a signal handler: it touches no open file object)."""
        with contextlib.suppress(OSError):
            self.process.kill()

    def close(self, kill_now: bool = False) -> None:
        """Stop the template (its kernels are ended by their managers, or die with it)."""
        if kill_now:
            self.kill()
        for f in (self._requests, self._answers):
            with contextlib.suppress(OSError, ValueError):
                f.close()
        if not kill_now:
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()


def template_prefix(argv: list[str]) -> list[str] | None:
    """The interpreter and its flags from a kernel spec's argv, if it runs ``-m ipykernel_launcher -f FILE``."""
    if len(argv) >= 4 and argv[-4:-2] == ["-m", "ipykernel_launcher"] and argv[-2] == "-f":
        return argv[:-4]
    return None


class _ForkedKernel:
    """A kernel forked by the template, with the part of :class:`subprocess.Popen` jupyter_client uses.

    The template reaps its kernels the moment they end, so a kernel whose process is gone has ended.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = -signal.SIGKILL  # the exit status went to the template, which reaped it
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


@functools.cache
def _forked_provisioner_class():
    from jupyter_client.provisioning.local_provisioner import LocalProvisioner

    class ForkedProvisioner(LocalProvisioner):
        """Launches the kernel as a fork of the template, with the command's arguments, folder and environment."""

        template: KernelTemplate | None = None

        async def launch_kernel(self, cmd: list[str], **kwargs):
            env = dict(kwargs.get("env") or os.environ)
            env["JPY_PARENT_PID"] = str(os.getpid())  # as jupyter_client's launcher sets it
            cwd = str(kwargs.get("cwd") or os.getcwd())
            pid = self.template.fork(cmd[cmd.index("ipykernel_launcher") + 1:], cwd, env)
            self.process, self.pid, self.pgid, self.cwd = _ForkedKernel(pid), pid, pid, cwd  # setsid: its own group
            return self.connection_info

    return ForkedProvisioner


def _forked_provisioner(km, template: KernelTemplate):
    """A jupyter_client provisioner for ``km`` that forks the kernel from ``template``."""
    provisioner = _forked_provisioner_class()(kernel_id=km.kernel_id, kernel_spec=km.kernel_spec, parent=km)
    provisioner.template = template
    return provisioner


class WarmKernel:
    """One worker's kernels: the one a report runs in, and the next one, already starting."""

    def __init__(self, cwd: str):
        self.cwd = cwd
        self._next = None  # a started AsyncKernelManager no report has used yet
        self.running = None  # the kernel of the report in progress
        self.timed_out = False
        self._watchdog: threading.Timer | None = None
        self._template: KernelTemplate | None = None
        self._template_tried = False

    def start_template(self) -> None:
        """Start the template process, if the kernel spec allows one; it imports while the caller works on."""
        from jupyter_client.kernelspec import KernelSpecManager

        if self._template_tried:
            return
        self._template_tried = True
        prefix = template_prefix(list(KernelSpecManager().get_kernel_spec(KERNEL).argv))
        if prefix is not None:
            try:
                self._template = KernelTemplate(prefix, self.cwd)
            except OSError as exc:  # the kernel spec's interpreter cannot be run: the ordinary start says so
                log.warning("no kernel template (%s); starting kernels the ordinary way", exc)

    def prestart(self) -> None:
        """Start the next report's kernel now, so that it is ready while the worker does other work."""
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        if self._next is not None:
            return
        extra = [f"--IPKernelApp.exec_lines={line}" for line in _EXEC_LINES]  # a no-op in a forked kernel
        km = AsyncKernelManager(kernel_name=KERNEL, kernel_id=str(uuid.uuid4()))
        self.start_template()
        if self._template is not None:
            km.provisioner = _forked_provisioner(km, self._template)
        try:
            run_sync(km.start_kernel)(cwd=self.cwd, extra_arguments=extra)
        except TemplateGone as exc:
            log.warning("%s; starting kernels the ordinary way", exc)
            self._drop_template()
            with contextlib.suppress(OSError):
                os.unlink(km.connection_file)
            km = AsyncKernelManager(kernel_name=KERNEL)
            run_sync(km.start_kernel)(cwd=self.cwd, extra_arguments=extra)
        self._next = km

    def _drop_template(self, kill_now: bool = True) -> None:
        template, self._template = self._template, None
        if template is not None:
            template.close(kill_now)

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
        """Kill every kernel of this worker, and its template, at once (the worker is being stopped by a signal)."""
        for km in (self.running, self._next):
            if km is not None:
                kill(km)
                with contextlib.suppress(OSError):
                    os.unlink(km.connection_file)
        if self._template is not None:
            self._template.kill()

    def close(self) -> None:
        """Shut down every kernel of this worker (the worker is exiting normally)."""
        self.release()
        km, self._next = self._next, None
        if km is not None:
            stop(km)
        self._drop_template(kill_now=False)


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
