"""Repository for the case: athletes, injuries, measurements, check-ins, sessions, clearances.

Rows become domain objects here and nowhere else. Measurements, check-ins and sessions are
append-only: a correction inserts a new row pointing at the one it replaces (`supersedes_id`), and
the "current" view leaves out every row that has been superseded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, exists, func, select
from sqlalchemy.sql import Select

from sprintback.core.records import AthleteRow, Page, Stored
from sprintback.domain.errors import NotFound
from sprintback.domain.models import (
    Athlete,
    BamicGrade,
    Case,
    CheckIn,
    Injury,
    IntakeSign,
    Measurement,
    Mechanism,
    PainMode,
    SessionKind,
    SessionLog,
    Side,
)
from sprintback.store import tables as t
from sprintback.store.replays import ReplayCache

# A record's columns are named as its domain fields (tests/unit/platform/test_one_shape_per_record.py checks
# the tables have them all): rows are built from, and read back into, the dataclass fields by name.
_MEASUREMENT_FIELDS = tuple(f.name for f in fields(Measurement))
_CHECKIN_FIELDS = tuple(f.name for f in fields(CheckIn))
_SESSION_FIELDS = tuple(f.name for f in fields(SessionLog))


class CaseRecords:
    """Every write to a case also invalidates the athlete's stored replays from the day it changes, in the same
    transaction (`store/replays.py`)."""

    def __init__(self, conn: Connection, replays: ReplayCache | None = None) -> None:
        self.conn = conn
        self.replays = replays or ReplayCache(conn)

    # --- athletes ---
    def add_athlete(self, athlete: Athlete, team_id: str | None, pain_mode: PainMode | None, now: datetime) -> None:
        self.conn.execute(
            t.athletes.insert().values(
                id=athlete.id,
                name=athlete.name,
                sport=athlete.sport,
                position=athlete.position,
                team_id=team_id,
                baselines=dict(athlete.baselines),
                pain_mode=pain_mode.value if pain_mode else None,
                created_at=now,
            )
        )

    def athlete(self, athlete_id: str) -> AthleteRow:
        row = self.conn.execute(select(t.athletes).where(t.athletes.c.id == athlete_id)).mappings().first()
        if row is None:
            raise NotFound(f"no athlete {athlete_id!r}", "athlete_id")
        return _athlete(row)

    def athlete_exists(self, athlete_id: str) -> bool:
        q = select(func.count()).select_from(t.athletes).where(t.athletes.c.id == athlete_id)
        return bool(self.conn.execute(q).scalar_one())

    def athlete_team(self, athlete_id: str) -> tuple[bool, str | None]:
        """Whether the athlete exists, and their team: one query for the authorisation check."""
        row = self.conn.execute(select(t.athletes.c.team_id).where(t.athletes.c.id == athlete_id)).first()
        return (row is not None, row[0] if row is not None else None)

    def team_of(self, athlete_id: str) -> str | None:
        q = select(t.athletes.c.team_id).where(t.athletes.c.id == athlete_id)
        return self.conn.execute(q).scalar_one_or_none()

    def list_athletes(
        self, team_ids: Sequence[str] | None, only_id: str | None, limit: int, offset: int
    ) -> Page[AthleteRow]:
        """Athletes in `team_ids` (None: all), or just `only_id`, ordered by name."""
        q: Select[Any] = select(t.athletes)
        if team_ids is not None:
            q = q.where(t.athletes.c.team_id.in_(list(team_ids)))
        if only_id is not None:
            q = q.where(t.athletes.c.id == only_id)
        total = self.conn.execute(select(func.count()).select_from(q.subquery())).scalar_one()
        rows = self.conn.execute(q.order_by(t.athletes.c.name, t.athletes.c.id).limit(limit).offset(offset))
        return Page([_athlete(r) for r in rows.mappings()], total)

    # --- injuries ---
    def add_injury(self, athlete_id: str, injury: Injury, by: str, now: datetime) -> int:
        res = self.conn.execute(
            t.injuries.insert().values(
                athlete_id=athlete_id,
                date=injury.date,
                side=injury.side.value,
                grade=str(injury.grade),
                mechanism=injury.mechanism.value,
                muscle=injury.muscle,
                previous_hsi=injury.previous_hsi,
                recent_hsi=injury.recent_hsi,
                notes=injury.notes,
                physician_review_on=injury.physician_review_on,
                intake_signs=",".join(s.value for s in injury.intake_signs),
                recorded_at=now,
                recorded_by=by,
            )
        )
        self.replays.invalidate(athlete_id, None)  # a new injury is a new case
        return int(res.inserted_primary_key[0])  # type: ignore[index]

    def current_injury(self, athlete_id: str) -> Injury | None:
        q = (
            select(t.injuries)
            .where(t.injuries.c.athlete_id == athlete_id)
            .order_by(t.injuries.c.date.desc(), t.injuries.c.id.desc())
            .limit(1)
        )
        row = self.conn.execute(q).mappings().first()
        return _injury(row) if row else None

    def current_injuries(self, athlete_ids: Sequence[str]) -> dict[str, Injury]:
        out: dict[str, Injury] = {}
        if not athlete_ids:
            return out
        q = (
            select(t.injuries)
            .where(t.injuries.c.athlete_id.in_(list(athlete_ids)))
            .order_by(t.injuries.c.date, t.injuries.c.id)
        )
        for row in self.conn.execute(q).mappings():
            out[row["athlete_id"]] = _injury(row)  # later rows win: the latest injury is current
        return out

    # --- measurements ---
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
    ) -> int:
        self.replays.invalidate(athlete_id, self._changed_from(t.measurements, m.date, supersedes_id))
        row = _measurement_row(athlete_id, m, by, now, source)
        row.update(telemetry_session_id=telemetry_session_id, supersedes_id=supersedes_id, retracted=retracted)
        res = self.conn.execute(t.measurements.insert().values(**row))
        return int(res.inserted_primary_key[0])  # type: ignore[index]

    def add_records(
        self,
        athlete_id: str,
        measurements: Sequence[Measurement],
        checkins: Sequence[CheckIn],
        sessions: Sequence[SessionLog],
        by: str,
        now: datetime,
    ) -> None:
        """Many new (not correcting) rows at once, one statement per table: a case moving in (bulk import)."""
        days: list[date] = [m.date for m in measurements] + [c.date for c in checkins] + [x.date for x in sessions]
        if days:
            self.replays.invalidate(athlete_id, min(days))
        for table, rows in (
            (t.measurements, [_measurement_row(athlete_id, m, by, now, "assessment") for m in measurements]),
            (t.checkins, [_checkin_row(athlete_id, c, by, now) for c in checkins]),
            (t.sessions, [_session_row(athlete_id, x, by, now) for x in sessions]),
        ):
            if rows:
                self.conn.execute(table.insert(), rows)

    def measurement(self, athlete_id: str, measurement_id: int) -> Stored[Measurement]:
        q = select(t.measurements).where(
            t.measurements.c.id == measurement_id, t.measurements.c.athlete_id == athlete_id
        )
        row = self.conn.execute(q).mappings().first()
        if row is None:
            raise NotFound(f"athlete {athlete_id!r} has no measurement {measurement_id}", "measurement_id")
        return _stored(row, _measurement(row))

    def is_superseded(self, table_name: str, row_id: int) -> bool:
        table = t.metadata.tables[table_name]
        q = select(func.count()).select_from(table).where(table.c.supersedes_id == row_id)
        return bool(self.conn.execute(q).scalar_one())

    def measurements(
        self, athlete_id: str, since: date | None = None, limit: int | None = None, offset: int = 0
    ) -> Page[Stored[Measurement]]:
        q = _current(t.measurements, athlete_id, since).where(t.measurements.c.retracted.is_(False))
        return self._page(q, t.measurements, limit, offset, _measurement)

    # --- check-ins ---
    def add_checkin(self, athlete_id: str, c: CheckIn, by: str, now: datetime, supersedes_id: int | None) -> int:
        self.replays.invalidate(athlete_id, self._changed_from(t.checkins, c.date, supersedes_id))
        row = _checkin_row(athlete_id, c, by, now) | {"supersedes_id": supersedes_id}
        res = self.conn.execute(t.checkins.insert().values(**row))
        return int(res.inserted_primary_key[0])  # type: ignore[index]

    def current_checkin_id(self, athlete_id: str, day: date) -> int | None:
        q = _current(t.checkins, athlete_id, None).where(t.checkins.c.date == day)
        row = self.conn.execute(q.with_only_columns(t.checkins.c.id)).first()
        return int(row[0]) if row else None

    def checkins(
        self, athlete_id: str, since: date | None = None, limit: int | None = None, offset: int = 0
    ) -> Page[Stored[CheckIn]]:
        return self._page(_current(t.checkins, athlete_id, since), t.checkins, limit, offset, _checkin)

    # --- sessions ---
    def add_session(
        self,
        athlete_id: str,
        s: SessionLog,
        by: str,
        now: datetime,
        telemetry_session_id: int | None = None,
        supersedes_id: int | None = None,
    ) -> int:
        self.replays.invalidate(athlete_id, self._changed_from(t.sessions, s.date, supersedes_id))
        row = _session_row(athlete_id, s, by, now)
        row.update(telemetry_session_id=telemetry_session_id, supersedes_id=supersedes_id)
        res = self.conn.execute(t.sessions.insert().values(**row))
        return int(res.inserted_primary_key[0])  # type: ignore[index]

    def sessions(
        self, athlete_id: str, since: date | None = None, limit: int | None = None, offset: int = 0
    ) -> Page[Stored[SessionLog]]:
        return self._page(_current(t.sessions, athlete_id, since), t.sessions, limit, offset, _session)

    # --- clearances ---
    def add_clearance(
        self, athlete_id: str, day: date, engine_decision: str, override_reason: str, note: str, by: str, now: datetime
    ) -> int:
        res = self.conn.execute(
            t.clearances.insert().values(
                athlete_id=athlete_id,
                date=day,
                engine_decision=engine_decision,
                override_reason=override_reason,
                note=note,
                recorded_at=now,
                recorded_by=by,
            )
        )
        return int(res.inserted_primary_key[0])  # type: ignore[index]

    def clearances(self, athlete_id: str) -> list[dict[str, Any]]:
        q = select(t.clearances).where(t.clearances.c.athlete_id == athlete_id).order_by(t.clearances.c.id)
        return [dict(r) for r in self.conn.execute(q).mappings()]

    # --- the whole case ---
    def case(self, athlete_id: str) -> Case | None:
        """The athlete's current case (latest injury and everything since it), or None without an injury."""
        self.replays.revision(athlete_id)  # before the rows: stored replays are tagged no newer than the data
        a = self.athlete(athlete_id)
        injury = self.current_injury(athlete_id)
        if injury is None:
            return None
        return Case(
            athlete=a.athlete,
            injury=injury,
            measurements=tuple(s.value for s in self.measurements(athlete_id, since=injury.date).items),
            checkins=tuple(s.value for s in self.checkins(athlete_id, since=injury.date).items),
            sessions=tuple(s.value for s in self.sessions(athlete_id, since=injury.date).items),
            pain_mode=a.pain_mode,
        )

    def _changed_from(self, table: Table, day: date, supersedes_id: int | None) -> date:
        """The first day a new row changes: its own date, or the replaced row's if that is earlier."""
        if supersedes_id is None:
            return day
        old = self.conn.execute(select(table.c.date).where(table.c.id == supersedes_id)).scalar_one_or_none()
        return min(day, old) if old is not None else day

    def cases(self, athlete_ids: Sequence[str]) -> dict[str, Case]:
        """`case` for many athletes at once (a squad board): one query per table, not one per athlete.
        Athletes without an injury on record are left out."""
        ids = list(athlete_ids)
        if not ids:
            return {}
        for a in ids:  # before the rows, as in `case`: stored replays are tagged no newer than the data
            self.replays.revision(a)
        rows = {
            r["id"]: _athlete(r)
            for r in self.conn.execute(select(t.athletes).where(t.athletes.c.id.in_(ids))).mappings()
        }
        injuries = self.current_injuries(ids)
        found: dict[str, dict[str, list[Any]]] = {
            a: {"measurements": [], "checkins": [], "sessions": []} for a in injuries
        }
        for table, convert in ((t.measurements, _measurement), (t.checkins, _checkin), (t.sessions, _session)):
            q = select(table).where(table.c.athlete_id.in_(list(injuries)), _not_superseded(table.name))
            if table is t.measurements:
                q = q.where(t.measurements.c.retracted.is_(False))
            for r in self.conn.execute(q.order_by(table.c.date, table.c.id)).mappings():
                injury = injuries[r["athlete_id"]]
                if r["date"] >= injury.date:
                    found[r["athlete_id"]][table.name].append(convert(r))
        return {
            a: Case(
                athlete=rows[a].athlete,
                injury=injury,
                measurements=tuple(found[a]["measurements"]),
                checkins=tuple(found[a]["checkins"]),
                sessions=tuple(found[a]["sessions"]),
                pain_mode=rows[a].pain_mode,
            )
            for a, injury in injuries.items()
            if a in rows
        }

    def clearances_of(self, athlete_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        """`clearances` for many athletes at once; every athlete asked for has a list (maybe empty)."""
        out: dict[str, list[dict[str, Any]]] = {a: [] for a in athlete_ids}
        if athlete_ids:
            q = select(t.clearances).where(t.clearances.c.athlete_id.in_(list(athlete_ids))).order_by(t.clearances.c.id)
            for r in self.conn.execute(q).mappings():
                out[r["athlete_id"]].append(dict(r))
        return out

    def _page(self, q: Select[Any], table: Table, limit: int | None, offset: int, convert: Any) -> Page[Any]:
        total = None
        if limit is not None:
            total = self.conn.execute(select(func.count()).select_from(q.subquery())).scalar_one()
            q = q.limit(limit).offset(offset)
        rows = list(self.conn.execute(q.order_by(table.c.date, table.c.id)).mappings())
        items = [_stored(r, convert(r)) for r in rows]
        return Page(items, len(items) if total is None else total)


def _current(table: Table, athlete_id: str, since: date | None) -> Select[Any]:
    q = select(table).where(table.c.athlete_id == athlete_id, _not_superseded(table.name))
    if since is not None:
        q = q.where(table.c.date >= since)
    return q


@cache
def _not_superseded(table_name: str) -> ColumnElement[bool]:
    """No newer row points at this one (indexed on supersedes_id; built once per table)."""
    table = t.metadata.tables[table_name]
    newer = table.alias(f"newer_{table_name}")
    return ~exists().where(newer.c.supersedes_id == table.c.id)


def _values(record: Any) -> dict[str, Any]:
    """The record's fields as column values (enums by their value)."""
    out = {}
    for f in fields(record):
        v = getattr(record, f.name)
        out[f.name] = v.value if isinstance(v, Enum) else v
    return out


def _measurement_row(athlete_id: str, m: Measurement, by: str, now: datetime, source: str) -> dict[str, Any]:
    return {
        "athlete_id": athlete_id, **_values(m), "source": source, "telemetry_session_id": None,
        "supersedes_id": None, "retracted": False, "recorded_at": now, "recorded_by": by,
    }  # fmt: skip


def _checkin_row(athlete_id: str, c: CheckIn, by: str, now: datetime) -> dict[str, Any]:
    return {"athlete_id": athlete_id, **_values(c), "supersedes_id": None, "recorded_at": now, "recorded_by": by}


def _session_row(athlete_id: str, s: SessionLog, by: str, now: datetime) -> dict[str, Any]:
    return {
        "athlete_id": athlete_id, **_values(s), "telemetry_session_id": None, "supersedes_id": None,
        "recorded_at": now, "recorded_by": by,
    }  # fmt: skip


def _stored(row: Any, value: Any) -> Stored[Any]:
    return Stored(row["id"], value, row["recorded_at"], row["recorded_by"], row["supersedes_id"])


def _athlete(row: Any) -> AthleteRow:
    a = Athlete(row["id"], row["name"], row["sport"], row["position"], dict(row["baselines"] or {}))
    return AthleteRow(a, row["team_id"], PainMode(row["pain_mode"]) if row["pain_mode"] else None)


def _injury(row: Any) -> Injury:
    return Injury(
        date=row["date"],
        side=Side(row["side"]),
        grade=BamicGrade.parse(row["grade"]),
        mechanism=Mechanism(row["mechanism"]),
        muscle=row["muscle"],
        previous_hsi=row["previous_hsi"],
        recent_hsi=bool(row["recent_hsi"]),
        notes=row["notes"],
        physician_review_on=row["physician_review_on"],
        intake_signs=tuple(IntakeSign(s) for s in (row["intake_signs"] or "").split(",") if s),
    )


def _measurement(row: Any) -> Measurement:
    values = {name: row[name] for name in _MEASUREMENT_FIELDS}
    return Measurement(**values | {"side": Side(row["side"]) if row["side"] else None})


def _checkin(row: Any) -> CheckIn:
    return CheckIn(**{name: row[name] for name in _CHECKIN_FIELDS})


def _session(row: Any) -> SessionLog:
    return SessionLog(**{name: row[name] for name in _SESSION_FIELDS} | {"kind": SessionKind(row["kind"])})
