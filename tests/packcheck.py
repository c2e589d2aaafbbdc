"""Print-production checks on a built briefing pack, shared by the tests (and usable by hand).

``python tests/packcheck.py reports/briefing-pack.pdf`` prints every page's fill, the report
each starts, the pages under a third full, the headings stranded at the foot of a page and the
reading matter set under 8pt on the first three pages (the five-minute read).
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


PT_PER_MM = 72 / 25.4
BODY_MM = A4_MM - 2 * MARGIN_MM
# Room a heading needs below its top on its page: an h2 and two lines (or a table's header and first row); a
# report's title with its facts, the next heading and a line.
NEEDS_MM = {0: 45, 1: 14}


def headings(pdf: Path) -> list[tuple[int, str, int, float]]:
    """Every bookmark (level, title, 0-based page, mm from the top of the page body to the heading's top)."""
    reader = PdfReader(pdf)
    out = []

    def walk(items, level):
        for o in items:
            if isinstance(o, list):
                walk(o, level + 1)
            else:
                top = float(o.get("/Top") or 0)
                mm = (float(reader.pages[0].mediabox.height) - top) / PT_PER_MM - MARGIN_MM
                out.append((level, o.title, reader.get_destination_page_number(o), mm))

    walk(reader.outline, 0)
    return out


def stranded_headings(pdf: Path, fills: list[float] | None = None) -> list[tuple[int, str]]:
    """Headings (page 1-based, title) at the foot of a page: too little of the page follows them.

    A heading is stranded when what is printed below its top on its page (measured from the page's
    last ink, see :func:`page_fill`) is less than :data:`NEEDS_MM` and the next page goes on with it.
    """
    fills = page_fill(pdf) if fills is None else fills
    out = []
    for level, title, page, mm in headings(pdf):
        below = fills[page] * BODY_MM - mm
        if below < NEEDS_MM.get(level, 14) and page + 1 < len(fills):
            out.append((page + 1, title))
    return out


def pages_of(pdf: Path, titles: list[str]) -> dict[str, int]:
    """The 1-based page of the first bookmark with each title."""
    found: dict[str, int] = {}
    for _level, title, page, _mm in headings(pdf):
        if title in titles:
            found.setdefault(title, page + 1)
    return found


def underfilled_pages(pdf: Path, least: float = 1 / 3, fills: list[float] | None = None) -> list[tuple[int, float]]:
    """Pages (1-based) less than ``least`` full that are not the last page of a report or the cover."""
    fills = page_fill(pdf) if fills is None else fills
    starts = report_starts(pdf)
    lasts = {s - 1 for s in starts} | {len(fills) - 1}
    return [(i + 1, round(f, 2)) for i, f in enumerate(fills) if f < least and i not in lasts and i > 0]


def text_sizes(pdf: Path, pages: range) -> list[tuple[int, float, str]]:
    """The text runs in the page bodies of ``pages`` (0-based): (1-based page, size in pt as printed, text).

    Running headers and footers (in the top and bottom margins) and pages the PDF does not have are left out.
    """
    import math

    reader = PdfReader(pdf)
    out: list[tuple[int, float, str]] = []
    for i in (i for i in pages if i < len(reader.pages)):
        height = float(reader.pages[i].mediabox.height)

        def visit(text, cm, tm, _font, size, page=i + 1, height=height):
            x = [tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5]]
            from_top = (height - x[1]) / PT_PER_MM
            if text.strip() and MARGIN_MM < from_top < A4_MM - MARGIN_MM:
                scale = math.hypot(tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3])
                out.append((page, round(size * scale, 1), " ".join(text.split())))

        reader.pages[i].extract_text(visitor_text=visit)
    return out


def small_type(pdf: Path, pages: range, least: float = 8.0, words: int = 3,
               runs: list[tuple[int, float, str]] | None = None) -> list[tuple[int, float, str]]:
    """Text runs of ``words`` words or more printed under ``least`` pt in the page bodies of ``pages``.

    Citation marks ("[3]"), short runs, labels set in capitals ("SOURCES DISCUSSING IT", as tall as
    8pt lower case) and the running header and footer may be smaller; reading matter may not.
    ``runs`` are :func:`text_sizes` already read.
    """
    return [r for r in (text_sizes(pdf, pages) if runs is None else runs)
            if r[1] < least - 0.05 and len(r[2].split()) >= words and not r[2].isupper()]


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


def source_files(text: str) -> dict[int, str]:
    """The entries of the last numbered Sources list in a PDF's text: number -> the article's file name."""
    headings = list(re.finditer(r"^Sources$", text, re.M))
    part = text[headings[-1].end():] if headings else ""
    entries = re.split(r"^\[(\d+)\]", part, flags=re.M)[1:]
    return {int(n): m.group(1) for n, body in zip(entries[::2], entries[1::2]) if (m := re.search(r"file (\S+)", body))}


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
    print("headings at the foot of a page:", stranded_headings(path))
    print("reading matter under 8pt on pages 1-3:", small_type(path, range(3)))
