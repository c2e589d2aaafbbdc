"""The audit every report ends with: what it printed, checked against what it cites.

Each section records the claims it renders: a quotation, figure or excerpt with the sentence it
cites (the shown text, qualifiers included, must appear in that sentence; an excerpt's pieces
between ellipses must each appear in it, in order), a date (the cited sentence must write that
date; a year it leaves out may come from the article's date), a count of mentions (each mention's
words must be in its sentence, and the count must be theirs), or an item's status (it must be the
status of the item's consolidated record). :meth:`Audit.verify` raises
:class:`~briefing.errors.AuditError` listing every claim that does not hold; when all hold it
returns a short note carrying :data:`AUDIT_MARKER`, which the build requires in every executed
report, so the audit cannot be skipped by deleting the notebook's last cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import AuditError
from ..extraction.dates import extract_dates

if TYPE_CHECKING:  # pandas and the HTML blocks load only where an audit runs: the build's check needs neither
    import pandas as pd

    from . import present as P

AUDIT_MARKER = 'data-audit="passed"'
ELLIPSIS = "…"
QUOTED = re.compile(r"“([^”]+)”")
# Words that change what a number means; a figure shown without the one its sentence puts before it fails.
QUALIFIER = re.compile(r"(?:less than|more than|fewer than|over|under|nearly|almost|about|around|approximately|roughly|"
                       r"some|up to|at least|at most|surpassing|exceeding|an estimated|estimated|below|above)\s*$", re.I)


def _consecutive(sentence_ids: tuple[str, ...]) -> bool:
    """Whether ``sentence_ids`` ("<article>:<n>") are one article's sentences n, n+1, n+2 and so on."""
    parts = [sid.rpartition(":") for sid in sentence_ids]
    if len({p[0] for p in parts}) != 1 or not all(p[2].isdigit() for p in parts):
        return False
    numbers = [int(p[2]) for p in parts]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _in_order(pieces: list[str], sentence: str) -> bool:
    """Whether every piece appears in ``sentence``, each after the one before."""
    at = 0
    for piece in pieces:
        at = sentence.find(piece, at)
        if at < 0:
            return False
        at += len(piece)
    return True


def _norm(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Audit:
    """The claims one report rendered, to be checked at its end."""

    sentences: dict[str, str]  # sentence id -> text
    statuses: dict[str, str]  # item id -> consolidated status
    claims: list[tuple[str, str, tuple[str, ...], str]] = field(default_factory=list)  # (kind, text, sentence ids, where)

    @classmethod
    def for_corpus(cls, sentences: pd.DataFrame, records: pd.DataFrame) -> Audit:
        """An audit against the corpus's ``sentences`` and the item ``records`` (the scorecard)."""
        return cls(dict(zip(sentences.sentence_id, sentences.text)),
                   dict(zip(records["item"], records.status)) if len(records) else {})

    def text(self, text: str, sentence_ids: list[str] | tuple[str, ...] | str, where: str) -> None:
        """Record that ``text`` (a quotation, figure or sentence) is shown citing ``sentence_ids``.

        It must appear in one of them, or, when they are consecutive sentences of one article (a
        quotation that runs over several), in their run.
        """
        sids = (sentence_ids,) if isinstance(sentence_ids, str) else tuple(sentence_ids)
        self.claims.append(("text", text, sids, where))

    def quoted(self, text: str, sentence_ids: list[str], where: str) -> None:
        """Record every “quoted” passage of a generated ``text``: each must appear in one of ``sentence_ids``."""
        for q in QUOTED.findall(text):
            self.text(q, sentence_ids, where)

    def date(self, date: str, sentence_id: str, where: str, what: str = "") -> None:
        """Record that the ISO ``date`` (YYYY, YYYY-MM or YYYY-MM-DD) is shown citing ``sentence_id``.

        ``what`` is the text shown with it: the sentence's words around the date with the date left
        out (an ellipsis marks a cut); each part must be in the sentence once the date is taken out.
        """
        self.claims.append(("date", date, (sentence_id, what), where))

    def mentions(self, name: str, count: int, cited: list[tuple[str, str]], where: str) -> None:
        """Record that ``name`` is shown as mentioned ``count`` times, by the (sentence id, words) in ``cited``."""
        self.claims.append(("mentions", name, (count, tuple(cited)), where))

    def status(self, item: str, status: str, where: str) -> None:
        """Record that item ``item`` is shown with ``status``."""
        self.claims.append(("status", item, (status,), where))

    def problems(self) -> list[str]:
        """Every recorded claim that does not hold, as a sentence naming the section and the fix."""
        out = []
        for kind, text, refs, where in self.claims:
            if kind == "status":
                want = self.statuses.get(text)
                if want != refs[0]:
                    out.append(f"{where}: item {text!r} shown as {refs[0]!r} but its record says {want!r}")
                continue
            if kind == "date":
                problem = self._date_problem(text, *refs)
                if problem:
                    out.append(f"{where}: {problem}")
                continue
            if kind == "mentions":
                count, cited_words = refs
                missing = [f"{w!r} ({sid})" for sid, w in cited_words if _norm(w).lower() not in _norm(self.sentences.get(sid, "")).lower()]
                if missing:
                    out.append(f"{where}: {text!r}: {', '.join(missing[:3])} not in the sentence cited")
                if count != len(cited_words):
                    out.append(f"{where}: {text!r} shown with {count} mention(s) but {len(cited_words)} sentence(s) name it")
                continue
            cited = [_norm(c) for c in (self.sentences.get(s) for s in refs) if c is not None]
            if len(cited) == len(refs) > 1 and _consecutive(refs):
                # a quotation that runs over consecutive sentences, cited whole; a paragraph that goes on
                # with the same quotation opens with a quotation mark, which the quotation leaves out
                cited.append(" ".join([cited[0], *(c.lstrip("\"'") for c in cited[1:])]))
            # an excerpt ("… imports of $64 billion in 2024 …") holds verbatim pieces joined by ellipses
            pieces = [p.strip() for p in _norm(text).split(ELLIPSIS) if p.strip()]
            found = [c for c in cited if pieces and _in_order(pieces, c)]
            if not found:
                out.append(f"{where}: {text!r} does not appear in the sentence it cites ({', '.join(refs) or 'none'})")
            elif not text.lstrip().startswith(ELLIPSIS) and (pieces[0][:1].isdigit() or pieces[0][:1] in "$€£₹₽¥"):
                shown = pieces[0]
                dropped = {m.group(0).strip() for c in found if (m := QUALIFIER.search(c[: c.find(shown)]))}
                if dropped and len(dropped) == len(found):
                    out.append(f"{where}: {text!r} drops the qualifier {sorted(dropped)[0]!r} its sentence gives it")
        return out

    def _date_problem(self, date: str, sentence_id: str, what: str) -> str:
        """Why ``date`` (with ``what``) is not what the sentence says, or "" when it is.

        The sentence must write the date (a day and month without a year may take the year of the
        article's date), and the words shown with it must be the sentence's, the date left out.
        """
        sentence = self.sentences.get(sentence_id)
        if sentence is None:
            return f"date {date!r} cites {sentence_id}, which is not in the corpus"
        found = [m for m in extract_dates(sentence) if m.date == date or (m.date.startswith("--") and date[4:] == m.date[1:])]
        if not found:
            return f"date {date!r} is not written in the sentence it cites ({sentence_id})"
        pieces = [p for p in (x.strip(" ,.;:—–") for x in what.split("…")) if p]
        for m in found:
            rest = _norm(sentence[: m.start] + " " + sentence[m.end:])
            if all(_norm(p) in rest for p in pieces):
                return ""
        return f"date {date!r}: {what!r} is not what the sentence it cites ({sentence_id}) says around that date"

    def verify(self) -> P.Html:
        """Raise AuditError if any claim fails; else a note saying what was checked (with the build's marker)."""
        from . import present as P

        bad = self.problems()
        if bad:
            shown = "\n  ".join(bad[:20]) + (f"\n  and {len(bad) - 20} more" if len(bad) > 20 else "")
            raise AuditError(f"the report's audit failed: {len(bad)} claim(s) are not supported by what they cite:\n  "
                             f"{shown}\nFix the analysis or the section that renders them; the report is not published.")
        n = {k: sum(c[0] == k for c in self.claims) for k in ("text", "date", "mentions", "status")}
        return P.Html(f'<p class="note audit" {AUDIT_MARKER}>Audit: {n["text"]} quotations and figures and {n["date"]} dates '
                      f'checked against the sentences they cite, {n["mentions"]} mention counts against the sentences '
                      f'naming them, {n["status"]} statuses against the item records.</p>')


def audited(notebook) -> bool:
    """Whether an executed notebook shows the audit's pass marker (the build refuses reports without it)."""
    for cell in notebook.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if AUDIT_MARKER in out.get("data", {}).get("text/html", ""):
                return True
    return False
