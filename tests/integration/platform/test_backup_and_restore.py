"""A backup taken while check-ins are being written restores with every row acknowledged before it began.

On main there was no backup command: a clinic's only copy of its health records was one SQLite file. The
writer here keeps logging sessions (each acknowledged by its committed id) while `db backup` runs; the restored
database must hold every id acknowledged before the backup started, pass SQLite's integrity check, and a
damaged file must be refused before anything is replaced.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from sprintback.domain.models import SessionKind, SessionLog
from sprintback.services import training
from sprintback.services.access import CLI_OPERATOR
from sprintback.store import Store
from sprintback.store.backup import BackupError, backup, check, restore

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
SRC = Path(__file__).resolve().parents[3] / "src"


def _ids(url: str) -> set[int]:
    conn = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        return {r[0] for r in conn.execute("SELECT id FROM sessions")}
    finally:
        conn.close()


def test_a_backup_under_concurrent_writes_restores_every_acknowledged_row(
    two_teams: Store, db_url: str, tmp_path: Path
) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("the PostgreSQL path is pg_dump's (tested below when its tools are installed)")
    acknowledged: list[int] = []
    stop = threading.Event()
    session = SessionLog(date(2026, 11, 24), SessionKind.REHAB, 30)

    def write() -> None:
        while not stop.is_set():
            acknowledged.append(training.log_session(two_teams, CLI_OPERATOR, "sam", session, NOW))

    writer = threading.Thread(target=write)
    writer.start()
    while len(acknowledged) < 50:
        pass
    before = set(acknowledged)
    info = backup(db_url, tmp_path / "backups" / "nightly.db")
    stop.set()
    writer.join()
    assert info.kind == "sqlite" and info.rows["sessions"] >= len(before)
    target = f"sqlite:///{tmp_path / 'restored' / 'sprintback.db'}"
    restore(tmp_path / "backups" / "nightly.db", target)
    restored = _ids(target)
    assert before <= restored and restored <= set(acknowledged)
    assert check(Path(target.removeprefix("sqlite:///"))).rows["sessions"] == len(restored)


def test_a_damaged_or_foreign_file_is_refused_and_nothing_is_replaced(db_url: str, tmp_path: Path) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("SQLite files")
    good = tmp_path / "good.db"
    backup(db_url, good)
    damaged = tmp_path / "damaged.db"
    data = bytearray(good.read_bytes())
    for page in range(1, len(data) // 4096):  # every b-tree page header but the first overwritten
        data[page * 4096 : page * 4096 + 12] = b"\xff" * 12
    damaged.write_bytes(bytes(data))
    foreign = tmp_path / "notes.db"
    sqlite3.connect(foreign).execute("CREATE TABLE notes(x)").connection.commit()
    before = Path(db_url.removeprefix("sqlite:///")).read_bytes()
    for bad in (damaged, foreign, tmp_path / "missing.db"):
        with pytest.raises(BackupError):
            restore(bad, db_url)
    assert Path(db_url.removeprefix("sqlite:///")).read_bytes() == before


def test_the_cli_backs_up_and_restores(db_url: str, tmp_path: Path) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("SQLite files")
    env = {**os.environ, "PYTHONPATH": str(SRC), "SPRINTBACK_DATABASE_URL": db_url}
    cli = [sys.executable, "-m", "sprintback", "db"]
    out = subprocess.run([*cli, "backup", str(tmp_path / "b.db")], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "sqlite" in out.stdout, out.stderr
    env["SPRINTBACK_DATABASE_URL"] = f"sqlite:///{tmp_path / 'new' / 'sprintback.db'}"
    out = subprocess.run(
        [*cli, "restore", "--yes", str(tmp_path / "b.db")], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0 and "restored" in out.stdout, out.stderr


@pytest.mark.postgres
def test_postgres_backup_and_restore_through_pg_dump(two_teams: Store, db_url: str, tmp_path: Path) -> None:
    if db_url.startswith("sqlite"):
        pytest.skip("PostgreSQL")
    sid = training.log_session(
        two_teams, CLI_OPERATOR, "sam", SessionLog(date(2026, 11, 24), SessionKind.REHAB, 30), NOW
    )
    info = backup(db_url, tmp_path / "pg.dump")
    assert info.kind == "postgresql"
    two_teams.run(lambda uow: uow.records.athlete_exists("sam"))
    restore(tmp_path / "pg.dump", db_url)
    assert two_teams.run(lambda uow: [s.id for s in uow.records.sessions("sam", None, 10, 0).items]) == [sid]
