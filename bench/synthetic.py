"""A synthetic corpus for benchmarks: articles made by recombining the seed articles' paragraphs."""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing import paths  # noqa: E402
from briefing.extraction.corpus import article_paths  # noqa: E402


def make_corpus(dest: Path, n_articles: int = 10_000, seed: int = 7) -> Path:
    """Write ``n_articles`` articles into ``dest`` (reused if it already holds that many)."""
    dest.mkdir(parents=True, exist_ok=True)
    if len(list(dest.glob("*.txt"))) == n_articles:
        return dest
    for old in dest.glob("*.txt"):
        old.unlink()
    paragraphs = []
    for path in article_paths(paths.SEEDS):
        paragraphs += [p for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
    rng = random.Random(seed)
    for i in range(n_articles):
        k = rng.randint(25, 45)
        body = rng.sample(paragraphs, k)
        # a unique opening line keeps every article distinct (no duplicates to drop)
        text = f"Synthetic briefing article number {i} on the India–Russia summit.\n" + "\n".join(body) + "\n"
        (dest / f"syn_{i:05d}.txt").write_text(text, encoding="utf-8")
    return dest
