"""Figures: the quantities an analyst would quote, read from one sentence.

A figure is a number with what makes it meaningful: a currency ("$68.7 billion", "Rs 500 crore"),
a percentage ("60–70%"), a physical unit ("100 GW"), a duration ("77-year") or a counted thing
("five squadrons"). Bare years, dates, times, ordinals and model numbers ("S-400") are not figures.
Ranges keep both ends, scale words are resolved, qualifiers ("nearly", "over") are kept, and each
figure gets a short label of what it measures.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

from ..config import Measure
from .lexicon import Lexicon
from .numbers import DIGITS, NUMBER, SCALES, is_word_number, to_number

CURRENCY_SYMBOLS = {
    "us$": "USD", "$": "USD", "usd": "USD", "rs": "INR", "rs.": "INR", "inr": "INR", "₹": "INR",
    "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP", "rub": "RUB", "₽": "RUB", "¥": "CNY", "cny": "CNY",
    # the dollar signs of other countries, as wire copy prefixes them
    "a$": "AUD", "c$": "CAD", "hk$": "HKD", "s$": "SGD", "nz$": "NZD", "r$": "BRL",
}
CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "rupee": "INR", "rupees": "INR", "rouble": "RUB", "roubles": "RUB",
    "ruble": "RUB", "rubles": "RUB", "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP",
    "yuan": "CNY", "renminbi": "CNY", "yen": "JPY", "won": "KRW", "rand": "ZAR", "lira": "TRY", "reais": "BRL",
    "riyals": "SAR", "dirhams": "AED", "ringgit": "MYR", "rupiah": "IDR",
}
PHYSICAL_UNITS = {
    "gw": "GW", "mw": "MW", "kw": "kW", "gwh": "GWh", "twh": "TWh", "mwe": "MW",
    "tonnes": "tonnes", "tonne": "tonnes", "tons": "tonnes", "ton": "tonnes", "mt": "tonnes",
    "barrels": "barrels", "barrel": "barrels", "bpd": "barrels/day", "bcm": "bcm",
    "km": "km", "kilometres": "km", "kilometers": "km", "miles": "miles", "kg": "kg",
    "hectares": "hectares", "teu": "TEU", "mmbtu": "MMBtu",
    "megawatt": "MW", "megawatts": "MW", "gigawatt": "GW", "gigawatts": "GW", "kilowatt": "kW", "kilowatts": "kW",
    "m3": "m3", "cubic": "m3", "kwh": "kWh", "mwh": "MWh", "kilometre": "km", "kilometer": "km", "mile": "miles",
    "hectare": "hectares", "acres": "acres", "light-years": "light-years", "light-year": "light-years",
    "points": "points",  # a stock index's level ("closed at 20,199.79 points")
}
# Industry abbreviations that carry a scale and a period: "5.8 mtpa" is 5.8 million tonnes a year.
RATE_UNITS = {
    "mtpa": ("tonnes/year", 1e6), "mmtpa": ("tonnes/year", 1e6), "mtpy": ("tonnes/year", 1e6),
    "bcma": ("bcm/year", 1.0), "tcf": ("cubic feet", 1e12), "bcf": ("cubic feet", 1e9), "mbpd": ("barrels/day", 1e6), "kbpd": ("barrels/day", 1e3),
}
# Units of more than one word, or written with a sign: temperatures, nautical distances, basis points.
# A temperature is a degree sign or a capital C/F set directly on the number ("30C", "86°F").
WORDED_UNIT = re.compile(
    r"(?P<degC>\s?°\s?C\b|C\b|\s+degrees?\s+(?:Celsius|centigrade|C)\b)|(?P<degF>\s?°\s?F\b|\s+degrees?\s+(?:Fahrenheit|F)\b)"
    r"|\s+(?P<nmi>nautical\s+miles?)\b|\s+(?P<nkm>nautical\s+(?:kilomet(?:re|er)s?|km))\b|\s+(?P<bp>basis\s+points?)\b"
)
BARRELS_PER_DAY = re.compile(r"\s*(k|m|mm|)(?:b|bbl)/d(?:ay)?\b", re.I)
# A basis point is a hundredth of a percentage point: "25 basis points" is 0.25 percent.
WORDED_UNIT_NAMES = {"degC": "degC", "degF": "degF", "nmi": "nautical miles", "nkm": "nautical km", "bp": "percent"}
# Currency names that are also common words ("won", "rand") count only after a scale or a large number.
AMBIGUOUS_CURRENCY_WORDS = frozenset({"won", "rand"})
# Units spelled out in full may join their number with a hyphen ("a 1,000-megawatt unit").
SPELLED_UNITS = frozenset({"megawatt", "gigawatt", "kilowatt", "tonne", "ton", "barrel"})
DURATIONS = {
    "year": ("years", 1), "years": ("years", 1), "decade": ("years", 10), "decades": ("years", 10),
    "month": ("months", 1), "months": ("months", 1), "week": ("weeks", 1), "weeks": ("weeks", 1),
    "day": ("days", 1), "days": ("days", 1), "hour": ("hours", 1), "hours": ("hours", 1),
    "century": ("years", 100), "centuries": ("years", 100), "minute": ("minutes", 1), "minutes": ("minutes", 1),
    "second": ("seconds", 1), "seconds": ("seconds", 1),
}
DURATION_UNITS = ("years", "months", "weeks", "days", "hours", "minutes", "seconds")
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
COUNT_PERIODS = frozenset({"year", "month", "week", "day"})
# A duration with one describing word between the number and its unit: "17 hard years", "three
# straight days", "two full decades" (a lower-case word that is no function word).
DESCRIBED_DURATION = re.compile(
    r"\s+(?!(?:of|and|or|to|in|on|at|for|the|a|an|more|other|new|per|than|from)\b)[a-z]+\s+"
    r"(years|months|weeks|days|hours|minutes|seconds|decades|centuries)\b"
)
MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
# Bounds as news writes them in words (AP and Reuters style: "more than", not "over", for
# quantities, though both are printed). "within six years" and "within 10 km" put a ceiling on the
# figure; "topping 30C" and "a minimum of" a floor.
QUALIFIERS = [
    ("approx", r"about|around|approximately|approx\.?|roughly|nearly|almost|some|an estimated|estimated(?: at)?|close to|"
     r"circa|~|in the region of|(?:of|on) the order of|more or less"),
    ("over", r"over|more than|above|exceeding|surpassing|upwards? of|at least|in excess of|just over|well over|well above|"
     r"beyond|topping|a minimum of|no fewer than|no less than|not less than|north of"),
    ("under", r"under|less than|below|fewer than|just under|well under|well below|at most|no more than|shy of"),
    ("up_to", r"up to|as much as|as many as|a maximum of|within(?: the (?:next|coming|first))?"),
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
_CUR = r"us\$|a\$|c\$|hk\$|s\$|nz\$|r\$|\$|usd\s?|rs\.?\s?|inr\s?|₹\s?|€|eur\s?|£|gbp\s?|rub\s?|₽\s?|¥|cny\s?"
CORE = re.compile(
    r"(?=[\d$₹€£¥₽uriegcotfsnhad])"
    rf"(?<![\w.,:/\-–—])(?<!\w\+)(?P<cur>{_CUR})?(?P<lo>{NUMBER})"
    rf"(?:(?P<sep>\s*[-–—]\s*|\s+to\s+|\s+and\s+|\s+or\s+)(?:{_CUR})?(?P<hi>{NUMBER})(?![\d,]))?"
    r"(?:\s*(?P<scale>trillion|billion|million|thousand|lakh\s+crores?|lakhs?|crores?|bn|mn|tn)\b|(?P<sfx>[kmb])\b)?"
)
CORE_I = re.compile(CORE.pattern, re.I)
# The far end of a range that repeats the unit: "5%-6%", "$5bn-$6bn", "between 5% and 6%".
RANGE_END = re.compile(
    rf"\s*(?P<sep>[-–—]|to\b|and\b)\s*(?P<cur>{_CUR})?(?P<n>{DIGITS})"
    r"(?:\s*(?P<scale>trillion|billion|million|thousand|bn|mn|tn)\b|(?P<sfx>[kmb])\b)?"
    r"(?P<pct>\s*%|\s*per\s?cent\b|\s*percent\b)?",
    re.I,
)  # for the rare text whose length changes when lower-cased
# Cheap test before the full scan: a digit, or a number word among the sentence's words.
DIGIT = re.compile(r"\d")
NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety dozen hundred thousand once twice".split()
)
_PUNCT_TO_SPACE = str.maketrans({c: " " for c in "-–—,.;:!?()[]\"“”‘’'/"})


# A verb of change before "A to B": A is the change, B the level ("fell $4.60 to $69.05").
CHANGE_BEFORE = re.compile(
    r"\b(?:los(?:e|es|ing|t)|gain(?:s|ed|ing)?|fell|falls?|falling|dropp(?:ed|ing)|drops?|rose|rises?|rising|"
    r"climb(?:s|ed|ing)?|jump(?:s|ed|ing)?|slid|slipp(?:ed|ing)|shed(?:s|ding)?|add(?:s|ed|ing)|sank|tumbled|soared|"
    r"rais(?:e|es|ed|ing)|cut(?:s|ting)?|lower(?:s|ed|ing)?|hik(?:e|es|ed|ing)|increas(?:e|es|ed|ing)|"
    r"reduc(?:e|es|ed|ing)|trimm(?:ed|ing)|"
    r"up|down)\s+(?:by\s+)?(?:some\s+|about\s+|nearly\s+|almost\s+|around\s+)?$",
    re.I,
)
OVER_AS_MORE = re.compile(r"\b(?:for|in|of|after|than|since|with|lasted|lasting|took|taking|spent|spanning)\s*$", re.I)
US_DOLLARS = re.compile(r"\s+(?:U\.S\.|US|American)\s+dollars?\b")
FROM_BEFORE = re.compile(r"\bfrom\s+(?:(?:the|its|a)\s+)?(?:(?:present|current|previous|earlier)\s+)?$", re.I)
HYPHEN_COUNT = re.compile(r"-(member|nation|country|state|strong|party|seat)\b", re.I)
COUNT_LEAD = re.compile(r"\s+(?:(other|more|additional|further|new)|[\d,.]+-[A-Za-z]+)(?=\s+[A-Za-z])", re.I)
NAME_NUMBER = re.compile(r"(?:\bGroup\s+of|\bG[\s-]?|\bper)\s*$")
SCORE_BEFORE = re.compile(r"\b(?:won|win|wins|lost|lose|loses|beat|beats|drew|draws?|led|leads?|trail(?:ed|s)?|score[ds]?|voted)\s+$", re.I)
SCORE_AFTER = re.compile(r"\s+(?:draw|win|victory|defeat|loss|lead|scoreline|vote|verdict|majority|ruling)\b", re.I)
TIME_AFTER = re.compile(r"\s*(?:[ap]\.?m\b\.?|:\d\d|GMT\b|BST\b|CET\b)", re.I)


# "more than a minute", "nearly a decade": "a" as the number one, only after a word of bound.
A_SPAN = re.compile(r"(?:than|nearly|almost|about|around|under|over|within|roughly|least|most) an? (?:year|month|week|day|hour|minute|second|decade|century)\b")


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
        or "half" in lower
        or bool(A_SPAN.search(lower))
    )


AFTER_PERCENT = re.compile(r"(?:\s*|-)(?:%|per\s?cent\b|percentage points?\b|pc\b)(?:\s+percent\b)?", re.I)
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


INVARIANT_PLURALS = frozenset({"aircraft", "personnel", "people", "staff", "crew", "police", "cattle", "livestock"})


def _plural(phrase: str) -> bool:
    """Whether the head (last word) of a noun phrase is plural."""
    last = phrase.rsplit(" ", 1)[-1].lower()
    return (last.endswith("s") and not last.endswith("ss")) or last in INVARIANT_PLURALS


def _count_item(after: str) -> tuple[str, int]:
    """The counted noun after a number and the length it spans.

    Counted nouns after a number are plural ("five squadrons", "25 agreements"); words before the
    plural head modify it ("Cabinet ministers", "defence deals"). The phrase ends at the first plural.
    """
    # a word may carry a model number ("40 F-16 jets")
    words = list(re.finditer(r"\s*([A-Za-z][A-Za-z’'\-]*(?:(?<=-)\d+[A-Za-z]*)?|[^\sA-Za-z])", after[:120]))
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


# Words that number a thing rather than count it: "Section 232 tariffs", "Article 5", "Phase 2 talks".
DESIGNATOR = re.compile(
    r"\b(?:article|section|resolution|chapter|clause|paragraph|annex|title|rule|phase|stage|round|tier|level|"
    r"flight|route|vision|agenda|pillar|model|version|series|unit|train|block|no\.?|number)\s+$",
    re.I,
)
# Nouns that stand for a figure already given: "instead of the 400,000 figure".
PRO_FORMS = frozenset({"figure", "level", "mark", "threshold"})
# An age set off by commas after a name: "Jane Doe, 27, of Kenya".
AGE = re.compile(r"\b[A-Z][\w’'-]+,\s*$")
AGE_AFTER = re.compile(r",\s")
# "The number of jobs in the industry is 10 million": the number counts the noun after "number of".
NUMBER_OF = re.compile(
    r"\b(?:total\s+)?numbers?\s+of\s+([a-z]+)\b[^;]{0,80}?\b(?:is|was|are|were|stands\s+at|stood\s+at|reached|totals?|"
    r"totalled|totaled)\s+(?:(?:about|around|nearly|almost|some|roughly|more\s+than|over|under|fewer\s+than|"
    r"less\s+than|just\s+over|just\s+under)\s+)?$",
    re.I,
)
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
    r"(?=\s+of\b|,[^,;]{1,40},\s+of\b|\s*\([^()]{1,40}\)\s+of\b|(?<=half)\s+(?:the|its|their|all)\s)",
    re.I,  # "two-thirds, or $370 billion, of imports"; "half the capital cost"
)
FRACTION_VALUE = {"third": 100 / 3, "thirds": 200 / 3, "quarter": 25.0, "quarters": 75.0, "fifth": 20.0, "tenth": 10.0, "half": 50.0}
# "One in five firms", "two out of three voters", "one in every four": a share written as a ratio.
ONE_IN = re.compile(
    rf"(?<![\w.,-])(?P<f>(?P<part>{NUMBER})\s+(?:in|out\s+of)\s+(?:every\s+)?(?P<whole>{NUMBER}))(?![\d,.%])"
    r"(?!\s+(?:years?|months?|weeks?|days?|hours?|minutes?|per\s?cent|percent)\b)",
    re.I,
)
RATIO_HINT = re.compile(r" (?:in|out of) (?:every )?(?:\d|one |two |three |four |five |six |seven |eight |nine |ten |twenty |a hundred|hundred)")
FIFTHS = {"two": 40.0, "three": 60.0, "four": 80.0}


def _fractions(sentence: str, words: bool, ratios: bool) -> list[Figure]:
    """"Two-thirds of the world's population", "one in five firms": a share, as a percentage.

    ``words`` and ``ratios`` say whether the sentence may hold a fraction word or an "X in Y" ratio.
    """
    out = []
    for m in itertools.chain(FRACTION.finditer(sentence) if words else (), ONE_IN.finditer(sentence) if ratios else ()):
        if m.re is ONE_IN:
            part, whole = to_number(m.group("part")), to_number(m.group("whole"))
            if not 0 < part < whole or _is_year(whole, m.group("whole")):  # "rose to 12 in 2019"
                continue
            value = round(100 * part / whole, 2)
        else:
            parts = re.split(r"[-\s]", m.group("f").lower())
            first, word = parts[0], parts[-1]
            value = round(FIFTHS[first] if word == "fifths" else FRACTION_VALUE[word], 2)
        label = _heuristic_measure(sentence, m.start(), m.end(), "")
        q = QUALIFIER_BEFORE.search(sentence[max(0, m.start() - 40) : m.start()])
        start = m.start() - (min(40, m.start()) - q.start("q")) if q else m.start()
        qualifier = next(name for name, _ in QUALIFIERS if q.group(name)) if q else "exact"
        out.append(Figure(sentence[start : m.end()], value, value, "percent", "", qualifier, label, start, m.end()))
    return out


DEFINITION_AFTER = re.compile(r"\s+(?:is|equals|means)\b")
# A duration written as a clock reading with seconds: "a winning time of 2:05:06" (hours:minutes:seconds).
CLOCK_DURATION = re.compile(r"(?<![\d:.])(\d{1,2}):([0-5]\d):([0-5]\d)(?![\d:])(?!\s*(?:[ap]\.?m\b|GMT|BST|CET|UTC))", re.I)


def _clock_durations(sentence: str) -> list[Figure]:
    """"Finished in 2:07:04": a time taken, in minutes (a time of day has no seconds or says a.m.)."""
    out = []
    for m in CLOCK_DURATION.finditer(sentence):
        value = int(m.group(1)) * 60 + int(m.group(2)) + int(m.group(3)) / 60
        q = QUALIFIER_BEFORE.search(sentence[max(0, m.start() - 40) : m.start()])
        start = m.start() - (min(40, m.start()) - q.start("q")) if q else m.start()
        qualifier = next(name for name, _ in QUALIFIERS if q.group(name)) if q else "exact"
        label = _heuristic_measure(sentence, m.start(), m.end(), "", right=False)
        out.append(Figure(sentence[start : m.end()], value, value, "minutes", "", qualifier, label, start, m.end()))
    return out


def _range_end(sentence: str, before: str, unit: str, end: int, low: float) -> tuple[float, int] | None:
    """The far end of a range written with its unit twice ("5%-6%", "$5bn-$6bn"): ``(value, end)``.

    ``low`` is the near end with its scale. "to" makes a range except after "from" or a verb of
    change ("from 5% to 6%", "fell 66 cents to $24.86": a change and a level), "and" only after
    "between"; a range runs from low to high.
    """
    far = RANGE_END.match(sentence, end)
    if not far:
        return None
    sep = far.group("sep").lower()
    if (sep == "to" and (re.search(r"\bfrom\s+(?:\S+\s+){0,2}$", before[-30:], re.I) or CHANGE_BEFORE.search(before[-30:]))) or (
        sep == "and" and not re.search(r"\bbetween\s+\S*$", before[-20:], re.I)
    ):
        return None
    if unit == "percent":
        if not far.group("pct") or far.group("cur"):
            return None
    elif CURRENCY_SYMBOLS.get((far.group("cur") or "").strip().lower()) != unit or far.group("pct"):
        return None
    value = float(far.group("n").replace(",", ""))
    scale = (far.group("scale") or far.group("sfx") or "").lower()
    return (value * SCALES.get(scale, 1.0), far.end()) if value * SCALES.get(scale, 1.0) > low else None


def _minus_at(before: str, unit: str) -> int | None:
    """Where "minus" stands right before a temperature ("minus 4°C"), or None."""
    if unit not in ("degC", "degF"):
        return None
    minus = re.search(r"\bminus\s+$", before[-8:], re.I)
    return len(before) - len(before[-8:]) + minus.start() if minus else None


def _not_a_figure(sentence: str, m: re.Match, before: str, sep: str) -> bool:
    """Numbers that are no quantity whatever follows: names, scores, times of day."""
    if NAME_NUMBER.search(before, max(0, m.start() - 12)):
        return True  # "Group of 20", "G 20": a name, not a count; "per 1000 m3" belongs to a rate
    if sep in ("-", "–", "—") and _is_score(sentence, m, before):
        return True  # "a 1-1 draw", "won 3-1", "a 5-4 vote": a score or a tally, not a range
    return bool(TIME_AFTER.match(sentence, m.end()))  # a time of day


def _is_score(sentence: str, m: re.Match, before: str) -> bool:
    """Whether "A-B" is a score or a vote tally: ranges are written low to high, scores either way."""
    lo_raw, hi_raw = m.group("lo"), m.group("hi")
    if m.group("cur") or not (lo_raw.isdigit() and hi_raw.isdigit()) or m.group("scale") or m.group("sfx"):
        return False
    if int(hi_raw) <= int(lo_raw):
        return True
    return bool(SCORE_BEFORE.search(before[-25:]) or SCORE_AFTER.match(sentence, m.end()))


def _read_apart(
    sentence: str, m: re.Match, before: str, sep: str, low: float, high: float, measures: list[Measure]
) -> list[Figure] | None:
    """Two figures written as one "A to B": the figures read from each side, or None when it is a range.

    News writes "from 12% in 2015 to 40 per cent" (a year, then a figure) and "fell $4.60 to $69.05"
    (by how much, then the level reached); neither is a range from A to B. "and" makes a range only
    after "between": "in 2019 and 1,200 ships" is a year and a figure.
    """
    if sep == "and" and not re.search(r"\bbetween\s+\S*$", before, re.I):
        head = sentence[: m.start("sep")]
        tail = " " * m.end("sep") + sentence[m.end("sep") :]
        return [f for f in extract_figures(head, measures) if f.start >= m.start() - 40] + [
            f for f in extract_figures(tail, measures) if f.start >= m.end("sep")
        ]
    if sep != "to":
        return None
    lo_raw, hi_raw = m.group("lo"), m.group("hi")
    tail = " " * m.end("sep") + sentence[m.end("sep") :]  # from the separator: "to $40" keeps its "$"
    if _is_year(low, lo_raw) and not _is_year(high, hi_raw):
        # a year and a figure, not a range; read on from the figure
        return [f for f in extract_figures(tail, measures) if f.start >= m.end("sep")]
    if FROM_BEFORE.search(before[-40:]):
        # "from 7.25 to 7.50 percent": a level before and after a change; the first takes the second's unit
        after = [f for f in extract_figures(tail, measures) if f.start >= m.end("sep")]
        if not after or after[0].start > m.start("hi") or not high or after[0].unit in DURATION_UNITS:
            return None
        scale = after[0].low / high
        first = Figure(sentence[m.start() : m.end("lo")], low * scale, low * scale, after[0].unit, after[0].item,
                       "exact", after[0].measure, m.start(), m.end("lo"))
        return [first, *after]
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
    if re.search(r"\b(?:high|low|mid)[\s-]*$", before[-6:], re.I) and re.match(r"\S*\s+range\b", after):
        return True  # "the high 20C range": a band, not a figure
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
    elif next_word and next_word.group(1).lower() in CURRENCY_WORDS and (
        next_word.group(1).lower() not in AMBIGUOUS_CURRENCY_WORDS or scale_word or "," in lo_raw
    ):
        unit = CURRENCY_WORDS[next_word.group(1).lower()]
        end += next_word.end()
    elif next_word and next_word.group(1).lower() in ("cents", "cent", "pence") and lo_raw[0].isdigit():
        unit = "GBP" if next_word.group(1).lower() == "pence" else "USD"  # "fell 66 cents": $0.66
        mult *= 0.01
        end += next_word.end()
    elif us := US_DOLLARS.match(after):
        unit = "USD"  # "6.8 billion U.S. dollars"
        end += us.end()
    elif worded := WORDED_UNIT.match(after):
        unit = WORDED_UNIT_NAMES[worded.lastgroup]  # "30C", "74 nautical kilometres", "50 basis points"
        mult *= 0.01 if worded.lastgroup == "bp" else 1.0
        end += worded.end()
    elif per_day := BARRELS_PER_DAY.match(after):
        unit = "barrels/day"  # "300,000 b/d", "1.2 mb/d"
        mult *= {"": 1.0, "k": 1e3, "m": 1e6, "mm": 1e6}[per_day.group(1).lower()]
        end += per_day.end()
    elif next_word and next_word.group(1).lower() in RATE_UNITS and not after.startswith("-"):
        unit, factor = RATE_UNITS[next_word.group(1).lower()]  # "5.8 mtpa": million tonnes a year
        mult *= factor
        end += next_word.end()
    elif next_word and next_word.group(1).lower() in PHYSICAL_UNITS and (
        not after.startswith("-") or next_word.group(1).lower() in SPELLED_UNITS
    ):
        unit = PHYSICAL_UNITS[next_word.group(1).lower()]
        end += next_word.end()
        if unit == "m3":
            cubic = re.match(r"\s*cubic\s+(?:met(?:re|er)s?|(?P<feet>feet|foot))\b", after, re.I)
            if next_word.group(1).lower() == "cubic" and not cubic:
                return None
            end = m.end() + (cubic.end() if cubic else next_word.end())
            if cubic and cubic.group("feet"):
                return "cubic feet", mult, end
            if mult == 1e9:  # billion cubic metres
                unit, mult = "bcm", 1.0
    elif next_word and next_word.group(1).lower().split("-")[0] in DURATIONS:
        word = next_word.group(1).lower().split("-")[0]
        unit, factor = DURATIONS[word]
        mult *= factor
        end += next_word.start(1) + len(word)
    elif (span := DESCRIBED_DURATION.match(after)) and lo_raw[0] != "0":
        unit, factor = DURATIONS[span.group(1).lower()]  # "17 hard years", "five long months"
        mult *= factor
        end += span.end()
    return unit, mult, end


def _not_a_count(m: re.Match, before: str, low: float) -> bool:
    """Bare numbers that count nothing: years, "one of the", "the two countries", "those three"."""
    lo_raw = m.group("lo")
    if _is_year(low, lo_raw):
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
    elif item and lo_raw[0].isdigit() and not _plural(item) and (
        re.search(r"[A-Z]\w*\s+$", before) or re.match(r"[A-Z][a-z]", item)
    ):
        return None  # "Nord Stream 2 pipeline", "10 Downing Street": part of a name or an address
    if not item and re.match(r"\s+of\s+(?:which|them|these|those)\b", after):
        item = "of which"  # "183 vessels, 155 of which were tankers"
        used = 0
    return item, used


def _counted(
    sentence: str, m: re.Match, before: str, low: float, scale_word: str, earlier: list[Figure]
) -> tuple[str, int, str] | None:
    """A bare number as a count of the noun after it: ``(unit, end, item)``, or None when it counts nothing.

    Without a counted noun, a scaled number after "to" takes the unit of a "from" figure before it:
    "from 77 million tons a year to 110 million" does not repeat "tons"; a number that stands for a
    figure named before ("the 400,000 figure", "the 5% level") takes that figure's unit; and "the
    number of jobs is 10 million" counts jobs; a number after ", or" restates the figure before it.
    """
    if m.group("lo").lower() in ("once", "twice"):
        return "count", m.end(), ""  # "once a year": a frequency; the rate is read next
    if _not_a_count(m, before, low) or (m.group("lo")[0].isdigit() and DESIGNATOR.search(before[-14:])):
        return None
    if re.match(r"[A-Za-z]", sentence[m.end() :]):
        return None  # letters glued to the number: a code or a name ("5G", "3D"), not a count
    if "." in m.group("lo") and not scale_word:
        return None  # a count is a whole number: "62.39 against the dollar" is a rate, not 62.39 things
    if m.group("lo").isdigit() and AGE.search(before) and AGE_AFTER.match(sentence, m.end()) and 0 < low < 120:
        return "years", m.end(), ""  # "Firehiwot Dado, 27, of Ethiopia": an age in apposition
    counted = _counted_item(m.group("lo"), before, sentence[m.end() :])
    if counted is None:
        return None
    item, used = counted
    if item.lower().split(" ")[0] in PRO_FORMS:
        return (earlier[-1].unit, m.end(), "") if earlier else None
    if item:
        return "count", m.end() + used, item
    if (number_of := NUMBER_OF.search(before[-120:])) and not re.search(r"[;:]", number_of.group(0)):
        return "count", m.end(), number_of.group(1)
    if earlier and re.search(r",\s*or\s+(?:[a-z]+\s+){0,2}$", before[-30:]):
        return earlier[-1].unit, m.end(), ""  # "three-quarters of the 1,500 firms, or about 1,100,": the same figure restated
    froms = [f for f in earlier if FROM_BEFORE.search(sentence[max(0, f.start - 30) : f.start])]
    if not (scale_word and froms and re.search(r"\bto\s+$", before[-10:])):
        return None
    return froms[-1].unit, m.end(), ""


def _with_rate(sentence: str, unit: str, end: int) -> tuple[str, int]:
    """A unit with its period or base when a rate follows, and where the figure then ends.

    News writes rates as "$119 a barrel", "tonnes of LNG annually", "barrels per day", "$100/barrel"
    or "$250 per 1,000 m3"; a count takes a period right after its noun ("14 cargoes per annum",
    "twice a year"); percentages, durations and units that carry their period ("mtpa") take none.
    """
    if unit in DURATION_UNITS or unit == "percent" or "/" in unit:
        return unit, end
    rate = RATE.match(sentence, end)
    if unit == "count":
        if rate and not rate.group("of") and RATE_PERIODS.get(rate.group("per").lower()) in COUNT_PERIODS:
            return f"count/{RATE_PERIODS[rate.group('per').lower()]}", rate.end()
        return unit, end
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

    Shares written as fractions or ratios come from :func:`_fractions` ("two-thirds of", "one in
    five"). Each number the core pattern finds then goes through named rules in order:
    :func:`_not_a_figure` (names, scores, times), :func:`_read_apart` ("from 12% in 2015 to 40%",
    "fell $4.60 to $69.05", "in 2019 and 1,200 ships"), :func:`_not_a_quantity_here` (ordinals,
    dates, fiscal years, bands), :func:`_unit_after` (currency, percent, physical or trade unit,
    temperature, duration) with :func:`_range_end` ("5%-6%") and :func:`_minus_at`, or else
    :func:`_counted` (a counted noun, or the unit of the figure it restates), :func:`_with_rate`,
    :func:`_qualifier`, and :func:`_label` (the measure it is a figure of).
    """
    measures = measures or []
    out: list[Figure] = []
    lower = sentence.lower()
    if not _maybe_number(lower):
        return out
    words = "third" in lower or "quarter" in lower or "fifth" in lower or "tenth" in lower or "half" in lower
    ratios = (" in " in lower or " out of " in lower) and bool(RATIO_HINT.search(lower))
    if words or ratios:
        out.extend(_fractions(sentence, words, ratios))
    if ":" in sentence:
        out.extend(_clock_durations(sentence))
    shares = [(f.start, f.end) for f in out]
    core = CORE if len(lower) == len(sentence) else CORE_I
    cues: tuple[list, list] | None = None  # the measures' cues in this sentence, found when first needed
    skip_until = 0  # the far end of a range read with the figure before
    for m in core.finditer(lower if core is CORE else sentence):
        if m.start() < skip_until:
            continue
        lo_raw, hi_raw = m.group("lo"), m.group("hi")
        if shares and any(s <= m.start() < e for s, e in shares):
            continue  # the numbers of "one in five" are read as the share
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
        scale_word = " ".join((m.group("scale") or "").lower().split())
        sfx = (m.group("sfx") or "").lower()
        if _not_a_quantity_here(sentence, m, before, unit, scale_word, sfx):
            continue
        mult = SCALES.get(scale_word or sfx, 1.0)
        if (found := _unit_after(sentence, m, unit, mult, scale_word)) is None:
            continue
        unit, mult, end = found
        if not hi_raw and unit and (far := _range_end(sentence, before, unit, end, low * mult)):
            high, end = far[0] / mult, far[1]
            skip_until = end
        if (minus := _minus_at(before, unit)) is not None:
            low, high = -high, -low  # "minus 5C"
        item = ""
        if not unit:
            if (counted := _counted(sentence, m, before, low, scale_word, out)) is None:
                continue
            unit, end, item = counted
        if unit in DURATION_UNITS and _is_year(low, lo_raw):
            continue
        unit, end = _with_rate(sentence, unit, end)
        qualifier, start = _qualifier(sentence, m, before, unit, end, high != low)
        if qualifier == "exact" and lo_raw.lower() in ("a", "an"):
            continue  # "a year" alone is no figure; "more than a minute", "nearly a decade" are
        if lo_raw.lower() == "one" and low == high and DEFINITION_AFTER.match(sentence, end):
            continue  # "One light-year is about 6 trillion miles": a unit defined, not a figure
        if minus is not None:
            start = min(start, minus)
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
