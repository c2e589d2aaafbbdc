"""Rendering executed notebooks: HTML through the nbconvert template, PDF through WeasyPrint.

Presentation is decided by the ``briefing`` nbconvert template and cell tags (``remove-cell`` for
analyst notes); code never reaches a report. PDF is WeasyPrint on lean print HTML with CSS paged
media; it fetches nothing but ``data:`` URIs, so a report can never reach the network.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BuildError

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


_EXPORTERS: dict = {}


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


def _exporter():
    """One configured HTMLExporter per process (building it costs a third of a second)."""
    if "html" not in _EXPORTERS:
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
        _EXPORTERS["html"] = exporter
    return _EXPORTERS["html"]


def export_html(nb, meta: ReportMeta, variant: str) -> str:
    """The executed notebook ``nb`` as HTML.

    ``screen`` is a self-contained page with contents, ``print`` a lean page for WeasyPrint and
    ``fragment`` the report body alone, for the pack.
    """
    import copy

    resources = {"report": {
        "id": meta.id, "title": meta.title, "pack_title": meta.pack_title, "handling": meta.handling,
        "build": meta.build, "as_of_text": meta.as_of_text, "variant": variant, "css": css(variant),
        "page_css": page_css(meta.pack_title, meta.handling) if variant == "print" else "",
        "meta": {"author": meta.author, "description": meta.description, "keywords": meta.keywords,
                 "created": meta.as_of},
    }}
    body, resources = _exporter().from_notebook_node(copy.deepcopy(nb), resources=resources)
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
        HTML(string=markup, url_fetcher=fetcher, base_url=None).write_pdf(target, pdf_identifier=False)
    finally:
        wlog.removeHandler(collector)
    return collector.messages


@dataclass
class PackEntry:
    """One report of the pack: its body (None if it never built), status and contents."""

    id: str
    title: str
    status: str  # built | skipped | failed
    fragment: str | None
    toc: list[tuple[str, str]]
    error: str = ""


def pack_html(settings: dict, entries: list[PackEntry], build: str, as_of: str, as_of_text: str) -> str:
    """The briefing pack as one print document: cover, contents with page numbers, then the reports."""
    esc = html.escape
    contents = []
    for e in entries:
        status = '<span class="status">NOT UPDATED</span>' if e.status == "failed" else ""
        target = f"{e.id}-notice" if e.status == "failed" else e.id
        contents.append(f'<li><a href="#{esc(target)}">{esc(e.title)}</a>{status}</li>')
    bodies = []
    for e in entries:
        if e.status == "failed":
            previous = ("The last good version follows." if e.fragment else
                        "No earlier version of this report exists.")
            why = "it was not requested" if e.error == "not requested in this build" else f"it failed to build ({e.error})"
            notice = (f'<section class="not-updated"><main class="report"><h1 id="{esc(e.id)}-notice">'
                      f'{esc(e.title)}: not updated</h1><p class="banner">NOT UPDATED in build {esc(build)}: '
                      f'{esc(why)}. {previous}</p></main></section>')
            bodies.append(notice)
        if e.fragment:
            bodies.append(e.fragment)
    keywords = ", ".join(settings.get("keywords", []))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{esc(settings['title'])}</title>
<meta name="author" content="{esc(settings.get('author', ''))}">
<meta name="description" content="{esc(settings.get('subtitle', ''))}">
<meta name="keywords" content="{esc(keywords)}">
<meta name="generator" content="briefing">
<meta name="dcterms.created" content="{esc(as_of)}">
<meta name="dcterms.modified" content="{esc(as_of)}">
<style>{css('print')}
{page_css(settings['title'], settings.get('handling', ''))}</style></head>
<body class="print">
<section class="cover">
<div class="kicker">Briefing pack</div>
<div class="pack-title">{esc(settings['title'])}</div>
<div class="pack-subtitle">{esc(settings.get('subtitle', ''))}</div>
<dl><dt>As of</dt><dd>{esc(as_of_text)}</dd><dt>Build</dt><dd>{esc(build)}</dd>
<dt>Reports</dt><dd>{len(entries)} (overview and {len(entries) - 1} themes)</dd></dl>
<div class="handling-label">{esc(settings.get('handling', ''))}</div>
</section>
<section class="contents"><h2>Contents</h2><ol>{''.join(contents)}</ol></section>
{''.join(bodies)}
</body></html>"""
