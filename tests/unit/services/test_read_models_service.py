"""One read model per screen, against the in-memory store: each is one read transaction with one case load and
one replay, its audit entries written in a short write afterwards; a refusal returns nothing and is audited."""

from __future__ import annotations

import pytest
from fake_store import FakeStore
from service_world import NOW, TODAY, audit_of

from sprintback.domain.errors import PermissionDenied
from sprintback.domain.models import CheckIn
from sprintback.services import athletes, checkins, evaluation, web_views
from sprintback.services.access import Actor
from sprintback.services.context import ServiceContext


@pytest.fixture
def with_checkins(store: FakeStore, actors: dict[str, Actor]) -> FakeStore:
    for day in range(1, 25):
        c = CheckIn(TODAY.replace(day=day), pain_rest=1, pain_walking=2, pain_exercise=2, pain_next_morning=1)
        checkins.log_checkin(store, actors["athlete"], "sam", c, NOW)
    store.transactions.clear()
    return store


def test_the_phone_page_is_one_read_and_one_replay_then_one_audit_write(
    ctx: ServiceContext, actors: dict[str, Actor], with_checkins: FakeStore, replays_run: list[str]
) -> None:
    page = web_views.phone_page(ctx, actors["athlete"], "sam", TODAY, NOW, days=14)
    assert with_checkins.transactions == ["read", "write"] and replays_run == ["sam"]
    assert page.decision == evaluation.evaluate_athlete(ctx, actors["athlete"], "sam", TODAY, NOW)
    assert page.profile.availability == evaluation.availability(ctx, actors["athlete"], "sam", TODAY, NOW)
    assert [c.value.date.day for c in page.checkins] == list(range(24, 10, -1))  # the last 14, newest first
    assert page.decision is not None and page.phase is not None and page.phase.id == page.decision.phase
    assert {a for _, a, _, _ in audit_of(with_checkins, username="sam")} >= {
        "view_roster", "read_clinical", "read_training"
    }  # fmt: skip


def test_the_athlete_page_gives_a_clinician_the_decision_timeline_and_records_from_one_replay(
    ctx: ServiceContext, actors: dict[str, Actor], with_checkins: FakeStore, replays_run: list[str]
) -> None:
    page = web_views.athlete_page(ctx, actors["clinician"], "sam", TODAY, NOW, recent_checkins=7)
    assert with_checkins.transactions == ["read", "write"] and replays_run == ["sam"]
    assert page.decision is not None and page.timeline is not None and "<svg" in page.timeline
    assert [c.value.date.day for c in page.checkins] == list(range(24, 17, -1))
    assert page.team_name == "Harbour FC"


def test_a_coachs_athlete_page_has_availability_and_nothing_clinical(
    ctx: ServiceContext, actors: dict[str, Actor], with_checkins: FakeStore
) -> None:
    page = web_views.athlete_page(ctx, actors["coach"], "sam", TODAY, NOW)
    assert page.profile.availability.status == "restricted"
    assert (page.decision, page.timeline, page.checkins, page.profile.injury) == (None, None, (), None)
    assert [a for _, a, _, _ in audit_of(with_checkins, username="carl")] == ["view_roster"]


def test_an_athlete_asking_for_a_teammates_page_gets_nothing_and_the_refusal_is_audited(
    ctx: ServiceContext, actors: dict[str, Actor], store: FakeStore, replays_run: list[str]
) -> None:
    with pytest.raises(PermissionDenied):
        web_views.athlete_page(ctx, actors["athlete"], "kofi", TODAY, NOW)
    assert replays_run == [] and store.transactions == ["read", "write"]
    assert audit_of(store, username="sam") == [("sam", "view_roster", "kofi", "denied")]


def test_the_squad_board_replays_each_athlete_once_in_one_read(
    ctx: ServiceContext, actors: dict[str, Actor], store: FakeStore, replays_run: list[str]
) -> None:
    board = web_views.squad_board(ctx, actors["admin"], TODAY, NOW)
    assert sorted(replays_run) == ["mia", "sam"]  # kofi has no injury on record: nothing to replay
    assert store.transactions == ["read", "write"]
    assert [r.entry.athlete.id for r in board.rows] == ["kofi", "mia", "sam"]
    assert board.team_names == {"city": "City Athletics", "harbour": "Harbour FC"}
    sam = next(r for r in board.rows if r.entry.athlete.id == "sam")
    assert sam.decision == evaluation.evaluate_athlete(ctx, actors["admin"], "sam", TODAY, NOW)


def test_the_api_profile_is_one_read_and_hides_the_injury_from_a_coach(
    ctx: ServiceContext, actors: dict[str, Actor], store: FakeStore, replays_run: list[str]
) -> None:
    coach = athletes.athlete_profile(ctx, actors["coach"], "sam", TODAY, NOW)
    clinician = athletes.athlete_profile(ctx, actors["clinician"], "sam", TODAY, NOW)
    assert coach.injury is None and clinician.injury is not None
    assert coach.availability == clinician.availability
    assert store.transactions == ["read", "write", "read", "write"] and replays_run == ["sam", "sam"]


def test_the_week_plan_page_is_one_replay_and_names_the_athlete(
    ctx: ServiceContext, actors: dict[str, Actor], store: FakeStore, replays_run: list[str]
) -> None:
    page = web_views.plan_page(ctx, actors["coach"], "sam", TODAY, NOW)
    assert page.name == "Sam Rivera" and page.plan is not None and len(page.plan.plan.days) == 7
    assert replays_run == ["sam"] and store.transactions == ["read", "write"]
    assert web_views.plan_page(ctx, actors["coach"], "kofi", TODAY, NOW).plan is None
