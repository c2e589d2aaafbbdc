"""Figures: the quantities an analyst would quote, read from one sentence.

A figure is a number with what makes it meaningful: a currency ("$68.7 billion", "Rs 500 crore"),
a percentage ("60–70%"), a physical unit ("100 GW"), a duration ("77-year") or a counted thing
("five squadrons"). Bare years, dates, times, ordinals and model numbers ("S-400") are not figures.
Ranges keep both ends, scale words are resolved, qualifiers ("nearly", "over") are kept, and each
figure gets a short label of what it measures.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..config import Measure
from .lexicon import Lexicon
from .numbers import NUMBER, SCALES, is_word_number, to_number

CURRENCY_SYMBOLS = {
    "us$": "USD", "$": "USD", "usd": "USD", "rs": "INR", "rs.": "INR", "inr": "INR", "₹": "INR",
    "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP", "rub": "RUB", "₽": "RUB", "¥": "CNY", "cny": "CNY",
}
CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "rupee": "INR", "rupees": "INR", "rouble": "RUB", "roubles": "RUB",
    "ruble": "RUB", "rubles": "RUB", "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP",
    "yuan": "CNY", "renminbi": "CNY",
}
PHYSICAL_UNITS = {
    "gw": "GW", "mw": "MW", "kw": "kW", "gwh": "GWh", "twh": "TWh", "mwe": "MW",
    "tonnes": "tonnes", "tonne": "tonnes", "tons": "tonnes", "ton": "tonnes", "mt": "tonnes",
    "barrels": "barrels", "barrel": "barrels", "bpd": "barrels/day", "bcm": "bcm",
    "km": "km", "kilometres": "km", "kilometers": "km", "miles": "miles", "kg": "kg",
    "hectares": "hectares", "teu": "TEU", "mmbtu": "MMBtu",
    "megawatt": "MW", "megawatts": "MW", "gigawatt": "GW", "gigawatts": "GW", "kilowatt": "kW", "kilowatts": "kW",
    "m3": "m3", "cubic": "m3",
}
# Units spelled out in full may join their number with a hyphen ("a 1,000-megawatt unit").
SPELLED_UNITS = frozenset({"megawatt", "gigawatt", "kilowatt", "tonne", "ton", "barrel"})
DURATIONS = {
    "year": ("years", 1), "years": ("years", 1), "decade": ("years", 10), "decades": ("years", 10),
    "month": ("months", 1), "months": ("months", 1), "week": ("weeks", 1), "weeks": ("weeks", 1),
    "day": ("days", 1), "days": ("days", 1), "hour": ("hours", 1), "hours": ("hours", 1),
    "century": ("years", 100), "centuries": ("years", 100), "minute": ("minutes", 1), "minutes": ("minutes", 1),
}
DURATION_UNITS = ("years", "months", "weeks", "days", "hours", "minutes")
# A rate after a quantity: "$119 a barrel", "tonnes of LNG annually", "barrels per day", "$100/barrel".
RATE_PERIODS = {
    "year": "year", "annum": "year", "annually": "year", "yearly": "year", "day": "day", "daily": "day",
    "month": "month", "monthly": "month", "week": "week", "weekly": "week", "barrel": "barrel", "bbl": "barrel",
    "tonne": "tonne", "ton": "tonne", "mmbtu": "MMBtu",
}
RATE = re.compile(
    r"\)?(?:\s*\([^()]{1,60}\))?(?P<of>\s+of\s+[\w\s\-–]{1,40}?(?:\s*\([^()]{1,20}\))?\)?)?"
    r"(?:\s*/\s*|\s+(?:a|an|per|each|every)\s+|\s+(?=annually|yearly|daily|monthly|weekly))"
    r"(?P<per>1,?000\s+(?:m3|cubic\s+met(?:re|er)s)|year|annum|annually|yearly|day|daily|month|monthly|week|weekly|"
    r"barrel|bbl|tonne|ton|mmbtu)\b",
    re.I,
)
MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
QUALIFIERS = [
    ("approx", r"about|around|approximately|approx\.?|roughly|nearly|almost|some|an estimated|estimated(?: at)?|close to|circa|~"),
    ("over", r"over|more than|above|exceeding|surpassing|upwards of|at least|in excess of|just over|well over|beyond"),
    ("under", r"under|less than|below|fewer than|just under|at most|no more than"),
    ("up_to", r"up to|as much as|as many as|a maximum of"),
]
QUALIFIER_BEFORE = re.compile(
    r"(?:^|[\s(])(?P<q>" + "|".join(f"(?P<{name}>{pat})" for name, pat in QUALIFIERS) + r")\s*$", re.I
)
DETERMINERS = frozenset("the these those both all its their our his her my your each every".split())
STOP = frozenset(
    """of to in on at by for from with and or but the a an is are was were be been has have had will would
    shall should can could may might must do does did that which who whom whose this these those than then
    as per percent cent its their it they he she we i also more less most least out up down over under into
    about after before between during through across such other another same so very not no yes
    past last next recent first""".split()
)
ADJECTIVE_END = re.compile(r"(?:al|ive|ic|ous|ful|able|ible|ary|ent|ant|ial|ed)$")

# Matched against the lower-cased sentence (same length, so positions hold): far faster than re.I.
_CUR = r"us\$|\$|usd\s?|rs\.?\s?|inr\s?|₹\s?|€|eur\s?|£|gbp\s?|rub\s?|₽\s?|¥|cny\s?"
CORE = re.compile(
    r"(?=[\d$₹€£¥₽uriegcotfsnhad])"
    rf"(?<![\w.,:/\-–—])(?P<cur>{_CUR})?(?P<lo>{NUMBER})"
    rf"(?:(?P<sep>\s*[-–—]\s*|\s+to\s+|\s+and\s+|\s+or\s+)(?:{_CUR})?(?P<hi>{NUMBER})(?![\d,]))?"
    r"(?:\s*(?P<scale>trillion|billion|million|thousand|lakhs?|crores?|bn|mn|tn)\b|(?P<sfx>[kmb])\b)?"
)
CORE_I = re.compile(CORE.pattern, re.I)  # for the rare text whose length changes when lower-cased
# Cheap test before the full scan: a digit, or a number word among the sentence's words.
DIGIT = re.compile(r"\d")
NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety dozen hundred thousand".split()
)
_PUNCT_TO_SPACE = str.maketrans({c: " " for c in "-–—,.;:!?()[]\"“”‘’'/"})


# A verb of change before "A to B": A is the change, B the level ("fell $4.60 to $69.05").
CHANGE_BEFORE = re.compile(
    r"\b(?:los(?:e|es|ing|t)|gain(?:s|ed|ing)?|fell|falls?|falling|dropp(?:ed|ing)|drops?|rose|rises?|rising|"
    r"climb(?:s|ed|ing)?|jump(?:s|ed|ing)?|slid|slipp(?:ed|ing)|shed(?:s|ding)?|add(?:s|ed|ing)|sank|tumbled|soared|"
    r"up|down)\s+(?:by\s+)?(?:some\s+|about\s+|nearly\s+|almost\s+|around\s+)?$",
    re.I,
)
OVER_AS_MORE = re.compile(r"\b(?:for|in|of|after|than|since|with|lasted|lasting|took|taking|spent|spanning)\s*$", re.I)
US_DOLLARS = re.compile(r"\s+(?:U\.S\.|US|American)\s+dollars?\b")
FROM_BEFORE = re.compile(r"\bfrom\s+(?:(?:the|its|a)\s+)?(?:(?:present|current|previous|earlier)\s+)?$", re.I)
HYPHEN_COUNT = re.compile(r"-(member|nation|country|state|strong|party|seat)\b", re.I)
COUNT_LEAD = re.compile(r"\s+(?:(other|more|additional|further|new)|[\d,.]+-[A-Za-z]+)(?=\s+[A-Za-z])", re.I)
NAME_NUMBER = re.compile(r"(?:\bGroup\s+of|\bG[\s-]?|\bper)\s*$")
TIME_AFTER = re.compile(r"\s*(?:[ap]\.?m\b\.?|:\d\d|GMT\b|BST\b|CET\b)", re.I)


def _maybe_number(lower: str) -> bool:
    return (
        bool(DIGIT.search(lower))
        or not NUMBER_WORDS.isdisjoint(lower.translate(_PUNCT_TO_SPACE).split())
        or "half a " in lower
        or "a single " in lower
        or "quarter" in lower
        or "third" in lower
        or "fifth" in lower
        or "tenth" in lower
        or "half of" in lower
    )


AFTER_PERCENT = re.compile(r"\s*(?:%|per\s?cent\b|percentage points?\b|pc\b)(?:\s+percent\b)?", re.I)
AFTER_WORD = re.compile(r"[\s-]*([A-Za-z][A-Za-z’'\-]*(?:(?<=m)3)?)")
WORD = re.compile(r"[A-Za-z][A-Za-z’'\-]*|[^\sA-Za-z]")


@dataclass(frozen=True)
class Figure:
    """A quantity found in a sentence."""

    surface: str
    low: float
    high: float
    unit: str
    item: str
    qualifier: str
    measure: str
    start: int
    end: int


def _words_after(text: str, limit: int) -> list[str]:
    return [m.group(0) for m in WORD.finditer(text[:200])][:limit]


def _count_item(after: str) -> tuple[str, int]:
    """The counted noun after a number and the length it spans.

    Counted nouns after a number are plural ("five squadrons", "25 agreements"); words before the
    plural head modify it ("Cabinet ministers", "defence deals"). The phrase ends at the first plural.
    """
    words = list(re.finditer(r"\s*([A-Za-z][A-Za-z’'\-]*|[^\sA-Za-z])", after[:120]))
    taken: list[str] = []
    pos = 0
    for i, m in enumerate(words):
        word = m.group(1)
        low = word.lower()
        if not word[0].isalpha() or low in STOP or low.endswith("ly"):
            if low == "and" and taken and ADJECTIVE_END.search(taken[-1].lower()):
                continue
            break
        if low in MONTHS and not taken:
            return "", 0
        taken.append(word)
        pos = m.end()
        plural = low.endswith("s") and not low.endswith("ss")
        if plural or len(taken) >= 4:
            break
        nxt = words[i + 1].group(1).lower() if i + 1 < len(words) else ""
        if not (nxt[:1].isalpha() and (nxt not in STOP or nxt == "and")):
            break
    text = after[:pos].strip()
    return re.sub(r"\s+", " ", text), pos


def _is_year(value: float, raw: str) -> bool:
    return raw.isdigit() and len(raw) == 4 and 1800 <= value <= 2199


@functools.lru_cache(maxsize=8)  # per process, one entry per measures file in use
def _measure_index(measures: tuple[Measure, ...]) -> tuple[Lexicon, Lexicon]:
    """The measures' cue and exclusion phrases as two lexicons (built once per process)."""
    return (Lexicon([(cue, m.label) for m in measures for cue in m.cues]),
            Lexicon([(cue, m.label) for m in measures for cue in m.exclude]))


def _measure_from_config(sentence: str, start: int, end: int, hits: list, excludes: list) -> str:
    """The configured measure whose cue stands nearest the figure (within the same clause)."""
    best: tuple[int, str] | None = None
    for c_start, c_end, _text, label in hits:
        if any(label == x[3] and start - 120 <= x[0] <= end + 60 for x in excludes):
            continue
        if c_end <= start:
            dist = start - c_end
        elif c_start >= end:
            dist = c_start - end
        else:
            dist = 0
        between = sentence[min(c_end, end) : max(c_start, start)]
        if dist > 120 or ";" in between or " while " in between or " whereas " in between:
            continue
        if c_start >= end and any(ch in between for ch in ",—("):
            continue  # a cue after the figure counts only within the same phrase
        if best is None or dist < best[0]:
            best = (dist, label)
    return best[1] if best else ""


TARGET_BEFORE = re.compile(
    r"\b(?:target\w*|goals?|aims?|aiming|ambition|to reach|to increase|to raise|to boost|to double|to touch|expected to reach)\b",
    re.I,
)
TARGET_AFTER = re.compile(r"^\W*(?:\w+\W+){0,3}?(?:target|goal)\b", re.I)
ACTUAL_BEFORE = re.compile(r"\b(?:current(?:ly)?|present(?:ly)?|stands? at|stood at|touched|record|last year|so far|already)\b", re.I)


def _is_target(sentence: str, start: int, end: int) -> bool:
    """Whether the text frames the figure as a goal ("targets $100 billion", "$100 billion goal")."""
    before = sentence[max(0, start - 60) : start]
    if ACTUAL_BEFORE.search(sentence[max(0, start - 40) : start]):
        return False
    return bool(TARGET_BEFORE.search(before) or TARGET_AFTER.match(sentence[end : end + 40]))


LEFT_NP_STOP = re.compile(r"\b(?:at|to|of|for|after|since|over|in|within|is|was|are|were|stands?|stood|touched|reached|hit|totall?ed|worth|valued|by|from|between|about|around|approximately|nearly|record|a|an|the)\s*$", re.I)


def _heuristic_measure(sentence: str, start: int, end: int, item: str, right: bool = True) -> str:
    """A label when no configured measure applies: the noun phrase the figure qualifies."""
    if item:
        return item.lower()
    after = sentence[end:] if right else ""
    m = re.match(r"\s*(?:worth\s+)?of\s+(?:the\s+|its\s+|[A-Z][\w-]*[’']s\s+)?", after)
    words = _words_after(after[m.end():] if m else after, 4)
    np = []
    for w in words:
        if not w[0].isalpha() or w.lower() in STOP or w.lower().endswith("ly"):
            break
        np.append(w)
    if np:
        return " ".join(np[:3]).lower()
    left = sentence[:start]
    while True:
        m2 = LEFT_NP_STOP.search(left)
        if not m2 or m2.start() == len(left):
            break
        left = left[: m2.start()].rstrip()
    lw = re.findall(r"[A-Za-z][A-Za-z’'\-]*", left[-60:])
    np = []
    for w in reversed(lw):
        if w.lower() in STOP or QUALIFIER_BEFORE.search(" " + w):
            break
        np.insert(0, w)
        if len(np) == 3:
            break
    return " ".join(np).lower()


FRACTION = re.compile(
    r"(?<![\w-])(?P<f>(?:one|a)[-\s]third|two[-\s]thirds|(?:one|a)[-\s]quarter|three[-\s]quarters|(?:one|a)[-\s]fifth|"
    r"(?:two|three|four)[-\s]fifths|(?:one|a)[-\s]tenth|(?<!first )(?<!second )(?<!the )(?<!other )(?<!latter )(?<!a )half)"
    r"(?=\s+of\b)", re.I
)
FRACTION_VALUE = {"third": 100 / 3, "thirds": 200 / 3, "quarter": 25.0, "quarters": 75.0, "fifth": 20.0, "tenth": 10.0, "half": 50.0}
FIFTHS = {"two": 40.0, "three": 60.0, "four": 80.0}


def _fractions(sentence: str) -> list[Figure]:
    """"Two-thirds of the world's population": a share, as a percentage."""
    out = []
    for m in FRACTION.finditer(sentence):
        parts = re.split(r"[-\s]", m.group("f").lower())
        first, word = parts[0], parts[-1]
        value = round(FIFTHS[first] if word == "fifths" else FRACTION_VALUE[word], 2)
        label = _heuristic_measure(sentence, m.start(), m.end(), "")
        q = QUALIFIER_BEFORE.search(sentence[max(0, m.start() - 40) : m.start()])
        start = m.start() - (min(40, m.start()) - q.start("q")) if q else m.start()
        qualifier = next(name for name, _ in QUALIFIERS if q.group(name)) if q else "exact"
        out.append(Figure(sentence[start : m.end()], value, value, "percent", "", qualifier, label, start, m.end()))
    return out


def _not_a_figure(sentence: str, m: re.Match, before: str, sep: str) -> bool:
    """Numbers that are no quantity whatever follows: two things joined by "and", names, times of day."""
    # "and" only makes a range after "between"; otherwise it is two separate things.
    if sep == "and" and not re.search(r"\bbetween\s+\S*$", before, re.I):
        return True
    if NAME_NUMBER.search(before, max(0, m.start() - 12)):
        return True  # "Group of 20", "G 20": a name, not a count; "per 1000 m3" belongs to a rate
    return bool(TIME_AFTER.match(sentence, m.end()))  # a time of day


def _read_apart(
    sentence: str, m: re.Match, before: str, sep: str, low: float, high: float, measures: list[Measure]
) -> list[Figure] | None:
    """Two figures written as one "A to B": the figures read from each side, or None when it is a range.

    News writes "from 12% in 2015 to 40 per cent" (a year, then a figure) and "fell $4.60 to $69.05"
    (by how much, then the level reached); neither is a range from A to B.
    """
    if sep != "to":
        return None
    lo_raw, hi_raw = m.group("lo"), m.group("hi")
    tail = " " * m.end("sep") + sentence[m.end("sep") :]  # from the separator: "to $40" keeps its "$"
    if _is_year(low, lo_raw.replace(",", "")) and not _is_year(high, hi_raw.replace(",", "")):
        # a year and a figure, not a range; read on from the figure
        return [f for f in extract_figures(tail, measures) if f.start >= m.end("sep")]
    if sentence[m.end("sep") : m.start("hi")].strip() and CHANGE_BEFORE.search(before[-30:]):
        # each side has its own currency sign; "add 2 to 3 percentage points" stays a range
        head = sentence[: m.start("sep")]
        return [f for f in extract_figures(head, measures) if f.start >= m.start() - 40] + [
            f for f in extract_figures(tail, measures) if f.start >= m.end("sep")
        ]
    return None


def _not_a_quantity_here(sentence: str, m: re.Match, before: str, unit: str, scale_word: str, sfx: str) -> bool:
    """Numbers that are part of something else: "5m" alone, ordinals, decades, dates, fiscal years."""
    after = sentence[m.end() :]
    if sfx and not unit and not ((w := AFTER_WORD.match(sentence, m.end())) and w.group(1).lower() in PHYSICAL_UNITS):
        return True  # "5m" without a currency or a unit after it is ambiguous (metres? million?)
    # Directly attached letters: ordinals (23rd), decades (1960s), model numbers are not figures.
    if not scale_word and not sfx and re.match(r"(?:st|nd|rd|th|s)\b", after, re.I):
        return True
    prev_word = re.search(r"([A-Za-z]+)\.?\s*$", before)
    next_word = AFTER_WORD.match(after)
    if prev_word and prev_word.group(1).lower() in MONTHS and not unit:
        return True  # "December 4"
    if next_word and next_word.group(1).lower() in MONTHS and not unit:
        return True  # "4 December"
    return bool(re.search(r"\bFY\s*$|\bfiscal\s*$", before, re.I))


def _unit_after(
    sentence: str, m: re.Match, unit: str, mult: float, scale_word: str
) -> tuple[str, float, int] | None:
    """The unit a number has from its currency sign or the words after it: ``(unit, multiplier, end)``.

    In order: a currency sign before it ("$68.7 billion"), a percent ("60 per cent"), a currency word
    ("500 roubles"), cents or pence ("fell 66 cents"), "U.S. dollars", a physical unit ("100 GW",
    "a 1,000-megawatt unit", "38 billion cubic metres"), a duration ("77-year", "two decades").
    ``("", mult, end)`` when none of these follows (maybe a count); None when it is no quantity
    (a currency sign before a number word without a scale, "Rs five"; "cubic" without "metres").
    """
    lo_raw = m.group("lo")
    end = m.end()
    after = sentence[end:]
    next_word = AFTER_WORD.match(after)
    pct = AFTER_PERCENT.match(after)
    if unit:
        if not lo_raw[0].isdigit() and not scale_word:
            return None
    elif pct:
        unit = "percent"
        end += pct.end()
    elif next_word and next_word.group(1).lower() in CURRENCY_WORDS:
        unit = CURRENCY_WORDS[next_word.group(1).lower()]
        end += next_word.end()
    elif next_word and next_word.group(1).lower() in ("cents", "cent", "pence") and lo_raw[0].isdigit():
        unit = "GBP" if next_word.group(1).lower() == "pence" else "USD"  # "fell 66 cents": $0.66
        mult *= 0.01
        end += next_word.end()
    elif us := US_DOLLARS.match(after):
        unit = "USD"  # "6.8 billion U.S. dollars"
        end += us.end()
    elif next_word and next_word.group(1).lower() in PHYSICAL_UNITS and (
        not after.startswith("-") or next_word.group(1).lower() in SPELLED_UNITS
    ):
        unit = PHYSICAL_UNITS[next_word.group(1).lower()]
        end += next_word.end()
        if unit == "m3":
            cubic = re.match(r"\s*cubic\s+met(?:re|er)s?\b", after, re.I)
            if next_word.group(1).lower() == "cubic" and not cubic:
                return None
            end = m.end() + (cubic.end() if cubic else next_word.end())
            if mult == 1e9:  # billion cubic metres
                unit, mult = "bcm", 1.0
    elif next_word and next_word.group(1).lower().split("-")[0] in DURATIONS:
        word = next_word.group(1).lower().split("-")[0]
        unit, factor = DURATIONS[word]
        mult *= factor
        end += next_word.start(1) + len(word)
    return unit, mult, end


def _not_a_count(m: re.Match, before: str, low: float) -> bool:
    """Bare numbers that count nothing: years, "one of the", "the two countries", "those three"."""
    lo_raw, hi_raw = m.group("lo"), m.group("hi")
    if _is_year(low, lo_raw.replace(",", "")) or (hi_raw and _is_year(low, lo_raw)):
        return True
    if is_word_number(lo_raw) and low == 1:
        return True  # "one of the", "one expert": not a count
    det = re.search(r"([A-Za-z’']+)\s*$", before)
    if is_word_number(lo_raw) and det:
        word = det.group(1).lower()
        if low == 2 and (word in DETERMINERS or word.endswith(("'s", "’s"))):
            return True  # "the two countries", "the world's two biggest economies": a pair named, not counted
        if word in DETERMINERS and word != "the":
            return True  # "those three", "their five": counted before
    return False


def _counted_item(lo_raw: str, before: str, after: str) -> tuple[str, int] | None:
    """The noun a bare number counts and the length it spans after the number.

    News counts with a plural ("five squadrons"), a hyphenated noun ("the 55-member bloc"), a lead
    word ("three other reasons", "two 1,000-megawatt units"), "three of the vessels" or "155 of which";
    ``("", 0)`` when nothing is counted, None when a digit between a name and a singular noun is part
    of the name ("Nord Stream 2 pipeline").
    """
    hyphen = HYPHEN_COUNT.match(after)
    lead = COUNT_LEAD.match(after)
    if lead and (w := AFTER_WORD.match(after, lead.end())) and w.group(1).lower() in DURATIONS:
        lead = None  # "two more years": a duration, not a count of years
    if hyphen:
        item, used = hyphen.group(1), hyphen.end()  # "the 55-member bloc"
    elif lead:
        item, used = _count_item(after[lead.end() :])  # "two 1,000-megawatt units", "three other reasons"
        item, used = (f"{lead.group(1) or ''} {item}".strip(), used + lead.end()) if item else ("", 0)
    else:
        item, used = _count_item(after)
    if not item and re.match(r"\s+of\s+(?:the|these|those|its|their)\s+\w+s\b", after):
        item, used = "of the", 0  # "three of the vessels"
    elif item and lo_raw[0].isdigit() and not item.lower().endswith("s") and re.search(r"[A-Z]\w*\s+$", before):
        return None
    if not item and not is_word_number(lo_raw) and re.match(r"\s+of\s+(?:which|them|these|those)\b", after):
        item = "of which"  # "183 vessels, 155 of which were tankers"
        used = 0
    return item, used


def _counted(
    sentence: str, m: re.Match, before: str, low: float, scale_word: str, earlier: list[Figure]
) -> tuple[str, int, str] | None:
    """A bare number as a count of the noun after it: ``(unit, end, item)``, or None when it counts nothing.

    Without a counted noun, a scaled number after "to" takes the unit of a "from" figure before it:
    "from 77 million tons a year to 110 million" does not repeat "tons".
    """
    if _not_a_count(m, before, low):
        return None
    counted = _counted_item(m.group("lo"), before, sentence[m.end() :])
    if counted is None:
        return None
    item, used = counted
    if item:
        return "count", m.end() + used, item
    froms = [f for f in earlier if FROM_BEFORE.search(sentence[max(0, f.start - 30) : f.start])]
    if not (scale_word and froms and re.search(r"\bto\s+$", before[-10:])):
        return None
    return froms[-1].unit, m.end(), ""


def _with_rate(sentence: str, unit: str, end: int) -> tuple[str, int]:
    """A unit with its period or base when a rate follows, and where the figure then ends.

    News writes rates as "$119 a barrel", "tonnes of LNG annually", "barrels per day", "$100/barrel"
    or "$250 per 1,000 m3"; counts, percentages and durations take no rate.
    """
    if unit in DURATION_UNITS or unit in ("count", "percent"):
        return unit, end
    rate = RATE.match(sentence, end)
    if rate and not (rate.group("of") and unit in CURRENCY_SYMBOLS.values()):
        per = re.sub(r"\s+", " ", rate.group("per").lower())
        per = RATE_PERIODS.get(per) or per.replace("cubic metres", "m3").replace("cubic meters", "m3").replace(",", "")
        unit = f"{unit}/{per}"
        if not rate.group("of"):
            end = rate.end()
    return unit, end


def _qualifier(sentence: str, m: re.Match, before: str, unit: str, end: int, ranged: bool) -> tuple[str, int]:
    """How exact the text says the figure is, and where the figure starts with its qualifier.

    "about", "more than", "up to" ... before the number, else "range" for "A to B", else "exact".
    "over" before a duration means across it, not more than it ("invest $750bn over three years"),
    unless the text measures the time itself ("for over three years", "over 70 years old").
    """
    start = m.start()
    q = QUALIFIER_BEFORE.search(before[-40:])
    qualifier = "exact"
    if q and unit in DURATION_UNITS and q.group("q").lower() == "over" and not OVER_AS_MORE.search(
        before[: len(before) - (len(before[-40:]) - q.start("q"))]
    ) and not re.match(r"\s*(?:ago|old)\b", sentence[end:]):
        q = None
    if q:
        qualifier = next(name for name, _ in QUALIFIERS if q.group(name))
        start = m.start() - (len(before[-40:]) - q.start("q"))
    if ranged and qualifier == "exact":
        qualifier = "range"
    return qualifier, start


def _label(sentence: str, m: re.Match, end: int, unit: str, item: str, configured: str) -> str:
    """What the figure measures: the configured measure, else the noun phrase it qualifies.

    A duration is labelled from the words before it ("a relationship of 77 years") unless it is
    hyphenated onto its noun ("the 77-year partnership"); a money or physical quantity framed as a
    goal ("targets $100 billion", "a $100 billion goal") is labelled a target.
    """
    hyphenated = bool(re.match(r"-\w", sentence[m.end() :]))
    label = configured or _heuristic_measure(
        sentence, m.start(), end, item, right=unit not in DURATION_UNITS or hyphenated
    )
    if label and unit not in DURATION_UNITS + ("count", "percent") and _is_target(
        sentence, m.start(), end
    ) and "target" not in label:
        label += " target"
    return label


def extract_figures(sentence: str, measures: list[Measure] | None = None) -> list[Figure]:
    """All figures in ``sentence``, in order of appearance.

    Shares written as fractions come from :func:`_fractions`. Each number the core pattern finds then
    goes through named rules in order: :func:`_not_a_figure` (names, times, "X and Y"),
    :func:`_read_apart` ("from 12% in 2015 to 40%", "fell $4.60 to $69.05"),
    :func:`_not_a_quantity_here` (ordinals, dates, fiscal years), :func:`_unit_after` (currency,
    percent, physical unit, duration) or else :func:`_counted` (a counted noun), :func:`_with_rate`,
    :func:`_qualifier`, and :func:`_label` (the measure it is a figure of).
    """
    measures = measures or []
    out: list[Figure] = []
    lower = sentence.lower()
    if not _maybe_number(lower):
        return out
    if "third" in lower or "quarter" in lower or "fifth" in lower or "tenth" in lower or "half of" in lower:
        out.extend(_fractions(sentence))
    core = CORE if len(lower) == len(sentence) else CORE_I
    cues: tuple[list, list] | None = None  # the measures' cues in this sentence, found when first needed
    for m in core.finditer(lower if core is CORE else sentence):
        lo_raw, hi_raw = m.group("lo"), m.group("hi")
        sep = (m.group("sep") or "").strip().lower()
        before = sentence[: m.start()]
        if _not_a_figure(sentence, m, before, sep):
            continue
        try:
            low = to_number(lo_raw)
            high = to_number(hi_raw) if hi_raw else low
        except ValueError:
            continue
        if sep == "or" and not high > low:
            continue  # "four or five" is a range; "one or the other" is not
        if (apart := _read_apart(sentence, m, before, sep, low, high, measures)) is not None:
            out.extend(apart)
            continue
        unit = CURRENCY_SYMBOLS.get((m.group("cur") or "").strip().lower(), "")
        scale_word = (m.group("scale") or "").lower()
        sfx = (m.group("sfx") or "").lower()
        if _not_a_quantity_here(sentence, m, before, unit, scale_word, sfx):
            continue
        mult = SCALES.get(scale_word or sfx, 1.0)
        if (found := _unit_after(sentence, m, unit, mult, scale_word)) is None:
            continue
        unit, mult, end = found
        item = ""
        if not unit:
            if (counted := _counted(sentence, m, before, low, scale_word, out)) is None:
                continue
            unit, end, item = counted
        if unit in DURATION_UNITS and _is_year(low, lo_raw):
            continue
        unit, end = _with_rate(sentence, unit, end)
        qualifier, start = _qualifier(sentence, m, before, unit, end, bool(hi_raw) and high != low)
        configured = ""
        if unit not in DURATION_UNITS and unit != "count" and measures:
            if cues is None:
                cue_lex, ex_lex = _measure_index(tuple(measures))
                cues = list(cue_lex.finditer(sentence)), list(ex_lex.finditer(sentence))
            configured = _measure_from_config(sentence, m.start(), end, *cues)
        out.append(
            Figure(
                surface=sentence[start:end].strip(),
                low=low * mult,
                high=high * mult,
                unit=unit,
                item=item.lower(),
                qualifier=qualifier,
                measure=_label(sentence, m, end, unit, item, configured),
                start=start,
                end=end,
            )
        )
    if len(out) < 2:
        return out
    # a figure read again from the tail of a split "A to B" is kept once
    return sorted({(f.start, f.end): f for f in out}.values(), key=lambda f: f.start)
