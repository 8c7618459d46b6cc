"""The ports the use cases need: repositories, the unit of work that holds them, and the store that runs it.

These are `typing.Protocol`s, so anything with the right methods is a store: `sprintback.store` (SQLAlchemy,
SQLite or PostgreSQL) in the app, an in-memory fake in the service unit tests (`tests/support/fake_store.py`).
mypy checks both against these signatures. The services import this module, never `sprintback.store`.

A unit of work is one transaction. `Store.run` commits a write; `Store.read` runs read-only work without
SQLite's writer lock. Audit entries a use case adds (`pending_audit`) are written by the store after the
work: inside the same transaction for `run`, in a short write of its own after the read for `read`, so no
read holds the writer lock while the engine replays a case. Refusals (`keep_on_rollback`) are written even
when the work fails.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, Protocol, TypeVar

from sprintback.core.records import AthleteRow, AuditEntry, Page, Stored, UserRow
from sprintback.core.telemetry import ImportedSession
from sprintback.domain.decision import Decision
from sprintback.domain.models import Athlete, Case, CheckIn, Injury, Measurement, PainMode, SessionLog

T = TypeVar("T")


class CaseRepository(Protocol):
    """The case: athletes, injuries, measurements, check-ins, sessions, clearances (append-only records)."""

    def add_athlete(self, athlete: Athlete, team_id: str | None, pain_mode: PainMode | None, now: datetime) -> None: ...

    def athlete(self, athlete_id: str) -> AthleteRow: ...

    def athlete_exists(self, athlete_id: str) -> bool: ...

    def athlete_team(self, athlete_id: str) -> tuple[bool, str | None]: ...

    def team_of(self, athlete_id: str) -> str | None: ...

    def list_athletes(
        self, team_ids: Sequence[str] | None, only_id: str | None, limit: int, offset: int
    ) -> Page[AthleteRow]: ...

    def add_injury(self, athlete_id: str, injury: Injury, by: str, now: datetime) -> int: ...

    def current_injury(self, athlete_id: str) -> Injury | None: ...

    def current_injuries(self, athlete_ids: Sequence[str]) -> dict[str, Injury]: ...

    def add_measurement(
        self,
        athlete_id: str,
        m: Measurement,
        by: str,
        now: datetime,
        source: str = "assessment",
        supersedes_id: int | None = None,
        telemetry_session_id: int | None = None,
        retracted: bool = False,
    ) -> int: ...

    def add_records(
        self,
        athlete_id: str,
        measurements: Sequence[Measurement],
        checkins: Sequence[CheckIn],
        sessions: Sequence[SessionLog],
        by: str,
        now: datetime,
    ) -> None:
        """Many new (not correcting) rows at once: a case moving in (bulk import)."""
        ...

    def measurement(self, athlete_id: str, measurement_id: int) -> Stored[Measurement]: ...

    def is_superseded(self, table_name: str, row_id: int) -> bool: ...

    def measurements(
        self, athlete_id: str, since: date | None = None, limit: int | None = None, offset: int = 0
    ) -> Page[Stored[Measurement]]: ...

    def add_checkin(self, athlete_id: str, c: CheckIn, by: str, now: datetime, supersedes_id: int | None) -> int: ...

    def current_checkin_id(self, athlete_id: str, day: date) -> int | None: ...

    def checkins(
        self, athlete_id: str, since: date | None = None, limit: int | None = None, offset: int = 0
    ) -> Page[Stored[CheckIn]]: ...

    def add_session(
        self,
        athlete_id: str,
        s: SessionLog,
        by: str,
        now: datetime,
        telemetry_session_id: int | None = None,
        supersedes_id: int | None = None,
    ) -> int: ...

    def sessions(
        self, athlete_id: str, since: date | None = None, limit: int | None = None, offset: int = 0
    ) -> Page[Stored[SessionLog]]: ...

    def add_clearance(
        self, athlete_id: str, day: date, engine_decision: str, override_reason: str, note: str, by: str, now: datetime
    ) -> int: ...

    def clearances(self, athlete_id: str) -> list[dict[str, Any]]: ...

    def case(self, athlete_id: str) -> Case | None: ...

    def cases(self, athlete_ids: Sequence[str]) -> dict[str, Case]:
        """`case` for many athletes in a few queries; athletes without an injury are left out."""
        ...

    def clearances_of(self, athlete_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]: ...


class AccountRepository(Protocol):
    """Users, teams and membership, bearer tokens (stored as SHA-256), login failures."""

    def add_team(self, team_id: str, name: str) -> None: ...

    def teams(self, team_ids: Sequence[str] | None = None) -> list[dict[str, Any]]: ...

    def team_by_name_or_id(self, key: str) -> str | None: ...

    def add_user(
        self,
        username: str,
        password_hash: str,
        role: str,
        display_name: str,
        athlete_id: str | None,
        team_ids: Sequence[str],
        now: datetime,
    ) -> int: ...

    def username_taken(self, username: str) -> bool: ...

    def user_by_name(self, username: str) -> UserRow | None: ...

    def user(self, user_id: int) -> UserRow: ...

    def users(self, limit: int, offset: int) -> tuple[list[UserRow], int]: ...

    def set_password_hash(self, user_id: int, password_hash: str) -> None: ...

    def add_token(self, token_sha256: str, user_id: int, now: datetime, expires_at: datetime) -> None: ...

    def token(self, token_sha256: str) -> dict[str, Any] | None: ...

    def revoke_token(self, token_sha256: str) -> None: ...

    def delete_expired_tokens(self, now: datetime) -> int: ...

    def add_login_failure(self, key: str, now: datetime) -> None: ...

    def login_failures_since(self, key: str, since: datetime) -> int: ...

    def clear_login_failures(self, key: str) -> None: ...


class AuditRepository(Protocol):
    """The audit trail: append and query, never update or delete."""

    def append(self, e: AuditEntry) -> None: ...

    def query(
        self,
        athlete_id: str | None = None,
        username: str | None = None,
        action: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> tuple[list[dict[str, Any]], int]: ...


class JobRepository(Protocol):
    """Jobs: what was asked, by whom, status and result."""

    def add(
        self, job_id: str, kind: str, params: dict[str, Any], athlete_id: str | None, by: str, now: datetime
    ) -> None: ...

    def get(self, job_id: str) -> dict[str, Any]: ...

    def set_status(
        self,
        job_id: str,
        status: str,
        now: datetime | None = None,
        result: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> None: ...

    def ids_for_athlete(self, athlete_id: str) -> list[str]: ...


class TelemetryRepository(Protocol):
    """Imported telemetry sessions and device aliases."""

    def add_alias(self, alias: str, athlete_id: str) -> None: ...

    def aliases(self, athlete_id: str) -> list[str]: ...

    def resolve(self, key: str | None) -> str | None: ...

    def already_imported(self, content_sha256: str) -> bool: ...

    def sessions(self, athlete_id: str) -> list[dict[str, Any]]: ...

    def store_session(self, athlete_id: str, s: ImportedSession, index: int, now: datetime) -> int: ...


class AthleteDataRepository(Protocol):
    """Everything stored about one athlete (export) and its erasure."""

    def history(self, athlete_id: str) -> dict[str, list[dict[str, Any]]]: ...

    def erase(self, athlete_id: str) -> dict[str, int]: ...


class ReplayRepository(Protocol):
    """Kept day-by-day decisions per athlete and protocol (`services/replays.py` is their only user). Reads never
    write: computed days are handed over with `defer_fill` and stored by the store after the unit of work."""

    def revision(self, athlete_id: str) -> int: ...

    def covered_through(self, athlete_id: str, protocol_key: str, first: date, last: date) -> date | None: ...

    def decisions(
        self, athlete_id: str, protocol_key: str, first: date, last: date, sources: Mapping[str, str]
    ) -> list[Decision]: ...

    def decision_on(
        self, athlete_id: str, protocol_key: str, day: date, sources: Mapping[str, str]
    ) -> Decision | None: ...

    def defer_fill(
        self,
        athlete_id: str,
        protocol_key: str,
        revision: int,
        decisions: Sequence[Decision],
        sources: Mapping[str, str],
    ) -> None: ...

    def remembered(self, athlete_id: str, protocol_key: str, case: Case | None) -> list[Decision] | None: ...

    def remember(self, athlete_id: str, protocol_key: str, case: Case, days: list[Decision]) -> None: ...

    def clear(self) -> int:
        """Drop every kept day (they are derived); how many were dropped."""
        ...


class UnitOfWork(Protocol):
    """One transaction holding every repository (read-only properties: an implementation may use plain attributes)."""

    @property
    def records(self) -> CaseRepository: ...

    @property
    def accounts(self) -> AccountRepository: ...

    @property
    def audit(self) -> AuditRepository: ...

    @property
    def jobs(self) -> JobRepository: ...

    @property
    def telemetry(self) -> TelemetryRepository: ...

    @property
    def athlete_data(self) -> AthleteDataRepository: ...

    @property
    def replays(self) -> ReplayRepository: ...

    @property
    def pending_audit(self) -> list[AuditEntry]:
        """Allowed accesses, written by the store after the work (see the module docstring)."""
        ...

    @property
    def keep_on_rollback(self) -> list[AuditEntry]:
        """Refused accesses, written even though the refusal aborts the work."""
        ...


class Store(Protocol):
    """Runs units of work against one database."""

    def run(self, work: Callable[[UnitOfWork], T]) -> T:
        """`work` in one write transaction, committed if it returns (retried whole on lock contention)."""
        ...

    def read(self, work: Callable[[UnitOfWork], T]) -> T:
        """Read-only `work` in one read transaction (no writer lock); its audit entries are written after."""
        ...

    def ping(self) -> None:
        """Raise if the database cannot be reached."""
        ...
