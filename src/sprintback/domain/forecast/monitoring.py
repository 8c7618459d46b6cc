"""After clearance: is the athlete keeping what they were cleared with?

Each re-assessment (quarterly by default) is compared with the athlete's own values at clearance (the latest
within a window before it). A drift alert fires when a monitored value falls beyond its documented margin
(the data file cites each); a re-assessment not done within the grace period of its due date is overdue.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sprintback.domain.forecast.config import DriftRule, Monitoring
from sprintback.domain.models import Case, Observation
from sprintback.domain.prescription.maintenance import add_months

ALERT, OK, NOT_MEASURED = "alert", "ok", "not_measured"


@dataclass(frozen=True)
class Reading:
    value: float
    date: date


@dataclass(frozen=True)
class DriftCheck:
    rule: DriftRule
    status: str  # alert | ok | not_measured
    at_clearance: Reading | None
    latest: Reading | None
    detail: str

    def to_dict(self, citation: str = "") -> dict[str, Any]:
        def reading(r: Reading | None) -> dict[str, Any] | None:
            return {"value": round(r.value, 2), "date": r.date.isoformat()} if r else None

        return {
            "id": self.rule.id, "label": self.rule.label, "status": self.status, "rule": self.rule.rule,
            "margin": self.rule.margin, "at_clearance": reading(self.at_clearance), "latest": reading(self.latest),
            "detail": self.detail, "source": self.rule.evidence.source, "grade": self.rule.evidence.grade.value,
            "note": self.rule.evidence.note, "citation": citation,
        }  # fmt: skip


@dataclass(frozen=True)
class DueReassessment:
    number: int
    due: date
    status: str  # done | due | overdue | upcoming
    done_on: date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "due": self.due.isoformat(),
            "status": self.status,
            "done_on": self.done_on.isoformat() if self.done_on else None,
        }


@dataclass(frozen=True)
class MaintenanceReport:
    cleared_on: date
    as_of: date
    checks: tuple[DriftCheck, ...]
    schedule: tuple[DueReassessment, ...]

    @property
    def alerts(self) -> tuple[str, ...]:
        """One plain sentence per alert: drifts first, then overdue re-assessments."""
        out = [f"{c.rule.label}: {c.detail}" for c in self.checks if c.status == ALERT]
        out += [
            f"Re-assessment #{r.number} was due on {r.due.isoformat()} and is overdue"
            for r in self.schedule
            if r.status == "overdue"
        ]
        return tuple(out)

    def to_dict(self, sources: dict[str, str] | None = None) -> dict[str, Any]:
        cite = sources or {}
        return {
            "cleared_on": self.cleared_on.isoformat(),
            "as_of": self.as_of.isoformat(),
            "alerts": list(self.alerts),
            "checks": [c.to_dict(cite.get(c.rule.evidence.source, "")) for c in self.checks],
            "reassessments": [r.to_dict() for r in self.schedule],
        }


def _reading(case: Case, rule: DriftRule, obs: Sequence[Observation], start: date, end: date) -> Reading | None:
    """The rule's statistic over observations dated start..end: the latest injured-leg value, the latest same-day
    limb symmetry, or the best value."""
    inj, other = case.injury.side, case.injury.side.other
    window = [o for o in obs if o.kind == rule.measure and start <= o.date <= end]
    if rule.statistic == "injured":
        legs = [o for o in window if o.side == inj]
        return Reading(legs[-1].value, legs[-1].date) if legs else None
    if rule.statistic == "lsi":
        by_day: dict[date, dict[Any, float]] = {}
        for o in window:
            by_day.setdefault(o.date, {})[o.side] = o.value
        days = [d for d in sorted(by_day) if inj in by_day[d] and by_day[d].get(other)]
        if not days:
            return None
        d = days[-1]
        return Reading(by_day[d][inj] / by_day[d][other] * 100, d)
    if not window:
        return None
    best = max(window, key=lambda o: (o.value, o.date))
    return Reading(best.value, best.date)


def _check(
    case: Case, rule: DriftRule, obs: Sequence[Observation], cleared: date, as_of: date, look: int
) -> DriftCheck:
    back = rule.window_days if rule.statistic == "best" else look
    ref = _reading(case, rule, obs, cleared - timedelta(days=back), cleared)
    start = max(cleared + timedelta(days=1), as_of - timedelta(days=rule.window_days - 1))
    latest = _reading(case, rule, obs, start if rule.statistic == "best" else cleared + timedelta(days=1), as_of)
    if latest is None:
        return DriftCheck(rule, NOT_MEASURED, ref, None, "not measured since clearance")
    if rule.rule == "below":
        fell = latest.value < rule.margin
        detail = f"{latest.value:.1f}% on {latest.date.isoformat()} (alert below {rule.margin:g}%)"
        if ref is not None:
            detail += f"; {ref.value:.1f}% at clearance"
        return DriftCheck(rule, ALERT if fell else OK, ref, latest, detail)
    if ref is None:
        return DriftCheck(rule, NOT_MEASURED, None, latest, "no value at clearance to compare with")
    if rule.rule == "drop_more_than":
        drop = ref.value - latest.value
        fell = drop > rule.margin
        detail = (
            f"{latest.value:g} on {latest.date.isoformat()} vs {ref.value:g} at clearance "
            f"({-drop:+g}; alert beyond −{rule.margin:g})"
        )
        return DriftCheck(rule, ALERT if fell else OK, ref, latest, detail)
    pct = latest.value / ref.value * 100 if ref.value else 0.0
    fell = pct < rule.margin
    detail = (
        f"{latest.value:g} on {latest.date.isoformat()} = {pct:.0f}% of {ref.value:g} at clearance "
        f"(alert below {rule.margin:g}%)"
    )
    return DriftCheck(rule, ALERT if fell else OK, ref, latest, detail)


def _schedule(case: Case, m: Monitoring, cleared: date, as_of: date) -> tuple[DueReassessment, ...]:
    tested = {rule.measure for rule in m.drift}
    days = sorted({x.date for x in case.measurements if x.kind in tested and x.date > cleared})
    grace = timedelta(days=m.grace_days)
    dues = [add_months(cleared, k * m.interval_months) for k in range(1, m.horizon_months // m.interval_months + 1)]
    out = []
    for k, due in enumerate(dues, start=1):
        until = dues[k] - grace if k < len(dues) else due + grace + timedelta(days=m.interval_months * 31)
        done = next((d for d in days if due - grace <= d < until and d <= as_of), None)
        if done is not None:
            status = "done"
        elif as_of > due + grace:
            status = "overdue"
        elif as_of >= due - grace:
            status = "due"
        else:
            status = "upcoming"
        out.append(DueReassessment(k, due, status, done))
    return tuple(out)


def maintenance_report(case: Case, monitoring: Monitoring, cleared_on: date, as_of: date) -> MaintenanceReport:
    """Drift checks and the re-assessment schedule of a cleared athlete as of `as_of`."""
    obs = list(case.observations(as_of))
    checks = tuple(
        _check(case, rule, obs, cleared_on, as_of, monitoring.clearance_window_days) for rule in monitoring.drift
    )
    return MaintenanceReport(cleared_on, as_of, checks, _schedule(case, monitoring, cleared_on, as_of))
