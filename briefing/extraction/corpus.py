"""Reading the corpus folder: one article per file, checked before anything is extracted.

A bad file (not UTF-8, empty, binary, too large, a duplicate) is rejected with its reason and
never stops the others from being read. Only regular files inside the folder are articles: a
symbolic link (which could point anywhere, e.g. /etc/passwd), a device or a pipe is rejected
without being opened.
"""

from __future__ import annotations

import hashlib
import os
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import CorpusError

DEFAULT_MAX_BYTES = 2_000_000
IGNORED_NAMES = {"sources.yaml", "sources.yml", "readme", "readme.md", "readme.txt"}


@dataclass(frozen=True)
class ArticleFile:
    """One file of the corpus folder, read and checked."""

    article_id: str
    file: str
    text: str
    sha256: str
    status: str  # ok | rejected
    reason: str = ""
    content_key: str = ""  # identity of the text, for finding duplicates saved under two names


def _reject(path: Path, digest: str, reason: str) -> ArticleFile:
    return ArticleFile(path.stem, path.name, "", digest, "rejected", reason)


def _content_key(text: str) -> str:
    """Identity of an article's content: the same text saved twice (or with other line endings) matches."""
    norm = " ".join(unicodedata.normalize("NFC", text).replace("\ufeff", "").split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def article_paths(seeds: Path) -> list[Path]:
    """The entries of ``seeds`` that may be articles: all but folders, sources.yaml, READMEs and hidden files.

    Symbolic links and special files are listed too, so that :func:`read_article` rejects them
    with a reason instead of skipping them silently.
    """
    if not seeds.is_dir():
        raise CorpusError(f"{seeds}: corpus folder not found; pass an existing folder with --seeds.")
    return sorted(
        p for p in seeds.iterdir()
        if (p.is_symlink() or not p.is_dir()) and not p.name.startswith(".") and p.name.lower() not in IGNORED_NAMES
    )


def article_stats(seeds: Path) -> list[tuple[str, os.stat_result]]:
    """The names :func:`article_paths` lists, with each entry's own ``lstat``, from one scan of the folder.

    For deciding what changed in a large corpus: one ``stat`` per file and no path objects.
    """
    if not seeds.is_dir():
        raise CorpusError(f"{seeds}: corpus folder not found; pass an existing folder with --seeds.")
    with os.scandir(seeds) as entries:
        listed = [(e.name, e.stat(follow_symlinks=False)) for e in entries
                  if (e.is_symlink() or not e.is_dir()) and not e.name.startswith(".")
                  and e.name.lower() not in IGNORED_NAMES]
    return sorted(listed, key=lambda pair: pair[0])


def stem(name: str) -> str:
    """``Path(name).stem``, without making a path: the name less its last suffix."""
    i = name.rfind(".")
    return name[:i] if 0 < i < len(name) - 1 else name


def _not_regular(path: Path) -> str:
    """Why ``path`` is not a regular file of its own (empty when it is one); never follows a link."""
    mode = path.lstat().st_mode
    if stat.S_ISLNK(mode):
        return (f"{path.name}: a symbolic link; only regular files inside the corpus folder are read. "
                "Copy the article into the folder instead.")
    if not stat.S_ISREG(mode):
        return f"{path.name}: not a regular file (a device, pipe or socket); remove it from the corpus folder."
    return ""


def read_article(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> ArticleFile:
    """Read and check one article file (a regular file, never a link followed outside the folder)."""
    reason = _not_regular(path)
    if reason:
        return _reject(path, "", reason)
    size = path.lstat().st_size
    if size > max_bytes:
        return _reject(path, "", f"{path.name}: {size:,} bytes, over the {max_bytes:,}-byte limit; "
                       "split it, or raise the limit with --max-bytes if it really is one article.")
    # O_NOFOLLOW: the file cannot be swapped for a link between the check above and the read
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as fh:
        data = fh.read(max_bytes + 1)
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        return _reject(path, digest, f"{path.name}: the file is empty; remove it or paste the article text in.")
    if data.startswith(b"%PDF"):
        return _reject(path, digest, f"{path.name}: a PDF, not text; save the article as a UTF-8 .txt file.")
    if b"\x00" in data[:8192]:
        return _reject(path, digest, f"{path.name}: a binary file, not text; save the article as a UTF-8 .txt file.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return _reject(
            path, digest,
            f"{path.name}:{line}: not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "re-save the file as UTF-8.",
        )
    if not text.strip():
        return _reject(path, digest, f"{path.name}: the file has no text; remove it or paste the article text in.")
    return ArticleFile(path.stem, path.name, text, digest, "ok", "", _content_key(text))


def reject_duplicates(articles: list[ArticleFile]) -> list[ArticleFile]:
    """Reject, after the first, articles with the same text or the same id (in the order given)."""
    out: list[ArticleFile] = []
    by_content: dict[str, str] = {}
    ids: dict[str, str] = {}
    for art in articles:
        name = art.file  # the file's name in the corpus folder
        if art.article_id in ids:
            art = ArticleFile(art.article_id, art.file, "", art.sha256, "rejected",
                              f"{name}: same article id as {ids[art.article_id]}; rename one of them.")
        elif art.status == "ok":
            key = art.content_key
            if key in by_content:
                art = ArticleFile(art.article_id, art.file, "", art.sha256, "rejected",
                                  f"{name}: duplicate of {by_content[key]} (same text); kept once, delete this copy.")
            else:
                by_content[key] = name
        ids.setdefault(art.article_id, name)
        out.append(art)
    return out
