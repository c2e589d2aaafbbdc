"""Theme slices and corpus aggregates: a report kernel reads only its rows, through fsspec paths (issue 11)."""

from __future__ import annotations

import json
import shutil

import fsspec
import pandas as pd
import pytest

from briefing import paths
from briefing.analysis import actors, coverage, figure_table, key_judgements, key_points, scorecard, timeline, voices
from briefing.analysis.actors import _found_acting, outlets
from briefing.analysis.claims import _needles, _words, claim_support, disagreements
from briefing.analysis.coverage import restrict, sentence_totals, tagged
from briefing.analysis.data import load_corpus
from briefing.analysis.outcomes import statements
from briefing.analysis.slices import read_aggregates, scan_sentences, write_slices
from briefing.errors import DataError, UsageError
from briefing.reporting.report import ThemeReport
from briefing.tables import read_table

AS_OF = "2025-12-08"
CONFIG = (paths.THEMES_FILE, paths.ITEMS_FILE, paths.EVENT_FILE)


@pytest.fixture(scope="module")
def sliced(extracted, tmp_path_factory):
    """A copy of the extracted seeds with their slices written, and the whole corpus."""
    data = tmp_path_factory.mktemp("sliced") / "processed"
    shutil.copytree(extracted, data, ignore=shutil.ignore_patterns(".store"))
    counts = write_slices(data, *CONFIG)
    return data, counts, load_corpus(data)


def _sections(corpus, theme: str) -> list:
    """What a theme report computes, section by section, as the notebook calls it."""
    r = ThemeReport(corpus, theme, AS_OF, [])
    kp = key_points(r.corpus, theme, n=5)
    return [key_judgements(r.corpus, theme=theme, limit=7), scorecard(r.corpus, theme=theme), kp, coverage(r.corpus, theme),
            figure_table(r.corpus, theme), voices(r.corpus, theme, attributed=False),
            actors(r.corpus, theme, types=("person", "organisation"), min_mentions=1, limit=12),
            timeline(r.corpus, theme, as_of=AS_OF, sort="date"), r.records, r.n_articles,
            claim_support(r.corpus, list(kp.sentence_id))]


def test_a_theme_report_computes_the_same_from_its_slice(sliced):
    data, _, full = sliced
    theme = "energy"
    part = load_corpus(data, *CONFIG, theme=theme)
    assert part.memo["slice"] == theme and len(part.sentences) < len(full.sentences)
    for i, (a, b) in enumerate(zip(_sections(full, theme), _sections(part, theme))):
        same = a.to_csv() == b.to_csv() if isinstance(a, pd.DataFrame) else a == b
        assert same, f"section {i} differs between the slice and the whole corpus"


def test_a_slice_holds_exactly_its_themes_rows(sliced):
    data, counts, full = sliced
    part = load_corpus(data, *CONFIG, theme="energy")
    s = part.sentences
    st = statements(full)
    theirs = set(st.sentence_id[[("energy" in t.split(";")) for t in st.themes]])
    assert set(full.sentences.sentence_id[tagged(full.sentences, "energy")]) <= set(s.sentence_id)
    others = s[~tagged(s, "energy")]
    assert not others.empty and len(s) == counts["energy"]
    for sid in others.sentence_id:  # an untagged sentence names an energy item or carries on a quotation
        article, _, n = sid.rpartition(":")
        before = {f"{article}:{int(n) - k}" for k in range(1, 8)}
        assert sid in theirs or before & set(part.quotes.sentence_id), sid
    for name in ("figures", "dates", "quotes", "entities"):
        whole = getattr(full, name)
        expected = whole[whole.sentence_id.isin(set(s.sentence_id))].reset_index(drop=True)
        pd.testing.assert_frame_equal(getattr(part, name), expected)
    pd.testing.assert_frame_equal(part.articles, full.articles)  # every article: citations number the corpus


def test_the_aggregates_equal_what_the_whole_tables_give(sliced):
    data, _, full = sliced
    agg = read_aggregates(data)
    pd.testing.assert_frame_equal(agg["statements"], statements(full))
    assert agg["figure_table"].to_csv() == figure_table(full).to_csv()
    assert list(agg["figure_table"].sources) == list(figure_table(full).sources)
    pd.testing.assert_frame_equal(agg["disagreements"], disagreements(full))
    assert agg["outlets"] == outlets(full)
    assert agg["sentence_totals"].to_dict() == sentence_totals(full).to_dict()
    assert agg["actors_found"] == _found_acting(full)  # the names found acting in every article, not the slice's
    pd.testing.assert_frame_equal(agg[("scorecard",)], scorecard(full, include_mentioned=True))
    assert list(agg[("scorecard",)].conflict_sides) == list(scorecard(full, include_mentioned=True).conflict_sides)
    overview = load_corpus(data, *CONFIG, aggregates=True)  # the overview: every row, aggregates precomputed
    assert len(overview.sentences) == len(full.sentences) and "statements" in overview.memo


def test_slices_of_other_tables_or_configuration_are_not_used(sliced, tmp_path):
    data, _, full = sliced
    items = tmp_path / "items.yaml"
    items.write_text(paths.ITEMS_FILE.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    stale = load_corpus(data, paths.THEMES_FILE, items, paths.EVENT_FILE, theme="energy")
    assert "slice" not in stale.memo and len(stale.sentences) == len(full.sentences)
    copy = tmp_path / "processed"
    shutil.copytree(data, copy)
    (copy / ".extract-cache.json").write_text(json.dumps({"key": "other tables"}), encoding="utf-8")
    assert "slice" not in load_corpus(copy, *CONFIG, theme="energy").memo


def test_a_slice_cannot_be_restricted_to_some_sources(sliced):
    data, _, full = sliced
    part = load_corpus(data, *CONFIG, theme="energy")
    with pytest.raises(UsageError, match="parameter sources: .*slice of theme 'energy'.*without theme"):
        restrict(part, [full.articles.article_id.iloc[0]])


def test_tables_and_slices_read_through_fsspec_urls(sliced):
    data, _, _ = sliced
    fs = fsspec.filesystem("memory")
    fs.put(str(data), "/corpus-a", recursive=True)
    try:
        url = "memory://corpus-a"
        pd.testing.assert_frame_equal(read_table(url, "sentences"), read_table(data, "sentences"))
        part = read_table(url, "sentences", columns=["sentence_id", "text"], filters=[("article_id", "==", "001_3ca3ae4eb001fd4c")])
        assert list(part.columns) == ["sentence_id", "text"] and len(part) and part.sentence_id.str.startswith("001_3ca3ae4eb001fd4c:").all()
        remote = load_corpus(url, *CONFIG, theme="energy")
        local = load_corpus(data, *CONFIG, theme="energy")
        assert remote.memo["slice"] == "energy"
        pd.testing.assert_frame_equal(remote.sentences, local.sentences)
        sids = list(local.sentences.sentence_id[:3])
        assert claim_support(remote, sids) == claim_support(local, sids)  # the whole corpus scanned through the URL
        file_url = load_corpus(f"file://{data}", *CONFIG, theme="energy")
        pd.testing.assert_frame_equal(file_url.sentences, local.sentences)
        with pytest.raises(DataError, match="memory://nowhere/sentences.csv: missing; run `python -m briefing extract`"):
            read_table("memory://nowhere", "sentences")
    finally:
        fs.rm("/corpus-a", recursive=True)


def test_the_scan_finds_every_sentence_that_can_share_enough_words(sliced):
    data, _, full = sliced
    s = full.sentences
    for sid in s.sentence_id[s.text.str.len() > 80].head(5):
        mine = _words(s.set_index("sentence_id").text[sid])
        found = set(scan_sentences(data, [_needles(mine, 0.6)]).sentence_id)
        close = {o for o, t in zip(s.sentence_id, s.text)
                 if _words(t) and len(mine & _words(t)) / len(mine | _words(t)) >= 0.6}
        assert sid in close and close <= found


@pytest.mark.parametrize("words, share, k", [({"alpha", "beta", "gamma", "delta", "epsil"}, 0.6, 3),
                                            ({"alpha", "beta"}, 0.6, 1), ({"alpha"}, 1.0, 1), ({"über", "ärger"}, 0.6, 0)])
def test_needles_are_enough_words_that_a_close_sentence_must_hold_one(words, share, k):
    needles = _needles(words, share)
    assert len(needles) == k and set(needles) <= words
