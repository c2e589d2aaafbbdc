"""The fast paths of the item statements give what trying everything on every sentence gives.

``items.ItemMatcher`` tries an item's patterns only on sentences holding the item's words (found in
one scan), ``items.discover`` a pattern only on sentences holding the literals it needs, and
``outcomes.classify`` matches its cues against the folded sentence: none of these may ever drop or
change a match. Checked on every sentence of the seeds, the second corpus, the dev set and the
hostile text, plus each watch-list phrase written in awkward ways.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from briefing import paths
from briefing.analysis import items as items_mod
from briefing.analysis import outcomes
from briefing.analysis.event import AFTER, AT, BEFORE
from briefing.config import load_items, load_themes
from briefing.extraction.segment import segment

FIXTURES = Path(__file__).parent / "fixtures"
OTHER = FIXTURES / "other_event"


def _sentences() -> pd.DataFrame:
    files = sorted(paths.SEEDS.glob("*.txt")) + sorted((OTHER / "seeds").glob("*.txt")) + sorted(
        (FIXTURES / "devset").glob("*.txt")) + [FIXTURES / "hostile.txt"]
    rows = [(f"{f.parent.name}/{f.stem}-{s.n}", f"{f.parent.name}/{f.stem}", s.text, s.block)
            for f in files for s in segment(f.read_text(encoding="utf-8"))]
    return pd.DataFrame(rows, columns=["sentence_id", "article_id", "text", "block"])


def _watch_lists() -> list[tuple]:
    out = []
    for items_file, themes_file in ((paths.ITEMS_FILE, paths.THEMES_FILE), (OTHER / "items.yaml", OTHER / "themes.yaml")):
        theme_ids = [t.id for t in load_themes(themes_file)]
        out.append(tuple(load_items(items_file, theme_ids, themes_file)))
    return out


@pytest.fixture(scope="module")
def sentences() -> pd.DataFrame:
    return _sentences()


def _awkward(watch: tuple) -> list[str]:
    """Every phrase of the watch list written as news may write it, and as it must not match."""
    out = []
    for it in watch:
        for p in (it.name, *it.aliases):
            out += [f"They signed the {p} today.", f"pre-{p}-post", f"({p.upper()})", f"x{p}y", f"“{p.lower()}”",
                    p.replace(" ", "-").replace("'", "’"), f"İ {p.replace('i', 'İ').replace('s', 'ſ')}",
                    f"{p.replace('k', 'K')}s"]
    return out


def _reference_find(matcher, text: str) -> list[tuple[str, int, int, str]]:
    """Every pattern of every item tried on the text, no prefilter; checks the scan found each match's words."""
    out = []
    words = matcher.words_in(text)
    for iid, patterns in matcher._patterns.items():
        hits = []
        for needles, rx in patterns:
            if m := rx.search(text):
                assert needles <= words, (text, rx.pattern)
                hits.append(m)
        if hits:
            m = min(hits, key=lambda m: m.start())
            out.append((iid, m.start(), m.end(), m.group(0)))
    return sorted(out, key=lambda x: x[1])


@pytest.mark.parametrize("which", [0, 1], ids=["seeds' watch list", "second corpus' watch list"])
def test_mentions_are_those_every_pattern_finds(sentences, which):
    watch = _watch_lists()[which]
    matcher = items_mod.ItemMatcher(watch)
    texts = list(sentences.text) + _awkward(watch)
    found = 0
    for text in texts:
        fast = matcher.find(text)
        assert fast == _reference_find(matcher, text), text
        found += len(fast)
    assert found > 50  # the check ran on sentences that name items


def test_discover_prefilter_drops_nothing(sentences, monkeypatch):
    body = pd.concat([sentences, pd.DataFrame(
        [(f"awkward-{i}", "awkward", t, "body") for i, t in enumerate(_awkward(_watch_lists()[0]))],
        columns=sentences.columns)], ignore_index=True)
    for watch in _watch_lists():
        known = items_mod.mentions(body, watch)
        fast = items_mod.discover(body, known)
        monkeypatch.setattr(items_mod, "DISCOVER_NEEDS", [()] * len(items_mod.DISCOVER))
        reference = items_mod.discover(body, known)
        monkeypatch.undo()
        pd.testing.assert_frame_equal(fast, reference)
        assert len(fast) > 10


def test_every_discover_pattern_has_its_prefilter():
    assert len(items_mod.DISCOVER_NEEDS) == len(items_mod.DISCOVER)


def _reference_classify(text: str, start: int, timing: str) -> tuple[str, str]:
    """classify as first written: the cue patterns with re.IGNORECASE on the text as written."""
    m = outcomes.NOT_AGREED_CUES.search(text)
    if m and not (timing == BEFORE and outcomes.EXPECTED_CUES.search(text)):
        return outcomes.NOT_AGREED, m.group(0)
    hits, taken = [], []
    for status, rx in outcomes.CUE_ORDER:
        for h in rx.finditer(text):
            if any(a <= h.start() < b for a, b in taken):
                continue
            hits.append((h.start(), h.end(), status, h.group(0)))
            if status == outcomes.IN_PROGRESS:
                taken.append(h.span())
    before = [h for h in hits if h[0] < start]
    after = [h for h in hits if h[0] >= start]
    if before:
        return max(before, key=lambda h: h[0])[2:]
    if after:
        return min(after, key=lambda h: h[0])[2:]
    if timing in (BEFORE, AT) and outcomes.TOPIC_CUES.search(text):
        return outcomes.EXPECTED, outcomes.TOPIC_CUES.search(text).group(0)
    return outcomes.MENTIONED, ""


def test_classify_reads_the_cues_re_ignorecase_reads(sentences):
    odd = ["They SIGNED and Agreed to accelerate talks", "The deal waſ ſigned", "It İs expected; they AGREED",
           "The KELVIN sign K: the pact will be Signed", "Talks did not result in a deal; it would be signed"]
    texts = list(sentences.text) + odd
    for text in texts:
        for start in (0, len(text) // 2, len(text)):
            for timing in (BEFORE, AFTER):
                assert outcomes.classify(text, start, timing) == _reference_classify(text, start, timing), (text, start)
