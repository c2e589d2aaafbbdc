"""Splitting article text into paragraphs and sentences.

News text is not tidy prose: it has headings without full stops, bullet lists, Markdown fact boxes,
abbreviations ("U.S.", "Dr.", "Rs."), decimals ("$68.7 billion"), curly quotes around several
sentences, and quotations introduced on the line before. The splitter works line by line, classifies
each line as a heading, bullet, table row or body text, and splits body text at sentence ends that
are not abbreviations and not inside an open quotation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Titles and abbreviations that end in a full stop without ending a sentence.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen col lt maj capt sgt cmdr adm amb gov sen rep rev st sr jr hon sec secy pres
    rs no nos vs inc ltd co corp dept est approx fig mt ft pp vol ed eds
    jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)
# Words that typically open a sentence; after a dotted acronym ("U.S.") they signal a real boundary.
SENTENCE_STARTERS = frozenset(
    """the this that these those it its he she they we i but and however meanwhile in a an as on at
    for while although if when there both yet so also still such despite after before since under
    with what why how who one our their his her""".split()
)
BULLET = re.compile(r"^\s*(?:[-*•▪◦●‣–—]|\d{1,2}[.)])\s+")
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
# A candidate boundary: terminal punctuation, optional closing quotes/brackets, whitespace, then
# something that can open a sentence (capital, digit, opening quote or bracket, or a symbol/emoji).
BOUNDARY = re.compile(r"([.!?…]+)([\"”’')\]]*)(\s+)(?=[\"“‘'(\[]?[A-Z0-9\u00C0-\u024F\u0400-\u04FF$₹€£]|[^\w\s])")
TERMINAL = re.compile(r"[.!?…:;\"”’)]\s*$")
WORD_BEFORE = re.compile(r"([\w.’'-]+)$")
INITIAL = re.compile(r"[A-Z]")
DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
NEXT_WORD = re.compile(r"[\"“‘']?(\w+)")
SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff]")

HEADING_MAX_WORDS = 16
QUOTE_SPAN_LIMIT = 1200  # an "open quote" longer than this is a typo, not a quotation
# A "sentence" longer than this is unpunctuated text (a paste without full stops, a data dump): it is
# cut at spaces into pieces of at most this length, so that every later rule sees bounded input and
# extraction stays linear in the size of the article. Far above any real sentence.
MAX_SENTENCE_CHARS = 2000
LOOKAHEAD = 80  # how much text after a boundary the abbreviation rule needs


@dataclass(frozen=True)
class Sentence:
    """One sentence (or heading, bullet or table row) in reading order."""

    n: int
    paragraph: int
    text: str
    block: str  # heading | bullet | table | body


def normalise(text: str) -> str:
    """NFC-normalise, drop invisible characters and fold runs of spaces; keep punctuation as written."""
    text = unicodedata.normalize("NFC", text)
    text = INVISIBLE.sub("", text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _is_heading(line: str) -> bool:
    words = line.split()
    if not words or len(words) > HEADING_MAX_WORDS:
        return False
    if line.endswith("?") and len(words) <= 12:  # a question subhead: "Why this visit matters?"
        return True
    if TERMINAL.search(line):
        return False
    first = words[0].lstrip("“\"'‘(")
    return not (first[:1].islower())


def _no_split_before(chunk: str, punct: str, next_text: str) -> bool:
    """Whether the full stop that ends ``chunk`` is part of an abbreviation rather than a sentence end."""
    if punct != ".":
        return False
    # only the tail matters: a $-anchored search over the whole chunk would rescan it every time
    m = WORD_BEFORE.search((chunk[:-1] if chunk.endswith(".") else chunk)[-48:])
    if not m:
        return False
    word = m.group(1)
    bare = word.rstrip(".").lower()
    if bare in ABBREVIATIONS:
        return True
    if INITIAL.fullmatch(word):  # an initial: "Donald J. Trump", "U. tariffs"
        return True
    if DOTTED.fullmatch(word):  # U.S, U.K, e.g, i.e
        nxt = NEXT_WORD.match(next_text)
        return not (nxt and nxt.group(1).lower() in SENTENCE_STARTERS)
    return False


def _quote_open(text: str) -> bool:
    """Whether ``text`` leaves a quotation open (curly quotes counted, straight quotes paired)."""
    depth = text.count("“") - text.count("”")
    if depth > 0:
        return True
    return text.count('"') % 2 == 1


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph of body text into sentences."""
    out: list[str] = []
    start = 0
    for m in BOUNDARY.finditer(paragraph):
        end = m.end(2)
        # bounded slices only: the rules look at the tail before and a little text after the boundary
        tail = paragraph[max(start, m.end(1) - LOOKAHEAD) : m.end(1)]
        if _no_split_before(tail, m.group(1), paragraph[m.end() : m.end() + LOOKAHEAD]):
            continue
        if end - start < QUOTE_SPAN_LIMIT and _quote_open(paragraph[start:end]):
            continue
        out.append(paragraph[start:end].strip())
        start = m.end()
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return [s for s in out if s]


def bounded(text: str, limit: int = MAX_SENTENCE_CHARS) -> list[str]:
    """Cut ``text`` at spaces into pieces of at most ``limit`` characters (a word longer is cut inside)."""
    pieces = []
    while len(text) > limit:
        cut = text.rfind(" ", 0, limit + 1)
        if cut <= 0:
            cut = limit
        pieces.append(text[:cut].strip())
        text = text[cut:].strip()
    if text:
        pieces.append(text)
    return pieces


def _table_sentences(rows: list[list[str]]) -> list[str]:
    """Turn a Markdown table into one sentence per data row: "Topic: value" or "col: value; ..."."""
    if not rows:
        return []
    header, body = rows[0], rows[1:]
    out = []
    for cells in body:
        if len(cells) == 2:
            out.append(f"{cells[0]}: {cells[1]}")
        else:
            pairs = [f"{h}: {c}" if h else c for h, c in zip(header, cells) if c]
            out.append("; ".join(pairs))
    return [s for s in out if s.strip(": ;")]


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def segment(text: str) -> list[Sentence]:
    """Split a whole article into sentences, numbered from 1 in reading order.

    Paragraphs are the article's non-empty lines (a table counts as one paragraph), numbered from 1.
    """
    # str.split() folds every Unicode space (no-break, thin, ideographic...) like SPACES, faster
    lines = [" ".join(line.split()) for line in normalise(text).split("\n")]
    sentences: list[Sentence] = []
    paragraph = 0
    i = 0

    def add(txt: str, block: str) -> None:
        for piece in bounded(txt) if len(txt) > MAX_SENTENCE_CHARS else (txt,):
            sentences.append(Sentence(len(sentences) + 1, paragraph, piece, block))

    while i < len(lines):
        line = lines[i]
        if not line:
            i += 1
            continue
        paragraph += 1
        if TABLE_ROW.match(line):
            rows = []
            while i < len(lines) and TABLE_ROW.match(lines[i]):
                if not TABLE_RULE.match(lines[i]):
                    rows.append(_cells(lines[i]))
                i += 1
            for row in _table_sentences(rows):
                add(row, "table")
            continue
        i += 1
        bullet = BULLET.match(line)
        if bullet:
            body = line[bullet.end() :].strip()
            parts = split_sentences(body) if TERMINAL.search(body) or len(body.split()) > HEADING_MAX_WORDS else [body]
            for part in parts:
                add(part, "bullet")
        elif _is_heading(line):
            add(line, "heading")
        else:
            for part in split_sentences(line):
                add(part, "body")
    return sentences


def first_line_title(text: str, limit: int = 110) -> str:
    """A title for an article with none given: its first non-empty line, cut at a word if too long."""
    for line in normalise(text).split("\n"):
        line = BULLET.sub("", SPACES.sub(" ", line).strip()).strip()
        if line:
            if len(line) <= limit:
                return line.rstrip(".")
            cut = line[:limit].rsplit(" ", 1)[0].rstrip(",;:—–- ")
            return cut + "…"
    return ""
