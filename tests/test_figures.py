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


@pytest.mark.parametrize(
    "sentence, low, high, unit, qualifier",
    [
        # industry abbreviations that carry a scale and a period
        ("The terminal will handle 7.5 mtpa once built.", 7.5e6, 7.5e6, "tonnes/year", "exact"),
        ("Field output is nearly 450,000 b/d now.", 4.5e5, 4.5e5, "barrels/day", "approx"),
        ("The basin holds 12 tcf of gas.", 1.2e13, 1.2e13, "cubic feet", "exact"),
        # temperatures, nautical distances, basis points
        ("Inland it will reach 31C by noon.", 31, 31, "degC", "exact"),
        ("Nights fall to minus 4°C in the hills.", -4, -4, "degC", "exact"),
        ("The rig sits 40 nautical miles offshore.", 40, 40, "nautical miles", "exact"),
        ("The bank cut rates by 25 basis points.", 0.25, 0.25, "percent", "exact"),  # README: bp in percent
        # other dollars, yen and scales written the Indian way
        ("The miner raised A$2.4 billion.", 2.4e9, 2.4e9, "AUD", "exact"),
        ("The loan is 300 billion yen.", 3e11, 3e11, "JPY", "exact"),
        ("A stimulus of Rs 2 lakh crore was announced.", 2e12, 2e12, "INR", "exact"),
        # frequencies and counts per period
        ("The council will meet at least twice a year.", 2, 2, "count/year", "over"),
        ("The port expects 30 tankers a month.", 30, 30, "count/month", "exact"),
        # bounds in words
        ("The fleet will be delivered within four years.", 4, 4, "years", "up_to"),
        ("Talks will resume within the coming ten days.", 10, 10, "days", "up_to"),
        ("Prices kept topping $90 a barrel.", 90, 90, "USD/barrel", "over"),
        ("They hired no fewer than 40 engineers.", 40, 40, "count", "over"),
        # shares written as ratios or with an aside before "of"
        ("One in four households cut spending.", 25, 25, "percent", "exact"),
        ("They buy three-quarters, or 9 million tonnes, of the crop.", 75, 75, "percent", "exact"),
        # a number standing for a figure named before it, and "the number of ... is N"
        ("Shipments hit 2.1 million tonnes, short of the 3 million mark set.", 3e6, 3e6, "tonnes", "exact"),
        ("The number of staff at the agency is 2,400.", 2400, 2400, "count", "exact"),
    ],
)
def test_units_rates_bounds_and_shares_as_news_writes_them(sentence, low, high, unit, qualifier):
    got = [(f.low, f.high, f.unit, f.qualifier) for f in extract_figures(sentence, MEASURES)]
    assert (pytest.approx(low), pytest.approx(high), unit, qualifier) in got, got


@pytest.mark.parametrize(
    "sentence",
    [
        "The hosts came back for a 2-2 draw after the 81st minute.",
        "The court ruled 6-3 against the levy.",
        "The city won 3-0 at home.",
        "Section 301 duties and Article 5 guarantees were discussed.",
        "Forecasters see the low 30C range by the weekend.",
        "Once the treaty is ratified, twice the effort will be needed.",
        "The index peaked at 12 in 2019 and fell.",
        "Envoys met at 11 Marlow Street before the P5+1 talks on 6G standards.",
    ],
)
def test_scores_tallies_designators_and_bands_are_not_figures(sentence):
    assert [f.surface for f in extract_figures(sentence, MEASURES) if f.unit == "count" or "C" in f.surface] == []


def test_a_year_joined_by_and_does_not_swallow_the_figure_after_it():
    figs = extract_figures("The index peaked in 2019 and 4,000 firms left in 2021.", MEASURES)
    assert [(f.low, f.unit) for f in figs] == [(4000, "count")]
    the_pair = "The 150 figure planned"
    assert extract_figures(the_pair, MEASURES) == []  # no earlier figure to stand for


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # the unit written at both ends of a range
        ("Margins of 4%-7% are usual.", [(4, 7, "percent", "range")]),
        ("Bids came in at €2bn-€3bn.", [(2e9, 3e9, "EUR", "range")]),
        ("Yields stayed between 3% and 4% all year.", [(3, 4, "percent", "range")]),
        # "from A to B" and a fall are a change, not a range
        ("Duties drop from 12% to 8% next year.", [(12, 12, "percent", "exact"), (8, 8, "percent", "exact")]),
        ("Shares slid 9% to 5% of the index.", [(9, 9, "percent", "exact"), (5, 5, "percent", "exact")]),
        # a model number inside the counted noun
        ("The navy ordered 24 MH-60 helicopters.", [(24, 24, "count", "exact")]),
    ],
)
def test_ranges_with_the_unit_twice_and_counted_models(sentence, expected):
    got = [(f.low, f.high, f.unit, f.qualifier) for f in extract_figures(sentence, MEASURES)]
    assert got == [(pytest.approx(lo), pytest.approx(hi), u, q) for lo, hi, u, q in expected], got


def test_a_comma_written_number_is_no_year_and_a_restated_figure_keeps_its_unit():
    figs = extract_figures("Some 2,000 troops arrived, two-fifths of the 1,200 planned, or about 480, by 2024.", MEASURES)
    assert [(f.low, f.unit, f.qualifier) for f in figs] == [
        (2000, "count", "approx"), (40, "percent", "exact"), (1200, "count", "exact"), (480, "count", "approx")
    ]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # a quantity is: qualifier? value (digits | words) scale? unit; these are its written variants
        ("The central bank lifted its key rate by 50 basis points.", [(0.5, 0.5, "percent", "exact")]),
        ("Officials promised a 40-percent rise in shipments.", [(40, 40, "percent", "exact")]),
        ("The fund raised more than half a billion euros.", [(5e8, 5e8, "EUR", "over")]),
        ("The crossing took less than a week.", [(1, 1, "weeks", "under")]),
        ("They waited nearly a decade for the permit.", [(10, 10, "years", "approx")]),
        ("The ceasefire came after 12 bitter years of war.", [(12, 12, "years", "exact")]),
        ("The rescue lasted 40 seconds.", [(40, 40, "seconds", "exact")]),
        ("The probe is 4.2 light-years away.", [(4.2, 4.2, "light-years", "exact")]),
        ("The Nikkei closed at 38,120.5 points on Monday.", [(38120.5, 38120.5, "points", "exact")]),
        ("She set a course record of 2:19:40 in the rain.", [(139 + 40 / 60, 139 + 40 / 60, "minutes", "exact")]),
        ("The lender will cover at least half the project cost.", [(50, 50, "percent", "over")]),
        ("Maria Ochoa, 34, of Lima, won the vote.", [(34, 34, "years", "exact")]),
        ("Six of them stayed behind.", [(6, 6, "count", "exact")]),
        # "from A to B" is a level before and after a change; "by A to B" a change and a level
        ("The rate went from 4.25 to 4.5 percent in May.", [(4.25, 4.25, "percent", "exact"), (4.5, 4.5, "percent", "exact")]),
        ("Rates were cut by 25 basis points to 3.5%.", [(0.25, 0.25, "percent", "exact"), (3.5, 3.5, "percent", "exact")]),
        # not figures: a year on its own, a unit defined, a clock time, a decimal with no unit
        ("A year of talks ended in a deal.", []),
        ("One mile is about 1.6 km.", [(1.6, 1.6, "km", "approx")]),
        ("The session opened at 9:30:00 a.m. sharp.", []),
        ("The peso slid to 17.85 against the dollar.", []),
    ],
)
def test_the_grammar_of_a_quantity(sentence, expected):
    got = [(f.low, f.high, f.unit, f.qualifier) for f in extract_figures(sentence, MEASURES)]
    assert got == [(pytest.approx(a), pytest.approx(b), u, q) for a, b, u, q in expected], got
