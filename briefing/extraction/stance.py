"""Stance: whether a sentence reports an outcome, an expectation, or context."""

from __future__ import annotations

import functools
import re

# An outcome verb governed by a future or modal ("will be signed", "expected to be ratified",
# "plan to sign") is an expectation.
GOVERNED = re.compile(
    r"\b(?:will|would|could|may|might|shall|to|expected to|likely to|set to|plan(?:s|ned)? to|aims? to)\s+(?:be\s+|have\s+been\s+)?$",
    re.I,
)


# The same markers as phrases for the shared lexicon scan (see briefing.extraction.lexicon); stance_from_hits
# gives the same answer as stance() from the hits of one scan of the sentence.
OUTCOME_PHRASES = (
    "signed agreed ratified adopted announced finalized finalised concluded unveiled inked approved launched "
    "identified completed affirmed reaffirmed offered designated"
).split() + ["did not result", "failed to agree", "failed to sign", "failed to reach", "were not signed", "was not signed",
   "no fresh", "no new"]
EXPECTATION_PHRASES = (
    "will would shall expected expect expects likely unlikely plan plans planned planning aim aims aiming intend "
    "intends seek seeks seeking hope hopes may might could upcoming proposal proposed poised anticipated slated "
    "scheduled eyeing agenda"
).split() + ["set to", "is to", "are to", "to be signed", "looking to", "keen to", "on the agenda"]


def stance_from_hits(sentence: str, hits: list[tuple[int, int, str, object]]) -> str:
    """Stance from lexicon hits whose payload is ``("stance", "outcome"|"expectation")``."""
    expectation = False
    for start, _end, _text, payload in hits:
        if not (isinstance(payload, tuple) and payload[0] == "stance"):
            continue
        if payload[1] == "outcome":
            if not GOVERNED.search(sentence[max(0, start - 40) : start]):
                return "outcome"
        else:
            expectation = True
    return "expectation" if expectation else "context"


def stance(sentence: str) -> str:
    """``outcome`` (signed, agreed, ratified, ...), ``expectation`` (will, expected, plans, ...) or ``context``."""
    return stance_from_hits(sentence, list(_lexicon().finditer(sentence)))


@functools.cache  # built once per process
def _lexicon():
    from .lexicon import Lexicon

    return Lexicon(stance_phrases())


def stance_phrases() -> list[tuple[str, tuple[str, str]]]:
    """The stance markers as ``(phrase, payload)`` pairs for a :class:`~briefing.extraction.lexicon.Lexicon`."""
    return [(p, ("stance", "outcome")) for p in OUTCOME_PHRASES] + [
        (p, ("stance", "expectation")) for p in EXPECTATION_PHRASES
    ]
