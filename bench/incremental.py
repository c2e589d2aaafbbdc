"""Benchmark: what a change costs in a large corpus (issue 11).

Extracts N synthetic articles from scratch, then measures a run with no change, one added
article, one edited article and one removed article, checking each time that the tables equal a
fresh extraction (byte for byte) on the final state.

Run: .venv/bin/python bench/incremental.py [--articles N] [--jobs J]
Aims (issue 11): adding or editing one article re-extracts that article only; whole-corpus
extraction of 10,000 articles under 20 s on two cores with peak memory under 1 GB.
"""

from __future__ import annotations

import argparse
import logging
import resource
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synthetic import make_corpus  # noqa: E402

from briefing.extraction.extract import ExtractOptions, run_extraction  # noqa: E402
from briefing.tables import COLUMNS  # noqa: E402


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


class Counter(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.last = ""

    def emit(self, record):
        if "to extract" in record.getMessage():
            self.last = record.getMessage()


def timed(label: str, opts: ExtractOptions, counter: Counter) -> float:
    counter.last = ""
    t0 = time.perf_counter()
    run_extraction(opts)
    took = time.perf_counter() - t0
    print(f"{label:<34} {took:7.2f} s   {counter.last.removeprefix('extraction: ') or 'tables reused (cache)'}")
    return took


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    src = make_corpus(HERE / "out" / f"corpus-{args.articles}", args.articles)
    corpus = HERE / "out" / "incremental-corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.copytree(src, corpus)
    out = HERE / "out" / "incremental-processed"
    shutil.rmtree(out, ignore_errors=True)
    counter = Counter()
    log = logging.getLogger("briefing")
    log.addHandler(counter)
    log.setLevel(logging.INFO)
    opts = ExtractOptions(seeds=corpus, out=out, jobs=args.jobs)
    print(f"{args.articles:,} synthetic articles, {args.jobs} workers")
    timed("from scratch", opts, counter)
    print(f"{'':<34} peak memory {peak_mb():,.0f} MB (largest process)")
    timed("no change", opts, counter)
    files = sorted(corpus.glob("*.txt"))
    (corpus / "zz_added.txt").write_text(files[0].read_text(encoding="utf-8").replace("Synthetic", "Added"),
                                         encoding="utf-8")
    timed("one article added", opts, counter)
    files[len(files) // 2].write_text(files[len(files) // 2].read_text(encoding="utf-8") + "\nOne more line.\n",
                                      encoding="utf-8")
    timed("one article edited", opts, counter)
    files[-1].unlink()
    timed("one article removed", opts, counter)
    fresh = HERE / "out" / "incremental-fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    t0 = time.perf_counter()
    run_extraction(ExtractOptions(seeds=corpus, out=fresh, jobs=args.jobs))
    print(f"{'fresh extraction of the final state':<34} {time.perf_counter() - t0:7.2f} s")
    same = all((out / f"{n}.csv").read_bytes() == (fresh / f"{n}.csv").read_bytes() for n in COLUMNS)
    print(f"incremental tables equal the fresh ones: {same}")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
