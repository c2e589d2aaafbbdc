"""Theme tagging: which themes a sentence is about, and the cue that says so."""

from __future__ import annotations

from .config import Theme
from .lexicon import Lexicon


class ThemeTagger:
    """Tags sentences with theme ids using the cues of ``themes.yaml`` (one scan per sentence)."""

    def __init__(self, themes: list[Theme]):
        self.order = [t.id for t in themes]
        self._lexicon = Lexicon([(cue, (t.id, cue)) for t in themes for cue in t.cues])

    def tag(self, sentence: str) -> list[tuple[str, str]]:
        """``(theme id, cue)`` pairs for ``sentence``, one per theme, in themes.yaml order.

        The cue reported is the first one that matched, as written in themes.yaml.
        """
        found: dict[str, str] = {}
        for _s, _e, _text, (theme, cue) in self._lexicon.finditer(sentence):
            found.setdefault(theme, cue)
        return [(t, found[t]) for t in self.order if t in found]
