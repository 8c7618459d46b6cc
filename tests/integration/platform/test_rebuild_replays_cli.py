"""`sprintback db rebuild-replays`: drop the derived table and replay every athlete again; bad dates exit 2."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sprintback.cli.main import app
from sprintback.domain.engine import replay
from sprintback.protocol_files import load_default_protocol
from sprintback.services.demo_squad import DEMO_SQUAD, seed_demo
from sprintback.services.replays import replay_for
from sprintback.store import Store, open_database

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


@pytest.fixture
def seeded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    url = f"sqlite:///{(tmp_path / 'cli.db').as_posix()}"
    monkeypatch.setenv("SPRINTBACK_DATABASE_URL", url)
    monkeypatch.setenv("SPRINTBACK_DATA_DIR", str(tmp_path))
    store = Store(open_database(url))
    seed_demo(store, TODAY, NOW)
    yield store
    store.dispose()


def test_rebuild_replays_every_athlete_and_keeps_what_the_engine_gives(seeded: Store) -> None:
    r = CliRunner().invoke(app, ["db", "rebuild-replays", "--as-of", TODAY.isoformat()])
    assert r.exit_code == 0, r.output
    expected_days = 0
    for plan in DEMO_SQUAD:
        case = seeded.read(lambda uow, a=plan.id: uow.records.case(a))
        assert case is not None
        fresh = replay(case, load_default_protocol(), TODAY)
        expected_days += len(fresh)
        assert seeded.read(lambda uow, c=case: replay_for(uow, c, load_default_protocol(), TODAY)) == fresh
    assert f"replayed {len(DEMO_SQUAD)} athletes, {expected_days} days" in r.output
    assert seeded.read(lambda uow: uow.replays.stored_days()) == expected_days
    again = CliRunner().invoke(app, ["db", "rebuild-replays", "--as-of", TODAY.isoformat()])
    assert again.exit_code == 0 and f"dropped {expected_days} stored days" in again.output


@pytest.mark.parametrize(("as_of", "said"), [("25/11/2026", "not a date"), ("2226-12-01", "more than a year")])
def test_a_bad_or_far_date_exits_2_naming_the_option(seeded: Store, as_of: str, said: str) -> None:
    r = CliRunner().invoke(app, ["db", "rebuild-replays", "--as-of", as_of])
    assert r.exit_code == 2 and "--as-of" in r.output and said in r.output
    assert seeded.read(lambda uow: uow.replays.stored_days()) == 0
