"""What each source says about each tracked item, and one consolidated status per item.

:func:`statements` reads, for every sentence naming an item, what the sentence says of it
(expected / discussed / agreed / in progress / not agreed) and when (before, at or after the
event). :func:`scorecard` consolidates them into one record per item: its status, timing, the
independent sources that state that status, their kinds, the evidence and any conflict between
sources. Every report takes an item's status from that record, so an item has one status everywhere.
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from .data import KIND_ORDER, Corpus
from .event import AFTER, AT, BEFORE, article_timing, sentence_timing
from .items import _fold, discover, mentions

AGREED, IN_PROGRESS, NOT_AGREED, DISCUSSED, EXPECTED, MENTIONED = (
    "agreed", "in_progress", "not_agreed", "discussed", "expected", "mentioned")
STATUS_LABEL = {AGREED: "agreed", IN_PROGRESS: "in progress", NOT_AGREED: "not agreed", DISCUSSED: "discussed, no outcome",
                EXPECTED: "expected", MENTIONED: "mentioned"}
TIMING_LABEL = {BEFORE: "before the event", AT: "at the event", AFTER: "after the event", "": ""}
OUTCOMES = (AGREED, IN_PROGRESS, NOT_AGREED)
COMPATIBLE = {EXPECTED: (EXPECTED, DISCUSSED)}  # statements that support a consolidated status besides its own
PRECEDENCE = {AGREED: 0, IN_PROGRESS: 1, NOT_AGREED: 2, DISCUSSED: 3, EXPECTED: 4, MENTIONED: 5}

NOT_AGREED_CUES = re.compile(
    r"\b(?:did not (?:result in|sign|agree|conclude|finali[sz]e|produce|yield|reach)|didn[’']t (?:result|sign|agree|reach)|"
    r"no (?:fresh|new) (?:large|big|major)?|failed to (?:agree|sign|reach|conclude)|fell short|(?:was|were) not (?:signed|agreed|"
    r"concluded)|without (?:signing|an agreement|a deal)|left out|(?:deferred|postponed|shelved) (?:a |the )?(?:decision|deal)|"
    r"no timetable|cannot give you a date|yet to be (?:signed|agreed))",
    re.I,
)
IN_PROGRESS_CUES = re.compile(
    r"\b(?:agreed|agree|agreeing|committed|commit|decided|decision|resolved|pledged|agreements?)\b[^.;]{0,60}?\bto\s+(?:\w+\s+)?"
    r"(?:accelerat\w*|explor\w*|negotiat\w*|start talks|begin talks|open talks|launch (?:talks|negotiations)|start negotiations|"
    r"work towards?|work to|study|examine|consider)\b|\bcommitted to accelerating\b",
    re.I,
)
AGREED_CUES = re.compile(
    r"\b(?:signed|inked|ratified|ratification|ratifying|adopted|adoption|adopting|unveiled|finali[sz]ed|concluded|agreed|agreeing|"
    r"reached|approved|launched|identified|identifying|offered|pledged|designated|sealed|struck|clinched|completed|commitment|"
    r"commits)\b",
    re.I,
)
# "aimed" but not "aimed at": "a move aimed at enhancing capacity" gives the purpose of what is reported, not an expectation.
EXPECTED_CUES = re.compile(
    r"\b(?:will|would|expected|expects?|likely|plans?|planned|set to|aims?|aimed(?!\s+at\b)|may|might|could|seeks?|seeking|push for|press|"
    r"keen to|eyeing|hopes?|hoped|looking to|intends?|on the agenda|agenda|proposal|propose[sd]?|to be|possibly|possible|potential|"
    r"upcoming|wants?|to sign|preparing to)\b",
    re.I,
)
DISCUSSED_CUES = re.compile(r"\b(?:discussed|were held|held talks|reviewed|reviewing|raised|deliberated|(?:was|were) on the table|"
                             r"(?:discussions|talks)\b[^.;]{0,60}?\b(?:also )?(?:included|covered))\b",
                            re.I)
TOPIC_CUES = re.compile(r"\b(?:discussions?|talks|topics?|agenda|focus|include|includes|cover)\b", re.I)
CUE_ORDER = ((IN_PROGRESS, IN_PROGRESS_CUES), (AGREED, AGREED_CUES), (EXPECTED, EXPECTED_CUES), (DISCUSSED, DISCUSSED_CUES))


def classify(text: str, start: int, timing: str) -> tuple[str, str]:
    """What a sentence says of the item it names at ``start``: (status, the cue that decided it).

    A reported failure ("did not result in the expected inking") covers the whole sentence; a
    pending decision before the event ("hasn't made any decision yet") leaves it expected.
    Otherwise the status cue nearest before the item's name decides (in one sentence an item can
    be "agreed to accelerate" and the next "identified"), else the first one after it; an
    agreement to negotiate, explore or accelerate is in progress. ``timing`` is when the
    sentence's article speaks (before, at or after the event).
    """
    return _classify(_cues(text), start, timing)


# The cue patterns are written in lower case: matched against the folded text without re.IGNORECASE (about
# twice as fast), they find the same spans; a text whose folding changes its length is matched as written.
_CASED = {rx: re.compile(rx.pattern) for rx in (NOT_AGREED_CUES, EXPECTED_CUES, TOPIC_CUES, *(r for _, r in CUE_ORDER))}


def _cues(text: str) -> tuple:
    """Everything :func:`classify` reads from a sentence whatever the item: the same for every item it names."""
    folded = _fold(text)
    if len(folded) == len(text):
        subject, pick = folded, _CASED.__getitem__
    else:
        subject, pick = text, lambda rx: rx
    m = pick(NOT_AGREED_CUES).search(subject)
    not_agreed = text[m.start():m.end()] if m else None
    expected = bool(pick(EXPECTED_CUES).search(subject)) if m else False
    hits: list[tuple[int, str, str]] = []
    taken: list[tuple[int, int]] = []
    for status, rx in CUE_ORDER:
        for h in pick(rx).finditer(subject):
            if any(a <= h.start() < b for a, b in taken):
                continue  # "agreed" inside "agreed to accelerate"
            hits.append((h.start(), status, text[h.start():h.end()]))
            if status == IN_PROGRESS:
                taken.append(h.span())
    t = pick(TOPIC_CUES).search(subject)
    topic = text[t.start():t.end()] if t else None
    return not_agreed, expected, hits, topic


def _classify(cues: tuple, start: int, timing: str) -> tuple[str, str]:
    """:func:`classify` from a sentence's :func:`_cues`."""
    not_agreed, expected, hits, topic = cues
    if not_agreed is not None and not (timing == BEFORE and expected):
        return NOT_AGREED, not_agreed
    before = after = None
    for h in hits:  # the last cue starting before the item's name, else the first at or after it
        if h[0] < start:
            if before is None or h[0] > before[0]:
                before = h
        elif after is None or h[0] < after[0]:
            after = h
    if before is not None:
        return before[1], before[2]
    if after is not None:
        return after[1], after[2]
    if timing in (BEFORE, AT) and topic is not None:
        return EXPECTED, topic  # "discussions reportedly include ..." as the visit began
    return MENTIONED, ""


def statement_timing(status: str, text: str, article: str, dated_before: bool) -> tuple[str, bool]:
    """When what a statement reports happened (or is to happen): (timing, whether the sentence says so).

    An expectation is of the event itself (at). An outcome a preview reports had happened before it
    was written; otherwise the sentence's cues ("ahead of", "days before", "last month", a date
    before the event) decide, else it is taken to be of the event (at). Discussions follow the
    article: a preview's are before the event.
    """
    if status in (EXPECTED, MENTIONED):
        return AT, False
    timing, stated = sentence_timing(text, article)
    if stated:
        return timing, True
    if dated_before and status in OUTCOMES:
        return BEFORE, True
    if article == BEFORE:
        return BEFORE, status in OUTCOMES
    return AT, False


STATEMENT_COLUMNS = ["item", "name", "themes", "article_id", "kind", "sentence_id", "status", "cue", "timing",
                     "timing_stated", "surface", "text", "discovered"]


def statements(corpus: Corpus) -> pd.DataFrame:
    """One row per item per source sentence: what that sentence says of the item, and when.

    Columns: item, name, themes (';'-joined), article_id, kind, sentence_id, status, cue, timing,
    timing_stated (the sentence says when, rather than the article's date or kind), surface (how
    the sentence names the item), text, discovered (the item is not on the watch list).
    Memoised on the corpus.
    """
    if "statements" not in corpus.memo:
        corpus.memo["statements"] = _statements(corpus)
    return corpus.memo["statements"]


def _statements(corpus: Corpus) -> pd.DataFrame:
    s = corpus.sentences.merge(corpus.articles[["article_id", "kind", "published"]], on="article_id")
    known = mentions(s, corpus.items)
    new = discover(s, known)
    defs = {it.id: it for it in corpus.items}
    dated_before = _dated_before(corpus)
    # the mentioned sentences' columns as plain lists, looked up by position (a row lookup per mention is slow)
    where = pd.Index(s.sentence_id)
    columns = {c: s[c].tolist() for c in ("text", "kind", "published", "themes")}
    art_timing: dict[tuple, str] = {}
    cues: dict[int, tuple] = {}  # a sentence's cues, the same for every item it names
    named: dict[tuple[str, str], tuple[str, str]] = {}  # a discovered name and its sentence's themes: (name, themes)
    rows = []
    for df, is_new in ((known, False), (new, True)):
        if df.empty:
            continue
        at = where.get_indexer(df.sentence_id)
        cols = [df[c].tolist() for c in ("item", "sentence_id", "article_id", "start", "surface")]
        names = df["name"].tolist() if is_new else [None] * len(df)
        for i, item, sid, aid, start, surface, new_name in zip(at, *cols, names):
            text, kind, published = columns["text"][i], columns["kind"][i], columns["published"][i]
            art = art_timing.get((published, kind))
            if art is None:
                art = art_timing[(published, kind)] = article_timing(published, kind, corpus.event)
            c = cues.get(i)
            if c is None:
                c = cues[i] = _cues(text)
            status, cue = _classify(c, start, art)
            timing, stated = statement_timing(status, text, art, sid in dated_before)
            if is_new:  # no definition: the themes its name names, else its sentence's
                name = owner_named(corpus, new_name, text[:start])
                key = (name, columns["themes"][i])
                if key not in named:
                    named[key] = ";".join(t for t in corpus.theme_ids if t in _name_themes(corpus, name)) or key[1]
                themes = named[key]
            else:
                name, themes = defs[item].name, ";".join(defs[item].themes)
            rows.append((item, name, themes, aid, kind, sid, status, cue, timing, stated, surface, text, is_new))
    out = pd.DataFrame(rows, columns=STATEMENT_COLUMNS)
    return out.sort_values(["discovered", "item", "sentence_id"]).reset_index(drop=True)


def owner_named(corpus: Corpus, name: str, before: str) -> str:
    """A discovered item's name with "its"/"their" replaced by the party the sentence names before it.

    "Moscow is expected to seek help in getting spare parts for its oil sector": out of its
    sentence the name must say whose sector ("for Russia’s oil sector"). The party is the one whose
    voice (data/event.yaml) the sentence names last before the item, not as a possessive ("India's
    help"); the name is left as it is when no party is named there.
    """
    if corpus.event is None or not re.search(r"\b(?:its|their)\b", name):
        return name
    last, party = -1, ""
    for p in corpus.event.parties:
        for v in corpus.event.voices_of(p):
            for m in re.finditer(rf"\b{re.escape(v)}\b(?![’']s\b)", before):  # "India's help" is no subject
                if m.start() > last:
                    last, party = m.start(), p
    return re.sub(r"\b(?:its|their)\b", f"{party}’s", name, count=1) if party else name


def cue_themes(corpus: Corpus, text: str) -> set[str]:
    """The themes whose cues ``text`` names most often (ties all kept); empty when it names none."""
    from ..extraction.themes import ThemeTagger

    if "tagger" not in corpus.memo:
        corpus.memo["tagger"] = ThemeTagger(list(corpus.themes))
    counts = Counter(p[1] for *_x, p in corpus.memo["tagger"]._lexicon.finditer(text))
    top = max(counts.values(), default=0)
    return {t for t, n in counts.items() if n == top} if top else set()


def _name_themes(corpus: Corpus, name: str) -> set[str]:
    """The themes a discovered item's name puts it under.

    What it is for decides ("spare parts ... for its oil sector" is energy's), else the whole name.
    """
    _, _, purpose = name.partition(" for ")
    return (cue_themes(corpus, purpose) if purpose else set()) or cue_themes(corpus, name)


def _dated_before(corpus: Corpus) -> set[str]:
    """Sentences that name a date before the event (not a target such as "by 2030")."""
    if corpus.event is None or corpus.dates.empty:
        return set()
    d = corpus.dates[~corpus.dates.date.str.startswith("-")]
    d = d[~d.surface.str.contains(r"\b(?:by|until|till|through|since)\b", case=False, regex=True)]
    start = corpus.event.start
    return {sid for sid, date in zip(d.sentence_id, d.date) if date < start[: len(date)]}


SCORECARD_COLUMNS = ["item", "name", "aliases", "themes", "status", "timing", "sources", "n_sources", "kinds",
                     "evidence", "evidence_text", "evidence_article", "conflict", "conflict_sides", "discovered"]


def _norm(text: str) -> str:
    return re.sub(r"[^\w]+", " ", text.lower()).strip()


def _independent(st: pd.DataFrame) -> list[str]:
    """The articles of ``st``, counting once those that carry the very same sentence (syndicated copy)."""
    seen, out = set(), {}  # out: an ordered set (a dict), so that a large item's check stays linear
    for aid, text in zip(st.article_id, st.text):
        if aid in out:
            continue
        key = _norm(text)
        if key in seen:
            continue
        seen.add(key)
        out[aid] = None
    return list(out)


def _source_timing(st: pd.DataFrame) -> dict[str, str]:
    """Each article's timing for an item: what its sentences say when they say it, else its default."""
    first = st.drop_duplicates("article_id")  # each article's first row, in the order the articles come
    out = dict(zip(first.article_id, first.timing))
    stated = st[st.timing_stated.astype(bool)].drop_duplicates("article_id")
    out.update(zip(stated.article_id, stated.timing))  # keeps the order of the keys
    return out


def _consolidate(st: pd.DataFrame) -> dict:
    outcome = st[st.status.isin(OUTCOMES)]
    conflict_sides: list[tuple[str, str, str]] = []  # (article, sentence, what it says)
    if not outcome.empty:
        by_art = outcome.sort_values("status", key=lambda c: c.map(PRECEDENCE)).groupby("article_id", sort=False).first()
        statuses = set(by_art.status)
        if AGREED in statuses and NOT_AGREED in statuses:
            for aid, r in by_art[by_art.status.isin([AGREED, NOT_AGREED])].iterrows():
                conflict_sides.append((aid, r.sentence_id, STATUS_LABEL[r.status]))
        status = min(statuses, key=PRECEDENCE.get)
    else:
        later = st[(st.status == DISCUSSED) & st.timing.isin([AT, AFTER])]
        if not later.empty:
            status = DISCUSSED
        elif (st.status == EXPECTED).any():
            status = EXPECTED
        elif (st.status == DISCUSSED).any():
            status = DISCUSSED
        else:
            status = MENTIONED
    support = st[st.status.isin(COMPATIBLE.get(status, (status,)))]
    timings = _source_timing(support)
    if status in OUTCOMES and len(set(timings.values())) > 1 and support.timing_stated.any():
        # sources disagree on when: e.g. "finalized" before the event in one, "unveiled" at it in another
        # each source's first sentence saying its timing (else its first sentence), in one pass
        first, said = {}, {}
        for aid, t, sid, cue in zip(support.article_id, support.timing, support.sentence_id, support.cue):
            first.setdefault(aid, (sid, cue))
            if t == timings[aid]:
                said.setdefault(aid, (sid, cue))
        for aid, t in timings.items():
            sid, cue = said.get(aid, first[aid])
            word = f" (“{cue}”)" if cue else ""  # the source's own word: "finalized" against "unveiled"
            conflict_sides.append((aid, sid, f"{STATUS_LABEL[status]} {TIMING_LABEL[t]}{word}"))
    # the latest source's account of when (a post-event report knows what a preview could not)
    first = support.drop_duplicates("article_id")
    kind = dict(zip(first.article_id, first.kind))  # an article's kind, as its first row gives it
    latest = max(timings, key=lambda a: (KIND_ORDER.get(kind[a], 3), a)) if timings else ""
    timing = timings.get(latest, "")
    # the evidence shown: the latest source's sentence that says when, naming the item most fully
    ev = support[support.article_id == latest] if latest else support
    ev = ev.assign(_n=ev.surface.str.len()).sort_values(["timing_stated", "_n", "sentence_id"], ascending=[False, False, True])
    sources = _independent(support)
    return {"status": status, "timing": timing, "sources": sources, "n_sources": len(sources),
            "evidence": list(dict.fromkeys([*ev.sentence_id, *support.sentence_id])), "evidence_text": ev.text.iloc[0] if len(ev) else "",
            "evidence_article": ev.article_id.iloc[0] if len(ev) else "",
            "conflict": bool(conflict_sides), "conflict_sides": conflict_sides}


def scorecard(corpus: Corpus, theme: str | None = None, include_discovered: bool = True,
              include_mentioned: bool = False) -> pd.DataFrame:
    """One record per tracked item: consolidated status, timing, supporting sources, evidence, conflict.

    ``theme`` keeps the items whose definition puts them under that theme (discovered items: the
    themes of their sentences). ``include_discovered`` adds deliverables the watch list lacks;
    ``include_mentioned`` keeps items the sources only name without saying anything of their status.
    Columns: item, name, aliases, themes, status, timing, sources (article ids), n_sources, kinds,
    evidence (sentence ids), evidence_text, evidence_article, conflict, conflict_sides
    [(article, sentence, what it says)], discovered. Sorted by status, then name.
    """
    key = ("scorecard",)
    if key not in corpus.memo:
        corpus.memo[key] = _scorecard(corpus)
    sc = corpus.memo[key]
    if theme:
        sc = sc[pd.Series([theme in t.split(";") for t in sc.themes], index=sc.index, dtype=bool)]
    if not include_discovered:
        sc = sc[~sc.discovered]
    if not include_mentioned:
        sc = sc[sc.status != MENTIONED]
    return sc.reset_index(drop=True)


def _scorecard(corpus: Corpus) -> pd.DataFrame:
    """The scorecard of every item, all statuses.

    ``corpus.memo["consolidated"]``, when the caller keeps one (:func:`.export.write_outcomes`),
    maps a digest of an item's statements to their consolidation: only the items whose statements
    changed are consolidated again, and the mapping is replaced by the entries this corpus used.
    """
    import hashlib

    st = statements(corpus)
    kinds = corpus.articles.set_index("article_id").kind
    aliases = {it.id: ";".join(it.aliases) for it in corpus.items}
    cache = corpus.memo.get("consolidated")
    hashes = None if cache is None else pd.util.hash_pandas_object(st, index=False, categorize=False)
    used: dict[str, dict] = {}
    rows = []
    for (item, name, discovered), g in st.groupby(["item", "name", "discovered"], sort=False):
        if hashes is None:
            c = _consolidate(g)
        else:
            key = hashlib.sha256(hashes.loc[g.index].to_numpy().tobytes()).hexdigest()[:32]
            c = cache.get(key)
            if c is None:
                c = _consolidate(g)
            used[key] = c
        themes = ";".join(dict.fromkeys(t for ts in g.themes for t in ts.split(";") if t))
        rows.append({"item": item, "name": name, "aliases": aliases.get(item, ""), "themes": themes, **c,
                     "kinds": sorted({kinds.get(a, "") for a in c["sources"]}), "discovered": bool(discovered)})
    if cache is not None:
        corpus.memo["consolidated"] = used
    out = pd.DataFrame(rows, columns=SCORECARD_COLUMNS)
    if out.empty:
        return out
    out = out.assign(_o=out.status.map(PRECEDENCE))
    return out.sort_values(["discovered", "_o", "name"]).drop(columns="_o").reset_index(drop=True)
