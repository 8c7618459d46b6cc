"""The one authorisation check: team and self boundaries, coaches kept from clinical data, every access audited."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from clinic import clinic

from sprintback.domain.errors import PermissionDenied
from sprintback.domain.models import CheckIn
from sprintback.services import checkins, evaluation
from sprintback.services.access import Action, Actor, Role, scope_of
from sprintback.services.athletes import athlete_profile, list_squad
from sprintback.services.audit import query_audit
from sprintback.store import Store

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 25)


def test_clinician_cannot_read_an_athlete_of_another_team_and_the_refusal_is_audited(
    two_teams: Store, actors: dict[str, Actor]
) -> None:
    with pytest.raises(PermissionDenied):
        checkins.list_checkins(two_teams, actors["clinician"], "mia", NOW, 10, 0)
    rows, _ = query_audit(two_teams, actors["admin"], NOW, athlete_id="mia", username="maria")
    assert [(r["action"], r["outcome"], r["ip"]) for r in rows] == [("read_clinical", "denied", "10.0.0.1")]


def test_coach_sees_availability_but_not_checkins_or_the_evaluation(two_teams: Store, actors: dict[str, Actor]) -> None:
    coach = actors["coach"]
    assert evaluation.availability(clinic(two_teams), coach, "sam", TODAY, NOW).status == "restricted"
    with pytest.raises(PermissionDenied):
        checkins.list_checkins(two_teams, coach, "sam", NOW, 10, 0)
    with pytest.raises(PermissionDenied):
        evaluation.evaluate_athlete(clinic(two_teams), coach, "sam", TODAY, NOW)
    profile = athlete_profile(clinic(two_teams), coach, "sam", TODAY, NOW)
    assert profile.injury is None and profile.clearances == []


def test_athlete_sees_only_themself_in_the_squad_list(two_teams: Store, actors: dict[str, Actor]) -> None:
    page = list_squad(clinic(two_teams), actors["athlete"], TODAY, NOW)
    assert [e.athlete.id for e in page.items] == ["sam"] and page.total == 1
    with pytest.raises(PermissionDenied):
        checkins.log_checkin(two_teams, actors["athlete"], "mia", CheckIn(TODAY, pain_walking=0), NOW)


def test_squad_list_of_a_clinician_holds_only_their_teams(two_teams: Store, actors: dict[str, Actor]) -> None:
    assert [e.athlete.id for e in list_squad(clinic(two_teams), actors["clinician"], TODAY, NOW).items] == ["sam"]
    assert {e.athlete.id for e in list_squad(clinic(two_teams), actors["admin"], TODAY, NOW).items} == {"sam", "mia"}


def test_every_allowed_read_and_write_leaves_an_attributed_audit_entry(
    two_teams: Store, actors: dict[str, Actor]
) -> None:
    checkins.log_checkin(two_teams, actors["athlete"], "sam", CheckIn(TODAY, pain_walking=1), NOW)
    checkins.list_checkins(two_teams, actors["clinician"], "sam", NOW, 10, 0)
    rows, _ = query_audit(two_teams, actors["admin"], NOW, athlete_id="sam")
    got = [(r["username"], r["role"], r["action"], r["outcome"]) for r in rows]
    assert ("sam", "athlete", "log_checkin", "allowed") in got
    assert ("maria", "clinician", "read_clinical", "allowed") in got


def test_only_admins_query_the_audit_log(two_teams: Store, actors: dict[str, Actor]) -> None:
    for role in ("clinician", "coach", "athlete"):
        with pytest.raises(PermissionDenied):
            query_audit(two_teams, actors[role], NOW)


@pytest.mark.parametrize("action", list(Action))
def test_policy_never_gives_a_coach_clinical_data_nor_an_athlete_anyone_else(action: Action) -> None:
    if action in (Action.READ_CLINICAL, Action.WRITE_CLINICAL, Action.CLEAR_RETURN, Action.EXPORT):
        assert scope_of(Role.COACH, action).value == "none"
    assert scope_of(Role.ATHLETE, action).value in ("self", "none")


def test_clinician_creates_athletes_only_in_their_own_teams(two_teams: Store, actors: dict[str, Actor]) -> None:
    from sprintback.domain.models import Athlete
    from sprintback.services.athletes import create_athlete

    created, team = create_athlete(two_teams, actors["clinician"], Athlete("", "New Winger"), "Harbour FC", NOW)
    assert team == "harbour" and created.id.startswith("ath-")
    with pytest.raises(PermissionDenied):
        create_athlete(two_teams, actors["clinician"], Athlete("", "New Sprinter"), "city", NOW)


def test_squad_list_leaves_one_audit_entry_per_athlete_shown(two_teams: Store, actors: dict[str, Actor]) -> None:
    list_squad(clinic(two_teams), actors["coach"], TODAY, NOW)
    rows, _ = query_audit(two_teams, actors["admin"], NOW, username="carl", action="view_roster")
    assert sorted(r["athlete_id"] for r in rows if r["athlete_id"]) == ["sam"]


def test_unknown_athlete_looks_like_a_refusal_except_to_an_admin(two_teams: Store, actors: dict[str, Actor]) -> None:
    from sprintback.domain.errors import NotFound

    with pytest.raises(PermissionDenied):
        checkins.list_checkins(two_teams, actors["clinician"], "no-such-athlete", NOW, 10, 0)
    with pytest.raises(NotFound):
        checkins.list_checkins(two_teams, actors["admin"], "no-such-athlete", NOW, 10, 0)
