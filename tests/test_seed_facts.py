"""The extractor against the hand-checked facts of the five real seed articles."""

from pathlib import Path

import pytest
import yaml

FACTS = yaml.safe_load((Path(__file__).parent / "fixtures" / "seed_facts.yaml").read_text(encoding="utf-8"))


def _sentence_ids(tables, article_id, snippet):
    s = tables["sentences"]
    hits = s[(s.article_id == article_id) & s.text.str.contains(snippet, regex=False)]
    assert len(hits), f"no sentence of {article_id} contains {snippet!r}"
    return set(hits.sentence_id)


@pytest.mark.parametrize("article_id", sorted(FACTS["figures"]))
def test_every_hand_checked_figure_is_found(tables, article_id):
    figs = tables["figures"]
    for fact in FACTS["figures"][article_id]:
        sids = _sentence_ids(tables, article_id, fact["in"])
        rows = figs[figs.sentence_id.isin(sids) & (figs.surface == fact["surface"])]
        assert len(rows) >= 1, f"{article_id}: {fact['surface']!r} in {fact['in']!r} not found"
        row = rows.iloc[0]
        assert float(row.low) == pytest.approx(fact["low"]) and float(row.high) == pytest.approx(fact["high"]), fact
        assert row.unit == fact["unit"] and row.qualifier == fact["qualifier"], (fact, row.to_dict())
        if "measure" in fact:
            assert row.measure == fact["measure"], (fact, row.to_dict())


def test_no_figures_beyond_the_hand_checked_list(tables):
    expected = sum(len(v) for v in FACTS["figures"].values())
    assert len(tables["figures"]) == expected, tables["figures"][["sentence_id", "surface"]].to_string()


@pytest.mark.parametrize("article_id", sorted(FACTS["quotes"]))
def test_every_hand_checked_quote_and_speaker(tables, article_id):
    q = tables["quotes"]
    got = q[q.article_id == article_id]
    assert len(got) == len(FACTS["quotes"][article_id]), got[["speaker", "quote"]].to_string()
    for fact in FACTS["quotes"][article_id]:
        rows = got[got.quote.str.startswith(fact["starts"])]
        assert len(rows) == 1, fact
        assert rows.iloc[0].speaker == fact["speaker"], (fact, rows.iloc[0].to_dict())


def test_scare_quotes_are_not_quotes(tables):
    quotes = set(tables["quotes"].quote)
    for term in FACTS["terms"]:
        assert term not in quotes


def test_theme_assignments_on_sample_sentences(tables):
    s = tables["sentences"].set_index("sentence_id")
    expected = {
        # RELOS ratification: defence
        "000_82b28d731f843d0d:23": {"defence"},
        # S-400 squadrons and missile systems: defence only
        "002_8ea845e3461e25a4:56": {"defence"},
        # over 90% in rupees and rubles, SPFS: payments
        "002_8ea845e3461e25a4:52": {"payments"},
        # ceremony: no theme
        "001_3ca3ae4eb001fd4c:7": set(),
        # labour mobility agreement
        "002_8ea845e3461e25a4:45": {"labour"},
        # Kudankulam and 100 GW
        "002_8ea845e3461e25a4:23": {"nuclear"},
    }
    for sid, themes in expected.items():
        got = set(filter(None, s.loc[sid, "themes"].split(";")))
        assert themes <= got, (sid, s.loc[sid, "text"][:80], got)
        if not themes:
            assert got == set(), (sid, got)
    # each theme's cue is recorded next to it
    row = s.loc["002_8ea845e3461e25a4:56"]
    assert "defence:" in row.cues


def test_stance_on_seed_sentences(tables):
    s = tables["sentences"].set_index("sentence_id")
    assert s.loc["000_82b28d731f843d0d:23", "stance"] == "outcome"  # Duma formally ratified
    assert s.loc["004_d5066d89511212f3:1", "stance"] == "expectation"  # Putin will be in New Delhi
    assert s.loc["002_8ea845e3461e25a4:56", "stance"] == "outcome"  # did not result in ... deals


def test_dates_resolve_yearless_days(tables):
    d = tables["dates"]
    dec4 = d[(d.article_id == "004_d5066d89511212f3") & d.surface.str.contains("December 4")]
    assert list(dec4.date) == ["2025-12-04"]
    assert "2030" in set(d[d.surface == "by 2030"].date)


def test_articles_table(tables):
    a = tables["articles"]
    assert list(a.article_id) == sorted(a.article_id)
    assert set(a.status) == {"ok"}
    assert dict(zip(a.article_id, a.kind)) == {
        "000_82b28d731f843d0d": "preview", "001_3ca3ae4eb001fd4c": "report", "002_8ea845e3461e25a4": "analysis",
        "003_aa7ec0b2ce8cf2ac": "report", "004_d5066d89511212f3": "preview"}
    assert (a.words > 500).all()
