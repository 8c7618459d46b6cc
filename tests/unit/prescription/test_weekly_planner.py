from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sprintback.domain.errors import InvalidPlanRequest
from sprintback.domain.prescription import EQUIPMENT, WEEKDAYS, DayLoad, PlanRequest, plan_week
from sprintback.domain.prescription.microcycle import choose_hard_days
from sprintback.domain.prescription.week_summary import high_speed_days_adjacent

MONDAY = date(2026, 11, 23)
FULL_GYM = frozenset(EQUIPMENT)
PHASE_CAPS = {
    "protect": 0.0,
    "loading": 50.0,
    "strength": 70.0,
    "running": 90.0,
    "sport": 100.0,
    "return": 100.0,
}

day_sets = st.sets(st.sampled_from(WEEKDAYS), min_size=1).map(lambda s: tuple(d for d in WEEKDAYS if d in s))
phases = st.sampled_from(sorted(PHASE_CAPS))
equipment_sets = st.sets(st.sampled_from(sorted(EQUIPMENT))).map(frozenset)


@settings(max_examples=150, deadline=None)
@given(days=day_sets, phase=phases, kit=equipment_sets, weeks=st.integers(0, 6), start=st.integers(0, 6))
def test_a_plan_never_puts_high_speed_running_on_consecutive_days(lib, days, phase, kit, weeks, start):
    plan = plan_week(
        PlanRequest(phase, PHASE_CAPS[phase], MONDAY + timedelta(days=start), days, kit, 60, weeks_in_phase=weeks),
        lib,
    )
    assert not high_speed_days_adjacent(plan)
    ordered = sorted(plan.days, key=lambda d: d.date)
    for a, b in itertools.pairwise(ordered):
        assert not (a.high_speed and b.high_speed), (a.date, b.date)


@settings(max_examples=150, deadline=None)
@given(phase=phases, cap=st.floats(0, 110), weeks=st.integers(0, 8), days=day_sets)
def test_running_targets_never_exceed_the_cap_the_engine_allows(lib, phase, cap, weeks, days):
    plan = plan_week(PlanRequest(phase, cap, MONDAY, days, FULL_GYM, 90, weeks_in_phase=weeks), lib)
    for d in plan.days:
        for item in d.items:
            if item.pct_max_speed is not None:
                assert item.pct_max_speed <= cap + 1e-9, (item.exercise_id, item.pct_max_speed, cap)


@pytest.mark.parametrize("phase", sorted(PHASE_CAPS))
def test_running_stage_matches_the_phase_band(lib, phase):
    cap = PHASE_CAPS[phase]
    plan = plan_week(PlanRequest(phase, cap, MONDAY, WEEKDAYS, FULL_GYM, 90), lib)
    runs = [i for d in plan.days for i in d.items if i.run_stage is not None]
    if cap == 0:
        assert not runs and plan.running_stage is None
    else:
        assert runs and max(i.pct_max_speed or 0 for i in runs) <= cap


def test_unavailable_days_are_rest_and_hard_days_alternate_with_easy(lib):
    plan = plan_week(PlanRequest("strength", 70, MONDAY, ("mon", "tue", "wed", "thu", "fri"), FULL_GYM, 60), lib)
    loads = [d.load for d in plan.days]
    assert loads == [
        DayLoad.HARD,
        DayLoad.EASY,
        DayLoad.HARD,
        DayLoad.EASY,
        DayLoad.HARD,
        DayLoad.REST,
        DayLoad.REST,
    ]


def test_every_day_available_still_keeps_a_rest_day_at_the_end_of_the_week(lib):
    plan = plan_week(PlanRequest("running", 90, MONDAY, WEEKDAYS, FULL_GYM, 60), lib)
    assert [d.weekday for d in plan.days if d.load is DayLoad.REST] == ["sun"]


def test_protect_phase_trains_gently_every_available_day(lib):
    plan = plan_week(PlanRequest("protect", 0, MONDAY, WEEKDAYS, FULL_GYM, 60), lib)
    assert all(d.load is DayLoad.EASY for d in plan.days)
    assert not any(i.long_length for d in plan.days for i in [lib.catalogue[x.exercise_id] for x in d.items])


def test_hard_days_are_spread_and_never_adjacent_including_sunday_to_monday():
    assert choose_hard_days((0, 1, 2, 3, 4, 5, 6), 3) == (0, 2, 4)
    assert choose_hard_days((0, 2, 4, 5), 3) == (0, 2, 4)
    assert choose_hard_days((5, 6, 0), 2) == (5, 0) or choose_hard_days((5, 6, 0), 2) == (0, 5)
    assert choose_hard_days((0, 6), 2) == (0,)
    assert choose_hard_days((1, 2), 3) == (1,)


def test_same_request_gives_the_same_plan(lib):
    req = PlanRequest("sport", 100, MONDAY, ("mon", "wed", "fri", "sat"), frozenset({"band"}), 45, nordic_week=4)
    assert plan_week(req, lib).to_dict() == plan_week(req, lib).to_dict()


def test_session_length_is_respected_by_dropping_optional_work_first(lib):
    long = plan_week(PlanRequest("strength", 70, MONDAY, WEEKDAYS, FULL_GYM, 120), lib)
    short = plan_week(PlanRequest("strength", 70, MONDAY, WEEKDAYS, FULL_GYM, 30), lib)
    for a, b in zip(long.days, short.days, strict=True):
        if a.sessions:
            assert len(b.items) <= len(a.items)
            nordic_a = [i.dose for i in a.items if i.family == "nordic"]
            assert nordic_a == [i.dose for i in b.items if i.family == "nordic"]  # evidence dose kept


def test_each_run_item_has_target_distance_reps_and_rest(lib):
    plan = plan_week(PlanRequest("running", 90, MONDAY, WEEKDAYS, FULL_GYM, 90, weeks_in_phase=1), lib)
    runs = [i for d in plan.days for i in d.items if i.run_stage is not None]
    assert runs
    for r in runs:
        assert r.dose.distance_m and r.dose.total_reps and r.dose.rest_s
        assert r.dose.evidence.source == "hickey2020-running"


def test_return_phase_plans_two_full_team_sessions_before_match_selection(lib):
    plan = plan_week(PlanRequest("return", 100, MONDAY, WEEKDAYS, FULL_GYM, 60), lib)
    team = [i for d in plan.days for i in d.items if i.exercise_id == "team_training_full"]
    assert len(team) >= lib.doses.team_sessions_before_match == 2
    assert any("zambaldi2017" in n for n in plan.notes)


def test_late_phases_hold_a_weekly_sprint_exposure_above_95_percent(lib):
    for phase in ("sport", "return"):
        plan = plan_week(PlanRequest(phase, 100, MONDAY, ("mon", "wed", "fri"), FULL_GYM, 60), lib)
        assert any("max_speed" in i.qualities and (i.pct_max_speed or 0) >= 95 for d in plan.days for i in d.items), (
            phase
        )


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("equipment", {"equipment": frozenset({"band", "trampoline"})}),
        ("days", {"days": ()}),
        ("days", {"days": ("mon", "funday")}),
        ("phase", {"phase": "rehab"}),
        ("session_minutes", {"session_minutes": 5}),
        ("running_max_pct", {"running_max_pct": 150}),
    ],
)
def test_bad_plan_request_names_the_field(lib, field, kwargs):
    base = {
        "phase": "strength",
        "running_max_pct": 70,
        "week_start": MONDAY,
        "days": ("mon",),
        "equipment": frozenset(),
        "session_minutes": 60,
    }
    base.update(kwargs)
    with pytest.raises(InvalidPlanRequest) as err:
        plan_week(PlanRequest(**base), lib)
    assert err.value.field == field


def test_high_speed_yesterday_keeps_the_first_day_of_the_week_easy(lib):
    plan = plan_week(
        PlanRequest("running", 90, MONDAY, ("mon", "wed", "fri"), FULL_GYM, 60, previous_day_high_speed=True), lib
    )
    assert not plan.days[0].high_speed
    assert plan.days[0].load is not DayLoad.HARD
