"""Databases for the platform's integration tests: SQLite always, PostgreSQL when
SPRINTBACK_TEST_DATABASE_URL is set (a scratch database per test session and worker)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sprintback.services import accounts
from sprintback.services.access import CLI_OPERATOR, Actor, Role
from sprintback.store import Store
from sprintback.store.testing import copy_sqlite, migrated_sqlite_template, scratch_postgres, truncate_all

PG = os.environ.get("SPRINTBACK_TEST_DATABASE_URL")
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return migrated_sqlite_template(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    if not PG:
        pytest.skip("SPRINTBACK_TEST_DATABASE_URL is not set")
    with scratch_postgres(PG) as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    if request.param == "sqlite":
        return copy_sqlite(sqlite_template, tmp_path / "sprintback.db")
    url: str = request.getfixturevalue("postgres_url")
    truncate_all(url)
    return url


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store.from_url(db_url)
    yield s
    s.dispose()


@pytest.fixture
def two_teams(store: Store) -> Store:
    """Two teams with one athlete each is the smallest world in which team boundaries can be crossed."""
    from sprintback.domain.models import Athlete, BamicGrade, Injury, Side
    from sprintback.services.athletes import create_athlete

    accounts.create_team(store, CLI_OPERATOR, "harbour", "Harbour FC", NOW)
    accounts.create_team(store, CLI_OPERATOR, "city", "City Athletics", NOW)
    injury = Injury(datetime(2026, 11, 1).date(), Side.LEFT, BamicGrade.parse("2b"))
    create_athlete(store, CLI_OPERATOR, Athlete("sam", "Sam Rivera"), "harbour", NOW, injury)
    create_athlete(store, CLI_OPERATOR, Athlete("mia", "Mia Tanaka"), "city", NOW, injury)
    return store


@pytest.fixture
def actors() -> dict[str, Actor]:
    """Who acts in the tests: Harbour FC's staff, Sam (a Harbour athlete), and the admin."""

    def staff(name: str, role: Role, *teams: str, athlete_id: str | None = None) -> Actor:
        return Actor(None, name, role, athlete_id, frozenset(teams), "10.0.0.1")

    return {
        "admin": staff("ada", Role.ADMIN),
        "clinician": staff("maria", Role.CLINICIAN, "harbour"),
        "coach": staff("carl", Role.COACH, "harbour"),
        "athlete": staff("sam", Role.ATHLETE, athlete_id="sam"),
    }
