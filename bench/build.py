"""Benchmark: the build against the naive loop a user would write, on the same notebooks and seeds.

(a) naive: for each report, the papermill CLI, `jupyter nbconvert --to html --no-input`, then
    WeasyPrint on that HTML in its own process, one report after another;
(b) `python -m briefing build --force` (every report, HTML + PDF, plus the pack and index);
(c) a build where nothing changed;
(d) a one-theme rebuild (`--themes energy --force`).

Run: .venv/bin/python bench/build.py      Aim: (b) at least 4x faster than (a); (c) under 1 s.
"""

from __future__ import annotations

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


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def naive(out: Path) -> float:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    reports = [("overview", "overview.ipynb", [])] + [
        (t.id, "theme.ipynb", ["-p", "theme", t.id]) for t in load_themes(paths.THEMES_FILE)]
    t0 = time.perf_counter()
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
    return time.perf_counter() - t0


def main() -> None:
    out = HERE / "out"
    subprocess.run([sys.executable, "-m", "briefing", "extract"], check=True, cwd=ROOT, stderr=subprocess.DEVNULL)
    build = [sys.executable, "-m", "briefing", "build", "--out", str(out / "build"), "--as-of", AS_OF]
    n = 1 + len(load_themes(paths.THEMES_FILE))
    a = naive(out / "naive")
    print(f"(a) naive loop, {n} reports (papermill CLI -> nbconvert CLI -> WeasyPrint):  {a:6.1f} s")
    shutil.rmtree(out / "build", ignore_errors=True)
    b = timed([*build, "--force"])
    print(f"(b) briefing build --force, {n} reports + briefing pack + index:            {b:6.1f} s")
    c = timed(build)
    print(f"(c) briefing build, nothing changed:                                       {c:6.2f} s")
    d = timed([*build, "--themes", "energy", "--force"])
    print(f"(d) briefing build --themes energy --force (one report):                   {d:6.1f} s")
    print(f"naive / build: {a / b:.1f}x (aim: at least 4x); no-change build {'under' if c < 1 else 'OVER'} 1 s")


if __name__ == "__main__":
    main()
