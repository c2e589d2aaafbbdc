"""The briefing pack: one PDF of every report, made from the reports' fragments in the build folder."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

from .digests import file_sha, sha
from .manifest import Manifest
from .plan import as_of_text
from .publish import FRAGMENTS, carry_over

log = logging.getLogger("briefing")
PACK = "briefing-pack.pdf"


def build_pack(folder: Path, m: Manifest, settings: dict, previous: Manifest | None, prev_folder: Path | None,
               partial: bool, force: bool, preface=None, reports_url: str = "") -> None:
    """Render ``folder/briefing-pack.pdf`` unless nothing in it changed; set the manifest's pack fields.

    A build of some themes only (``partial``) keeps the previous pack: the pack is what gets
    distributed, a complete snapshot made only by a full build. ``preface``, if given, maps the
    pack's key to escaped HTML placed after the contents (distribution's "since the last edition").
    ``reports_url`` is where readers reach the reports the pack points to ("" if they are not published).
    """
    prev_pack = prev_folder / PACK if prev_folder else None
    has_prev = bool(previous and prev_pack and prev_pack.is_file() and previous.pack_sha256 == file_sha(prev_pack))
    if partial:  # whatever its formats: an HTML preview of one theme keeps the pack too
        if has_prev:
            carry_over(prev_pack, folder / PACK)
            m.pack_key, m.pack_sha256 = previous.pack_key, previous.pack_sha256
        m.pack = "not rebuilt"
        log.info("briefing pack: left as it was (a --themes build updates single reports only)")
        return
    if "pdf" not in m.formats:  # a set without PDFs has no pack: an older one would not match it
        m.pack = "not requested"
        return
    from ..reporting.render import PackEntry, pack_html, render_pdf

    entries = []
    for rid, e in m.reports.items():
        frag_path = folder / FRAGMENTS / f"{rid}.fragment.html"
        fragment = frag_path.read_text(encoding="utf-8") if frag_path.exists() and e.outputs else None
        entries.append(PackEntry(rid, e.title, e.status, fragment, [tuple(x) for x in e.toc], e.error))
    failed = any(not e.status.current for e in entries)
    m.pack_key = sha(json.dumps(settings, sort_keys=True), m.build if failed else "", m.as_of, reports_url,
                     *(f"{e.id}:{not e.status.current}:{e.error}:{sha(e.fragment or '')}" for e in entries))
    if not force and has_prev and previous.pack_key == m.pack_key:
        carry_over(prev_pack, folder / PACK)
        log.info("briefing pack: unchanged, skipped")
        m.pack = "skipped"
    else:
        t0 = time.perf_counter()
        markup = pack_html(settings, entries, m.build, m.as_of, as_of_text(m.as_of),
                           preface_html=preface(m.pack_key) if preface else "", reports_url=reports_url)
        warnings = render_pdf(markup, folder / PACK)
        for w in dict.fromkeys(warnings):
            log.warning("briefing pack: PDF renderer: %s", w)
        log.info("briefing pack: built in %.1f s", time.perf_counter() - t0)
        m.pack = "built"
    m.pack_sha256 = file_sha(folder / PACK)
