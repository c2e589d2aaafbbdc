"""Extraction on text written as other outlets write, about people no configuration file lists.

The gazetteer is left out on purpose: speakers must come from how news attributes speech.
"""

import pytest

from briefing import paths
from briefing.config import Config, Theme, load_config, load_measures
from briefing.extraction.extract import Extractor
from briefing.extraction.figures import extract_figures
from briefing.extraction.quotes import extract_quotes
from briefing.extraction.speakers import NameIndex, strip_role
from briefing.extraction.themes import (
    SUBJECT_CUE,
    ThemeTagger,
    article_subject,
    headline_names_only,
    leading_themes,
    subject_tags,
)

MEASURES = load_measures(paths.MEASURES_FILE)
ARTICLE = (
    "Finance Minister Jane Okafor met Treasury secretary Tom Reyes in Lagos.\n\n"
    "“We have reached a turning point,” Okafor said. “The talks will go on.”\n\n"
    "“This is a good start,” said Treasury secretary Tom Reyes.\n\n"
    "“Both sides gave ground,” Mark Kent, chief executive of the Cocoa Association, said.\n\n"
    "“Nothing is settled yet,” a spokesperson for the ministry said.\n\n"
    "The ministers said:\n\n"
    "Today we agree to work without delay on a common price for cocoa exports.\n"
)


def quotes(sentence, text="", prev="", last="", continues=False):
    found = extract_quotes(sentence, prev, last, None, NameIndex(text or sentence), continues)
    return [(q.kind, q.speaker, q.quote) for q in found]


@pytest.mark.parametrize(
    "sentence, speaker",
    [
        ("“It is a landmark deal,” said Treasury secretary Janet Yellen.", "Janet Yellen"),
        ("“It is a landmark deal,” India’s Trade Minister Piyush Goyal said.", "Piyush Goyal"),
        ("“It is a landmark deal,” Mike Sabel, Chief Executive Officer of Venture Global LNG, said.", "Mike Sabel"),
        ("“It is a landmark deal,” said a senior official from the foreign ministry on Monday.",
         "a senior official from the foreign ministry"),
        ("“It is a landmark deal,” the treasury said.", "the treasury"),
        ("“It is a landmark deal,” wrote former diplomat Ana Lopes in Le Monde.", "Ana Lopes"),
        ("Chinese President Xi Jinping urged the EU to “make the right strategic choices”.", "Xi Jinping"),
        ("Mike Sabel, chief executive of Venture Global, said: “We will not accept this.”", "Mike Sabel"),
        ("The minister, speaking in Delhi, said: “We will not accept this.”", "The minister"),
        ("Speaking in Delhi, Ana Lopes said: “We will not accept this.”", "Ana Lopes"),
        ("“We are ready,” the Kremlin’s spokesman, Dmitry Peskov, told reporters.", "Dmitry Peskov"),
        ("A senior EU official, speaking on condition of anonymity, said: “There is no deal yet.”",
         "A senior EU official"),
    ],
)
def test_speaker_patterns_without_a_gazetteer(sentence, speaker):
    assert quotes(sentence)[0][:2] == ("quote", speaker)


def test_surname_and_particles_take_the_full_name_the_article_gives():
    text = "European Commission President Ursula von der Leyen met Chinese President Xi Jinping."
    assert quotes("“We have reached an inflection point,” von der Leyen said.", text)[0][1] == "Ursula von der Leyen"
    assert quotes("“Make the right choices,” Xi said.", text)[0][1] == "Xi Jinping"
    assert NameIndex("The European Commission said so.").full("Commission") == "Commission"  # not a person
    assert strip_role("KHNP CEO Whang Joo-ho") == "Whang Joo-ho"
    initials = "External Affairs Minister S. Jaishankar spoke."
    assert quotes("“It is final,” Jaishankar told reporters in Moscow.", initials)[0][1] == "S. Jaishankar"


def test_pronouns_continuations_and_shared_attributions():
    assert quotes("“It will hold,” he added.", last="Jane Okafor")[0][1] == "Jane Okafor"
    assert quotes("“Markets must stay open.”", last="Jane Okafor", continues=True)[0][1] == "Jane Okafor"
    assert quotes("“Markets must stay open.”", last="Jane Okafor")[0][1] == ""  # nothing before it spoke
    both = quotes("The cap is “expressly designed” to curb “Russia’s capacity to fund its war”, they said.",
                  last="G7 ministers")
    assert [q[:2] for q in both] == [("quote", "G7 ministers"), ("quote", "G7 ministers")]
    # a participle after the quotation is not who said it
    assert quotes("She warned of an “inflection point,” calling for a rebalancing.", last="Ana Lopes")[0][1] == "Ana Lopes"


def test_whole_article_speakers_and_a_statement_after_said_colon():
    config = load_config(paths.THEMES_FILE, paths.ENTITIES_FILE, paths.MEASURES_FILE)
    rows = Extractor(config).article("x", ARTICLE)["quotes"]
    assert [(r.speaker, r.quote[:20]) for r in rows] == [
        ("Jane Okafor", "We have reached a tu"),
        ("Jane Okafor", "The talks will go on"),
        ("Tom Reyes", "This is a good start"),
        ("Mark Kent", "Both sides gave grou"),
        ("a spokesperson for the ministry", "Nothing is settled y"),
        ("The ministers", "Today we agree to wo"),
    ]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Brent hit $119 a barrel on Monday.", [(119, 119, "USD/barrel")]),
        ("It will buy 4 million tonnes of LNG annually for 20 years.", [(4e6, 4e6, "tonnes/year"), (20, 20, "years")]),
        ("Output is cut by 7.2 million barrels per day.", [(7.2e6, 7.2e6, "barrels/day")]),
        ("Some 38 billion m3 of gas will flow annually.", [(38, 38, "bcm/year")]),
        ("Trade will grow by £25.5 billion (€30 billion) a year.", [(2.55e10, 2.55e10, "GBP/year"), (3e10, 3e10, "EUR/year")]),
        ("Two-thirds of the world’s population live there.", [(66.67, 66.67, "percent")]),
        ("Four or five ships were seized.", [(4, 5, "count")]),
        ("Three dozen firms were listed.", [(36, 36, "count")]),
        ("Ties go back half a century.", [(50, 50, "years")]),
        ("The talks lasted ten minutes.", [(10, 10, "minutes")]),
        ("The meeting was cut to a single day.", [(1, 1, "days")]),
        ("It rose over two-and-a-half weeks.", [(2.5, 2.5, "weeks")]),
        ("The share rose from 12% in 2015 to 40 per cent.", [(12, 12, "percent"), (40, 40, "percent")]),
        ("Sales went from €12 billion in 2015 to $40 billion.", [(1.2e10, 1.2e10, "EUR"), (4e10, 4e10, "USD")]),
        ("Trade grew from 6.8 billion U.S. dollars in 2011 over five years.", [(6.8e9, 6.8e9, "USD"), (5, 5, "years")]),
        ("It rose from 2011 to 2015 by 12 percent over five years.", [(12, 12, "percent"), (5, 5, "years")]),
        ("The Group of 20 summit and the G 20 talks met at 5.04pm.", []),
        ("The US listed 183 vessels, 155 of which were tankers.", [(183, 183, "count"), (155, 155, "count")]),
        # a change and the level it reached are two figures, not a range
        ("Brent fell $4.60 to $69.05 on Friday.", [(4.6, 4.6, "USD"), (69.05, 69.05, "USD")]),
        ("The reform could add 2 to 3 percent to growth.", [(2, 3, "percent")]),
        # "over" before a duration is "across" unless "for", "in" … come before it or "ago" after it
        ("Japan will buy $750bn of energy over three years.", [(7.5e11, 7.5e11, "USD"), (3, 3, "years")]),
        ("About a fifth of oil and two-fifths of gas pass there, not the second half of the year.",
         [(20, 20, "percent"), (40, 40, "percent")]),
        ("Brent fell 66 cents to $24.86, a drop of 2.6 per cent.", [(0.66, 0.66, "USD"), (24.86, 24.86, "USD"), (2.6, 2.6, "percent")]),
        ("Qatar will ship 3.5m tonnes of gas to France every year.", [(3.5e6, 3.5e6, "tonnes/year")]),
        ("Capacity rises from the present 77 million tonnes (about 106 billion cubic metres of gas) per year "
         "to 110 million.", [(7.7e7, 7.7e7, "tonnes/year"), (106, 106, "bcm/year"), (1.1e8, 1.1e8, "tonnes/year")]),
        # "the two" names a pair; "the six countries" counts them; a number inside a name is no count
        ("Once the six countries join, the two blocs and the world's two biggest economies meet.", [(6, 6, "count")]),
        ("They built two 1,000-megawatt units and named three other reasons.",
         [(2, 2, "count"), (1000, 1000, "MW"), (3, 3, "count")]),
        ("Admitting the 55-member bloc, they shut the Nord Stream 2 pipeline.", [(55, 55, "count")]),
    ],
)
def test_rates_words_and_no_invented_ranges(sentence, expected):
    got = [(f.low, f.high, f.unit) for f in extract_figures(sentence, MEASURES)]
    assert [u for *_v, u in got] == [u for *_v, u in expected], got
    assert [v for *v, _u in got] == [pytest.approx(v) for *v, _u in expected], got


def test_qualifiers_in_words_before_fractions_and_parentheses():
    assert [(f.surface, f.qualifier) for f in extract_figures("Oil is roughly a quarter of the budget.", MEASURES)] == [
        ("roughly a quarter", "approx")
    ]
    assert [f.qualifier for f in extract_figures("A market estimated at $1.6 trillion (about €1.5 trillion).", MEASURES)] == [
        "approx", "approx"
    ]


def test_weak_cues_count_only_with_company_or_in_the_leading_theme():
    tagger = ThemeTagger([
        Theme("energy", "Energy", "", ("oil", "gas", "~contract")),
        Theme("trade", "Trade", "", ("tariff*", "~contract", "~imports")),
    ])
    assert tagger.tag("The contract was signed.") == []
    assert tagger.tag("The contract was signed.", frozenset({"energy"})) == [("energy", "contract")]
    assert tagger.tag("The contract covers imports.") == [("trade", "contract")]
    assert tagger.tag("Oil imports rose.") == [("energy", "oil")]
    assert leading_themes([{"energy"}, {"energy"}, {"trade"}, set()]) == frozenset({"energy"})
    assert leading_themes([{"energy"}]) == frozenset()



def test_a_cue_inside_a_longer_cue_and_weak_cues_of_a_theme_the_article_never_names():
    tagger = ThemeTagger([
        Theme("trade", "Trade", "", ("trade war", "tariff*", "~deal", "~signed")),
        Theme("defence", "Defence", "", ("missile*", "~war")),
    ])
    # "war" in "trade war" is part of the longer cue: no defence tag, even where defence leads
    assert tagger.tag("The trade war dragged on.", frozenset({"defence"})) == [("trade", "trade war")]
    hits = list(tagger._lexicon.finditer("The deal was signed in March."))
    assert tagger.tag_from_hits(hits) == [("trade", "deal")]
    assert tagger.tag_from_hits(hits, named=frozenset({"defence"})) == []  # the article never names trade
    assert tagger.tag_from_hits(hits, named=frozenset({"trade"})) == [("trade", "deal")]


def test_a_sentence_with_no_cue_takes_the_subject_of_a_single_subject_article():
    assert article_subject([{"defence"}, {"defence"}, {"defence", "trade"}, set()]) == "defence"
    assert article_subject([{"defence"}, {"trade"}, {"defence"}, {"trade"}]) == ""  # two subjects
    assert article_subject([{"defence"}, set()]) == ""  # named once is no subject
    assert subject_tags("The first units are due to arrive in the spring.", "defence") == [
        ("defence", SUBJECT_CUE)
    ]
    assert subject_tags("It has learned patience.", "defence") == []  # an aside
    assert subject_tags("The first units are due to arrive in the spring.", "") == []
    # a sentence that starts on something new takes the subject only when the headline names it alone
    assert subject_tags("A student in Austin found two planets with a new method.", "defence") == []
    assert subject_tags("A student in Austin found two planets with a new method.", "defence", headline=True) == [
        ("defence", SUBJECT_CUE)
    ]
    assert subject_tags("However, they will not arrive before the spring.", "defence") == [("defence", SUBJECT_CUE)]
    assert headline_names_only([{"defence"}, {"defence"}], "defence")
    assert not headline_names_only([{"defence", "trade"}, {"defence"}], "defence")
    config = Config([Theme("defence", "Defence", "", ("missile*",)), Theme("trade", "Trade", "", ("tariff*",))], [])
    text = ("Lanoria buys missiles from Vestria.\n\nThe missiles will guard the capital.\n\n"
            "The first units are due to arrive in the spring.\n\nTariffs were not discussed.\n")
    rows = Extractor(config).article("x", text)["sentences"]
    assert [(r.themes, r.cues.split(":")[-1]) for r in rows] == [
        ("defence", "missile*"), ("defence", "missile*"), ("defence", SUBJECT_CUE), ("trade", "tariff*"),
    ]


def test_a_quotation_over_several_paragraphs_is_a_quote_per_paragraph_with_one_speaker():
    text = (
        "Talks resumed.\n\nThe envoy was blunt. “We have waited long enough. The markets are closed to us.\n\n"
        "“We will not wait another year,” wrote former diplomat Ana Lopes in Le Monde.\n\n"
        "“That is fair,” she added.\n"
    )
    config = load_config(paths.THEMES_FILE, paths.ENTITIES_FILE, paths.MEASURES_FILE)
    rows = Extractor(config).article("x", text)["quotes"]
    assert [(r.sentence_id, r.speaker, r.quote) for r in rows] == [
        ("x:3", "Ana Lopes", "We have waited long enough. The markets are closed to us."),
        ("x:4", "Ana Lopes", "We will not wait another year"),
        ("x:5", "Ana Lopes", "That is fair"),
    ]


def test_straight_marks_open_a_quotation_that_the_next_paragraph_goes_on_with():
    # "X said: "… (no closing mark) and the next paragraph reopening it: one voice over both
    text = (
        'Trade Minister Ana Lopes said: "The quotas are gone. The talks can start.\n\n'
        '"We will meet again in May."\n\n'
        "The envoy's aides didn't object; the envoy called the deal 'a fair bargain for both sides'.\n"
    )
    rows = _article_speakers(text)  # single straight marks quote too; apostrophes do not
    assert rows == [("Ana Lopes", "The quotas a"), ("Ana Lopes", "We will meet"), ("the envoy", "a fair barga")]


def _article_speakers(text):
    config = load_config(paths.THEMES_FILE, paths.ENTITIES_FILE, paths.MEASURES_FILE)
    return [(r.speaker, r.quote[:12]) for r in Extractor(config).article("x", text)["quotes"]]


def test_descriptions_acronyms_and_pronouns_refer_back_to_the_named_speaker():
    text = (
        "Chilean President Ana Lopes met Peruvian President Tom Reyes in Lima.\n\n"
        "Chile's president said the talks had been “frank and useful for both of our nations”.\n\n"
        "The Pacific Fisheries and Ocean Resources Agency (PFORA) published its report on Monday.\n\n"
        "The PFORA said catches had fallen by a “worrying margin for the third year running”.\n\n"
        "The agency added that quotas were “no longer enough to protect the stocks”.\n\n"
        "Trade Minister Mia Okafor, who arrived late, spoke to reporters.\n\n"
        "“We will not sign a deal that hurts our fishermen,” she said.\n\n"
        "“Nothing is settled,” Okafor, standing beside the two presidents and the heads of three "
        "regional fisheries bodies, told the press.\n"
    )
    agency = "Pacific Fisheries and Ocean Resources Agency (PFORA)"
    assert _article_speakers(text) == [
        ("Ana Lopes", "frank and us"), (agency, "worrying mar"), (agency, "no longer en"),
        ("Mia Okafor", "We will not "), ("Mia Okafor", "Nothing is s"),
    ]


def test_an_ambiguous_or_indefinite_description_stays_as_written():
    text = (
        "The Central Bank of Chile and the Reserve Bank of Peru both cut rates.\n\n"
        "“Inflation is falling faster than we expected,” the bank said.\n\n"
        "“It is too early to tell,” a spokesperson said.\n"
    )
    assert _article_speakers(text) == [("the bank", "Inflation is"), ("a spokesperson", "It is too ea")]


def test_a_quotation_opened_with_a_curly_mark_and_closed_with_a_straight_one():
    text = "“We will talk. We will bring up tariffs, as friends ought to,\" Ana Lopes said.\n\n“It is a start.”\n"
    assert _article_speakers(text) == [("Ana Lopes", "We will talk"), ("Ana Lopes", "It is a star")]


def test_he_said_refers_to_the_last_person_in_subject_position():
    # a person introduced as the subject after the last quotation is who "he" is, not the last speaker
    text = (
        "“Prices will hold,” said Energy Minister Tom Reyes.\n\n"
        "Ana Lopes, head of the port authority, was less sure than Reyes.\n\n"
        "“We expect delays,” she said.\n\n"
        "Reyes met the unions, while Lopes toured the docks with Mark Kent, who runs the yard.\n\n"
        "“The docks are ready,” she said.\n\n"
        "The plan was drawn up by Mark Kent, who warned of costs. “It will be dear,” he said back then.\n"
    )
    assert _article_speakers(text) == [
        ("Tom Reyes", "Prices will "), ("Ana Lopes", "We expect de"), ("Ana Lopes", "The docks ar"),
        ("Mark Kent", "It will be d"),
    ]


def test_a_surname_with_a_capitalised_particle_keeps_the_form_the_article_gives():
    text = "Foreign Minister Jean-Luc Le Maire met Dutch envoy Pieter Van Dam."
    assert quotes("“It was useful,” Mr Le Maire told reporters.", text)[0][1] == "Jean-Luc Le Maire"
    assert quotes("“It was useful,” said Van Dam.", text)[0][1] == "Pieter Van Dam"
    assert quotes("“It was useful,” said Sen. Van Dam.", text)[0][1] == "Pieter Van Dam"  # abbreviated title


@pytest.mark.parametrize(
    "sentence, speaker",
    [
        ("Ana Lopes welcomed the accord as “a new chapter for our two nations”.", "Ana Lopes"),
        ("He thanked the negotiators for their “patient work”.", "Tom Reyes"),
        ("Lopes revealed: “We had the deal ready in May.”", "Ana Lopes"),
        ("Reyes branded the tariffs “a tax on families”.", "Tom Reyes"),
    ],
)
def test_verbs_that_report_words_by_what_they_do_with_them(sentence, speaker):
    text = "Ana Lopes and Tom Reyes met on Monday. " + sentence
    assert quotes(sentence, text, last="Tom Reyes") == [("quote", speaker, quotes(sentence, text, last="Tom Reyes")[0][2])]


def test_an_office_a_statement_and_an_inverted_name_refer_to_whom_the_article_names():
    text = (
        "Trade Sec. warns tariffs will 'hurt farmers first'\n\n"
        "Trade Secretary Ana Lopes met the Canadian Department of Agriculture on Monday.\n\n"
        "“We will answer in kind,” the Agriculture Department said.\n\n"
        "“Talks go on,” the Quay House statement said.\n\n"
        "“Nothing is agreed,” the joint statement said.\n"
    )
    assert _article_speakers(text) == [
        ("Ana Lopes", "hurt farmers"), ("Canadian Department of Agriculture", "We will answ"),
        ("Quay House", "Talks go on"), ("the joint statement", "Nothing is a"),
    ]


def test_a_sentence_that_attributes_nothing_goes_on_with_the_speaker_before_it():
    text = (
        "The levy was agreed with the Northern Fisheries Board, which announced new quotas on Monday.\n\n"
        "They cover vessels found to be “fishing beyond the agreed limits” for two seasons.\n\n"
        "Portuguese officials have tried to calm the fleets, saying: “Nothing changes this year.”\n"
    )
    assert _article_speakers(text) == [
        ("Northern Fisheries Board", "fishing beyo"), ("Portuguese officials", "Nothing chan"),
    ]


def test_a_coined_name_the_article_goes_on_using_without_marks_is_a_term():
    text = (
        "Crews have a duty of care at sea.\n\n"
        "The ministry said it would target the “grey convoy” of ageing tankers.\n\n"
        "Ten grey convoy ships were listed, following the ministry’s “clean seas pledge” in May.\n\n"
        "The agency said owners owe a “duty of care” too.\n"
    )
    # a phrase quoted and then used bare later, or a name after a possessive, is the article's term;
    # words used bare only before the quotation do not make it one
    assert _article_speakers(text) == [("The agency", "duty of care")]


@pytest.mark.parametrize(
    "sentence, speaker",
    [
        ("The bloc's top diplomat, Kaja Mills, said the bloc was “ready to act” if talks failed.", "Kaja Mills"),
        ("According to the statement, the sides “reaffirmed their commitment to open markets”.", "the statement"),
        ("The opposition leader, Sam Kerr, dismissed the deal as “a photo opportunity”.", "Sam Kerr"),
        ("Lena Holt posted on X: “A good day for our farmers.”", "Lena Holt"),
    ],
)
def test_a_name_in_commas_a_source_opening_the_sentence_and_more_reporting_verbs(sentence, speaker):
    assert quotes(sentence)[0][:2] == ("quote", speaker)


WIRE_LEAD = "Talks\n\nPrime Minister Lena Holt met Finance Minister Omar Reyes and analyst Jane Doe on Friday.\n\n"


@pytest.fixture(scope="module")
def extractor():
    return Extractor(load_config(paths.THEMES_FILE, paths.ENTITIES_FILE, paths.MEASURES_FILE))


@pytest.mark.parametrize(
    "paragraphs, speakers",
    [
        ("“We will not sign,” Holt said in a statement.", ["Lena Holt"]),
        ("Reyes, speaking at a press conference in Rome, said the plan was “dead on arrival”.", ["Omar Reyes"]),
        ("In a statement, the ministry said: “Talks will resume in May.”", ["the ministry"]),
        ("“Why now?” asked Holt.", ["Lena Holt"]),
        ("“It is a modest deal,” says Jane Doe, an analyst at Capital Economics.", ["Jane Doe"]),
        ("“Talks will resume,” according to a statement from the ministry.", ["a statement from the ministry"]),
        ("Asked whether the deal would hold, Holt said: “It will.”", ["Lena Holt"]),
        ("The deal is “a good first step,” Reyes told CNN on Tuesday.", ["Omar Reyes"]),
        ("“It will hold,” Holt said Tuesday. “We are sure.”", ["Lena Holt", "Lena Holt"]),
        ("“It will hold,” the prime minister said.", ["Lena Holt"]),
        ("“It will hold,” the two leaders said in a joint statement.", ["the two leaders"]),
        ("Critics called the plan “a giveaway to the banks”.", ["Critics"]),
        ("“We agreed on fish,” Holt said. Reyes was more cautious. “Nothing is signed,” he said.",
         ["Lena Holt", "Omar Reyes"]),
        ("'We will not give up,' said the union's leader, Ana Pereira.", ["Ana Pereira"]),
        ("It's the workers' rights that matter, Reyes said.", []),
        ("“The deal is done,” said Holt’s spokesperson, Jane Roe.", ["Jane Roe"]),
        ("In Holt’s words, “the era of cheap gas is over for good”.", ["Lena Holt"]),
        ("Holt was expected to speak, but her spokesman stepped in, saying the visit was “not the time for a "
         "lecture on trade”.", ["Lena Holt’s spokesman"]),
        # a single quoted word is a quote when the sentence says who said it ("Holt said 'no'")
        ("Holt said 'no' to the plan, calling it 'a step too far for our farmers'.", ["Lena Holt", "Lena Holt"]),
        ("Prices rose in the '90s, the ministers' pay and the 'big five' banks' profits too, Holt said.", []),
        ("The communique said the sides would “work together to stabilise energy markets”.", ["The communique"]),
        ("“The deal is done,” J.D. Vance told the radio.", ["J.D. Vance"]),
        ("Özlem Demir, the trade envoy, said: “The deal is done.”", ["Özlem Demir"]),
        ("“The deal is done,” Łukasz Nowak told reporters.", ["Łukasz Nowak"]),
        # a statement named by its issuer once, then "the statement"; a document by its title, then "the document"
        ("The Fisheries Board of Norland said in a statement that talks had stalled.\n\n“Quotas will be cut by half,” "
         "according to the statement.", ["Fisheries Board of Norland"]),
        ("The leaders signed the Lakeside Charter.\n\nAccording to the document, the sides “will meet every year”.",
         ["the Lakeside Charter"]),
        # the attribution closes the sentence, after words of the writer's
        ("The network is “run by the cartel” and its banks, the Treasury Department said in a statement.",
         ["Treasury Department"]),
        # a full name written as a possessive, the surname after it
        ("Mara Quist's team built the model.\n\n“It works,” Quist said.", ["Mara Quist"]),
        # an acronym spelling a name the article gave without "(NFA)"
        ("The Nordic Fisheries Agency opened the talks.\n\nThe NFA hailed the result as “excellent”.",
         ["Nordic Fisheries Agency"]),
        ("Prices rose, with Finance Minister Omar Reyes praising the “steady hand” of the bank.", ["Omar Reyes"]),
        ("One European ally, asked what it had heard, replied: “Nothing at all.”", ["One European ally"]),
        # an unnamed source described in full once, shortened after
        ("“Talks may fail,” a senior diplomat from the fisheries board told reporters.\n\n“Nothing is signed,” Holt "
         "said.\n\n“We will see,” the diplomat added.",
         ["a senior diplomat from the fisheries board", "Lena Holt", "a senior diplomat from the fisheries board"]),
        # wire copy's unnamed sources, and the person an outlet quotes
        ("A spokesman for the fisheries board said the talks were “frank and constructive”.",
         ["A spokesman for the fisheries board"]),
        ("“We will keep talking,” a source familiar with the talks said, speaking on condition of anonymity.",
         ["a source familiar with the talks"]),
        ("“We will keep talking to them,” Reuters quoted Reyes as saying.", ["Omar Reyes"]),
        # a participle's subject is its clause's, here a pronoun at the start of the sentence
        ("Holt spoke last.\n\nShe refused to accept that it was unfair to farmers, calling it a “question of taste”.",
         ["Lena Holt"]),
        ("The deal was signed on Friday.\n\n“It is a fair deal for both sides,” the statement read.", ["the statement"]),
        ("Holt spoke last.\n\nAsked about the vote, she said: “We will respect it fully.”", ["Lena Holt"]),
        # bare plural speakers after the quotation; "so-called" reports nobody's words
        ("The talks were “constructive and frank”, officials said.", ["officials"]),
        ("The so-called “peace plan for the north” was rejected.", []),
        # a colon after a clause about a person introduces their words
        ("Reyes struck an upbeat tone: “We have done it at last.”", ["Omar Reyes"]),
        # "the bank" is the one bank named before, with the "of …" its name runs on with
        ("The Central Bank of Norland met on Friday.\n\n“It is a fair deal for both sides,” the bank said.",
         ["Central Bank of Norland"]),
        # "it" is an organisation, never a person
        ("The Central Bank of Norland raised rates.\n\n“Inflation is too high for comfort,” it said.",
         ["Central Bank of Norland"]),
        # "he" is the person in subject position, not a capitalised word modifying a noun ("the Boston course")
        ("Reyes won in Rome. His time beat the record he ran in the Boston Marathon. That run, helped by the Boston "
         "course, is the fastest.\n\n“I am happy,” he said.", ["Omar Reyes"]),
    ],
)
def test_wire_style_attributions(extractor, paragraphs, speakers):
    rows = extractor.article("x", WIRE_LEAD + paragraphs + "\n")["quotes"]
    assert [r.speaker for r in rows] == speakers


def test_a_headline_names_its_speaker_before_a_colon(extractor):
    rows = extractor.article("x", "Holt: 'We will not back down'\n\n" + WIRE_LEAD[7:])["quotes"]
    assert [(r.speaker, r.quote) for r in rows] == [("Lena Holt", "We will not back down")]


@pytest.mark.parametrize("texts", [
    ["'Tis the season, he said.", "No marks here.", "She said 'yes'", "Trade rose.", "“Quoted,” he said."],
    ["ends with a mark '", "(‘bracketed’)", "it's Putin's", "'"],
    ["", "\"", "no"],
    ["a text with\na newline 'inside'", "plain", "x 'y"],  # falls back to one scan per text
    [],
])
def test_one_scan_of_an_article_finds_the_sentences_a_scan_of_each_finds(texts):
    from briefing.extraction.extract import EVENT_PAST, _matching
    from briefing.extraction.quotes import OPENERS

    for rx in (OPENERS, EVENT_PAST):
        assert _matching(rx, texts) == {k for k, t in enumerate(texts) if rx.search(t)}
