"""Failure alerts for unattended builds: say why a build failed, with the log tail; say once that it recovered.

``run_with_alerts`` runs a build, and whatever the outcome (a report failed, the build crashed, the
lock stayed held) decides what to tell the operators. The failing/recovered state is kept in
``alerts.json`` in the state folder, so "recovered" is said once, by the first good build after a
failure.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import traceback
from collections.abc import Callable
from pathlib import Path

from ..errors import BriefingError

log = logging.getLogger("briefing")
STATE = "alerts.json"
TAIL = 40


class _Tail(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(message)s", "%Y-%m-%d %H:%M:%S"))

    def emit(self, record):
        self.lines.append(self.format(record))


def _read_state(state: Path) -> dict:
    try:
        return json.loads((Path(state) / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_state(state: Path, data: dict) -> None:
    Path(state).mkdir(parents=True, exist_ok=True)
    tmp = Path(state) / f".{STATE}.tmp"
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, Path(state) / STATE)


def failed_reports(out: Path) -> list[str]:
    """The reports the last build in ``out`` marked failed, with their errors."""
    try:
        manifest = json.loads((Path(out) / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [f"{rid}: {e.get('error', '')}" for rid, e in manifest.get("reports", {}).items() if e.get("status") == "failed"]


def run_with_alerts(build: Callable[[], int], out: Path, state: Path, notify: Callable[[str, str], None],
                    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)) -> int:
    """Run ``build``; on failure call ``notify(subject, body)`` and return non-zero; on recovery notify once.

    ``notify`` failing (no mail server...) is logged and never hides the build's own status.
    """
    tail = _Tail()
    log.addHandler(tail)
    crash = ""
    try:
        try:
            code = build()
            reason = ""
            if code != 0:
                failed = failed_reports(out)
                reason = ("report(s) failed: " + "; ".join(failed)) if failed else f"the build exited with status {code}"
        except BriefingError as exc:
            code = exc.exit_code or 1
            lock = "another build is running" in str(exc)
            reason = ("the build lock stayed held too long: " if lock else "the build could not run: ") + str(exc)
            log.error("%s", exc)
        except Exception as exc:  # the build crashed: say why, keep the traceback for the operators
            code = 1
            reason = f"the build crashed: {type(exc).__name__}: {exc}"
            crash = traceback.format_exc()
            log.error("%s\n%s", reason, crash.rstrip())
    finally:
        log.removeHandler(tail)
    previous = _read_state(state)
    stamp = now().isoformat(timespec="seconds")
    if code != 0:
        body = "\n".join([f"The scheduled briefing build failed at {stamp}.", "", f"Reason: {reason}", "",
                          f"Output folder: {out}", "", f"Last {TAIL} log lines:", *tail.lines[-TAIL:],
                          *(["", "Traceback:", crash] if crash else [])])
        _write_state(state, {"failing": True, "since": previous.get("since") if previous.get("failing") else stamp,
                             "reason": reason, "alerted": stamp})
        try:
            notify(f"FAILED: briefing build ({reason[:80]})", body)
        except BriefingError as exc:
            log.error("could not send the failure alert: %s", exc)
        return code
    if previous.get("failing"):
        body = (f"The scheduled briefing build succeeded at {stamp}; it had been failing since "
                f"{previous.get('since', '?')} ({previous.get('reason', '')}).")
        try:
            notify("RECOVERED: briefing build", body)
        except BriefingError as exc:
            log.error("could not send the recovery notice (will try again after the next good build): %s", exc)
            return 0
        _write_state(state, {"failing": False, "since": "", "reason": "", "recovered": stamp})
    return 0


def alerted_within(state: Path, seconds: float, now: dt.datetime) -> bool:
    """Whether a build sent a failure alert less than ``seconds`` ago (so a second alert would repeat it)."""
    stamp = _read_state(state).get("alerted", "")
    try:
        return (now - dt.datetime.fromisoformat(stamp)).total_seconds() < seconds
    except (TypeError, ValueError):
        return False
