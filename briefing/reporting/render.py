"""Rendering executed notebooks: HTML through the nbconvert template, PDF through WeasyPrint.

Presentation is decided by the ``briefing`` nbconvert template and cell tags (``remove-cell`` for
analyst notes); code never reaches a report, its outputs do (tables, text, charts as ``<figure>``
with alt text). PDF is WeasyPrint on lean print HTML with CSS paged media, written as tagged
PDF/UA-1; it fetches nothing but ``data:`` URIs, so a report can never reach the network. The
briefing pack is the Jinja template ``templates/pack/pack.html.j2`` around the reports' bodies.
"""

from __future__ import annotations

import functools
import html
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BuildError
from ..status import Status

TEMPLATES = Path(__file__).parent / "templates"
ASSETS = Path(__file__).parent / "assets"
PANGO_HINT = (
    "WeasyPrint cannot load the Pango text library ({error}). Install it: on Debian/Ubuntu "
    "`sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core`."
)
log = logging.getLogger("briefing")


@dataclass
class ReportMeta:
    """What the template needs to know about a report besides the notebook."""

    id: str
    title: str
    pack_title: str
    handling: str
    build: str
    as_of: str
    as_of_text: str
    author: str = ""
    description: str = ""
    keywords: str = ""
    toc: list[tuple[str, str]] = field(default_factory=list)


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_css(pack_title: str, handling: str) -> str:
    """The running header and footer texts of printed pages (CSS strings cannot come from attributes)."""
    return (f"@page {{ @top-right {{ content: {_css_string(pack_title)}; }} "
            f"@bottom-left {{ content: {_css_string(handling)}; }} }}")


def css(variant: str) -> str:
    """The stylesheet of a variant: shared base plus the screen or print layer."""
    layer = "screen.css" if variant == "screen" else "print.css"
    return (ASSETS / "base.css").read_text(encoding="utf-8") + "\n" + (ASSETS / layer).read_text(encoding="utf-8")


def slug(text: str) -> str:
    """An id for a heading: lower-case words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


_ARTIST_REPR = re.compile(r"^\s*\[?\s*(<matplotlib\.|<(Axes|Figure)\b|Text\()")


def _artist_repr(output) -> bool:
    """Whether an output is only the text form of a matplotlib object (``<Axes: ...>`` after ``df.plot()``).

    Such text is noise to a reader: the chart itself is its own output.
    """
    data = output.get("data", {})
    return set(data) == {"text/plain"} and bool(_ARTIST_REPR.match(str(data["text/plain"])))


def _chart_figure(output, mimetype: str) -> str:
    """An image output of a notebook cell as the report's ``<figure>``, alt text from its metadata."""
    from .charts import figure_html

    data = output.data[mimetype]
    info = output.get("metadata", {}).get(mimetype, {})
    return figure_html(data if isinstance(data, str) else "".join(data), mimetype, info.get("alt", ""),
                       info.get("caption", ""))


@functools.cache  # one configured HTMLExporter per process: building it costs a third of a second
def _exporter():
    """The HTMLExporter with the briefing template, its preprocessors and filters."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor
    from traitlets.config import Config

    class HeadingPreprocessor(Preprocessor):
        """Give each '## Heading' of a markdown cell an id prefixed with the report id.

        The headings are collected as the report's contents.
        """

        def preprocess(self, nb, resources):
            report = resources["report"]
            toc = []
            for cell in nb.cells:
                if cell.cell_type != "markdown":
                    continue

                def repl(m, toc=toc):
                    text = m.group(1).strip()
                    anchor = f"{report['id']}-{slug(text)}"
                    toc.append((anchor, text))
                    return f'<h2 id="{html.escape(anchor)}">{html.escape(text)}</h2>\n'

                cell.source = re.sub(r"^##\s+(.+?)\s*#*\s*$", repl, cell.source, flags=re.M)
            report["toc"] = toc
            return nb, resources

    c = Config()
    c.TagRemovePreprocessor.remove_cell_tags = {"remove-cell"}
    c.TagRemovePreprocessor.enabled = True
    exporter = HTMLExporter(config=c, template_name="briefing", extra_template_basedirs=[str(TEMPLATES)])
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.register_preprocessor(TagRemovePreprocessor(config=c), enabled=True)
    exporter.register_preprocessor(HeadingPreprocessor(), enabled=True)
    exporter.register_filter("chart_figure", _chart_figure)
    exporter.register_filter("artist_repr", _artist_repr)
    return exporter


def warm_up() -> None:
    """Build the exporter and compile its templates by exporting an empty notebook in every variant.

    A worker calls this while its first kernel runs: compiling the Jinja templates costs about a
    second on the first export of a process, which is otherwise spent after the notebook has run.
    The exporter keeps no state from one export to the next, so the reports' bytes do not change.
    """
    import nbformat

    meta = ReportMeta(id="warm-up", title="", pack_title="", handling="", build="", as_of="", as_of_text="")
    for variant in ("screen", "print", "fragment"):
        export_html(nbformat.v4.new_notebook(), meta, variant)


NOT_IN_PACK = "not-in-pack"  # the cell tag of sections the briefing pack leaves out (its reports keep them)
_HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$", re.M)


def pack_cells(nb) -> tuple[list, list[str]]:
    """The cells of ``nb`` the briefing pack prints, and the headings of the sections it leaves out.

    A markdown cell tagged ``not-in-pack`` that opens a section (a ``## `` heading) leaves out the
    whole section, up to the next ``## `` heading; any other tagged cell leaves out itself only.
    """
    kept, left_out, skipping = [], [], False
    for cell in nb.cells:
        heading = _HEADING.search(cell.source) if cell.cell_type == "markdown" else None
        tagged = NOT_IN_PACK in cell.get("metadata", {}).get("tags", [])
        if heading:
            skipping = tagged
            if tagged:
                left_out.append(heading.group(1).strip())
        if not (skipping or tagged):
            kept.append(cell)
    return kept, left_out


def export_html(nb, meta: ReportMeta, variant: str) -> str:
    """The executed notebook ``nb`` as HTML.

    ``screen`` is a self-contained page with contents, ``print`` a lean page for WeasyPrint and
    ``fragment`` the report body alone, for the pack: without the sections tagged ``not-in-pack``
    (:func:`pack_cells`), with a line naming them under the report.
    """
    import copy

    nb = copy.deepcopy(nb)
    left_out: list[str] = []
    if variant == "fragment":
        nb.cells, left_out = pack_cells(nb)
    resources = {"report": {
        "id": meta.id, "title": meta.title, "pack_title": meta.pack_title, "handling": meta.handling,
        "build": meta.build, "as_of_text": meta.as_of_text, "variant": variant, "css": css(variant),
        "page_css": page_css(meta.pack_title, meta.handling) if variant == "print" else "",
        "meta": {"author": meta.author, "description": meta.description, "keywords": meta.keywords,
                 "created": meta.as_of},
        "left_out": left_out,
    }}
    body, resources = _exporter().from_notebook_node(nb, resources=resources)
    if variant != "fragment":  # the contents are the report's, not the pack's shorter body
        meta.toc = resources["report"].get("toc", [])
    return body


class _WarningCollector(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def render_pdf(markup: str, target: Path) -> list[str]:
    """Render print HTML to a PDF file with WeasyPrint; return the warnings WeasyPrint logged.

    Only ``data:`` URIs may be fetched: a report cannot pull anything from the network or disk.
    """
    try:
        from weasyprint import HTML, URLFetcher
    except OSError as exc:  # Pango or its dependencies missing
        raise BuildError(PANGO_HINT.format(error=exc)) from None
    collector = _WarningCollector()
    wlog = logging.getLogger("weasyprint")
    wlog.addHandler(collector)
    try:
        fetcher = URLFetcher(allowed_protocols={"data"})
        # PDF/UA-1: tagged (structure for screen readers), with the document's title and language.
        HTML(string=markup, url_fetcher=fetcher, base_url=None).write_pdf(
            target, pdf_identifier=False, pdf_variant="pdf/ua-1")
    finally:
        wlog.removeHandler(collector)
    return collector.messages


@dataclass
class PackEntry:
    """One report of the pack: its body (None if it never built), status and contents."""

    id: str
    title: str
    status: Status  # built or skipped: current; failed, stale or missing: the pack flags it as not updated
    fragment: str | None
    toc: list[tuple[str, str]]
    error: str = ""


_SOURCE_ID = re.compile(r"src-(\d+)$")


def _full_report(soup, report_id: str, reports_url: str, section=None):
    """Where the rest is: the report's published HTML (at the heading over ``section``), or its file name as text.

    The pack travels alone (e-mailed, saved anywhere), so a link relative to its folder would be
    dead: with ``reports_url`` (where the reports are published) it is a link to the section there,
    without it the file's name, which a reader finds next to the pack wherever it was published.
    """
    name = f"{report_id}.html"
    if not reports_url:
        return name
    heading = section.find_previous("h2") if section is not None else None
    anchor = f"#{heading['id']}" if heading is not None and heading.get("id") else ""
    link = soup.new_tag("a", href=f"{reports_url.rstrip('/')}/{name}{anchor}")
    link.string = name
    return link


def _rows(el) -> list:
    """The rows of a table (group headings aside) or the items of a list."""
    if el.name == "table":
        return [tr for tr in el.select("tbody > tr") if "group" not in tr.get("class", [])]
    return el.find_all("li", recursive=False)


def _shorten(soup, report_id: str, rows: int, reports_url: str = "") -> None:
    """Cut the report's tables and lists to ``rows`` rows, each with a line saying where the rest are.

    Tables of class ``complete`` (the scorecard) stay whole; so do the key judgements.
    """
    for el in soup.select("table.data, div.section-output > ol, div.section-output > ul, "
                          "div.section-output > div.callout > ul"):
        if "complete" in el.get("class", []) or "sources" in el.get("class", []):
            continue
        lines = _rows(el)
        total = int(el.get("data-total") or len(lines))
        if total <= rows or len(lines) <= rows:
            continue
        for line in lines[rows:]:
            line.decompose()
        after = el.find_next_sibling()
        if after is not None and "rows-left-out" in after.get("class", []):
            after.decompose()
        note = soup.new_tag("p", attrs={"class": "note more"})
        note.string = f"+{total - rows} more in the full report: "
        note.append(_full_report(soup, report_id, reports_url, el))
        el.insert_after(note)


def _leave_out_columns(soup, report_id: str, reports_url: str = "") -> None:
    """Take out what the report marks ``not-in-pack`` (a table column such as the scorecard's evidence).

    Under a table that lost columns a line names them and where they are.
    """
    for table in soup.select("table.data"):
        gone = [th.get_text(" ", strip=True) for th in table.select("thead th.not-in-pack")]
        if not gone:
            continue
        for cell in table.select("th.not-in-pack, td.not-in-pack"):
            cell.decompose()
        width = len(table.select("thead th"))
        for th in table.select("tr.group > th[colspan]"):
            th["colspan"] = str(width)
        note = soup.new_tag("p", attrs={"class": "note in-full-report"})
        names = " and ".join(g[:1].lower() + g[1:] for g in gone)
        note.string = f"The {names} column{'s are' if len(gone) > 1 else ' is'} in the full report: "
        note.append(_full_report(soup, report_id, reports_url, table))
        table.insert_after(note)
    for el in soup.select(".not-in-pack"):
        el.decompose()
    for el in soup.select("span.report-file"):  # "Also in the full report (energy.html): ..."
        el.replace_with(_full_report(soup, report_id, reports_url))


_CITATIONS = re.compile(r"(\s*\[\d+\])+")
_SENTENCE_END = re.compile(r"(?<=[.!?”])\s+(?=[A-Z“‘\"'])")
PRINTED_AT_MOST = 2  # how often the pack prints one sentence


def _sentences(text: str) -> list[str]:
    """The sentences of a cell or list item worth counting: citation marks removed, six words or more."""
    out = []
    for part in _SENTENCE_END.split(" ".join(text.split())):
        part = _CITATIONS.sub("", part).strip(" “”\"")
        if len(part.split()) >= 6:
            out.append(part)
    return out


def _drop_reprints(soup, printed: Counter) -> None:
    """Leave out table rows and list items whose every sentence the pack has printed twice already.

    The scorecard (``complete``) and the key judgements stay whole; each shortened table or list
    says how many of its rows were printed earlier.
    """
    for el in soup.select("table.data, div.section-output > ol, div.section-output > ul"):
        if "complete" in el.get("class", []) or "sources" in el.get("class", []):
            continue
        lines = _rows(el)
        dropped = 0
        for line in lines:
            cells = line.find_all("td") if line.name == "tr" else [line]
            said = [x for c in cells for x in _sentences(c.get_text(" "))]
            if said and all(printed[x] >= PRINTED_AT_MOST for x in said):
                line.decompose()
                dropped += 1
        if dropped == len(lines):  # the whole section: its heading is named under the report
            el.insert_after(soup.new_tag("p", attrs={"class": "reprinted"}))
            el.decompose()
        elif dropped:
            note = soup.new_tag("p", attrs={"class": "note reprints"})
            note.string = f"+{dropped} already printed twice above"  # under six words: itself no reprint
            el.insert_after(note)
    for el in soup.find_all(["p", "li", "td", "th", "dd", "figcaption", "h1", "h2", "h3", "blockquote"]):
        if not el.find(["p", "li", "td", "th", "dd", "figcaption", "h1", "h2", "h3", "blockquote", "table", "ol", "ul"]):
            printed.update(_sentences(el.get_text(" ")))


def _drop_empty_sections(soup) -> tuple[list[str], list[str]]:
    """Take out sections that only say they have nothing to show, or whose every row the pack printed twice.

    Returns the headings of each kind (empty, printed above).
    """
    empty, printed = [], []
    for out in soup.select("div.section-output"):
        empties = out.select("p.empty")
        notes = " ".join(" ".join(e.get_text(" ") for e in out.select("p.note")).split())
        text = " ".join(out.get_text(" ").split())
        if empties and text == " ".join(" ".join(e.get_text(" ") for e in empties).split()):
            gone = empty
        elif out.select("p.reprinted") and text == notes:
            gone = printed
        else:
            continue
        prose = out.find_previous_sibling()
        if prose is not None and "prose" in prose.get("class", []) and prose.find("h2") is not None \
                and not prose.find(["table", "ol", "ul", "figure"]):
            gone.append(prose.h2.get_text(" ", strip=True))
            prose.decompose()
        out.decompose()
    return empty, printed


def pack_bodies(fragments: list[str], report_ids: list[str] | None = None,
                rows: int | None = None, reports_url: str = "") -> tuple[list[str], list[str]]:
    """The reports' bodies as the pack prints them, and one list of every source they cite.

    A pack is read front to back, so what every report repeats is said once: a method note, a
    chart's source line or a section's introduction already printed earlier in the pack is left
    out of later reports (each report's own PDF keeps all of them). With ``rows``, every table and
    list but the scorecard shows at most that many rows, and says how many more the report's own
    HTML (``<report id>.html``, published next to the pack) has: a link to it under ``reports_url``
    when the reports are published there, else its name (:func:`_full_report`). Columns a report
    marks ``not-in-pack`` (the scorecard's evidence) are left out, with a line saying where they
    are. A row or list item whose sentences
    the pack has printed twice already is left out (a note counts them), and a section that only
    says it has nothing to show is reduced to its heading's name in one line under the report.

    Numbers are the same in every report (see :class:`~briefing.reporting.present.Citations`):
    citations keep their number and point at the pack's list (``#pack-src-N``); each report's
    ``ol.sources`` goes, with its heading when the heading introduces nothing else. When two reports
    give one number to different sources (a report kept from an older build), a warning says so.
    """
    from bs4 import BeautifulSoup

    listed: dict[int, str] = {}
    texts: dict[int, str] = {}
    said: set[str] = set()
    printed: Counter[str] = Counter()
    bodies = []
    for i, fragment in enumerate(fragments):
        soup = BeautifulSoup(fragment, "html.parser")
        for el in soup.select("p.note, figcaption, div.prose > p"):
            text = " ".join(el.get_text(" ").split())
            if text in said:
                el.decompose()
            said.add(text)
        if report_ids:
            _leave_out_columns(soup, report_ids[i], reports_url)
        if rows and report_ids:
            _shorten(soup, report_ids[i], rows, reports_url)
        _drop_reprints(soup, printed)
        empty, printed_above = _drop_empty_sections(soup)
        main = soup.find("main")
        if (empty or printed_above) and main is not None:
            note = soup.new_tag("p", attrs={"class": "note nothing-here"})
            title = main.find("h1")
            name = title.get_text(" ", strip=True) if title is not None else report_ids[i] if report_ids else "This report"
            said_here = [f"nothing in the sources for {', '.join(empty)}"] if empty else []
            said_here += [f"{', '.join(printed_above)} printed above already"] if printed_above else []
            note.string = f"{name}: {'; '.join(said_here)}."  # named, so no two are alike
            footer = main.find("footer")
            if footer is not None:
                footer.insert_before(note)
            else:
                main.append(note)
        for a in soup.select("a.cite[href]"):
            m = _SOURCE_ID.search(a["href"])
            if m:
                a["href"] = f"#pack-src-{m.group(1)}"
        for ol in soup.select("ol.sources"):
            for li in ol.find_all("li", recursive=False):
                m = _SOURCE_ID.search(li.get("id", ""))
                if not m:
                    continue
                n = int(m.group(1))
                li["id"] = f"pack-src-{n}"
                text = li.get_text(" ", strip=True)
                if n in texts and texts[n] != text:
                    log.warning("briefing pack: source [%d] is not the same article in every report (%s / %s); "
                                "rebuild with --force", n, texts[n][:60], text[:60])
                listed.setdefault(n, str(li))
                texts.setdefault(n, text)
            box = ol.parent if ol.parent is not None and "section-output" in ol.parent.get("class", []) else ol
            heading = box.find_previous_sibling()
            if heading is not None and "prose" in heading.get("class", []) and \
                    [t.name for t in heading.find_all(recursive=False)] in (["h2"], ["h3"]):
                heading.decompose()
            box.decompose()
        bodies.append(str(soup))
    return bodies, [listed[n] for n in sorted(listed)]


def pack_html(settings: dict, entries: list[PackEntry], build: str, as_of: str, as_of_text: str,
              preface_html: str = "", reports_url: str = "") -> str:
    """The briefing pack as one print document, from ``templates/pack/pack.html.j2``.

    The cover carries the title, the edition's facts and the contents (with page numbers) in the
    top of the first page; ``preface_html`` (already escaped markup: distribution's "since the last
    edition") follows it, then the reports, the first of which (the overview: the five-minute read)
    starts on that page, then one list of every source cited, numbered as in the reports.
    ``reports_url`` is where the reports are published (see :func:`pack_bodies`), "" if nowhere.
    """
    import jinja2
    from markupsafe import Markup  # our own report bodies and styles: trusted, not escaped

    bodies, sources = pack_bodies([e.fragment or "" for e in entries], [e.id for e in entries], settings.get("pack_rows"),
                                  reports_url)
    items = []
    for e, body in zip(entries, bodies):
        status = Status(e.status)
        failed = not status.current
        why = f"it failed to build ({e.error})" if status.requested else "it was not requested"
        items.append({"id": e.id, "title": e.title, "failed": failed, "target": f"{e.id}-notice" if failed else e.id,
                      "why": why, "body": Markup(body if e.fragment else ""),
                      "previous": "The last good version follows." if e.fragment else
                      "No earlier version of this report exists."})
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    page = env.get_template("pack/pack.html.j2")
    settings = {"subtitle": "", "author": "", "handling": "", **settings}
    return page.render(
        settings=settings, entries=items, build=build, as_of=as_of, as_of_text=as_of_text,
        lang=settings.get("language", "en"), keywords=", ".join(settings.get("keywords", [])),
        css=Markup(css("print") + "\n" + page_css(settings["title"], settings["handling"])),
        sources=[Markup(x) for x in sources], preface=Markup(preface_html),
    )

