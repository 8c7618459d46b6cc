"""GDPR: the export holds the athlete's jobs and account; erasure leaves no name, no way in, no bytes on disk.

On main the export had no jobs nor account; after erasure the account kept the athlete's display name, its
tokens stayed valid, and the name's bytes were still in the SQLite file and its WAL.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from sprintback.domain.models import Athlete, BamicGrade, CheckIn, Injury, Side
from sprintback.services import accounts, checkins, jobs
from sprintback.services.access import CLI_OPERATOR
from sprintback.services.athletes import create_athlete
from sprintback.services.data_rights import erase_athlete, export_athlete
from sprintback.services.errors import NotAuthenticated
from sprintback.settings import Settings
from sprintback.store import Store

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
NAME = "Zebedee Quartermaine"
PASSWORD = "correct-horse-battery"


class _Later:
    def submit(self, job_id: str) -> None:  # the job stays queued: only its row matters here
        pass

    def state(self) -> str:
        return "in-process"


@pytest.fixture
def athlete(db_url: str, tmp_path: Path) -> tuple[Store, Settings]:
    store = Store.from_url(db_url)
    settings = Settings(database_url=db_url, data_dir=tmp_path)
    accounts.create_team(store, CLI_OPERATOR, "harbour", "Harbour FC", NOW)
    injury = Injury(date(2026, 11, 1), Side.LEFT, BamicGrade.parse("2b"), notes=f"{NAME} felt a pop")
    create_athlete(store, CLI_OPERATOR, Athlete("zq", NAME), "harbour", NOW, injury)
    accounts.create_user(store, CLI_OPERATOR, "zq", PASSWORD, "athlete", NOW, display_name=NAME, athlete_id="zq")
    me = accounts.actor_for(store.read(lambda uow: uow.accounts.user_by_name("zq")), None)  # type: ignore[arg-type]
    checkins.log_checkin(store, me, "zq", CheckIn(date(2026, 11, 20), pain_walking=3, note=f"{NAME} sore"), NOW)
    jobs.submit_job(jobs.JobContext(store, settings), _Later(), CLI_OPERATOR, "export_athlete", "zq", NOW)
    return store, settings


def test_the_export_holds_the_jobs_and_the_account_without_its_password(athlete: tuple[Store, Settings]) -> None:
    store, _ = athlete
    doc = json.loads(zipfile.ZipFile(io.BytesIO(export_athlete(store, CLI_OPERATOR, "zq", NOW))).read("athlete.json"))
    assert [j["kind"] for j in doc["tables"]["jobs"]] == ["export_athlete"]
    assert [(u["username"], u["display_name"]) for u in doc["tables"]["users"]] == [("zq", NAME)]
    assert "password_hash" not in doc["tables"]["users"][0] and "argon2" not in json.dumps(doc)


def test_erasure_clears_the_name_revokes_every_token_and_leaves_no_byte(
    athlete: tuple[Store, Settings], db_url: str, tmp_path: Path
) -> None:
    store, settings = athlete
    tokens = [accounts.login(store, settings, "zq", PASSWORD, None, NOW).token for _ in range(2)]
    erase_athlete(store, CLI_OPERATOR, "zq", NOW, tmp_path)
    user = store.read(lambda uow: uow.accounts.user_by_name("zq"))
    assert user is not None and NAME not in user.display_name and not user.active and user.athlete_id is None
    for token in tokens:
        assert store.read(lambda uow, t=token: uow.accounts.token(accounts._digest(t)))["revoked"]  # type: ignore[index]
        with pytest.raises(NotAuthenticated):
            accounts.authenticate_token(store, token, None, NOW)
    if not db_url.startswith("sqlite"):
        return  # PostgreSQL: see docs/platform.md (VACUUM; backups and WAL archives rotate)
    # Searched while the store is still open (a running server): the WAL is there, not yet folded in on close.
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.name == "sprintback.db" for p in files)
    holding = [p.name for p in files if b"Zebedee" in p.read_bytes() or b"Quartermaine" in p.read_bytes()]
    store.dispose()
    assert holding == []
