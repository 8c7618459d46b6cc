"""The assessment use cases against the in-memory store: both legs together, corrections, retractions."""

from __future__ import annotations

from datetime import date

import pytest
from fake_store import FakeStore
from service_world import NOW, audit_of

from sprintback.domain.errors import InvalidCase, PermissionDenied
from sprintback.domain.models import Measurement, Side
from sprintback.services import assessments
from sprintback.services.access import Actor
from sprintback.services.errors import Conflict

DAY = date(2026, 11, 20)


def _nordic(left: float, right: float) -> list[Measurement]:
    return [Measurement(DAY, "nordic_force_n", left, Side.LEFT), Measurement(DAY, "nordic_force_n", right, Side.RIGHT)]


def test_both_legs_are_stored_together(store: FakeStore, actors: dict[str, Actor]) -> None:
    ids = assessments.record_assessment(store, actors["clinician"], "sam", _nordic(300, 340), NOW)
    assert len(ids) == 2
    case = store.read(lambda uow: uow.records.case("sam"))
    assert case is not None and sorted(m.value for m in case.measurements) == [300, 340]


def test_an_impossible_other_leg_stores_neither_leg_and_names_that_leg(
    store: FakeStore, actors: dict[str, Actor]
) -> None:
    with pytest.raises(InvalidCase) as err:
        assessments.record_assessment(store, actors["clinician"], "sam", _nordic(300, -5), NOW)
    assert err.value.field == "measurements[1].value"
    assert store.state.measurements == []


def test_an_athlete_without_an_injury_on_record_cannot_be_assessed(store: FakeStore, actors: dict[str, Actor]) -> None:
    with pytest.raises(Conflict):
        assessments.record_assessment(store, actors["clinician"], "kofi", _nordic(300, 310), NOW)
    assert store.state.measurements == []


def test_a_correction_replaces_the_value_and_the_old_row_cannot_be_corrected_again(
    store: FakeStore, actors: dict[str, Actor]
) -> None:
    [mid, _] = assessments.record_assessment(store, actors["clinician"], "sam", _nordic(300, 340), NOW)
    new_id = assessments.correct_measurement(store, actors["clinician"], "sam", mid, NOW, value=310)
    page = assessments.list_measurements(store, actors["clinician"], "sam", NOW, 10, 0)
    assert sorted(m.value.value for m in page.items) == [310, 340]
    assert next(m for m in page.items if m.id == new_id).supersedes_id == mid
    with pytest.raises(Conflict):
        assessments.correct_measurement(store, actors["clinician"], "sam", mid, NOW, value=320)


def test_a_retracted_measurement_leaves_the_case_the_engine_reads(store: FakeStore, actors: dict[str, Actor]) -> None:
    [mid, _] = assessments.record_assessment(store, actors["clinician"], "sam", _nordic(300, 340), NOW)
    assessments.correct_measurement(store, actors["clinician"], "sam", mid, NOW, retract=True, note="wrong leg")
    case = store.read(lambda uow: uow.records.case("sam"))
    assert case is not None and [m.value for m in case.measurements] == [340]
    assert len(store.state.measurements) == 3  # nothing deleted: the original and its retraction are kept


def test_a_coach_may_not_record_an_assessment(store: FakeStore, actors: dict[str, Actor]) -> None:
    with pytest.raises(PermissionDenied):
        assessments.record_assessment(store, actors["coach"], "sam", _nordic(300, 340), NOW)
    assert audit_of(store, username="carl") == [("carl", "write_clinical", "sam", "denied")]
    assert store.state.measurements == []
