"""Charts in one house style, for the package's charts and an analyst's own alike.

Every chart is titled, labelled, readable on A4 portrait and colour-blind safe, with a text
description for readers who cannot see it. Charts are rendered to SVG (vector, crisp in print) with
fixed metadata so the same data always gives the same bytes.

Both kinds of chart reach a report the same way: as an ``image/svg+xml`` output whose metadata
carries the alt text and the caption, which the ``briefing`` nbconvert template turns into
``<figure class="chart">`` with :func:`figure_html`. :func:`use_house_style` (called in the notebooks'
set-up cell) applies :data:`STYLE` to matplotlib and makes every matplotlib figure a notebook shows,
``df.plot()`` included, display that way, its alt text taken from its title.

Importing this module never changes matplotlib's backend: an analyst's ``%matplotlib`` choice and
JupyterLab's inline display are left as they are. Package charts are drawn on a bare
:class:`~matplotlib.figure.Figure`, which needs no backend and never shows up twice.
"""

from __future__ import annotations

import base64
import io
import logging
from dataclasses import dataclass, field

import matplotlib
from cycler import cycler
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from .present import Html, esc

log = logging.getLogger("briefing")

# Okabe–Ito: distinguishable with the common colour-vision deficiencies and in greyscale print.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
KIND_COLOURS = {"preview": "#E69F00", "report": "#56B4E9", "analysis": "#0072B2"}
WIDTH_IN = 6.3  # the text width of A4 portrait with 2.4 cm margins
SVG = "image/svg+xml"
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 10.5,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#555555",
    "axes.grid": True,
    "axes.grid.axis": "x",
    "axes.prop_cycle": cycler(color=PALETTE),
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "xtick.color": "#333333",
    "ytick.color": "#333333",
    "legend.frameon": False,
    "figure.figsize": (WIDTH_IN, 3.2),
    "figure.facecolor": "white",
    "svg.fonttype": "none",  # text stays text: 7x faster to render in PDF, selectable, searchable
    "axes.axisbelow": True,
    "svg.hashsalt": "briefing",
    "figure.dpi": 100,
}
HEAT = LinearSegmentedColormap.from_list("briefing-heat", ["#f7fbff", "#6baed6", "#08306b"])


@dataclass(frozen=True)
class Chart:
    """A rendered chart: SVG markup, its text description and its source note.

    In a notebook it displays as an ``image/svg+xml`` output with the description and source in
    the output's metadata: the same path as an analyst's own matplotlib figure.
    """

    svg: str = field(repr=False)
    alt: str
    source: str

    @classmethod
    def of(cls, fig: Figure, source: str = "", describe: str = "") -> Chart:
        """A figure drawn in the house style as a chart: its SVG, and alt text from its title as for any figure.

        ``describe`` is appended to the alt text (what the figure's title, axes and bars do not say).
        """
        alt = figure_alt(fig)
        return cls(render_svg(fig), f"{alt} {describe}".strip(), source)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {SVG: self.svg, "text/plain": self.alt}, {SVG: {"alt": self.alt, "caption": self.source}}


def figure_html(data: str | bytes, mimetype: str = SVG, alt: str = "", caption: str = "") -> str:
    """A chart image as a ``<figure>`` with alt text and a caption: the one markup every chart gets.

    ``data`` is SVG markup (or, for raster images, their base64 text as notebooks store it).
    """
    if isinstance(data, bytes):
        data = data.decode("utf-8")
    if mimetype == SVG:
        data = base64.b64encode(data.encode("utf-8")).decode("ascii")
    else:
        data = "".join(data.split())
    cap = f'<figcaption><span class="source">{esc(caption)}</span></figcaption>' if caption else ""
    return (f'<figure class="chart"><img src="data:{esc(mimetype)};base64,{data}" alt="{esc(alt or "Chart")}"/>'
            f"{cap}</figure>")


def show(chart: Chart) -> Html:
    """The chart as HTML, for sections that combine it with tables and notes in one output."""
    return Html(figure_html(chart.svg, SVG, chart.alt, chart.source))


def varies(values) -> bool:
    """Whether a bar chart of ``values`` would show differences: two bars or more, not all equal.

    A chart whose bars are all the same length says nothing a sentence does not; sections show
    a table instead.
    """
    values = [float(v) for v in values]
    return len(values) >= 2 and max(values) != min(values)


def _bar_values(ax, limit: int = 20) -> str:
    """The bars of ``ax`` in words ("a: 3; b: 1"), labelled by their ticks and, when drawn, their value labels."""
    bars = []
    for container in ax.containers:
        if not isinstance(container, BarContainer):
            continue
        horizontal = getattr(container, "orientation", "vertical") == "horizontal"
        axis = ax.yaxis if horizontal else ax.xaxis
        names = {round(float(t), 6): lab.get_text() for t, lab in zip(axis.get_ticklocs(), axis.get_ticklabels())}
        for patch, value in zip(container.patches, container.datavalues):
            where = patch.get_y() + patch.get_height() / 2 if horizontal else patch.get_x() + patch.get_width() / 2
            bars.append((names.get(round(where, 6), ""), float(value)))
    if not bars or len(bars) > limit:
        return ""
    texts = [t.get_text() for t in ax.texts]
    shown = texts if len(texts) == len(bars) else [f"{v:,.0f}" if v == int(v) else f"{v:,.3g}" for _n, v in bars]
    return "; ".join(f"{n}: {t}" if n else t for (n, _v), t in zip(bars, shown))


def figure_alt(fig: Figure) -> str:
    """Alt text for a figure: its title, what its axes show and, for a bar chart, each bar's value.

    The title is the figure's suptitle or its axes' titles; a figure without one gets a generic
    description, and a warning in the log, since a reader who cannot see it learns nothing.
    """
    suptitle = fig._suptitle.get_text().strip() if getattr(fig, "_suptitle", None) else ""
    axes = [ax for ax in fig.get_axes() if ax.get_label() != "<colorbar>"]
    titles = [t for ax in axes for t in (ax.get_title("left"), ax.get_title("center"), ax.get_title("right")) if t.strip()]
    title = suptitle or "; ".join(titles)
    if not title:
        log.warning("a chart without a title: give it one (ax.set_title or df.plot(title=...)); "
                    "its title is the text readers of screen readers get")
    parts = [f"Chart: {title}" if title else "Chart without a title"]
    for ax in axes[:1]:
        xl, yl = ax.get_xlabel().strip(), ax.get_ylabel().strip()
        if xl:
            parts.append(f"horizontal axis: {xl}")
        if yl:
            parts.append(f"vertical axis: {yl}")
        bars = _bar_values(ax)
        if bars:
            parts.append(f"Bars: {bars}")
    return ". ".join(parts) + "."


def render_svg(fig: Figure) -> str:
    """The figure as SVG in the house style, with fixed metadata (same figure, same bytes)."""
    buf = io.StringIO()
    with matplotlib.rc_context({k: STYLE[k] for k in ("svg.fonttype", "svg.hashsalt")}):
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    return buf.getvalue()


def _figure_output(fig: Figure):
    """IPython's ``image/svg+xml`` formatter for matplotlib figures: the SVG and its alt text."""
    return render_svg(fig), {"alt": figure_alt(fig), "caption": ""}


def use_house_style() -> None:
    """Apply the house style to matplotlib and show notebook figures as SVG with alt text.

    Called once in a notebook's set-up cell. Outside IPython it only sets the style. Inside a
    Jupyter kernel it also turns on inline display (the default there; this makes it so even when
    ``MPLBACKEND`` says otherwise) and replaces the PNG output of figures by house SVG, so that
    ``df.plot()`` and ``plt`` figures appear in JupyterLab, the HTML and the PDF alike.
    """
    matplotlib.rcParams.update(STYLE)
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None or not hasattr(shell, "kernel"):
        return
    # Activate inline display now: activating it later would reset the formatters set below.
    shell.run_line_magic("matplotlib", "inline")
    matplotlib.rcParams.update(STYLE)  # after the inline backend, which applies its own rc
    formatters = shell.display_formatter.formatters
    for mimetype, formatter in formatters.items():
        if mimetype != SVG:
            formatter.pop(Figure, None)
    formatters[SVG].for_type(Figure, _figure_output)


def _figure(height: float) -> Figure:
    return Figure(figsize=(WIDTH_IN, height))


def hbar(labels: list[str], values: list[float], *, title: str, xlabel: str, source: str,
         percent: bool = False, colours: list[str] | None = None, value_labels: list[str] | None = None) -> Chart:
    """A horizontal bar chart, largest at the top, each bar labelled with its value.

    Drawn as an analyst would draw it and shown the same way: its alt text comes from its title,
    axis label and bars (:func:`figure_alt`).
    """
    n = len(labels)
    with matplotlib.rc_context(STYLE):
        fig = _figure(0.9 + 0.32 * max(n, 2))
        ax = fig.subplots()
        ypos = list(range(n))[::-1]
        ax.barh(ypos, values, color=colours or PALETTE[0], height=0.62)
        ax.set_yticks(ypos, labels)
        ax.set_xlabel(xlabel)
        ax.set_title(title)
        top = max(values) if values else 1
        ax.set_xlim(0, top * 1.18 if top > 0 else 1)
        texts = value_labels or [f"{v:.0%}" if percent else f"{v:,.0f}" for v in values]
        for y, v, t in zip(ypos, values, texts):
            ax.text(v + top * 0.01, y, t, va="center", fontsize=8, color="#333333")
        if percent:
            ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        elif all(float(v).is_integer() for v in values):  # counts: no tick at half a mention
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.tick_params(axis="y", length=0)
        return Chart.of(fig, source)


def heatmap(matrix, row_labels: list[str], col_labels: list[str], *, title: str, source: str, alt_what: str) -> Chart:
    """A heat map of shares (0–1) with each cell's value printed in it.

    Its alt text is its title (as for any figure), then ``alt_what`` and where each row is highest.
    """
    nrows, ncols = len(row_labels), len(col_labels)
    with matplotlib.rc_context({**STYLE, "axes.grid": False}):
        fig = _figure(0.9 + 0.3 * nrows)
        ax = fig.subplots()
        im = ax.imshow(matrix, cmap=HEAT, vmin=0, vmax=max(0.01, float(matrix.max()) if matrix.size else 1), aspect="auto")
        ax.set_xticks(range(ncols), col_labels, rotation=0 if ncols <= 6 else 45, ha="center" if ncols <= 6 else "right")
        ax.set_yticks(range(nrows), row_labels)
        ax.set_title(title)
        vmax = float(matrix.max()) if matrix.size else 1
        for i in range(nrows):
            for j in range(ncols):
                v = float(matrix[i, j])
                ax.text(j, i, f"{v:.0%}" if v else "–", ha="center", va="center", fontsize=7.5,
                        color="white" if v > 0.55 * vmax else "#222222")
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        cbar = fig.colorbar(im, ax=ax, fraction=0.03, pad=0.02, format=PercentFormatter(1.0, decimals=0))
        cbar.ax.tick_params(labelsize=7)
    rows = []
    for i, r in enumerate(row_labels):
        best = max(range(ncols), key=lambda j: matrix[i, j]) if ncols else None
        if best is not None and matrix[i, best] > 0:
            rows.append(f"{r}: highest in {col_labels[best]} ({matrix[i, best]:.0%})")
        else:
            rows.append(f"{r}: not covered")
    with matplotlib.rc_context({**STYLE, "axes.grid": False}):
        return Chart.of(fig, source, f"Heat map of the {alt_what}: " + "; ".join(rows) + ".")
