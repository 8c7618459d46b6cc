"""Storage side of telemetry import: imported sessions, their measurements, and device aliases.

`SqlTelemetrySink` implements the services' `TelemetrySink` port (`services/telemetry_port.py`): a file's sessions are
stored in one transaction, so a file is either wholly imported or not at all; the content hash makes a
second import of the same file a no-op the importer can detect.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.exc import IntegrityError

from sprintback.core.telemetry import ImportedSession, normalise_alias
from sprintback.domain.errors import ImportFailed
from sprintback.domain.models import check_measurement
from sprintback.store import tables as t
from sprintback.store.database import Database
from sprintback.store.records import CaseRecords


class TelemetryRecords:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add_alias(self, alias: str, athlete_id: str) -> None:
        self.conn.execute(t.device_aliases.insert().values(alias=normalise_alias(alias), athlete_id=athlete_id))

    def aliases(self, athlete_id: str) -> list[str]:
        q = select(t.device_aliases.c.alias).where(t.device_aliases.c.athlete_id == athlete_id)
        return sorted(self.conn.execute(q).scalars())

    def resolve(self, key: str | None) -> str | None:
        if not key or not key.strip():
            return None
        norm = normalise_alias(key)
        q = select(t.device_aliases.c.athlete_id).where(t.device_aliases.c.alias == norm)
        found = self.conn.execute(q).scalar_one_or_none()
        if found is not None:
            return str(found)
        # Exact name (case and spacing aside); two athletes with the same name match neither.
        names = select(t.athletes.c.id).where(func.lower(t.athletes.c.name) == norm)
        ids = list(self.conn.execute(names.limit(2)).scalars())
        return str(ids[0]) if len(ids) == 1 else None

    def already_imported(self, content_sha256: str) -> bool:
        q = select(func.count()).select_from(t.telemetry_sessions)
        q = q.where(t.telemetry_sessions.c.content_sha256 == content_sha256)
        return bool(self.conn.execute(q).scalar_one())

    def sessions(self, athlete_id: str) -> list[dict[str, Any]]:
        q = (
            select(t.telemetry_sessions)
            .where(t.telemetry_sessions.c.athlete_id == athlete_id)
            .order_by(t.telemetry_sessions.c.date, t.telemetry_sessions.c.id)
        )
        return [dict(r) for r in self.conn.execute(q).mappings()]

    def store_session(self, athlete_id: str, s: ImportedSession, index: int, now: datetime) -> int:
        for j, m in enumerate(s.measurements):
            check_measurement(m, f"sessions[{index}].measurements[{j}]")
        res = self.conn.execute(
            t.telemetry_sessions.insert().values(
                athlete_id=athlete_id,
                content_sha256=s.content_sha256,
                source_file=s.source_file,
                format=s.format,
                date=s.date,
                start=s.start,
                metrics=dict(s.metrics),
                imported_at=now,
                file_index=index,
            )
        )
        session_id = int(res.inserted_primary_key[0])  # type: ignore[index]
        records = CaseRecords(self.conn)
        for m in s.measurements:
            records.add_measurement(
                athlete_id, m, by=f"import:{s.format}", now=now, source="telemetry", telemetry_session_id=session_id
            )
        return session_id


class SqlTelemetrySink:
    """A `TelemetrySink` on the platform database."""

    def __init__(self, database: Database, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.database = database
        self.clock = clock

    def resolve_athlete(self, athlete_key: str | None) -> str | None:
        return self.database.run(lambda conn: TelemetryRecords(conn).resolve(athlete_key))

    def already_imported(self, content_sha256: str) -> bool:
        return self.database.run(lambda conn: TelemetryRecords(conn).already_imported(content_sha256))

    def add_alias(self, alias: str, athlete_id: str) -> None:
        self.database.run(lambda conn: TelemetryRecords(conn).add_alias(alias, athlete_id))

    def store_file(self, athlete_ids: Sequence[str], sessions: Sequence[ImportedSession]) -> None:
        if len(athlete_ids) != len(sessions):
            raise ImportFailed(f"{len(athlete_ids)} athlete ids for {len(sessions)} sessions", "athlete_ids")
        now = self.clock()

        def _store(conn: Connection) -> None:
            repo = TelemetryRecords(conn)
            records = CaseRecords(conn)
            for i, (aid, s) in enumerate(zip(athlete_ids, sessions, strict=True)):
                if not records.athlete_exists(aid):
                    raise ImportFailed(f"no athlete {aid!r}", f"athlete_ids[{i}]")
                repo.store_session(aid, s, i, now)

        try:
            self.database.run(_store)
        except IntegrityError:
            raise ImportFailed(
                f"{sessions[0].source_file if sessions else 'file'} was already imported for this athlete",
                "content_sha256",
            ) from None
