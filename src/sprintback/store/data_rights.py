"""Repository for data rights: everything stored about one athlete (export), and its erasure."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, select, update

from sprintback.store import tables as t
from sprintback.store.replays import ReplayCache


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
        return out

    def erase(self, athlete_id: str) -> dict[str, int]:
        """Delete every row about the athlete (the audit log is kept; it holds no health values)."""
        counts: dict[str, int] = {}
        ReplayCache(self.conn).forget(athlete_id)  # derived from the rows below, so it goes with them
        self.conn.execute(
            update(t.users).where(t.users.c.athlete_id == athlete_id).values(athlete_id=None, active=False)
        )
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
