"""Benchmark: the theme and overview notebooks on the 10,000-article synthetic corpus.

Extracts the corpus made by bench/extract.py (cached), then executes each notebook once with
papermill and prints the time per notebook and the size of its output (it must stay readable:
tables are capped, charts summarise).

Run: .venv/bin/python bench/notebooks.py [--articles N] [--themes energy,trade]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import nbformat  # noqa: E402
import papermill as pm  # noqa: E402
from synthetic import make_corpus  # noqa: E402

from briefing import paths  # noqa: E402
from briefing.extraction.extract import ExtractOptions, run_extraction  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--themes", default="energy,defence,trade")
    args = ap.parse_args()
    corpus = make_corpus(HERE / "out" / f"corpus-{args.articles}", args.articles)
    data = HERE / "out" / f"processed-{args.articles}"
    t0 = time.perf_counter()
    run_extraction(ExtractOptions(seeds=corpus, out=data, jobs=2))
    print(f"extraction of {args.articles:,} articles (cached after the first run): {time.perf_counter() - t0:.1f} s")
    runs = [("overview", {})] + [("theme", {"theme": t}) for t in args.themes.split(",")]
    for name, params in runs:
        out = HERE / "out" / f"nb-{params.get('theme', name)}.ipynb"
        t0 = time.perf_counter()
        pm.execute_notebook(str(paths.NOTEBOOKS / f"{name}.ipynb"), str(out), kernel_name="briefing",
                            parameters={**params, "seeds": str(corpus), "data_dir": str(data), "as_of": "2025-12-08"},
                            cwd=str(paths.NOTEBOOKS), progress_bar=False)
        took = time.perf_counter() - t0
        nb = nbformat.read(out, as_version=4)
        html = sum(len(o.get("data", {}).get("text/html", "")) for c in nb.cells if c.cell_type == "code" for o in c.outputs)
        rows = sum(o.get("data", {}).get("text/html", "").count("<tr>") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
        print(f"{name:8s} {params.get('theme', ''):10s} {took:6.1f} s   output {html / 1e3:6.0f} kB, {rows} table rows")


if __name__ == "__main__":
    main()
