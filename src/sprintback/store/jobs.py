"""Repository for jobs: what was asked, by whom, its status and result."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from sprintback.domain.errors import NotFound
from sprintback.store import tables as t


class JobRecords:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(
        self, job_id: str, kind: str, params: dict[str, Any], athlete_id: str | None, by: str, now: datetime
    ) -> None:
        self.conn.execute(
            t.jobs.insert().values(
                id=job_id,
                kind=kind,
                params=params,
                status="queued",
                athlete_id=athlete_id,
                created_by=by,
                created_at=now,
            )
        )

    def get(self, job_id: str) -> dict[str, Any]:
        row = self.conn.execute(select(t.jobs).where(t.jobs.c.id == job_id)).mappings().first()
        if row is None:
            raise NotFound(f"no job {job_id!r}", "job_id")
        return dict(row)

    def set_status(
        self,
        job_id: str,
        status: str,
        now: datetime | None = None,
        result: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> None:
        values: dict[str, Any] = {"status": status}
        if status in ("done", "failed"):
            values.update(finished_at=now, result=result, error=error)
        self.conn.execute(update(t.jobs).where(t.jobs.c.id == job_id).values(**values))

    def ids_for_athlete(self, athlete_id: str) -> list[str]:
        q = select(t.jobs.c.id).where(t.jobs.c.athlete_id == athlete_id)
        return list(self.conn.execute(q).scalars())
