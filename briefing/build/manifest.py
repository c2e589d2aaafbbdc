"""The typed records a build passes between its steps and writes as ``manifest.json``.

The manifest is the build's own account of what it published: one :class:`ReportEntry` per report
with its status, inputs' digest, parameters and output files (with sha256), plus the pack's status
and the articles extraction rejected. The index and the distribution step read these records.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from ..status import Status

MANIFEST = "manifest.json"


@dataclass
class Output:
    """One published file of a report."""

    path: str  # relative to the build folder
    sha256: str
    bytes: int


@dataclass
class ReportEntry:
    """One report in the manifest."""

    id: str
    title: str
    status: Status
    key: str = ""  # digest of the inputs of the files in ``outputs``
    parameters: dict = field(default_factory=dict)
    formats: list[str] = field(default_factory=list)
    outputs: list[Output] = field(default_factory=list)
    toc: list = field(default_factory=list)
    last_good_build: str = ""
    error: str = ""
    failed_notebook: str = ""
    durations: dict[str, float] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict) -> ReportEntry:
        """Read an entry back from ``manifest.json`` (unknown keys are ignored)."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["status"] = Status(values.get("status", "missing"))
        values["outputs"] = [Output(**o) for o in values.get("outputs", [])]
        return cls(**values)


@dataclass
class Manifest:
    """What one build published."""

    build: str
    as_of: str
    formats: list[str]
    seeds: str
    reports: dict[str, ReportEntry]
    pack: str = "not requested"  # built | skipped | not rebuilt | not requested
    pack_key: str = ""
    pack_sha256: str = ""
    rejected_articles: list[str] = field(default_factory=list)
    duration: float = 0.0

    @property
    def summary(self) -> dict[str, int]:
        """How many reports have each status."""
        return {s.value: sum(1 for e in self.reports.values() if e.status is s) for s in Status}

    @property
    def exit_code(self) -> int:
        """0 when every report is current and no article was rejected, else 1."""
        ok = all(e.status.current for e in self.reports.values()) and not self.rejected_articles
        return 0 if ok else 1

    def to_json(self) -> str:
        """The manifest as stable, sorted JSON."""
        data = asdict(self)
        data["summary"] = self.summary
        return json.dumps(data, indent=2, default=str)  # field order: reports stay in reading order

    @classmethod
    def from_dict(cls, data: dict) -> Manifest:
        """Read a manifest back from its JSON form."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["reports"] = {rid: ReportEntry.from_dict(e) for rid, e in data.get("reports", {}).items()}
        return cls(**values)


def read_manifest(folder: Path | None) -> Manifest | None:
    """The manifest in ``folder``, or None when there is none or it cannot be read."""
    if folder is None:
        return None
    try:
        return Manifest.from_dict(json.loads((folder / MANIFEST).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError, KeyError):
        return None
