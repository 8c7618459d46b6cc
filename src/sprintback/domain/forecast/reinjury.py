"""The reinjury risk profile: each published risk factor, whether this athlete has it, and its effect size.

Flags to raise the bar (more strength, more sprint exposure, a longer build-up), never gates: nothing here
changes a decision. Screening cut-offs come from preseason cohorts of uninjured and previously injured
players, not from return-to-sport trials; each factor says where its figure was measured.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sprintback.domain.forecast.config import RiskFactor
from sprintback.domain.models import Case, Measurement, Side

PRESENT, ABSENT, NOT_RECORDED, SHOWN = "present", "absent", "not_recorded", "shown"


@dataclass(frozen=True)
class RiskFlag:
    factor: RiskFactor
    status: str  # present | absent | not_recorded | shown (no cut-off published: shown, never flagged)
    observed: str = ""

    @property
    def present(self) -> bool:
        return self.status == PRESENT

    def to_dict(self, citation: str = "") -> dict[str, Any]:
        f = self.factor
        return {
            "id": f.id, "label": f.label, "status": self.status, "observed": self.observed, "effect": f.effect,
            "value": f.value, "ci": list(f.ci) if f.ci else None, "threshold": f.threshold,
            "context": f.context, "source": f.evidence.source, "grade": f.evidence.grade.value, "citation": citation,
        }  # fmt: skip


def _latest(case: Case, kind: str, side: Side | None, as_of: date) -> Measurement | None:
    items = [m for m in case.measurements if m.kind == kind and m.side == side and m.date <= as_of]
    return max(items, key=lambda m: m.date) if items else None


def _latest_pair(case: Case, kind: str, as_of: date) -> tuple[date, float, float] | None:
    """(date, injured, uninjured) of the latest day with both legs measured."""
    by_day: dict[date, dict[Side, float]] = {}
    for m in case.measurements:
        if m.kind == kind and m.side is not None and m.date <= as_of:
            by_day.setdefault(m.date, {})[m.side] = m.value
    inj, other = case.injury.side, case.injury.side.other
    days = sorted(d for d, v in by_day.items() if inj in v and other in v)
    if not days:
        return None
    d = days[-1]
    return d, by_day[d][inj], by_day[d][other]


def _below(kind: str, unit: str) -> Callable[[Case, RiskFactor, date], RiskFlag]:
    def check(case: Case, f: RiskFactor, as_of: date) -> RiskFlag:
        side = case.injury.side
        m = _latest(case, kind, side, as_of)
        value = m.value if m else case.athlete.baseline(kind, side) if kind == "bflh_fascicle_cm" else None
        if value is None:
            return RiskFlag(f, NOT_RECORDED, f"no {side.value}-leg result yet")
        when = f" on {m.date.isoformat()}" if m else " (pre-injury)"
        assert f.threshold is not None
        return RiskFlag(f, PRESENT if value < f.threshold else ABSENT, f"{value:g} {unit}, {side.value} leg{when}")

    return check


def _imbalance(case: Case, f: RiskFactor, as_of: date) -> RiskFlag:
    pair = _latest_pair(case, "nordic_force_n", as_of)
    if pair is None:
        return RiskFlag(f, NOT_RECORDED, "no same-day Nordic result for both legs")
    d, a, b = pair
    pct = abs(a - b) / max(a, b) * 100 if max(a, b) > 0 else 0.0  # bourne2015's definition
    assert f.threshold is not None
    return RiskFlag(f, PRESENT if pct >= f.threshold else ABSENT, f"{pct:.1f}% on {d.isoformat()}")


def _load_spike(case: Case, f: RiskFactor, as_of: date) -> RiskFlag:
    def week(end: date) -> float | None:
        loads = [s.load_au for s in case.sessions if end - timedelta(days=7) < s.date <= end]
        known = [x for x in loads if x is not None]
        return sum(known) if known else None

    this, last = week(as_of), week(as_of - timedelta(days=7))
    if this is None or last is None:
        return RiskFlag(f, NOT_RECORDED, "needs session RPE in both of the last two weeks")
    rise = this - last
    assert f.threshold is not None
    return RiskFlag(f, PRESENT if rise > f.threshold else ABSENT, f"{rise:+.0f} AU week on week")


def _history(attr: str) -> Callable[[Case, RiskFactor, date], RiskFlag]:
    def check(case: Case, f: RiskFactor, as_of: date) -> RiskFlag:
        value = getattr(case.injury, attr)
        if value is None:
            return RiskFlag(f, NOT_RECORDED, "not asked at intake")
        return RiskFlag(f, PRESENT if value else ABSENT, "yes" if value else "no")

    return check


def _previous_hsi(case: Case, f: RiskFactor, as_of: date) -> RiskFlag:
    n = case.injury.previous_hsi
    if not n:
        return RiskFlag(f, ABSENT, "none recorded")
    recent = ", one within the last 12 months (RR 4.8)" if case.injury.recent_hsi else ""
    return RiskFlag(f, PRESENT, f"{n} previous strain{'s' if n > 1 else ''}{recent}")


def _this_injury(case: Case, f: RiskFactor, as_of: date) -> RiskFlag:
    return RiskFlag(f, PRESENT, f"BAMIC {case.injury.grade}, {(as_of - case.injury.date).days} days ago")


def _age(case: Case, f: RiskFactor, as_of: date) -> RiskFlag:
    if case.athlete.birth_year is None:
        return RiskFlag(f, NOT_RECORDED, "birth year not recorded")
    return RiskFlag(f, SHOWN, f"about {as_of.year - case.athlete.birth_year} years old")


_CHECKS: dict[str, Callable[[Case, RiskFactor, date], RiskFlag]] = {
    "this_injury": _this_injury,
    "previous_hsi": _previous_hsi,
    "previous_acl": _history("previous_acl"),
    "previous_calf_strain": _history("previous_calf_strain"),
    "age": _age,
    "nordic_force_below": _below("nordic_force_n", "N"),
    "nordic_imbalance_at_least": _imbalance,
    "fascicle_below": _below("bflh_fascicle_cm", "cm"),
    "weekly_load_increase_above": _load_spike,
}


def reinjury_profile(case: Case, factors: tuple[RiskFactor, ...], as_of: date) -> tuple[RiskFlag, ...]:
    """Every factor of the data file for this case as of `as_of`, in the file's order."""
    return tuple(_CHECKS[f.kind](case, f, as_of) for f in factors)
