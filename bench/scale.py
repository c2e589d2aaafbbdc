"""Benchmark: extraction throughput on a Dask LocalCluster with 1 and 2 workers, and what 1M articles would take.

Extracts the same synthetic corpus from scratch on a LocalCluster of one worker, then of two
(one thread each), through the build's own path (``ExtractOptions.pool`` = the cluster's
executor). Prints wall time, articles per second, the scaling ratio, the share of the run that
stays on the build machine (reading and checking files, assembling the tables), and an estimate
for one million articles on a cluster of ten such nodes from the measured per-article cost.

Run: .venv/bin/python bench/scale.py [--articles N] [--nodes 10] [--cores-per-node 2]
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synthetic import make_corpus  # noqa: E402

from briefing.extraction import extract  # noqa: E402
from briefing.extraction.extract import ExtractOptions, run_extraction  # noqa: E402


def timed_extraction(seeds: Path, workers: int) -> tuple[float, float]:
    """Wall time of a fresh extraction on a ``workers``-worker LocalCluster, and the part spent in the chunks."""
    from distributed import Client, LocalCluster

    out = Path(tempfile.mkdtemp(prefix="scale-"))
    chunk_time = 0.0
    original = extract.update_store

    def update_store(*args, **kwargs):  # the distributed part: extracting the chunks on the workers
        nonlocal chunk_time
        t0 = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            chunk_time = time.perf_counter() - t0

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        client.run(lambda: __import__("briefing.extraction.extract"))  # imports are not the work measured
        extract.update_store = update_store
        try:
            t0 = time.perf_counter()
            run_extraction(ExtractOptions(seeds=seeds, out=out, jobs=workers, force=True, pool=client.get_executor()))
            wall = time.perf_counter() - t0
        finally:
            extract.update_store = original
    shutil.rmtree(out, ignore_errors=True)
    return wall, chunk_time


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--nodes", type=int, default=10)
    ap.add_argument("--cores-per-node", type=int, default=2)
    ap.add_argument("--corpus", type=Path, default=Path(tempfile.gettempdir()) / "briefing-bench-scale")
    args = ap.parse_args()
    seeds = make_corpus(args.corpus, args.articles)
    print(f"{args.articles} synthetic articles; load average before: {os.getloadavg()[0]:.1f}")
    runs = {}
    for workers in (1, 2):
        wall, chunks = timed_extraction(seeds, workers)
        runs[workers] = (wall, chunks)
        print(f"{workers} worker(s): {wall:.1f} s wall ({args.articles / wall:.0f} articles/s), chunks on the workers "
              f"{chunks:.1f} s ({args.articles / chunks:.0f} articles/s), on the build machine {wall - chunks:.1f} s; "
              f"load average now {os.getloadavg()[0]:.1f}")
    (w1, c1), (w2, c2) = runs[1], runs[2]
    ratio, chunk_ratio = w1 / w2, c1 / c2
    per_article = c1 / args.articles  # one worker's seconds per article
    serial_per_article = ((w1 - c1) + (w2 - c2)) / 2 / args.articles  # the build machine's share
    efficiency = chunk_ratio / 2
    cores = args.nodes * args.cores_per_node
    million = 1_000_000
    distributed_s = million * per_article / (cores * min(1.0, efficiency))
    serial_s = million * serial_per_article
    print(f"scaling 1 -> 2 workers: {ratio:.2f}x overall, {chunk_ratio:.2f}x for the chunks (efficiency {efficiency:.0%})")
    print(f"per article: {per_article * 1000:.1f} ms on one worker; {serial_per_article * 1000:.2f} ms on the build "
          "machine (not distributed)")
    print(f"estimate, {million:,} articles on {args.nodes} nodes x {args.cores_per_node} cores: chunks "
          f"{distributed_s / 60:.0f} min at the measured efficiency, plus {serial_s / 60:.0f} min on the build machine "
          f"= {(distributed_s + serial_s) / 60:.0f} min")


if __name__ == "__main__":
    main()
