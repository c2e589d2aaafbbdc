"""All-or-nothing publishing: a build's complete set in its own folder, made current in one step.

Each build assembles its reports, pack, index and manifest in a folder of its own; one atomic
switch then makes that folder the published one. Layout of the output folder::

    builds/<name>/      one complete set: reports, failed notebooks, pack, index, manifest, build.log
    current -> builds/<name>            the published set, switched with one os.replace
    index.html -> current/index.html    the reader-facing names, links through ``current``
    <id>.html, <id>.pdf, briefing-pack.pdf, manifest.json, ...  (likewise)

A kill at any moment leaves ``current`` pointing at either the old complete set or the new one.
:func:`current_build` is the API for readers of the last good edition (e.g. distribution).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

from ..errors import BuildError, SetupError

log = logging.getLogger("briefing")
BUILDS = "builds"
CURRENT = "current"
FRAGMENTS = ".fragments"  # per build: print and fragment HTML the pack is made from
KEEP_PREVIOUS = 1  # complete sets kept besides the current one (a reader may still be reading it)


def atomic_write(path: Path, text: str | bytes) -> None:
    """Write ``path`` whole or not at all: a temporary file beside it, flushed, then renamed over it."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8") if isinstance(text, str) else text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def current_build(out: Path) -> Path | None:
    """The folder of the currently published complete set in ``out``, or None if nothing was published.

    Every file of one build is in that folder (``manifest.json`` lists them); read
    :func:`briefing.build.manifest.read_manifest` on it for the records.
    """
    link = Path(out) / CURRENT
    if not link.is_symlink():
        return None
    target = link.resolve()
    return target if (target / "manifest.json").is_file() else None


def new_build_folder(out: Path, build_id: str) -> Path:
    """A fresh, unpublished folder for this build's complete set."""
    builds = out / BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{time.strftime('%Y%m%d-%H%M%S')}-{build_id}-", dir=builds))
    folder.chmod(0o755)
    (folder / FRAGMENTS).mkdir()
    return folder


def carry_over(src: Path, dest: Path) -> None:
    """Put the previous build's file ``src`` into the new set: a hard link, or a copy across devices."""
    try:
        os.link(src, dest)
    except OSError:
        shutil.copy2(src, dest)


def switch(out: Path, folder: Path) -> None:
    """Publish ``folder``: point ``current`` at it in one step, then keep the reader-facing links in step."""
    tmp = out / f".{CURRENT}.{os.getpid()}.tmp"
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.symlink(Path(BUILDS) / folder.name, tmp)
    os.replace(tmp, out / CURRENT)  # the one atomic step: before it the old set, after it the new
    names = {p.name for p in folder.iterdir() if not p.name.startswith(".")}
    for name in sorted(names):
        link = out / name
        if link.is_symlink() and os.readlink(link) == f"{CURRENT}/{name}":
            continue
        tmp = out / f".{name}.{os.getpid()}.tmp"
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        os.symlink(Path(CURRENT) / name, tmp)
        os.replace(tmp, link)
    for link in out.iterdir():  # names of the old set that the new one no longer has (a removed theme...)
        if link.is_symlink() and link.name not in names and os.readlink(link).startswith(f"{CURRENT}/"):
            link.unlink()


def remove_leftovers(out: Path) -> None:
    """Delete unpublished and old build folders and temporary files (the caller holds the lock)."""
    builds = out / BUILDS
    current = current_build(out)
    for tmp in out.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            tmp.unlink()
    if not builds.is_dir():
        return
    folders = sorted((p for p in builds.iterdir() if p.is_dir()), key=lambda p: p.name)
    complete = [p for p in folders if (p / "manifest.json").is_file() and p != current]
    keep = {current, *complete[-KEEP_PREVIOUS:]} if KEEP_PREVIOUS else {current}
    for p in folders:
        if p not in keep:
            shutil.rmtree(p, ignore_errors=True)
            log.debug("removed old or unpublished build folder %s", p.name)


def output_error(exc: OSError, out: Path) -> BuildError:
    """A message for a failed write that names the path and what to do."""
    where = exc.filename or out
    if exc.errno == errno.ENOSPC:
        what = "the disk is full; free some space there, or pass --out to a folder on another disk"
    elif exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        what = "the folder is not writable; fix its permissions, or pass --out to a writable folder"
    elif exc.errno in (errno.ENOTDIR, errno.EEXIST):
        what = "a file stands where a folder is needed; move it away, or pass --out to a folder"
    else:
        what = "fix that, or pass --out to another folder"
    err = SetupError if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOTDIR) else BuildError
    return err(f"{where}: cannot write ({exc.strerror}): {what}. Nothing was published; "
               "the reports of the last good build are unchanged.")
