"""Repository for the audit log: append and query, never update or delete."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select

from sprintback.core.records import AuditEntry
from sprintback.store import tables as t


class AuditLog:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def append(self, e: AuditEntry) -> None:
        self.conn.execute(
            t.audit_log.insert().values(
                at=e.at,
                user_id=e.user_id,
                username=e.username,
                role=e.role,
                action=e.action,
                athlete_id=e.athlete_id,
                outcome=e.outcome,
                ip=e.ip,
                detail=e.detail[:400],
            )
        )

    def query(
        self,
        athlete_id: str | None = None,
        username: str | None = None,
        action: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> tuple[list[dict[str, Any]], int]:
        q = select(t.audit_log)
        if athlete_id is not None:
            q = q.where(t.audit_log.c.athlete_id == athlete_id)
        if username is not None:
            q = q.where(t.audit_log.c.username == username)
        if action is not None:
            q = q.where(t.audit_log.c.action == action)
        if since is not None:
            q = q.where(t.audit_log.c.at >= since)
        if until is not None:
            q = q.where(t.audit_log.c.at < until)
        total = self.conn.execute(select(func.count()).select_from(q.subquery())).scalar_one()
        rows = self.conn.execute(q.order_by(t.audit_log.c.id.desc()).limit(limit).offset(offset)).mappings()
        return [dict(r) for r in rows], total
