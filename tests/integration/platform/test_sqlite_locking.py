"""SQLite: reads do not wait for a writer; a unit of work that meets "database is locked" is retried."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from sprintback.store import Store
from sprintback.store.database import Database


def test_a_read_proceeds_while_another_connection_holds_the_write_lock(tmp_path: Path, sqlite_template: Path) -> None:
    from sprintback.store.testing import copy_sqlite

    url = copy_sqlite(sqlite_template, tmp_path / "db.sqlite")
    store = Store.from_url(url)
    blocker = sqlite3.connect(tmp_path / "db.sqlite", isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # an open write transaction elsewhere
    try:
        t0 = time.monotonic()
        assert store.read(lambda uow: uow.accounts.user_by_name("nobody")) is None
        assert time.monotonic() - t0 < 1.0
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
        store.dispose()


def test_unit_of_work_is_retried_after_database_is_locked(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{(tmp_path / 'r.db').as_posix()}")
    attempts: list[int] = []

    def work(conn: object) -> int:
        attempts.append(1)
        if len(attempts) < 3:
            raise OperationalError("INSERT ...", {}, sqlite3.OperationalError("database is locked"))
        return int(conn.execute(text("SELECT 41 + 1")).scalar_one())  # type: ignore[attr-defined]

    assert db.run(work) == 42 and len(attempts) == 3
    db.dispose()


def test_other_database_errors_are_not_retried(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{(tmp_path / 'r.db').as_posix()}")
    attempts: list[int] = []

    def work(conn: object) -> None:
        attempts.append(1)
        raise OperationalError("SELECT ...", {}, sqlite3.OperationalError("no such table: nowhere"))

    with pytest.raises(OperationalError):
        db.run(work)
    assert len(attempts) == 1
    db.dispose()
