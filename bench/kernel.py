"""Benchmark: one report kernel on a large corpus, reading its slice against reading the whole corpus.

Extracts a synthetic corpus (bench/synthetic.py; cached), writes the item tables and the slices as
the build does, then executes the overview and theme notebooks with papermill, each in a fresh
process whose only child is the kernel, twice: with the slices (what the build does now) and with
the slices folder moved aside (every kernel reads every table, as before issue 11). Prints, per
report and mode, the notebook's wall time and the kernel's peak memory (``ru_maxrss`` of the
process's children), whether both modes gave the same outputs, and the load average, since on a
shared machine the times say as much about the load as about the code.

Run: .venv/bin/python bench/kernel.py [--articles 10000] [--themes energy,defence] [--data DIR]
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


def run_one(notebook: str, theme: str, data: Path, out: Path) -> None:
    """Execute one notebook (in this process, its kernel our only child); print time and the kernel's peak memory."""
    import papermill as pm

    params = {"data_dir": str(data), "as_of": AS_OF, **({"theme": theme} if theme else {})}
    t0 = time.perf_counter()
    pm.execute_notebook(str(paths.NOTEBOOKS / f"{notebook}.ipynb"), str(out), kernel_name="briefing", parameters=params,
                        cwd=str(paths.NOTEBOOKS), progress_bar=False)
    took = time.perf_counter() - t0
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # kilobytes on Linux: the kernel's peak
    print(json.dumps({"seconds": took, "peak_mb": peak_kb / 1024}))


def outputs(path: Path) -> list:
    """The executed notebook's outputs (what the report shows), without execution counts and timings."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [[o.get("data", o.get("text")) for o in c.get("outputs", [])] for c in nb["cells"] if c["cell_type"] == "code"]


def measure(notebook: str, theme: str, data: Path, out: Path) -> dict:
    """:func:`run_one` in a fresh process; its printed figures."""
    proc = subprocess.run([sys.executable, __file__, "--one", notebook, "--theme", theme, "--data", str(data),
                           "--out", str(out)], capture_output=True, text=True, check=False)
    if proc.returncode:
        raise SystemExit(f"{notebook} {theme}: failed\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--themes", default="energy,defence")
    ap.add_argument("--data", type=Path, help="a data folder already extracted (default: extract the synthetic corpus)")
    ap.add_argument("--skip-whole", action="store_true", help="only the slice mode (the whole corpus takes minutes)")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--theme", default="", help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        run_one(args.one, args.theme, args.data, args.out)
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
                print(f"{mode:12s} {notebook:8s} {theme:10s} {r['seconds']:6.1f} s  kernel peak {r['peak_mb']:6.0f} MB  "
                      f"(load average {load:.1f} before, {os.getloadavg()[0]:.1f} after)", flush=True)
        finally:
            if mode == "whole corpus":
                shutil.rmtree(data / "slices", ignore_errors=True)
                os.replace(data / "slices.off", data / "slices")
    if len(modes) == 2:
        for (notebook, theme), (a, b) in seen.items():
            print(f"{notebook} {theme}: outputs {'identical' if a == b else 'DIFFERENT'} with and without slices")


if __name__ == "__main__":
    main()
