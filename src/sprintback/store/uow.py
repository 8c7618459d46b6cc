"""Unit of work: one transaction holding every repository. Services receive one and never see SQL.

`UnitOfWork` and `Store` implement the services' ports (`sprintback.services.ports`) structurally; this
package imports nothing from the services.
"""

from __future__ import annotations

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
from sprintback.store.telemetry import TelemetryRecords

T = TypeVar("T")


class UnitOfWork:
    def __init__(self, conn: Connection) -> None:
        self.records = CaseRecords(conn)
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

    @classmethod
    def from_url(cls, url: str) -> Store:
        return cls(Database(url))

    def run(self, work: Callable[[UnitOfWork], T]) -> T:
        """Run `work` in one transaction (retried on lock contention); commit if it returns."""
        last: list[UnitOfWork] = []

        def _tx(conn: Connection) -> T:
            uow = UnitOfWork(conn)
            last[:] = [uow]
            result = work(uow)
            _append(conn, uow.pending_audit)
            return result

        try:
            return self.database.run(_tx)
        except Exception:
            self._keep_refusals(last)
            raise

    def read(self, work: Callable[[UnitOfWork], T]) -> T:
        """Run read-only `work` without taking SQLite's write lock; the audit entries it added are written
        afterwards in one short write transaction, so a replay never runs while the writer lock is held.

        The result is returned only once its audit entries are stored (no audited read goes unrecorded)."""
        last: list[UnitOfWork] = []

        def _tx(conn: Connection) -> T:
            uow = UnitOfWork(conn)
            last[:] = [uow]
            return work(uow)

        try:
            result = self.database.run(_tx, readonly=True)
        except Exception:
            self._keep_refusals(last)
            raise
        pending = last[0].pending_audit if last else []
        if pending:
            self.database.run(lambda conn: _append(conn, pending))
        return result

    def ping(self) -> None:
        self.database.ping()

    def _keep_refusals(self, last: list[UnitOfWork]) -> None:
        kept = last[0].keep_on_rollback if last else []
        if kept:
            self.database.run(lambda conn: _append(conn, kept))

    def dispose(self) -> None:
        self.database.dispose()


def _append(conn: Connection, entries: list[AuditEntry]) -> None:
    log = AuditLog(conn)
    for e in entries:
        log.append(e)
