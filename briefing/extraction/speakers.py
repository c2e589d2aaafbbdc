"""Speakers: the name a report shows for whoever a quotation is attributed to.

The name comes from the article, not from the gazetteer: the title before it is dropped ("British
Prime Minister Keir Starmer" is Keir Starmer), a surname gets the fullest form the article gives
("Merkel" is Angela Merkel), descriptions stay as written ("a senior official from the foreign
ministry"). The gazetteer, when there is one, only merges a known person's aliases.
"""

from __future__ import annotations

import re

from .entities import COMMON_CAPITALISED, DEMONYM, Gazetteer

# Words of a role or title that stand before a name ("Treasury secretary Janet Yellen"): the name
# is what follows the last of them.
TITLE_WORDS = frozenset(
    """president presidents prime minister ministers chancellor secretary secretary-general ceo cfo chief executive
    officer chairman chairwoman chair chairperson spokesperson spokesman spokeswoman ambassador envoy governor
    director director-general commissioner king queen prince premier leader senator general deputy vice head
    founder analyst economist strategist mr mrs ms dr prof professor sir lord lady mayor representative
    negotiator adviser advisor counsellor diplomat sheikh emir crown speaker editor correspondent""".split()
)
# Titles as headlines and wire copy abbreviate them ("Treasury Sec.", "Sen. Smith").
ABBREVIATED = {"sec": "secretary", "secy": "secretary", "gen": "general", "sen": "senator", "rep": "representative",
               "gov": "governor", "amb": "ambassador", "pres": "president", "dir": "director"}
TITLE_WORDS = TITLE_WORDS | frozenset(ABBREVIATED)
PARTICLES = frozenset("de del der den di da dos du la le al el bin ibn von van".split())
# Capital letters a name may start with: Latin ones with their accents too ("Özlem", "Łukasz").
UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĘĚĞĪİĶĹĽŁŃŇŌŐŒŘŚŞŠŢŤŪŮŰŽŹŻ"
U = f"[{UPPER}]"
NAME_WORD = re.compile(rf"{U}[\w’'\-.]*$")
PERSON_RUN = re.compile(
    rf"(?<![\w’']){U}[\w’'\-.]*[\w](?:\s+(?:(?:de|del|der|den|di|da|dos|du|la|le|al|el|bin|ibn|von|van)\s+)*{U}[\w’'\-]*[\w])+"
)
# Words that end an organisation's or a place's name, not a person's.
NOT_PERSON_END = re.compile(
    r"(?:Commission|Council|Ministry|Union|Bank|Group|Summit|Association|Agency|Department|Committee|Party|"
    r"Government|Company|Corporation|Corp|Inc|Ltd|Energy|Power|Fund|Office|Forum|Organi[sz]ation|Authority|"
    r"House|Street|Sea|Ocean|Strait|Republic|Kingdom|States|Nations|Times|News|Post|Journal|Service|Services|"
    r"Institute|University|Centre|Center|Club|Court|Parliament|Assembly|Congress|Senate|Treasury|Review|Daily|"
    r"Administration|Strategy|Statement|Declaration|Agreement|Treaty|Act|Programme|Program|Initiative|Minister|"
    r"President|Secretary|Chancellor|Ambassador|Officer|Executive|Director)$"
)


def strip_role(name: str) -> str:
    """The name in "British Prime Minister Keir Starmer" or "KHNP CEO Whang Joo-ho": what follows the title."""
    words = name.split()
    for i in range(len(words) - 2, -1, -1):
        if words[i].lower().rstrip(".,").removesuffix("’s").removesuffix("'s") in TITLE_WORDS:
            rest = words[i + 1 :]
            if rest and NAME_WORD.match(rest[0]):
                return " ".join(rest)
            break
    return name


def is_organisation(name: str) -> bool:
    """Whether a speaker's name is an organisation's ("… Agency (PFORA)", "Commerce Ministry", "FCDO")."""
    words = name.split()
    return bool(words) and (
        name.endswith(")") or bool(NOT_PERSON_END.search(words[-1])) or words[-1].lower() in ORG_HEADS
        or (len(words) == 1 and words[0].isupper())
    )


def looks_like_person(words: list[str]) -> bool:
    """Whether ``words`` read as a person's name: two to five capitalised words, not an organisation's."""
    return (
        2 <= len(words) <= 5
        and all(NAME_WORD.match(w) or w in PARTICLES for w in words)
        and not any(w.isupper() and len(w) > 1 and not w.endswith(".") for w in words)
        and not NOT_PERSON_END.search(words[-1])
        and words[0] not in COMMON_CAPITALISED
    )


class NameIndex:
    """The people an article names in full, to give "Merkel", "Xi" or "von der Leyen" their full name.

    Read from the article itself, not from the gazetteer: the fullest form of a name is the longest
    run of capitalised words (particles such as "von der" allowed) that ends with it, once any title
    before it is dropped, and that does not end like an organisation's or a place's name. A one-word
    name that opens a two-word name ("Xi" in "Xi Jinping") is read the same way. Each name is looked
    up once, when a speaker needs it.
    """

    def __init__(self, text: str):
        self.text = text
        self._cache: dict[str, str] = {}

    def _fullest(self, key: str) -> str:
        best = key
        # the name as a word of its own or as a possessive ("Anne Dattilo's team")
        pattern = re.compile(r"(?<![\w’'])" + re.escape(key) + r"(?=[’']s\b|(?![\w’']))")
        for m in pattern.finditer(self.text):
            head = NAME_HEAD.search(self.text, max(0, m.start() - 80), m.start())
            words = (head.group(0) if head else "").split() + key.split()
            words = strip_role(" ".join(words)).split()
            while words and (words[0] in COMMON_CAPITALISED or words[0].lower() in TITLE_WORDS):
                words = words[1:]
            if len(words) < 2 and len(key.split()) == 1:
                nxt = NAME_NEXT.match(self.text, m.end())  # "Xi Jinping": the family name first
                if nxt:
                    words = [key, nxt.group(1)]
            if looks_like_person(words) and len(" ".join(words)) > len(best):
                best = " ".join(words)
        return best

    def full(self, name: str) -> str:
        """The fullest form of ``name`` the article gives (``name`` itself when none is longer)."""
        key = name.strip()
        if not key or not self.text:
            return name
        if key not in self._cache:
            full = self._fullest(key)
            first, _, rest = key.partition(" ")
            if full == key and rest and first.lower() in PARTICLES and first[:1].isupper():
                # "Von der Leyen" opening a sentence is the article's "von der Leyen"; "Le Drian" is written so
                lowered = self._fullest(f"{first.lower()} {rest}")
                full = lowered if lowered != f"{first.lower()} {rest}" else key
            self._cache[key] = full
        return self._cache[key]


NAME_HEAD = re.compile(rf"(?:(?:{U}[\w’'\-.]*[\w]|{U}\.)\s+(?:(?:de|del|der|den|di|da|dos|du|la|le|al|el|bin|ibn|von|van)\s+)*)+$")
NAME_NEXT = re.compile(r"\s+([A-Z][a-z’'\-]+)(?![\w’'])(?!\s+[A-Z])")
NO_NAMES = NameIndex("")
PARTICLE_START = re.compile(r"^(?:(?:von|van|de|der|den|del|da|di|du|la|le|al|el|bin|ibn)\s+)+[A-Z]")
PARTICLES_BEFORE = re.compile(r"(?:\b(?:von|van|de|der|den|del|da|di|du|la|le|al|el|bin|ibn)\s+)+$")
# Where a description of the speaker ends: "said a spokesperson for the ministry on Monday".
WHO_END = re.compile(
    r"(?<!\bfamiliar)(?<!\bclose)\s+(?:in|on|at|during|after|before|when|while|as|to|that|who|which|adding|according|earlier|later|last|"
    r"this|yesterday|today|tonight|recently|via|with|late|early|following|told|speaking|Monday|Tuesday|Wednesday|"
    r"Thursday|Friday|Saturday|Sunday)\b.*$",
    re.S,
)
# The reporting verb after an unnamed speaker's description ("a senior official … told Reuters").
DESCRIBED_SAID = re.compile(r"\s+(?:said|says|told|tells|added|adds|noted|warned|stressed|explained|insisted|argued|wrote)\b")
BARE_PLURAL = re.compile(r"^(?:(?!(?:and|or|but|its|their|his|her|the|of|to|in|as)\s)[A-Za-z][\w\-]*\s+){0,2}[a-z][\w\-]*[^s\W]s$")
DESCRIPTION = re.compile(r"^(?:the|a|an|one|two|three|several|some|many|other|another|senior|top)\b", re.I)
# Where a quotation closes: a speaker named before it is not a new subject for "he said".
CLOSING_MARK = re.compile(r"[”\"]|(?<=[\w.,!?])'(?![\w])")
# A capitalised run that may be a clause's subject, its title words before it allowed.
SUBJECT_NAME = re.compile(rf"(?<![\w’'])(?:{U}[\w’'\-.]*[\w]|{U}\.)(?:\s+(?:(?:de|del|der|den|di|da|dos|du|la|le|al|el|bin|ibn|von|van)\s+)*(?:{U}[\w’'\-]*[\w]|{U}\.))*")
# What follows a subject: an appositive between commas, then a verb (a lower-case word that is not
# a preposition, conjunction or relative pronoun).
SUBJECT_TAIL = re.compile(
    r",\s+who\b|(?:\s*,[^,.;:“”\"]{1,100},)?\s+(?!(?:and|or|of|in|on|at|to|for|with|from|by|the|a|an|who|whose|which|that|"
    r"than|as|after|before|during|into|over|under|about|against|between)\b)[a-z]+\b"
)
NOT_BEFORE_SUBJECT = frozenset("that of to with for from as than against at in on about into over under whom".split())


# Nouns that end an organisation's name, written in lower case when news refers back to it ("the
# ministry said" after "China's Commerce Ministry").
ORG_HEADS = frozenset(
    """ministry office commission council department agency committee government bank company group
    administration embassy union alliance organisation organization authority regulator fund bloc
    cabinet kremlin treasury parliament court firm corporation association""".split()
)
# A definite description of one speaker: "the president", "South Africa's president", "the foreign
# ministry". Indefinite ones ("a spokesperson") name nobody in particular and stay as written.
DEFINITE = re.compile(
    r"^(?:[Tt]he|(?P<owner>(?:[A-Z][\w’'\-]*\s+){0,2}[A-Z][\w’'\-]*)(?:’s|'s)|(?:his|her|its|their)(?=\s+(?:own\s+)?\w+$))\s+"
    r"(?P<mods>(?:[a-z][\w\-]*\s+){0,2})(?P<head>[a-z][\w\-]*)$"
)
# A statement named by its issuer: "the White House statement", "the ministry's statement".
DOCUMENT = re.compile(r"^(?:[Tt]he\s+)?(?P<owner>.+?)(?:’s|'s)?\s+(?:statement|press release|release|readout|communiqu[eé])$")
# "the document", "the statement": a document named before, by its issuer or by its title.
BACK_TO_DOCUMENT = re.compile(
    r"^(?:the|this|that)\s+(?:joint\s+)?(?P<noun>document|text|statement|declaration|communiqu[eé]|letter|report)$", re.I
)
DOCUMENT_HEADS = ("declaration", "statement", "communique", "charter", "letter", "report", "strategy", "agreement", "treaty")
# "the U.S. Treasury Department said in a statement", "a statement from the ministry"
ISSUED = re.compile(
    r"(?P<who>(?:(?:[A-Z][\w’'\-&.]*|of|for|and) +){0,6}[A-Z][\w’'\-&.]*[\w]) +(?:said|says|announced|wrote)\s+in\s+(?:a|an|its|their|the)\s+"
    r"(?:joint\s+|written\s+|separate\s+)?(?P<noun>statement|letter|report|communiqu[eé])"
)
TITLED = re.compile(r"(?:[A-Z][\w’'\-]*\s+){0,6}(?P<head>Declaration|Statement|Communiqu[eé]|Charter|Letter|Report|Strategy|Agreement|Treaty)\b")
# An organisation named the other way round from its full name: "State Department" for "Department of State".
INVERTED_ORG = re.compile(r"^(?:[Tt]he\s+)?(?P<what>[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)?)\s+(?P<org>Department|Ministry)$")
# An office with no name after it, capitalised as a headline writes it: "Treasury Sec.", "Foreign Minister".
OFFICE = re.compile(r"^(?P<mods>(?:[A-Z][\w’'\-]*\s+){1,3})(?P<head>[A-Z][a-z\-]+\.?)$")
ACRONYM = re.compile(r"^(?:the\s+)?(?P<acr>[A-Z][A-Z&]{1,7})$")
# The capitalised name before "(ACRONYM)": words, commas and the small words inside names.
ORG_NAME_WORDS = re.compile(r"(?:(?:[A-Z][\w’'\-&]*|of|for|and|on|the|&),?\s+)+$")


def _org_name(text: str) -> str:
    """The organisation's name ending ``text`` ("… the UK Foreign, Commonwealth and Development Office")."""
    text = text[text.rfind("\n") + 1 :]  # a name does not run over lines (a headline, a dateline)
    m = ORG_NAME_WORDS.search(text[-160:] + " ")
    if not m:
        return ""
    words = m.group(0).split()
    if "the" in words[1:]:
        words = words[len(words) - words[::-1].index("the") :]  # "Gazprom Neft and X, the UK Treasury"
    while words and not words[0][:1].isupper():
        words = words[1:]  # the article or preposition before the name
    while words and words[0] in COMMON_CAPITALISED:
        words = words[1:]
    return " ".join(words).rstrip(",")


ORG_RUN = re.compile(r"[A-Z][\w’'\-]*(?:\s+(?:(?:of|for|and|on|the)\s+)*[A-Z][\w’'\-]*)+")


def _spelled(acr: str, text: str) -> str:
    """The last capitalised name in ``text`` whose initials spell ``acr``, or "" ("IEA": International Energy Agency)."""
    found = ""
    for m in ORG_RUN.finditer(text):
        words = m.group(0).split()
        while words and words[0] in COMMON_CAPITALISED:
            words = words[1:]
        if "".join(w[0] for w in words if w[0].isupper()) == acr:
            found = " ".join(words)
    return found


class Speakers:
    """Turns the words that name a speaker into the name reports show.

    ``context`` is the article's text before the quotation (a bounded window), where a definite
    description ("the president", "the ministry", "FCDO", "she") finds who it refers to.
    """

    def __init__(self, names: NameIndex, gazetteer: Gazetteer | None, context: str = ""):
        self.names = names
        self.gazetteer = gazetteer
        self.context = context

    def refer(self, who: str, before: str = "") -> str:
        """The named person or organisation a description or acronym refers back to, else ``who``.

        News names someone in full once and by role, acronym or common noun afterwards: "South
        African President Cyril Ramaphosa" … "South Africa's president said"; "the UK Foreign,
        Commonwealth and Development Office (FCDO)" … "the FCDO said" … "the office added";
        "China's Commerce Ministry" … "the ministry said". The referent is the nearest one before
        the quotation (``before`` is the sentence up to it); when nothing fits, ``who`` stays.
        """
        text = self.context + "\n" + before
        if not who or len(text) < 3:
            return who
        doc = DOCUMENT.match(who.strip())
        if doc and doc.group("owner").lower() not in ("the", "a", "an", "this", "that", "its", "their") and (
            doc.group("owner")[:1].isupper() or doc.group("owner").split()[-1].lower() in ORG_HEADS
        ):
            # "the White House statement said": a statement speaks for whoever issued it
            owner = doc.group("owner")
            who = owner if owner[:1].isupper() else f"the {owner}"
            if who[:1].isupper():
                return self.person(who)
        back = BACK_TO_DOCUMENT.match(who.strip())
        if back:
            return self._document(back.group("noun").lower(), text) or who
        acr = ACRONYM.match(who)
        if acr:
            marker = f"({acr.group('acr')})"
            at = text.rfind(marker)
            if at < 0:
                at = text.find(marker)
            name = _org_name(text[:at]) if at >= 0 else ""
            if name:
                return f"{name} {marker}"
            # no "(IEA)" after the name: the name the acronym spells ("the International Energy Agency")
            return _spelled(acr.group("acr"), text) or _spelled(acr.group("acr"), self.names.text) or acr.group("acr")
        inverted = INVERTED_ORG.match(who.strip())
        if inverted:
            # "the State Department" is the "US Department of State" named before (or, in a headline, after)
            pattern = re.compile(rf"(?:[A-Z][\w.’'\-]*\s+){{0,3}}{inverted.group('org')}\s+of\s+(?:the\s+)?"
                                 rf"{re.escape(inverted.group('what'))}\b")
            found = list(pattern.finditer(text)) or list(pattern.finditer(self.names.text))
            if found:
                words = found[-1].group(0).split()
                while words and words[0] in COMMON_CAPITALISED:
                    words = words[1:]
                return " ".join(words)
            return who
        office = OFFICE.match(who.strip())
        head = office.group("head").lower().rstrip(".") if office else ""
        if office and ABBREVIATED.get(head, head) in TITLE_WORDS:
            # "Treasury Sec. says …" in a headline: the person the article gives that office
            mods, head = office.group("mods").split(), ABBREVIATED.get(head, head)
            return self._holder(mods, head, "", text) or self._holder(mods, head, "", self.names.text) or who
        m = DEFINITE.match(who.strip())
        if not m:
            return who
        head = m.group("head").lower()
        mods = m.group("mods").split()
        if head in TITLE_WORDS and head not in ("analyst", "economist", "strategist", "diplomat", "correspondent", "editor"):
            return self._holder(mods, ABBREVIATED.get(head, head), m.group("owner") or "", text) or self._described(head, text) or who
        if head in ORG_HEADS:
            # "the Central Bank of Norland", "the Ministry of Finance": the name runs on after its head
            found = [f for f in re.finditer(rf"\b{re.escape(head.capitalize())}\b(?:\s+of\s+(?:the\s+)?[A-Z][\w’'\-]*"
                                            rf"(?:\s+[A-Z][\w’'\-]*)*)?(?:\s+\([A-Z][A-Z&]{{1,7}}\))?", text)]
            named = {f"{_org_name(text[: f.start()] + ' ')} {f.group(0)}".strip() for f in found}
            if len(named) == 1 and len(next(iter(named)).split()) >= 2:
                return named.pop()  # one organisation of that kind named before: it is the one
        if not m.group("owner") and not mods:
            return self._described(head, text) or who
        return who

    def _described(self, head: str, text: str) -> str:
        """The speaker an indefinite description introduced, for "the <head>" after it, or "".

        News describes an unnamed source in full once, as the subject of a reporting verb, and
        shortens it after: "a top diplomat from one of the member economies told Reuters" … "the
        diplomat added".
        """
        found = ""
        for m in re.finditer(rf"\b(?:[Aa]n?|[Oo]ne)\s+(?:[\w\-]+\s+){{0,3}}?{re.escape(head)}\b[^,.;:“”\"\n]{{0,80}}", text):
            said = DESCRIBED_SAID.search(m.group(0))
            if said:
                found = WHO_END.sub("", m.group(0)[: said.start()]).strip()
        return found

    def _document(self, noun: str, text: str) -> str:
        """What "the document" or "the statement" refers back to in ``text``, or "".

        News names a statement by its issuer once ("the Treasury Department said in a statement")
        and a document by its title ("signed the Qingdao Declaration"), and then calls it "the
        statement" or "the document": the nearer of the two is the one meant. A statement speaks for
        its issuer; a titled document is credited by its title.
        """
        best: tuple[int, str] = (-1, "")
        for m in ISSUED.finditer(text):
            if m.group("noun").lower() == noun or noun == "document":
                words = m.group("who").split()
                ends = [i for i, w in enumerate(words[:-1]) if w.endswith(".") and not re.fullmatch(r"(?:[A-Z]\.)+", w)]
                words = words[ends[-1] + 1 :] if ends else words  # "… on Friday. The Board said": a sentence's end
                while words and (words[0] in COMMON_CAPITALISED or words[0].islower()):
                    words = words[1:]
                if words:
                    best = max(best, (m.start(), " ".join(words)))
        heads = DOCUMENT_HEADS if noun in ("document", "text") else (noun,)
        titles: dict[str, str] = {}  # a head ("declaration") -> the last title with it
        for m in TITLED.finditer(text):
            head = m.group("head").lower().replace("é", "e")
            words = m.group(0).split()
            while words and words[0] in COMMON_CAPITALISED:
                words = words[1:]
            if len(words) >= 2:
                titles[head] = "the " + " ".join(words)
            # "The Declaration says …": a title shortened to its head is the titled one named before
            if head in heads and head in titles:
                best = max(best, (m.start(), titles[head]))
        return best[1]

    def _holder(self, mods: list[str], head: str, owner: str, text: str) -> str:
        """The person ``text`` gives the title ``mods head`` ("Treasury secretary Janet Yellen"), or ""."""
        spelled = "|".join(re.escape(w) for w in [head, *(a + r"\.?" for a, full in ABBREVIATED.items() if full == head)])
        title = r"\s+".join([*(re.escape(w) for w in mods), f"(?:{spelled})"])
        for phrase in ([title, f"(?:{spelled})"] if mods else [f"(?:{spelled})"]):
            found = list(re.finditer(rf"\b(?i:{phrase})\s+({PERSON_RUN.pattern})", text))
            found += list(re.finditer(rf"({PERSON_RUN.pattern}),\s+(?:the\s+|[A-Z][\w’']*(?:’s|'s)\s+)?(?:[\w\-]+\s+){{0,2}}(?i:{phrase})\b", text))
            # "South Africa's president": a president introduced as South African comes first
            owner = owner.lower()
            stem = owner[: max(4, len(owner) - 2)]  # "Peru" → Peruvian, "South Africa" → South African
            people = sorted(
                (bool(stem) and stem in text[max(0, f.start() - 40) : f.end()].lower(), f.start(1), strip_role(f.group(1)))
                for f in found
            )
            people = [p for p in people if looks_like_person(p[2].split())]
            if people:
                return self.person(people[-1][2])
        return ""

    def subject(self, before: str = "", last: str = "") -> str:
        """Whom a "he" or "she" attributing a quotation refers to.

        News keeps the person it is talking about in subject position: a "he said" refers to the
        last person who was the subject of a clause ("Kirill Dmitriev, head of the fund, was just as
        upbeat as Trump. “…,” he said" is Dmitriev, not Trump), of a relative clause ("…, who warned")
        or of a passive ("unveiled by …") since the last quotation closed;
        when no one was, it is the last speaker (``last``), and when that was an organisation, the
        last person named. A name after "that", "of", "as" … is not a subject, nor is one followed
        by no verb.
        """
        text = self.context + "\n" + before
        cut = max((m.end() for m in CLOSING_MARK.finditer(text, max(0, len(text) - 3000))), default=0)
        found = ""
        for m in SUBJECT_NAME.finditer(text, cut):
            if not SUBJECT_TAIL.match(text, m.end()):
                continue
            lead = text[max(0, m.start() - 12) : m.start()].split()
            if lead and lead[-1].lower() in NOT_BEFORE_SUBJECT:
                continue
            if lead and lead[-1].lower() in ("the", "a", "an") and " " not in m.group(0):
                continue  # "the Boston course": one capitalised word after an article modifies a noun
            words = strip_role(m.group(0)).split()
            while words and (words[0] in COMMON_CAPITALISED or words[0].lower() in TITLE_WORDS):
                words = words[1:]
            if not words:
                continue
            if len(words) == 1:
                words = self.names.full(words[0]).split()  # a surname: the person the article named in full
            if looks_like_person(words):
                found = " ".join(words)
        if found:
            return self.person(found)
        if last and not is_organisation(last):
            return last
        return self.pronoun(before) or last

    def organisation(self, before: str = "") -> str:
        """The organisation an "it" attributing a quotation refers to: the last one named, or ""."""
        text = (self.context + "\n" + before)[-1500:]
        found = ""
        for m in ORG_RUN.finditer(text):
            words = m.group(0).split()
            while words and words[0] in COMMON_CAPITALISED:
                words = words[1:]
            name = " ".join(words)
            # "Central Bank of Norland": the head of the name is before its "of"
            if words and is_organisation(name.split(" of ")[0]) and not (len(words) == 1 and words[0].lower() in TITLE_WORDS):
                found = name
        return found

    def pronoun(self, before: str = "") -> str:
        """The person a "he" or "she" with no speaker before it refers to: the last one named."""
        text = self.context + "\n" + before
        for m in reversed(list(PERSON_RUN.finditer(text[-1500:]))):
            words = strip_role(m.group(0)).split()
            while words and (words[0] in COMMON_CAPITALISED or words[0].lower() in TITLE_WORDS):
                words = words[1:]
            if looks_like_person(words):
                return self.person(" ".join(words))
        return ""

    def person(self, who: str) -> str:
        """A named speaker: the title dropped, the full name from the article, person aliases merged."""
        who = who.strip().rstrip(".,").removesuffix("’s").removesuffix("'s")
        who = strip_role(who)
        words = who.split()
        while len(words) > 1 and words[0] in COMMON_CAPITALISED:
            words = words[1:]
        if len(words) >= 4 and DEMONYM.search(words[0]):
            words = words[1:]  # "Indian Ministry of External Affairs"
        who = " ".join(words)
        if self.gazetteer is not None:
            # the gazetteer merges a known person's aliases ("Modi", "PM Modi"); it decides nothing else
            known = self.gazetteer.canonical(who)
            if known and self.gazetteer.entities[known].type == "person":
                return known
        return self.names.full(who)

    def phrase(self, who: str) -> str:
        """A speaker phrase as written after a quote: a name, a described person or a description."""
        who = WHO_END.sub("", who.strip()).strip(" ,;:")
        if not who:
            return ""
        if BARE_PLURAL.match(who):
            return who  # "“…”, officials said", "Western diplomats say"
        if "," in who:
            head, rest = who.split(",", 1)
            named = rest.split(",", 1)[0].strip()
            described = DESCRIPTION.match(head.strip()) or head.split()[-1].lower() in TITLE_WORDS
            if described and looks_like_person(named.split()):
                # "the Kremlin's spokesman, Dmitry Peskov, told reporters", "Holt's spokesperson, Jane Roe"
                return self.person(named)
            # "Mike Sabel, Chief Executive Officer of Venture Global LNG": the name before the role
            if (head.strip()[:1].isupper() and not DESCRIPTION.match(head.strip())) or PARTICLE_START.match(head.strip()):
                return self.person(head)
            who = head
        if (who[:1].isupper() and not DESCRIPTION.match(who)) or PARTICLE_START.match(who):
            return self.person(who)
        named = who.split(None, 1)[1] if who.lower().startswith("the ") and " " in who else ""
        if named[:1].isupper() and is_organisation(named) and all(w[:1].isupper() or w in ("of", "for", "and") for w in named.split()):
            return named  # "the U.S. Treasury Department": an organisation, named as the article names it
        run = list(PERSON_RUN.finditer(who))
        if run and run[-1].end() == len(who):
            # "former diplomat Jane Doe", "Treasury secretary Janet Yellen"
            return self.person(run[-1].group(0))
        if DESCRIPTION.match(who) and len(who.split()) <= 10:
            return who  # "a senior official from the foreign ministry"
        return ""


