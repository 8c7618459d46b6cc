"""Draw the charts of `chart_data` with matplotlib: SVG for the web (with a title and description for screen
readers, text kept as text) and PNG for the PDF.

Why matplotlib rather than hand-written SVG or Vega-Lite: it is pip-installable with no browser or binary
runtime, renders the same figure to SVG and PNG, ships the DejaVu fonts the PDF also embeds, and keeps text as
`<text>` in SVG (`svg.fonttype = none`) so labels stay selectable and testable. It is imported lazily: the
engine, the CLI's `--help` and the API start without it.

Colours: the Okabe-Ito palette (colour-blind safe); each series also differs in marker or line style, so no
meaning rests on colour alone and no two meanings share a colour within a chart.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta
from html import escape
from typing import Any

from sprintback.reports.chart_data import Chart

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
_STYLES = (("o", "-"), ("s", "--"), ("^", "-."), ("D", ":"), ("v", "-"), ("P", "--"))
_BAND_GREYS = ("#f2f2f2", "#e2e2e2")
INK = "#1a1a1a"
MUTED = "#4d4d4d"  # ≥ 7:1 on white


def _figure(chart: Chart, width_in: float) -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.fonttype": "none", "font.family": "DejaVu Sans", "font.size": 9})
    fig, ax = plt.subplots(figsize=(width_in, 3.4), dpi=100)
    for i, band in enumerate(chart.phases):
        x0, x1 = mdates.date2num(band.start), mdates.date2num(band.end + timedelta(days=1))  # type: ignore[no-untyped-call]
        ax.axvspan(float(x0), float(x1), color=_BAND_GREYS[i % 2], zorder=0, lw=0)
        ax.annotate(
            str(i + 1), (float(x0), 1), xycoords=("data", "axes fraction"), xytext=(2, -10),
            textcoords="offset points", fontsize=8, color=MUTED,
        )  # fmt: skip
    ax2 = ax.twinx() if any(s.axis == "right" and s.points for s in chart.series) else None
    for i, s in enumerate(chart.series):
        if not s.points:
            continue
        target = ax2 if s.axis == "right" and ax2 is not None else ax
        xs, ys = mdates.date2num([p[0] for p in s.points]), [p[1] for p in s.points]  # type: ignore[no-untyped-call]
        colour = OKABE_ITO[i % len(OKABE_ITO)]
        marker, dash = _STYLES[i % len(_STYLES)]
        if s.style == "bar":
            target.bar(xs, ys, color=colour, alpha=0.55, label=s.name, width=0.8, zorder=2)
        elif s.style == "marker":
            target.plot(xs, ys, marker=marker, ls="none", color=colour, label=s.name, ms=5, zorder=3)
        elif s.style == "step":
            target.step(xs, ys, where="post", color=colour, ls=dash, label=s.name, zorder=3)
        else:
            target.plot(xs, ys, marker=marker, ms=3, ls=dash, color=colour, label=s.name, zorder=3)
    floors = [x for x in chart.lines if x.kind == "band_floor"]
    for line in chart.lines:
        ax.axhline(line.value, color=MUTED, ls=(0, (4, 3)), lw=1, zorder=1)
        ax.annotate(
            line.label, (0, line.value), xycoords=("axes fraction", "data"), xytext=(4, 2),
            textcoords="offset points", fontsize=8, color=MUTED,
        )  # fmt: skip
        if floors and line is floors[-1]:  # shade the target zone above the strictest threshold
            ax.axhspan(line.value, chart.y_range[1] if chart.y_range else line.value, color="#009E73", alpha=0.06)
    if chart.y_range:
        ax.set_ylim(*chart.y_range)
    ax.set_title(chart.title, loc="left", fontsize=11, color=INK)
    ax.set_ylabel(chart.y_label, color=INK)
    if ax2 is not None:
        ax2.set_ylabel(chart.y2_label, color=INK)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=8))  # type: ignore[no-untyped-call]
    handles, labels = ax.get_legend_handles_labels()
    if ax2 is not None:
        h2, l2 = ax2.get_legend_handles_labels()
        handles, labels = handles + h2, labels + l2
    if handles:
        ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(0, -0.14), ncol=4, frameon=False, fontsize=8)
    if chart.phases:
        fig.text(0.01, 0.01, "\n".join(phase_key_lines(chart)), fontsize=8, color=MUTED)
    for spine in ("top", "right") if ax2 is None else ("top",):
        ax.spines[spine].set_visible(False)
    fig.subplots_adjust(left=0.08, right=0.92 if ax2 is not None else 0.97, top=0.88, bottom=0.3)
    return fig


def phase_key_lines(chart: Chart, width: int = 120) -> list[str]:
    """The numbered phase names under the chart, each name whole on one line (never cut or wrapped)."""
    lines, current = [], "Phases:"
    for i, band in enumerate(chart.phases):
        item = f"{i + 1} {band.label}"
        if len(current) + 3 + len(item) > width and current != "Phases:":
            lines.append(current)
            current = "  " + item
        else:
            current += "   " + item
    return [*lines, current]


def chart_svg(chart: Chart, width_in: float = 9.0) -> str:
    """The chart as an inline SVG element with <title> and <desc> (role=img, labelled by both)."""
    import matplotlib.pyplot as plt

    fig = _figure(chart, width_in)
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    svg = buf.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)  # RDF boilerplate, nothing a reader needs
    tid, did = f"chart-{chart.key}-title", f"chart-{chart.key}-desc"
    head_end = svg.index(">") + 1
    head = re.sub(r"<svg ", f'<svg role="img" aria-labelledby="{tid} {did}" ', svg[:head_end], count=1)
    meta = f'<title id="{tid}">{escape(chart.title)}</title><desc id="{did}">{escape(chart.description)}</desc>'
    return head + meta + svg[head_end:]


def chart_png(chart: Chart, width_in: float = 7.5, dpi: int = 160) -> bytes:
    import matplotlib.pyplot as plt

    fig = _figure(chart, width_in)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()
