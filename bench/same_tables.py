"""Check: extraction writes the same exported tables, byte for byte, as a reference run (issue 11).

Speed work on extraction must not change one output byte. Run the reference code once to write
reference tables, then this branch's code against them:

    PYTHONPATH=/path/to/reference/code python bench/same_tables.py CORPUS OUT_REF
    PYTHONPATH=. python bench/same_tables.py CORPUS OUT --against OUT_REF

``--themes`` etc. default to the project's data/ files (the same for both runs). Every exported
CSV is compared by bytes and every Parquet file by its rows and schema (its footer names the
writing library's version). Exit status 1 when any table differs.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from briefing import paths
from briefing.extraction.extract import ExtractOptions, run_extraction
from briefing.tables import COLUMNS


def differences(out: Path, ref: Path) -> list[str]:
    """The exported files of ``out`` that differ from those of ``ref``."""
    import pyarrow.parquet as pq

    bad = []
    for name in COLUMNS:
        if (out / f"{name}.csv").read_bytes() != (ref / f"{name}.csv").read_bytes():
            bad.append(f"{name}.csv")
        if not pq.read_table(out / f"{name}.parquet").equals(pq.read_table(ref / f"{name}.parquet"),
                                                              check_metadata=True):
            bad.append(f"{name}.parquet")
    return bad


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--against", type=Path, help="reference output folder to compare with")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--themes", type=Path, default=paths.THEMES_FILE)
    args = ap.parse_args()
    t0 = time.perf_counter()
    run_extraction(ExtractOptions(seeds=args.corpus, out=args.out, themes=args.themes, jobs=args.jobs, force=True))
    print(f"{args.corpus}: extracted in {time.perf_counter() - t0:.1f} s into {args.out}")
    if args.against is None:
        return 0
    bad = differences(args.out, args.against)
    print(f"  against {args.against}: " + (f"DIFFERENT: {', '.join(bad)}" if bad else "every table identical"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
