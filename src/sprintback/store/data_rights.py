"""Repository for data rights: everything stored about one athlete (export), and its erasure."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, select, update

from sprintback.store import tables as t


class AthleteData:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def history(self, athlete_id: str) -> dict[str, list[dict[str, Any]]]:
        """Every row about the athlete, superseded ones included, by table name (for export)."""
        out: dict[str, list[dict[str, Any]]] = {}
        for table in (
            t.athletes,
            t.injuries,
            t.measurements,
            t.checkins,
            t.sessions,
            t.telemetry_sessions,
            t.clearances,
            t.device_aliases,
        ):
            col = table.c.id if table is t.athletes else table.c.athlete_id
            q = select(table).where(col == athlete_id)
            if "id" in table.c and table is not t.athletes:
                q = q.order_by(table.c.id)
            out[table.name] = [dict(r) for r in self.conn.execute(q).mappings()]
        jobs = select(t.jobs).where(t.jobs.c.athlete_id == athlete_id).order_by(t.jobs.c.created_at)
        out["jobs"] = [dict(r) for r in self.conn.execute(jobs).mappings()]
        # The athlete's own account, without its password hash (a secret, not data about the person).
        account = [c for c in t.users.c if c.name != "password_hash"]
        users = self.conn.execute(select(*account).where(t.users.c.athlete_id == athlete_id)).mappings()
        out["users"] = [dict(r) for r in users]
        return out

    def erase(self, athlete_id: str) -> dict[str, int]:
        """Delete every row about the athlete (the audit log is kept; it holds no health values)."""
        counts: dict[str, int] = {}
        # The account stays (the audit trail refers to its id) but holds nothing about the person: no name, no
        # link, no way in. Every token is revoked, expired or not.
        account_ids = list(self.conn.execute(select(t.users.c.id).where(t.users.c.athlete_id == athlete_id)).scalars())
        if account_ids:
            self.conn.execute(update(t.api_tokens).where(t.api_tokens.c.user_id.in_(account_ids)).values(revoked=True))
            self.conn.execute(
                update(t.users)
                .where(t.users.c.id.in_(account_ids))
                .values(athlete_id=None, active=False, display_name="(erased)")
            )
        counts["accounts_closed"] = len(account_ids)
        # Supersession chains point inside the same table; clear them first so rows delete in any order.
        for table in (t.measurements, t.checkins, t.sessions):
            self.conn.execute(update(table).where(table.c.athlete_id == athlete_id).values(supersedes_id=None))
        for table in (
            t.measurements,
            t.checkins,
            t.sessions,
            t.telemetry_sessions,
            t.clearances,
            t.injuries,
            t.device_aliases,
            t.jobs,
            t.athletes,
        ):
            col = table.c.id if table is t.athletes else table.c.athlete_id
            counts[table.name] = self.conn.execute(delete(table).where(col == athlete_id)).rowcount
        return counts
