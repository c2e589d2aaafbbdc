"""``python -m briefing extract`` through its public interface: files, exit codes, messages."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, copy_seeds

from briefing import paths
from briefing.cli import main

COLUMNS = {
    "articles.csv": "article_id,file,title,outlet,author,published,kind,words,sha256,status,reason",
    "sentences.csv": "sentence_id,article_id,paragraph,text,themes,cues,stance",
    "figures.csv": "figure_id,article_id,sentence_id,surface,low,high,unit,item,qualifier,measure",
    "dates.csv": "article_id,sentence_id,surface,date,what",
    "quotes.csv": "quote_id,article_id,sentence_id,speaker,quote",
    "entities.csv": "article_id,sentence_id,entity,type,surface",
}


def run(*args):
    return subprocess.run([sys.executable, "-m", "briefing", *args], capture_output=True, text=True, cwd=ROOT)


def test_cli_writes_every_table_with_its_header(tmp_path, seeds_copy):
    out = tmp_path / "out"
    proc = run("extract", "--seeds", str(seeds_copy), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    for name, header in COLUMNS.items():
        first = (out / name).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(header), (name, first)
        assert (out / name.replace(".csv", ".parquet")).exists()
    assert "Traceback" not in proc.stderr
    # the tracked items, and the slices a kernel run after `extract` alone reads (current for this configuration)
    from briefing.analysis.slices import current_manifest

    assert (out / "outcomes.csv").is_file() and (out / "statements.csv").is_file()
    assert current_manifest(out, paths.THEMES_FILE, paths.ITEMS_FILE, paths.EVENT_FILE) is not None


def test_second_run_reuses_the_cache(tmp_path, seeds_copy, caplog):
    out = tmp_path / "out"
    assert main(["extract", "--seeds", str(seeds_copy), "--out", str(out)]) == 0
    stamp = (out / "sentences.csv").stat().st_mtime_ns
    assert main(["extract", "--seeds", str(seeds_copy), "--out", str(out)]) == 0
    assert (out / "sentences.csv").stat().st_mtime_ns == stamp


def test_changed_article_invalidates_the_cache(tmp_path):
    seeds = copy_seeds(tmp_path / "seeds")
    out = tmp_path / "out"
    assert main(["extract", "--seeds", str(seeds), "--out", str(out)]) == 0
    (seeds / "005_new.txt").write_text("Trade rose to $70 billion in 2025, officials said.\n", encoding="utf-8")
    assert main(["extract", "--seeds", str(seeds), "--out", str(out)]) == 0
    arts = pd.read_csv(out / "articles.csv")
    row = arts[arts.article_id == "005_new"].iloc[0]
    assert row.title == "Trade rose to $70 billion in 2025, officials said"
    assert row.kind_from == "inferred"
    figs = pd.read_csv(out / "figures.csv")
    assert "$70 billion" in set(figs[figs.article_id == "005_new"].surface)


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("bad.txt", "Caf\xe9 talks".encode("latin-1"), "not UTF-8"),
        ("empty.txt", b"   \n", "empty"),
        ("report.pdf", b"%PDF-1.7\n%binary\x00\x01", "a PDF"),
        ("blob.bin", b"abc\x00\x00\x00def", "binary"),
        ("big.txt", b"word " * 6000, "over the 25,000-byte limit"),
    ],
)
def test_bad_article_is_rejected_and_the_rest_processed(tmp_path, name, content, reason):
    seeds = copy_seeds(tmp_path / "seeds")
    (seeds / name).write_bytes(content)
    out = tmp_path / "out"
    assert main(["extract", "--seeds", str(seeds), "--out", str(out), "--max-bytes", "25000"]) == 1
    arts = pd.read_csv(out / "articles.csv", keep_default_na=False)
    bad = arts[arts.file == name].iloc[0]
    assert bad.status == "rejected" and name in bad.reason and reason in bad.reason
    ok = arts[arts.status == "ok"]
    assert len(ok) == 5
    assert (pd.read_csv(out / "sentences.csv").article_id.isin(ok.article_id)).all()


def test_duplicate_article_is_kept_once(tmp_path, capsys):
    seeds = copy_seeds(tmp_path / "seeds")
    text = (seeds / "001_3ca3ae4eb001fd4c.txt").read_text(encoding="utf-8")
    (seeds / "zz_copy.txt").write_text(text.replace("\n", "\r\n"), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["extract", "--seeds", str(seeds), "--out", str(out)]) == 1
    arts = pd.read_csv(out / "articles.csv", keep_default_na=False)
    dup = arts[arts.file == "zz_copy.txt"].iloc[0]
    assert dup.status == "rejected" and "duplicate of 001_3ca3ae4eb001fd4c.txt" in dup.reason
    assert set(pd.read_csv(out / "sentences.csv").article_id) == set(arts[arts.status == "ok"].article_id)
    assert "duplicate of" in capsys.readouterr().err


@pytest.mark.parametrize(
    "target, text, message",
    [
        ("themes", "themes:\n  - id: energy\n    title: Energy\n    cues: [oil\n", "themes.yaml:"),
        ("themes", "themes:\n  - id: energy\n    title: Energy\n    cues: [oil]\n    colour: red\n", "themes.yaml:5: unknown key 'colour'"),
        ("themes", "themes:\n  - id: energy\n    title: E\n    cues: [oil]\n  - id: energy\n    title: F\n    cues: [gas]\n", "themes.yaml:5: duplicate theme id 'energy'"),
        ("entities", "entities:\n  - name: Putin\n    type: wizard\n", "entities.yaml:3: entity 'Putin' has unknown type 'wizard'"),
        ("sources", "000_82b28d731f843d0d:\n  published: 2025-13-45\n", "sources.yaml:2: published date '2025-13-45'"),
        ("sources", "000_82b28d731f843d0d:\n  kind: preview\n000_82b28d731f843d0d:\n  kind: report\n", "sources.yaml:3: duplicate key"),
        ("sources", "000_82b28d731f843d0d:\n  editor: Someone\n", "sources.yaml:2: unknown key 'editor'"),
    ],
)
def test_malformed_configuration_exits_2_and_keeps_outputs(tmp_path, target, text, message):
    seeds = copy_seeds(tmp_path / "seeds")
    out = tmp_path / "out"
    assert main(["extract", "--seeds", str(seeds), "--out", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    args = ["extract", "--seeds", str(seeds), "--out", str(out)]
    if target == "sources":
        (seeds / "sources.yaml").write_text(text, encoding="utf-8")
    else:
        bad = tmp_path / f"{target}.yaml"
        bad.write_text(text, encoding="utf-8")
        args += [f"--{target}", str(bad)]
    proc = run(*args)
    assert proc.returncode == 2
    assert message in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_unknown_option_and_missing_folder_exit_2_with_usage(tmp_path):
    proc = run("extract", "--colour", "red")
    assert proc.returncode == 2 and "usage:" in proc.stderr
    proc = run("extract", "--seeds", str(tmp_path / "nope"))
    assert proc.returncode == 2 and "usage:" in proc.stderr and "no such folder" in proc.stderr


def test_help_reads_well():
    proc = run("extract", "--help")
    assert proc.returncode == 0 and "--seeds DIR" in proc.stdout and "--out DIR" in proc.stdout


def test_default_paths_are_the_project_folders():
    assert paths.SEEDS == Path(ROOT) / "seeds" and paths.PROCESSED == Path(ROOT) / "data" / "processed"
