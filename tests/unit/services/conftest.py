"""The service unit tests run the use cases against the in-memory store (`tests/support/fake_store.py`), which
implements the same ports as the SQL store; the SQL integration tests (tests/integration/platform) run the
same services on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from clinic import clinic
from fake_store import FakeStore
from service_world import INJURED_ON, NOW

from sprintback.domain.decision import Decision
from sprintback.domain.models import Athlete, BamicGrade, Case, Injury, Side
from sprintback.domain.protocol import Protocol
from sprintback.services import accounts, replays
from sprintback.services.access import CLI_OPERATOR, Actor, Role
from sprintback.services.athletes import create_athlete
from sprintback.services.context import ServiceContext
from sprintback.services.ports import UnitOfWork


@pytest.fixture
def store() -> FakeStore:
    """Two teams with one injured athlete each (Sam at Harbour FC, Mia at City Athletics)."""
    s = FakeStore()
    accounts.create_team(s, CLI_OPERATOR, "harbour", "Harbour FC", NOW)
    accounts.create_team(s, CLI_OPERATOR, "city", "City Athletics", NOW)
    injury = Injury(INJURED_ON, Side.LEFT, BamicGrade.parse("2b"))
    create_athlete(s, CLI_OPERATOR, Athlete("sam", "Sam Rivera"), "harbour", NOW, injury)
    create_athlete(s, CLI_OPERATOR, Athlete("mia", "Mia Tanaka"), "city", NOW, injury)
    create_athlete(s, CLI_OPERATOR, Athlete("kofi", "Kofi Mensah"), "harbour", NOW)  # no injury on record
    s.transactions.clear()
    return s


@pytest.fixture
def ctx(store: FakeStore) -> ServiceContext:
    return clinic(store)


@pytest.fixture
def actors() -> dict[str, Actor]:
    def who(name: str, role: Role, *teams: str, athlete_id: str | None = None) -> Actor:
        return Actor(None, name, role, athlete_id, frozenset(teams), "10.0.0.1")

    return {
        "admin": who("ada", Role.ADMIN),
        "clinician": who("maria", Role.CLINICIAN, "harbour"),
        "coach": who("carl", Role.COACH, "harbour"),
        "athlete": who("sam", Role.ATHLETE, athlete_id="sam"),
    }


@pytest.fixture
def replays_run(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The athlete of every replay a service asks for (through the one seam, `replays.replay_for`)."""
    seen: list[str] = []
    real: Callable[[UnitOfWork, Case, Protocol, date], list[Decision]] = replays.replay_for

    def counting(uow: UnitOfWork, case: Case, protocol: Protocol, as_of: date) -> list[Decision]:
        seen.append(case.athlete.id)
        return real(uow, case, protocol, as_of)

    monkeypatch.setattr(replays, "replay_for", counting)
    return seen
