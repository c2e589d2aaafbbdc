"""Benchmark: the build against the naive loop a user would write, on the same notebooks and seeds.

(a) naive: for each report, the papermill CLI, `jupyter nbconvert --to html --no-input`, then
    WeasyPrint on that HTML in its own process, one report after another;
(b) `python -m briefing build --force` (every report, HTML + PDF, plus the pack and index);
(c) a build where nothing changed;
(d) a one-theme rebuild (`--themes energy --force`).

Each figure is printed as wall time and as CPU time (user + system of every process the step started,
kernels included): on a machine other work is loading, the CPU time and the ratio of wall times are
the figures to compare; the absolute wall times must be taken again on a quiet machine. The load
average is printed before and after.

Run: .venv/bin/python bench/build.py      Aim: (b) at least 8x faster than (a); (c) under 0.5 s; (d) under 4 s.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from briefing import paths  # noqa: E402
from briefing.config import load_themes  # noqa: E402

BIN = Path(sys.executable).parent
AS_OF = "2025-12-04"


def cpu() -> float:
    """CPU seconds (user + system) of the child processes that have ended so far."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one command."""
    c0, t0 = cpu(), time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0, cpu() - c0




def naive(out: Path) -> tuple[float, float]:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    reports = [("overview", "overview.ipynb", [])] + [
        (t.id, "theme.ipynb", ["-p", "theme", t.id]) for t in load_themes(paths.THEMES_FILE)]
    c0, t0 = cpu(), time.perf_counter()
    for rid, nb, params in reports:
        executed = out / f"{rid}.ipynb"
        subprocess.run([str(BIN / "papermill"), str(paths.NOTEBOOKS / nb), str(executed), *params,
                        "-p", "as_of", AS_OF, "-p", "data_dir", str(paths.PROCESSED), "--cwd", str(paths.NOTEBOOKS)],
                       check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
                       check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run([sys.executable, "-c", f"from weasyprint import HTML; HTML({str(out / (rid + '.html'))!r})"
                        f".write_pdf({str(out / (rid + '.pdf'))!r})"],
                       check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0, cpu() - c0


def main() -> None:
    out = HERE / "out"
    subprocess.run([sys.executable, "-m", "briefing", "extract"], check=True, cwd=ROOT, stderr=subprocess.DEVNULL)
    build = [sys.executable, "-m", "briefing", "build", "--out", str(out / "build"), "--as-of", AS_OF]
    n = 1 + len(load_themes(paths.THEMES_FILE))
    print(f"load average before: {os.getloadavg()[0]:.1f} (1 min) on {os.cpu_count()} cores")
    a = naive(out / "naive")
    print(f"(a) naive loop, {n} reports (papermill CLI -> nbconvert CLI -> WeasyPrint):  {a[0]:6.1f} s  (CPU {a[1]:6.1f} s)")
    shutil.rmtree(out / "build", ignore_errors=True)
    b = timed([*build, "--force"])
    print(f"(b) briefing build --force, {n} reports + briefing pack + index:            {b[0]:6.1f} s  (CPU {b[1]:6.1f} s)")
    c = timed(build)
    print(f"(c) briefing build, nothing changed:                                       {c[0]:6.2f} s  (CPU {c[1]:6.2f} s)")
    d = timed([*build, "--themes", "energy", "--force"])
    print(f"(d) briefing build --themes energy --force (one report):                   {d[0]:6.1f} s  (CPU {d[1]:6.1f} s)")
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    print(f"naive / build: {a[0] / b[0]:.1f}x wall, {a[1] / b[1]:.1f}x CPU (aim: at least 8x); "
          f"no-change build {'under' if c[0] < 0.5 else 'OVER'} 0.5 s; one theme {'under' if d[0] < 4 else 'OVER'} 4 s")


if __name__ == "__main__":
    main()
