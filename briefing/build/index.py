"""``index.html``: every report with its status and links, rendered from the manifest's records.

It holds nothing that changes between two builds of the same inputs (no durations, no clock), so
identical inputs give a byte-identical page; timings are in ``build.log`` and ``manifest.json``.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .manifest import Manifest

STATUS_LABELS = {"built": "built in this build", "skipped": "up to date", "failed": "FAILED: not updated",
                 "stale": "out of date (not requested in this build)", "missing": "not built yet"}


def render_index(m: Manifest, settings: dict, as_of_text: str, has_pack: bool) -> str:
    """The index page of build ``m``."""
    import jinja2

    from ..reporting.render import css

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    return env.get_template("index.html.j2").render(
        m=m, settings={"subtitle": "", "handling": "", **settings}, as_of_text=as_of_text, has_pack=has_pack,
        labels=STATUS_LABELS, css=css("screen"),
    )


def index_page(m: Manifest, settings: dict, as_of_text: str, has_pack: bool, cache: Path) -> str:
    """:func:`render_index`'s page, taken from ``cache`` when the last one was rendered from the same inputs.

    The page holds no clock, so a build where nothing changed renders the page the last one did;
    reusing it spares importing jinja2 and compiling the template. The key is every input of the
    page (the manifest less its duration, the settings, the date, the pack, the template, this
    module and the stylesheet), so any change renders it again.
    """
    record = json.loads(m.to_json())
    record.pop("duration", None)  # in the manifest, not on the page
    here = Path(__file__).parent
    assets = here.parent / "reporting" / "assets"
    h = hashlib.sha256(json.dumps([record, settings, as_of_text, has_pack], sort_keys=True, default=str).encode())
    for path in (Path(__file__), here / "index.html.j2", assets / "base.css", assets / "screen.css"):
        h.update(path.read_bytes())
    key = h.hexdigest()
    try:
        cached = json.loads(cache.read_text(encoding="utf-8"))
        if cached["key"] == key and isinstance(cached["html"], str):
            return cached["html"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    page = render_index(m, settings, as_of_text, has_pack)
    try:  # a cache: a failed write costs the next build a render, nothing else
        tmp = cache.with_name(f".{cache.name}.tmp")
        tmp.write_text(json.dumps({"key": key, "html": page}), encoding="utf-8")
        os.replace(tmp, cache)
    except OSError:
        pass
    return page
