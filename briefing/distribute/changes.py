"""What changed since the last edition: a pure comparison of two editions' facts, and its text and HTML.

New and withdrawn articles, tracked items whose status changed, new figures and changed values, new
voices. Empty on the first edition and when nothing changed. Everything shown is escaped: the facts
come from article text.
"""

from __future__ import annotations

import html
from dataclasses import asdict, dataclass, field

MAX_LINES = 12  # per kind: "since the last edition" is a short section, the reports hold the rest


@dataclass(frozen=True)
class Changes:
    """The differences between a previous edition's facts and the current ones."""

    since: int | None = None  # the edition compared with; None: this is the first edition
    since_date: str = ""  # the as-of date of that edition (never the clock: same inputs, same pack)
    new_articles: list[str] = field(default_factory=list)
    withdrawn_articles: list[str] = field(default_factory=list)
    status_changes: list[tuple[str, str, str]] = field(default_factory=list)  # item, before, now
    new_items: list[tuple[str, str]] = field(default_factory=list)  # item, status
    dropped_items: list[str] = field(default_factory=list)
    new_figures: list[tuple[str, str]] = field(default_factory=list)  # label, value
    changed_figures: list[tuple[str, str, str]] = field(default_factory=list)  # label, before, now
    new_voices: list[tuple[str, str]] = field(default_factory=list)  # speaker, a quote
    outcomes_note: str = ""  # why outcomes could not be compared, if they could not

    @property
    def empty(self) -> bool:
        """True when there is nothing to report (first edition, or nothing changed)."""
        return not any((self.new_articles, self.withdrawn_articles, self.status_changes, self.new_items,
                        self.dropped_items, self.new_figures, self.changed_figures, self.new_voices))

    def to_dict(self) -> dict:
        """A JSON-ready copy, for the edition record."""
        return asdict(self)


def _title(a: dict) -> str:
    return f"{a['title']} ({a['outlet']})" if a.get("outlet") else a["title"]


def _figure_values(figures: list[dict]) -> dict[str, str]:
    by_label: dict[str, set[str]] = {}
    for f in figures:
        by_label.setdefault(f["label"], set()).add(f["value"])
    return {k: "; ".join(sorted(v)) for k, v in by_label.items()}


def compare(before: dict | None, now: dict, since: int | None = None, since_date: str = "") -> Changes:
    """The changes from facts ``before`` (None on the first edition) to ``now``; never modifies either."""
    if before is None:
        note = "" if now.get("outcomes") is not None else "Tracked outcomes are not available in this edition."
        return Changes(outcomes_note=note)
    old_a = {a["id"]: a for a in before.get("articles", [])}
    new_a = {a["id"]: a for a in now.get("articles", [])}
    old_titles = {a["title"] for a in old_a.values()}
    new_titles = {a["title"] for a in new_a.values()}
    # an edited article gets a new id: by title it is neither new nor withdrawn
    added = [_title(a) for i, a in new_a.items() if i not in old_a and a["title"] not in old_titles]
    withdrawn = [_title(a) for i, a in old_a.items() if i not in new_a and a["title"] not in new_titles]

    status_changes, new_items, dropped, note = [], [], [], ""
    if before.get("outcomes") is None or now.get("outcomes") is None:
        missing = "this edition" if now.get("outcomes") is None else f"edition {since}"
        note = f"Tracked outcomes are not available in {missing}, so status changes cannot be shown."
    else:
        old_o = {o["item"]: o["status"] for o in before["outcomes"]}
        new_o = {o["item"]: o["status"] for o in now["outcomes"]}
        status_changes = [(i, old_o[i], s) for i, s in new_o.items() if i in old_o and old_o[i] != s]
        new_items = [(i, s) for i, s in new_o.items() if i not in old_o]
        dropped = [i for i in old_o if i not in new_o]

    old_f = _figure_values([f for f in before.get("figures", []) if f.get("labelled", True)])
    new_f = _figure_values([f for f in now.get("figures", []) if f.get("labelled", True)])
    old_surfaces = {f["label"] for f in before.get("figures", [])}
    new_figures = [(k, v) for k, v in new_f.items() if k not in old_f]
    new_figures += [(f["label"], f["value"]) for f in now.get("figures", [])
                    if not f.get("labelled", True) and f["label"] not in old_surfaces]
    changed = [(k, old_f[k], v) for k, v in new_f.items() if k in old_f and old_f[k] != v]

    old_voices = {q["speaker"].casefold() for q in before.get("quotes", [])}
    voices: dict[str, str] = {}
    for q in now.get("quotes", []):
        if q["speaker"] and q["speaker"].casefold() not in old_voices:
            voices.setdefault(q["speaker"], q["quote"])
    return Changes(since, since_date, sorted(added), sorted(withdrawn), status_changes, new_items, dropped,
                   sorted(set(new_figures)), changed, sorted(voices.items()), note)


def _lines(changes: Changes) -> list[tuple[str, list[str]]]:
    """The section's headings and lines as plain text (escape before putting them in HTML)."""
    groups = [
        ("New articles", changes.new_articles),
        ("Withdrawn articles", changes.withdrawn_articles),
        ("Status changed", [f"{i}: {a or 'no status'} → {b or 'no status'}" for i, a, b in changes.status_changes]),
        ("Newly tracked", [f"{i}: {s}" if s else i for i, s in changes.new_items]),
        ("No longer tracked", changes.dropped_items),
        ("New figures", [f"{label}: {value}" for label, value in changes.new_figures]),
        ("Changed figures", [f"{label}: {a} → {b}" for label, a, b in changes.changed_figures]),
        ("New voices", [f"{s}: “{q}”" for s, q in changes.new_voices]),
    ]
    out = []
    for heading, items in groups:
        if items:
            shown = items[:MAX_LINES]
            if len(items) > MAX_LINES:
                shown.append(f"… and {len(items) - MAX_LINES} more (see the reports)")
            out.append((heading, shown))
    return out


def summary_line(changes: Changes) -> str:
    """One sentence: what this section compares and whether anything changed."""
    if changes.since is None:
        return "This is the first edition: nothing to compare with."
    when = f" (as of {changes.since_date})" if changes.since_date else ""
    if changes.empty:
        return f"Nothing new or changed since edition {changes.since}{when}."
    return f"Compared with edition {changes.since}{when}."


def to_text(changes: Changes) -> str:
    """The section as plain text (for the e-mail)."""
    parts = ["Since the last edition", summary_line(changes)]
    for heading, items in _lines(changes):
        parts.append(f"\n{heading}:")
        parts += [f"  - {item}" for item in items]
    if changes.outcomes_note:
        parts.append(f"\n{changes.outcomes_note}")
    return "\n".join(parts)


def to_html(changes: Changes, *, section: bool = True) -> str:
    """The section as escaped HTML: a ``<section>`` for the pack, or just its content for the e-mail."""
    esc = html.escape
    body = [f"<p>{esc(summary_line(changes))}</p>"]
    for heading, items in _lines(changes):
        body.append(f"<h3>{esc(heading)}</h3><ul>{''.join(f'<li>{esc(i)}</li>' for i in items)}</ul>")
    if changes.outcomes_note:
        body.append(f'<p class="note">{esc(changes.outcomes_note)}</p>')
    inner = "".join(body)
    if not section:
        return inner
    # an h2 in its own section: it flows on under the contents instead of taking a page of its own
    return f'<section class="since-last-edition"><h2 id="since-last-edition" style="bookmark-level: none">Since the last edition</h2>{inner}</section>'

