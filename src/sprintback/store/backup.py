"""Backups that restore: a consistent copy of the database taken while the server runs, checked before restoring.

SQLite: the online backup API (`sqlite3.Connection.backup`) copies the database page by page under a read
transaction, so the copy is one consistent snapshot even while check-ins are being written (WAL mode lets the
writers go on). A copy of the file with `cp` is not: it can catch the WAL half-applied.
PostgreSQL: `pg_dump --format=custom` (a consistent snapshot too: one repeatable-read transaction) and
`pg_restore --clean`; the client tools must be installed where the command runs.

Before a restore the file is checked: SQLite's `integrity_check`, a schema revision this version knows, and the
row counts shown; a PostgreSQL dump must be listable by `pg_restore`.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from sprintback.domain.errors import SprintbackError
from sprintback.store.migrate import revisions

COUNTED = ("athletes", "injuries", "measurements", "checkins", "sessions", "users", "audit_log", "jobs")


class BackupError(SprintbackError):
    code = "backup_error"


@dataclass(frozen=True)
class BackupInfo:
    kind: str  # sqlite | postgresql
    revision: str | None
    rows: dict[str, int]


def _sqlite_path(url: str) -> Path | None:
    u = make_url(url)
    if u.get_backend_name() != "sqlite":
        return None
    if not u.database or u.database == ":memory:":
        raise BackupError("an in-memory database has nothing to back up", "database_url")
    return Path(u.database)


def _libpq(url: str) -> str:
    """The SQLAlchemy URL as pg_dump/pg_restore take it (no `+driver`)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def backup(database_url: str, target: Path) -> BackupInfo:
    """Write a consistent copy of the database to `target` (replaced atomically) and check it."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    source = _sqlite_path(database_url)
    if source is None:
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={partial}", _libpq(database_url)])
    else:
        if not source.exists():
            raise BackupError(f"no database at {source}", "database_url")
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)  # one step: the whole copy under one read transaction
        finally:
            dst.close()
            src.close()
    info = check(partial)
    partial.replace(target)
    return info


def check(file: Path) -> BackupInfo:
    """What the backup holds, or BackupError if it is not a usable Sprintback backup."""
    file = Path(file)
    if not file.is_file():
        raise BackupError(f"{file} does not exist", "file")
    with file.open("rb") as f:
        magic = f.read(16)
    if magic.startswith(b"PGDMP"):
        listing = _run(["pg_restore", "--list", str(file)])
        return BackupInfo("postgresql", None, {"entries": listing.count("\n")})
    if not magic.startswith(b"SQLite format 3"):
        raise BackupError(f"{file} is neither an SQLite database nor a pg_dump custom archive", "file")
    conn = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    try:
        return _check_sqlite(conn, file)
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{file} is damaged: {exc}", "file") from None
    finally:
        conn.close()


def _check_sqlite(conn: sqlite3.Connection, file: Path) -> BackupInfo:
    verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
    if verdict != "ok":
        raise BackupError(f"{file} is damaged: {verdict}", "file")
    try:
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    except sqlite3.OperationalError:
        raise BackupError(f"{file} is not a Sprintback database (no schema revision)", "file") from None
    if revision not in revisions():
        raise BackupError(f"{file} has schema revision {revision!r}, unknown to this version", "file")
    rows = {t: int(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in COUNTED}
    return BackupInfo("sqlite", revision, rows)


def restore(file: Path, database_url: str) -> BackupInfo:
    """Replace the database with the checked backup. Stop the app processes and workers first."""
    info = check(file)
    target = _sqlite_path(database_url)
    if (target is None) != (info.kind == "postgresql"):
        raise BackupError(f"a {info.kind} backup cannot be restored into this database", "file")
    if target is None:
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
              f"--dbname={_libpq(database_url)}", str(file)])  # fmt: skip
        return info
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)  # through SQLite's pager: the target's WAL and readers stay consistent
    finally:
        dst.close()
        src.close()
    return info


def _run(cmd: list[str]) -> str:
    if shutil.which(cmd[0]) is None:
        raise BackupError(f"{cmd[0]} is not installed (the PostgreSQL client tools)", None)
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{cmd[0]} failed: {done.stderr.strip()[-500:]}", None)
    return done.stdout
