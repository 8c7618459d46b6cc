"""An in-memory store for the service unit tests: the same ports as `sprintback.store` (`services/ports.py`),
checked by mypy, with no database (the repositories are in `fake_repositories.py`).

Transactions are imitated: `run` works on a copy of the state and keeps it only if the work returns (so a
failed use case stores nothing, as on SQL), `read` works on a copy and fails the test if anything changed
(a read model must not write). Audit entries follow the ports' rule: allowed accesses after the work (in the
same "transaction" for `run`, in a write of their own after `read`), refusals even when the work fails.
`transactions` records the kind of each transaction, so a test can say "one read, then one write".
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TypeVar

from fake_repositories import (
    FakeAccounts,
    FakeAthleteData,
    FakeAuditLog,
    FakeCaseRecords,
    FakeJobs,
    FakeState,
    FakeTelemetry,
)

from sprintback.core.records import AuditEntry
from sprintback.services import ports

T = TypeVar("T")


class FakeUnitOfWork:
    def __init__(self, state: FakeState) -> None:
        self.records = FakeCaseRecords(state)
        self.accounts = FakeAccounts(state)
        self.audit = FakeAuditLog(state)
        self.jobs = FakeJobs(state)
        self.telemetry = FakeTelemetry(state)
        self.athlete_data = FakeAthleteData(state)
        self.pending_audit: list[AuditEntry] = []
        self.keep_on_rollback: list[AuditEntry] = []


class FakeStore:
    """`ports.Store` in memory."""

    def __init__(self) -> None:
        self.state = FakeState()
        self.transactions: list[str] = []  # "read" / "write", in order

    def run(self, work: Callable[[ports.UnitOfWork], T]) -> T:
        self.transactions.append("write")
        draft = copy.deepcopy(self.state)
        uow = FakeUnitOfWork(draft)
        try:
            result = work(uow)
        except Exception:
            self._keep(uow.keep_on_rollback)
            raise
        draft.audit.extend(uow.pending_audit)
        self.state = draft
        return result

    def read(self, work: Callable[[ports.UnitOfWork], T]) -> T:
        self.transactions.append("read")
        snapshot = copy.deepcopy(self.state)
        uow = FakeUnitOfWork(snapshot)
        try:
            result = work(uow)
        except Exception:
            self._keep(uow.keep_on_rollback)
            raise
        assert snapshot == self.state, "a read-only unit of work changed the store"
        if uow.pending_audit:
            self.transactions.append("write")
            self.state.audit.extend(uow.pending_audit)
        return result

    def ping(self) -> None:
        pass

    def _keep(self, entries: list[AuditEntry]) -> None:
        if entries:
            self.transactions.append("write")
            self.state.audit.extend(entries)


def _checks() -> None:
    """mypy: the fakes implement the ports (this function is never called)."""
    store: ports.Store = FakeStore()
    uow: ports.UnitOfWork = FakeUnitOfWork(FakeState())
    del store, uow
