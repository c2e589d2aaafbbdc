"""Editions: each complete build that changes the pack, numbered, with the facts it contains.

The history lives in a state folder (default ``reports/.editions/``) that rebuilds never touch::

    .editions/0003/edition.json   number, date, build id, as-of date, pack key, facts, changes
    .editions/0003/files/         the reader files of that edition (pack, report PDFs and HTML, index)

Only the newest edition keeps its full reader set; older ones keep their pack. The reader files of
the last good edition therefore survive a later build that fails half-way.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError, DistributionError

log = logging.getLogger("briefing")
PACK = "briefing-pack.pdf"
RECORD = "edition.json"


@dataclass(frozen=True)
class Edition:
    """One recorded edition (``record`` is the parsed edition.json)."""

    number: int
    folder: Path
    record: dict

    @property
    def files(self) -> Path:
        """The folder holding the edition's reader files."""
        return self.folder / "files"

    @property
    def pack(self) -> Path:
        """The edition's briefing pack."""
        return self.files / PACK


# --- facts ---------------------------------------------------------------------------------------

def _rows(path: Path) -> list[dict]:
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    except FileNotFoundError:
        raise DataError(f"{path}: missing; run `python -m briefing extract` first.") from None


def _num(text: str) -> str:
    try:
        value = float(text)
    except ValueError:
        return text
    for size, word in ((1e12, " trillion"), (1e9, " billion"), (1e6, " million")):
        if abs(value) >= size:
            return f"{value / size:g}{word}"
    return f"{value:g}"


def figure_value(row: dict) -> str:
    """A figure's value as a reader would write it: ``100``, ``20–30``, with its unit."""
    low, high = _num(row.get("low", "")), _num(row.get("high", ""))
    value = low if low == high or not high else f"{low}–{high}"
    return f"{value} {row.get('unit', '')}".strip()


def read_facts(data_dir: Path) -> dict:
    """The facts an edition contains, from the extracted tables in ``data_dir``.

    ``outcomes`` is None when the data folder has no ``outcomes.csv`` (no tracked outcomes were
    extracted): they are then reported as unavailable, never guessed.
    """
    data_dir = Path(data_dir)
    articles = [{"id": r["article_id"], "title": r["title"], "outlet": r.get("outlet", ""), "published": r.get("published", "")}
                for r in _rows(data_dir / "articles.csv") if r.get("status", "ok") == "ok"]
    outcomes = None
    if (data_dir / "outcomes.csv").exists():
        outcomes = [{"item": r["item"], "status": r.get("status", ""), "timing": r.get("timing", "")}
                    for r in _rows(data_dir / "outcomes.csv")]
    figures = []
    for r in _rows(data_dir / "figures.csv"):
        label = " · ".join(x for x in (r.get("measure", ""), r.get("item", ""), r.get("period", "")) if x)
        figures.append({"label": label or r.get("surface", ""), "labelled": bool(label), "value": figure_value(r),
                        "article": r["article_id"]})
    quotes = [{"speaker": r["speaker"], "quote": r["quote"], "article": r["article_id"]}
              for r in _rows(data_dir / "quotes.csv")]
    return {"articles": articles, "outcomes": outcomes, "figures": figures, "quotes": quotes}


# --- the store -----------------------------------------------------------------------------------

def list_editions(state: Path) -> list[Edition]:
    """Every recorded edition in ``state``, oldest first (folders without a readable record are skipped)."""
    out = []
    for folder in sorted(Path(state).glob("[0-9][0-9][0-9][0-9]")):
        try:
            record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # an edition being written when a build died: never complete, never counted
        out.append(Edition(int(folder.name), folder, record))
    return out


def latest(state: Path) -> Edition | None:
    """The newest edition, or None before the first."""
    editions = list_editions(state)
    return editions[-1] if editions else None


def get(state: Path, number: int | None) -> Edition:
    """Edition ``number`` (None: the newest), or a DistributionError saying what exists."""
    editions = list_editions(state)
    if not editions:
        raise DistributionError(f"{state}: no edition yet; run `python -m briefing build` first (an edition is a "
                                "complete build that changes the pack).")
    if number is None:
        return editions[-1]
    for e in editions:
        if e.number == number:
            return e
    raise DistributionError(f"{state}: no edition {number}; editions are {', '.join(str(e.number) for e in editions)}.")


def reader_files(out: Path, manifest: dict) -> list[Path]:
    """The reader files of the build in ``out``: the pack, each report's PDF and HTML, the index.

    This is the one place that knows which files in the build output readers get; executed
    notebooks, caches, logs and the manifest stay behind.
    """
    names = [PACK, "index.html"]
    for entry in manifest.get("reports", {}).values():
        names += [o["path"] for o in entry.get("outputs", []) if o["path"].endswith((".pdf", ".html"))]
    return [Path(out) / n for n in dict.fromkeys(names) if (Path(out) / n).is_file()]


def is_complete(manifest: dict) -> tuple[bool, str]:
    """Whether a build is a complete edition candidate, and if not, why."""
    summary = manifest.get("summary", {})
    if manifest.get("pack") not in ("built", "skipped"):
        return False, f"the pack was {manifest.get('pack', 'not built')}"
    broken = [rid for rid, e in manifest.get("reports", {}).items() if e.get("status") not in ("built", "skipped")]
    if broken or summary.get("failed"):
        return False, f"report(s) not up to date: {', '.join(broken)}"
    return True, ""


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def record(state: Path, out: Path, manifest: dict, content: dict, today: dt.date) -> Edition:
    """Write the next edition: copy the reader files, then the record (written last, so a crash leaves no edition).

    ``content`` holds what the edition says: its ``facts``, ``changes`` and ``judgements``.
    """
    state = Path(state)
    state.mkdir(parents=True, exist_ok=True)
    previous = latest(state)
    number = previous.number + 1 if previous else 1
    folder = state / f"{number:04d}"
    if folder.exists():  # debris of a build that died before writing the record
        shutil.rmtree(folder)
    files = folder / "files"
    files.mkdir(parents=True)
    copied = []
    for src in reader_files(out, manifest):
        shutil.copy2(src, files / src.name)
        copied.append(src.name)
    if PACK not in copied:
        shutil.rmtree(folder)
        raise DistributionError(f"{out / PACK}: missing; an edition needs the pack.")
    rec = {"number": number, "date": today.isoformat(), "build": manifest.get("build", ""),
           "as_of": manifest.get("as_of", ""), "pack_key": manifest.get("pack_key", ""),
           "pack_sha256": manifest.get("pack_sha256", ""), "files": copied, **content}
    tmp = folder / f".{RECORD}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(rec, fh, indent=1, sort_keys=True, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, folder / RECORD)
    _fsync_dir(folder)
    if previous is not None:  # older editions keep their pack only
        for f in previous.files.iterdir():
            if f.name != PACK:
                with contextlib.suppress(OSError):
                    f.unlink()
    return Edition(number, folder, rec)
