import pytest

from briefing import paths
from briefing.config import load_entities, load_themes
from briefing.extraction.dates import extract_dates, resolve_year
from briefing.extraction.entities import Gazetteer
from briefing.extraction.quotes import extract_quotes
from briefing.extraction.stance import stance
from briefing.extraction.themes import ThemeTagger

GAZ = Gazetteer(load_entities(paths.ENTITIES_FILE))
TAGGER = ThemeTagger(load_themes(paths.THEMES_FILE))


@pytest.mark.parametrize(
    "sentence, surface, date",
    [
        ("Putin arrived on December 4, 2025, in Delhi.", "on December 4, 2025", "2025-12-04"),
        ("The talks ran on 5 March 2024 in Moscow.", "on 5 March 2024", "2024-03-05"),
        ("Trade should double by 2030.", "by 2030", "2030"),
        ("It has not met since 2021.", "since 2021", "2021"),
        ("Oil sales fell in October 2025.", "in October 2025", "2025-10"),
        ("Trade touched $65 billion in FY 2023–24.", "in FY 2023–24", "2023"),
        ("The visit is on December 4–5.", "on December 4–5", "--12-04"),
    ],
)
def test_dates(sentence, surface, date):
    found = extract_dates(sentence)
    assert [(d.surface, d.date) for d in found] == [(surface, date)]


def test_dates_ignore_money_and_model_numbers():
    assert extract_dates("It costs $2030 million and the S-2000 flies.") == []


def test_yearless_date_takes_the_year_given():
    assert resolve_year("--12-04", 2025) == "2025-12-04"
    assert resolve_year("--12-04", None) == "--12-04"
    assert resolve_year("2030", 2025) == "2030"


@pytest.mark.parametrize(
    "sentence, found, resolved",
    [
        ("The deal was signed in March.", [("in March", "--03")], ["2025-03"]),
        ("Building starts early May and ends by the end of April.",
         [("early May", "--05"), ("the end of April", "--04")], ["2025-05", "2025-04"]),
        ("It was agreed last July and takes effect next January.",  # published in February
         [("last July", "--07"), ("next January", "--01")], ["2024-07", "2026-01"]),
        ("A similar step was taken in November.", [("in November", "--11")], ["2024-11"]),  # nearest one
        ("The cap applies from January 1 next year.", [("from January 1 next year", "--01-01")], ["2026-01-01"]),
        ("Prices may March higher, analysts said in May 2024.", [("in May 2024", "2024-05")], ["2024-05"]),
        ("The March of the delegates was cancelled.", [], []),
    ],
)
def test_a_month_named_alone_is_a_date_resolved_from_the_publication_month(sentence, found, resolved):
    dates = extract_dates(sentence)
    assert [(d.surface, d.date) for d in dates] == found
    assert [resolve_year(d.date, 2025, 2, d.surface) for d in dates] == resolved


def test_date_carries_the_phrase_it_belongs_to():
    (d,) = extract_dates("The last summit took place in 2021, after which talks stalled.")
    assert d.what == "The last summit took place"


def quotes(sentence, prev="", last=""):
    return [(q.kind, q.speaker, q.quote) for q in extract_quotes(sentence, prev, last, GAZ)]


def test_speaker_after_the_quote_and_pronoun_follow_up():
    assert quotes("“Trade will grow fast this year,” Kugelman told Reuters.") == [
        ("quote", "Michael Kugelman", "Trade will grow fast this year")]
    assert quotes("“It is a new start,” he added.", last="Michael Kugelman") == [
        ("quote", "Michael Kugelman", "It is a new start")]


def test_speaker_before_the_quote_and_on_the_line_before():
    assert quotes("Kremlin spokesperson Dmitry Peskov said Russia would “create protective mechanisms”.")[0][:2] == (
        "quote", "Dmitry Peskov")
    assert quotes("“We will build new channels for payments.”", prev="Energy economist Elena Morozova adds:") == [
        ("quote", "Elena Morozova", "We will build new channels for payments.")]
    assert quotes("According to the minister, “the talks went well and will go on.”")[0][1] == "the minister"


def test_scare_quotes_and_titles_are_terms():
    assert quotes("Their “no-limits partnership” worries Delhi.") == [("term", "", "no-limits partnership")]
    assert quotes("They signed the “Labour Mobility Agreement” today.")[0][0] == "term"
    assert quotes("India faces a “conundrum.”")[0][0] == "term"


def test_one_quoted_word_is_a_quote_only_when_the_sentence_says_whose():
    # the writer's own scare quote: nobody in the sentence says the word
    assert quotes("Ties hit an “unusual” low this year, two years after the talks.")[0][0] == "term"
    # a reporting verb in the sentence gives the word to its subject
    assert quotes("Starmer called the deal a “landmark” for exporters.")[0][:2] == ("quote", "Starmer")
    assert quotes("As analyst Kugelman notes, India faces a “conundrum.”")[0][:2] == ("quote", "Michael Kugelman")
    # a word the United States is named by is not a verb: "States" does not say anything
    assert quotes("The United States has classed 70 firms as “critical” to the industry.")[0][0] == "term"


def test_gazetteer_aliases_and_candidates():
    found = GAZ.find("President Putin met PM Modi and US officials; Reciprocal Exchange of Logistics Support was ratified.")
    assert [(m.entity, m.type) for m in found] == [
        ("Vladimir Putin", "person"), ("Narendra Modi", "person"), ("United States", "place"), ("RELOS", "agreement")]
    assert GAZ.find("Let us talk about it.") == []  # "us" is not the US
    sentence = "The Rosatom chief met Alexei Likhachev and Gazprom in Tashkent."
    cands = [m.entity for m in GAZ.candidates(sentence, GAZ.find(sentence))]
    assert cands == ["Alexei Likhachev", "Tashkent"]


@pytest.mark.parametrize(
    "sentence, themes",
    [
        ("India will buy more S-400 air-defence units.", ["defence"]),
        ("Russia pledged uninterrupted crude oil supply despite US sanctions.", ["energy", "sanctions"]),
        ("Payments will be settled in rupees and roubles via SPFS.", ["payments"]),
        ("Prime Minister Modi welcomed President Putin with a warm embrace and private dinner.", []),
        ("The leaders posed for photographs before lunch.", []),
        ("It is important to note that the talks were weaponized by neither side.", []),
        ("India imports crude and exports pharmaceuticals.", ["energy", "trade"]),
    ],
)
def test_theme_tags(sentence, themes):
    assert [t for t, _ in TAGGER.tag(sentence)] == themes


def test_theme_cue_is_kept():
    assert TAGGER.tag("Tariffs on Indian goods doubled.") == [("sanctions", "tariff*")]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The two sides signed 25 agreements.", "outcome"),
        ("The Duma formally ratified the pact.", "outcome"),
        ("The deal is expected to be signed next week.", "expectation"),
        ("Russia and India plan to sign a roadmap.", "expectation"),
        ("The summit did not result in fresh defence deals.", "outcome"),
        ("Russia is India’s largest arms supplier.", "context"),
    ],
)
def test_stance(sentence, expected):
    assert stance(sentence) == expected


def test_citations_are_numbered_by_publication_and_capped():
    import pandas as pd

    from briefing.reporting.present import Citations

    # a8 is the oldest, a0 the newest, a9 undated: numbers follow publication, undated last
    published = [f"2025-12-{10 - i:02d}" for i in range(9)] + [""]
    arts = pd.DataFrame({"article_id": [f"a{i}" for i in range(10)], "kind": ["report"] * 10, "published": published})
    c = Citations(arts, prefix="energy")
    assert c.cite(["a3"]) == '<a class="cite" href="#energy-src-6">[6]</a>'
    many = c.cite([f"a{i}" for i in range(10)], limit=3)
    assert many.count('class="cite"') == 3 and "+7 more" in many
    assert 'href="#energy-src-6"' in many  # the source already cited is preferred, then the oldest
    assert c.numbers == {"a3": 6, "a8": 1, "a7": 2}
    assert Citations(arts).number("a9") == 10


def test_citation_numbers_are_the_same_in_every_report_and_the_next_edition():
    import pandas as pd

    from briefing.reporting.present import Citations

    arts = pd.DataFrame({"article_id": ["b", "a", "c"], "kind": ["report"] * 3,
                         "published": ["2025-12-04", "2025-12-01", "2025-12-05"]})
    first, second = Citations(arts, prefix="energy"), Citations(arts, prefix="trade")
    second.cite(["c"]), second.cite(["a"])  # another report cites in another order
    assert first.number("a") == second.number("a") == 1 and first.number("c") == second.number("c") == 3
    newer = pd.concat([arts, pd.DataFrame({"article_id": ["d"], "kind": ["analysis"], "published": ["2025-12-09"]})])
    later = Citations(newer)
    assert [later.number(a) for a in ("a", "b", "c", "d")] == [1, 2, 3, 4]


def test_a_date_keeps_prior_to_and_ahead_of():
    found = extract_dates("Imports rose from less than one percent prior to 2022 to 30% by 2024, ahead of March 2025.")
    assert [d.surface for d in found] == ["prior to 2022", "by 2024", "ahead of March 2025"]
