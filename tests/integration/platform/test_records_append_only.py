"""Measurements and check-ins are append-only: corrections are new rows, history is never overwritten."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from sprintback.domain.errors import InvalidCase
from sprintback.domain.models import CheckIn, Measurement, Side
from sprintback.services import assessments, checkins
from sprintback.services.access import Actor
from sprintback.services.errors import Conflict
from sprintback.store import Store

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def test_second_checkin_for_a_day_supersedes_the_first_and_both_rows_remain(
    two_teams: Store, actors: dict[str, Actor]
) -> None:
    sam = actors["athlete"]
    first = checkins.log_checkin(two_teams, sam, "sam", CheckIn(date(2026, 11, 20), pain_walking=4), NOW)
    second = checkins.log_checkin(two_teams, sam, "sam", CheckIn(date(2026, 11, 20), pain_walking=2), NOW)
    assert second.supersedes_id == first.id
    current = checkins.list_checkins(two_teams, sam, "sam", NOW, 100, 0).items
    assert [c.value.pain_walking for c in current] == [2]
    history = two_teams.run(lambda uow: uow.athlete_data.history("sam"))["checkins"]
    assert [h["pain_walking"] for h in history] == [4, 2]
    case = two_teams.run(lambda uow: uow.records.case("sam"))
    assert case is not None and [c.pain_walking for c in case.checkins] == [2]


def test_measurement_correction_keeps_the_original_and_the_case_uses_the_correction(
    two_teams: Store, actors: dict[str, Actor]
) -> None:
    maria = actors["clinician"]
    [mid] = assessments.record_assessment(
        two_teams, maria, "sam", [Measurement(date(2026, 11, 10), "ake_deg", 55, Side.LEFT)], NOW
    )
    new_id = assessments.correct_measurement(two_teams, maria, "sam", mid, NOW, value=65, note="misread goniometer")
    case = two_teams.run(lambda uow: uow.records.case("sam"))
    assert case is not None and [m.value for m in case.measurements] == [65]
    rows = two_teams.run(lambda uow: uow.athlete_data.history("sam"))["measurements"]
    assert [(r["id"], r["value"], r["supersedes_id"]) for r in rows] == [(mid, 55, None), (new_id, 65, mid)]
    with pytest.raises(Conflict) as exc:
        assessments.correct_measurement(two_teams, maria, "sam", mid, NOW, value=70)
    assert exc.value.field == "measurement_id"


def test_retracted_measurement_leaves_the_case_but_not_the_history(two_teams: Store, actors: dict[str, Actor]) -> None:
    maria = actors["clinician"]
    [mid] = assessments.record_assessment(
        two_teams, maria, "sam", [Measurement(date(2026, 11, 10), "pain_walking", 3)], NOW
    )
    assessments.correct_measurement(two_teams, maria, "sam", mid, NOW, retract=True)
    case = two_teams.run(lambda uow: uow.records.case("sam"))
    assert case is not None and case.measurements == ()
    assert len(two_teams.run(lambda uow: uow.athlete_data.history("sam"))["measurements"]) == 2


def test_out_of_range_pain_names_the_field_like_the_case_file(two_teams: Store, actors: dict[str, Actor]) -> None:
    with pytest.raises(InvalidCase) as exc:
        checkins.log_checkin(two_teams, actors["athlete"], "sam", CheckIn(date(2026, 11, 20), pain_walking=14), NOW)
    assert exc.value.field == "pain_walking"
    assert "14 is outside 0–10" in exc.value.message and "pain_walking" in exc.value.message


def test_assessment_with_one_bad_value_stores_nothing(two_teams: Store, actors: dict[str, Actor]) -> None:
    good = Measurement(date(2026, 11, 10), "ake_deg", 60, Side.LEFT)
    bad = Measurement(date(2026, 11, 10), "ake_deg", 160, Side.RIGHT)
    with pytest.raises(InvalidCase) as exc:
        assessments.record_assessment(two_teams, actors["clinician"], "sam", [good, bad], NOW)
    assert exc.value.field == "measurements[1].value"
    assert two_teams.run(lambda uow: uow.athlete_data.history("sam"))["measurements"] == []


def test_measurement_before_the_injury_is_refused_with_its_date_field(
    two_teams: Store, actors: dict[str, Actor]
) -> None:
    with pytest.raises(InvalidCase) as exc:
        assessments.record_assessment(
            two_teams, actors["clinician"], "sam", [Measurement(date(2026, 10, 1), "pain_walking", 2)], NOW
        )
    assert exc.value.field == "measurements[0].date"


def test_checkin_dated_next_week_is_refused(two_teams: Store, actors: dict[str, Actor]) -> None:
    with pytest.raises(InvalidCase) as exc:
        checkins.log_checkin(two_teams, actors["athlete"], "sam", CheckIn(date(2026, 12, 2), pain_walking=1), NOW)
    assert exc.value.field == "date"
