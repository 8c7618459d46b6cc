"""What each chart shows, computed from the case, the protocol and the replay: no drawing here.

One `Chart` per question a clinician asks at a glance: is each left/right measure back to symmetry, are the
pains inside the pain rule, how is load moving, is ground contact balanced, how fast has the athlete run,
and which phase was the athlete in when. `charts.py` draws them (web SVG and PDF alike).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sprintback.domain.decision import Decision
from sprintback.domain.load import CHRONIC_DAYS, daily_totals, ewma_acwr
from sprintback.domain.measures import MEASURES, Direction
from sprintback.domain.models import Case, PainMode, SessionKind
from sprintback.domain.protocol import Protocol, Statistic

Point = tuple[date, float]


@dataclass(frozen=True)
class Series:
    name: str
    points: tuple[Point, ...]
    style: str = "line"  # line | step | bar | marker
    axis: str = "left"  # left | right (a second y axis, e.g. ACWR next to load)


@dataclass(frozen=True)
class Line:
    """A horizontal reference: a threshold (`kind=threshold`) or the lower edge of a target band (`band`)."""

    value: float
    label: str
    kind: str = "threshold"  # threshold | band_floor | band_ceiling


@dataclass(frozen=True)
class PhaseBand:
    start: date
    end: date
    label: str  # the phase's full name: never cut


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    description: str  # for screen readers: what the chart shows, in one or two sentences
    y_label: str
    series: tuple[Series, ...]
    lines: tuple[Line, ...] = ()
    phases: tuple[PhaseBand, ...] = ()
    y_range: tuple[float, float] | None = None
    y2_label: str = ""
    extras: dict[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not any(s.points for s in self.series)


def phase_bands(days: Sequence[Decision]) -> tuple[PhaseBand, ...]:
    bands: list[PhaseBand] = []
    for d in days:
        if bands and bands[-1].label == d.phase_name:
            bands[-1] = PhaseBand(bands[-1].start, d.as_of, d.phase_name)
        else:
            bands.append(PhaseBand(d.as_of, d.as_of, d.phase_name))
    return tuple(bands)


def _lsi(kind: str, injured: float, other: float) -> float | None:
    if MEASURES[kind].direction is Direction.LOWER:
        return other / injured * 100 if injured > 0 else None
    return injured / other * 100 if other > 0 else None


def lsi_charts(case: Case, protocol: Protocol, days: Sequence[Decision]) -> list[Chart]:
    """For every measure taken on both legs: the LSI (injured vs uninjured) per day against its thresholds."""
    side, other = case.injury.side, case.injury.side.other
    by_kind: dict[str, dict[date, dict[str, float]]] = {}
    for m in case.measurements:
        if m.side is not None and m.kind in MEASURES and MEASURES[m.kind].direction is not Direction.TARGET:
            by_kind.setdefault(m.kind, {}).setdefault(m.date, {})[m.side.value] = m.value
    charts = []
    bands = phase_bands(days)
    for kind, per_day in by_kind.items():
        points = []
        for day, legs in sorted(per_day.items()):
            if side.value in legs and other.value in legs:
                v = _lsi(kind, legs[side.value], legs[other.value])
                if v is not None:
                    points.append((day, round(v, 1)))
        if not points:
            continue
        lines = _lsi_thresholds(protocol, kind)
        label = MEASURES[kind].label
        charts.append(
            Chart(
                key=f"lsi_{kind}",
                title=f"{label}: limb symmetry",
                description=f"{label} of the injured {side.value} leg as a percentage of the {other.value} leg, "
                f"{len(points)} test days, latest {points[-1][1]:g}%"
                + (f"; protocol thresholds {', '.join(f'{x.value:g}%' for x in lines)}." if lines else "."),
                y_label="LSI, % of the uninjured leg",
                series=(Series("LSI", tuple(points), "marker"),),
                lines=lines,
                phases=bands,
                y_range=(min(40.0, min(v for _, v in points) - 5), max(110.0, max(v for _, v in points) + 5)),
            )
        )
    return charts


def _lsi_thresholds(protocol: Protocol, kind: str) -> tuple[Line, ...]:
    seen: dict[float, str] = {}
    for phase in protocol.phases:
        for c in phase.exit_criteria:
            if c.measure == kind and c.statistic is Statistic.LSI and c.threshold not in seen:
                seen[c.threshold] = f"≥ {c.threshold:g}% to leave {phase.name}"
    return tuple(Line(v, text, "band_floor") for v, text in sorted(seen.items()))


_PAINS = ("pain_rest", "pain_walking", "pain_exercise", "pain_next_morning")


def pain_chart(case: Case, protocol: Protocol, days: Sequence[Decision]) -> Chart:
    mode = case.pain_mode or protocol.pain.default_mode
    limit = protocol.pain.limits[mode]
    series = tuple(
        Series(
            MEASURES[name].label,
            tuple((c.date, float(v)) for c in case.checkins if (v := getattr(c, name)) is not None),
        )
        for name in _PAINS
    )
    mode_text = "pain-threshold" if mode is PainMode.THRESHOLD else "pain-free"
    return Chart(
        key="pains",
        title="Pain: rest, walking, exercise, next morning",
        description=f"The four daily pains (0-10) from the check-ins; the {mode_text} rule allows up to "
        f"{limit:g}/10 during exercise.",
        y_label="Pain, 0-10",
        series=series,
        lines=(Line(limit, f"pain rule: up to {limit:g}/10 during exercise ({mode_text})"),),
        phases=phase_bands(days),
        y_range=(0, 10),
    )


def load_chart(case: Case, days: Sequence[Decision]) -> Chart:
    """Session load (sRPE × minutes, foster1998) and the EWMA ACWR (williams2017), shown only after a
    28-day warm-up: before it the chronic average is too short to compare against."""
    totals = daily_totals((s.date, s.load_au) for s in case.sessions if s.load_au is not None)
    end = days[-1].as_of if days else (max(totals) if totals else case.injury.date)
    series = ewma_acwr(totals, case.injury.date, end) if totals else []
    warm_from = case.injury.date.toordinal() + CHRONIC_DAYS
    acwr = tuple((d.date, round(d.acwr, 2)) for d in series if d.acwr is not None and d.date.toordinal() >= warm_from)
    return Chart(
        key="load",
        title="Training load and acute:chronic ratio",
        description=f"Daily session load (session RPE × minutes) on {len(totals)} days; the EWMA acute:chronic "
        f"ratio from day {CHRONIC_DAYS} on (the bands 0.8-1.3 and 1.5 are contested, informational only).",
        y_label="Load, AU (sRPE × min)",
        series=(
            Series("Session load", tuple(sorted(totals.items())), "bar"),
            Series("ACWR (EWMA 7/28 d)", acwr, "line", axis="right"),
        ),
        phases=phase_bands(days),
        y2_label="ACWR",
    )


def gct_chart(case: Case, days: Sequence[Decision]) -> Chart:
    """Ground-contact-time balance as the injured leg's share (50% = symmetric)."""
    injured_left = case.injury.side.value == "left"
    pts = tuple(
        (m.date, round(m.value if injured_left else 100 - m.value, 2))
        for m in case.measurements
        if m.kind == "gct_balance_left_pct"
    )
    return Chart(
        key="gct_balance",
        title="Ground contact time: injured leg's share",
        description=f"The injured {case.injury.side.value} leg's share of ground contact time while running; "
        "50% is symmetric.",
        y_label="Injured leg's share, %",
        series=(Series("Injured leg's share", pts, "marker"),),
        lines=(Line(50, "symmetric (50%)"),),
        phases=phase_bands(days),
        y_range=(40, 60),
    )


def speed_chart(case: Case, protocol: Protocol, days: Sequence[Decision]) -> Chart:
    runs = tuple(
        (s.date, float(s.top_speed_pct))
        for s in case.sessions
        if s.top_speed_pct is not None and s.kind in (SessionKind.RUN, SessionKind.SPRINT, SessionKind.TEAM)
    )
    cap_of = {p.id: p.running_max_pct for p in protocol.phases}
    caps = tuple((d.as_of, float(cap)) for d in days if (cap := cap_of.get(d.phase)) is not None)
    return Chart(
        key="speed",
        title="Running exposures: % of max speed",
        description=f"Top speed of {len(runs)} running sessions as a percentage of the athlete's maximal speed.",
        y_label="% of max speed",
        series=(Series("Top speed reached", runs, "marker"), Series("Phase's running cap", caps, "step")),
        lines=(Line(90, "90%: maximal-speed stages"), Line(70, "70%: high-speed running")),
        phases=phase_bands(days),
        y_range=(0, 110),
    )


def case_charts(case: Case, protocol: Protocol, days: Sequence[Decision]) -> list[Chart]:
    """Every chart that has data, in reading order."""
    charts = [
        pain_chart(case, protocol, days),
        *lsi_charts(case, protocol, days),
        speed_chart(case, protocol, days),
        load_chart(case, days),
        gct_chart(case, days),
    ]
    return [c for c in charts if not c.empty]
