"""The deploy/ examples run as written: the systemd units verify, the cron line builds, mails and publishes."""

from __future__ import annotations

import getpass
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from distribute_helpers import Handler, start_server
from pypdf import PdfReader

DEPLOY = ROOT / "deploy"


def project_copy(base: Path, themes: int = 1) -> Path:
    """The project as an operator installs it (package, notebooks, seeds, data, deploy), with fewer themes."""
    site = base / "srv"
    for name in ("briefing", "notebooks", "seeds", "deploy"):
        shutil.copytree(ROOT / name, site / name, ignore=shutil.ignore_patterns("__pycache__"))
    (site / "data").mkdir()
    for f in (ROOT / "data").glob("*.yaml"):
        shutil.copy(f, site / "data" / f.name)
    text = (ROOT / "data" / "themes.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["themes"] = data["themes"][:themes]  # one theme keeps the test short; the build is the same
    (site / "data" / "themes.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    kept = {t["id"] for t in data["themes"]}  # the watch list may only name themes that exist
    items = yaml.safe_load((ROOT / "data" / "items.yaml").read_text(encoding="utf-8"))
    items["items"] = [i for i in items["items"] if set(i.get("themes", [])) <= kept]
    (site / "data" / "items.yaml").write_text(yaml.safe_dump(items, allow_unicode=True), encoding="utf-8")
    (site / ".venv" / "bin").mkdir(parents=True)
    python = site / ".venv" / "bin" / "python"  # the test's interpreter, with its packages, as .venv/bin/python
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    python.chmod(0o755)
    return site


def test_systemd_units_verify(tmp_path):
    tool = shutil.which("systemd-analyze")
    if tool is None:
        pytest.skip("systemd-analyze is not installed (Debian: apt-get install systemd)")
    site = project_copy(tmp_path)
    units = tmp_path / "units"
    units.mkdir()
    for f in (DEPLOY / "systemd").iterdir():
        # the operator's edits the unit files ask for: the install folder and the service user
        text = f.read_text(encoding="utf-8").replace("/srv/briefing", str(site))
        (units / f.name).write_text(text.replace("User=briefing", f"User={getpass.getuser()}"), encoding="utf-8")
    names = ["briefing-build.service", "briefing-build.timer", "briefing-alert@briefing-build.service.service"]
    proc = subprocess.run([tool, "verify", "--man=no", *names], capture_output=True, text=True, cwd=units, timeout=60)
    assert proc.returncode == 0, proc.stderr
    mine = [line for line in proc.stderr.splitlines() if "briefing" in line]  # warnings (unknown keys...) count
    assert not mine, "\n".join(mine)
    assert "OnFailure=briefing-alert@%n.service" in (units / "briefing-build.service").read_text(encoding="utf-8")


def cron_entry() -> tuple[dict[str, str], list[str], str]:
    """The crontab's variables, the schedule line's five time fields and its command."""
    env, entries = {}, []
    for line in (DEPLOY / "crontab").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if "=" in line.split()[0]:
            key, _, value = line.partition("=")
            env[key.strip()] = value.strip().strip('"')
        else:
            entries.append(line)
    assert len(entries) == 1, entries
    fields = entries[0].split(None, 5)
    return env, fields[:5], fields[5]


@pytest.mark.slow  # a real (small) build: kernels, nbconvert and WeasyPrint
def test_the_cron_line_builds_mails_once_and_publishes(tmp_path):
    env_vars, when, command = cron_entry()
    assert when == ["30", "5", "*", "*", "*"] and "%" not in command  # cron turns % into a newline
    site = project_copy(tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    handler = Handler()
    ctl = start_server(handler, "plain", auth=False)
    (site / "data" / "distribution.yaml").write_text(
        "publish: {to: publish}\nmail: {from: 'Desk <desk@example.org>', default_lists: [readers]}\n"
        "lists:\n  readers: {to: [r1@example.org, r2@example.org]}\n  operators: {to: [ops@example.org]}\n"
        "alerts: {list: operators}\n", encoding="utf-8")
    # cron's environment: the crontab's variables, with the SMTP server pointed at the test's
    assert set(env_vars) == {"MAILTO", "BRIEFING_SMTP_URL", "BRIEFING_SMTP_PASSWORD_FILE"}
    env = {"HOME": str(home), "PATH": os.environ["PATH"], "SHELL": "/bin/sh", "LANG": "C.UTF-8",
           "BRIEFING_SMTP_URL": f"smtp://127.0.0.1:{ctl.port}", "PYTHONPATH": str(site)}
    run = command.replace("/srv/briefing", str(site))
    try:
        first = subprocess.run(["/bin/sh", "-c", run], env=env, capture_output=True, text=True, timeout=600)
        log = home / "log" / "briefing-build.log"
        assert first.returncode == 0, log.read_text(encoding="utf-8")[-3000:]
        again = subprocess.run(["/bin/sh", "-c", run], env=env, capture_output=True, text=True, timeout=600)
        assert again.returncode == 0, log.read_text(encoding="utf-8")[-3000:]
    finally:
        ctl.stop()
    text = log.read_text(encoding="utf-8")
    assert "edition 1 recorded" in text and "no new edition: the pack is the same as edition 1's" in text
    assert [r for rcpts, _ in handler.received for r in rcpts] == ["r1@example.org", "r2@example.org"]  # once each
    pub = site / "publish"
    assert os.readlink(pub / "current") == "editions/0001" and not list(pub.rglob("*.log"))
    # readers' files only: the pack, the index, each report's HTML and PDF; no notebooks, logs or caches
    assert sorted(p.suffix for p in (pub / "current").iterdir()) == [".html"] * 3 + [".pdf"] * 3
    pack = PdfReader(pub / "current" / "briefing-pack.pdf")
    assert "since the last edition" in pack.pages[0].extract_text().lower()  # on the cover (a small-caps label)
    assert shlex.split(run)[0] == "cd"


def test_the_ci_example_keeps_the_previous_edition():
    ci = yaml.safe_load((DEPLOY / "ci" / "briefing.yml").read_text(encoding="utf-8"))
    steps = ci["jobs"]["build"]["steps"]
    uses = [s.get("uses", "") for s in steps]
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache"))
    assert "reports/" in cache["with"]["path"] and "data/processed/" in cache["with"]["path"]
    assert cache["with"]["restore-keys"]  # any earlier run's state is restored, so the build is incremental
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "deploy/scheduled-build" in runs and (DEPLOY / "scheduled-build").stat().st_mode & 0o111
    assert any(u.startswith("actions/upload-artifact") for u in uses)
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"].strip() == "publish/"  # readers' files only, never the logs or caches
