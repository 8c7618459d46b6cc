"""The composition root: the clinic's protocol (a setting) reaches every face's use cases; a bad protocol file
stops start-up naming the field; nothing is read from the environment when settings are given."""

from __future__ import annotations

from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path

import pytest

from sprintback.bootstrap import bootstrap
from sprintback.domain.errors import InvalidProtocol
from sprintback.services import evaluation
from sprintback.services.access import CLI_OPERATOR
from sprintback.settings import Settings
from sprintback.store import Store

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 25)
DEFAULT = resources.files("sprintback.protocols").joinpath("hamstring-default.yaml").read_text(encoding="utf-8")


def _clinic_copy(tmp_path: Path, old: str, new: str) -> Path:
    assert old in DEFAULT
    path = tmp_path / "our-protocol.yaml"
    path.write_text(DEFAULT.replace(old, new, 1), encoding="utf-8")
    return path


def test_the_clinics_own_protocol_is_the_one_the_services_evaluate_with(
    two_teams: Store, db_url: str, tmp_path: Path
) -> None:
    path = _clinic_copy(tmp_path, "name: Protect and activate", "name: Schützen und aktivieren")
    ctx = bootstrap(Settings(db_url, tmp_path, protocol_path=path), store=two_teams, clock=lambda: NOW)
    a = evaluation.availability(ctx.services, CLI_OPERATOR, "sam", TODAY, NOW)
    default = bootstrap(Settings(db_url, tmp_path), store=two_teams, clock=lambda: NOW)
    b = evaluation.availability(default.services, CLI_OPERATOR, "sam", TODAY, NOW)
    assert a.phase == b.phase == "protect"
    assert (a.phase_name, b.phase_name) == ("Schützen und aktivieren", "Protect and activate")


def test_a_broken_clinic_protocol_stops_start_up_and_names_the_field(
    two_teams: Store, db_url: str, tmp_path: Path
) -> None:
    path = _clinic_copy(tmp_path, "  - id: loading", "  - id: protect")  # two phases with one id
    with pytest.raises(InvalidProtocol) as err:
        bootstrap(Settings(db_url, tmp_path, protocol_path=path), store=two_teams)
    assert err.value.field and "phases" in err.value.field


def test_given_settings_the_environment_is_not_read(
    two_teams: Store, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPRINTBACK_PROTOCOL", str(tmp_path / "missing.yaml"))
    monkeypatch.setenv("SPRINTBACK_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/nothing")
    ctx = bootstrap(Settings(db_url, tmp_path), store=two_teams, clock=lambda: NOW)
    assert ctx.settings.database_url == db_url and ctx.protocol.phases[0].id == "protect"
