"""Theme tagging: which themes a sentence is about, and the cue that says so.

A cue is *strong* by default: one occurrence tags the sentence. A cue written with a leading ``~``
is *weak*: a word that names the theme only in context ("the contract" in an article about a gas
deal, "imports" next to a tariff, "G7" next to a summit). A weak cue tags its theme when that theme
leads the article (see :func:`leading_themes`), or when the sentence has a second weak cue of that
theme and the article names the theme somewhere with a strong cue: "signed an agreement" in an
article about a fighter-jet purchase that never speaks of trade is not a trade sentence.
Which cues are weak is data, in themes.yaml, so that a new event needs no code change.

A sentence with no cue at all may still have a subject: news stays on what the article is about
and marks it in two ways. A sentence whose subject points back ("It", "They", "The deal", "This
move") continues what came before ("The first jets are due in 2019" in an article about a fighter
deal); and an article whose headline names one theme only is about that theme throughout. When one
theme clearly leads the article (see :func:`article_subject`), a prose sentence of some length with
no cue of any theme is tagged with it in those two cases, and its cue is reported as
:data:`SUBJECT_CUE`. A cue-less sentence that starts on something new ("A team led by ...",
"Growth in the farm sector ...") in an article whose headline names several themes takes none.
"""

from __future__ import annotations

import re
from collections import Counter

from ..config import Theme
from .lexicon import Lexicon, non_overlapping

# A theme leads an article when its strong cues tag at least this many of its sentences and at
# least this share of the sentences of the article's most frequent theme.
LEAD_MIN_SENTENCES = 2
LEAD_SHARE_OF_TOP = 0.6
# An article has one subject when its top theme tags at least SUBJECT_MIN_SENTENCES sentences by
# strong cues and at least SUBJECT_LEAD times as many as the next theme (a summit article that is
# half defence and half trade has none). Shorter sentences than SUBJECT_MIN_WORDS are asides
# ("It has learned patience.") and take no theme from the article.
SUBJECT_MIN_SENTENCES = 2
SUBJECT_LEAD = 1.5
SUBJECT_MIN_WORDS = 6
SUBJECT_CUE = "(article subject)"


class ThemeTagger:
    """Tags sentences with theme ids using the cues of ``themes.yaml`` (one scan per sentence)."""

    def __init__(self, themes: list[Theme]):
        self.order = [t.id for t in themes]
        self._cues = [(t.id, cue) for t in themes for cue in t.cues]
        self._lexicon = Lexicon(self.phrases())

    def phrases(self) -> list[tuple[str, tuple]]:
        """The cues as ``(phrase, ("theme", id, cue, weak))`` pairs, for a shared lexicon scan."""
        out = []
        for tid, cue in self._cues:
            weak = cue.startswith("~")
            out.append((cue[1:].strip() if weak else cue, ("theme", tid, cue.lstrip("~ ") if weak else cue, weak)))
        return out

    def tag(self, sentence: str, leading: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
        """``(theme id, cue)`` pairs for ``sentence``, one per theme, in themes.yaml order.

        The cue reported is the first strong one that matched, as written in themes.yaml (a weak
        cue when only weak cues matched). ``leading`` are the themes that lead the article.
        """
        return self.tag_from_hits(list(self._lexicon.finditer(sentence)), leading)

    def cue_hits(self, sentence: str) -> Counter[str]:
        """How many cues of each theme ``sentence`` matches, strong and weak alike."""
        return Counter(p[1] for *_x, p in self._lexicon.finditer(sentence))

    def strong_from_hits(self, hits: list[tuple[int, int, str, object]]) -> set[str]:
        """The themes a strong cue of the sentence names (what :func:`leading_themes` counts)."""
        return {p[1] for *_x, p in _theme_hits(hits) if not p[3]}

    def tag_from_hits(
        self,
        hits: list[tuple[int, int, str, object]],
        leading: frozenset[str] = frozenset(),
        named: frozenset[str] | None = None,
    ) -> list[tuple[str, str]]:
        """Like :meth:`tag`, from the hits of a shared lexicon scan.

        ``named`` are the themes a strong cue names anywhere in the article (None: not known, as
        for a sentence on its own); two weak cues tag only a theme among them.

        A cue inside a longer cue counts only as part of it: "war" in "trade war" is trade, not
        defence, and "partners" in "trading partners" is not diplomacy when the longer phrase is a cue.
        """
        strong: dict[str, str] = {}
        weak: dict[str, list[str]] = {}
        for _s, _e, _text, payload in _theme_hits(hits):
            if payload[3]:
                cues = weak.setdefault(payload[1], [])
                if payload[2] not in cues:
                    cues.append(payload[2])
            else:
                strong.setdefault(payload[1], payload[2])
        out = []
        for tid in self.order:
            if tid in strong:
                out.append((tid, strong[tid]))
            elif tid in weak and (tid in leading or (len(weak[tid]) >= 2 and (named is None or tid in named))):
                out.append((tid, weak[tid][0]))
        return out


def _theme_hits(hits: list[tuple[int, int, str, object]]) -> list[tuple[int, int, str, object]]:
    """The theme cues among a scan's hits, the longest kept where cues overlap."""
    return non_overlapping([h for h in hits if h[3][0] == "theme"])


def leading_themes(strong_per_sentence: list[set[str]]) -> frozenset[str]:
    """The themes an article is mostly about, from the strong cues of each of its sentences."""
    counts = Counter(t for themes in strong_per_sentence for t in themes)
    if not counts:
        return frozenset()
    top = max(counts.values())
    return frozenset(t for t, n in counts.items() if n >= LEAD_MIN_SENTENCES and n >= LEAD_SHARE_OF_TOP * top)


def article_subject(strong_per_sentence: list[set[str]]) -> str:
    """The one theme an article is about, from the strong cues of each sentence; "" when none leads."""
    top = Counter(t for themes in strong_per_sentence for t in themes).most_common(2)
    if not top or top[0][1] < SUBJECT_MIN_SENTENCES or (len(top) > 1 and top[0][1] < SUBJECT_LEAD * top[1][1]):
        return ""
    return top[0][0]


def headline_names_only(strong_per_sentence: list[set[str]], subject: str) -> bool:
    """Whether the article's first line (its headline, or its lead without one) names only ``subject``."""
    return bool(subject) and bool(strong_per_sentence) and strong_per_sentence[0] == {subject}


# A subject that points back to what came before: a pronoun or a definite noun phrase, possibly
# after an opening quotation mark or a linking word ("But the ministry ...", "However, it ...").
CONTINUES = re.compile(
    r"[\"“‘']?(?:(?:but|and|yet|still|however|meanwhile|instead|also|so),?\s+)?"
    r"(?:it|its|they|their|this|these|that|those|the|he|she|his|her|such|both|there)\b",
    re.I,
)


def subject_tags(sentence: str, subject: str, headline: bool = False) -> list[tuple[str, str]]:
    """The article's subject as the tags of a sentence that no cue tagged.

    Only a prose sentence of at least :data:`SUBJECT_MIN_WORDS` words takes it, and only when it
    continues what came before (its subject is a pronoun or a definite noun phrase) or when the
    ``headline`` names the subject alone (see :func:`headline_names_only`).
    """
    if not subject or len(sentence.split()) < SUBJECT_MIN_WORDS:
        return []
    if headline or CONTINUES.match(sentence.lstrip()):
        return [(subject, SUBJECT_CUE)]
    return []
