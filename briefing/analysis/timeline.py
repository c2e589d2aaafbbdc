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
# Where a sentence divides into clauses: semicolons, colons, spaced dashes, and a comma before words
# that open a subordinate or appended clause. The first piece is the main clause (when it has a verb).
CLAUSE_SPLIT = re.compile(
    r";\s+|:\s+|\s+[—–]\s+|—|,\s+(?=(?:which|who|whose|where|while|whereas|although|though|marking|making|adding|"
    r"signalling|signaling|underscoring|highlighting|an? (?:\w+ )?(?:that|which)|an? \w+ \w+ed|after which|before which|"
    r"as|but|yet|including|with)\b)"
)
# A news dateline: "BRASÍLIA, March 13 (Meridian Wire) -" or "NEW DELHI, Dec 4:".
DATELINE = re.compile(r"^[A-ZÀ-Ý][A-ZÀ-Ý .'’-]+,\s+[^()\-–—:]{3,30}?(?:\s*\([^)]{1,60}\))?\s*[-–—:]\s+")
MIN_WORDS = 5  # fewer words than this, once the date is taken out, is a label or a fragment

# How news sentences open and close around what happened. An entry drops them (never when the date
# is in them): a connective ("However,", "In addition,", "But"), the writer's or a source's voice
# before the event ("As analysts noted,", "According to X,", "Officials said that") and after it
# (", officials said", ", according to X", ", said the minister").
REPORTING = (r"(?:said|say|says|noted|note|notes|observed|observes|argued|argue|argues|believe|believes|believed|wrote|"
             r"writes|added|adds|stressed|stresses|pointed out|points out|reported|reports|explained|explains|"
             r"remarked|cautioned|warned|told reporters|put it|confirmed|confirms|expected|expect|expects|predicted|"
             r"estimated|estimate|estimates)")
CONNECTIVE = re.compile(
    r"(?:(?:however|meanwhile|moreover|furthermore|in addition|additionally|also|still|indeed|notably|separately|"
    r"similarly|likewise|besides|in fact|at the same time|on the other hand|by contrast|in contrast|importantly|"
    r"crucially|significantly|ultimately|overall|instead|nonetheless|nevertheless|even so|of course|to be sure|"
    r"in turn|as a result|in short|in other words|for (?:its|their|his|her) part),\s+|(?:and|but|yet)\s+)", re.I)
LEAD_VOICE = re.compile(
    rf"(?:as\s+[^,;:]{{0,60}}?\b{REPORTING}\b[^,;:]{{0,25}},\s+|according to\s+[^,;:]{{1,80}},\s+|"
    rf"in (?:a|an|his|her|its|their) (?:statement|interview|speech|address|note|report|post|briefing)\b[^,;:]{{0,60}},\s+|"
    rf"[^,;:“\"]{{1,60}}?\b{REPORTING}\s+(?:on \w+\s+)?that\s+|"
    rf"(?:\w+\s+){{0,3}}?(?:analysts|officials|experts|observers|sources|diplomats|commentators|economists|critics|"
    rf"people familiar with [^,;:]{{1,40}}?)\s+{REPORTING}\s+)", re.I)
TRAIL_VOICE = re.compile(
    rf",\s+(?:according to\s+[^,;:]{{1,100}}|(?:[^,;:“”\"]{{1,60}}\s+)?{REPORTING}(?:\s+[^,;:“”\"]{{0,40}})?|"
    rf"(?:said|says|added|adds|noted|notes)\s+[^,;:“”\"]{{1,60}})\s*[.!?]?$", re.I)
# A phrase that frames the clause rather than reporting what happened ("During the visit,", "Under
# the agreement,", "While energy security remains vital,"): dropped when an entry is too long and
# the date is not in it.
FRAMING = re.compile(r"(?:during|under|in|at|on|after|before|following|amid|despite|with|as part of|ahead of|"
                     r"against|beyond|for|within|throughout|by|contrary to|unlike|compared with|while|whereas|"
                     r"although|though|as|when|once|if|because)\b[^,;:“”\"]{1,240},\s+", re.I)
# Words a kept piece must not end with when a cut follows it: the cut would leave them dangling.
DANGLING = frozenset("a an the of to for with and or in on at by from into its their his her our your this that these "
                     "those as than per has have had is are was were be been will would can could may might must shall "
                     "should".split())
AUXILIARY = frozenset("is are was were be been being has have had".split())
# Words that open a modifier a cut may drop: prepositions (not "of", which completes what comes
# before) and relative words. Never a verb or a participle: a cut must not take the event's verb.
OPENER = re.compile(r"^(?:in|on|at|to|for|with|from|into|through|across|under|over|via|including|which|who|where|"
                    r"whereby|while|after|before|during|amid|between|among|alongside|without)$", re.I)
PARTICIPLE = re.compile(r"^(?:\w+ed|\w+ing|made|built|held|led|set|sent|seen|done|given|taken)$", re.I)
FIGURE_WORD = re.compile(r"[\d$€£¥₹₽%]|^(?:one|two|three|four|five|six|seven|eight|nine|ten|dozens?|million|billion|"
                         r"trillion|thousand|hundred|per|cent|percent)$", re.I)
DATE_PREPOSITIONS = frozenset("in on at by from until till through since before after during ahead within".split())
MAX_CUT = 8  # a modifier is short: a longer run may hold a verb ("… said in a release issued on …")
AIM_WORDS = 18  # cuts try to bring an entry down to this many words
MAX_WORDS = 22  # the hard cap: a longer entry is cut at it, whatever the cut leaves out


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


def _clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The span of ``sentence`` holding the date at ``start``:``end``: its clause, with its subject."""
    cuts = [(m.start(), m.end()) for m in CLAUSE_SPLIT.finditer(sentence)]
    left = max([b for _a, b in cuts if b <= start], default=0)
    right = next((a for a, _b in cuts if a >= end), len(sentence))
    opened_by = sentence[:left].rstrip()[-1:] if left else ""
    if left and opened_by == "," and not sentence[left:left + 1].isupper():
        if len(sentence[:end].split()) <= 2 * MAX_WORDS:  # a subordinate clause: go back to the subject
            left = 0
    return left, right


def _drop_voice(sentence: str, left: int, right: int, start: int, end: int) -> tuple[int, int]:
    """The span without the connectives and attributions that open or close it, unless the date is in them."""
    for _ in range(3):  # "However, as analysts noted, …"
        m = CONNECTIVE.match(sentence, left, right) or LEAD_VOICE.match(sentence, left, right)
        if not m or (end > start and m.end() > start) or len(sentence[m.end():right].split()) < MIN_WORDS:
            break
        left = m.end()
    m = TRAIL_VOICE.search(sentence[:right].rstrip(" .!?"), left)
    if m and m.start() >= end and len(sentence[left:m.start()].split()) >= MIN_WORDS:
        right = m.start()
    return left, right


Word = tuple[int, int, str]  # start, end (in the sentence) and the word


def _bare(word: str) -> str:
    return word.lower().strip(",;:.")


def _protected(words: list[Word], start: int, end: int) -> tuple[list[bool], list[int]]:
    """Which words a cut must keep, and which quotation each word is in (-1: none).

    A cut keeps the date, a figure with the two words before it (its qualifier: "less than") and
    the three after it (its unit: "tonnes a year"); it drops a quotation whole or not at all.
    """
    date = [a < end and b > start for a, b, _w in words]
    figure = [bool(FIGURE_WORD.search(w)) and not d for (_a, _b, w), d in zip(words, date)]
    keep = [d or any(figure[max(0, k - 3):k + 3]) for k, d in enumerate(date)]
    quote, n, inside = [], -1, False
    for _a, _b, w in words:
        if not inside and any(ch in w for ch in "“\""):
            n, inside = n + 1, True
        quote.append(n if inside else -1)
        if inside and any(ch in w for ch in "”\"") and not (w.count('"') == 1 and w.startswith('"')):
            inside = False
    return keep, quote


def _may_end_before_cut(words: list[Word], i: int) -> bool:
    """Whether the kept word before a cut at ``i`` can end a piece: not a function word, not a bare participle."""
    prev = _bare(words[i - 1][2])
    if prev in DANGLING:
        return False
    return not (PARTICIPLE.match(prev) and (i < 2 or _bare(words[i - 2][2]) not in AUXILIARY))


def _best_cut(words: list[Word], need: int, last: int, start: int, end: int) -> tuple[int, int] | None:
    """The smallest run of words ``[i, j)`` before index ``last`` a cut may drop, at least ``need`` long.

    At most :data:`MAX_CUT` words.

    A run may be dropped when it holds nothing :func:`_protected` (a quotation only whole), opens a
    modifier (:data:`OPENER`), leaves no dangling word before it, and ends where a new phrase
    starts (an opener, a comma or the date). When no run is that long, the longest one.
    """
    keep, quote = _protected(words, start, end)
    best = None
    for i in range(2, last):
        if keep[i] or not OPENER.match(_bare(words[i][2])) or not _may_end_before_cut(words, i):
            continue
        for j in range(i + 1, min(last, i + MAX_CUT) + 1):
            if keep[j - 1] or _bare(words[j - 1][2]) in ("and", "or", "but"):
                break  # a figure, a quotation's part, or a coordination ("X and Y": its half would go)
            whole_quotes = quote[j - 1] < 0 or j == len(words) or quote[j] != quote[j - 1]
            if i > 0 and quote[i] >= 0 and quote[i - 1] == quote[i]:
                break  # starts inside a quotation
            # the cut ends where a phrase starts; before the date only when the date has its own preposition
            at_boundary = (words[j - 1][2].endswith(",") or (j < last and OPENER.match(_bare(words[j][2])))
                           or (j == last and _bare(words[j][2]) in DATE_PREPOSITIONS))
            if not (whole_quotes and at_boundary):
                continue
            size = j - i
            if best is None or (best[1] - best[0] < need and size > best[1] - best[0]) or need <= size < best[1] - best[0]:
                best = (i, j)
            if size >= need:
                break
    return best


def _tail_cut(words: list[Word], room: int, through_date: int) -> int:
    """Where to stop a piece whose date ends at word ``through_date``: a comma near ``room`` after the date, else ``room``."""
    commas = [k + 1 for k in range(max(through_date - 1, room - 4, 0), room) if words[k][2].endswith(",") and k + 1 >= MIN_WORDS]
    stop = commas[-1] if commas else room
    while stop > max(through_date, 1) and _bare(words[stop - 1][2]) in DANGLING:
        stop -= 1
    return stop


def _shorten(sentence: str, left: int, right: int, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of ``sentence[left:right]`` an entry shows (``(-1, -1)`` marks a cut at the end).

    At most :data:`MAX_WORDS` words in all, :data:`AIM_WORDS` when a cut can get there without
    losing the date, a figure or part of a quotation.
    """
    words = [(left + m.start(), left + m.end(), m.group(0)) for m in re.finditer(r"\S+", sentence[left:right])]
    frame = FRAMING.match(sentence, left, right) if len(words) > AIM_WORDS else None
    if frame and frame.end() <= start and len(sentence[frame.end():right].split()) >= MIN_WORDS:
        words = [w for w in words if w[0] >= frame.end()]  # "During the visit," frames; the event follows
    elif frame and frame.end() >= end > start and len(sentence[frame.end():right].split()) >= MIN_WORDS:
        # the date is in the framing phrase ("In a move to reach 100 GW by 2047, the nations agreed …"): the
        # words leading to it, then the main clause's subject and verb
        main = next(k for k, w in enumerate(words) if w[0] >= frame.end())
        if main >= AIM_WORDS - 4:
            at = main - min(10, main)
            rest = words[main:main + AIM_WORDS - (main - at)]
            stop = len(rest)
            while stop > 2 and _bare(rest[stop - 1][2]) in DANGLING:
                stop -= 1
            return ([(-1, -1)] if at else []) + [(words[at][0], words[main - 1][1]), (rest[0][0], rest[stop - 1][1])] + (
                [(-1, -1)] if main + stop < len(words) else [])

    def through_date(ws: list[Word]) -> int:
        return next((k for k, w in enumerate(ws) if w[1] >= end), len(ws) - 1) + 1 if end > start else 0

    pieces = [words]
    for _ in range(2):  # before the date, at most two cuts, each dropping a whole modifier
        tail, before = pieces[-1], sum(len(p) for p in pieces[:-1])
        if before + through_date(tail) <= AIM_WORDS or before + len(tail) <= AIM_WORDS:
            break
        cut = _best_cut(tail, before + len(tail) - AIM_WORDS, next(k for k, w in enumerate(tail) if w[1] > start), start, end)
        if cut is None:
            break
        pieces[-1:] = [tail[:cut[0]], tail[cut[1]:]]
    tail, before = pieces[-1], sum(len(p) for p in pieces[:-1])
    if before > MAX_WORDS - 4:  # the cuts leave too long a start: none, the cap decides
        pieces, tail, before = [words], words, 0
    limit = AIM_WORDS if before + through_date(tail) <= AIM_WORDS else MAX_WORDS
    if before + len(tail) > limit:
        room = limit - before
        if through_date(tail) <= room:  # what follows the date goes: at a comma after it, else at the cap
            pieces[-1:] = [tail[:_tail_cut(tail, room, through_date(tail))], [(-1, -1, "")]]
        else:  # the date is too far in: the clause's subject and verb, then the words leading to the date
            tail, room = words, limit  # from the whole clause: a cut already made would leave three pieces
            upto = through_date(tail)
            keep, _quote = _protected(tail, start, end)
            at = upto - room + min(6, room - 4)  # the window's first word: it does not split a figure
            while at > 1 and keep[at] and keep[at - 1] and upto - at < room - 2:
                at -= 1
            comma = next((k + 1 for k in range(at, min(at + 4, upto - MIN_WORDS)) if tail[k][2].endswith(",")), at)
            at = comma  # start at a phrase: "… increasing from less than one percent …"
            head = max(1, min(6, room - (upto - at)))
            while head > 1 and (_bare(tail[head - 1][2]) in DANGLING or OPENER.match(_bare(tail[head - 1][2]))):
                head -= 1
            shown = [tail[:head], tail[at:upto]] if at > head else [tail[:upto]]  # never a word twice
            pieces = shown + ([[(-1, -1, "")]] if upto < len(tail) else [])
    return [(p[0][0], p[-1][1]) for p in pieces if p]


def event_text(sentence: str, start: int, end: int) -> str:
    """The readable event a date belongs to: the words of ``sentence`` that say what happened then.

    ``start`` and ``end`` locate the date. The entry is the clause holding the date (the sentence split
    at semicolons, colons, dashes and commas that open a subordinate clause; a clause after a comma
    that does not start with a capital goes back to the sentence's start, to keep its subject and
    verb), without a news dateline ("CITY, March 13 (Agency) -"), the connectives and attributions
    that open or close it ("However,", "As analysts noted,", ", officials said") and, when it is
    long, a framing phrase ("During the visit,"). An entry longer than :data:`AIM_WORDS` words loses
    whole modifiers before the date (never a figure, its qualifier or part of a quotation), then
    what follows the date, at a comma when one is near; none is longer than :data:`MAX_WORDS`. Each
    cut is marked with an ellipsis; every piece shown is verbatim text of the sentence.
    """
    dateline = DATELINE.match(sentence)
    if dateline and start < dateline.end():
        sentence, start, end = sentence[dateline.end():], 0, 0
    left, right = _clause(sentence, start, end)
    while left < right and sentence[left] in " ,;:—–":
        left += 1
    while right > left and sentence[right - 1] in " ,;:—–":
        right -= 1
    left, right = _drop_voice(sentence, left, right, start, end)
    spans = _shorten(sentence, left, right, start, end)
    text = ""
    for k, (a, b) in enumerate(spans):
        if a < 0:
            text = text.rstrip(" ,;:") + "…"
        else:
            piece = sentence[a:b].strip(" ;:—–")
            if k and spans[k - 1][0] >= 0 and sentence[spans[k - 1][1]:a].strip():
                text += " … "  # words between the pieces are left out
            elif k and spans[k - 1][0] >= 0:
                text += " "  # the pieces are adjacent: "…by 2047, the nations agreed…"
            adjacent_next = k + 1 < len(spans) and spans[k + 1][0] >= 0 and not sentence[b:spans[k + 1][0]].strip()
            text += piece if adjacent_next else piece.rstrip(",")
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
