"""``index.html``: every report with its status and links, rendered from the manifest's records.

It holds nothing that changes between two builds of the same inputs (no durations, no clock), so
identical inputs give a byte-identical page; timings are in ``build.log`` and ``manifest.json``.
"""

from __future__ import annotations

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
