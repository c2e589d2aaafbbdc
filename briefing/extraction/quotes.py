"""Quotes: direct quotations and who said them, kept apart from scare quotes around a term.

News attributes speech in a few fixed shapes, and the rules follow them:

- ``NAME said/told/notes/added ... "..."`` and ``according to NAME, "..."`` (speaker before);
- ``"...," NAME said`` / ``"...," said NAME`` / ``"...," he added`` (speaker after; a pronoun or
  "the document" refers to the last speaker named in the article);
- ``NAME notes:`` on one line and the quotation on the next (speaker in the sentence before);
- ``as articulated in DOCUMENT, "..."`` (a document as the source).

A quoted span is a *quote* when it has a speaker and at least two words, or when it is long enough
to be a statement of its own (five words or more) and is not a noun phrase in the sentence (after
"the", "a", "an", ...). Anything else in quotation marks, a title in capitals or a single word, is a
*term*: a scare quote or a name, not speech.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .entities import COMMON_CAPITALISED, Gazetteer

SPEECH = (
    r"said|says|say|saying|told|tells|tell|added|adds|adding|noted|notes|note|noting|stated|states|"
    r"reiterated|reiterates|stressed|stresses|emphasi[sz]ed|emphasi[sz]ing|warned|warns|argued|argues|"
    r"insisted|insists|indicated|indicates|remarked|remarks|declared|declares|wrote|writes|explained|"
    r"explains|observed|observes|announced|asserted|asserts|acknowledged|suggested|suggests|believes|"
    r"believe|characteri[sz]ing|characteri[sz]ed|described|describes|describing|calling|called|termed|"
    r"put it|puts it|view|views|see|sees|considers|consider|according to|articulated|quoted|quipped|"
    r"replied|responded|asked|urged|claimed|claims|maintained|maintains"
)
SPEECH_RE = re.compile(rf"\b(?:{SPEECH})\b", re.I)
PRONOUN = re.compile(r"^(?:he|she|they|the (?:document|statement|report|ministry|spokesperson|official|minister|analyst|expert))$", re.I)
NAME_RUN = re.compile(r"(?:[A-Z][\w’'\-–.]*[\w.]|[A-Z]\.?)(?:\s+(?:(?:of|the|for|and|de|al|von|van)\s+)?(?:[A-Z][\w’'\-–.]*[\w]|[A-Z]\.?))*")
DETERMINER_BEFORE = re.compile(r"(?:\b(?:the|a|an|its|their|our|his|her|these|those|so-called)|\w+-\w+)\s*$", re.I)
ADVERB = re.compile(r"^(?:\w+ly|earlier|also|further|later|then|again|now|recently|once|too|himself|herself)$", re.I)
LEADING_LINK = re.compile(r"^(?:(?:as|and|but|while|so|yet|however)\b\W*)+", re.I)
TERMINAL_INSIDE = re.compile(r"[.!?]\W*$")


@dataclass(frozen=True)
class Quote:
    """A quoted span in a sentence: ``kind`` is ``quote`` (speech) or ``term`` (scare quote, title)."""

    quote: str
    speaker: str
    kind: str
    start: int
    end: int


OPENERS = re.compile(r"[“\"‘«]")


def quoted_spans(sentence: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each quoted span, quotation marks included."""
    spans: list[tuple[int, int]] = []
    pos = 0
    while True:
        m = OPENERS.search(sentence, pos)
        if m is None:
            return spans
        i = m.start()
        ch = sentence[i]
        close = {"“": "”", '"': '"', "‘": "’", "«": "»"}[ch]
        if ch in "‘\"" and (i + 1 >= len(sentence) or sentence[i + 1].isspace()):
            pos = i + 1  # a straight quote or single opening quote must start a word
            continue
        j = i + 1
        while True:
            j = sentence.find(close, j)
            # a closing single quote followed by a letter is an apostrophe ("one’s")
            if j != -1 and close == "’" and j + 1 < len(sentence) and sentence[j + 1].isalpha():
                j += 1
                continue
            break
        if j == -1:
            pos = i + 1
            continue
        spans.append((i, j + 1))
        pos = j + 1


def _title_like(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w’'\-]*", text)]
    if len(words) < 2:
        return False
    caps = sum(1 for w in words if w[0].isupper() or w.lower() in ("of", "and", "the", "for", "until", "in"))
    return caps == len(words)


def _name_before(text: str, gazetteer: Gazetteer) -> str:
    """The speaker named just before a speech verb: the last capitalised run, or a short noun phrase."""
    tail = text[-160:]
    runs = [m for m in NAME_RUN.finditer(tail)]
    for m in reversed(runs):
        words = m.group(0).split()
        while words and words[0] in COMMON_CAPITALISED and len(words) > 1:
            words = words[1:]
        name = " ".join(words).rstrip(".,")
        if not name or name in COMMON_CAPITALISED:
            continue
        between = tail[m.end() :].split()
        # a name far from the verb (more than 8 words back) is probably not its subject
        if len(between) > 8:
            break
        if between and len(between) <= 3 and not any(ADVERB.match(w) for w in between) and all(
            w.isalpha() and w.islower() for w in between
        ):
            return f"{name} {' '.join(between)}"  # "Indian defence analysts", "Russian commentators"
        return gazetteer.canonical(name.removesuffix("’s")) or _shortest_known(name, gazetteer) or name
    # an unnamed speaker: "one expert", "Indian defence analysts"
    m = re.search(r"(?:^|[,;:]|\b(?:as|and|but|while))\s*((?:[A-Za-z][\w\-]*\s+){0,2}[a-z][\w\-]*)\s*$", tail.strip())
    if m:
        phrase = LEADING_LINK.sub("", m.group(1).strip())
        if phrase and phrase.split()[-1].lower() not in ("it", "that", "this", "which", "who"):
            return phrase
    return ""


def _shortest_known(name: str, gazetteer: Gazetteer) -> str | None:
    for mention in gazetteer.find(name):
        if gazetteer.entities[mention.entity].type in ("person", "organisation", "document"):
            return mention.entity
    return None


def _speaker_for(sentence: str, start: int, end: int, prev: str, last: str, gazetteer: Gazetteer) -> str:
    after = sentence[end:]
    # "...," Kugelman told Reuters / "...," he added / "...," said Putin
    m = re.match(rf"\W{{0,3}}\s*((?:[A-Z][\w’'\-.]*\s+){{0,3}}?[A-Za-z][\w’'\-.]*|he|she|they)\s+(?:\w+\s+)?(?:{SPEECH})\b", after)
    if m:
        who = m.group(1).strip()
        if PRONOUN.match(who):
            return last
        if who[0].isupper():
            return gazetteer.canonical(who) or _shortest_known(who, gazetteer) or who
    m = re.match(rf"\W{{0,3}}\s*(?:{SPEECH})\s+((?:[A-Z][\w’'\-.]*\s*){{1,4}})", after)
    if m:
        who = m.group(1).strip()
        return gazetteer.canonical(who) or _shortest_known(who, gazetteer) or who
    before = sentence[:start]
    # according to X, "..." / as articulated in X, "..."
    m = re.search(r"\b(?:according to|articulated (?:in|by)|in the words of|stated (?:in|by)|as set out in)\s+(?:the\s+(?=(?:latest\s+)?(?-i:[A-Z])))?(?:latest\s+)?([^,:;]+)[,:]?\s*$", before, re.I)
    if m:
        who = m.group(1).strip()
        return gazetteer.canonical(who) or _shortest_known(who, gazetteer) or who
    verbs = list(SPEECH_RE.finditer(before))
    for verb in reversed(verbs):
        if verb.group(0).lower().endswith("ing") and verb is not verbs[0]:
            continue  # "..., emphasizing that": the subject is that of the main verb before it
        subject = before[: verb.start()]
        pron = re.search(r"\b(he|she|they|the document|the statement|the report)\s+(?:\w+\s+)?$", subject, re.I)
        if pron:
            return last
        who = _name_before(subject, gazetteer)
        if who:
            return who
    if not before.strip() and prev.rstrip().endswith(":"):
        verbs = list(SPEECH_RE.finditer(prev))
        if verbs:
            return _name_before(prev[: verbs[-1].start()], gazetteer) or ""
    return ""


def extract_quotes(sentence: str, prev: str, last_speaker: str, gazetteer: Gazetteer) -> list[Quote]:
    """Quoted spans of ``sentence`` with their kind and speaker.

    ``prev`` is the sentence before (for "X notes:" introductions) and ``last_speaker`` the last
    speaker named in the article (for "he added").
    """
    out = []
    for start, end in quoted_spans(sentence):
        inner = sentence[start + 1 : end - 1].strip().rstrip(",").strip()
        words = re.findall(r"[\w’'\-]+", inner)
        if not words:
            continue
        speaker = _speaker_for(sentence, start, end, prev, last_speaker, gazetteer)
        noun_phrase = (
            bool(DETERMINER_BEFORE.search(sentence[:start])) and not TERMINAL_INSIDE.search(inner) and len(words) < 8
        )
        if _title_like(inner) or len(words) == 1:
            kind = "term"
        elif speaker and len(words) >= 2 and not noun_phrase:
            kind = "quote"
        elif len(words) >= 5 and not noun_phrase:
            kind = "quote"
        else:
            kind = "term"
        out.append(Quote(inner, speaker if kind == "quote" else "", kind, start, end))
        if kind == "quote" and speaker:
            last_speaker = speaker
    return out
