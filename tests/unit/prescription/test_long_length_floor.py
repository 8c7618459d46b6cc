"""No long-length or eccentric loading before the protocol's first-phase minimum (issue 8, item 2).

mendiguchia2017 started both arms on day 5; Hickey's cohort tolerated Nordic and single-leg eccentrics from
about day 5 (hickey2020-talk); Heiderscheit advises no end-range lengthening while weakness persists. The
catalogue keeps such exercises out of phase 1, and the planner keeps them off any day before the floor,
whatever phase a clinician or a what-if puts the athlete in.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from casebuilder import CaseBuilder, day
from hypothesis import given, settings
from hypothesis import strategies as st

from sprintback.catalogue_files import load_default_library
from sprintback.domain.errors import InvalidCatalogue
from sprintback.domain.healing import ALL_GRADES
from sprintback.domain.models import Injury, Mechanism, Side
from sprintback.domain.prescription import EQUIPMENT, WEEKDAYS, PlanRequest, plan_week
from sprintback.domain.prescription.catalogue import LONG_LENGTH_FAMILIES, parse_catalogue
from sprintback.protocol_files import load_default_protocol
from sprintback.services.planning import plan_for_case

MONDAY = date(2026, 11, 23)
CAPS = {"protect": 0.0, "loading": 50.0, "strength": 70.0, "running": 90.0, "sport": 100.0, "return": 100.0}
day_sets = st.sets(st.sampled_from(WEEKDAYS), min_size=1).map(lambda s: tuple(d for d in WEEKDAYS if d in s))


def long_items_before(plan, injury_date: date, floor: int, lib) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        f"{d.date}: {i.exercise_id}"
        for d in plan.days
        if (d.date - injury_date).days < floor
        for i in d.items
        if lib.catalogue[i.exercise_id].long_length
    ]


@settings(max_examples=150, deadline=None)
@given(
    phase=st.sampled_from(sorted(CAPS)),
    days=day_sets,
    kit=st.sets(st.sampled_from(sorted(EQUIPMENT))).map(frozenset),
    injured_days_before=st.integers(-3, 12),
    grade=st.sampled_from(ALL_GRADES),
    mechanism=st.sampled_from(list(Mechanism)),
    nordic=st.integers(1, 6),
)
def test_no_generated_plan_loads_long_before_the_first_phase_minimum(
    lib, phase, days, kit, injured_days_before, grade, mechanism, nordic
):  # type: ignore[no-untyped-def]
    injury = Injury(MONDAY - timedelta(days=injured_days_before), Side.LEFT, grade, mechanism)
    floor = load_default_protocol().first_phase_floor(injury)
    assert floor == 5
    req = PlanRequest(
        phase,
        CAPS[phase],
        MONDAY,
        days,
        kit,
        60,
        nordic_week=nordic,
        injury_date=injury.date,
        long_length_from_day=floor,
    )
    plan = plan_week(req, lib)
    assert long_items_before(plan, injury.date, floor, lib) == []


def test_without_the_floor_a_loading_week_on_day_2_would_load_long_and_with_it_says_why(lib) -> None:  # type: ignore[no-untyped-def]
    injury_date = MONDAY - timedelta(days=2)
    kit = frozenset(EQUIPMENT)
    bare = plan_week(PlanRequest("loading", 50, MONDAY, tuple(WEEKDAYS), kit, 60), lib)
    assert long_items_before(bare, injury_date, 5, lib)  # the L-protocol and long-lever work, days 2-4
    held = plan_week(
        PlanRequest("loading", 50, MONDAY, tuple(WEEKDAYS), kit, 60, injury_date=injury_date, long_length_from_day=5),
        lib,
    )
    assert long_items_before(held, injury_date, 5, lib) == []
    assert any("first-phase minimum" in n for n in held.notes)
    assert any(lib.catalogue[i.exercise_id].long_length for d in held.days[3:] for i in d.items)  # from day 5 on


@pytest.mark.parametrize("as_of_day", [2, 4, 6, 9])
def test_the_case_planner_never_gives_long_length_work_before_day_5(as_of_day: int) -> None:
    lib = load_default_library()
    b = CaseBuilder().calm_days(0, as_of_day).passes_protect(min(as_of_day, 5))
    case = b.build()
    plan = plan_for_case(
        case, load_default_protocol(), lib, as_of=day(as_of_day), days=tuple(WEEKDAYS), equipment=frozenset(EQUIPMENT)
    ).plan
    assert long_items_before(plan, case.injury.date, 5, lib) == []


def test_nordic_work_starts_in_the_strength_phase() -> None:
    lib = load_default_library()
    nordics = [e for e in lib.catalogue.exercises.values() if e.family == "nordic"]
    assert nordics and all(set(e.phases) <= {"strength", "running", "sport", "return"} for e in nordics)
    assert all(e.long_length for e in lib.catalogue.exercises.values() if e.family in LONG_LENGTH_FAMILIES)


def test_a_nordic_exercise_not_marked_long_length_is_refused() -> None:
    from importlib import resources

    import yaml

    data = yaml.safe_load(resources.files("sprintback.catalogue").joinpath("exercises.yaml").read_text())
    i = next(k for k, e in enumerate(data["exercises"]) if e["family"] == "nordic")
    data["exercises"][i]["long_length"] = False
    with pytest.raises(InvalidCatalogue) as err:
        parse_catalogue(data)
    assert err.value.field == f"exercises[{i}].long_length"
