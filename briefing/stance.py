"""Stance: whether a sentence reports an outcome, an expectation, or context."""

from __future__ import annotations

import re

OUTCOME = re.compile(
    r"\b(?:signed|agreed|ratified|adopted|announced|finali[sz]ed|concluded|unveiled|inked|approved|launched|"
    r"identified|completed|affirmed|reaffirmed|offered|designated|"
    r"did not result|failed to|were not signed|was not signed|no (?:fresh|new) [\w\s,-]*deals?)\b",
    re.I,
)
EXPECTATION = re.compile(
    r"\b(?:will|would|shall|expected|expects?|likely|unlikely|set to|plans?|planned|planning|aims?|aiming|"
    r"intends?|seeks?|seeking|hopes?|may|might|could|is to|are to|upcoming|proposal|proposed|to be signed|"
    r"poised|anticipated|slated|scheduled|eyeing|looking to|keen to|on the agenda|agenda)\b",
    re.I,
)
# An outcome verb governed by a future or modal ("will be signed", "expected to be ratified",
# "plan to sign") is an expectation.
GOVERNED = re.compile(
    r"\b(?:will|would|could|may|might|shall|to|expected to|likely to|set to|plan(?:s|ned)? to|aims? to)\s+(?:be\s+|have\s+been\s+)?$",
    re.I,
)


def stance(sentence: str) -> str:
    """``outcome`` (signed, agreed, ratified, ...), ``expectation`` (will, expected, plans, ...) or ``context``."""
    for m in OUTCOME.finditer(sentence):
        if not GOVERNED.search(sentence[max(0, m.start() - 40) : m.start()]):
            return "outcome"
    if EXPECTATION.search(sentence):
        return "expectation"
    return "context"
