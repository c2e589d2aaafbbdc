"""Print-production checks on a built briefing pack, shared by the tests (and usable by hand).

``python tests/packcheck.py reports/briefing-pack.pdf`` prints every page's fill and the report
each starts or ends.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from pypdf import PdfReader

MARGIN_MM = 20  # the top and bottom page margins of print.css: running header and footer live there
A4_MM = 297


def page_fill(pdf: Path, dpi: int = 20) -> list[float]:
    """How far down each page's body the content reaches, 0–1 (rendered with poppler's pdftoppm)."""
    from PIL import Image

    if not shutil.which("pdftoppm"):
        raise RuntimeError("pdftoppm (poppler-utils) is needed to measure page fill")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), str(pdf), f"{tmp}/p"], check=True)
        fills = []
        for png in sorted(Path(tmp).glob("p-*.pgm"), key=lambda p: int(p.stem.split("-")[1])):
            im = Image.open(png)
            w, h = im.size
            top, bottom = round(h * MARGIN_MM / A4_MM), round(h * (A4_MM - MARGIN_MM) / A4_MM)
            px = im.load()
            last = top
            for y in range(top, bottom):
                if any(px[x, y] < 200 for x in range(w)):
                    last = y
            fills.append((last - top) / (bottom - top))
    return fills


def report_starts(pdf: Path) -> list[int]:
    """The 0-based page where each top-level bookmark (a report, the sources list) starts."""
    reader = PdfReader(pdf)
    return [reader.get_destination_page_number(o) for o in reader.outline if not isinstance(o, list)]


def underfilled_pages(pdf: Path, least: float = 1 / 3) -> list[tuple[int, float]]:
    """Pages (1-based) less than ``least`` full that are not the last page of a report or the cover."""
    fills = page_fill(pdf)
    starts = report_starts(pdf)
    lasts = {s - 1 for s in starts} | {len(fills) - 1}
    return [(i + 1, round(f, 2)) for i, f in enumerate(fills) if f < least and i not in lasts and i > 0]


def sentences(text: str) -> list[str]:
    """The sentences of a block of text, citation marks removed; fragments under six words dropped."""
    out = []
    for s in re.split(r"(?<=[.!?”])\s+(?=[A-Z“‘\"'])", " ".join(text.split())):
        s = re.sub(r"(\s*\[\d+\])+", "", s).strip(" “”\"")
        if len(s.split()) >= 6:
            out.append(s)
    return out


def repeated_sentences(markup: str, most: int = 2) -> dict[str, int]:
    """Sentences the HTML prints more than ``most`` times, counted per text block (cell, item, paragraph)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    for t in soup(["style", "script"]):
        t.decompose()
    counts: Counter[str] = Counter()
    blocks = ["p", "li", "td", "th", "dd", "figcaption", "h1", "h2", "h3", "blockquote"]
    for el in soup.find_all(blocks):
        if el.find(blocks + ["table", "ol", "ul"]):
            continue  # only the innermost blocks, so nothing is counted twice
        counts.update(sentences(el.get_text(" ")))
    return {s: n for s, n in counts.items() if n > most}


def source_list(text: str) -> dict[int, str]:
    """The entries of the last numbered Sources list in a PDF's text: number -> the entry's first line."""
    headings = list(re.finditer(r"^Sources$", text, re.M))
    part = text[headings[-1].end():] if headings else ""
    return {int(n): title.strip() for n, title in re.findall(r"^\[(\d+)\]\s*(.+)$", part, re.M)}


if __name__ == "__main__":
    path = Path(sys.argv[1])
    starts = set(report_starts(path))
    for i, f in enumerate(page_fill(path)):
        print(f"page {i + 1:3d}  {f:4.0%}{'  <- report starts' if i in starts else ''}")
    print("under a third full (not a report's last):", underfilled_pages(path))
