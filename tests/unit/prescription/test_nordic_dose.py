from __future__ import annotations

from datetime import date

import pytest

from sprintback.domain.prescription import EQUIPMENT, WEEKDAYS, PlanRequest, plan_week

MONDAY = date(2026, 11, 23)
ALL_DAYS = WEEKDAYS
FULL_GYM = frozenset(EQUIPMENT)

# petersen2011, weekly table (evidence notes §5): week → (sessions/week, reps of each set).
PETERSEN_2011 = {
    1: (1, [(5, 5), (5, 5)]),
    2: (2, [(6, 6), (6, 6)]),
    3: (3, [(6, 8), (6, 8), (6, 8)]),
    4: (3, [(8, 10), (8, 10), (8, 10)]),
    **{w: (3, [(12, 12), (10, 10), (8, 8)]) for w in range(5, 11)},
}


@pytest.mark.parametrize("week", range(1, 11))
def test_nordic_dose_for_weeks_one_to_ten_equals_petersen_2011(lib, week):
    sessions, reps = PETERSEN_2011[week]
    w = lib.doses.nordic.week(week)
    assert w.sessions == sessions
    assert list(w.reps) == reps


def test_nordic_maintenance_is_once_a_week_twelve_ten_eight(lib):
    m = lib.doses.nordic.maintenance
    assert m.sessions == 1 and list(m.reps) == [(12, 12), (10, 10), (8, 8)]


@pytest.mark.parametrize("week", range(1, 11))
def test_planned_week_holds_petersen_sessions_and_dose(lib, week):
    plan = plan_week(PlanRequest("strength", 70, MONDAY, ALL_DAYS, FULL_GYM, 90, nordic_week=week), lib)
    nordic = [i for d in plan.days for i in d.items if i.family == "nordic"]
    sessions, reps = PETERSEN_2011[week]
    assert len(nordic) == sessions
    assert all(list(i.dose.reps) == reps for i in nordic)
    assert all(i.dose.evidence.source == "petersen2011" for i in nordic)


def test_too_few_days_for_the_nordic_sessions_says_so(lib):
    plan = plan_week(PlanRequest("strength", 70, MONDAY, ("mon", "thu"), FULL_GYM, 90, nordic_week=5), lib)
    nordic_days = [d for d in plan.days if any(i.family == "nordic" for i in d.items)]
    assert len(nordic_days) == 2
    assert any("2 of 3 Nordic sessions" in n for n in plan.notes)
