from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from sprintback.domain.prescription import EQUIPMENT, WEEKDAYS, DayDecision, DayLoad, PlanRequest, plan_week
from sprintback.domain.protocol import DecisionKind

MONDAY = date(2026, 11, 23)
FULL_GYM = frozenset(EQUIPMENT)


def _plan(lib, phase, cap, decisions=None, **kw):
    return plan_week(PlanRequest(phase, cap, MONDAY, WEEKDAYS, FULL_GYM, 90, decisions=decisions or {}, **kw), lib)


@pytest.mark.parametrize(
    ("phase", "cap"), [("loading", 50), ("strength", 70), ("running", 90), ("sport", 100), ("return", 100)]
)
def test_deload_day_has_less_volume_and_no_high_speed_running(lib, phase, cap):
    planned = _plan(lib, phase, cap, nordic_week=6, weeks_in_phase=2)
    reason = "Next-morning pain 4/10 above yesterday's 1/10"
    deloaded = _plan(
        lib, phase, cap, {MONDAY: DayDecision(DecisionKind.DELOAD, reason)}, nordic_week=6, weeks_in_phase=2
    )
    before, after = planned.days[0], deloaded.days[0]
    assert before.load is DayLoad.HARD
    assert after.volume < before.volume
    assert after.running_m <= before.running_m * 0.6 + 1e-9
    assert not after.high_speed
    assert all((i.pct_max_speed or 0) <= lib.doses.high_speed_above_pct for i in after.items)
    assert not any(i.family == "plyometric" for i in after.items)
    # the reason travels with the session, and the rule says what changed
    assert after.adjustment is not None and after.adjustment.reason == reason
    assert after.adjustment.decision == "deload" and after.adjustment.changes
    assert after.adjustment.evidence.grade.value == "practice-default"
    # only that day changes
    assert deloaded.days[2].to_dict() == planned.days[2].to_dict()


def test_regress_day_uses_regressions_and_a_lower_running_band(lib):
    planned = _plan(lib, "running", 90, nordic_week=5, weeks_in_phase=1)
    regressed = _plan(
        lib,
        "running",
        90,
        {MONDAY: DayDecision(DecisionKind.REGRESS, "Pain 6/10 in session")},
        nordic_week=5,
        weeks_in_phase=1,
    )
    day = regressed.days[0]
    assert day.adjustment is not None and day.adjustment.decision == "regress"
    assert max((i.pct_max_speed or 0) for i in day.items) <= 70
    for item in day.items:
        assert lib.catalogue[item.exercise_id].fits("strength"), item.exercise_id
    assert "nordic_partner" in {i.exercise_id for i in planned.days[0].items}
    assert "nordic_band_assisted" in {i.exercise_id for i in day.items}


def test_regress_to_phase_one_removes_every_long_length_exercise(lib):
    plan = _plan(lib, "loading", 50, {MONDAY: DayDecision(DecisionKind.REGRESS, "Rising pain")})
    day = plan.days[0]
    assert day.items
    assert not [i.exercise_id for i in day.items if lib.catalogue[i.exercise_id].long_length]
    assert not [i for i in day.items if i.pct_max_speed]


def test_default_hold_keeps_the_phase_session_and_says_why(lib):
    assert lib.doses.adjustments["hold"].mode == "as_planned"
    planned = _plan(lib, "strength", 70, nordic_week=3, weeks_in_phase=1)
    held = _plan(
        lib,
        "strength",
        70,
        {MONDAY: DayDecision(DecisionKind.HOLD, "Criteria not yet met")},
        nordic_week=3,
        weeks_in_phase=1,
    )
    assert held.days[0].sessions == planned.days[0].sessions
    adj = held.days[0].adjustment
    assert adj is not None and adj.reason == "Criteria not yet met" and "strength" in adj.changes[0]
    assert max(i.pct_max_speed or 0 for i in held.days[0].items) <= 70


def test_hold_in_repeat_last_week_mode_takes_no_new_step_that_day(lib):
    adjustments = dict(lib.doses.adjustments)
    adjustments["hold"] = replace(adjustments["hold"], mode="repeat_last_week")
    strict = replace(lib, doses=replace(lib.doses, adjustments=adjustments))
    planned = _plan(strict, "strength", 70, nordic_week=3, weeks_in_phase=1)
    held = _plan(
        strict,
        "strength",
        70,
        {MONDAY: DayDecision(DecisionKind.HOLD, "Criteria not yet met")},
        nordic_week=3,
        weeks_in_phase=1,
    )
    p_nordic = next(i for i in planned.days[0].items if i.family == "nordic")
    h_nordic = next(i for i in held.days[0].items if i.family == "nordic")
    assert p_nordic.dose.total_reps > h_nordic.dose.total_reps  # week 3 → week 2 dose
    p_run = next(i for i in planned.days[0].items if i.run_stage)
    h_run = next(i for i in held.days[0].items if i.run_stage)
    assert h_run.run_stage == p_run.run_stage - 1
    assert held.days[0].adjustment is not None and held.days[0].adjustment.reason == "Criteria not yet met"


def test_refer_day_is_rest_with_gentle_mobility_and_says_see_the_physician(lib):
    plan = _plan(lib, "sport", 100, {MONDAY: DayDecision(DecisionKind.REFER, "Night pain reported")})
    day = plan.days[0]
    assert day.load is DayLoad.REST
    assert not day.high_speed and not day.running_m
    assert {i.family for i in day.items} <= {"mobility"}
    assert "physician" in day.adjustment.rule and "physician" in day.sessions[0].title
    assert day.adjustment.reason == "Night pain reported"
    assert "provisional" in plan.notes[0] and "physician" in plan.notes[0]


def test_progress_day_keeps_the_session_but_still_says_why(lib):
    plan = _plan(lib, "strength", 70, {MONDAY: DayDecision(DecisionKind.PROGRESS, "All exit criteria met")})
    baseline = _plan(lib, "strength", 70)
    assert plan.days[0].sessions == baseline.days[0].sessions
    assert plan.days[0].adjustment is not None and plan.days[0].adjustment.reason == "All exit criteria met"


def test_decision_on_a_rest_day_is_recorded_without_inventing_training(lib):
    plan = plan_week(
        PlanRequest(
            "strength",
            70,
            MONDAY,
            ("mon", "wed", "fri"),
            FULL_GYM,
            60,
            decisions={MONDAY + timedelta(days=1): DayDecision(DecisionKind.DELOAD, "Soreness 6/10")},
        ),
        lib,
    )
    tue = plan.days[1]
    assert tue.load is DayLoad.REST and not tue.sessions
    assert tue.adjustment is not None and tue.adjustment.reason == "Soreness 6/10"
