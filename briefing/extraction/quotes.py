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
from .speakers import (
    NO_NAMES,
    PARTICLES_BEFORE,
    PERSON_RUN,
    NameIndex,
    Speakers,
    U,
    is_organisation,
    looks_like_person,
)

SPEECH_WORDS = """said says say saying told tells tell added adds adding noted notes note noting stated states
    reiterated reiterates stressed stresses emphasised emphasized emphasising emphasizing warned warns argued argues
    insisted insists indicated indicates remarked remarks declared declares wrote writes explained explains observed
    observes announced asserted asserts acknowledged suggested suggests believes believe characterising characterizing
    characterised characterized described describes describing calling called termed put_it puts_it view views see
    sees considers consider according_to articulated quoted quipped replied responded asked urged claimed claims
    maintained maintains accused accuses vowed vows pledged pledges hailed hails praised praises criticised criticized
    criticises criticizes conceded admitted admits confirmed confirms denied denies predicted predicts cautioned
    cautions complained lamented recalled recalls pointed_out points_out lauded lauds charged charges accusing urging
    warning insisting arguing voiced voices voice voicing expressed expresses expressing cautioning
    praising hailing revealed reveals welcomed welcomes welcoming thanked thanking labelled labeled branded brands dubbed dubs
    dismissed dismisses dismissing condemned condemns demanded demands promised promises joked boasted posted
    tweeted tweets""".split()
SPEECH_WORDS = [w.replace("_", " ") for w in SPEECH_WORDS]
# The last two lines: verbs that report words by what they do with them ("revealed: “…”", "welcomed
# the deal as “…”", "thanked them for their “…”", "branded the move “…”", "dismissed it as “…”").


def _trie(words: list[str]) -> str:
    """One regex alternation of ``words``, written as a trie.

    A search then tries each position once per first letter instead of once per word: the flat
    alternation of 155 verbs cost about 0.7 ms a sentence, the trie a sixth of that.
    """
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if end else body

    return emit(tree)


SPEECH = _trie(SPEECH_WORDS)
# A reporting verb is in lower case, or capitalised where a sentence or clause opens ("According to
# …"): the "States" of "United States" says nothing.
# …nor is the "called" of "so-called".
SPEECH_RE = re.compile(rf"(?<!-)\b(?:(?-i:(?=[a-z]))|(?<!\w\s)(?<!,\s))(?:{SPEECH})\b", re.I)
PRONOUN = re.compile(r"^(?:he|she|it|they|the (?:document|statement|report|ministry|spokesperson|official|minister|analyst|expert))$", re.I)
NAME_RUN = re.compile(
    rf"(?:{U}[\w’'\-–.]*[\w.]|{U}\.?)(?:\s+(?:(?:of|the|for|and|de|del|der|den|da|di|du|la|le|al|el|bin|ibn|von|van)\s+)*"
    rf"(?:{U}[\w’'\-–.]*[\w]|{U}\.?))*"
)
# Words between a name and a speech verb that show the name is not the verb's subject.
NOT_SUBJECT = frozenset("to would will has had have was is were are did does do not but while whereas although though".split())
DETERMINER_BEFORE = re.compile(r"(?:\b(?:the|a|an|its|their|our|his|her|these|those|so-called)|\w+-\w+|\w(?:’s|'s))\s*$", re.I)
ADVERB = re.compile(r"^(?:\w{3,}ly|earlier|also|further|later|then|again|now|recently|once|too|himself|herself)$", re.I)
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


OPENERS = re.compile(r"[“\"‘«]|(?<![^\s(\[{—–/:-])'(?=\w)")
MARKS = re.compile(r"[“\"‘«]")  # the marks that can only be quotation marks
INTRO = re.compile(rf"\b(?:{SPEECH})\s*:$", re.I)  # "X said:" ending the sentence before
# A straight mark opens a quotation at the start of a word: after the start, a space, a bracket or a
# dash, and before something that is not a space.
OPEN_BEFORE = frozenset(" \t([{—–-/:")


def _opens_straight(sentence: str, i: int) -> bool:
    return (i == 0 or sentence[i - 1] in OPEN_BEFORE) and i + 1 < len(sentence) and not sentence[i + 1].isspace()


def quoted_spans(sentence: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each quoted span, quotation marks included.

    Besides the typographic marks, straight marks are read as news sites print them: "…" and, as
    some UK outlets print quotations, '…'. A straight single mark opens only at the start of a word
    and closes only where no letter follows it, so the apostrophes of "Putin's" and "don't" are
    neither.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    while True:
        m = OPENERS.search(sentence, pos)
        if m is None:
            return spans
        i = m.start()
        ch = sentence[i]
        close = {"“": "”", '"': '"', "‘": "’", "«": "»", "'": "'"}[ch]
        if (ch in "‘\"" and (i + 1 >= len(sentence) or sentence[i + 1].isspace())) or (
            ch == "'" and not _opens_straight(sentence, i)
        ):
            pos = i + 1  # a straight quote or single opening quote must start a word
            continue
        j = i + 1
        if ch == "“" and "”" not in sentence[j:] and '"' in sentence[j:]:
            close = '"'  # “…," : typed and pasted marks mixed in one quotation
        while True:
            j = sentence.find(close, j)
            # a closing single quote followed by a letter is an apostrophe ("one’s", "Putin's")
            if j != -1 and close in "’'" and j + 1 < len(sentence) and sentence[j + 1].isalpha():
                j += 1
                continue
            break
        if j == -1:
            pos = i + 1
            continue
        spans.append((i, j + 1))
        pos = j + 1


def _used_bare(phrase: str, text: str, after: int) -> bool:
    """Whether the article goes on to write ``phrase`` outside any quotation (from ``after`` on).

    A writer puts a coined name in quotation marks where it first appears and then uses it as a
    word of the article's own ("Russia's “shadow fleet”" … "shadow fleet ships"): a term, not
    someone's words. A quotation of speech is not repeated outside quotation marks after it.
    """
    phrase = phrase.strip(" ,.;:!?").lower()
    if len(phrase) < 4 or after < 0:
        return False
    body = text.lower()
    at = body.find(phrase, after)
    while at >= 0:
        start = body.rfind("\n", 0, at) + 1
        end = body.find("\n", at)
        line = body[start : end if end >= 0 else len(body)]
        if not any(a < at - start < b for a, b in quoted_spans(line)):
            return True
        at = body.find(phrase, at + 1)
    return False


def _unquoted(sentence: str, spans: list[tuple[int, int]]) -> str:
    """``sentence`` with the quoted ``spans`` blanked out (so that a verb inside a quotation is not the writer's)."""
    for a, b in reversed(spans):
        sentence = sentence[:a] + " " * (b - a) + sentence[b:]
    return sentence


def _end_in(text: str, sentence: str, end: int) -> int:
    """Where position ``end`` of ``sentence`` is in the article ``text`` (-1 when it is not found)."""
    at = text.find(sentence)
    return at + end if at >= 0 else -1


def _title_like(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w’'\-]*", text)]
    if len(words) < 2:
        return False
    caps = sum(1 for w in words if w[0].isupper() or w.lower() in ("of", "and", "the", "for", "until", "in"))
    return caps == len(words)


APPOSITIVE = re.compile(
    r"(?<=\w),\s+(?!(?:but|and|or|while|though|although|whereas|so|yet)\b)[^,“”\"]{1,90},\s*$", re.I
)
INTRODUCTORY = re.compile(r"^\W*(?:\w+(?:ing|ly)|[A-Z]\w*)\s*$")  # "Replying, …", "Meanwhile, …"
PLACE_BEFORE = re.compile(r"\b(?:in|at|from|to|near|across|into|over|on|for|with)\s+$")


DETERMINERS = frozenset("A An The One Two Three Four Five Several Some Many".split())
DETERMINED = re.compile(r"\b(?:[Aa]n?|[Tt]he|[Oo]ne|[Tt]wo|[Tt]hree|[Ss]everal|[Ss]ome)\s+(?:[a-z][\w\-]*\s+){0,2}$")


def _name_before(text: str, speakers: Speakers) -> str:
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
        if PLACE_BEFORE.search(tail, 0, m.start()):
            continue  # "speaking in Delhi": a place, not the speaker
        between = tail[m.end() :].split()
        if between and between[0].lower() in RELATIVE:
            between = []  # "the US Department of State, which announced": the name is the subject
        nouns = _subject_nouns(between)
        if nouns and (len(words) == 1 or is_organisation(name)):
            # "Japanese officials have tried …, saying": a demonym or an organisation and the plural
            # noun after it are the subject, not the demonym alone
            return f"{name} {' '.join(between[:nouns])}"
        # a name far from the verb (more than 8 words back) is probably not its subject
        if len(between) > 8 or any(w.lower().strip(",;") in ("but", "while", "whereas", "although", "though") for w in between):
            break
        if between and len(between) <= 3 and not any(ADVERB.match(w) or w in NOT_SUBJECT for w in between) and all(
            w.isalpha() and w.islower() for w in between
        ):
            det = DETERMINED.search(tail, 0, m.start())  # "a senior EU official"
            lead = m.group(0).split()[: len(m.group(0).split()) - len(words)]
            if not det and lead and lead[-1] in DETERMINERS:
                return f"{lead[-1]} {name} {' '.join(between)}"  # "One American ally, asked …, replied"
            return f"{det.group(0) if det else ''}{name} {' '.join(between)}"  # "Indian defence analysts"
        particles = PARTICLES_BEFORE.search(tail[: m.start()])
        return speakers.person(particles.group(0) + name if particles else name)
    described = DESCRIBED_SUBJECT.search(tail.strip())
    if described and not any(w.lower() in NOT_SUBJECT or w.lower() in RELATIVE for w in described.group(1).split()):
        return described.group(1)  # "A spokesman for the ministry said"
    # an unnamed speaker: "one expert", "Indian defence analysts"
    m = re.search(r"(?:^|[,;:]|\b(?:as|and|but|while))\s*((?:[A-Za-z][\w\-]*\s+){0,2}[a-z][\w\-]*)\s*$", tail.strip())
    if m:
        phrase = LEADING_LINK.sub("", m.group(1).strip())
        # a pronoun or a relative clause ("which he") names nobody
        if phrase and phrase.split()[-1].lower() not in ("it", "that", "this", "which", "who", "he", "she", "they", "we", "i") \
                and phrase.split()[0].lower() not in RELATIVE:
            return phrase
    return ""


# A body named by whose it is, as the subject of a verb a few words on: "his administration
# intervened yesterday, saying …", "her spokesman said".
POSSESSED = re.compile(
    r"\b(his|her)\s+(administration|government|office|ministry|spokes(?:man|woman|person)|aides?|team|campaign|"
    r"party|lawyers?|officials)\s+(?:[a-z]+\s+){0,3}(?:[a-z]+,?\s*)?$"
)
RELATIVE = frozenset(("which", "who", "that", "which,", "who,"))
AUXILIARY = frozenset("have has had were was are is will would could can may might did do does".split())


def _subject_nouns(between: list[str]) -> int:
    """How many of ``between`` are the plural nouns of a subject ("officials have", "ministers had"), or 0."""
    for k in (1, 2):
        if len(between) > k and all(w.isalpha() and w.islower() for w in between[:k]) and between[k - 1].endswith("s") \
                and not between[k - 1].endswith("ss") and between[k].lower() in AUXILIARY:
            return k
    return 0


AFTER_SUBJECT = re.compile(
    rf"\W{{0,3}}\s*(?P<who>[^\"“”.!?;:]{{1,200}}?)\s+(?:\w+ly\s+|also\s+|later\s+|then\s+)?(?:{SPEECH})\b"
)
AFTER_VERB = re.compile(rf"\W{{0,3}}\s*(?P<verb>{SPEECH})\s+(?P<who>[^\"“”.!?;:]{{1,140}})")


DOCUMENT_READ = re.compile(
    r"\W{0,3}\s*(?P<who>the\s+(?:[\w\-]+\s+){0,2}(?:statement|letter|text|communiqu[eé]|declaration|document|post|message|"
    r"note|release|notice))\s+(?:read|reads)\b",
    re.I,
)
QUOTED_AS = re.compile(r"\bquoted\s+(?P<who>[^,.;:“”\"]{2,80}?)\s+as\s+(?:saying|telling|writing)\b")
# An unnamed speaker described at the start of a clause: "A spokesman for the ministry said",
# "Two people familiar with the talks told Reuters".
DESCRIBED_SUBJECT = re.compile(
    r"(?:^|[,;:]\s*|\b(?:and|but)\s+)((?:[Aa]n?|[Oo]ne|[Tt]wo|[Tt]hree|[Ss]everal|[Ss]ome|[Mm]any)\s+[a-z][^,;:“”\"]{2,80}?)\s*$"
)
SENTENCE_END_SAID = re.compile(
    r",\s+(?P<who>[^,\"“”‘’;:]{1,80}?)\s+(?:also\s+)?(?:said|says|told|added|stated|noted|wrote|announced)\b[^,\"“”;:]*$"
)


QUOTE_OPEN_LEFT = re.compile(r"[“\"”]")  # a quotation before the colon: the colon is inside someone's words
WITH_SUBJECT = re.compile(rf"\bwith\s+((?:{U}[\w’'\-.]*\s+){{1,5}})$")


def _pronoun(who: str, last: str, speakers: Speakers, before: str) -> str:
    """Who "he", "they" or "the ministry" is: a named referent, else the last speaker."""
    word = who.lower()
    if word in ("he", "she"):
        return speakers.subject(before, last)  # the person last in subject position, else the last speaker
    if word == "it":
        # "it" is never a person: the last speaker when that was an organisation or a document, else
        # the organisation named last ("The Central Bank of Norland raised rates. “…,” it said")
        if last and (is_organisation(last) or not looks_like_person(last.split())):
            return last
        return speakers.organisation(before)
    if word.startswith("the ") and word.split()[-1] not in ("document", "statement", "report"):
        found = speakers.refer(who, before)
        if found != who:
            return found
    return last


def _speaker_for(sentence: str, start: int, end: int, prev: str, last: str, speakers: Speakers) -> str:
    who = _attribution(sentence, start, end, prev, last, speakers).replace(INITIAL_MARK, ".")
    return speakers.refer(who, sentence[:start]) if who and who != last else who


# A title's full stop ("said Sec. Yellen") does not end the attribution.
ABBREVIATED_TITLE = re.compile(r"\b(Sec|Secy|Sen|Gen|Rep|Gov|Amb|Pres|Dir|Mr|Mrs|Ms|Dr|Prof|Lt|Col|Capt|Maj|Adm|Sgt|Hon)\.(?= [A-Z])")


# The full stop of an initial ("J.D. Vance") does not end the attribution either: it is kept as a
# mark the attribution patterns allow, and put back in the speaker found.
INITIAL_DOT = re.compile(r"(?<=\b[A-Z])\.(?=\s?[A-Z])")
INITIAL_MARK = "\u2024"
# A headline's "Name: “…”" (the colon stands for "says").
HEADLINE_SPEAKER = re.compile(r"^\W*((?:[A-Z][\w’'\-]*\s+){0,3}[A-Z][\w’'\-]*)\s*:\s*$")


def _attribution(sentence: str, start: int, end: int, prev: str, last: str, speakers: Speakers) -> str:
    quoted_as = QUOTED_AS.search(_unquoted(sentence, [(start, end)]))
    if quoted_as:
        # "Reuters quoted Berg as saying": the person quoted speaks, not the outlet quoting them
        found = speakers.phrase(quoted_as.group("who"))
        if found:
            return found
    after = INITIAL_DOT.sub(INITIAL_MARK, ABBREVIATED_TITLE.sub(r"\1 ", sentence[end:]))
    # "...," Kugelman told Reuters / "...," he added / "...," Mike Sabel, CEO of X, said / "...," the treasury said
    m = AFTER_SUBJECT.match(after)
    # "...," Ramaphosa, standing alongside …, told: a long appositive after a short name
    if m and (len(m.group("who").split()) <= 16 or ("," in m.group("who") and len(m.group("who").split(",")[0].split()) <= 4)):
        who = m.group("who").strip()
        if PRONOUN.match(who):
            return _pronoun(who, last, speakers, sentence[:start])
        found = speakers.phrase(who)
        if found:
            return found
    # "...," the statement read: a document "reads"
    m = DOCUMENT_READ.match(after)
    if m:
        return m.group("who")
    # "...," said Treasury secretary Janet Yellen / "...," said a spokesperson for the ministry
    m = AFTER_VERB.match(after)
    if m and not m.group("verb").lower().endswith("ing"):  # "…,” calling for …: not an attribution
        found = speakers.phrase(m.group("who"))
        if found:
            return found
    before = sentence[:start]
    headline = HEADLINE_SPEAKER.match(before)
    if headline and headline.group(1) not in COMMON_CAPITALISED:
        return speakers.person(headline.group(1))  # "Holt: 'We will not back down'"
    # according to X, "..." / as articulated in X, "..."
    m = re.search(r"\b(?:according to|articulated (?:in|by)|in the words of|stated (?:in|by)|as set out in)\s+(?:the\s+(?=(?:latest\s+)?(?-i:[A-Z])))?(?:latest\s+)?([^,:;]+)[,:]?\s*$", before, re.I)
    if m is None:
        m = re.search(r"\bin\s+([^,:;“”\"]{2,60}?)(?:’s|'s|’|')\s+(?:own\s+)?words[,:]?\s*$", before, re.I)  # "In X's words, “…”"
    if m is None:
        # "According to the statement, the sides “…”": the source opens the sentence and the clause
        # it introduces runs on to the quotation
        m = re.match(r"\W*(?:according to|in the words of)\s+([^,:;“”\"]{2,80}),", before, re.I)
        if m and SPEECH_RE.search(before, m.end()):
            m = None
    if m:
        who = m.group(1).strip()
        return speakers.person(who) if who[:1].isupper() else who
    verbs = list(SPEECH_RE.finditer(before))
    for verb in reversed(verbs):
        if verb.group(0).lower().endswith("ing"):
            with_subject = WITH_SUBJECT.search(before, 0, verb.start())
            if with_subject:
                # "…, with Secretary-General Mark Rutte praising the “…”": the name after "with" is the subject
                return speakers.person(with_subject.group(1))
            if verb is not verbs[0]:
                continue  # "..., emphasizing that": the subject is that of the main verb before it
        # "Mike Sabel, chief executive of Venture Global, said": the appositive is not the subject
        subject = before[: verb.start()]
        app = APPOSITIVE.search(subject)
        if app and not INTRODUCTORY.match(subject[: app.start()]):
            named = app.group(0).strip(" ,")
            if PERSON_RUN.fullmatch(named) and looks_like_person(named.split()) and not (subject[: app.start()].split() or ['A'])[-1][:1].isupper():
                return speakers.person(named)  # "The bloc's top diplomat, Kaja Mills, said": the name in commas
            subject = subject[: app.start()] + " "
        pron = re.search(r"\b(he|she|they|the document|the statement|the report)\s+(?:\w+\s+){0,3}$", subject, re.I)
        if pron is None and re.search(r"\b(?:but|and)\s*$", subject) and re.match(r"(?:he|she|they)\b", sentence, re.I):
            pron = re.match(r"(they|he|she)", sentence, re.I)  # "They met, but said …": the subject is elided
        if pron is None and verb.group(0).lower().endswith("ing") and re.search(r"(?:,|\band)\s*$", subject):
            # "He refused to accept it, calling it a “…”": a participle's subject is the clause's, here a pronoun
            pron = re.match(r"(he|she|they)\b", sentence, re.I)
        if pron:
            # "In an article written by Johnson today, he said": the person just named, else the last speaker
            if pron.group(1).lower() in ("he", "she"):
                named = [r for r in PERSON_RUN.finditer(subject[: pron.start()])] or [
                    r for r in NAME_RUN.finditer(subject[: pron.start()]) if r.group(0) not in COMMON_CAPITALISED
                    and not (r.start() == 0 and " " not in r.group(0))  # "Asked about it, she said": no name
                ]
                if named:
                    return speakers.person(named[-1].group(0))
                return speakers.subject(subject[: pron.start()], last)
            return last
        who = _name_before(subject, speakers)
        if who:
            return who
        owned = POSSESSED.search(subject)
        if owned:
            # "but his administration intervened, saying …": the body of the person "his" refers to
            owner = speakers.subject(subject[: owned.start()], last)
            if owner and not is_organisation(owner):
                return f"{owner}’s {owned.group(2)}"
    # "The network is “…” the IRGC's foreign arm, the Treasury Department said in a statement.": the
    # attribution closes the sentence, after words of the writer's that follow the quotation
    m = SENTENCE_END_SAID.search(after)
    if m:
        found = speakers.phrase(m.group("who"))
        if found:
            return found
    if not verbs and before.rstrip().endswith(":") and start == len(before) and not QUOTE_OPEN_LEFT.search(before):
        # "Reyes struck an upbeat tone: “…”": a colon after a clause about a person introduces their words
        who = Speakers(speakers.names, speakers.gazetteer).subject(before.rstrip()[:-1])
        if who:
            return who
    if not before.strip() and prev.rstrip().endswith(":"):
        verbs = list(SPEECH_RE.finditer(prev))
        if verbs:
            return _name_before(prev[: verbs[-1].start()], speakers) or ""
    if prev and not verbs and not SPEECH_RE.search(after):
        # "X announced new sanctions. They include designating Y as “…”": a sentence that attributes
        # nothing goes on reporting the speaker of the sentence before it
        unquoted = prev
        for a, b in reversed(quoted_spans(prev)):
            unquoted = unquoted[:a] + unquoted[b:]
        said = list(SPEECH_RE.finditer(unquoted))
        if said and not said[-1].group(0).lower().endswith("ing"):
            who = _name_before(unquoted[: said[-1].start()], speakers)
            if who and not PRONOUN.match(who):
                return who
    return ""


def extract_quotes(
    sentence: str,
    prev: str,
    last_speaker: str,
    gazetteer: Gazetteer | None = None,
    names: NameIndex = NO_NAMES,
    continues: bool = False,
    context: str = "",
) -> list[Quote]:
    """Quoted spans of ``sentence`` with their kind and speaker.

    ``prev`` is the sentence before (for "X notes:" introductions) and ``last_speaker`` the last
    speaker named in the article (for "he added"). ``names`` gives the full names the article uses
    (for "Merkel said"); the ``gazetteer``, when given, only merges a person's aliases. ``continues``
    says the sentence before ended in a quotation with a speaker: a quotation that opens this
    sentence and names nobody goes on in the same voice. ``context`` is the article's text before
    the sentence (a few paragraphs), where "the president", "the ministry" or "she" find whom they
    refer to.
    """
    speakers = Speakers(names, gazetteer, context)
    intro = INTRO.search(prev) if prev.endswith(":") else None
    if intro and not MARKS.search(sentence) and len(sentence.split()) >= 5:
        # "The G7 ministers said:" and the statement set off as its own paragraph, without quotation marks
        who = _name_before(prev[: intro.start()], speakers)
        if who:
            return [Quote(sentence.strip(), who, "quote", 0, len(sentence))]
    found = []
    for start, end in quoted_spans(sentence):
        inner = sentence[start + 1 : end - 1].strip().rstrip(",").strip()
        words = re.findall(r"[\w’'\-]+", inner)
        if not words:
            continue
        speaker = _speaker_for(sentence, start, end, prev, last_speaker, speakers)
        if not speaker and continues and not sentence[:start].strip():
            speaker = last_speaker
        if speaker:
            last_speaker = speaker
        found.append((start, end, inner, words, speaker))
    # A single quoted word is someone's word only when this sentence says whose: "X called the deal a
    # “landmark”", "the IEA hailed it as “excellent”"; with no reporting verb of its own it is the
    # writer's scare quote ("a “conundrum”"), whatever the sentences around it report.
    said_here = bool(found) and bool(SPEECH_RE.search(_unquoted(sentence, [(f[0], f[1]) for f in found])))
    out = []
    for i, (start, end, inner, words, speaker) in enumerate(found):
        if not speaker and not _title_like(inner) and len(words) > 1:
            # "It is “specifically designed” to reduce “Russia’s ability to fund its war”, they said": one
            # attribution after the last quotation speaks for the earlier ones in the sentence too.
            later = next((f for f in found[i + 1 :] if f[4]), None)
            if later is not None and not re.search(r"[.;!?]\s", sentence[end : later[0]]):
                speaker = later[4]
        noun_phrase = (
            bool(DETERMINER_BEFORE.search(sentence[:start])) and not TERMINAL_INSIDE.search(inner) and len(words) < 8
        )
        if _title_like(inner) or (len(words) == 1 and not (speaker and said_here)) or (
            len(words) <= 3 and speaker and _used_bare(inner, names.text, _end_in(names.text, sentence, end))
        ):
            kind = "term"
        elif speaker and (not noun_phrase or SPEECH_RE.search(sentence[:start])):
            kind = "quote"  # "von der Leyen warned that relations had reached an “inflection point”"
        elif len(words) >= 5 and not noun_phrase:
            kind = "quote"
        else:
            kind = "term"
        out.append(Quote(inner, speaker if kind == "quote" else "", kind, start, end))
    return out


CONTEXT = 15  # sentences before a quotation where a description or pronoun finds its referent
STRAIGHT_CLOSE = re.compile(r'(?<=\S)"(?![\w])')  # a straight mark that closes, not opens
MAX_RUN = 8  # sentences a quotation may run over before it is taken as a stray mark
REOPEN = "“\""  # the marks a paragraph that goes on with a quotation opens with


def _unclosed(text: str) -> int:
    """Where the quotation left open at the end of ``text`` begins, or -1.

    Typographic and straight double marks both count; a straight mark closes a quotation that is
    open and opens one at the start of a word.
    """
    if text.count("“") <= text.count("”") and text.count('"') % 2 == 0:
        return -1  # the common case, decided without a loop over the characters
    opened: list[int] = []
    for i, ch in enumerate(text):
        if ch == "“":
            opened.append(i)
        elif ch == "”":
            if opened:
                opened.pop()
        elif ch == '"':
            if opened and STRAIGHT_CLOSE.match(text, i):
                opened.pop()
            elif _opens_straight(text, i):
                opened.append(i)
    return opened[0] if opened else -1


@dataclass(frozen=True)
class QuoteRun:
    """A quotation over several paragraphs, each of them one quote.

    It runs from ``opener`` in sentence ``first`` to ``close`` in sentence ``last``; ``parts`` are
    its words in each of those sentences, in order. News prints each paragraph of a long quotation
    as a quotation of its own: the paragraph is left open at its end and the next one reopens it
    with a quotation mark, and the attribution is given once, before the first or after the last.
    """

    first: int
    last: int
    opener: int
    close: int
    parts: tuple[str, ...]

    @property
    def text(self) -> str:
        """The whole quotation, its paragraphs joined."""
        return " ".join(self.parts)


def quote_runs(texts: list[str]) -> list[QuoteRun]:
    """The quotations of an article's sentences that stay open past the end of a sentence."""
    runs = []
    i = 0
    while i < len(texts):
        opener = _unclosed(texts[i])
        if opener < 0:
            i += 1
            continue
        parts = [texts[i][opener + 1 :].strip()]
        for j in range(i + 1, min(i + MAX_RUN, len(texts))):
            text = texts[j]
            shift = 1 if text[:1] in REOPEN else 0
            close = text.find("”", shift)
            straight = STRAIGHT_CLOSE.search(text, shift)
            if straight and (close < 0 or straight.start() < close):
                close = straight.start()  # “…," : typed and pasted marks mixed in one quotation
            if close >= 0:
                parts.append(text[shift:close].strip().rstrip(","))
                runs.append(QuoteRun(i, j, opener, close, tuple(parts)))
                i = j
                break
            if not shift:
                break  # a paragraph that does not reopen the quotation: the mark was a stray
            parts.append(text[shift:].strip())
        i += 1
    return runs


def run_speaker(
    run: QuoteRun, texts: list[str], last_speaker: str, gazetteer: Gazetteer | None, names: NameIndex,
    continues: bool = False,
) -> str:
    """Who speaks a :class:`QuoteRun`.

    The attribution after its close, else the one before its start (or on the line before, "X
    said:"), else, when the sentence before ended in a quotation with a speaker (``continues``), that
    speaker: a quotation that opens a paragraph and names nobody goes on in the voice before it.
    """
    speakers = Speakers(names, gazetteer, "\n".join(texts[max(0, run.first - CONTEXT) : run.last]))
    end_text = texts[run.last]
    speaker = _speaker_for(end_text, 0, run.close + 1, "", last_speaker, speakers)
    if not speaker:
        prev = texts[run.first - 1] if run.first else ""
        speakers.context = "\n".join(texts[max(0, run.first - CONTEXT) : run.first])
        speaker = _speaker_for(texts[run.first], run.opener, len(texts[run.first]), prev, last_speaker, speakers)
    if not speaker and continues and not texts[run.first][: run.opener].strip():
        speaker = last_speaker
    return speaker
