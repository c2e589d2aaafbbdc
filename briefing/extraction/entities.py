"""Actors: gazetteer matches (people, organisations, places, systems, agreements) and candidates."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..config import Entity
from .lexicon import Lexicon, non_overlapping

CAPITALISED_RUN = re.compile(
    r"(?=[A-Z])(?<![\w’'])(?:[A-Z][\w’'\-–.]*[\w]|[A-Z])(?:\s+(?:(?:of|the|for|de|al|bin|von|van|da)\s+)?(?:[A-Z][\w’'\-–.]*[\w]|[A-Z]\.?))*"
)
# Capitalised words that are not names when they stand alone.
COMMON_CAPITALISED = frozenset(
    """The A An In On At By For From To Of And But Or As If When While Although Though Despite Since After
    Before During With Without Within Yet So Also However Meanwhile Instead Therefore Furthermore Moreover
    Ultimately Conversely Firstly Secondly Thirdly Finally Presently Beyond Above Both Each Every All Any
    This That These Those It Its He She They We I You Our Their His Her What Why How Who Where Which There
    Here Not No Yes One Two Three Four Five Six Seven Eight Nine Ten Many Several Some Such Other Another
    Even Still Just Only Now Then Today Unlike Like Along Among Against Under Over Through Across Into
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December Mr Mrs Ms Dr Prof President Prime Minister PM Get""".split()
)


TRAILING_STOP = COMMON_CAPITALISED | {"of", "the", "and", "for"}
SENTENCE_OPENERS = frozenset("“\":—.‘")
DEMONYM = re.compile(r"(?:[aeiou]n|ese|ern|ish|ic|i)$")


@dataclass(frozen=True)
class Mention:
    """A named actor in a sentence."""

    entity: str
    type: str
    surface: str
    start: int
    end: int


class Gazetteer:
    """Matches the aliases of ``entities.yaml`` in one pass and lists unknown capitalised names."""

    def __init__(self, entities: list[Entity]):
        self.entities = {e.name: e for e in entities}
        self._lexicon = Lexicon(self.phrases())

    def phrases(self) -> list[tuple[str, tuple]]:
        """Every name and alias as ``(phrase, ("entity", name))``, for a shared lexicon scan."""
        return [(alias, ("entity", e.name)) for e in self.entities.values() for alias in (e.name, *e.aliases)]

    def canonical(self, text: str) -> str | None:
        """The gazetteer name for ``text`` if the whole of it is a known alias."""
        for start, end, _surface, payload in self._lexicon.finditer(text.strip()):
            if start == 0 and end == len(text.strip()):
                return payload[1]
        return None

    def find(self, sentence: str) -> list[Mention]:
        """Known actors in ``sentence``, longest alias first where two overlap."""
        return self.find_from_hits(list(self._lexicon.finditer(sentence)))

    def find_from_hits(self, hits: list[tuple[int, int, str, object]]) -> list[Mention]:
        """Like :meth:`find`, from the hits of a shared lexicon scan."""
        own = [h for h in hits if h[3][0] == "entity"]
        return [
            Mention(p[1], self.entities[p[1]].type, surface, s, e) for s, e, surface, p in non_overlapping(own)
        ]

    def candidates(self, sentence: str, known: list[Mention]) -> list[Mention]:
        """Capitalised names not in the gazetteer, for an analyst to review and add."""
        taken = [(m.start, m.end) for m in known]
        out = []
        for m in CAPITALISED_RUN.finditer(sentence):
            start, raw_end = m.span()
            if taken and any(s <= start and raw_end <= e for s, e in taken):
                continue  # the whole run is a known name
            text = m.group(0).rstrip(".’'").removesuffix("’s").removesuffix("'s")
            words = text.split()
            while words and words[0] in COMMON_CAPITALISED:
                start += len(words[0]) + 1
                words = words[1:]
            while words and words[-1] in TRAILING_STOP:
                words = words[:-1]
            if not words:
                continue
            text = " ".join(words)
            end = start + len(text)
            if taken and any(s < end and start < e for s, e in taken):
                continue
            if len(words) == 1:
                j = start - 1
                while j >= 0 and sentence[j].isspace():
                    j -= 1
                if j < 0 or sentence[j] in SENTENCE_OPENERS:
                    continue  # a lone capitalised word opening a sentence is usually not a name
            if len(words) == 1 and (DEMONYM.search(text) or "-" in text):
                continue  # "Russian", "Western", "Russian-origin": adjectives, not actors
            if len(text) < 2 or text.isdigit():
                continue
            out.append(Mention(text, "candidate", text, start, end))
        return out
