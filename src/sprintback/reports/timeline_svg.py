"""An SVG timeline of a case: phase bands, daily decisions, pain and the key strength/running measures.

Plain SVG text (no plotting library, no scripts) so it embeds in HTML, e-mail and PDF alike and renders
without JavaScript.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from sprintback.domain.decision import Decision
from sprintback.domain.models import Case
from sprintback.domain.protocol import DecisionKind, Protocol

PHASE_COLOURS = ("#dbeafe", "#dcfce7", "#fef9c3", "#ffedd5", "#fce7f3", "#e0e7ff", "#f1f5f9")
DECISION_COLOURS = {
    DecisionKind.PROGRESS: "#16a34a",
    DecisionKind.CLEAR: "#15803d",
    DecisionKind.HOLD: "#a3a3a3",
    DecisionKind.DELOAD: "#ea580c",
    DecisionKind.REGRESS: "#dc2626",
    DecisionKind.REFER: "#7f1d1d",
}


@dataclass(frozen=True)
class _Frame:
    left: float
    width: float
    first: date
    days: int

    def shows(self, d: date) -> bool:
        return 0 <= (d - self.first).days < self.days

    def x(self, d: date) -> float:
        return self.left + (d - self.first).days / max(self.days, 1) * self.width


def _polyline(points: Sequence[tuple[float, float]], colour: str, dashed: bool = False) -> str:
    if not points:
        return ""
    dash = ' stroke-dasharray="5 3"' if dashed else ""
    pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colour}"/>' for x, y in points)
    return f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>{dots}'


def timeline_svg(case: Case, protocol: Protocol, days: Sequence[Decision], width: int = 960) -> str:
    """Phase bands on top, decisions as coloured ticks, then pain (0-10) and % curves (0-110)."""
    if not days:
        raise ValueError("a timeline needs at least one day")
    f = _Frame(left=70, width=width - 90, first=days[0].as_of, days=(days[-1].as_of - days[0].as_of).days + 1)
    parts: list[str] = []
    band_y, band_h = 20, 34
    tick_y = band_y + band_h + 6
    pain_top, pain_h = tick_y + 30, 110
    pct_top, pct_h = pain_top + pain_h + 40, 140
    height = pct_top + pct_h + 50

    # Phase bands: contiguous runs of the same phase.
    start = 0
    for i in range(1, len(days) + 1):
        if i == len(days) or days[i].phase != days[start].phase:
            d0, d1 = days[start].as_of, days[i - 1].as_of
            x0, x1 = f.x(d0), f.x(d1) + f.width / f.days
            idx = protocol.phase_index(days[start].phase)
            colour = PHASE_COLOURS[idx % len(PHASE_COLOURS)]
            parts.append(f'<rect x="{x0:.1f}" y="{band_y}" width="{x1 - x0:.1f}" height="{band_h}" fill="{colour}"/>')
            name = protocol.phases[idx].name
            fits = max(int((x1 - x0 - 8) / 6.5), 0)  # ~6.5 px per character at 11 px
            shown = name if len(name) <= fits else name[: max(fits - 1, 0)] + "…" if fits > 3 else ""
            parts.append(
                f'<text x="{x0 + 4:.1f}" y="{band_y + 21}" font-size="11" fill="#1f2937">'
                f"<title>{escape(name)}: {d0} to {d1}</title>{escape(shown)}</text>"
            )
            start = i

    # Decision ticks.
    for d in days:
        colour = DECISION_COLOURS[d.kind]
        x = f.x(d.as_of)
        parts.append(
            f'<rect x="{x:.1f}" y="{tick_y}" width="{max(f.width / f.days - 1, 1):.1f}" height="14" fill="{colour}">'
            f"<title>{d.as_of} day {d.day_since_injury}: {d.kind.value} — {escape(d.summary)}</title></rect>"
        )

    parts.append(_axis(f, pain_top, pain_h, 10, "pain /10"))
    parts.append(_axis(f, pct_top, pct_h, 110, "%"))
    parts.append(_series(case, f, pain_top, pain_h, 10))
    parts.append(_percent_series(case, f, pct_top, pct_h))
    parts.append(_date_labels(f, height - 30))
    parts.append(_legend(width, height - 12))
    body = "".join(parts)
    title = escape(f"{case.athlete.name}: rehabilitation timeline")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="system-ui, sans-serif" role="img" aria-label="{title}"><title>{title}</title>{body}</svg>'
    )


def _axis(f: _Frame, top: float, h: float, top_value: float, label: str) -> str:
    out = [f'<line x1="{f.left}" y1="{top + h}" x2="{f.left + f.width}" y2="{top + h}" stroke="#9ca3af"/>']
    for frac in (0, 0.5, 1):
        y = top + h - frac * h
        out.append(f'<line x1="{f.left}" y1="{y:.1f}" x2="{f.left + f.width}" y2="{y:.1f}" stroke="#f3f4f6"/>')
        out.append(
            f'<text x="{f.left - 6}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{top_value * frac:g}</text>'
        )
    out.append(f'<text x="8" y="{top + h / 2:.1f}" font-size="11" fill="#374151">{escape(label)}</text>')
    return "".join(out)


def _scale(top: float, h: float, top_value: float, v: float) -> float:
    return top + h - min(v, top_value) / top_value * h


def _series(case: Case, f: _Frame, top: float, h: float, top_value: float) -> str:
    walk = [
        (f.x(c.date), _scale(top, h, top_value, c.pain_walking))
        for c in case.checkins
        if c.pain_walking is not None and f.shows(c.date)
    ]
    ex = [
        (f.x(c.date), _scale(top, h, top_value, c.pain_exercise))
        for c in case.checkins
        if c.pain_exercise is not None and f.shows(c.date)
    ]
    return _polyline(walk, "#2563eb") + _polyline(ex, "#dc2626", dashed=True)


def _percent_series(case: Case, f: _Frame, top: float, h: float) -> str:
    """Isometric 90/90 LSI and the running intensity reached, both in %."""
    inj, other = case.injury.side, case.injury.side.other
    by_day: dict[date, dict[str, float]] = {}
    for m in case.measurements:
        if m.kind == "iso_90_90_n" and m.side is not None and f.shows(m.date):
            by_day.setdefault(m.date, {})[m.side.value] = m.value
    lsi = [
        (f.x(d), _scale(top, h, 110, v[inj.value] / v[other.value] * 100))
        for d, v in sorted(by_day.items())
        if inj.value in v and other.value in v and v[other.value] > 0
    ]
    runs = [
        (f.x(s.date), _scale(top, h, 110, s.top_speed_pct))
        for s in sorted(case.sessions, key=lambda s: s.date)
        if s.top_speed_pct is not None and f.shows(s.date)
    ]
    return _polyline(lsi, "#7c3aed") + _polyline(runs, "#0d9488", dashed=True)


def _date_labels(f: _Frame, y: float) -> str:
    step = max(1, f.days // 8)
    out = []
    for k in range(0, f.days, step):
        d = date.fromordinal(f.first.toordinal() + k)
        out.append(f'<text x="{f.x(d):.1f}" y="{y}" font-size="10" fill="#4b5563">{d.strftime("%d %b")}</text>')
    return "".join(out)


def _legend(width: int, y: float) -> str:
    items = [
        ("#2563eb", "walking pain"),
        ("#dc2626", "exercise pain"),
        ("#7c3aed", "isometric 90/90 LSI %"),
        ("#0d9488", "run, % max speed"),
    ]
    items += [(c, k.value) for k, c in DECISION_COLOURS.items()]
    out, x = [], 70.0
    for colour, label in items:
        out.append(f'<rect x="{x:.0f}" y="{y - 9}" width="10" height="10" fill="{colour}"/>')
        out.append(f'<text x="{x + 14:.0f}" y="{y}" font-size="10">{escape(label)}</text>')
        x += 24 + 6.2 * len(label)
    return "".join(out)
