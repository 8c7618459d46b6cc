from __future__ import annotations

from datetime import date

import pytest

from sprintback.domain.prescription import EQUIPMENT, WEEKDAYS, PlanRequest, plan_week
from sprintback.domain.prescription.substitution import substitute

MONDAY = date(2026, 11, 23)
PHASE_CAPS = {
    "protect": 0.0,
    "loading": 50.0,
    "strength": 70.0,
    "running": 90.0,
    "sport": 100.0,
    "return": 100.0,
}


@pytest.mark.parametrize("kit", [frozenset({"band"}), frozenset(), frozenset({"band", "bench"})])
@pytest.mark.parametrize("phase", sorted(PHASE_CAPS))
def test_travel_substitution_keeps_every_planned_quality_with_the_equipment_given(lib, phase, kit):
    gym = plan_week(PlanRequest(phase, PHASE_CAPS[phase], MONDAY, WEEKDAYS, frozenset(EQUIPMENT), 240), lib)
    away = plan_week(PlanRequest(phase, PHASE_CAPS[phase], MONDAY, WEEKDAYS, kit, 240), lib)
    for g, a in zip(gym.days, away.days, strict=True):
        wanted = {q for i in g.items for q in i.qualities}
        kept = {q for i in a.items for q in i.qualities}
        assert wanted <= kept, (phase, g.weekday, wanted - kept)
        ids = [i.exercise_id for i in a.items]
        assert len(ids) == len(set(ids)), "a substitute never doubles an exercise already in the session"
        for item in a.items:
            assert lib.catalogue[item.exercise_id].equipment <= kit, item.exercise_id
            assert lib.catalogue[item.exercise_id].fits(phase)


def test_no_nordic_bench_gives_a_partner_or_band_variant_and_says_why(lib):
    ex = lib.catalogue["nordic_bench"]
    assert substitute(ex, "strength", {"partner"}, lib.catalogue).id == "nordic_partner"
    home = substitute(ex, "strength", {"band"}, lib.catalogue)
    assert home is not None and home.equipment <= {"band"}
    assert set(ex.qualities) <= set(home.qualities)
    plan = plan_week(PlanRequest("strength", 70, MONDAY, WEEKDAYS, frozenset({"band"}), 90), lib)
    swapped = [i for d in plan.days for i in d.items if i.substituted_for == "nordic_partner"]
    assert swapped and all("Instead of" in i.note for i in swapped)


def test_substitute_never_brings_long_length_work_into_phase_one(lib):
    for ex in lib.catalogue.for_phase("protect"):
        sub = substitute(ex, "protect", frozenset(), lib.catalogue)
        assert sub is None or not sub.long_length
