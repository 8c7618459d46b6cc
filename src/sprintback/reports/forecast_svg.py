"""A fan chart of the return-to-play forecast: phase reached (up) against days from injury (across).

The shaded fan is the 80% interval (10th to 90th centile of each gate), the line the median, the dashed line
today. Plain SVG text with <title> and <desc>, so screen readers and e-mail clients get the answer in words.
"""

from __future__ import annotations

from datetime import timedelta
from html import escape

from sprintback.domain.forecast.model import Forecast

FAN, MEDIAN, TODAY = "#bfdbfe", "#1d4ed8", "#64748b"


def forecast_fan_svg(f: Forecast, width: int = 720) -> str:
    title = f"Return-to-play forecast for {f.athlete_id}"
    start = f.injury_date
    if not f.gates:
        cleared = (f.cleared_on or start).isoformat()
        desc = f"Cleared on {cleared}; no gate remains."
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} 40" width="{width}" height="40">'
            f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>"
            f'<text x="8" y="24" font-size="14">{escape(desc)}</text></svg>'
        )
    levels = [f.gates[0].phase_name, *(g.next_phase_name for g in f.gates)]
    row_h, top, right = 34, 16, 24
    left = min(320, 20 + round(6.8 * max(len(n) for n in levels)))  # room for the longest phase name at 12 px
    height = top + row_h * len(levels) + 40
    last_day = max(g.p90 for g in f.gates) + 3
    first_day = f.day_since_injury
    span = max(last_day - first_day, 1)

    def x(day: float) -> float:
        return left + (day - first_day) / span * (width - left - right)

    def y(level: int) -> float:  # level 0 (today's phase) at the bottom
        return top + row_h * (len(levels) - 1 - level) + row_h / 2

    lo = [(x(first_day), y(0))] + [(x(g.p10), y(i + 1)) for i, g in enumerate(f.gates)]
    hi = [(x(first_day), y(0))] + [(x(g.p90), y(i + 1)) for i, g in enumerate(f.gates)]
    mid = [(x(first_day), y(0))] + [(x(g.p50), y(i + 1)) for i, g in enumerate(f.gates)]
    fan = " ".join(f"{a:.1f},{b:.1f}" for a, b in lo + hi[::-1])
    median = " ".join(f"{a:.1f},{b:.1f}" for a, b in mid)
    d10, d50, d90 = f.rts.dates(start)
    desc = (
        f"Median readiness for clearance {d50.isoformat()} (day {f.rts.p50}); 80% between {d10.isoformat()} and "
        f"{d90.isoformat()} (days {f.rts.p10} to {f.rts.p90}). "
        + " ".join(f"{g.next_phase_name}: day {g.p10}-{g.p90}, median {g.p50}." for g in f.gates)
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" font-family="system-ui, sans-serif" font-size="12">',
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>",
    ]
    for i, name in enumerate(levels):
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(i):.1f}" y2="{y(i):.1f}" stroke="#e2e8f0"/>')
        parts.append(f'<text x="{left - 8}" y="{y(i) + 4:.1f}" text-anchor="end">{escape(name)}</text>')
    parts.append(f'<polygon points="{fan}" fill="{FAN}" stroke="none"><title>80% interval</title></polygon>')
    parts.append(f'<polyline points="{median}" fill="none" stroke="{MEDIAN}" stroke-width="2.5"/>')
    for i, g in enumerate(f.gates):
        when = (start + timedelta(days=g.p50)).strftime("%d %b")
        parts.append(
            f'<circle cx="{x(g.p50):.1f}" cy="{y(i + 1):.1f}" r="4" fill="{MEDIAN}"><title>'
            f"{escape(g.next_phase_name)}: median day {g.p50} ({when}), 80% day {g.p10}-{g.p90}</title></circle>"
        )
    axis_y = top + row_h * len(levels) + 8
    parts.append(f'<line x1="{x(first_day):.1f}" x2="{x(first_day):.1f}" y1="{top}" y2="{axis_y}" '
                 f'stroke="{TODAY}" stroke-dasharray="4 3"/>')  # fmt: skip
    step = 7 if span <= 70 else 14
    for day in range(first_day, last_day + 1, step):
        label = (start + timedelta(days=day)).strftime("%d %b")
        parts.append(f'<text x="{x(day):.1f}" y="{axis_y + 14}" text-anchor="middle">{label}</text>')
    parts.append(f'<text x="{x(first_day) + 4:.1f}" y="{top + 10}" fill="{TODAY}">today</text>')
    parts.append("</svg>")
    return "".join(parts)
