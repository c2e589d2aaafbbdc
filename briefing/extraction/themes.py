"""Theme tagging: which themes a sentence is about, and the cue that says so.

A cue is *strong* by default: one occurrence tags the sentence. A cue written with a leading ``~``
is *weak*: a word that names the theme only in context ("the contract" in an article about a gas
deal, "imports" next to a tariff, "G7" next to a summit). A weak cue tags its theme when the sentence
has a second cue of that theme, or when that theme leads the article (see :func:`leading_themes`).
Which cues are weak is data, in themes.yaml, so that a new event needs no code change.
"""

from __future__ import annotations

from collections import Counter

from ..config import Theme
from .lexicon import Lexicon

# A theme leads an article when its strong cues tag at least this many of its sentences and at
# least this share of the sentences of the article's most frequent theme.
LEAD_MIN_SENTENCES = 2
LEAD_SHARE_OF_TOP = 0.6


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
        return {p[1] for *_x, p in hits if p[0] == "theme" and not p[3]}

    def tag_from_hits(
        self, hits: list[tuple[int, int, str, object]], leading: frozenset[str] = frozenset()
    ) -> list[tuple[str, str]]:
        """Like :meth:`tag`, from the hits of a shared lexicon scan."""
        strong: dict[str, str] = {}
        weak: dict[str, list[str]] = {}
        for _s, _e, _text, payload in hits:
            if payload[0] != "theme":
                continue
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
            elif tid in weak and (len(weak[tid]) >= 2 or tid in leading):
                out.append((tid, weak[tid][0]))
        return out


def leading_themes(strong_per_sentence: list[set[str]]) -> frozenset[str]:
    """The themes an article is mostly about, from the strong cues of each of its sentences."""
    counts = Counter(t for themes in strong_per_sentence for t in themes)
    if not counts:
        return frozenset()
    top = max(counts.values())
    return frozenset(t for t, n in counts.items() if n >= LEAD_MIN_SENTENCES and n >= LEAD_SHARE_OF_TOP * top)
