"""Properties of the day rewrite over many weeks, days, equipment sets and decisions."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from sprintback.domain.prescription import EQUIPMENT, WEEKDAYS, DayDecision, PlanRequest, plan_week
from sprintback.domain.prescription.plan_text import plan_as_text
from sprintback.domain.prescription.week_summary import high_speed_days_adjacent
from sprintback.domain.protocol import DecisionKind

MONDAY = date(2026, 11, 23)
PHASE_CAPS = {"protect": 0.0, "loading": 50.0, "strength": 70.0, "running": 90.0, "sport": 100.0, "return": 100.0}

day_sets = st.sets(st.sampled_from(WEEKDAYS), min_size=1).map(lambda s: tuple(d for d in WEEKDAYS if d in s))
kits = st.sets(st.sampled_from(sorted(EQUIPMENT))).map(frozenset)
phases = st.sampled_from(sorted(PHASE_CAPS))


@settings(max_examples=120, deadline=None)
@given(
    phase=phases, days=day_sets, kit=kits, offset=st.integers(0, 6), weeks=st.integers(0, 5), nordic=st.integers(1, 12)
)
def test_a_deload_day_always_has_less_volume_and_never_high_speed(lib, phase, days, kit, offset, weeks, nordic):
    day = MONDAY + timedelta(days=offset)
    base = PlanRequest(phase, PHASE_CAPS[phase], MONDAY, days, kit, 60, nordic_week=nordic, weeks_in_phase=weeks)
    planned = plan_week(base, lib)
    deloaded = plan_week(
        PlanRequest(
            phase,
            PHASE_CAPS[phase],
            MONDAY,
            days,
            kit,
            60,
            nordic_week=nordic,
            weeks_in_phase=weeks,
            decisions={day: DayDecision(DecisionKind.DELOAD, "soreness")},
        ),
        lib,
    )
    before, after = planned.days[offset], deloaded.days[offset]
    assert not after.high_speed
    assert after.adjustment is not None and after.adjustment.reason == "soreness"
    if before.items:
        assert after.volume < before.volume
        assert after.running_m <= before.running_m * 0.6 + 1e-9
    assert not high_speed_days_adjacent(deloaded)


@settings(max_examples=80, deadline=None)
@given(phase=phases, days=day_sets, kit=kits, offset=st.integers(0, 6))
def test_a_refer_day_never_holds_training_beyond_gentle_mobility(lib, phase, days, kit, offset):
    day = MONDAY + timedelta(days=offset)
    plan = plan_week(
        PlanRequest(
            phase,
            PHASE_CAPS[phase],
            MONDAY,
            days,
            kit,
            60,
            decisions={day: DayDecision(DecisionKind.REFER, "night pain")},
        ),
        lib,
    )
    target = plan.days[offset]
    assert {i.family for i in target.items} <= {"mobility"}
    assert target.adjustment is not None and "physician" in target.adjustment.rule


@settings(max_examples=60, deadline=None)
@given(
    phase=st.sampled_from(["loading", "strength", "running", "sport", "return"]),
    days=day_sets,
    kit=kits,
    offset=st.integers(0, 6),
)
def test_a_regress_day_never_runs_faster_than_the_band_below(lib, phase, days, kit, offset):
    cap = PHASE_CAPS[phase]
    day = MONDAY + timedelta(days=offset)
    plan = plan_week(
        PlanRequest(phase, cap, MONDAY, days, kit, 60, decisions={day: DayDecision(DecisionKind.REGRESS, "pain 6")}),
        lib,
    )
    lower = lib.doses.running.band_below(cap)
    assert all((i.pct_max_speed or 0) <= lower for i in plan.days[offset].items)


def test_plan_text_is_plain_and_lists_every_day_and_the_lessons(lib):
    plan = plan_week(PlanRequest("loading", 50, MONDAY, ("mon", "wed", "fri"), frozenset(), 45), lib)
    text = plan_as_text(plan, "Sam")
    for name in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
        assert name in text
    assert "Good to know" in text and "Why we load early" in text
    assert "[" not in text  # no markup
