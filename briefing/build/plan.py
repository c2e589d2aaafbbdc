"""Planning a build: each report's inputs digest, and which reports to run, skip or carry over."""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..config import Theme
from .digests import file_sha, sha
from .jobs import Job
from .manifest import Manifest, ReportEntry, Status
from .options import BuildOptions

log = logging.getLogger("briefing")
NOT_REQUESTED = "not requested in this build"


@dataclass(frozen=True)
class ReportSpec:
    """A report the build knows of: the overview or one theme."""

    id: str
    title: str
    notebook: str
    parameters: dict


@dataclass
class Plan:
    """What this build will do."""

    build_id: str
    as_of: str
    specs: list[ReportSpec]
    keys: dict[str, str]
    jobs: list[Job]
    carried: dict[str, ReportEntry]  # reports not run: skipped, stale or missing


def as_of_text(iso: str) -> str:
    """A date as readers write it: 8 December 2025."""
    d = dt.date.fromisoformat(iso)
    return f"{d.day} {d.strftime('%B %Y')}"


def report_specs(themes: list[Theme]) -> list[ReportSpec]:
    """The overview, then one report per theme, in the themes file's order."""
    return [ReportSpec("overview", "Overview", "overview.ipynb", {})] + [
        ReportSpec(t.id, t.title, "theme.ipynb", {"theme": t.id}) for t in themes]


def input_keys(opts: BuildOptions, specs: list[ReportSpec], digests: dict, code: str, settings: dict,
               as_of: str) -> dict[str, str]:
    """Each report's inputs as one digest: notebook, parameters, data read, code, settings, date.

    The themes, watch list and event files count whole (a theme's title is not in the data read),
    so switching to another themes file rebuilds every report. The formats are not part of it:
    they are what is made from the inputs, recorded per report in the manifest, so a build for
    other formats (an HTML preview) does not make a report out of date.
    """
    settings_sha = sha(json.dumps(settings, sort_keys=True))
    config_sha = sha(*(file_sha(f) for f in (opts.themes_file, opts.items_file, opts.event_file)))
    return {s.id: sha(file_sha(opts.notebooks / s.notebook), json.dumps(s.parameters, sort_keys=True),
                      digests[s.id], code, settings_sha, config_sha, as_of) for s in specs}


def outputs_ok(entry: ReportEntry, folder: Path | None) -> bool:
    """Whether the files an entry lists are in ``folder``, whole and unchanged."""
    if folder is None or not entry.outputs:
        return False
    for o in entry.outputs:
        p = folder / o.path
        if not p.is_file() or p.stat().st_size != o.bytes or file_sha(p) != o.sha256:
            return False
    return True


def config_parameters(opts: BuildOptions) -> dict[str, str]:
    """The configuration files every notebook reads, as parameters: absolute paths, the project's own left out.

    Leaving the defaults out keeps a default build's parameters (and so its outputs) as they were.
    """
    pairs = (("themes_file", opts.themes_file, paths.THEMES_FILE), ("items_file", opts.items_file, paths.ITEMS_FILE),
             ("event_file", opts.event_file, paths.EVENT_FILE))
    return {name: str(Path(f).resolve()) for name, f, default in pairs if Path(f).resolve() != default.resolve()}


def make_plan(opts: BuildOptions, chosen: list[str], specs: list[ReportSpec], keys: dict[str, str], as_of: str,
              settings: dict, data_dir: Path, previous: Manifest | None, prev_folder: Path | None,
              folder: Path, build_id: str) -> Plan:
    """Decide per report: run it (a job), skip it (unchanged and intact), or carry it over (not requested)."""
    prev_reports = previous.reports if previous else {}
    carried: dict[str, ReportEntry] = {}
    jobs: list[Job] = []
    for s in specs:
        prev = prev_reports.get(s.id)
        # An entry's key is always that of the files it lists (a failed or stale report keeps its
        # last good files and their key), so equal keys and intact files mean the files are current.
        current = (prev is not None and prev.status is not Status.MISSING and prev.key == keys[s.id]
                   and outputs_ok(prev, prev_folder))
        if s.id not in chosen:
            # not asked for: keep what the last build left, saying whether it is still current
            status = Status.SKIPPED if current else (Status.STALE if prev and prev.outputs else Status.MISSING)
            entry = prev or ReportEntry(s.id, s.title, status)
            carried[s.id] = ReportEntry(**{**vars(entry), "title": s.title, "status": status, "durations": {},
                                           "error": "" if current else NOT_REQUESTED, "failed_notebook": ""})
            continue
        if current and set(opts.formats) <= set(prev.formats) and not opts.force:
            carried[s.id] = ReportEntry(**{**vars(prev), "status": Status.SKIPPED, "durations": {}, "error": "",
                                           "failed_notebook": ""})
            log.info("%s: unchanged, skipped", s.id)
            continue
        meta = dict(id=s.id, title=s.title, pack_title=settings["title"], handling=settings.get("handling", ""),
                    build=build_id, as_of=as_of, as_of_text=as_of_text(as_of), author=settings.get("author", ""),
                    description=f"{s.title}: {settings.get('subtitle', '')}",
                    keywords=", ".join(settings.get("keywords", []) + ([s.id] if s.id != "overview" else [])))
        parameters = {**s.parameters, "seeds": str(opts.seeds.resolve()), "as_of": as_of,
                      "data_dir": str(data_dir.resolve()), **config_parameters(opts)}
        jobs.append(Job(s.id, s.title, str((opts.notebooks / s.notebook).resolve()), parameters, str(folder),
                        tuple(opts.formats), meta, keys[s.id], opts.timeout))
    return Plan(build_id, as_of, specs, keys, jobs, carried)
