"""The timeline: dated events as readable statements, and the event's own days.

A date found in a sentence becomes a timeline entry only when the sentence says what happened (or
is planned) then: the entry's text is the sentence's clause that carries the date, quoted verbatim
and extended to a whole main clause when the date sits in a subordinate one. Dates that are mere
background are left out: reference points ("since 2021", "prior to 2022"), histories ("dating back
to the 1960s", a decade), a year used as part of a name or as a modifier ("the 2025 summit",
"Programme 2030"), and labels ("Visit dates: 4–5 December"). The event of ``data/event.yaml`` is
always on it, on its own days. Nothing here knows which event or which parties.
"""

from __future__ import annotations

import re

import pandas as pd

from .coverage import of_kinds, theme_sentences
from .data import Corpus
from .keypoints import _words
from .outcomes import cue_themes

COLUMNS = ["date", "when", "what", "article_id", "sentence_id", "sources", "n_sources", "on_event_days"]
# Surfaces that make the date a reference point, not the time of what the sentence reports.
REFERENCE_POINT = re.compile(r"^(?:since|prior to|ever since|as early as|as far back as)\b", re.I)
# Words just before the date that make it history: "dating back to", "goes back to".
HISTORY = re.compile(r"\b(?:dat(?:ing|es|ed) back|go(?:ing|es)? back|went back|back to|as far back as|traces? back)\W*(?:to\W*)?$",
                     re.I)
DECADE = re.compile(r"\b(?:19|20)\d0s\b")
# Where a sentence divides into clauses: semicolons, spaced dashes, and a comma before words that open
# a subordinate or appended clause. The first piece is the main clause (when it has a verb).
CLAUSE_SPLIT = re.compile(
    r";\s+|\s+[—–]\s+|—|,\s+(?=(?:which|who|whose|where|while|whereas|although|though|marking|making|adding|"
    r"signalling|signaling|underscoring|highlighting|an? (?:\w+ )?(?:that|which)|an? \w+ \w+ed|after which|before which|"
    r"as|but|yet|including|with)\b)"
)
# A news dateline: "BRASÍLIA, March 13 (Meridian Wire) -" or "NEW DELHI, Dec 4:".
DATELINE = re.compile(r"^[A-ZÀ-Ý][A-ZÀ-Ý .'’-]+,\s+[^()\-–—:]{3,30}?(?:\s*\([^)]{1,60}\))?\s*[-–—:]\s+")
MIN_WORDS = 5  # fewer words than this, once the date is taken out, is a label or a fragment
MAX_WORDS = 30  # longer entries are cut at a word boundary, with an ellipsis


def _event_row(corpus: Corpus) -> list[tuple]:
    """The event itself (data/event.yaml) on its first day, its days in ``what`` when it lasts longer."""
    ev = corpus.event
    if ev is None:
        return []
    what = ev.name + (f", {ev.place}" if ev.place else "")
    return [(ev.start, what, "", "", [], 0, True)]


def _background(sentence: str, surface: str, start: int) -> bool:
    """Whether the date in ``sentence`` at ``start`` (written ``surface``) is background, not an event."""
    if REFERENCE_POINT.search(surface) or DECADE.search(surface):
        return True
    if HISTORY.search(sentence[:start]):
        return True
    # A bare year (no preposition, no day or month): part of a name or a modifier ("the 2025 summit").
    return bool(re.fullmatch(r"(?:19|20)\d\d(?:\s*[-–]\s*\d{2,4})?", surface.strip()))


def event_text(sentence: str, start: int, end: int) -> str:
    """The readable event a date belongs to: its clause of ``sentence``, whole and verbatim.

    ``start`` and ``end`` locate the date. The clause is the piece of the sentence (split at
    semicolons, dashes and commas that open a subordinate clause) holding the date; a piece after a
    comma that does not start with a capital is extended back to the start of the sentence, so the
    entry keeps its subject and verb. A news dateline ("CITY, March 13 (Agency) -") is not the
    event: what follows it is. Entries longer than :data:`MAX_WORDS` are cut with an ellipsis,
    never before the date.
    """
    dateline = DATELINE.match(sentence)
    if dateline and start < dateline.end():
        sentence, start, end = sentence[dateline.end():], 0, 0
    cuts = [(m.start(), m.end()) for m in CLAUSE_SPLIT.finditer(sentence)]
    left = max([b for _a, b in cuts if b <= start], default=0)
    right = next((a for a, _b in cuts if a >= end), len(sentence))
    opened_by = sentence[:left].rstrip()[-1:] if left else ""
    if left and opened_by == "," and not sentence[left:left + 1].isupper():
        extended = sentence[:right]
        if len(extended[:end].split()) <= MAX_WORDS:
            left = 0
    text = sentence[left:right].strip(" ,;:—–")
    words = text.split()
    upto_date = len(sentence[left:end].split())
    if len(words) > MAX_WORDS and upto_date > MAX_WORDS:  # keep the words that lead to the date
        window = " ".join(words[upto_date - MAX_WORDS:upto_date])
        comma = window.find(", ")
        window = window[comma + 2:] if 0 <= comma < len(window) // 2 else window  # start at a clause, not mid-phrase
        text = "…" + window + ("…" if upto_date < len(words) else "")
    elif len(words) > MAX_WORDS:
        text = " ".join(words[:MAX_WORDS]).rstrip(",;:") + "…"
    if text and text[-1] not in ".!?…”\"'":
        text += "."
    return text


def _length(text: str) -> tuple[bool, bool, int]:
    return text.startswith("…"), "…" in text, len(text.split())


def _locate(sentence: str, surface: str) -> tuple[int, int]:
    i = sentence.find(surface)
    return (i, i + len(surface)) if i >= 0 else (-1, -1)


def timeline(corpus: Corpus, theme: str | None = None, *, as_of: str = "", kinds: tuple[str, ...] = (),
             background: bool = False, per_date: int = 2, sort: str = "date") -> pd.DataFrame:
    """Dated events and targets (on ``theme`` when given), one row per event, the event's days included.

    Args:
        corpus: the corpus.
        theme: a theme id, or None for all sentences.
        as_of: the briefing date; ``when`` says whether an entry is past or ahead of it.
        kinds: keep only entries from articles of these kinds (preview, report, analysis); () is all.
        background: also keep background dates (reference points, histories, years in names), each
            with its whole sentence.
        per_date: at most this many entries per date (those most sources give first).
        sort: ``"date"`` (oldest first) or ``"sources"`` (most sources first, then date).

    Returns:
        One row per event: date (ISO), when (past/ahead), what (verbatim clause, or the event's name
        and place for its own row), article_id and sentence_id (of the text shown; empty for the
        event's row), sources (article ids giving it), n_sources, on_event_days.
    """
    if sort not in ("date", "sources"):
        raise ValueError(f"timeline: sort={sort!r}; use 'date' or 'sources'")
    d = corpus.dates
    if theme:
        d = d[d.sentence_id.isin(theme_sentences(corpus, theme).sentence_id)]
    keep = of_kinds(corpus, kinds)
    if keep is not None:
        d = d[d.article_id.isin(keep)]
    d = d[~d.date.str.startswith("-")]
    sent = corpus.sentences.set_index("sentence_id")
    rows = []
    for r in d.itertuples():
        if r.sentence_id not in sent.index:
            continue
        s = sent.loc[r.sentence_id]
        start, end = _locate(s.text, r.surface)
        if start < 0 or s.block == "heading":
            continue
        rest = (s.text[:start] + " " + s.text[end:]).split()
        if len(rest) < MIN_WORDS:
            continue  # a label ("Visit dates: 4–5 December") or a fragment
        is_background = _background(s.text, r.surface, start)
        if is_background and not background:
            continue
        what = s.text if is_background else event_text(s.text, start, end)
        if theme and theme not in (cue_themes(corpus, what.strip("…")) or {theme}):
            continue  # a date belongs to the theme of its own clause ("by 2030" of a trade target is not defence's)
        rows.append((r.date, what, r.article_id, r.sentence_id))
    ev = corpus.event
    clusters: list[dict] = []
    for date, what, aid, sid in sorted(rows, key=lambda x: (x[0], x[3])):
        words = _words(what)
        for c in clusters:
            # the same event: much the same words, or the same article on the same date (told twice)
            if c["date"] == date and (aid in c["sources"] or len(words & c["words"]) / max(1, len(words | c["words"])) >= 0.3):
                c["sources"].add(aid)
                if _length(what) < _length(c["what"]):  # the shorter, uncut telling reads faster
                    c.update(what=what, article_id=aid, sentence_id=sid)
                break
        else:
            clusters.append({"date": date, "what": what, "article_id": aid, "sentence_id": sid, "words": words,
                             "sources": {aid}})
    out = [(c["date"], c["what"], c["article_id"], c["sentence_id"], sorted(c["sources"]), len(c["sources"]),
            bool(ev and ev.start <= c["date"][:10] <= ev.end and len(c["date"]) == 10)) for c in clusters]
    covered = not corpus.articles.empty and (not theme or not theme_sentences(corpus, theme).empty)
    if not out and not (covered and ev):
        return pd.DataFrame(columns=COLUMNS)
    table = pd.DataFrame(out + _event_row(corpus), columns=[c for c in COLUMNS if c != "when"])
    # per date: the event's own row first, then what most sources give
    table = table.assign(_own=table.sentence_id == "", _words=table.what.str.split().str.len())
    table = table.sort_values(["date", "_own", "n_sources", "_words", "sentence_id"],
                              ascending=[True, False, False, True, True])
    table = pd.concat([table[table._own], table[~table._own].groupby("date", sort=False).head(per_date)])
    table.insert(1, "when", ["ahead" if as_of and dt > as_of[: len(dt)] else "past" for dt in table.date])
    if sort == "sources":
        table = table.sort_values(["n_sources", "date"], ascending=[False, True], kind="stable")
    else:
        table = table.sort_values(["date", "_own"], ascending=[True, False], kind="stable")
    return table.drop(columns=["_own", "_words"]).reset_index(drop=True)[COLUMNS]
