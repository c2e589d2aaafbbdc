"""Benchmark: the item analysis against the hand-checked scorecards.

For the seed corpus (tests/fixtures/seed_scorecard.yaml) and the second corpus about another event
(tests/fixtures/other_event/expected_scorecard.yaml): how many watch-list items get the right
consolidated status, timing and supporting sources, how many per-sentence statements ("says",
"when") of the fixtures' evidence the analysis reads right, and how many of the discovered
deliverables the fixture lists the analysis finds.

Run: .venv/bin/python bench/items.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from briefing import paths  # noqa: E402
from briefing.analysis.data import load_corpus  # noqa: E402
from briefing.analysis.outcomes import scorecard, statements  # noqa: E402
from briefing.analysis.scoring import compare_scorecard  # noqa: E402
from briefing.config import load_yaml  # noqa: E402
from briefing.extraction.extract import ExtractOptions, run_extraction  # noqa: E402

FIXTURES = HERE.parent / "tests" / "fixtures"


def measure(name: str, seeds: Path, themes: Path, items: Path, event: Path, expected: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        run_extraction(ExtractOptions(seeds=seeds, out=Path(tmp), themes=themes, items=items, event=event))
        corpus = load_corpus(Path(tmp), themes, items, event)
        sc = scorecard(corpus, include_mentioned=True)
        r = compare_scorecard(sc, expected)
        st = statements(corpus)
    n = len(r)
    both = int((r.status_ok & r.timing_ok).sum())
    print(f"{name}: {n} watch-list items: status right {int(r.status_ok.sum())}/{n}, timing right "
          f"{int(r.timing_ok.sum())}/{n}, both {both}/{n}, supporting sources right {int(r.sources_ok.sum())}/{n}")
    for row in r[~(r.status_ok & r.timing_ok)].itertuples():
        print(f"  wrong: {row.item}: {row.status}/{row.timing}, expected {row.expected_status}/{row.expected_timing}")
    fixture = load_yaml(expected)["items"]
    says = when = total = 0
    for e in fixture:
        for ev in e.get("evidence", []):
            if e.get("discovered"):
                continue
            hit = st[(st["item"] == e["id"]) & (st.article_id == ev["article"]) & st.text.str.contains(ev["in"], regex=False)]
            total += 1
            if len(hit):
                says += int((hit.status == ev["says"]).any())
                when += int((hit.timing == ev["when"]).any())
    print(f"  evidence statements: {total}; status read right {says}/{total}, timing {when}/{total}")
    found = sc[sc.discovered]
    wanted = [e for e in fixture if e.get("discovered")]
    # a discovered item is matched by the words its sentences use (its name may say whose: "for Russia’s oil
    # sector" where the sentence writes "for its oil sector")
    written = {i: {s.lower() for s in g.surface} for i, g in st[st.discovered].groupby("item")}

    def names(r) -> set[str]:
        return {r.name.lower(), *written.get(r.item, ())}

    def same(r, e) -> bool:
        return any(n in e["phrase"].lower() for n in names(r))

    matched = [e["id"] for e in wanted if any(same(r, e) for r in found.itertuples())]
    right = [e["id"] for e in wanted for r in found.itertuples()
             if same(r, e) and (r.status, r.timing) == (e["status"], e["timing"])]
    print(f"  discovered deliverables: fixture lists {len(wanted)}, analysis finds {len(found)} "
          f"({', '.join(found.name) or 'none'}); {len(matched)} of the fixture's found, {len(set(right))} with the "
          "right status and timing")


def devset() -> None:
    """Item discovery on the development set (other events, no watch list): real deliverables vs junk."""
    import shutil

    dev = FIXTURES / "devset"
    wanted = load_yaml(dev / "deliverables.yaml")["deliverables"]
    with tempfile.TemporaryDirectory() as tmp:
        seeds, out = Path(tmp) / "seeds", Path(tmp) / "out"
        seeds.mkdir()
        for f in dev.glob("*.txt"):
            shutil.copy(f, seeds / f.name)
        none = Path(tmp) / "none.yaml"  # no watch list and no event: every deliverable is a discovery
        run_extraction(ExtractOptions(seeds=seeds, out=out, themes=dev / "themes.yaml", items=none, event=none))
        corpus = load_corpus(out, dev / "themes.yaml", none, none)
        found = scorecard(corpus, include_mentioned=True)
    real = [r for r in found.itertuples() if any(r.name.lower() in w["phrase"].lower() and w["article"] in r.sources
                                                  for w in wanted)]
    hit = [w for w in wanted if any(r.name.lower() in w["phrase"].lower() and w["article"] in r.sources for r in found.itertuples())]
    print(f"devset ({len(list(dev.glob('*.txt')))} articles, no watch list): {len(found)} deliverables discovered, "
          f"{len(real)} of them real (in the hand list), {len(found) - len(real)} junk; {len(hit)} of the "
          f"{len(wanted)} hand-listed deliverables found")
    for r in found.itertuples():
        print(f"  {'real' if r in real else 'JUNK'}: {r.name} [{r.status}/{r.timing}] ({', '.join(r.sources)})")
    for w in wanted:
        if w not in hit:
            print(f"  missed: {w['article']}: {w['phrase']}")


def main() -> None:
    measure("seeds (5 articles)", paths.SEEDS, paths.THEMES_FILE, paths.ITEMS_FILE, paths.EVENT_FILE,
            FIXTURES / "seed_scorecard.yaml")
    other = FIXTURES / "other_event"
    measure("other event (3 articles)", other / "seeds", other / "themes.yaml", other / "items.yaml",
            other / "event.yaml", other / "expected_scorecard.yaml")
    devset()


if __name__ == "__main__":
    main()
