"""Faults and hostile input: an unattended build never hangs, never leaks, never half-publishes.

Each test reproduces one case of issue 13. The kernel tests use tiny notebooks built here (a
parameters cell and one line), so each build takes seconds, not minutes.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from briefing.build.lock import build_lock
from briefing.build.publish import current_build, new_build_folder, remove_leftovers, switch
from briefing.config import load_sources, load_yaml
from briefing.errors import ConfigError, LockedError
from briefing.extraction.extract import ExtractOptions, run_extraction
from briefing.extraction.segment import MAX_SENTENCE_CHARS, segment

SEED = ROOT / "seeds" / "004_d5066d89511212f3.txt"  # the shortest article


def cli(*args: str, timeout: float = 300, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefing", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=timeout, **kw)


# --- hostile configuration ------------------------------------------------------------------------

BOMB = "a: &a {x1: 1, x2: 2, x3: 3, x4: 4, x5: 5, x6: 6, x7: 7, x8: 8, x9: 9}\n" + "".join(
    f"{n}: &{n} {{<<: [{', '.join(['*' + p] * 9)}]}}\n" for p, n in zip("abcdefgh", "bcdefghi"))


def test_merge_key_bomb_is_refused_under_a_memory_limit(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text(BOMB, encoding="utf-8")
    assert len(BOMB) < 1500  # expanded, this is 9**9 keys
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30)); "
            "from briefing.config import load_sources; from briefing.errors import ConfigError\n"
            f"try:\n    load_sources({str(path)!r})\nexcept ConfigError as e:\n    print(e); sys.exit(2)")
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert f"{path}:4: more than 20 aliases" in proc.stdout and "merge keys" in proc.stdout
    assert time.perf_counter() - t0 < 30


def test_a_list_as_a_key_is_refused_with_its_line(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text("one:\n  title: A\n? [two, three]\n: {title: B}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"sources\.yaml:3: a list used as a key"):
        load_sources(path)


def test_a_few_aliases_and_merge_keys_still_work(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("base: &b {kind: report}\none: {<<: *b, title: A}\n", encoding="utf-8")
    assert load_yaml(path)["one"] == {"kind": "report", "title": "A"}


def _with_lines(data):
    """The parsed value with every line number the validators quote, for comparing two parses."""
    if isinstance(data, dict):
        return (data.line, data.lines, {k: _with_lines(v) for k, v in data.items()})
    if isinstance(data, list):
        return (data.line, data.lines, [_with_lines(v) for v in data])
    return data


@pytest.mark.parametrize("name", ["themes.yaml", "items.yaml", "event.yaml", "report.yaml"])
def test_the_fast_yaml_parse_gives_the_values_and_lines_of_the_line_reporting_one(name, monkeypatch):
    from briefing import config

    path = ROOT / "data" / name
    fast = load_yaml(path)
    monkeypatch.setattr(config, "_CLoader", None)  # as without libyaml: the pure-Python loader
    assert _with_lines(fast) == _with_lines(load_yaml(path))


def test_a_syntax_error_still_names_its_line_with_the_fast_parser(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("one: {title: A}\ntwo: [unclosed\nthree: 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"x\.yaml:\d+: not valid YAML .*check indentation"):
        load_yaml(path)


# --- hostile corpus -------------------------------------------------------------------------------

def test_only_regular_files_inside_the_seeds_folder_are_read(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / SEED.name).write_bytes(SEED.read_bytes())
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (seeds / "passwd.txt").symlink_to(secret)
    os.mkfifo(seeds / "pipe.txt")  # opening it would block for ever
    out = tmp_path / "processed"
    result = run_extraction(ExtractOptions(seeds=seeds, out=out, jobs=1))
    assert result.exit_code == 1
    reasons = " ".join(result.rejected)
    assert "passwd.txt: a symbolic link; only regular files inside the corpus folder are read" in reasons
    assert "pipe.txt: not a regular file" in reasons
    for name in ("articles.csv", "sentences.csv"):
        assert "root:x:0:0" not in (out / name).read_text(encoding="utf-8")


def test_extraction_is_linear_on_long_unpunctuated_text():
    words = "energy oil trade summit rupee payment labour nuclear agreement minister said the of and".split()
    text = " ".join(words[(i * 7) % len(words)] for i in range(170_000))  # 1 MB, no full stop
    t0 = time.perf_counter()
    sentences = segment(text)
    assert max(len(s.text) for s in sentences) <= MAX_SENTENCE_CHARS
    assert " ".join(s.text for s in sentences) == text  # cut at spaces, nothing lost
    from briefing import paths
    from briefing.config import load_config
    from briefing.extraction.extract import Extractor

    Extractor(load_config(paths.THEMES_FILE, paths.ENTITIES_FILE, paths.MEASURES_FILE)).article("long", text)
    # quadratic, this took over a minute; linear it takes about a second (bench/hostile.py: 5 MB)
    assert time.perf_counter() - t0 < 20


# --- options, folders and the lock ----------------------------------------------------------------

def test_out_inside_seeds_is_refused(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    proc = cli("build", "--seeds", str(seeds), "--out", str(seeds / "reports"))
    assert proc.returncode == 2 and "one is inside the other" in proc.stderr and "Traceback" not in proc.stderr
    assert not (seeds / "reports").exists()


def test_out_that_is_a_file_is_refused(tmp_path):
    target = tmp_path / "reports"
    target.write_text("not a folder", encoding="utf-8")
    proc = cli("build", "--out", str(target))
    assert proc.returncode == 2 and f"--out {target}: this is a file" in proc.stderr


def test_a_held_lock_refuses_with_exit_3_and_a_dead_holders_lock_is_taken_over(tmp_path, caplog):
    with build_lock(tmp_path, 0), pytest.raises(LockedError) as exc:
        with build_lock(tmp_path, 0):
            pass
    assert exc.value.exit_code == 3 and f"pid {os.getpid()}" in str(exc.value)
    (tmp_path / ".build.lock").write_text("pid 4194303", encoding="utf-8")  # above any pid in use
    with caplog.at_level(logging.WARNING, logger="briefing"), build_lock(tmp_path, 0):
        pass
    assert "took over the build lock left by pid 4194303" in caplog.text


def test_publishing_switches_the_whole_set_at_once(tmp_path):
    out = tmp_path / "reports"
    out.mkdir()
    sets = []
    for n, names in enumerate((["a.html", "old.pdf"], ["a.html", "b.html"])):
        folder = new_build_folder(out, f"build{n}")
        for name in names:
            (folder / name).write_text(f"{name} of build {n}", encoding="utf-8")
        (folder / "manifest.json").write_text("{}", encoding="utf-8")
        switch(out, folder)
        sets.append(folder)
        assert current_build(out) == folder.resolve()
    assert (out / "a.html").read_text(encoding="utf-8") == "a.html of build 1"
    assert (out / "b.html").is_symlink() and not (out / "old.pdf").exists()  # a removed report's link goes
    unpublished = new_build_folder(out, "killed")  # a build killed before its switch
    remove_leftovers(out)
    assert not unpublished.exists() and sets[0].exists() and sets[1].exists()  # the previous set is kept once


# --- disks ----------------------------------------------------------------------------------------

@pytest.fixture
def tmpfs(tmp_path):
    """A mount point for a small tmpfs (needs root; skipped otherwise)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    point = tmp_path / "mnt"
    point.mkdir()
    mounted = []

    def mount(options: str) -> Path:
        proc = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)], capture_output=True)
        if proc.returncode:
            pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.decode().strip()}")
        mounted.append(point)
        return point

    yield mount
    for p in mounted:
        subprocess.run(["umount", "-l", str(p)], check=False)


def test_a_read_only_output_folder_gets_a_message(tmpfs, tmp_path):
    point = tmpfs("ro,size=1m")
    proc = cli("build", "--out", str(point / "reports"), "--formats", "html")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert f"{point / 'reports'}: cannot write (Read-only file system)" in proc.stderr
    assert "pass --out to a writable folder" in proc.stderr


# --- kernels, signals and kills: real builds of tiny notebooks --------------------------------------

THEME_BODY = """import os, time
if theme == "energy":
    os._exit(1)  # the kernel dies, as when it is killed for memory
if theme == "trade":
    time.sleep(3600)  # an endless cell
if theme == "nuclear":
    time.sleep(float(os.environ.get("FAULTS_NAP", "0")))
print(theme)"""


def _notebook(parameters: str, body: str) -> nbformat.NotebookNode:
    nb = new_notebook()
    params = new_code_cell(parameters)
    params.metadata["tags"] = ["parameters"]
    # a report ends with its audit (the build refuses one without it); these show no claims to check
    audit = new_code_cell("from briefing.reporting.audit import Audit\nAudit({}, {}).verify()")
    nb.cells = [params, new_markdown_cell("## Section\n\nText."), new_code_cell(body), audit]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """Seeds (one article) and notebooks that die, hang or nap on demand."""
    base = tmp_path_factory.mktemp("tiny")
    seeds = base / "seeds"
    seeds.mkdir()
    (seeds / SEED.name).write_bytes(SEED.read_bytes())
    notebooks = base / "notebooks"
    notebooks.mkdir()
    nbformat.write(_notebook('theme = "x"\nseeds = ""\nas_of = ""\nsources = []\ndata_dir = ""', THEME_BODY),
                   notebooks / "theme.ipynb")
    nbformat.write(_notebook('seeds = ""\nas_of = ""\ndata_dir = ""', 'print("overview")'), notebooks / "overview.ipynb")
    site = {"seeds": seeds, "notebooks": notebooks, "built": base / "built"}
    cli(*tiny_args(site, site["built"], "--themes", "defence"))  # one published set, copied by the tests
    assert current_build(site["built"]) is not None
    return site


def published_copy(tiny, tmp_path: Path) -> Path:
    """A copy of the tiny site's published set (links kept as links)."""
    out = tmp_path / "out"
    shutil.copytree(tiny["built"], out, symlinks=True)
    return out


def tiny_args(tiny, out: Path, *extra: str) -> list[str]:
    return ["build", "--seeds", str(tiny["seeds"]), "--notebooks", str(tiny["notebooks"]), "--out", str(out),
            "--formats", "html", "--as-of", "2025-12-08", "--jobs", "2", *extra]


def lock_is_free(out: Path) -> bool:
    with open(out / ".build.lock", "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(fh, fcntl.LOCK_UN)
        return True


@pytest.mark.slow
def test_a_dead_kernel_and_an_endless_cell_fail_their_reports_only(tiny, tmp_path):
    out = tmp_path / "out"
    t0 = time.perf_counter()
    proc = cli(*tiny_args(tiny, out, "--themes", "energy,trade,defence", "--timeout", "3"), timeout=240)
    assert proc.returncode == 1, proc.stderr[-3000:]
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    st = {r: e["status"] for r, e in m["reports"].items()}
    assert st["energy"] == st["trade"] == "failed" and st["defence"] == "built"
    assert "the kernel died" in m["reports"]["energy"]["error"]
    assert "timed out: the notebook ran longer than 3 s" in m["reports"]["trade"]["error"]
    assert time.perf_counter() - t0 < 200 and lock_is_free(out)
    assert "FAILED" in (out / "index.html").read_text(encoding="utf-8")


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            found.add(c)
            todo.append(c)
    return found


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for p in pids:
        try:
            state = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(p)
    return alive


@pytest.mark.slow
def test_sigterm_stops_workers_and_kernels_and_the_next_build_runs(tiny, tmp_path):
    out = published_copy(tiny, tmp_path)
    published = (out / "manifest.json").read_text(encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "briefing", *tiny_args(tiny, out, "--themes", "nuclear,defence",
                                                                          "--force")],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "FAULTS_NAP": "600"})
    deadline = time.monotonic() + 120
    kernels: set[int] = set()
    while time.monotonic() < deadline and not kernels:  # wait until a report is running in a kernel
        time.sleep(0.5)
        kernels = {p for p in _descendants(proc.pid) if b"ipykernel" in Path(f"/proc/{p}/cmdline").read_bytes()}
    assert kernels, "no kernel started"
    time.sleep(2)
    family = _descendants(proc.pid)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, stderr[-3000:]
    assert "interrupted by SIGTERM" in stderr and "Traceback" not in stderr
    deadline = time.monotonic() + 10
    while _alive(family) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(family), "workers or kernels outlived the build"
    assert lock_is_free(out)
    assert (out / "manifest.json").read_text(encoding="utf-8") == published  # the published set is untouched
    assert len(list((out / "builds").iterdir())) == 1  # the unpublished folder was removed
    second = cli(*tiny_args(tiny, out, "--themes", "defence"))
    assert second.returncode in (0, 1) and "another build is running" not in second.stderr


@pytest.mark.slow
def test_a_kill_during_the_pack_leaves_the_old_set_published(tiny, tmp_path):
    out = published_copy(tiny, tmp_path)
    published = current_build(out)
    before = (out / "index.html").read_bytes()
    # the kill is injected where the pack is made: everything of the new set is written but the switch
    code = ("import os, signal, sys\nimport briefing.build.run as run\n"
            "def killed(*a, **k):\n    os.kill(os.getpid(), signal.SIGKILL)\n"
            "run.build_pack = killed\nfrom briefing.cli import main\n"
            f"sys.exit(main({tiny_args(tiny, out, '--themes', 'defence,nuclear', '--force')!r}))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=240)
    assert proc.returncode == -signal.SIGKILL
    assert current_build(out) == published and (out / "index.html").read_bytes() == before
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["reports"]["nuclear"]["status"] == "missing"
    assert len(list((out / "builds").iterdir())) == 2  # the killed build's folder, never published
    again = cli(*tiny_args(tiny, out, "--themes", "defence"))
    assert again.returncode == 1  # nuclear and the others were never built: not every report is current
    assert "took over the build lock left by pid" in again.stderr
    assert published.exists() and len(list((out / "builds").iterdir())) == 2  # leftover gone, one previous kept


@pytest.mark.slow
def test_a_full_disk_publishes_nothing_and_says_so(tiny, tmpfs):
    point = tmpfs("size=512k")
    (point / "filler").write_bytes(b"\0" * (512 * 1024 - 16 * 1024))  # leave too little for a build
    out = point / "reports"
    proc = cli(*tiny_args(tiny, out, "--themes", "defence,nuclear"), timeout=240)
    assert proc.returncode in (1, 2), proc.stderr[-3000:]
    assert "No space left on device" in proc.stderr and "Traceback" not in proc.stderr
    assert current_build(out) is None and not (out / "index.html").exists()
    assert not [p for p in out.rglob("*") if p.is_file() and p.stat().st_size == 0 and p.name != ".build.lock"
                and p.suffix != ".log"]
