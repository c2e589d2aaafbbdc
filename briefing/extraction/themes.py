"""Theme tagging: which themes a sentence is about, and the cue that says so."""

from __future__ import annotations

from ..config import Theme
from .lexicon import Lexicon


class ThemeTagger:
    """Tags sentences with theme ids using the cues of ``themes.yaml`` (one scan per sentence)."""

    def __init__(self, themes: list[Theme]):
        self.order = [t.id for t in themes]
        self._cues = [(t.id, cue) for t in themes for cue in t.cues]
        self._lexicon = Lexicon(self.phrases())

    def phrases(self) -> list[tuple[str, tuple]]:
        """The cues as ``(phrase, ("theme", id, cue))`` pairs, for a shared lexicon scan."""
        return [(cue, ("theme", tid, cue)) for tid, cue in self._cues]

    def tag(self, sentence: str) -> list[tuple[str, str]]:
        """``(theme id, cue)`` pairs for ``sentence``, one per theme, in themes.yaml order.

        The cue reported is the first one that matched, as written in themes.yaml.
        """
        return self.tag_from_hits(list(self._lexicon.finditer(sentence)))

    def tag_from_hits(self, hits: list[tuple[int, int, str, object]]) -> list[tuple[str, str]]:
        """Like :meth:`tag`, from the hits of a shared lexicon scan."""
        found: dict[str, str] = {}
        for _s, _e, _text, payload in hits:
            if payload[0] == "theme":
                found.setdefault(payload[1], payload[2])
        return [(t, found[t]) for t in self.order if t in found]
