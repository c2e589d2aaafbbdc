"""Digests of what each report reads, so that a build redoes only the reports whose inputs changed."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .publish import atomic_write

THEME_ARTICLE_FIELDS = ("article_id", "file", "title", "outlet", "author", "published", "kind", "url")


def sha(*parts: bytes | str) -> str:
    """The sha256 of ``parts``, each separated so that ("ab", "c") and ("a", "bc") differ."""
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8") if isinstance(p, str) else p)
        h.update(b"\0")
    return h.hexdigest()


def file_sha(path: Path) -> str:
    """The sha256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def code_digest() -> str:
    """The package code, template and styles: anything that changes how a report looks."""
    root = Path(__file__).parent.parent
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".j2", ".css", ".json"))
    return sha(*[f"{p.relative_to(root)}:{file_sha(p)}" for p in files])


def data_digests(data_dir: Path, theme_ids: list[str], extraction_key: str,
                 config_files: tuple[Path, Path, Path]) -> dict:
    """What each report reads of the extracted data, as digests, plus the default as-of date.

    A theme report reads its theme's sentences and what was extracted from them, the covering
    articles' details and the number of articles; the overview reads everything. ``config_files``
    are the themes, watch list and event files the corpus is analysed with (their contents are part
    of the extraction key). Cached beside the tables under the extraction key, so a build where
    nothing changed never imports pandas.
    """
    cache = data_dir / ".report-digests.json"
    try:
        stored = json.loads(cache.read_text(encoding="utf-8"))
        if stored.get("key") == extraction_key and set(theme_ids) <= set(stored["digests"]):
            return stored
    except (OSError, ValueError, KeyError):
        pass
    from ..analysis.coverage import tagged
    from ..analysis.data import default_as_of, load_corpus
    from ..analysis.outcomes import scorecard

    corpus = load_corpus(data_dir, *config_files)
    s, arts = corpus.sentences, corpus.articles
    totals = s[s.block != "heading"].groupby("article_id").size()

    def rows(df) -> str:
        return df.to_csv(index=False)

    digests = {"overview": sha(*(rows(getattr(corpus, n)) for n in
                                ("articles", "sentences", "figures", "dates", "quotes", "entities")),
                               rows(scorecard(corpus).drop(columns=["conflict_sides"])))}
    for tid in theme_ids:
        ts = s[tagged(s, tid)]
        sids = set(ts.sentence_id)
        # only the article details a theme report shows (not the file's hash or length)
        covering = arts[arts.article_id.isin(set(ts.article_id))][list(THEME_ARTICLE_FIELDS)]
        digests[tid] = sha(
            rows(ts), rows(covering), str(totals.reindex(covering.article_id).fillna(0).tolist()), str(len(arts)),
            *(rows(df[df.sentence_id.isin(sids)]) for df in (corpus.figures, corpus.dates, corpus.quotes, corpus.entities)),
            rows(scorecard(corpus, theme=tid).drop(columns=["conflict_sides"])),  # its items, from every sentence
        )
    dates = [d for d in arts.published if d] or [d for d in corpus.dates.date if len(d) == 10 and d[0] != "-"]
    out = {"key": extraction_key, "digests": digests, "as_of": default_as_of(corpus),
           "first": min(dates) if dates else ""}
    atomic_write(cache, json.dumps(out, sort_keys=True))
    return out
