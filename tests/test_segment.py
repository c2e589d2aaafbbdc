from briefing.extraction.segment import first_line_title, segment, split_sentences


def texts(text):
    return [s.text for s in segment(text)]


def test_abbreviations_and_decimals_do_not_split():
    para = ("Dr. Rao met U.S. officials in Washington. Trade rose to $68.7 billion, or Rs. 5.7 lakh crore. "
            "Mr. Singh agreed.")
    assert split_sentences(para) == [
        "Dr. Rao met U.S. officials in Washington.",
        "Trade rose to $68.7 billion, or Rs. 5.7 lakh crore.",
        "Mr. Singh agreed.",
    ]


def test_dotted_acronym_at_sentence_end_splits_before_a_sentence_starter():
    assert split_sentences("Sanctions came from the U.S. The talks went on.") == [
        "Sanctions came from the U.S.", "The talks went on."]


def test_initials_do_not_split():
    assert len(split_sentences("Donald J. Trump spoke. Then he left.")) == 2


def test_quotation_of_several_sentences_stays_whole():
    para = "“We agreed. We signed it. It is done,” she said. Then the talks ended."
    assert split_sentences(para) == ["“We agreed. We signed it. It is done,” she said.", "Then the talks ended."]


def test_headings_bullets_tables_and_emoji():
    text = (
        "What’s On the Agenda — Trade, Defence & More 🚀\n"
        "• A Broad 2030 Economic Roadmap\n"
        "- Sanctions: Deepening ties could strain relations. Others disagree.\n"
        "| Topic | Key Details |\n|---|---|\n| Visit Dates | December 4–5 |\n| Leaders | A & B |\n"
        "Why this visit matters?\n"
        "Body text follows here.\n"
    )
    sents = segment(text)
    assert [(s.block, s.text) for s in sents] == [
        ("heading", "What’s On the Agenda — Trade, Defence & More 🚀"),
        ("bullet", "A Broad 2030 Economic Roadmap"),
        ("bullet", "Sanctions: Deepening ties could strain relations."),
        ("bullet", "Others disagree."),
        ("table", "Visit Dates: December 4–5"),
        ("table", "Leaders: A & B"),
        ("heading", "Why this visit matters?"),
        ("body", "Body text follows here."),
    ]
    assert [s.n for s in sents] == list(range(1, 9))
    assert sents[4].paragraph == sents[5].paragraph  # one table, one paragraph


def test_quote_introduced_on_line_before_is_its_own_sentence():
    text = "Strategic expert Dr. Vibhor Kashyap notes:\n“India and Russia are entering a new era. Less rhetoric.”\n"
    assert texts(text) == ["Strategic expert Dr. Vibhor Kashyap notes:",
                           "“India and Russia are entering a new era. Less rhetoric.”"]


def test_sentence_numbering_is_stable(seeds_copy):
    text = (seeds_copy / "000_82b28d731f843d0d.txt").read_text(encoding="utf-8")
    assert segment(text) == segment(text)
    assert segment(text)[52].text == "Visit Dates: December 4–5"


def test_first_line_title_cuts_long_lines_at_a_word():
    assert first_line_title("\n\nShort title.\nBody") == "Short title"
    long = "word " * 40
    title = first_line_title(long)
    assert title.endswith("…") and len(title) <= 111
