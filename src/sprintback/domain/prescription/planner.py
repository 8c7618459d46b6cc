"""The weekly planner (microcycle): phase + running cap + decisions + days + equipment → 7 days.

Rules (docs/prescription.md): hard and easy days alternate, hard days are never consecutive
(counting Sunday→Monday), so high-speed running never falls on consecutive days; unavailable days
are rest, and each phase keeps its minimum rest days. Deterministic: the same request gives the
same plan. Dates are passed in; there is no clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from sprintback.domain.errors import InvalidPlanRequest
from sprintback.domain.prescription import autoregulation
from sprintback.domain.prescription.catalogue import EQUIPMENT
from sprintback.domain.prescription.doses import NordicWeek
from sprintback.domain.prescription.items import exercise_item, run_item
from sprintback.domain.prescription.library import RUN_SLOT, PrescriptionLibrary, SessionTemplate
from sprintback.domain.prescription.microcycle import choose_hard_days, choose_rest_days
from sprintback.domain.prescription.plan import (
    WEEKDAYS,
    DayAdjustment,
    DayLoad,
    DayPlan,
    PrescribedItem,
    Session,
    WeekPlan,
)
from sprintback.domain.prescription.running import RunningStage
from sprintback.domain.prescription.substitution import missing_equipment, substitute
from sprintback.domain.prescription.week_summary import finish_week
from sprintback.domain.protocol import DecisionKind


@dataclass(frozen=True)
class DayDecision:
    kind: DecisionKind
    reason: str


@dataclass(frozen=True)
class PlanRequest:
    phase: str
    running_max_pct: float  # Phase.running_max_pct: the engine's running cap for the phase
    week_start: date
    days: tuple[str, ...]  # available weekdays: mon … sun
    equipment: frozenset[str]
    session_minutes: int = 60
    decisions: Mapping[date, DayDecision] = field(default_factory=dict)
    nordic_week: int = 1  # week of Nordic work (petersen2011 table), 1-based
    weeks_in_phase: int = 0  # full weeks already spent in this phase (running-stage step)
    previous_week_running_m: float | None = None  # for the weekly volume cap
    previous_day_high_speed: bool = False  # the day before week_start held high-speed running
    # The protocol's first-phase minimum: no long-length or eccentric loading on days since injury below it.
    injury_date: date | None = None
    long_length_from_day: int = 0


def validate_request(req: PlanRequest, lib: PrescriptionLibrary) -> None:
    """Raise InvalidPlanRequest naming the field."""
    if req.phase not in lib.templates:
        raise InvalidPlanRequest(f"unknown phase {req.phase!r}; known: {', '.join(lib.phase_ids)}", "phase")
    if not req.days:
        raise InvalidPlanRequest("give at least one available day (mon … sun)", "days")
    for d in req.days:
        if d not in WEEKDAYS:
            raise InvalidPlanRequest(f"unknown day {d!r}; use {', '.join(WEEKDAYS)}", "days")
    for e in sorted(req.equipment):
        if e not in EQUIPMENT:
            raise InvalidPlanRequest(f"unknown equipment {e!r}; known: {', '.join(sorted(EQUIPMENT))}", "equipment")
    if not 0 <= req.running_max_pct <= 110:
        raise InvalidPlanRequest(f"{req.running_max_pct:g} is outside 0–110 %", "running_max_pct")
    if not 10 <= req.session_minutes <= 240:
        raise InvalidPlanRequest(f"{req.session_minutes} is outside 10–240 minutes", "session_minutes")
    if req.nordic_week < 1:
        raise InvalidPlanRequest("weeks count from 1", "nordic_week")
    if req.weeks_in_phase < 0:
        raise InvalidPlanRequest("cannot be negative", "weeks_in_phase")
    if not 0 <= req.long_length_from_day <= 365:
        raise InvalidPlanRequest(f"{req.long_length_from_day} is outside 0–365 days", "long_length_from_day")
    for when in req.decisions:
        if not req.week_start <= when < req.week_start + timedelta(days=7):
            raise InvalidPlanRequest(f"{when} is outside the week starting {req.week_start}", "decisions")


@dataclass
class _Week:
    """Working state while a week is assembled."""

    req: PlanRequest
    lib: PrescriptionLibrary
    stage: RunningStage | None
    nordic: NordicWeek | None
    notes: list[str]


def plan_week(req: PlanRequest, lib: PrescriptionLibrary) -> WeekPlan:
    validate_request(req, lib)
    tpl = lib.templates[req.phase]
    cap = req.running_max_pct
    stage = lib.doses.running.stage_for(cap, req.weeks_in_phase)
    nordic_ids = {e.id for e in lib.catalogue.exercises.values() if e.family == "nordic"}
    has_nordic = any(i.ref in nordic_ids for t in tpl.hard for i in t.items)
    week = _Week(req, lib, stage, lib.doses.nordic.week(req.nordic_week) if has_nordic else None, [])

    available = tuple(WEEKDAYS.index(d) for d in req.days)
    # High-speed running yesterday (last week's last day) rules out a key session on the first day.
    first = req.week_start.weekday()
    hard_candidates = tuple(d for d in available if not (req.previous_day_high_speed and d == first))
    hard = set(choose_hard_days(hard_candidates, tpl.hard_days))
    if len(hard) < tpl.hard_days:
        week.notes.append(
            f"{len(hard)} of {tpl.hard_days} key sessions fit: key sessions are never on consecutive days."
        )
    rest = choose_rest_days(set(available), hard, tpl.min_rest_days)
    loads: list[tuple[date, DayLoad]] = []
    for i in range(7):
        d = req.week_start + timedelta(days=i)
        wd = d.weekday()
        load = DayLoad.HARD if wd in hard else DayLoad.EASY if wd in set(available) - rest else DayLoad.REST
        loads.append((d, load))

    built: list[list[tuple[PrescribedItem, bool]]] = []
    titles: list[str] = []
    hard_index = 0
    for _, load in loads:
        if load is DayLoad.REST:
            built.append([])
            titles.append("Rest")
            continue
        template = tpl.easy if load is DayLoad.EASY else tpl.hard[hard_index % len(tpl.hard)]
        hard_index += load is DayLoad.HARD
        built.append(_build_items(template, week, stage, week.nordic))
        titles.append(template.title)
    _hold_long_length_before_floor(built, [d for d, _ in loads], week)
    _limit_nordic_sessions(built, week, nordic_ids)
    days = [_day(d, load, title, items, week) for (d, load), title, items in zip(loads, titles, built, strict=True)]
    days = _cap_running_volume(days, week)
    days = [_apply_decision(day, week) for day in days]
    return finish_week(days, req, lib, week.notes, week.nordic, week.stage)


def _build_items(
    template: SessionTemplate, week: _Week, stage: RunningStage | None, nordic: NordicWeek | None
) -> list[tuple[PrescribedItem, bool]]:
    req, lib = week.req, week.lib
    out: list[tuple[PrescribedItem, bool]] = []
    for t in template.items:
        if t.ref == RUN_SLOT:
            if stage is not None:
                out.append((run_item(stage, lib), t.optional))
            continue
        ex = lib.catalogue[t.ref]
        sub = substitute(ex, req.phase, req.equipment, lib.catalogue)
        if sub is None:
            lost = ", ".join(ex.qualities)
            _note(week, f"{ex.name}: no exercise keeps {lost} with the equipment given; left out.")
            continue
        if sub.id != ex.id and any(i.exercise_id == sub.id for i, _ in out):
            continue  # its substitute is already in this session, which keeps the same qualities
        item = exercise_item(sub, req.phase, lib, cap=req.running_max_pct, stage=stage, nordic_week=nordic)
        if item is None:
            continue
        if sub.id != ex.id:
            need = ", ".join(missing_equipment(ex, req.equipment))
            item = replace(
                item,
                substituted_for=ex.id,
                note=f"Instead of {ex.name} (needs {need}); trains the same qualities. {item.note}".strip(),
            )
        out.append((item, t.optional))
    return out


def _hold_long_length_before_floor(
    built: list[list[tuple[PrescribedItem, bool]]], dates: list[date], week: _Week
) -> None:
    """No long-length or eccentric loading (Nordic, L-protocol, long-lever work) before the first-phase minimum."""
    req, catalogue = week.req, week.lib.catalogue
    if req.injury_date is None or req.long_length_from_day <= 0:
        return
    for d, items in zip(dates, built, strict=True):
        if (d - req.injury_date).days >= req.long_length_from_day:
            continue
        kept = [(i, opt) for i, opt in items if not catalogue[i.exercise_id].long_length]
        if len(kept) < len(items):
            items[:] = kept
            _note(
                week,
                f"No long-length or eccentric loading before day {req.long_length_from_day} after the injury "
                "(the protocol's first-phase minimum): those exercises start after it.",
            )


def _note(week: _Week, text: str) -> None:
    if text not in week.notes:
        week.notes.append(text)


def _limit_nordic_sessions(built: list[list[tuple[PrescribedItem, bool]]], week: _Week, nordic_ids: set[str]) -> None:
    """Keep Nordic work on the first N days that have it, N = this week's sessions (petersen2011)."""
    if week.nordic is None:
        return
    allowed, kept = week.nordic.sessions, 0
    for items in built:
        has = any(i.family == "nordic" for i, _ in items)
        if not has:
            continue
        if kept < allowed:
            kept += 1
        else:
            items[:] = [(i, opt) for i, opt in items if i.family != "nordic"]
    label = f"week {week.nordic.week}" if week.nordic.week else "maintenance"
    _note(week, f"Nordic {label}: {allowed} session(s) this week ({week.lib.doses.nordic.evidence.source}).")
    if kept < allowed:
        _note(week, f"Only {kept} of {allowed} Nordic sessions fit the available days; add a training day.")


def _day(d: date, load: DayLoad, title: str, items: list[tuple[PrescribedItem, bool]], week: _Week) -> DayPlan:
    if load is DayLoad.REST:
        return DayPlan(d, load, ())
    fitted = _fit_budget(items, week.req.session_minutes, week)
    kind = "training" if load is DayLoad.HARD else "recovery"
    return DayPlan(d, load, (Session(title, kind, tuple(fitted)),))


def _fit_budget(items: list[tuple[PrescribedItem, bool]], minutes: int, week: _Week) -> list[PrescribedItem]:
    """Drop optional items (last first), then trim sets of accessory work, to fit the session length.
    Team sessions do not count (their length is the team's); Nordic and running doses are kept."""

    def total(xs: list[tuple[PrescribedItem, bool]]) -> float:
        return sum(i.minutes for i, _ in xs if i.family != "team")

    work = list(items)
    while total(work) > minutes and any(opt for _, opt in work):
        last = max(k for k, (_, opt) in enumerate(work) if opt)
        work.pop(last)
    while total(work) > minutes:
        trimmable = [
            k for k, (i, _) in enumerate(work) if i.dose.sets > 1 and i.family != "nordic" and not i.is_running
        ]
        if not trimmable:
            _note(week, f"Some sessions need more than {minutes} min even at minimum; allow more time.")
            break
        k = max(trimmable, key=lambda j: (work[j][0].dose.sets, j))
        item, opt = work[k]
        work[k] = (replace(item, dose=item.dose.with_sets(item.dose.sets - 1)), opt)
    return [i for i, _ in work]


# ------------------------------------------------------------------------------------------------
# Weekly running-volume cap (gabbett2016, practice default)


def _previous_week_running(week: _Week) -> float | None:
    req = week.req
    if req.previous_week_running_m is not None:
        return req.previous_week_running_m
    if req.weeks_in_phase == 0:
        return None
    prev = replace(
        req,
        week_start=req.week_start - timedelta(days=7),
        decisions={},
        weeks_in_phase=req.weeks_in_phase - 1,
        nordic_week=max(1, req.nordic_week - 1),
        previous_week_running_m=None,
        previous_day_high_speed=False,
    )
    return plan_week(prev, week.lib).running_m


def _cap_running_volume(days: list[DayPlan], week: _Week) -> list[DayPlan]:
    """Keep planned running metres within +cap% of last week's, adding reps round-robin by day."""
    current = sum(d.running_m for d in days)
    prev = _previous_week_running(week)
    pct = week.lib.doses.volume_cap_pct
    if prev is None or prev <= 0 or current <= prev * (1 + pct / 100):
        return days
    allowed = prev * (1 + pct / 100)
    slots = [
        (di, ii, item)
        for di, day in enumerate(days)
        if day.sessions
        for ii, item in enumerate(day.sessions[0].items)
        if item.running_m > 0
    ]
    reps = [1] * len(slots)
    used = sum(item.dose.sets * (item.dose.distance_m or 0) for _, _, item in slots)
    grew = True
    while grew:
        grew = False
        for k, (_, _, item) in enumerate(slots):
            step = item.dose.sets * (item.dose.distance_m or 0)
            if reps[k] < item.dose.total_reps and used + step <= allowed:
                reps[k] += 1
                used += step
                grew = True
    out = list(days)
    for (di, ii, item), n in zip(slots, reps, strict=True):
        session = out[di].sessions[0]
        items = list(session.items)
        items[ii] = replace(item, dose=replace(item.dose, reps=((n, n),) * item.dose.sets))
        out[di] = replace(out[di], sessions=(replace(session, items=tuple(items)), *out[di].sessions[1:]))
    _note(
        week,
        f"Running volume capped at +{pct:g}% on last week's {prev:.0f} m: {used:.0f} m planned instead of "
        f"{current:.0f} m ({week.lib.doses.volume_cap_evidence.source}, "
        f"{week.lib.doses.volume_cap_evidence.grade.value}).",
    )
    return out


# ------------------------------------------------------------------------------------------------
# Autoregulation: the day's decision rewrites the day, with the reason attached


def _apply_decision(day: DayPlan, week: _Week) -> DayPlan:
    dec = week.req.decisions.get(day.date)
    if dec is None:
        return day
    lib, req = week.lib, week.req
    adj = lib.doses.adjustments
    session = day.sessions[0] if day.sessions else None
    kind = dec.kind
    if kind in (DecisionKind.PROGRESS, DecisionKind.CLEAR):
        rule = (
            "Criteria met: today's session is as planned; the next phase starts tomorrow."
            if kind is DecisionKind.PROGRESS
            else "Cleared for return to sport: maintenance starts (Nordic 1×/week, weekly sprint exposure)."
        )
        return replace(day, adjustment=DayAdjustment(kind.value, dec.reason, rule, adj["hold"].evidence))
    if kind is DecisionKind.REFER:
        new, changes = autoregulation.refer(session, lib)
        rule_r = adj["refer"]
        return DayPlan(
            day.date,
            DayLoad.REST,
            (new,),
            DayAdjustment("refer", dec.reason, rule_r.note, rule_r.evidence, tuple(changes)),
        )
    rule_a = adj[kind.value]
    if session is None:
        return replace(
            day,
            adjustment=DayAdjustment(kind.value, dec.reason, "Rest day: nothing to change.", rule_a.evidence),
        )
    if kind is DecisionKind.DELOAD:
        new, changes = autoregulation.deload(session, lib, req.running_max_pct)
        load = DayLoad.EASY
    elif kind is DecisionKind.REGRESS:
        idx = lib.phase_ids.index(req.phase)
        target = lib.phase_ids[max(0, idx - 1)]
        new, changes = autoregulation.regress(
            session, lib, target_phase=target, cap=req.running_max_pct, equipment=req.equipment
        )
        load = DayLoad.EASY
    elif rule_a.mode == "repeat_last_week":
        new, changes = _hold(session, week)
        load = day.load
    else:
        new, load = session, day.load
        changes = [f"Stays in {req.phase}: running up to {req.running_max_pct:g}% of max speed, this phase's doses."]
    adjustment = DayAdjustment(kind.value, dec.reason, rule_a.note, rule_a.evidence, tuple(changes))
    return DayPlan(day.date, load, (new,), adjustment)


def _hold(session: Session, week: _Week) -> tuple[Session, list[str]]:
    """Repeat last week's dose: the running stage and Nordic week step back one."""
    req, lib = week.req, week.lib
    stage_prev = lib.doses.running.stage_for(req.running_max_pct, req.weeks_in_phase - 1)
    nordic_prev = lib.doses.nordic.week(req.nordic_week - 1)
    items, changes = [], []
    for item in session.items:
        new = item
        if item.run_stage is not None and stage_prev is not None and stage_prev.stage != item.run_stage:
            new = run_item(stage_prev, lib)
        elif item.family == "nordic" and week.nordic is not None and nordic_prev.week != week.nordic.week:
            new = replace(item, dose=lib.doses.nordic.dose(nordic_prev))
        if new != item:
            changes.append(f"{item.name}: {item.describe()} → {new.name} {new.describe()}")
        items.append(new)
    if not changes:
        changes.append("Already at this phase's first step: no progression today.")
    return replace(session, title=f"Hold: {session.title}", items=tuple(items)), changes
