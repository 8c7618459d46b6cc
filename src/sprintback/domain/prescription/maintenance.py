"""After clearance: weekly maintenance (Nordic 1×/week, petersen2011; a maximal-speed exposure
every week, malone2017) and quarterly re-assessments with the tests that detect early deviation."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from sprintback.domain.errors import InvalidPlanRequest
from sprintback.domain.prescription import autoregulation
from sprintback.domain.prescription.catalogue import EQUIPMENT
from sprintback.domain.prescription.doses import ReassessmentTest, format_reps
from sprintback.domain.prescription.items import exercise_item, run_item
from sprintback.domain.prescription.library import RUN_SLOT, PrescriptionLibrary, SessionTemplate
from sprintback.domain.prescription.microcycle import choose_hard_days
from sprintback.domain.prescription.plan import (
    WEEKDAYS,
    DayAdjustment,
    DayLoad,
    DayPlan,
    PrescribedItem,
    Session,
    WeekPlan,
)
from sprintback.domain.prescription.planner import DayDecision
from sprintback.domain.prescription.substitution import substitute
from sprintback.domain.protocol import DecisionKind, Evidence

MAINTENANCE = "maintenance"


def add_months(d: date, months: int) -> date:
    """Same day `months` later, clamped to the month's last day (31 Jan + 1 month → 28/29 Feb)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Reassessment:
    date: date
    number: int
    tests: tuple[ReassessmentTest, ...]
    evidence: Evidence

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "number": self.number,
            "tests": [
                {"id": t.id, "label": t.label, "source": t.evidence.source, "grade": t.evidence.grade.value}
                for t in self.tests
            ],
            "source": self.evidence.source,
            "grade": self.evidence.grade.value,
        }


def reassessment_schedule(clearance: date, lib: PrescriptionLibrary) -> tuple[Reassessment, ...]:
    """Every `interval_months` after clearance, over `horizon_months` (doses.yaml maintenance)."""
    book = lib.doses
    n = book.reassessment_horizon_months // book.reassessment_interval_months
    return tuple(
        Reassessment(
            add_months(clearance, k * book.reassessment_interval_months),
            k,
            book.reassessment_tests,
            book.reassessment_evidence,
        )
        for k in range(1, n + 1)
    )


def plan_maintenance_week(
    clearance: date,
    week_start: date,
    days: tuple[str, ...],
    equipment: frozenset[str],
    lib: PrescriptionLibrary,
    decisions: Mapping[date, DayDecision] | None = None,
    previous_day_high_speed: bool = False,
) -> WeekPlan:
    """One Nordic maintenance session and one sprint exposure on two non-consecutive available days
    (the same day when only one is available), plus a re-assessment session when one falls due."""
    if not days:
        raise InvalidPlanRequest("give at least one available day (mon … sun)", "days")
    for name in days:
        if name not in WEEKDAYS:
            raise InvalidPlanRequest(f"unknown day {name!r}; use {', '.join(WEEKDAYS)}", "days")
    for e in sorted(equipment):
        if e not in EQUIPMENT:
            raise InvalidPlanRequest(f"unknown equipment {e!r}; known: {', '.join(sorted(EQUIPMENT))}", "equipment")
    if week_start + timedelta(days=6) < clearance:
        raise InvalidPlanRequest(f"the week starting {week_start} ends before clearance on {clearance}", "week_start")
    available = tuple(WEEKDAYS.index(d) for d in days)
    # In the clearance week only the days from clearance on can hold maintenance work.
    usable = tuple(
        (week_start + timedelta(days=i)).weekday()
        for i in range(7)
        if week_start + timedelta(days=i) >= clearance
        and (week_start + timedelta(days=i)).weekday() in available
        and not (previous_day_high_speed and i == 0)  # no sprint the day after last week's sprint
    )
    picked = choose_hard_days(usable, 2)
    if not picked:
        nordic_day = sprint_day = -1
    else:
        nordic_day, sprint_day = (picked[0], picked[1]) if len(picked) == 2 else (picked[0], picked[0])
    tpl = lib.maintenance
    maint = lib.doses.nordic.maintenance
    notes = [
        f"Nordic maintenance: {maint.sessions} session(s) a week, {maint.sets} sets of "
        f"{format_reps(maint.reps)} ({lib.doses.nordic_maintenance_evidence.source}).",
        f"Sprint exposure above {lib.doses.sprint_exposure_pct:g}% of max speed every week "
        f"({lib.doses.sprint_exposure_evidence.source}).",
        "Other days: normal team training.",
    ]
    due = [r for r in reassessment_schedule(clearance, lib) if week_start <= r.date < week_start + timedelta(days=7)]
    out: list[DayPlan] = []
    for i in range(7):
        d = week_start + timedelta(days=i)
        sessions: list[Session] = []
        if d >= clearance:
            if d.weekday() == sprint_day:
                sessions.append(_session(tpl.sprint_day, equipment, lib, notes))
            if d.weekday() == nordic_day:
                sessions.append(_session(tpl.nordic_day, equipment, lib, notes))
        for r in due:
            if r.date == d:
                sessions.append(
                    Session(
                        title=f"Quarterly re-assessment #{r.number}",
                        kind="reassessment",
                        items=(),
                        notes=tuple(t.label for t in r.tests),
                    )
                )
        load = DayLoad.HARD if sessions else DayLoad.EASY if d.weekday() in available else DayLoad.REST
        day = DayPlan(d, load, tuple(sessions))
        decision = (decisions or {}).get(d)
        out.append(_apply(day, decision, lib) if decision else day)
    lessons = lib.lessons_for(MAINTENANCE)
    keys = {
        lib.doses.nordic.evidence.source,
        lib.doses.sprint_exposure_evidence.source,
        lib.doses.reassessment_evidence.source,
        *(lesson.evidence.source for lesson in lessons),
    }
    keys.update(i.dose.evidence.source for day in out for i in day.items)
    keys.update(t.evidence.source for r in due for t in r.tests)
    return WeekPlan(
        week_start=week_start,
        phase=MAINTENANCE,
        running_max_pct=100.0,
        equipment=tuple(sorted(equipment)),
        days=tuple(out),
        nordic_week=0,
        running_stage=lib.doses.running.stages[-1].stage,
        notes=tuple(notes),
        lessons=lessons,
        citations={k: lib.doses.sources[k] for k in sorted(keys) if k in lib.doses.sources},
    )


def _apply(day: DayPlan, decision: DayDecision, lib: PrescriptionLibrary) -> DayPlan:
    """After clearance only deload and refer change a day; other decisions are recorded as they are."""
    adj = lib.doses.adjustments
    if decision.kind is DecisionKind.REFER:
        session, changes = autoregulation.refer(day.sessions[0] if day.sessions else None, lib)
        rule = adj["refer"]
        return DayPlan(
            day.date,
            DayLoad.REST,
            (session,),
            DayAdjustment("refer", decision.reason, rule.note, rule.evidence, tuple(changes)),
        )
    if decision.kind is DecisionKind.DELOAD and day.sessions:
        new, all_changes = [], []
        for s in day.sessions:
            if s.kind == "reassessment":
                new.append(s)
                continue
            changed, changes = autoregulation.deload(s, lib, 100.0)
            new.append(changed)
            all_changes.extend(changes)
        rule = adj["deload"]
        return DayPlan(
            day.date,
            DayLoad.EASY,
            tuple(new),
            DayAdjustment("deload", decision.reason, rule.note, rule.evidence, tuple(all_changes)),
        )
    note = "Maintenance continues as planned."
    return replace(day, adjustment=DayAdjustment(decision.kind.value, decision.reason, note, adj["hold"].evidence))


def _session(
    template: SessionTemplate, equipment: frozenset[str], lib: PrescriptionLibrary, notes: list[str]
) -> Session:
    phase = lib.phase_ids[-1]
    stage = lib.doses.running.stages[-1]  # maximal sprint
    items: list[PrescribedItem] = []
    for t in template.items:
        if t.ref == RUN_SLOT:
            items.append(run_item(stage, lib))
            continue
        ex = lib.catalogue[t.ref]
        sub = substitute(ex, phase, equipment, lib.catalogue)
        if sub is None:
            notes.append(f"{ex.name}: no exercise keeps its qualities with the equipment given; left out.")
            continue
        item = exercise_item(sub, phase, lib, cap=100.0, stage=stage, nordic_week=lib.doses.nordic.maintenance)
        if item is not None:
            items.append(item if sub.id == ex.id else replace(item, substituted_for=ex.id))
    return Session(template.title, "maintenance", tuple(items))
