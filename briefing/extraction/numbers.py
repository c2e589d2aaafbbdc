"""Reading numbers as news writes them: digits with separators, number words, scale words."""

from __future__ import annotations

import re

UNITS_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
SPECIAL_WORDS = {"a dozen": 12, "half a dozen": 6, "dozen": 12, "a hundred": 100, "a thousand": 1000, "hundred": 100}
SCALES = {
    "thousand": 1e3, "k": 1e3, "lakh": 1e5, "lakhs": 1e5, "million": 1e6, "mn": 1e6, "m": 1e6,
    "crore": 1e7, "crores": 1e7, "lakh crore": 1e12, "lakh crores": 1e12, "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
}

DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_TENS = "|".join(TENS_WORDS)
_UNITS = "|".join(sorted(UNITS_WORDS, key=len, reverse=True))
_BASE = rf"(?:(?:{_TENS})(?:[-\s](?:{_UNITS}))?|{_UNITS})"
WORDS = (
    rf"(?:(?:half\s+a\s+dozen|a\s+dozen|dozen|a\s+hundred|a\s+thousand|half\s+a(?=\s+(?:century|decade|billion|million|trillion)\b)"
    rf"|a\s+single(?=\s+(?:day|week|month|year|hour)\b)|an?(?=\s+(?:year|month|week|day|hour|minute|second|decade|century)\b)"
    rf"|(?:once|twice)(?=(?:\s+or\s+twice)?\s+(?:a|an|per|each|every)\s+(?:year|month|week|day)\b)|{_BASE}(?:[-\s]and[-\s]a[-\s]half|\s+dozen)?)\b)"
)
NUMBER = rf"(?:{DIGITS}|{WORDS})"


def to_number(text: str) -> float:
    """Convert "68.7", "1,200", "five", "twenty-five" or "half a dozen" to a float."""
    t = re.sub(r"\s+", " ", text.strip().lower())
    if t and t[0].isdigit():
        return float(t.replace(",", ""))
    if t in SPECIAL_WORDS:
        return float(SPECIAL_WORDS[t])
    if t in UNITS_WORDS:
        return float(UNITS_WORDS[t])
    if t in ("a single", "once", "a", "an"):
        return 1.0
    if t == "twice":
        return 2.0
    if t == "half a":
        return 0.5  # "half a century", "half a billion"
    for suffix, add, mult in ((" and a half", 0.5, 1), ("-and-a-half", 0.5, 1), (" dozen", 0, 12)):
        if t.endswith(suffix) or t.replace("-", " ").endswith(suffix.replace("-", " ")):
            return (to_number(t.replace("-", " ")[: -len(suffix)]) + add) * mult
    parts = re.split(r"[-\s]", t)
    if parts[0] in TENS_WORDS:
        return float(TENS_WORDS[parts[0]] + (UNITS_WORDS.get(parts[1], 0) if len(parts) > 1 else 0))
    raise ValueError(f"not a number: {text!r}")


def is_word_number(text: str) -> bool:
    """Whether ``text`` is spelled out rather than written in digits."""
    return not text.strip()[:1].isdigit()
