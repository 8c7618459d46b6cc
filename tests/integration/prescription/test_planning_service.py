"""plan_for_case on the demo case: engine phase, Nordic week, day decisions, phase-change volume cap."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sprintback.casefile import load_case
from sprintback.catalogue_files import load_default_library
from sprintback.domain.engine import evaluate
from sprintback.domain.prescription import EQUIPMENT, WEEKDAYS
from sprintback.protocol_files import load_default_protocol
from sprintback.services.planning import monday_of, plan_for_case

DEMO = Path(__file__).parents[3] / "src/sprintback/demo/sam-2b-sprint.yaml"


def _plan(as_of: date, **kw):
    case = load_case(DEMO)
    kw.setdefault("days", WEEKDAYS)
    kw.setdefault("equipment", frozenset(EQUIPMENT))
    return case, plan_for_case(case, load_default_protocol(), load_default_library(), as_of=as_of, **kw)


def test_the_week_uses_the_engines_phase_and_running_cap():
    case, result = _plan(date(2026, 10, 22))
    decision = evaluate(case, load_default_protocol(), date(2026, 10, 22))
    assert result.plan.phase == decision.phase == "strength"
    assert result.plan.running_max_pct == 70
    assert result.plan.week_start == monday_of(date(2026, 10, 22)) == date(2026, 10, 19)


def test_todays_decision_travels_with_todays_session():
    _, result = _plan(date(2026, 10, 22))
    today = next(d for d in result.plan.days if d.date == date(2026, 10, 22))
    assert today.adjustment is not None
    assert today.adjustment.decision == result.decision.kind.value
    assert today.adjustment.reason == result.decision.summary
    later = [d for d in result.plan.days if d.date > date(2026, 10, 22)]
    assert all(d.adjustment is None for d in later)  # the future is planned, not decided


def test_nordic_weeks_count_from_the_first_week_with_nordic_work():
    # Evidence v2: Nordic work starts in `strength` (after the first-phase minimum, audit §2.1-1), which the
    # demo enters on Sunday 2026-10-18: the loading week has none, the week of 2026-10-12 is Nordic week 1.
    assert _plan(date(2026, 10, 14))[1].plan.nordic_week is None
    assert _plan(date(2026, 10, 18))[1].plan.nordic_week == 1
    assert _plan(date(2026, 10, 22))[1].plan.nordic_week == 2
    assert _plan(date(2026, 10, 29))[1].plan.nordic_week == 3


def test_first_week_of_a_new_phase_is_capped_against_last_weeks_running():
    _, last_week = _plan(date(2026, 10, 14))
    _, this_week = _plan(date(2026, 10, 20))
    assert last_week.plan.phase == "loading" and this_week.plan.phase == "strength"
    assert this_week.plan.running_m <= last_week.plan.running_m * 1.10 + 1e-9


def test_days_before_the_injury_are_not_planned():
    # injury on Monday 2026-10-05; plan the week starting the Monday before with a mid-week start
    case = load_case(DEMO)
    from dataclasses import replace

    wednesday_injury = replace(case, injury=replace(case.injury, date=date(2026, 10, 7)))
    result = plan_for_case(
        wednesday_injury,
        load_default_protocol(),
        load_default_library(),
        as_of=date(2026, 10, 8),
        days=WEEKDAYS,
        equipment=frozenset(EQUIPMENT),
    )
    planned = [d.date for d in result.plan.days if d.sessions]
    assert planned and min(planned) >= date(2026, 10, 7)


def test_a_past_week_is_planned_in_the_phase_it_was_in():
    _, result = _plan(date(2026, 11, 23), week_start=date(2026, 10, 19))
    assert result.plan.phase == "strength"
    assert result.as_of == date(2026, 10, 25)  # the last day of that week
