"""Unit of work: one transaction holding every repository. Services receive one and never see SQL."""

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
            return work(uow)

        try:
            return self.database.run(_tx)
        except Exception:
            kept = last[0].keep_on_rollback if last else []
            if kept:

                def _keep(conn: Connection) -> None:
                    for e in kept:
                        AuditLog(conn).append(e)

                self.database.run(_keep)
            raise

    def read(self, work: Callable[[UnitOfWork], T]) -> T:
        """Run read-only `work` (no audit entry, no write) without taking SQLite's write lock."""
        return self.database.run(lambda conn: work(UnitOfWork(conn)), readonly=True)

    def dispose(self) -> None:
        self.database.dispose()
