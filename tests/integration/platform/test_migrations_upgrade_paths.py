"""Alembic: upgrade from empty and from every earlier revision reaches a schema equal to the models."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from sprintback.store.database import make_engine
from sprintback.store.migrate import current_revision, head, revisions, upgrade
from sprintback.store.tables import metadata
from sprintback.store.testing import scratch_postgres

PG = os.environ.get("SPRINTBACK_TEST_DATABASE_URL")


def _schema_diff(url: str) -> list[object]:
    engine = make_engine(url)
    with engine.connect() as c:
        diff = compare_metadata(MigrationContext.configure(c, opts={"compare_type": True}), metadata)
    engine.dispose()
    return list(diff)


def _check_upgrade_from(url: str, start: str | None) -> None:
    engine = make_engine(url)
    if start is not None:
        upgrade(engine, start)
        assert current_revision(engine) == start
        _insert_athlete_at(engine)
    upgrade(engine)
    assert current_revision(engine) == head()
    if start is not None:  # data written before the upgrade is still there
        with engine.connect() as c:
            assert c.execute(text("SELECT name FROM athletes WHERE id = 'old'")).scalar_one() == "Old Timer"
            assert c.execute(text("SELECT grade FROM injuries WHERE athlete_id = 'old'")).scalar_one() == "2b"
    engine.dispose()
    assert _schema_diff(url) == []


def _insert_athlete_at(engine: object) -> None:
    with engine.begin() as c:  # type: ignore[attr-defined]
        c.execute(
            text("INSERT INTO athletes (id, name, baselines, created_at) VALUES ('old', 'Old Timer', '{}', :t)"),
            {"t": datetime(2026, 1, 1)},
        )
        c.execute(
            text(
                "INSERT INTO injuries (athlete_id, date, side, grade, mechanism, muscle, previous_hsi, recent_hsi,"
                " notes, recorded_at, recorded_by) VALUES ('old', :d, 'left', '2b', 'sprint', 'bflh', 0, false, '',"
                " :t, 'test')"
            ),
            {"d": date(2026, 1, 1), "t": datetime(2026, 1, 1)},
        )


def test_there_is_a_chain_of_revisions_ending_at_head() -> None:
    revs = revisions()
    assert revs[0] == "0001" and revs[-1] == head() and len(revs) == len(set(revs)) >= 4


@pytest.mark.parametrize("start", [None, *revisions()])
def test_sqlite_upgrades_to_head_from_empty_and_from_every_revision(tmp_path: Path, start: str | None) -> None:
    _check_upgrade_from(f"sqlite:///{(tmp_path / 'm.db').as_posix()}", start)


@pytest.mark.postgres
@pytest.mark.parametrize("start", [None, *revisions()])
def test_postgres_upgrades_to_head_from_empty_and_from_every_revision(start: str | None) -> None:
    if not PG:
        pytest.skip("SPRINTBACK_TEST_DATABASE_URL is not set")
    with scratch_postgres(PG, migrate=False) as url:
        _check_upgrade_from(url, start)


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{(tmp_path / 'w.db').as_posix()}")
    with engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert int(c.exec_driver_sql("PRAGMA busy_timeout").scalar() or 0) >= 5000
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()
