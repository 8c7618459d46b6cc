"""Engines and transactions: SQLite (WAL, busy timeout, immediate writes) or PostgreSQL by URL.

SQLite serialises writers. Three things keep "database is locked" away from users:
- WAL journal, so readers never block the writer and the writer never blocks readers;
- `BEGIN IMMEDIATE`, so a transaction takes the write lock at its start and waits (busy_timeout)
  instead of failing later when a read lock cannot be upgraded (a case busy_timeout does not cover);
- `Database.run` retries a whole unit of work with back-off if the lock still times out.
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError

T = TypeVar("T")

SQLITE_BUSY_TIMEOUT_MS = 10_000
_RETRIES = 8


def make_engine(url: str) -> Engine:
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20, future=True)


def _sqlite_engine(url: str) -> Engine:
    u = make_url(url)
    in_memory = not u.database or u.database == ":memory:"
    if not in_memory:
        Path(str(u.database)).parent.mkdir(parents=True, exist_ok=True)
    pool = {} if in_memory else {"pool_size": 20, "max_overflow": 40}
    engine = create_engine(
        url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **pool
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # let SQLAlchemy's "begin" event issue BEGIN itself
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")  # safe with WAL; a power cut loses at most the last commits
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A read-only unit of work needs no write lock: in WAL mode it never waits for the writer.
        readonly = conn.get_execution_options().get("sprintback_readonly", False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

    return engine


def redacted_url(url: str) -> str:
    """The URL with any password masked, for logs and messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(unparseable database URL)"


def is_lock_contention(exc: BaseException) -> bool:
    """SQLite "database is locked"/"busy", or a PostgreSQL serialization failure / deadlock."""
    if not isinstance(exc, OperationalError | DBAPIError):
        return False
    text = str(exc.orig if getattr(exc, "orig", None) is not None else exc).lower()
    code = getattr(getattr(exc, "orig", None), "sqlstate", None)
    return "database is locked" in text or "database is busy" in text or code in ("40001", "40P01")


class Database:
    """An engine plus the rule for running one unit of work: one transaction, retried on lock contention."""

    def __init__(self, url: str, engine: Engine | None = None) -> None:
        self.url = url
        self.engine = engine or make_engine(url)
        # SQLite admits one writer. Within a process, queue writers on a lock that hands over at once,
        # instead of leaving them to SQLite's busy handler, which sleeps in steps of up to 100 ms and
        # so inflates tail latency. Other processes still meet busy_timeout and the retry below.
        self._sqlite_writer = threading.RLock() if self.engine.dialect.name == "sqlite" else None

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    def run(self, work: Callable[[Connection], T], readonly: bool = False) -> T:
        """Run `work` in one transaction; on lock contention roll back and run it again.

        `readonly` work must not write (on SQLite it does not take the write lock)."""
        for attempt in range(_RETRIES):
            try:
                with self._writer_turn(readonly), self.engine.connect() as conn:
                    if readonly:
                        conn = conn.execution_options(sprintback_readonly=True)
                    with conn.begin():
                        return work(conn)
            except (OperationalError, DBAPIError) as exc:
                if not is_lock_contention(exc) or attempt == _RETRIES - 1:
                    raise
                time.sleep(min(1.0, 0.02 * 2**attempt) * (0.5 + random.random()))
        raise AssertionError("unreachable")

    def ping(self) -> None:
        """Raise if the database cannot be reached."""
        self.run(lambda conn: conn.exec_driver_sql("SELECT 1").scalar_one(), readonly=True)

    def heartbeat(self, now: datetime) -> None:
        """Raise unless the database takes a write: one row rewritten and committed (a rolled-back write
        would not touch the disk, so a full disk or a read-only file would go unnoticed)."""
        from sprintback.store.tables import health_heartbeat as hb

        def _beat(conn: Connection) -> None:
            if conn.execute(update(hb).where(hb.c.id == 1).values(at=now)).rowcount == 0:
                conn.execute(hb.insert().values(id=1, at=now))

        self.run(_beat)

    def scrub_freed_space(self) -> None:
        """After an erasure: leave no byte of deleted rows in the database files.

        SQLite keeps deleted rows' bytes in free pages and in the WAL until they are overwritten. Checkpointing
        the WAL into the file and truncating it, then VACUUM (which rebuilds the file from live rows only), then
        truncating the WAL again removes them. Needs no other transaction open in this process (writers queue on
        the writer lock; a reader still open elsewhere may keep WAL frames alive until it ends, which the retry
        below waits for). PostgreSQL: see docs/platform.md (VACUUM marks the space reusable; the bytes go when
        pages are rewritten, and backups and WAL archives keep them until they rotate)."""
        if not self.is_sqlite:
            return
        with self._writer_turn(False):
            raw = self.engine.raw_connection()
            try:
                cur = raw.cursor()
                for attempt in range(_RETRIES):
                    cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    cur.execute("VACUUM")
                    busy = cur.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
                    if not busy:
                        break
                    time.sleep(0.05 * (attempt + 1))
                cur.close()
            finally:
                raw.close()

    def storage_problem(self) -> str | None:
        """For an SQLite database, what is wrong with the volume it lives on ("read-only", "disk full"), if
        anything; SQLite itself often reports either as "unable to open" or "disk I/O error"."""
        if not self.is_sqlite or not self.engine.url.database or self.engine.url.database == ":memory:":
            return None
        try:
            st = os.statvfs(Path(self.engine.url.database).resolve().parent)
        except OSError:
            return None
        if st.f_flag & os.ST_RDONLY:
            return "read-only"
        if st.f_bavail * st.f_frsize < 64 * 1024:  # less than a few pages: the next WAL frame may not fit
            return "disk full"
        return None

    def _writer_turn(self, readonly: bool) -> AbstractContextManager[object]:
        if readonly or self._sqlite_writer is None:
            return nullcontext()
        return self._sqlite_writer

    def dispose(self) -> None:
        self.engine.dispose()
