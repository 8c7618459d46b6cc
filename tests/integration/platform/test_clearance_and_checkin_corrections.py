"""The clearance service, physician reviews and check-in corrections, against the store (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from clinic import clinic

from sprintback.domain.errors import InvalidCase
from sprintback.domain.models import CheckIn
from sprintback.services.access import Actor
from sprintback.services.checkins import log_checkin
from sprintback.services.errors import Conflict
from sprintback.services.evaluation import clear_for_return, evaluate_athlete
from sprintback.services.physician_reviews import record_physician_review
from sprintback.store import Store

from .conftest import NOW

TODAY = NOW.date()


def _night_pain(store: Store, actor: Actor) -> None:
    log_checkin(store, actor, "sam", CheckIn(TODAY, pain_rest=1, night_pain=True), NOW)


def test_night_pain_blocks_clearance_whatever_the_reason(two_teams: Store, actors: dict[str, Actor]) -> None:
    _night_pain(two_teams, actors["clinician"])
    assert evaluate_athlete(clinic(two_teams), actors["clinician"], "sam", TODAY, NOW).kind.value == "refer"
    with pytest.raises(Conflict) as exc:
        clear_for_return(clinic(two_teams), actors["clinician"], "sam", TODAY, NOW, override_reason="ok")
    assert exc.value.message.startswith("Night pain (reported on 2026-11-25)")
    assert "a physician review is needed before clearance" in exc.value.message
    assert two_teams.run(lambda uow: uow.records.clearances("sam")) == []


def test_a_continue_review_lifts_the_flag_and_a_later_night_pain_refers_again(
    two_teams: Store, actors: dict[str, Actor]
) -> None:
    clinician = actors["clinician"]
    _night_pain(two_teams, clinician)
    record_physician_review(two_teams, clinician, "sam", TODAY, "Dr Adeyemi", "continue", NOW, "no fracture")
    assert evaluate_athlete(clinic(two_teams), clinician, "sam", TODAY, NOW).kind.value != "refer"
    c = clear_for_return(clinic(two_teams), clinician, "sam", TODAY, NOW, override_reason="shared decision")
    assert c.engine_decision != "clear" and c.override_reason == "shared decision"
    # A flag raised after the review refers again.
    later = NOW + timedelta(days=1)
    log_checkin(two_teams, clinician, "sam", CheckIn(TODAY + timedelta(days=1), night_pain=True), later)
    assert evaluate_athlete(clinic(two_teams), clinician, "sam", later.date(), later).kind.value == "refer"


def test_a_refer_on_review_does_not_lift_the_flag(two_teams: Store, actors: dict[str, Actor]) -> None:
    _night_pain(two_teams, actors["clinician"])
    record_physician_review(two_teams, actors["clinician"], "sam", TODAY, "Dr Adeyemi", "refer_on", NOW)
    with pytest.raises(Conflict):
        clear_for_return(clinic(two_teams), actors["clinician"], "sam", TODAY, NOW, override_reason="ok")


def test_the_clearance_record_keeps_who_the_protocol_and_every_criterion(
    two_teams: Store, actors: dict[str, Actor]
) -> None:
    clear_for_return(clinic(two_teams), actors["clinician"], "sam", TODAY, NOW, "signed off", "club's decision")
    [row] = two_teams.run(lambda uow: uow.records.clearances("sam"))
    assert (row["clinician_name"], row["clinician_role"], row["recorded_by"]) == ("maria", "clinician", "maria")
    assert row["protocol_name"] and row["protocol_version"]
    assert row["override_reason"] == "club's decision" and row["note"] == "signed off"
    decision = evaluate_athlete(clinic(two_teams), actors["clinician"], "sam", TODAY, NOW)
    assert [c["label"] for c in row["criteria"]] == [r.label for r in decision.reasons]
    assert {"label", "value", "unit", "threshold", "met", "status"} <= set(row["criteria"][0])
    assert any(not c["met"] for c in row["criteria"])


def test_an_unmet_criterion_needs_a_reason_named_in_human_words(two_teams: Store, actors: dict[str, Actor]) -> None:
    with pytest.raises(Conflict) as exc:
        clear_for_return(clinic(two_teams), actors["clinician"], "sam", TODAY, NOW, override_reason="   ")
    assert exc.value.field == "override_reason"
    decision = evaluate_athlete(clinic(two_teams), actors["clinician"], "sam", TODAY, NOW)
    assert decision.unmet[0].label in exc.value.message
    assert not any(r.id in exc.value.message for r in decision.unmet if "_" in r.id)


def test_a_future_clearance_is_refused(two_teams: Store, actors: dict[str, Actor]) -> None:
    with pytest.raises(InvalidCase) as exc:
        clear_for_return(
            clinic(two_teams), actors["clinician"], "sam", TODAY + timedelta(days=1), NOW, override_reason="x"
        )
    assert exc.value.field == "as_of"


def test_a_sleep_only_resend_keeps_the_pain_answers_and_every_version(
    two_teams: Store, actors: dict[str, Actor]
) -> None:
    athlete = actors["athlete"]
    first = log_checkin(two_teams, athlete, "sam", CheckIn(TODAY, pain_rest=1, pain_exercise=6), NOW)
    assert evaluate_athlete(clinic(two_teams), actors["clinician"], "sam", TODAY, NOW).kind.value in (
        "deload",
        "regress",
    )
    second = log_checkin(two_teams, athlete, "sam", CheckIn(TODAY, sleep_hours=7.5), NOW, answered={"sleep_hours"})
    assert second.supersedes_id == first.id
    assert (second.value.pain_rest, second.value.pain_exercise, second.value.sleep_hours) == (1, 6, 7.5)
    assert second.value.night_pain is None
    assert evaluate_athlete(clinic(two_teams), actors["clinician"], "sam", TODAY, NOW).kind.value in (
        "deload",
        "regress",
    )
    # Clearing an answer is explicit: named, with no value.
    third = log_checkin(two_teams, athlete, "sam", CheckIn(TODAY), NOW, answered={"pain_exercise"})
    assert (third.value.pain_rest, third.value.pain_exercise, third.value.sleep_hours) == (1, None, 7.5)
    versions = two_teams.run(lambda uow: uow.records.checkin_versions("sam", TODAY))
    assert [v.value.pain_exercise for v in versions] == [6, 6, None]
    assert [v.supersedes_id for v in versions] == [None, first.id, second.id]


def test_unanswered_night_pain_is_stored_as_null(two_teams: Store, actors: dict[str, Actor]) -> None:
    log_checkin(two_teams, actors["athlete"], "sam", CheckIn(date(2026, 11, 24), pain_rest=1), NOW)
    [stored] = two_teams.run(lambda uow: uow.records.checkins("sam").items)
    assert stored.value.night_pain is None
