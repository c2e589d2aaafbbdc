"""HTML building blocks for report output: escaped text, citations, tables, lists.

Article text is data, never markup: every value that comes from an article or a configuration
file goes through :func:`esc`. Only this module and :mod:`briefing.reporting.charts` produce HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

import pandas as pd


class Html:
    """A fragment of trusted HTML that Jupyter displays as rich output (and nbconvert keeps)."""

    def __init__(self, markup: str):
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __str__(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        # The text/plain form Jupyter stores next to the HTML: readable and the same on every run.
        text = html.unescape(re.sub(r"<[^>]+>", " ", self.markup))
        return re.sub(r"\s+", " ", text).strip()[:2000]

    def __add__(self, other: Html) -> Html:
        return Html(self.markup + other.markup)


class Outputs:
    """Several outputs of one section, shown in order as separate outputs (a chart, then its table).

    A chart among them becomes its own ``image/svg+xml`` output, the same path as an analyst's
    figure, rather than markup inside the section's HTML.
    """

    def __init__(self, *parts: object):
        self.parts = [p for p in parts if p is not None]

    def _ipython_display_(self) -> None:
        from IPython.display import display

        for part in self.parts:
            display(part)

    def __repr__(self) -> str:
        return " ".join(repr(p) for p in self.parts)


def esc(value: object) -> str:
    """Escape any value for HTML text or attribute use."""
    return html.escape("" if value is None else str(value), quote=True)


class Citations:
    """Numbers sources the same way in every report and in the pack: [1], [2], ... by publication.

    An article's number is its place in the corpus ordered by publication date, then id (undated
    articles last), whichever report or section cites it: "[3]" is one article throughout a build,
    so the pack can list all sources once at its end; and a later edition whose new articles are
    newer keeps every earlier number. Each report lists only the sources it cites.
    """

    def __init__(self, articles: pd.DataFrame, prefix: str = ""):
        self.articles = articles.set_index("article_id", drop=False)
        published = self.articles.published if "published" in self.articles else pd.Series(dtype=str)
        order = sorted(self.articles.index, key=lambda a: (not published.get(a, ""), published.get(a, ""), a))
        self.order = {a: i + 1 for i, a in enumerate(order)}
        self.numbers: dict[str, int] = {}  # the sources cited so far, with their numbers
        # Anchors are prefixed with the report id so that reports combined in one document (the
        # briefing pack) keep their citations pointing at their own sources list.
        self.prefix = f"{prefix}-" if prefix else ""

    def anchor(self, n: int) -> str:
        """The id of source ``n`` in the sources list."""
        return f"{self.prefix}src-{n}"

    def number(self, article_id: str) -> int:
        """The citation number of ``article_id`` (recorded as cited)."""
        if article_id not in self.numbers:
            if article_id not in self.order:  # not in the corpus: after every article that is
                self.order[article_id] = len(self.order) + 1
            self.numbers[article_id] = self.order[article_id]
        return self.numbers[article_id]

    def cite(self, article_ids: Iterable[str], limit: int = 5) -> str:
        """Linked citation marks for ``article_ids``: ``[1] [3]`` pointing at the sources list.

        At most ``limit`` marks: sources already cited come first, then the corpus order; the rest
        are counted ("+12 more"), so a statement carried by a thousand articles stays readable.
        """
        ids = list(dict.fromkeys(a for a in article_ids if a))
        if len(ids) > limit:
            ids.sort(key=lambda a: (a not in self.numbers, self.order.get(a, len(self.order) + 1), a))
        shown, rest = ids[:limit], len(ids) - limit
        nums = sorted({self.number(a) for a in shown})
        marks = " ".join(f'<a class="cite" href="#{self.anchor(n)}">[{n}]</a>' for n in nums)
        return marks + (f' <span class="more">+{rest} more</span>' if rest > 0 else "")

    def label(self, article_id: str) -> str:
        """Short plain-text label for charts: ``[2] analysis``."""
        kind = self.articles.kind.get(article_id, "")
        return f"[{self.number(article_id)}] {kind}".strip()


ELLIPSIS = "…"


def excerpt(sentence: str, marks: Sequence[str], words: int = 6, longest: int = 30) -> tuple[str, Html]:
    """A short excerpt of ``sentence`` around ``marks`` (a figure, an item's name, a status cue), cited in tables.

    The excerpt runs from ``words`` words before the first mark found to ``words`` words after the
    last; marks more than ``longest`` words apart are shown as two excerpts joined by an ellipsis.
    Returns the plain text (verbatim slices of the sentence joined by "…", which the audit checks
    piece by piece) and its HTML with the marks in bold. With no mark found, the sentence's first
    ``2 * words`` words.
    """
    spans = []
    for m in dict.fromkeys(x for x in marks if x and x.strip()):
        at = sentence.lower().find(m.lower())
        if at >= 0:
            spans.append((at, at + len(m)))
    spans.sort()
    tokens = [(t.start(), t.end()) for t in re.finditer(r"[^\s—–]+", sentence)]
    if not tokens:
        return "", Html("")

    def word_at(pos: int) -> int:
        return next((i for i, (a, b) in enumerate(tokens) if pos < b), len(tokens) - 1)

    if not spans:
        pieces = [(0, min(len(tokens), 2 * words) - 1)]
    else:
        pieces, group = [], [spans[0]]
        for sp in spans[1:]:
            if word_at(sp[0]) - word_at(group[-1][1] - 1) > longest:
                pieces.append((word_at(group[0][0]), word_at(group[-1][1] - 1)))
                group = []
            group.append(sp)
        pieces.append((word_at(group[0][0]), word_at(group[-1][1] - 1)))
        pieces = [(max(0, a - words), min(len(tokens) - 1, b + words)) for a, b in pieces]
        merged = [pieces[0]]
        for a, b in pieces[1:]:  # windows that touch are one excerpt
            if a <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        pieces = merged
    plain, marked = [], []
    for a, b in pieces:
        start, end = tokens[a][0], tokens[b][1]
        text = sentence[start:end].rstrip(",;:—–-")
        end = start + len(text)
        html_parts, pos = [], start
        for s0, s1 in spans:
            if s0 >= pos and s1 <= end:
                html_parts.append(esc(sentence[pos:s0]) + f"<b>{esc(sentence[s0:s1])}</b>")
                pos = s1
        html_parts.append(esc(sentence[pos:end]))
        plain.append((a, b, text))
        marked.append((a, b, "".join(html_parts)))

    def joined(parts: list[tuple[int, int, str]]) -> str:
        out = ""
        for i, (a, _b, t) in enumerate(parts):
            out += (ELLIPSIS + " " if a > 0 else "") if i == 0 else " " + ELLIPSIS + " "
            out += t
        last = parts[-1][1]
        return out + (" " + ELLIPSIS if last < len(tokens) - 1 else "")

    return joined(plain), Html(joined(marked))


def note(text: str) -> Html:
    """A small explanatory note (method, counts left out)."""
    return Html(f'<p class="note">{esc(text)}</p>')


def empty(text: str) -> Html:
    """A plain statement that a section has nothing to show."""
    return Html(f'<p class="empty">{esc(text)}</p>')


def _cls(cls: str) -> str:
    return f' class="{esc(cls)}"' if cls else ""


def items(rows: Sequence[tuple[str, str]], ordered: bool = True, cls: str = "") -> Html:
    """A list whose items are (escaped text, trusted HTML suffix such as citations)."""
    tag = "ol" if ordered else "ul"
    lis = "".join(f"<li>{esc(text)} {suffix}</li>" for text, suffix in rows)
    return Html(f"<{tag}{_cls(cls)}>{lis}</{tag}>")


def table(
    df: pd.DataFrame,
    headers: dict[str, str],
    *,
    html_columns: Sequence[str] = (),
    limit: int = 12,
    caption: str = "",
    what: str = "rows",
    numeric: Sequence[str] = (),
    total: int | None = None,
    cls: str = "",
    not_in_pack: Sequence[str] = (),
    group: str = "",
) -> Html:
    """An HTML table of ``df``'s ``headers`` columns (renamed), at most ``limit`` rows.

    Cells are escaped except ``html_columns`` (trusted markup such as citations). When rows are
    left out, a line under the table says how many; ``total`` is the full count when ``df`` was
    already cut to the rows shown (so that only shown rows are cited). ``cls`` adds classes to the
    table (``complete``: the briefing pack never shortens it, see ``render.pack_bodies``).
    ``not_in_pack`` columns are the report's only: the briefing pack leaves them out and says where
    they are. ``group`` names a column (not shown) whose value, when it changes to a non-empty
    label, starts a new ``<tbody>`` headed by that label across the table.
    """
    total = len(df) if total is None else total
    shown = df.head(limit)

    def classes(c: str) -> str:
        return _cls(" ".join(x for x in ("num" if c in numeric else "", "not-in-pack" if c in not_in_pack else "") if x))

    head = "".join(f'<th scope="col"{classes(c)}>{esc(h)}</th>' for c, h in headers.items())
    groups: list[tuple[str, list[str]]] = [("", [])]
    for _, row in shown.iterrows():
        label = str(row[group]) if group else ""
        if label and label != groups[-1][0]:
            groups.append((label, []))
        cells = []
        for c in headers:
            value = row[c]
            text = str(value) if c in html_columns else esc(value)
            cells.append(f"<td{classes(c)}>{text}</td>")
        groups[-1][1].append("<tr>" + "".join(cells) + "</tr>")
    body = "".join(
        "<tbody>" + (f'<tr class="group"><th scope="rowgroup" colspan="{len(headers)}">{esc(label)}</th></tr>' if label else "")
        + "".join(rows) + "</tbody>" for label, rows in groups if rows)
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    out = f'<table class="{esc(" ".join(["data", *cls.split()]))}" data-total="{total}">{cap}<thead><tr>{head}</tr></thead>{body or "<tbody></tbody>"}</table>'
    if total > len(shown):
        out += (f'<p class="note rows-left-out">Showing the first {len(shown)} of {total} {esc(what)}; '
                f'{total - len(shown)} more are in the data export.</p>')
    return Html(out)


def title_block(title: str, subtitle: str, facts: Sequence[tuple[str, str]], anchor: str = "") -> Html:
    """The report's title, a one-line description and a row of key facts (label, value)."""
    dl = "".join(f"<div><dt>{esc(k)}</dt><dd>{esc(v)}</dd></div>" for k, v in facts)
    ident = f' id="{esc(anchor)}"' if anchor else ""
    return Html(
        f'<header class="report-title"><h1{ident}>{esc(title)}</h1><p class="subtitle">{esc(subtitle)}</p>'
        f'<dl class="facts">{dl}</dl></header>'
    )


def join(parts: Iterable[Html]) -> Html:
    """Concatenate fragments into one output."""
    return Html("".join(p.markup for p in parts))
