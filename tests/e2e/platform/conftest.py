"""A small world behind the HTTP API: two teams, three athletes, one account per role, tokens issued.

Built once per session into a folder (database + data dir) and copied for every test, so a test may
erase or change anything without affecting the next.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from sprintback.api.app import create_app
from sprintback.bootstrap import bootstrap
from sprintback.domain.models import Athlete, BamicGrade, Injury, Measurement, Side
from sprintback.services import accounts, assessments
from sprintback.services.access import CLI_OPERATOR
from sprintback.services.athletes import create_athlete
from sprintback.services.jobs import run_job
from sprintback.settings import Settings
from sprintback.store import Store, open_database

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
PASSWORD = "correct-horse-battery"
ROLES = ("admin", "clinician", "coach", "athlete")
# For each role: an athlete it should reach ("own") and one it should not ("other"). The athlete's
# "other" is a teammate, the strictest boundary; staff's "other" is in another team.
TARGETS = {
    "admin": ("sam", "mia"),
    "clinician": ("sam", "mia"),
    "coach": ("sam", "mia"),
    "athlete": ("sam", "kofi"),
}


@pytest.fixture(scope="session")
def harness_targets() -> dict[str, tuple[str, str]]:
    return TARGETS


@dataclass
class World:
    folder: Path
    tokens: dict[str, str]
    measurement_ids: dict[str, int]
    job_ids: dict[str, str]


def _settings(folder: Path) -> Settings:
    return Settings(database_url=f"sqlite:///{(folder / 'sprintback.db').as_posix()}", data_dir=folder)


@pytest.fixture(scope="session")
def world_template(tmp_path_factory: pytest.TempPathFactory) -> World:
    folder = tmp_path_factory.mktemp("world")
    settings = _settings(folder)
    store = Store(open_database(settings.database_url))
    op = CLI_OPERATOR
    accounts.create_team(store, op, "harbour", "Harbour FC", NOW)
    accounts.create_team(store, op, "city", "City Athletics", NOW)
    injury = Injury(date(2026, 11, 1), Side.LEFT, BamicGrade.parse("2b"))
    measurement_ids: dict[str, int] = {}
    for aid, name, team in (
        ("sam", "Sam Rivera", "harbour"),
        ("kofi", "Kofi Mensah", "harbour"),
        ("mia", "Mia Tanaka", "city"),
    ):
        create_athlete(store, op, Athlete(aid, name, "football"), team, NOW, injury)
        [mid] = assessments.record_assessment(
            store, op, aid, [Measurement(date(2026, 11, 20), "ake_deg", 60, Side.LEFT)], NOW
        )
        measurement_ids[aid] = mid
    accounts.create_user(store, op, "ada", PASSWORD, "admin", NOW)
    accounts.create_user(store, op, "maria", PASSWORD, "clinician", NOW, teams=["harbour"])
    accounts.create_user(store, op, "carl", PASSWORD, "coach", NOW, teams=["harbour"])
    accounts.create_user(store, op, "sam", PASSWORD, "athlete", NOW, athlete_id="sam")
    names = {"admin": "ada", "clinician": "maria", "coach": "carl", "athlete": "sam"}
    tokens = {role: accounts.login(store, settings, u, PASSWORD, "127.0.0.1", NOW).token for role, u in names.items()}
    ctx = bootstrap(settings, store=store, clock=lambda: NOW).jobs
    job_ids: dict[str, str] = {}
    for aid in ("sam", "kofi", "mia"):
        job_id = f"job-{aid}"
        store.run(lambda uow, a=aid, j=job_id: uow.jobs.add(j, "export_athlete", {}, a, "ada", NOW))
        run_job(ctx, job_id)
        job_ids[aid] = job_id
    store.dispose()
    return World(folder, tokens, measurement_ids, job_ids)


@dataclass
class Harness:
    world: World
    app: FastAPI
    client: TestClient
    folder: Path

    def auth(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.world.tokens[role]}"}


@pytest.fixture
def harness(world_template: World, tmp_path: Path) -> Iterator[Harness]:
    folder = tmp_path / "world"
    shutil.copytree(world_template.folder, folder)
    app = create_app(_settings(folder), clock=lambda: NOW)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Harness(world_template, app, client, folder)
    app.state.context.store.dispose()
