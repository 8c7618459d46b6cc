"""Repository for jobs: what was asked, by whom, its status and result."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, or_, select, update

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
            values.update(finished_at=now, result=result, error=error, lease_until=None)
        self.conn.execute(update(t.jobs).where(t.jobs.c.id == job_id).values(**values))

    def ids_for_athlete(self, athlete_id: str) -> list[str]:
        q = select(t.jobs.c.id).where(t.jobs.c.athlete_id == athlete_id)
        return list(self.conn.execute(q).scalars())

    # --- leases: a job is run by whoever claims it; its lease says the runner is still alive ---
    def claim(self, job_id: str, now: datetime, lease: timedelta) -> bool:
        """queued -> running for one runner only (a conditional update: a duplicate delivery claims nothing)."""
        c = t.jobs.c
        q = (
            update(t.jobs)
            .where(c.id == job_id, c.status == "queued")
            .values(status="running", lease_until=now + lease, attempts=c.attempts + 1)
        )
        return bool(self.conn.execute(q).rowcount == 1)

    def renew(self, job_id: str, until: datetime) -> None:
        q = update(t.jobs).where(t.jobs.c.id == job_id, t.jobs.c.status == "running").values(lease_until=until)
        self.conn.execute(q)

    def expired_running(self, now: datetime) -> list[dict[str, Any]]:
        c = t.jobs.c
        q = select(t.jobs).where(c.status == "running", or_(c.lease_until.is_(None), c.lease_until < now))
        return [dict(r) for r in self.conn.execute(q.order_by(c.created_at)).mappings()]

    def queued_ids(self) -> list[str]:
        q = select(t.jobs.c.id).where(t.jobs.c.status == "queued").order_by(t.jobs.c.created_at)
        return list(self.conn.execute(q).scalars())

    def requeue(self, job_id: str) -> None:
        q = update(t.jobs).where(t.jobs.c.id == job_id, t.jobs.c.status == "running")
        self.conn.execute(q.values(status="queued", lease_until=None))

    def delete(self, job_id: str) -> None:
        self.conn.execute(delete(t.jobs).where(t.jobs.c.id == job_id))
