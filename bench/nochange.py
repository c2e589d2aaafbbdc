"""Benchmark: a build where nothing changed, and a build after one article is added or edited (issue 11).

For each corpus size: a first build (extraction, data digests, every report), then timed builds as
a user runs them (``python -m briefing build`` in its own process, interpreter start-up included):

- no change, three times (the best and the median are printed);
- one article edited in the middle of the corpus, then one article added: the whole build, and
  from its log the extraction and data-digest steps and which reports were rebuilt.

Reports run ``--notebooks light`` by default: two notebooks that read nothing, so the figures are
what change detection, extraction, digests and the build's machinery cost, whatever the reports do
(making the reports themselves read only their slice is another part of issue 11). ``--notebooks
project`` runs the project's own. The corpus is restored at the end (the edit undone, the added
article removed).

Run: .venv/bin/python bench/nochange.py --articles 10000 [--articles 100000] [--workdir DIR]
Aims (issue 11): no change under 0.5 s at 10,000 articles and under 2 s at 100,000; the build after
one added or edited article at 10,000 under 15 s.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from synthetic import make_corpus  # noqa: E402

AS_OF = "2025-12-08"


def light_notebooks(folder: Path) -> Path:
    """A theme and an overview notebook that take the build's parameters and read nothing."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, params in (("theme.ipynb", 'theme = "x"\nseeds = ""\nas_of = ""\ndata_dir = ""'),
                         ("overview.ipynb", 'seeds = ""\nas_of = ""\ndata_dir = ""')):
        nb = new_notebook()
        cell = new_code_cell(params)
        cell.metadata["tags"] = ["parameters"]
        audit = new_code_cell("from briefing.reporting.audit import Audit\nAudit({}, {}).verify()")
        nb.cells = [cell, new_markdown_cell("## Section\n\nText."), audit]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, folder / name)
    return folder


def build(seeds: Path, out: Path, notebooks: Path) -> tuple[float, str]:
    """Run one build in its own process; return its wall time and its log (stderr), the CPU time appended.

    The CPU time (user+sys of the build and every process it starts: workers, kernels) is less
    affected than wall time by other work on the machine.
    """
    cmd = [sys.executable, "-m", "briefing", "build", "--seeds", str(seeds), "--out", str(out), "--notebooks",
           str(notebooks), "--formats", "html", "--as-of", AS_OF]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    took = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    if proc.returncode not in (0, 1):  # 1: an article rejected or a report failed; the build still finished
        sys.exit(f"build failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return took, f"{proc.stderr}\nbench: cpu {cpu:.2f} s\n"


def steps(log: str) -> str:
    """The build log's figures: extraction and digest times, reports rebuilt."""
    out = []
    for pattern, label in ((r"extraction: (\d+ of \d+ articles to extract)", "{}"),
                           (r"data digests: .*? in ([\d.]+) s", "digests {} s"),
                           (r"tracked items written in ([\d.]+) s", "tracked items {} s"),
                           (r"corpus loaded for the slices in ([\d.]+) s", "corpus loaded {} s"),
                           (r"slices written in ([\d.]+) s", "slices (with loading) {} s"),
                           (r"extraction step: ([\d.]+) s", "extraction step {} s")):
        m = re.search(pattern, log)
        if m:
            out.append(label.format(m.group(1)))
    m = re.search(r"(\d+) built, (\d+) skipped", log)
    if m:
        out.append(f"{m.group(1)} report(s) rebuilt, {m.group(2)} skipped")
    m = re.search(r"bench: cpu ([\d.]+) s", log)
    if m:
        out.insert(0, f"cpu {m.group(1)} s")
    return "; ".join(out) or "(no step lines in the log)"


def run(n: int, workdir: Path, notebooks: Path) -> None:
    seeds = make_corpus(workdir / f"corpus-{n}", n)
    out = workdir / f"reports-{n}"
    print(f"{n:,} articles; load average {os.getloadavg()[0]:.1f}", flush=True)
    took, log = build(seeds, out, notebooks)
    print(f"  first build (or catching up)            {took:8.2f} s   {steps(log)}", flush=True)
    times = [build(seeds, out, notebooks)[0] for _ in range(3)]
    print(f"  no change: best {min(times):.2f} s, median {statistics.median(times):.2f} s "
          f"(aim: under {0.5 if n <= 10_000 else 2.0} s); load average {os.getloadavg()[0]:.1f}", flush=True)
    files = sorted(seeds.glob("*.txt"))
    edited = files[len(files) // 2]
    original = edited.read_bytes()
    added = seeds / "zz_added.txt"
    try:
        edited.write_text(original.decode("utf-8") + "\nOfficials said the talks on fertiliser supply would go on.\n",
                          encoding="utf-8")
        took, log = build(seeds, out, notebooks)
        print(f"  build after one edited article (HTML)   {took:8.2f} s   {steps(log)}", flush=True)
        added.write_text(files[0].read_text(encoding="utf-8").replace("Synthetic", "Added"), encoding="utf-8")
        took, log = build(seeds, out, notebooks)
        print(f"  build after one added article (HTML)    {took:8.2f} s   {steps(log)} (aim: under 15 s at 10,000); "
              f"load average {os.getloadavg()[0]:.1f}", flush=True)
    finally:
        edited.write_bytes(original)
        added.unlink(missing_ok=True)
    took, log = build(seeds, out, notebooks)
    print(f"  back to the original corpus             {took:8.2f} s   {steps(log)}; "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)


def detect(n: int, workdir: Path, corpus: Path | None = None) -> float:
    """Change detection alone, in this process, as a no-change build does it: scan the folder (one ``lstat`` per
    file), compare its digest with the recorded scan summary, then the cache key. Also times the per-file path
    (``read_checked``: load ``files.json``, one check per file), which a build takes after any change.
    Returns the median of three no-change runs, wall time (CPU time is printed too)."""
    from briefing.extraction.checks import RACY_NS, ExtractOptions, cache_key, check_corpus, read_checked

    seeds = corpus or make_corpus(workdir / f"corpus-{n}", n)
    n = len(os.listdir(seeds))
    # a file written within the racy window is not recorded (it is read again next time): wait it out,
    # or a corpus made just now would never take the no-change path
    newest = max(e.stat().st_mtime_ns for e in os.scandir(seeds))
    time.sleep(max(0.0, (newest + RACY_NS - time.time_ns()) / 1e9 + 0.1))
    store = workdir / f"detect-{n}"
    shutil.rmtree(store, ignore_errors=True)
    t0 = time.perf_counter()
    read_checked(seeds, 2_000_000, 2, store)  # reads and hashes every file, and records the checks
    first = time.perf_counter() - t0

    def timed(step) -> tuple[float, float]:
        walls, cpus = [], []
        for _ in range(3):
            t0, c0 = time.perf_counter(), time.process_time()
            step()
            walls.append(time.perf_counter() - t0)
            cpus.append(time.process_time() - c0)
        return statistics.median(walls), statistics.median(cpus)

    def summary() -> None:
        checked = check_corpus(seeds, 2_000_000, 2, store)
        assert checked.articles is None, "the scan summary was not used (a file inside the racy window?)"
        cache_key(ExtractOptions(seeds=seeds), checked)

    wall, cpu = timed(summary)
    per_file = timed(lambda: cache_key(ExtractOptions(seeds=seeds), read_checked(seeds, 2_000_000, 2, store)))
    shutil.rmtree(store, ignore_errors=True)
    print(f"{n:,} articles, change detection alone: first (reads and hashes every file) {first:.2f} s; "
          f"nothing changed (scan + summary): median {wall:.3f} s wall, {cpu:.3f} s CPU; "
          f"per-file checks (files.json, after a change): median {per_file[0]:.3f} s wall, {per_file[1]:.3f} s CPU; "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)
    return wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, action="append", help="corpus size (repeat for several; default 10000)")
    ap.add_argument("--workdir", type=Path, default=HERE / "out" / "nochange")
    ap.add_argument("--notebooks", choices=("light", "project"), default="light")
    ap.add_argument("--detect-only", type=int, action="append", default=[], metavar="N",
                    help="time change detection alone (no build) on N articles, e.g. 100000 when a full first build "
                    "of that size is out of reach")
    ap.add_argument("--corpus", type=Path, action="append", default=[], metavar="DIR",
                    help="time change detection on this existing folder of articles (only read, never written)")
    args = ap.parse_args()
    for n in args.detect_only:
        detect(n, args.workdir)
    for folder in args.corpus:
        detect(0, args.workdir, folder)
    if args.corpus and not args.articles:
        return
    if args.detect_only and not args.articles:
        return
    notebooks = light_notebooks(args.workdir / "notebooks") if args.notebooks == "light" else ROOT / "notebooks"
    for n in args.articles or [10_000]:
        run(n, args.workdir, notebooks)
    shutil.rmtree(args.workdir / "notebooks", ignore_errors=True)


if __name__ == "__main__":
    main()
