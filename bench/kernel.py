"""Benchmark: one report kernel on a large corpus, reading its slice against reading the whole corpus.

Extracts a synthetic corpus (bench/synthetic.py; cached), writes the item tables and the slices as
the build does, then executes the overview and theme notebooks with papermill, each in a fresh
process whose only child is the kernel, twice: with the slices (what the build does now) and with
the slices folder moved aside (every kernel reads every table, as before issue 11). Prints, per
report and mode, the notebook's wall time, the CPU time (user+sys) of the kernel and of the
papermill process that drives it, the kernel's peak memory (``ru_maxrss`` of the process's
children), whether both modes gave the same outputs, and the load average, since on a shared
machine the wall times say as much about the load as about the code (CPU time far less).

``--cells`` instead runs one theme notebook's code cells in this process, one by one, and prints
what each cell (each section of the report) costs, wall and CPU: where a report's time goes.

Run: .venv/bin/python bench/kernel.py [--articles 10000] [--themes energy,defence] [--data DIR]
     .venv/bin/python bench/kernel.py --data DIR --cells energy
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synthetic import make_corpus  # noqa: E402

from briefing import paths  # noqa: E402

AS_OF = "2025-12-08"
CELL_TIMEOUT = 1800  # seconds a cell may take (papermill's execution_timeout; without it some default stopped cells at 4 s)


def _cpu(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def run_one(notebook: str, theme: str, data: Path, out: Path) -> None:
    """Execute one notebook (in this process, its kernel our only child); print its time, CPU and the kernel's peak memory."""
    import papermill as pm

    params = {"data_dir": str(data), "as_of": AS_OF, **({"theme": theme} if theme else {})}
    self0 = _cpu(resource.getrusage(resource.RUSAGE_SELF))
    t0 = time.perf_counter()
    pm.execute_notebook(str(paths.NOTEBOOKS / f"{notebook}.ipynb"), str(out), kernel_name="briefing", parameters=params,
                        cwd=str(paths.NOTEBOOKS), progress_bar=False, execution_timeout=CELL_TIMEOUT)
    took = time.perf_counter() - t0
    kernel = resource.getrusage(resource.RUSAGE_CHILDREN)  # the kernel, reaped at shutdown: its CPU and peak (KB)
    print(json.dumps({"seconds": took, "peak_mb": kernel.ru_maxrss / 1024, "kernel_cpu": _cpu(kernel),
                      "papermill_cpu": _cpu(resource.getrusage(resource.RUSAGE_SELF)) - self0}))


def run_cells(theme: str, data: Path) -> None:
    """Run the theme notebook's code cells here, one at a time, with its parameters; print each cell's wall and CPU time."""
    nb = json.loads((paths.NOTEBOOKS / "theme.ipynb").read_text(encoding="utf-8"))
    cells = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    ns: dict = {}
    exec(cells[0], ns)  # the parameters cell, then papermill's overrides
    ns.update(theme=theme, data_dir=str(data), as_of=AS_OF)
    total_wall = total_cpu = 0.0
    print(f"theme {theme} on {data} (load average {os.getloadavg()[0]:.1f})")
    for code in cells[1:]:
        c0, t0 = time.process_time(), time.perf_counter()
        exec(code, ns)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        total_wall, total_cpu = total_wall + wall, total_cpu + cpu
        first = next(line for line in code.splitlines() if line and not line.startswith(("from ", "import ", " ")))
        print(f"{wall:7.2f} s wall {cpu:7.2f} s cpu  {first[:90]}", flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{total_wall:7.2f} s wall {total_cpu:7.2f} s cpu  all cells; peak RSS {peak:.0f} MB "
          f"(load average {os.getloadavg()[0]:.1f})")


def outputs(path: Path) -> list:
    """The executed notebook's outputs (what the report shows), without execution counts and timings."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [[o.get("data", o.get("text")) for o in c.get("outputs", [])] for c in nb["cells"] if c["cell_type"] == "code"]


def measure(notebook: str, theme: str, data: Path, out: Path) -> dict:
    """:func:`run_one` in a fresh process; its printed figures, and the CPU time of that process and its kernel."""
    before = _cpu(resource.getrusage(resource.RUSAGE_CHILDREN))
    proc = subprocess.run([sys.executable, __file__, "--one", notebook, "--theme", theme, "--data", str(data),
                           "--out", str(out)], capture_output=True, text=True, check=False)
    if proc.returncode:
        raise SystemExit(f"{notebook} {theme}: failed\n{proc.stderr[-3000:]}")
    return {**json.loads(proc.stdout.strip().splitlines()[-1]), "cpu": _cpu(resource.getrusage(resource.RUSAGE_CHILDREN)) - before}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--themes", default="energy,defence")
    ap.add_argument("--data", type=Path, help="a data folder already extracted (default: extract the synthetic corpus)")
    ap.add_argument("--skip-whole", action="store_true", help="only the slice mode (the whole corpus takes minutes)")
    ap.add_argument("--cells", metavar="THEME", help="profile: run THEME's notebook cells in this process (needs --data)")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--theme", default="", help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        run_one(args.one, args.theme, args.data, args.out)
        return
    if args.cells:
        if args.data is None:
            raise SystemExit("--cells needs --data: a data folder already extracted, with its item tables and slices")
        run_cells(args.cells, args.data)
        return
    from briefing.analysis.data import load_corpus
    from briefing.analysis.export import write_outcomes
    from briefing.analysis.slices import write_slices
    from briefing.extraction.extract import ExtractOptions, run_extraction

    data = args.data
    if data is None:
        corpus = make_corpus(HERE / "out" / f"corpus-{args.articles}", args.articles)
        data = HERE / "out" / f"processed-{args.articles}"
        run_extraction(ExtractOptions(seeds=corpus, out=data, jobs=2))
    t0 = time.perf_counter()
    corpus = load_corpus(data)  # as the build does: one load for the item tables and the slices
    t_load = time.perf_counter() - t0
    if not (data / "outcomes.csv").is_file():
        write_outcomes(data, corpus=corpus)
    t_items = time.perf_counter() - t0 - t_load
    counts = write_slices(data, corpus=corpus)
    took = time.perf_counter() - t0
    print(f"{len(corpus.articles):,} articles, {len(corpus.sentences):,} sentences: loaded in {t_load:.1f} s, item tables "
          f"in {t_items:.1f} s (the item statements every kernel computed before), slices in {took - t_load - t_items:.1f} s "
          f"(load average {os.getloadavg()[0]:.1f})")
    print(f"sentences per theme slice: {', '.join(f'{t} {c:,}' for t, c in counts.items())}")
    del corpus
    work = HERE / "out" / "kernel"
    work.mkdir(parents=True, exist_ok=True)
    runs = [("overview", "")] + [("theme", t) for t in args.themes.split(",") if t]
    modes = ["slices"] + ([] if args.skip_whole else ["whole corpus"])
    seen: dict[tuple, list] = {}
    for mode in modes:
        if mode == "whole corpus":
            os.replace(data / "slices", data / "slices.off")
        try:
            for notebook, theme in runs:
                out = work / f"{theme or notebook}-{mode.replace(' ', '_')}.ipynb"
                load = os.getloadavg()[0]
                r = measure(notebook, theme, data, out)
                seen.setdefault((notebook, theme), []).append(outputs(out))
                print(f"{mode:12s} {notebook:8s} {theme:10s} {r['seconds']:6.1f} s wall  kernel {r['kernel_cpu']:6.1f} s cpu, "
                      f"peak {r['peak_mb']:6.0f} MB  (papermill {r['papermill_cpu']:.1f} s cpu, all {r['cpu']:.1f} s cpu; "
                      f"load average {load:.1f} before, {os.getloadavg()[0]:.1f} after)", flush=True)
        finally:
            if mode == "whole corpus":
                shutil.rmtree(data / "slices", ignore_errors=True)
                os.replace(data / "slices.off", data / "slices")
    if len(modes) == 2:
        for (notebook, theme), (a, b) in seen.items():
            print(f"{notebook} {theme}: outputs {'identical' if a == b else 'DIFFERENT'} with and without slices")


if __name__ == "__main__":
    main()
