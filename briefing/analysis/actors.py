"""Actors: the people and institutions that act in the articles, not the outlets they cite.

An actor is a person or an institution the gazetteer (``data/entities.yaml``) types as one, or, for
a corpus the gazetteer does not cover, a name the articles show acting: the named speaker of a
quotation, or a name that is the subject of an action verb ("BNDES and the Japan Bank for
International Cooperation signed", "Kenji Watanabe, head of the council, said", "the Kremlin
warned"). Such a name's full form comes from the article ("Tanabe" is Hiroshi Tanabe, a title
before it is dropped); the gazetteer, where it names someone, merges their aliases. The event's
parties and the places that stand for them ("Tokyo deferred": the party acts) are not actors, nor
are documents and meetings ("the Partnership commits"), nor demonyms or descriptions ("Brazilian
officials said").

A mention counts when the text names the actor other than as a source. A mention in a citation
("according to X", "told X", "X reported", "reported by X", a web citation marker "X+2") is the
article naming where it got its information: it is left out, and an organisation named only that
way is an outlet, not an actor. The articles' own outlets (``outlet`` in the articles table, from
``sources.yaml``) are never actors. Nothing here lists outlets, places or verbs of any one event.
"""

from __future__ import annotations

import re

import pandas as pd

from ..extraction.entities import COMMON_CAPITALISED, DEMONYM
from ..extraction.speakers import (
    DESCRIPTION,
    NOT_PERSON_END,
    PARTICLES,
    TITLE_WORDS,
    NameIndex,
    Speakers,
    is_organisation,
    strip_role,
)
from .coverage import of_kinds, theme_sentences
from .data import Corpus

ACTOR_TYPES = ("person", "organisation")
COLUMNS = ["entity", "type", "mentions", "articles", "sources"]
MENTION_COLUMNS = ["article_id", "sentence_id", "entity", "type", "surface"]
FOUND_COLUMNS = ["entity", "type", "form"]
_BEFORE = re.compile(r"(?:according to|told|tells|telling|reported by|cited by|quoted by|quoting|citing|in an interview with|"
                     r"speaking to|spoke to|wrote in|writing in|published by|seen by|via|source:|sources:)\s+(?:the\s+)?$", re.I)
_AFTER = re.compile(r"^(?:’s|'s)?\s*(?:\+\d|reported|reports|reporting|cited|quoted|said,? citing|news agency|"
                    r"correspondent|journalist|columnist|editorial)\b|^\+\d", re.I)

# Verbs of acting and speaking, as news writes them after their subject. Nouns that double as verbs
# ("plans", "funds", "states") count only in "plans to", so that "BNDES funds" is not an act.
_ACTS = """say tell add sign agree announce meet visit pledge warn urge launch reject approve ratify promise offer
    propose accuse deny criticise criticize welcome invest lead leave arrive host hold oppose demand seek defer
    decide commit insist confirm deliver supply buy sell deploy negotiate discuss halt suspend impose lift finance
    build declare stress argue reiterate unveil complete win secure grant acquire conclude cancel block veto join
    withdraw threaten respond ask receive establish create adopt endorse allocate sanction resume expand cut raise
    lower extend renew dismiss appoint elect nominate vote open""".split()
_IRREGULAR = "said told met led left held sought bought sold built won withdrew".split()


def _forms(verb: str) -> list[str]:
    stem = verb[:-1] if verb.endswith("e") else verb
    out = [verb, verb + "s", verb + "es", stem + "ed", stem + "ing", verb + verb[-1] + "ed"]
    if verb.endswith("y"):
        out += [verb[:-1] + "ies", verb[:-1] + "ied"]
    return out


_VERB = (r"(?:(?:plans?|planned|aims?|aimed|hopes?|hoped|wants?|wanted|intends?|intended|expects?|expected|seeks?)\s+to|"
         + "|".join(sorted({f for v in _ACTS for f in _forms(v)} | set(_IRREGULAR), key=len, reverse=True)) + r")\b")
_FILLER = (r"(?:has|have|had|will|would|could|can|may|might|must|shall|should|did|does|do|also|again|jointly|formally|"
           r"later|earlier|then|now|still|already|reportedly|separately|not|never|recently|previously|today|yesterday|"
           r"on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|last\s+(?:week|month|year)|"
           r"this\s+(?:week|month|year)|(?:is|are|was|were)\s+(?:set|due|expected|likely|poised|scheduled|going)\s+to)")
_NAME_WORDS = r"[A-Z][^\s,;:()]*(?:\s+(?:of|for|and|the|de|du|da|do|dos|[A-Z][^\s,;:()]*))*"
# What follows a subject up to its verb: an acronym in brackets, an apposition between commas
# ("Kenji Watanabe, head of the council, said"), other subjects ("X and the Y signed"), auxiliaries.
_ACTS_AFTER = re.compile(rf"(?:\s*\([^)]{{1,40}}\))?(?:\s*,[^,;:“”\"]{{1,80}},)?(?:\s+and\s+(?:the\s+)?{_NAME_WORDS})?"
                         rf"(?:\s+{_FILLER}){{0,3}}\s+{_VERB}")
_NAME_JOINERS = frozenset("of for and the on in de du da do dos del der den di la le al el bin ibn von van & -".split())
# Words before a name that make it an object or a complement, not a subject.
_OBJECT_BEFORE = re.compile(r"\b(?:of|by|with|to|from|for|between|against|on|at|in|into|about|over|under|via|through|like|"
                            r"including|than|toward|towards|among|whom)\s+(?:the\s+)?$", re.I)
# A single word after one of these is a place ("in Santiago", "leaves Brasília").
_PLACE_BEFORE = r"\b(?:in|from|at|near|across|visit|visits|visited|visiting|leaves|left|arrived in|arrives in|capital,?)\s+"
# The last word of a document's or a meeting's name: it does not act.
_NOT_ACTOR_END = re.compile(r"(?:Agreement|Partnership|Treaty|Pact|Accord|Deal|Strategy|Programme|Program|Framework|"
                            r"Declaration|Statement|Act|Initiative|Plan|Roadmap|Memorandum|MoU|Dialogue|Summit|Forum|"
                            r"Conference|Talks|Meeting|Session|Round|Visit|Report|Review|Index|Law|Bill|Code|Charter|"
                            r"Convention|Protocol|Policy|Doctrine|Vision|Mission|Project|Corridor|Route|War|Crisis)$")


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def is_citation(sentence: str, surface: str) -> bool:
    """Whether ``surface`` is named in ``sentence`` only as where information came from.

    True for "according to X", "told X", "reported by X", "X reported", "X news agency" and web
    citation markers ("X+2"); every occurrence of ``surface`` in the sentence must be one.
    """
    spans = [m.span() for m in re.finditer(re.escape(surface), sentence)] if surface else []
    if not spans:
        return False
    return all(_BEFORE.search(sentence[:a]) or _AFTER.search(sentence[b:]) for a, b in spans)


def outlets(corpus: Corpus) -> set[str]:
    """Entities that are outlets: an article's own outlet, or an organisation named only in citations.

    Memoised on the corpus (a theme's slice carries it precomputed from every sentence).
    """
    if "outlets" not in corpus.memo:
        corpus.memo["outlets"] = _outlets(corpus)
    return corpus.memo["outlets"]


def _outlets(corpus: Corpus) -> set[str]:
    own = {_norm(o) for o in corpus.articles.get("outlet", pd.Series(dtype=str)) if isinstance(o, str) and o.strip()}
    e = corpus.entities[corpus.entities.type == "organisation"]
    out = {name for name, surface in zip(e.entity, e.surface) if _norm(name) in own or _norm(surface) in own}
    cited = _citation_mask(corpus, e)
    by_entity = pd.Series(cited.values, index=e.entity.values).groupby(level=0).all() if len(e) else pd.Series(dtype=bool)
    return out | set(by_entity[by_entity].index)


def _citation_mask(corpus: Corpus, e: pd.DataFrame) -> pd.Series:
    text = dict(zip(corpus.sentences.sentence_id, corpus.sentences.text))
    return pd.Series([is_citation(text.get(s, ""), surface) for s, surface in zip(e.sentence_id, e.surface)],
                     index=e.index, dtype=bool)


def _reads_as_person(words: list[str]) -> bool:
    """Whether ``words`` read as a person's name: two to five capitalised words (particles allowed), no acronym."""
    return (2 <= len(words) <= 5 and all(w[:1].isupper() or w in PARTICLES for w in words)
            and not any(w.isupper() and len(w) > 1 for w in words) and not NOT_PERSON_END.search(words[-1])
            and words[0] not in COMMON_CAPITALISED)


def _known(corpus: Corpus) -> set[str]:
    """The names and written forms of every gazetteer match (any type): they are the gazetteer's to type."""
    e = corpus.entities[corpus.entities.type != "candidate"]
    return {_norm(x) for x in (*e.entity, *e.surface)}


def _party_names(corpus: Corpus) -> set[str]:
    """The event's parties, its place and the places and bodies that stand for a party.

    A party's voices (``data/event.yaml``) that are people stay actors: a name of two or more words
    that reads as a person's, or the surname of one ("Tanabe" of Hiroshi Tanabe).
    """
    ev = corpus.event
    if ev is None:
        return set()
    voices = [v for _party, vs in ev.voices for v in vs]
    people = [v for v in voices if _reads_as_person(v.split())]
    surnames = {p.split()[-1] for p in people}
    stand_for = [v for v in voices if v not in people and v not in surnames]
    return {_norm(x) for x in (*ev.parties, ev.place, ev.name, *ev.aliases, *stand_for) if x}


def _clean(name: str, speakers: Speakers, person: bool) -> tuple[str, str] | None:
    """The actor a name written in an article is, as ``(name, type)``, or None when it is none.

    ``person`` says whether the article shows it to be a person's (a speaker, a title or a role
    beside it, its surname alone elsewhere); without it, a name is an institution's ("Keller
    Shipping"). A person's title is dropped and the fullest form the article gives is taken.
    """
    name = name.strip().rstrip(".,").removesuffix("’s").removesuffix("'s").strip()
    if not name[:1].isupper() or DESCRIPTION.match(name):
        return None  # "one expert", "the minister": a description, not a name
    words = name.split()
    while len(words) > 1 and words[0] in COMMON_CAPITALISED:
        words = words[1:]
    name = " ".join(words)
    full = speakers.person(name) if person and not is_organisation(name) else ""
    name, kind = (full, "person") if full and _reads_as_person(full.split()) else (name, "organisation")
    words = name.split()
    if not all(w[:1].isupper() or w in _NAME_JOINERS for w in words):
        return None  # "Indian defence analysts": a description written with a demonym
    if not words or _NOT_ACTOR_END.search(words[-1]) or (len(words) == 1 and DEMONYM.search(name) and not name.isupper()):
        return None
    if any(w in COMMON_CAPITALISED for w in words[-1:]):
        return None
    return name, kind


def _found_acting(corpus: Corpus) -> dict[str, tuple[str, set[str]]]:
    """Names the articles show acting, without the gazetteer: name -> (type, the forms it is written in).

    The named speakers of quotations, and candidate names (capitalised names the gazetteer lacks)
    that are the subject of an action verb.
    """
    key = "actors_found"
    if key in corpus.memo:
        return corpus.memo[key]
    sentences = corpus.sentences
    text = dict(zip(sentences.sentence_id.tolist(), sentences.text.tolist()))
    parts: dict[str, list[str]] = {}
    for article, sentence in zip(sentences.article_id.tolist(), sentences.text.tolist()):
        parts.setdefault(article, []).append(sentence)
    by_article = {a: " ".join(p) for a, p in parts.items()}
    speakers: dict[str, Speakers] = {}
    cleaned: dict[tuple[str, str, bool], tuple[str, str] | None] = {}
    found: dict[str, tuple[str, set[str]]] = {}

    def add(article: str, written: str, person: bool) -> None:
        if (article, written, person) not in cleaned:
            if article not in speakers:
                speakers[article] = Speakers(NameIndex(by_article.get(article, "")), None)
            cleaned[article, written, person] = _clean(written, speakers[article], person)
        got = cleaned[article, written, person]
        if got:
            name, kind = got
            forms = found.setdefault(name, (kind, set()))[1]
            forms.add(name)

    for article, who in zip(corpus.quotes.article_id.tolist(), corpus.quotes.speaker.tolist()):
        if who:
            add(article, who, True)
    heading = set(sentences.sentence_id[sentences.block == "heading"].tolist())
    cands = corpus.entities[corpus.entities.type == "candidate"]
    for article, sid, surface in zip(cands.article_id.tolist(), cands.sentence_id.tolist(), cands.surface.tolist()):
        sentence = text.get(sid, "")
        if sid in heading or not surface:
            continue
        for m in re.finditer(rf"(?<![\w’']){re.escape(surface)}(?![\w’'])", sentence):
            acts = _ACTS_AFTER.match(sentence, m.end())
            if acts and not _OBJECT_BEFORE.search(sentence[:m.start()]):
                person = not is_organisation(surface) and _a_person(surface, sentence[:m.start()], acts.group(0),
                                                                    by_article.get(article, ""))
                add(article, surface, person)
                break
    corpus.memo[key] = _merge(corpus, found)
    return corpus.memo[key]


def found_acting_table(corpus: Corpus) -> pd.DataFrame:
    """The names the articles show acting (see :func:`_found_acting`), one row per written form: entity, type, form.

    Finding them reads every article's sentences (a person's full name, a surname alone, a place
    elsewhere in the corpus), so the build computes them once for the corpus and a theme's slice
    carries them (:func:`found_acting_from_table`): its report then names the same actors as one
    made from the whole corpus, and its kernel does not read every article. Rows keep the order of
    the names, which decides the actor a form shared by two names is counted for.
    """
    rows = [(name, kind, form) for name, (kind, forms) in _found_acting(corpus).items() for form in sorted(forms)]
    return pd.DataFrame(rows, columns=FOUND_COLUMNS, dtype=str)


def found_acting_from_table(table: pd.DataFrame) -> dict[str, tuple[str, set[str]]]:
    """The memo entry :func:`_found_acting` gives, from the rows of :func:`found_acting_table`."""
    out: dict[str, tuple[str, set[str]]] = {}
    for name, kind, form in zip(table.entity.tolist(), table.type.tolist(), table.form.tolist()):
        out.setdefault(name, (kind, set()))[1].add(form)
    return out


def _a_person(name: str, before: str, after: str, article: str) -> bool:
    """Whether an article shows ``name`` to be a person's: a title before it, a role beside it, its surname alone."""
    words = name.split()
    if strip_role(name) != name or (before.split()[-1:] and before.split()[-1].lower() in TITLE_WORDS):
        return True  # "Foreign Minister Ana Souza", "minister Ana Souza"
    apposition = after.split(",")[1] if after.count(",") >= 2 else ""
    if any(w.lower() in TITLE_WORDS for w in apposition.split()):
        return True  # "Kenji Watanabe, head of the council, said"
    surname = words[-1]
    alone = len(re.findall(rf"(?<![\w’']){re.escape(surname)}(?![\w’'])", article)) - article.count(name)
    return len(words) >= 2 and alone > 0


def _merge(corpus: Corpus, found: dict[str, tuple[str, set[str]]]) -> dict[str, tuple[str, set[str]]]:
    """Drop what is not an actor and merge a one-word name into the one person whose surname it is."""
    known, parties = _known(corpus), _party_names(corpus)
    places = set(re.findall(_PLACE_BEFORE + r"([A-Z][\w’'\-]*\w)", " ".join(corpus.sentences.text)))
    out: dict[str, tuple[str, set[str]]] = {}
    for name, (kind, forms) in found.items():
        if _norm(name) in known or _norm(name) in parties:
            continue
        if len(name.split()) == 1 and not name.isupper() and name in places:
            continue  # a single word also written as a place ("talks in Santiago")
        out[name] = (kind, set(forms))
    people = [n for n, (k, _f) in out.items() if k == "person" and len(n.split()) > 1]
    for name in [n for n in out if len(n.split()) == 1]:
        whose = [p for p in people if p.split()[-1] == name]
        if len(whose) == 1:
            out[whose[0]][1].update(out.pop(name)[1])
    for name in people:  # a person is also written by surname alone ("Tanabe leaves on Sunday")
        surname = name.split()[-1]
        if len(surname) > 2 and sum(p.split()[-1] == surname for p in people) == 1 and _norm(surname) not in known:
            out[name][1].add(surname)
    return out


def actor_mentions(corpus: Corpus, theme: str | None = None, *, types: tuple[str, ...] = ACTOR_TYPES,
                   kinds: tuple[str, ...] = ()) -> pd.DataFrame:
    """Every sentence naming an actor (on ``theme`` when given), other than as a source: one row per sentence and actor.

    Gazetteer people and organisations as matched by extraction, and the names :func:`_found_acting`
    finds for what the gazetteer lacks, each written form looked up as a whole word. Columns:
    article_id, sentence_id, entity, type, surface (the words naming it in that sentence).
    """
    e = corpus.entities[corpus.entities.type.isin(types)]
    s = corpus.sentences
    if theme:
        chosen = set(theme_sentences(corpus, theme).sentence_id)
        e, s = e[e.sentence_id.isin(chosen)], s[s.sentence_id.isin(chosen)]
    keep = of_kinds(corpus, kinds)
    if keep is not None:
        e, s = e[e.article_id.isin(keep)], s[s.article_id.isin(keep)]
    own = {_norm(o) for o in corpus.articles.get("outlet", pd.Series(dtype=str)) if isinstance(o, str) and o.strip()}
    rows = [tuple(r) for r in e[MENTION_COLUMNS].itertuples(index=False)]
    whose = {form: (name, kind) for name, (kind, forms) in _found_acting(corpus).items()
             if kind in types and _norm(name) not in own for form in forms}
    if whose:  # one pass over the sentences for every form of every name found acting
        pattern = re.compile(r"(?<![\w’'])(?:" + "|".join(map(re.escape, sorted(whose, key=len, reverse=True))) + r")(?![\w’'])")
        for article, sid, sentence in zip(s.article_id.tolist(), s.sentence_id.tolist(), s.text.tolist()):
            for m in pattern.finditer(sentence):
                rows.append((article, sid, *whose[m.group(0)], m.group(0)))
    m = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    if m.empty:
        return m
    text = dict(zip(corpus.sentences.sentence_id.tolist(), corpus.sentences.text.tolist()))
    cited = [is_citation(text.get(sid, ""), w) for sid, w in zip(m.sentence_id.tolist(), m.surface.tolist())]
    m = m[~m.entity.isin(outlets(corpus)) & ~pd.Series(cited, index=m.index, dtype=bool)]
    return m.drop_duplicates(["sentence_id", "entity"]).reset_index(drop=True)


def actors(corpus: Corpus, theme: str | None = None, *, types: tuple[str, ...] = ACTOR_TYPES, kinds: tuple[str, ...] = (),
           min_mentions: int = 1, limit: int = 12) -> pd.DataFrame:
    """The people and institutions that act (on ``theme`` when given), most mentioned first.

    Args:
        corpus: the corpus.
        theme: a theme id, or None for the whole corpus.
        types: the kinds of actor to count: "person", "organisation" (gazetteer types, and the types
            given to names found acting).
        kinds: count only articles of these kinds (preview, report, analysis); () is all.
        min_mentions: leave out those with fewer mentions.
        limit: at most this many rows.

    Returns:
        entity, type, mentions (sentences naming it, from :func:`actor_mentions`), articles (how
        many articles), sources (their ids); citations of outlets and the articles' own outlets are
        not counted.
    """
    e = actor_mentions(corpus, theme, types=types, kinds=kinds)
    if e.empty:
        return pd.DataFrame(columns=COLUMNS)
    g = e.groupby(["entity", "type"]).agg(mentions=("sentence_id", "nunique"), articles=("article_id", "nunique"),
                                         sources=("article_id", lambda a: sorted(set(a))))
    g = g.reset_index()
    g = g[g.mentions >= min_mentions]
    g = g.sort_values(["mentions", "articles", "entity"], ascending=[False, False, True])
    return g.head(limit).reset_index(drop=True)[COLUMNS]
