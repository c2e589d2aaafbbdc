"""The kernel template: a process that has imported a report kernel's libraries and forks fresh kernels.

Starting a report kernel costs about 1.7 s of CPU, nearly all of it importing ipykernel, pandas,
matplotlib and the briefing package; a build of twelve reports paid it twelve times. A worker now
starts one template process that does those imports once, runs no report code, and forks a kernel
for each report. Every kernel is a fresh process: it shares the template's imported modules and
nothing else, so no variable, setting or import side effect of one report reaches another (the
template itself never executes a notebook cell). What a fresh ``python -m ipykernel_launcher``
process would do with its arguments, working folder and environment, the forked child does too.

Protocol, one JSON line per request on the control pipe the worker passes in: ``{"args": [...],
"cwd": "...", "env": {...}}``; the template answers each with the new kernel's process id. It exits
when the pipe closes, and dies with the worker that started it (``PR_SET_PDEATHSIG``), as do its
kernels with it. Run as a script, ``python template.py READ_FD WRITE_FD MODULE...``, so that nothing
but ``MODULE...`` is imported into the kernels (``-m`` would import the ``briefing.build`` package).
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1
INLINE = "module://matplotlib_inline.backend_inline"  # what ipykernel sets when MPLBACKEND is unset


def _die_with_parent() -> None:
    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _reap(signum, frame) -> None:
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass


def _run_kernel(request: dict, control: tuple[int, int]) -> None:
    """In the forked child: become ``python -m ipykernel_launcher ARGS`` in ``cwd`` with ``env``; never returns."""
    code = 1
    try:
        for fd in control:
            os.close(fd)
        os.setsid()  # its own session, as jupyter_client starts kernels: an interrupt reaches its group only
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the template's reaper is not the kernel's
        _die_with_parent()
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        from importlib.util import find_spec

        from ipykernel import kernelapp

        sys.argv = [find_spec("ipykernel_launcher").origin, *request["args"]]
        # ipykernel reads JPY_PARENT_PID when it is imported, which was in the template: set it from this env
        kernelapp.IPKernelApp.instance().parent_handle = int(request["env"].get("JPY_PARENT_PID") or 0)
        kernelapp.launch_new_instance()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # noqa: BLE001 - a kernel that cannot start says why on stderr (the kernels' log)
        import traceback

        traceback.print_exc()
    finally:
        os._exit(code)


def serve(read_fd: int, write_fd: int, modules: list[str]) -> None:
    """Import ``modules``, say ready, then fork one kernel per request until the pipe closes."""
    _die_with_parent()
    if os.getppid() == 1:
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the build decides
    # kernels that end are reaped at once (their CPU time is counted, as the worker's would count it)
    signal.signal(signal.SIGCHLD, _reap)
    # matplotlib reads MPLBACKEND when it is imported; a fresh kernel imports it after ipykernel set it
    os.environ["MPLBACKEND"] = os.environ.get("MPLBACKEND") or INLINE
    import ipykernel.kernelapp  # noqa: F401

    for name in modules:
        __import__(name)
    with os.fdopen(read_fd, "r", encoding="utf-8") as requests, os.fdopen(write_fd, "w", encoding="utf-8") as answers:
        answers.write("ready\n")
        answers.flush()
        for line in requests:
            request = json.loads(line)
            pid = os.fork()
            if pid == 0:
                _run_kernel(request, (read_fd, write_fd))
            answers.write(f"{pid}\n")
            answers.flush()


if __name__ == "__main__":
    # ipykernel_launcher takes the launch folder off sys.path (IPython adds the working folder back): so
    # does the template, with its own folder, before it imports anything
    if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
        del sys.path[0]
    serve(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:])
