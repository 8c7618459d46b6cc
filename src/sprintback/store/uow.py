"""Unit of work: one transaction holding every repository. Services receive one and never see SQL.

`UnitOfWork` and `Store` implement the services' ports (`sprintback.services.ports`) structurally; this
package imports nothing from the services.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Connection

from sprintback.core.records import AuditEntry
from sprintback.store.accounts import Accounts
from sprintback.store.audit import AuditLog
from sprintback.store.data_rights import AthleteData
from sprintback.store.database import Database
from sprintback.store.jobs import JobRecords
from sprintback.store.records import CaseRecords
from sprintback.store.replays import PendingFill, ReplayCache
from sprintback.store.telemetry import TelemetryRecords

T = TypeVar("T")
log = logging.getLogger("sprintback.store")


class UnitOfWork:
    def __init__(self, conn: Connection) -> None:
        self.replays = ReplayCache(conn)
        self.records = CaseRecords(conn, self.replays)
        self.athlete_data = AthleteData(conn)
        self.accounts = Accounts(conn)
        self.audit = AuditLog(conn)
        self.jobs = JobRecords(conn)
        self.telemetry = TelemetryRecords(conn)
        # Allowed accesses, written after the work: in its transaction (`run`) or just after it (`read`).
        self.pending_audit: list[AuditEntry] = []
        # Audit entries that must survive a rollback (a refused access is recorded even though
        # the refusal aborts the transaction).
        self.keep_on_rollback: list[AuditEntry] = []


class Store:
    """Runs units of work against one database."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._nesting = threading.local()  # units of work running in this thread, and their pending replays

    @classmethod
    def from_url(cls, url: str) -> Store:
        return cls(Database(url))

    def run(self, work: Callable[[UnitOfWork], T]) -> T:
        """Run `work` in one transaction (retried on lock contention); commit if it returns."""
        last: list[UnitOfWork] = []
        try:
            return self._unit(work, last, readonly=False)
        except Exception:
            self._keep_refusals(last)
            raise

    def read(self, work: Callable[[UnitOfWork], T]) -> T:
        """Run read-only `work` without taking SQLite's write lock; the audit entries it added are written
        afterwards in one short write transaction, so a replay never runs while the writer lock is held.
        Replays it had to compute are stored after that, each in its own short write transaction.

        The result is returned only once its audit entries are stored (no audited read goes unrecorded)."""
        last: list[UnitOfWork] = []
        try:
            return self._unit(work, last, readonly=True)
        except Exception:
            self._keep_refusals(last)
            raise

    def ping(self) -> None:
        self.database.ping()

    def _unit(self, work: Callable[[UnitOfWork], T], last: list[UnitOfWork], readonly: bool) -> T:
        def _tx(conn: Connection) -> T:
            uow = UnitOfWork(conn)
            last[:] = [uow]
            result = work(uow)
            if not readonly:
                _append(conn, uow.pending_audit)
            return result

        # A unit of work started inside another (same thread) must not store its replays before the outer one
        # ends: on SQLite the outer may hold the write lock, and the fill would wait for it forever.
        depth = getattr(self._nesting, "depth", 0)
        if depth == 0:
            self._nesting.deferred = []
        self._nesting.depth = depth + 1
        try:
            result = self.database.run(_tx, readonly=readonly)
            if readonly and last[0].pending_audit:
                pending = last[0].pending_audit
                self.database.run(lambda conn: _append(conn, pending))
            self._nesting.deferred.extend(last[0].replays.pending)
        finally:
            self._nesting.depth = depth
        if depth == 0:
            fills, self._nesting.deferred = self._nesting.deferred, []
            self._store_replays(fills)
        return result

    def _store_replays(self, fills: list[PendingFill]) -> None:
        """Store the replays a unit of work computed, after it ended: one short write transaction per athlete, so
        no replay ever runs while SQLite's write lock is held for them. The table is derived: a failure costs only
        a recomputation on the next read."""
        for fill in fills:
            try:
                self.database.run(_filler(fill))
            except Exception as exc:
                log.warning("replay of %s not stored: %s", fill.athlete_id, exc)

    def _keep_refusals(self, last: list[UnitOfWork]) -> None:
        kept = last[0].keep_on_rollback if last else []
        if kept:
            self.database.run(lambda conn: _append(conn, kept))

    def dispose(self) -> None:
        self.database.dispose()


def _filler(fill: PendingFill) -> Callable[[Connection], bool]:
    return lambda conn: ReplayCache(conn).fill(fill)


def _append(conn: Connection, entries: list[AuditEntry]) -> None:
    audit = AuditLog(conn)
    for e in entries:
        audit.append(e)
