"""The event a corpus is about: before, at and after it, and the briefing's default as-of date.

Everything here follows from ``data/event.yaml`` (:class:`~briefing.config.Event`) and the
articles' own details; nothing assumes who met, where or when.
"""

from __future__ import annotations

import re

import pandas as pd

from ..config import Event

BEFORE, AT, AFTER = "before", "at", "after"
KIND_TIMING = {"preview": BEFORE, "report": AT, "analysis": AFTER}

# Cues in a sentence that place what it reports before the event, whatever the article's date.
BEFORE_CUES = re.compile(
    r"\b(?:ahead of|in the run-up to|days before|weeks before|just before|shortly before|prior to|before (?:the|his|her|"
    r"their|this|President|Prime)\b[^.;]{0,40}?\b(?:arrival|visit|summit|meeting|talks|met|meet)|earlier this (?:year|month)"
    r"|last (?:month|week)|already (?:been )?(?:ratified|signed|agreed|finali[sz]ed|concluded)|have (?:already )?(?:finali[sz]ed|agreed|signed|concluded)|has (?:already )?(?:been )?(?:finali[sz]ed|agreed|signed|"
    r"concluded|ratified))\b",
    re.I,
)
# Cues that place it at the event.
AT_CUES = re.compile(
    r"\b(?:during|at|on the sidelines of|in the course of) (?:the|this|his) (?:summit|visit|talks|meeting|forum)\b"
    r"|\breached at\b|\bat the summit\b",
    re.I,
)


def article_timing(published: str, kind: str, event: Event | None) -> str:
    """When an article was written relative to the event: from its date if known, else from its kind."""
    if published and event:
        if published < event.start:
            return BEFORE
        return AT if published <= event.end else AFTER
    return KIND_TIMING.get(kind, "")


def sentence_timing(text: str, article: str) -> tuple[str, bool]:
    """When what ``text`` reports happened: (timing, whether the sentence itself says so).

    The sentence's own cues ("ahead of", "days before", "already", "during the summit") win;
    otherwise a report or analysis written at or after the event is taken to report it, and a
    preview speaks before it (``article`` is :func:`article_timing` of its article).
    """
    if BEFORE_CUES.search(text):
        return BEFORE, True
    if AT_CUES.search(text):
        return AT, True
    return (AT if article in (AT, AFTER) else article), False


def default_as_of(articles: pd.DataFrame, event: Event | None, dates: pd.DataFrame | None = None) -> str:
    """The briefing's default as-of date: the latest date the sources support.

    That is the latest publication date, where an undated report or analysis counts as written on
    the event's last day (it reports on the event, so the date is never before the last article
    that reports an outcome). Without any publication date or event: the latest full date the
    articles mention, targets ("by 2030") left out. "" when nothing supports a date.
    """
    candidates = [d for d in articles.published if d]
    if event is not None:
        candidates += [event.end for p, k in zip(articles.published, articles.kind) if not p and k in ("report", "analysis")]
    if not candidates and dates is not None:
        full = dates[(dates.date.str.len() == 10) & ~dates.date.str.startswith("-")]
        past = full[~full.surface.str.contains(r"\b(?:by|until|till|through)\b", case=False, regex=True)]
        candidates = list(past.date)
    return max(candidates) if candidates else ""
