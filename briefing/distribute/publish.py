"""Publishing: the last good edition's reader files into a folder readers browse, switched atomically.

Layout of the publish folder::

    index.html                      every edition, newest first, with its pack
    current -> editions/0003        a symlink, replaced in one rename: readers see the old set or the new
    editions/0003/                  the current edition's reader files (pack, report PDFs and HTML, index)
    editions/0002/briefing-pack.pdf earlier editions keep their pack, by number

A new edition's files are copied into a hidden folder first and renamed into place whole.
"""

from __future__ import annotations

import html
import logging
import os
import shutil
import tempfile
from pathlib import Path

from . import editions as ed

log = logging.getLogger("briefing")


def _atomic_text(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def _place_edition(edition: ed.Edition, dest: Path) -> None:
    if dest.is_dir():
        return  # already published whole (folders only appear by rename)
    staging = Path(tempfile.mkdtemp(prefix=f".staging-{dest.name}-", dir=dest.parent))
    for src in sorted(edition.files.iterdir()):
        shutil.copy2(src, staging / src.name)
    os.chmod(staging, 0o755)
    os.rename(staging, dest)


def _switch(link: Path, target: str) -> None:
    tmp = link.with_name(f".{link.name}.new")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(target, tmp)
    os.replace(tmp, link)


def index_page(title: str, published: list[ed.Edition], current: int) -> str:
    """The publish folder's index.html: every edition kept, newest first."""
    esc = html.escape
    rows = []
    for e in sorted(published, key=lambda x: -x.number):
        r = e.record
        folder = f"editions/{e.number:04d}"
        reports = f' · <a href="{folder}/index.html">reports</a>' if e.number == current else ""
        rows.append(f"<tr><td>{e.number}</td><td>{esc(r.get('date', ''))}</td><td>{esc(r.get('as_of', ''))}</td>"
                    f"<td>{esc(r.get('build', ''))}</td><td><a href=\"{folder}/{ed.PACK}\">pack (PDF)</a>{reports}</td></tr>")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}: editions</title></head>
<body><h1>{esc(title)}</h1>
<p>Current edition: <a href="current/index.html">edition {current}</a> (<a href="current/{ed.PACK}">pack</a>).</p>
<table><thead><tr><th>Edition</th><th>Published</th><th>As of</th><th>Build</th><th>Files</th></tr></thead>
<tbody>{''.join(rows)}</tbody></table>
</body></html>
"""


def publish(state: Path, to: Path, title: str, keep: int = 0) -> ed.Edition:
    """Publish the newest edition in ``state`` to folder ``to``; return it.

    Idempotent: publishing the same edition again changes nothing but the index. ``keep`` limits
    how many editions' packs stay (0: all).
    """
    edition = ed.get(state, None)
    to = Path(to)
    (to / "editions").mkdir(parents=True, exist_ok=True)
    dest = to / "editions" / f"{edition.number:04d}"
    _place_edition(edition, dest)
    _switch(to / "current", f"editions/{dest.name}")
    for old in sorted((to / "editions").glob("[0-9][0-9][0-9][0-9]")):
        if old.name == dest.name:
            continue
        for f in old.iterdir():  # earlier editions keep their pack only
            if f.name != ed.PACK:
                f.unlink()
    for stale in (to / "editions").glob(".staging-*"):  # left by a publish that was killed
        shutil.rmtree(stale, ignore_errors=True)
    kept = sorted((to / "editions").glob("[0-9][0-9][0-9][0-9]"))
    if keep and len(kept) > keep:
        for old in kept[:-keep]:
            shutil.rmtree(old)
        kept = kept[-keep:]
    by_number = {e.number: e for e in ed.list_editions(state)}
    listed = [by_number.get(int(p.name)) or ed.Edition(int(p.name), p, {}) for p in kept]
    _atomic_text(to / "index.html", index_page(title, listed, edition.number))
    log.info("published edition %d to %s (%d edition(s) listed)", edition.number, to, len(listed))
    return edition
