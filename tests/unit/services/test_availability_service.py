"""Evaluation, availability and clearance against the in-memory store, on the demo squad's histories."""

from __future__ import annotations

import pytest
from clinic import clinic
from fake_store import FakeStore
from service_world import INJURED_ON, NOW, TODAY, audit_of

from sprintback.domain.errors import PermissionDenied
from sprintback.domain.models import CheckIn
from sprintback.domain.protocol import DecisionKind
from sprintback.services import checkins, evaluation
from sprintback.services.access import CLI_OPERATOR, Actor
from sprintback.services.context import ServiceContext
from sprintback.services.demo_squad import seed_demo
from sprintback.services.errors import Conflict


@pytest.fixture(scope="module")
def demo() -> FakeStore:
    s = FakeStore()
    seed_demo(s, TODAY, NOW)
    return s


@pytest.fixture
def squad(demo: FakeStore) -> ServiceContext:
    return clinic(demo)


def test_an_athlete_without_an_injury_on_record_is_available(ctx: ServiceContext, actors: dict[str, Actor]) -> None:
    a = evaluation.availability(ctx, actors["coach"], "kofi", TODAY, NOW)
    assert (a.status, a.phase, a.decision) == ("available", None, None)


def test_an_athlete_in_rehab_is_restricted_to_the_phase_running_cap(
    ctx: ServiceContext, actors: dict[str, Actor]
) -> None:
    a = evaluation.availability(ctx, actors["coach"], "sam", TODAY, NOW)
    phase = ctx.protocol.phases[ctx.protocol.phase_index(a.phase or "")]
    assert a.status == "restricted" and a.running_max_pct == phase.running_max_pct
    assert a.day_since_injury == (TODAY - INJURED_ON).days


def test_rising_pain_with_night_pain_refers_and_the_athlete_is_unavailable_without_running(
    squad: ServiceContext,
) -> None:
    d = evaluation.evaluate_athlete(squad, CLI_OPERATOR, "dan-okafor", TODAY, NOW)
    a = evaluation.availability(squad, CLI_OPERATOR, "dan-okafor", TODAY, NOW)
    assert d.kind is DecisionKind.REFER
    assert (a.status, a.decision, a.running_max_pct) == ("unavailable", "refer", 0.0)


def test_a_clinician_clears_against_the_engine_only_with_a_written_reason(
    ctx: ServiceContext, actors: dict[str, Actor]
) -> None:
    assert evaluation.evaluate_athlete(ctx, actors["clinician"], "sam", TODAY, NOW).kind is not DecisionKind.CLEAR
    with pytest.raises(Conflict) as err:
        evaluation.clear_for_return(ctx, actors["clinician"], "sam", TODAY, NOW)
    assert err.value.field == "override_reason"
    c = evaluation.clear_for_return(ctx, actors["clinician"], "sam", TODAY, NOW, override_reason="shared decision")
    assert c.engine_decision != "clear"
    a = evaluation.availability(ctx, actors["coach"], "sam", TODAY, NOW)
    assert (a.status, a.cleared_on) == ("available", TODAY)


def test_a_coach_sees_availability_but_the_evaluation_is_refused_and_audited(
    ctx: ServiceContext, actors: dict[str, Actor], store: FakeStore
) -> None:
    evaluation.availability(ctx, actors["coach"], "sam", TODAY, NOW)
    with pytest.raises(PermissionDenied):
        evaluation.evaluate_athlete(ctx, actors["coach"], "sam", TODAY, NOW)
    assert audit_of(store, username="carl") == [
        ("carl", "view_roster", "sam", "allowed"),
        ("carl", "read_clinical", "sam", "denied"),
    ]


def test_the_evaluation_is_one_read_and_one_replay_then_its_audit_entry(
    ctx: ServiceContext, actors: dict[str, Actor], store: FakeStore, replays_run: list[str]
) -> None:
    checkins.log_checkin(store, actors["athlete"], "sam", CheckIn(TODAY, pain_walking=1), NOW)
    store.transactions.clear()
    evaluation.evaluate_athlete(ctx, actors["clinician"], "sam", TODAY, NOW)
    assert store.transactions == ["read", "write"] and replays_run == ["sam"]
