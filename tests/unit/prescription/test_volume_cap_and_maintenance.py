from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from sprintback.domain.errors import InvalidPlanRequest
from sprintback.domain.prescription import EQUIPMENT, WEEKDAYS, PlanRequest, plan_week
from sprintback.domain.prescription.maintenance import (
    add_months,
    plan_maintenance_week,
    reassessment_schedule,
)

MONDAY = date(2026, 11, 23)
FULL_GYM = frozenset(EQUIPMENT)


@pytest.mark.parametrize(
    ("phase", "cap", "grows"), [("loading", 50, True), ("strength", 70, True), ("running", 90, False)]
)
def test_weekly_running_volume_never_rises_more_than_the_cap_within_a_phase(lib, phase, cap, grows):
    limit = 1 + lib.doses.volume_cap_pct / 100
    volumes = [
        plan_week(
            PlanRequest(phase, cap, MONDAY + timedelta(weeks=w), WEEKDAYS, FULL_GYM, 90, weeks_in_phase=w),
            lib,
        ).running_m
        for w in range(6)
    ]
    for before, after in itertools.pairwise(volumes):
        assert after <= before * limit + 1e-9, volumes
    # volume still progresses where the stages add metres (in `running` the stages add speed instead)
    assert (volumes[-1] > volumes[0]) is grows


def test_explicit_previous_week_volume_caps_the_first_week_of_a_phase(lib):
    plan = plan_week(PlanRequest("strength", 70, MONDAY, WEEKDAYS, FULL_GYM, 90, previous_week_running_m=1000), lib)
    assert plan.running_m <= 1100
    assert any("capped" in n for n in plan.notes)
    assert "gabbett2016" in plan.citations


def test_cleared_athlete_gets_weekly_nordic_and_sprint_maintenance(lib):
    clearance = date(2026, 11, 20)
    plan = plan_maintenance_week(clearance, MONDAY, ("mon", "tue", "thu", "sat"), FULL_GYM, lib)
    nordic = [i for d in plan.days for i in d.items if i.family == "nordic"]
    assert len(nordic) == 1 and list(nordic[0].dose.reps) == [(12, 12), (10, 10), (8, 8)]
    sprint_days = [
        d for d in plan.days if any("max_speed" in i.qualities and (i.pct_max_speed or 0) >= 95 for i in d.items)
    ]
    assert len(sprint_days) >= 1
    nordic_day = next(d for d in plan.days if any(i.family == "nordic" for i in d.items))
    assert nordic_day.date != sprint_days[0].date
    assert "petersen2011" in plan.citations and "malone2017" in plan.citations


def test_quarterly_reassessments_are_scheduled_every_three_months_from_clearance(lib):
    schedule = reassessment_schedule(date(2026, 11, 30), lib)
    assert [r.date for r in schedule] == [
        date(2027, 2, 28),
        date(2027, 5, 30),
        date(2027, 8, 30),
        date(2027, 11, 30),
    ]
    ids = {t.id for t in schedule[0].tests}
    assert {
        "isometric_90_90",
        "isometric_0_15",
        "nordic_force",
        "single_leg_hop",
        "max_speed",
        "h_test",
    } <= ids


def test_reassessment_session_appears_in_its_week(lib):
    clearance = date(2026, 8, 26)  # + 3 months = 2026-11-26, a Thursday in the planned week
    plan = plan_maintenance_week(clearance, MONDAY, ("mon", "wed", "fri"), FULL_GYM, lib)
    re = [(d.date, s) for d in plan.days for s in d.sessions if s.kind == "reassessment"]
    assert [d for d, _ in re] == [date(2026, 11, 26)]
    assert any("H-test" in n for n in re[0][1].notes)


def test_add_months_clamps_to_the_end_of_short_months():
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)


def test_maintenance_week_before_clearance_is_refused(lib):
    with pytest.raises(InvalidPlanRequest) as err:
        plan_maintenance_week(date(2027, 1, 10), MONDAY, ("mon",), FULL_GYM, lib)
    assert err.value.field == "week_start"
