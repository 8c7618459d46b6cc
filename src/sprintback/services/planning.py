"""Use case `plan_week` for a case: evaluate with the engine, then prescribe the week.

The engine says where the athlete is (phase, running cap, today's decision); the prescription
domain turns that into seven days. Before clearance: the phase's microcycle with each past or
present day's decision applied to that day. After a `clear` decision: maintenance and quarterly
re-assessments counted from the clearance date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sprintback.domain.decision import Decision
from sprintback.domain.engine import replay
from sprintback.domain.errors import InvalidPlanRequest
from sprintback.domain.models import Case
from sprintback.domain.prescription.library import PrescriptionLibrary
from sprintback.domain.prescription.maintenance import Reassessment, plan_maintenance_week, reassessment_schedule
from sprintback.domain.prescription.plan import WEEKDAYS, WeekPlan
from sprintback.domain.prescription.planner import DayDecision, PlanRequest, plan_week
from sprintback.domain.protocol import DecisionKind, Protocol


@dataclass(frozen=True)
class CasePlan:
    athlete_id: str
    athlete_name: str
    as_of: date
    decision: Decision
    plan: WeekPlan
    clearance: date | None
    reassessments: tuple[Reassessment, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": "sprintback-plan/1",
            "athlete": self.athlete_id,
            "as_of": self.as_of.isoformat(),
            "decision": {
                "kind": self.decision.kind.value,
                "phase": self.decision.phase,
                "summary": self.decision.summary,
                "next_phase": self.decision.next_phase,
            },
            "clearance": self.clearance.isoformat() if self.clearance else None,
            "reassessments": [r.to_dict() for r in self.reassessments],
            **self.plan.to_dict(),
        }


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def reference_day(as_of: date, week_start: date | None = None) -> date:
    """The day a week's plan is decided on: a past week as it stood on its last day, the current or a future
    week as of `as_of`."""
    return min(as_of, (week_start or monday_of(as_of)) + timedelta(days=6))


def _reason(d: Decision) -> str:
    return d.summary


def plan_reference(case: Case, as_of: date, week_start: date | None = None) -> date:
    """The day the week is planned as of: a past week as it stood on its last day, the current or a future week
    as of `as_of`. The replay behind a plan runs to this day."""
    start = week_start or monday_of(as_of)
    if as_of < case.injury.date:
        raise InvalidPlanRequest(f"{as_of} is before the injury ({case.injury.date})", "as_of")
    reference = min(as_of, start + timedelta(days=6))
    if reference < case.injury.date:
        raise InvalidPlanRequest(f"the week starting {start} ends before the injury ({case.injury.date})", "week")
    return reference


def plan_for_case(
    case: Case,
    protocol: Protocol,
    lib: PrescriptionLibrary,
    *,
    as_of: date,
    week_start: date | None = None,
    days: tuple[str, ...],
    equipment: frozenset[str],
    session_minutes: int = 60,
    history: list[Decision] | None = None,
) -> CasePlan:
    """Plan the week starting `week_start` (default: the Monday of `as_of`) for this case.

    `history` is the case's replay up to `plan_reference(case, as_of, week_start)` when the caller has it
    already (a read model replays once for the whole screen); without it the engine replays here."""
    start = week_start or monday_of(as_of)
    reference = plan_reference(case, as_of, week_start)
    if history is None:
        history = replay(case, protocol, reference)
    elif not history or history[-1].as_of != reference:
        raise ValueError(f"the history given ends on {history[-1].as_of if history else None}, not {reference}")
    week = _Inputs(case, protocol, lib, days, equipment, session_minutes)
    previous = _previous_week(week, history, start)
    plan, clearance = _plan(week, history, start, previous)
    return CasePlan(
        case.athlete.id,
        case.athlete.name,
        reference,
        history[-1],
        plan,
        clearance,
        reassessment_schedule(clearance, lib) if clearance else (),
    )


@dataclass(frozen=True)
class _Inputs:
    case: Case
    protocol: Protocol
    lib: PrescriptionLibrary
    days: tuple[str, ...]
    equipment: frozenset[str]
    minutes: int


def _previous_week(week: _Inputs, history: list[Decision], start: date) -> WeekPlan | None:
    """Last week as it was planned (its phase at its start, with its decisions), for the volume cap
    and yesterday's high speed; the same availability is assumed. None before the injury."""
    last_day = start - timedelta(days=1)
    earlier = [d for d in history if d.as_of <= last_day]
    if not earlier:
        return None
    try:
        # Planned in the phase the athlete was in when that week began: what they were given to do.
        first_day = max(start - timedelta(days=7), week.case.injury.date)
        plan, _ = _plan(week, earlier, start - timedelta(days=7), None, phase_on=first_day)
    except InvalidPlanRequest:
        return None
    return plan


def _plan(
    week: _Inputs, history: list[Decision], start: date, previous: WeekPlan | None, phase_on: date | None = None
) -> tuple[WeekPlan, date | None]:
    case, lib = week.case, week.lib
    today = next((d for d in history if d.as_of == phase_on), history[-1])
    in_week = {
        d.as_of: DayDecision(d.kind, _reason(d)) for d in history if start <= d.as_of < start + timedelta(days=7)
    }
    yesterday_fast = previous is not None and previous.days[-1].high_speed
    clearance = next((d.as_of for d in history if d.kind is DecisionKind.CLEAR), None)
    if clearance is not None and start + timedelta(days=6) >= clearance:
        plan = plan_maintenance_week(clearance, start, week.days, week.equipment, lib, in_week, yesterday_fast)
        return plan, clearance
    # Days of the week before the injury are not part of the rehab: plan only from the injury on.
    pre_injury = {
        WEEKDAYS[(start + timedelta(days=i)).weekday()]
        for i in range(7)
        if start + timedelta(days=i) < case.injury.date
    }
    days = tuple(d for d in week.days if d not in pre_injury)
    if not days:
        raise InvalidPlanRequest("no available day falls on or after the injury date", "days")
    phase = today.phase
    if phase not in lib.templates:
        raise InvalidPlanRequest(f"phase {phase!r} has no session templates in the catalogue", "phase")
    previous_m = previous.running_m if previous is not None else None
    request = PlanRequest(
        phase=phase,
        running_max_pct=_cap(week.protocol, phase),
        week_start=start,
        days=days,
        equipment=week.equipment,
        session_minutes=week.minutes,
        decisions=in_week,
        nordic_week=_nordic_week(history, lib, start),
        weeks_in_phase=max(0, (start - (today.phase_entered or case.injury.date)).days // 7),
        previous_week_running_m=previous_m,
        previous_day_high_speed=yesterday_fast,
        injury_date=case.injury.date,
        long_length_from_day=week.protocol.first_phase_floor(case.injury),
    )
    return plan_week(request, lib), None


def _cap(protocol: Protocol, phase: str) -> float:
    """The phase's running cap; a phase without one allows no running (the safe reading)."""
    cap = protocol.phases[protocol.phase_index(phase)].running_max_pct
    return float(cap) if cap is not None else 0.0


def _nordic_week(history: list[Decision], lib: PrescriptionLibrary, start: date) -> int:
    """Weeks since the athlete first reached a phase whose sessions hold Nordic work (petersen2011 week 1)."""
    nordic_ids = {e.id for e in lib.catalogue.exercises.values() if e.family == "nordic"}
    nordic_phases = {p for p, t in lib.templates.items() if any(i.ref in nordic_ids for s in t.hard for i in s.items)}
    first = next((d.as_of for d in history if d.phase in nordic_phases), None)
    if first is None or first > start:
        return 1
    return (start - monday_of(first)).days // 7 + 1
