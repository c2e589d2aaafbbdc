"""Benchmark: the item statements (``outcomes.statements``) per sentence, on a synthetic corpus.

Extracts a synthetic corpus (bench/synthetic.py; cached under ``--work``), loads it, then computes
the item statements ``--repeat`` times from scratch and prints the best run: wall and CPU seconds,
microseconds per body sentence and seconds per 1,000 articles, split into the steps (the watch
list's mentions, discovered deliverables, the rest: classification, timing, names and themes), with
the load average, since on a shared machine wall times say as much about the load as about the code.

``--save FILE`` writes the statements (a pickle) and ``--compare FILE`` checks them against such a
file, so that two versions of the code (e.g. main's, run with PYTHONPATH pointing at its checkout)
can be shown to give identical rows on the same corpus.

Run: .venv/bin/python bench/statements.py [--articles 1000] [--work DIR] [--save F | --compare F]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synthetic import make_corpus  # noqa: E402


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--work", type=Path, default=HERE / "out", help="where the synthetic corpus and its tables are kept")
    ap.add_argument("--data", type=Path, help="a data folder already extracted (default: extract the synthetic corpus)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--save", type=Path, help="write the statements to this pickle")
    ap.add_argument("--compare", type=Path, help="check the statements equal this pickle's")
    args = ap.parse_args()
    import pandas as pd

    from briefing.analysis import items as items_mod
    from briefing.analysis import outcomes
    from briefing.analysis.data import load_corpus
    from briefing.extraction.extract import ExtractOptions, run_extraction

    data = args.data
    if data is None:
        corpus_dir = make_corpus(args.work / f"corpus-{args.articles}", args.articles)
        data = args.work / f"processed-{args.articles}"
        run_extraction(ExtractOptions(seeds=corpus_dir, out=data, jobs=2))
    corpus = load_corpus(data)
    n_art = len(corpus.articles)
    n_body = int((corpus.sentences.block != "heading").sum())
    # the steps, timed by wrapping the functions _statements calls (looked up in its module at call time)
    spent = {"mentions": 0.0, "discover": 0.0}
    real = {name: getattr(outcomes, name) for name in spent}

    def timed(name):
        def run(*a, **k):
            t = _cpu()
            try:
                return real[name](*a, **k)
            finally:
                spent[name] += _cpu() - t
        return run

    best = None
    for _ in range(args.repeat):
        corpus.memo.clear()
        items_mod._matcher.cache_clear()
        for name in spent:
            spent[name] = 0.0
            setattr(outcomes, name, timed(name))
        try:
            w, c = time.perf_counter(), _cpu()
            st = outcomes.statements(corpus)
            w, c = time.perf_counter() - w, _cpu() - c
        finally:
            for name, fn in real.items():
                setattr(outcomes, name, fn)
        if best is None or c < best[1]:
            best = (w, c, dict(spent))
    w, c, parts = best
    load = os.getloadavg()[0]
    print(f"{n_art:,} articles, {n_body:,} body sentences, {len(st):,} statements; best of {args.repeat} "
          f"(load average {load:.2f})")
    print(f"statements: {w:.2f} s wall, {c:.2f} s cpu = {c / n_body * 1e6:.1f} µs cpu per sentence, "
          f"{c / n_art * 1000:.1f} s cpu per 1,000 articles")
    rest = c - sum(parts.values())
    print("  " + ", ".join(f"{k} {v:.2f} s ({v / n_body * 1e6:.1f} µs/sentence)" for k, v in [*parts.items(), ("rest", rest)]))
    if args.save:
        st.to_pickle(args.save)
        print(f"saved to {args.save}")
    if args.compare:
        other = pd.read_pickle(args.compare)
        try:
            pd.testing.assert_frame_equal(st, other, check_exact=True)
        except AssertionError as e:
            raise SystemExit(f"statements DIFFER from {args.compare}: {e}") from None
        print(f"statements identical to {args.compare} ({len(other):,} rows)")


if __name__ == "__main__":
    main()
