"""Platform CLI: db upgrade, team add, user add (password from stdin), device link; errors exit 2 naming the field."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from sprintback.cli.main import app
from sprintback.store import Store
from sprintback.store.migrate import head


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{(tmp_path / 'cli.db').as_posix()}"
    monkeypatch.setenv("SPRINTBACK_DATABASE_URL", url)
    monkeypatch.setenv("SPRINTBACK_DATA_DIR", str(tmp_path))
    return url


def test_db_upgrade_then_team_and_user_add(env: str) -> None:
    r = CliRunner().invoke(app, ["db", "upgrade"])
    assert r.exit_code == 0 and f"empty -> {head()}" in r.output
    assert CliRunner().invoke(app, ["team", "add", "harbour", "Harbour FC"]).exit_code == 0
    r = CliRunner().invoke(
        app, ["user", "add", "maria", "--role", "clinician", "--team", "Harbour FC", "--password-stdin"],
        input="correct-horse-battery\n",
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    store = Store.from_url(env)
    user = store.run(lambda uow: uow.accounts.user_by_name("maria"))
    store.dispose()
    assert user is not None and user.team_ids == frozenset({"harbour"}) and user.password_hash.startswith("$argon2id$")


def test_bad_role_exits_2_naming_the_field(env: str) -> None:
    r = CliRunner().invoke(
        app, ["user", "add", "bob", "--role", "wizard", "--password-stdin"], input="long-password-1\n"
    )
    assert r.exit_code == 2
    assert "role: 'wizard' is not one of" in r.output


def test_device_link_for_unknown_athlete_exits_2(env: str) -> None:
    r = CliRunner().invoke(app, ["device", "link", "garmin-1", "ghost"])
    assert r.exit_code == 2 and "athlete_id" in r.output


def test_worker_without_redis_explains_and_exits_2(env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SPRINTBACK_REDIS_URL", raising=False)
    r = CliRunner().invoke(app, ["worker", "--burst"])
    assert r.exit_code == 2 and "SPRINTBACK_REDIS_URL" in r.output
