"""Tracked items: finding the watch list's deliverables in sentences, and discovering the ones it lacks.

An item is named by its canonical name or any alias (``data/items.yaml``): whole phrases, ignoring
case, with hyphens, en dashes and spaces interchangeable and straight and curly apostrophes alike.
An alias written in capitals (an acronym such as RELOS) matches only in capitals. Deliverables the
text names but the list lacks ("signed an agreement on X", "an MoU on X", "the X Programme",
"the X pact") are discovered and reported as such.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import pandas as pd

from ..config import Item

DASHES = r"[\s\-‐‑–—]+"
APOSTROPHES = r"['’]"


def _phrase_pattern(phrase: str) -> str:
    parts = []
    for token in re.split(r"([\s\-‐‑–—]+|['’])", phrase.strip()):
        if not token:
            continue
        if re.fullmatch(r"[\s\-‐‑–—]+", token):
            parts.append(DASHES)
        elif token in ("'", "’"):
            parts.append(APOSTROPHES)
        else:
            parts.append(re.escape(token))
    body = "".join(parts)
    start = r"(?<![\w$])" if phrase[:1].isalnum() or phrase[:1] == "$" else ""
    end = r"(?!\w)" if phrase[-1:].isalnum() or phrase[-1:] == ")" else ""
    return start + body + end


_WORD = re.compile(r"\w+")
# What re.IGNORECASE matches to an ASCII letter besides its two cases ("K", the Kelvin sign, lowers to "k").
_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})


def _fold(text: str) -> str:
    """``text`` lowercased with _FOLD's letters made ASCII first: what re.IGNORECASE takes an ASCII letter for."""
    if "İ" in text or "ı" in text or "ſ" in text:  # rare: str.translate costs as much as the rest of a lookup
        text = text.translate(_FOLD)
    return text.lower()


def _needles(phrase: str) -> tuple[str, ...]:
    """The phrase's ASCII words, lowercased: a text without all of them cannot match its pattern."""
    return tuple(t.lower() for t in re.split(r"[\s\-‐‑–—'’]+", phrase.strip()) if t and t.isascii())


def _is_acronym(alias: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", alias)
    return len(letters) >= 2 and letters.isupper() and " " not in alias.strip()


@dataclass(frozen=True)
class ItemMatcher:
    """Compiled aliases of a watch list."""

    items: tuple[Item, ...]

    def __post_init__(self):
        pats = {}
        anywhere = set()  # words that may start inside a word of the text (the rest start where a word does)
        for it in self.items:
            phrases = [it.name, *it.aliases]
            exact = [p for p in phrases if _is_acronym(p)]
            loose = [p for p in phrases if not _is_acronym(p)]
            for p in phrases:
                needles = _needles(p)
                if needles and not (p[:1].isalnum() or p[:1] == "$"):
                    anywhere.add(needles[0])  # a phrase that does not start with a word has no boundary before it
            # one pattern per phrase, tried in the order an alternation of them would (longest first, any case
            # before capitals only), each only when the text holds its words
            pats[it.id] = tuple(
                [(frozenset(_needles(p)), re.compile(_phrase_pattern(p), re.I)) for p in sorted(loose, key=len, reverse=True)]
                + [(frozenset(_needles(p)), re.compile(_phrase_pattern(p))) for p in sorted(exact, key=len, reverse=True)])
        words = {n for ps in pats.values() for needles, _ in ps for n in needles}
        # A phrase's pattern starts each of its words where a word of the text starts (after a separator, an
        # apostrophe or no word character), so a word that starts with word characters is in the text only if its
        # leading word characters begin one of the text's words (are all of it when more follows in the phrase):
        # looked up per distinct word of the text, remembered per word. The others (starting with another
        # character, or first in a phrase that does not start with a letter, digit or $) are looked for anywhere.
        anywhere |= {w for w in words if not _WORD.match(w)}
        heads: dict[str, list[str]] = {}
        for w in words - anywhere:
            heads.setdefault(_WORD.match(w).group(0), []).append(w)
        # the phrases a word can start, by item in watch-list order; items with a phrase without words are always tried
        by_word: dict[str, set[int]] = {}
        always = set()
        for i, ps in enumerate(pats.values()):
            for needles, _ in ps:
                if needles:
                    by_word.setdefault(max(needles, key=len), set()).add(i)
                else:
                    always.add(i)
        object.__setattr__(self, "_patterns", pats)
        object.__setattr__(self, "_ordered", tuple(pats.items()))
        object.__setattr__(self, "_heads", {h: frozenset(ws) for h, ws in heads.items()})
        object.__setattr__(self, "_lengths", tuple(sorted({len(h) for h in heads})))
        object.__setattr__(self, "_starts", {})  # a word of a text -> the phrases' words it begins with, if any
        object.__setattr__(self, "_seen", set())  # the words of texts looked up so far
        object.__setattr__(self, "_anywhere", tuple(anywhere))
        object.__setattr__(self, "_by_word", {k: frozenset(v) for k, v in by_word.items()})
        object.__setattr__(self, "_always", frozenset(always))

    def words_in(self, text: str) -> set[str]:
        """The phrases' words that ``text`` holds, ignoring case as the patterns do (where a pattern can match them)."""
        folded = _fold(text)
        found = {w for w in self._anywhere if w in folded}  # type: ignore[attr-defined]
        starts, seen = self._starts, self._seen  # type: ignore[attr-defined]
        if len(seen) > 200_000:  # a vocabulary this large is not worth keeping
            starts.clear()
            seen.clear()
        words = set(_WORD.findall(folded))
        for word in words - seen:
            seen.add(word)
            heads = self._heads  # type: ignore[attr-defined]
            hit = frozenset().union(*(heads[word[:n]] for n in self._lengths  # type: ignore[attr-defined]
                                      if n <= len(word) and word[:n] in heads))
            if hit:
                starts[word] = hit
        get = starts.get
        for word in words:
            hit = get(word)
            if hit:
                found |= hit
        return found

    def find(self, text: str) -> list[tuple[str, int, int, str]]:
        """(item id, start, end, surface) of every item named in ``text``, first mention of each."""
        # the phrases' words the text holds first: most sentences name no item, and a pattern is slow to fail
        present = self.words_in(text)
        by_word = self._by_word  # type: ignore[attr-defined]
        candidates = set(self._always)  # type: ignore[attr-defined]
        for w in present:
            candidates |= by_word.get(w, frozenset())
        if not candidates:
            return []
        out = []
        ordered = self._ordered  # type: ignore[attr-defined]
        for i in sorted(candidates):
            iid, patterns = ordered[i]
            hits = [m for needles, rx in patterns if needles <= present and (m := rx.search(text))]
            if hits:
                m = min(hits, key=lambda m: m.start())  # the first of the phrases found where the earliest starts
                out.append((iid, m.start(), m.end(), m.group(0)))
        return sorted(out, key=lambda x: x[1])


@functools.lru_cache(maxsize=4)
def _matcher(items: tuple[Item, ...]) -> ItemMatcher:
    """The compiled watch list, made once per process (compiling its patterns takes longer than matching a page)."""
    return ItemMatcher(items)


def mentions(sentences: pd.DataFrame, items: tuple[Item, ...]) -> pd.DataFrame:
    """Every sentence naming a tracked item: sentence_id, article_id, item, start, end, surface.

    Headings are left out (they announce topics, they do not report on them).
    """
    cols = ["sentence_id", "article_id", "item", "start", "end", "surface"]
    matcher = _matcher(tuple(items))
    rows = []
    body = sentences[sentences.block != "heading"]
    # lists first: iterating an Arrow-backed column yields one element at a time through pandas, several times slower
    for sid, aid, text in zip(body.sentence_id.tolist(), body.article_id.tolist(), body.text.tolist()):
        for iid, start, end, surface in matcher.find(text):
            rows.append((sid, aid, iid, start, end, surface))
    return pd.DataFrame(rows, columns=cols)


# How news names a deliverable it reports, whatever the deliverable is. Each pattern captures the
# name; the end of a name is the clause's end or a word that starts what follows it.
_END = (r"(?=[,.;:()]|\s+(?:with|that|which|who|to|at|during|in|by|as|amid|worth|valued|after|before|when|while)\b"
        r"|\s+on\s+(?:\d|[A-Z][a-z]+day\b|(?:January|February|March|April|May|June|July|August|September|October|November|"
        r"December)\b))")
_HEAD = r"(?:agreements?|accords?|MoUs?|memorand(?:um|a|ums) of understanding|pacts?|treaty|treaties|protocols?|deals?|contracts?)"
_SIGN = (r"(?:signed|sign|signs|signing|inked|ink|concluded|conclude|adopted|unveiled|reached|reach|struck|strike|strikes|sealed|"
         r"seal|seals|clinched|clinch|clinches|finali[sz]ed|announced|settled)")
_ADJ = r"(?:(?:new|landmark|historic|long-awaited|long-pending|long-delayed|major|key|first|formal|final|preliminary)\s+)?"
# "signed the agreement on Friday": what follows "on" is when, not what
_NOT_WHEN = (r"(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
             r"August|September|October|November|December|the sidelines|behalf|time|the eve|the same day|\d)\b)")
_CAP = r"(?:[A-Z][\w’'\-–]*|of|on|and|for|the|in)"
DISCOVER = [
    # "signed an agreement on X", "reached agreement on a ceasefire", "concluded a deal for 300 airplanes",
    # "concluded an agreement to construct two reactors"
    re.compile(rf"\b{_SIGN}\s+(?:(?:an?|the)\s+)?{_ADJ}(?P<name>{_HEAD}\s+(?:on|for|to|covering)\s+{_NOT_WHEN}[\w\s\-–’']{{3,60}}?){_END}"),
    # "an MoU on X", "a deal for X", "a contract to supply X" (anticipated or reported)
    re.compile(rf"\b(?:an?|the)\s+{_ADJ}(?P<name>(?:MoUs?\s+on|(?:deal|contract)\s+(?:for|to\s+(?:buy|supply|build|construct|"
               rf"purchase|deliver|develop|produce)))\s+[\w\s\-–’']{{3,60}}?){_END}"),
    # "sealed a free-trade pact", "strike landmark trade pact": a pact named by what it is about
    re.compile(rf"\b{_SIGN}\s+(?:(?:an?|the)\s+)?{_ADJ}(?P<name>(?:(?!(?:an?|the|this|that|its|their|his|her|another|any)\s)[a-z][\w\-]*\s+){{1,2}}"
               r"(?:pact|accord|treaty|agreement))\b"),
    # "the X Programme", "the X Pact", "the X Agreement 2030"
    re.compile(rf"\b[Tt]he\s+(?P<name>(?:[A-Z][\w’'\-–]*\s+)(?:{_CAP}\s+){{0,6}}?(?:Programme|Program|Pact|Agreement|Accord|Treaty|"
               r"Roadmap|Plan|Initiative|Framework|Mechanism|Corridor)(?:\s+\d{4})?)\b"),
    re.compile(r"[“\"](?P<name>[A-Z][\w\s\-–]{3,60}?(?:Agreement|Accord|Pact|Programme|Program|Treaty))[,.]?[”\"]"),
    # a named system in quotation marks: "the ‘Pantsir’ and man-portable ‘Verba’ surface-to-air missile systems"
    re.compile(r"[‘'](?P<name>[A-Z][\w\-/]{1,30})[’'](?=[^.;]{0,60}?\bsystems?\b)"),
    # "agreed to ... establish robust investment protection mechanisms"
    re.compile(r"\b(?:establish|set up|create|launch)\s+(?:an?\s+|the\s+)?(?:robust\s+|new\s+|joint\s+)?"
               r"(?P<name>(?:[\w\-]+\s+){1,3}(?:mechanisms?|framework|fund|council|commission|working group))\b"),
    # "talks also included the joint production of X": a project the talks covered
    re.compile(rf"\b(?:[Dd]iscussions?|[Tt]alks|[Nn]egotiations|[Aa]genda)\b[^.;]{{0,60}}?\b(?:included|includes|include|covered|"
               rf"focused on|featured)\s+(?:the\s+)?(?P<name>(?:joint\s+|co-)?(?:production|development|manufacturing|procurement|"
               rf"purchase|supply|sale|delivery|construction|lease)\s+of\s+[^,.;:]{{3,90}}?){_END}"),
    # "is expected to seek India's help in getting spare parts ...": what a party asks the other for
    re.compile(rf"\b(?:seek|seeks|sought|seeking|request|requests|requested|ask(?:s|ed)? for)\s+(?:[A-Z][\w]*[’']s?\s+)?"
               rf"(?:help|assistance|support)\s+(?:in|with)\s+(?:getting|securing|obtaining|acquiring|buying|sourcing)\s+"
               rf"(?P<name>[^,.;:]{{3,80}}?){_END}"),
    # "Pharmaceutical cooperation received particular emphasis": a field of cooperation singled out
    re.compile(r"\b(?P<name>[A-Z][a-z]+(?:\s+[a-z]+)?\s+(?:cooperation|collaboration|partnership))\s+(?:received|got|was given|drew|"
               r"gained)\s+(?:particular\s+|special\s+|considerable\s+|much\s+)?(?:emphasis|attention|priority|focus)\b"),
]


# What each DISCOVER pattern cannot match without (the patterns are case-sensitive): for each group, one of its
# strings. A sentence lacking one is not searched with that pattern, which most sentences are not.
_SIGN_WORDS = ("sign", "ink", "conclude", "adopted", "unveiled", "reach", "struck", "strike", "seal", "clinch", "finali",
               "announced", "settled")
DISCOVER_NEEDS: list[tuple[tuple[str, ...], ...]] = [
    (_SIGN_WORDS, ("agreement", "accord", "MoU", "memorand", "pact", "treat", "protocol", "deal", "contract")),
    (("MoU", "deal", "contract"),),
    (_SIGN_WORDS, ("pact", "accord", "treaty", "agreement")),
    (("he",), ("Program", "Pact", "Agreement", "Accord", "Treaty", "Roadmap", "Plan", "Initiative", "Framework",
               "Mechanism", "Corridor")),
    (("“", '"'), ("Agreement", "Accord", "Pact", "Program", "Treaty")),
    (("‘", "'"), ("system",)),
    (("establish", "set up", "create", "launch"),
     ("mechanism", "framework", "fund", "council", "commission", "working group")),
    (("iscussion", "alks", "egotiations", "genda"), ("includ", "covered", "focused on", "featured")),
    (("seek", "sought", "request", "ask"), ("help", "assistance", "support"),
     ("getting", "securing", "obtaining", "acquiring", "buying", "sourcing")),
    (("cooperation", "collaboration", "partnership"), ("emphasis", "attention", "priority", "focus")),
]


def discover(sentences: pd.DataFrame, known: pd.DataFrame) -> pd.DataFrame:
    """Deliverables the text names but the watch list lacks: sentence_id, article_id, item, name, surface.

    ``known`` is :func:`mentions` of the watch list; a phrase overlapping a known mention is not new.
    Discovered items get the id ``new:<words of the name>``.
    """
    cols = ["sentence_id", "article_id", "item", "start", "end", "surface", "name"]
    spans: dict[str, list[tuple[int, int]]] = {}
    for sid, start, end in zip(known.sentence_id, known.start, known.end):
        spans.setdefault(sid, []).append((start, end))
    rows = []
    body = sentences[sentences.block != "heading"]
    # lists first: iterating an Arrow-backed column yields one element at a time through pandas, several times slower
    for sid, aid, text in zip(body.sentence_id.tolist(), body.article_id.tolist(), body.text.tolist()):
        seen = set()
        for rx, needs in zip(DISCOVER, DISCOVER_NEEDS):
            possible = True  # inline, plain loops: measured faster here than a call, all()/any() or a regex per group
            for group in needs:
                for w in group:
                    if w in text:
                        break
                else:
                    possible = False  # the text holds none of this group's strings
                    break
            if not possible:
                continue
            for m in rx.finditer(text):
                s, e = m.span("name")
                # a phrase that names a listed item, or whose clause goes on to name one ("signed agreements
                # to supply power plants with green ammonia"), is about that item
                clause = re.search(r"[,.;:]", text[e:])
                end = e + clause.start() if clause else len(text)
                if any(s < ke and ks < end for ks, ke in spans.get(sid, [])):
                    continue
                name = re.sub(r"\s+", " ", m.group("name")).strip(" ,.")
                key = "new:" + re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
                if key in seen or (len(name.split()) < 2 and not rx.pattern.startswith("[‘")):
                    continue
                seen.add(key)
                rows.append((sid, aid, key, s, e, m.group("name"), name))
    return pd.DataFrame(rows, columns=cols)
