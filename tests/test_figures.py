import pytest

from briefing import paths
from briefing.config import load_measures
from briefing.extraction.figures import extract_figures

MEASURES = load_measures(paths.MEASURES_FILE)


def one(sentence):
    figs = extract_figures(sentence, MEASURES)
    assert len(figs) == 1, figs
    return figs[0]


@pytest.mark.parametrize(
    "sentence, surface, low, high, unit, qualifier",
    [
        ("The deal is worth Rs 500 crore to the state.", "Rs 500 crore", 5e9, 5e9, "INR", "exact"),
        ("Exports reached €1.2bn last year.", "€1.2bn", 1.2e9, 1.2e9, "EUR", "exact"),
        ("The two sides signed 25 agreements on Friday.", "25 agreements", 25, 25, "count", "exact"),
        ("Over 90% of payments are settled in rupees.", "Over 90%", 90, 90, "percent", "over"),
        ("Savings of between 15 and 20 percent were reported.", "15 and 20 percent", 15, 20, "percent", "range"),
        ("Some 1,200 workers left.", "Some 1,200 workers", 1200, 1200, "count", "approx"),
        ("Output could rise by up to 40 per cent.", "up to 40 per cent", 40, 40, "percent", "up_to"),
        ("The plant will add 2,000 MW of power.", "2,000 MW", 2000, 2000, "MW", "exact"),
        ("It imported 1.5 million barrels last month.", "1.5 million barrels", 1.5e6, 1.5e6, "barrels", "exact"),
        ("A 10-year contract was discussed.", "10-year", 10, 10, "years", "exact"),
        ("Twenty-five countries attended.", "Twenty-five countries", 25, 25, "count", "exact"),
        ("Fewer than 300 troops remain.", "Fewer than 300 troops", 300, 300, "count", "under"),
    ],
)
def test_figures_general_forms(sentence, surface, low, high, unit, qualifier):
    f = one(sentence)
    assert (f.surface, f.low, f.high, f.unit, f.qualifier) == (surface, low, high, unit, qualifier)


@pytest.mark.parametrize(
    "sentence",
    [
        "The summit took place in 2021 and again in 2025.",
        "Putin arrived on December 4, 2025, for the 23rd annual summit.",
        "The S-400 and Su-57 were discussed, as was the SJ-100.",
        "The talks began at 10:30 on 4 December.",
        "Cooperation dates back to the 1960s.",
        "One of the two countries objected; the two leaders met.",
        "Trade in FY 2023–24 grew.",
        "The 2030 programme was adopted.",
    ],
)
def test_not_figures(sentence):
    assert extract_figures(sentence, MEASURES) == []


def test_count_keeps_the_counted_noun():
    f = one("India plans to buy five squadrons of the system.")
    assert f.item == "squadrons" and f.measure == "squadrons"
    f = one("More than half a dozen Cabinet ministers attended.")
    assert (f.low, f.item, f.qualifier) == (6, "cabinet ministers", "over")


def test_measure_label_from_configured_cue_and_target():
    assert one("Bilateral trade stands at approximately $68.7 billion.").measure == "bilateral trade"
    assert one("Both aim to raise bilateral trade to $100 billion by 2030.").measure == "bilateral trade target"
    assert one("India imports nearly $64 billion of goods.").measure == "imports"


def test_measure_label_falls_back_to_nearby_words():
    assert one("The company booked $3 billion revenue.").measure == "revenue"
    assert one("The fund holds 12% of the shares.").measure == "shares"
