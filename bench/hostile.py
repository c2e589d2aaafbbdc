"""Benchmark: extraction of long unpunctuated text must grow linearly with its size.

A 5 MB article without a full stop took over 10 minutes before over-long runs were cut into
bounded pieces (200 KB 5 s, 400 KB 16 s, 800 KB 58 s: quadratic). Run:
.venv/bin/python bench/hostile.py. Aim: 5 MB in under 10 s, and time per MB roughly constant.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from briefing import paths  # noqa: E402
from briefing.config import load_config  # noqa: E402
from briefing.extraction.extract import Extractor  # noqa: E402

WORDS = "energy oil trade India summit defence rupee payment labour nuclear agreement minister said the of and".split()


def text_of(n_bytes: int) -> str:
    words, size, i = [], 0, 0
    while size < n_bytes:
        w = WORDS[(i * 7) % len(WORDS)]
        words.append(w)
        size += len(w) + 1
        i += 1
    return " ".join(words)


def main() -> None:
    ex = Extractor(load_config(paths.THEMES_FILE, paths.ENTITIES_FILE, paths.MEASURES_FILE))
    rates = []
    for mb in (0.2, 0.8, 2, 5):
        text = text_of(int(mb * 1_000_000))
        t0 = time.perf_counter()
        rows = ex.article("long", text)
        took = time.perf_counter() - t0
        rates.append(took / mb)
        print(f"{mb:>4} MB unpunctuated: {took:6.2f} s ({took / mb:.2f} s/MB), {len(rows['sentences']):,} pieces")
    print(f"time per MB, largest / smallest: {max(rates) / min(rates):.1f}x (linear: about 1x); "
          f"5 MB {'under' if rates[-1] * 5 < 10 else 'OVER'} 10 s")


if __name__ == "__main__":
    main()
