"""The in-memory repositories behind `fake_store.FakeStore`: one class per port of `services/ports.py`,
over one `FakeState` (plain lists and dicts, copied whole to imitate a transaction)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sprintback.core.records import AthleteRow, AuditEntry, Page, Stored, UserRow
from sprintback.core.telemetry import ImportedSession, normalise_alias
from sprintback.domain.decision import Decision
from sprintback.domain.errors import NotFound
from sprintback.domain.models import Athlete, Case, CheckIn, Injury, Measurement, PainMode, SessionLog


@dataclass
class _Row:
    id: int
    athlete_id: str
    value: Any
    recorded_at: datetime
    recorded_by: str
    supersedes_id: int | None = None
    retracted: bool = False


@dataclass
class FakeState:
    athletes: dict[str, AthleteRow] = field(default_factory=dict)
    injuries: list[tuple[int, str, Injury]] = field(default_factory=list)
    measurements: list[_Row] = field(default_factory=list)
    checkins: list[_Row] = field(default_factory=list)
    sessions: list[_Row] = field(default_factory=list)
    clearances: list[dict[str, Any]] = field(default_factory=list)
    teams: dict[str, str] = field(default_factory=dict)
    users: dict[int, UserRow] = field(default_factory=dict)
    tokens: dict[str, dict[str, Any]] = field(default_factory=dict)
    login_failures: list[tuple[str, datetime]] = field(default_factory=list)
    audit: list[AuditEntry] = field(default_factory=list)
    jobs: dict[str, dict[str, Any]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    telemetry_sessions: list[dict[str, Any]] = field(default_factory=list)
    last_id: int = 0

    def next_id(self) -> int:
        self.last_id += 1
        return self.last_id


def _current(rows: list[_Row], athlete_id: str, since: date | None) -> list[_Row]:
    superseded = {r.supersedes_id for r in rows if r.supersedes_id is not None}
    out = [
        r
        for r in rows
        if r.athlete_id == athlete_id and r.id not in superseded and (since is None or r.value.date >= since)
    ]
    return sorted(out, key=lambda r: (r.value.date, r.id))


def _page(rows: list[_Row], limit: int | None, offset: int) -> Page[Stored[Any]]:
    chosen = rows[offset : offset + limit] if limit is not None else rows
    items = [Stored(r.id, r.value, r.recorded_at, r.recorded_by, r.supersedes_id) for r in chosen]
    return Page(items, len(rows) if limit is not None else len(items))


class FakeCaseRecords:
    def __init__(self, s: FakeState) -> None:
        self.s = s

    def add_athlete(self, athlete: Athlete, team_id: str | None, pain_mode: PainMode | None, now: datetime) -> None:
        self.s.athletes[athlete.id] = AthleteRow(athlete, team_id, pain_mode)

    def athlete(self, athlete_id: str) -> AthleteRow:
        if athlete_id not in self.s.athletes:
            raise NotFound(f"no athlete {athlete_id!r}", "athlete_id")
        return self.s.athletes[athlete_id]

    def athlete_exists(self, athlete_id: str) -> bool:
        return athlete_id in self.s.athletes

    def athlete_team(self, athlete_id: str) -> tuple[bool, str | None]:
        row = self.s.athletes.get(athlete_id)
        return (row is not None, row.team_id if row else None)

    def team_of(self, athlete_id: str) -> str | None:
        row = self.s.athletes.get(athlete_id)
        return row.team_id if row else None

    def list_athletes(
        self, team_ids: Sequence[str] | None, only_id: str | None, limit: int, offset: int
    ) -> Page[AthleteRow]:
        rows = [
            r
            for r in self.s.athletes.values()
            if (team_ids is None or r.team_id in team_ids) and (only_id is None or r.athlete.id == only_id)
        ]
        rows.sort(key=lambda r: (r.athlete.name, r.athlete.id))
        return Page(rows[offset : offset + limit], len(rows))

    def add_injury(self, athlete_id: str, injury: Injury, by: str, now: datetime) -> int:
        i = self.s.next_id()
        self.s.injuries.append((i, athlete_id, injury))
        return i

    def current_injury(self, athlete_id: str) -> Injury | None:
        mine = sorted((inj.date, i, inj) for i, a, inj in self.s.injuries if a == athlete_id)
        return mine[-1][2] if mine else None

    def current_injuries(self, athlete_ids: Sequence[str]) -> dict[str, Injury]:
        return {a: inj for a in athlete_ids if (inj := self.current_injury(a)) is not None}

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
        i = self.s.next_id()
        self.s.measurements.append(_Row(i, athlete_id, m, now, by, supersedes_id, retracted))
        return i

    def add_records(
        self,
        athlete_id: str,
        measurements: Sequence[Measurement],
        checkins: Sequence[CheckIn],
        sessions: Sequence[SessionLog],
        by: str,
        now: datetime,
    ) -> None:
        for m in measurements:
            self.add_measurement(athlete_id, m, by, now)
        for c in checkins:
            self.add_checkin(athlete_id, c, by, now, None)
        for sl in sessions:
            self.add_session(athlete_id, sl, by, now)

    def measurement(self, athlete_id: str, measurement_id: int) -> Stored[Measurement]:
        for r in self.s.measurements:
            if r.id == measurement_id and r.athlete_id == athlete_id:
                return Stored(r.id, r.value, r.recorded_at, r.recorded_by, r.supersedes_id)
        raise NotFound(f"athlete {athlete_id!r} has no measurement {measurement_id}", "measurement_id")

    def is_superseded(self, table_name: str, row_id: int) -> bool:
        rows: list[_Row] = getattr(self.s, table_name)
        return any(r.supersedes_id == row_id for r in rows)

    def measurements(
        self, athlete_id: str, since: date | None = None, limit: int | None = None, offset: int = 0
    ) -> Page[Stored[Measurement]]:
        rows = [r for r in _current(self.s.measurements, athlete_id, since) if not r.retracted]
        return _page(rows, limit, offset)

    def add_checkin(self, athlete_id: str, c: CheckIn, by: str, now: datetime, supersedes_id: int | None) -> int:
        i = self.s.next_id()
        self.s.checkins.append(_Row(i, athlete_id, c, now, by, supersedes_id))
        return i

    def current_checkin_id(self, athlete_id: str, day: date) -> int | None:
        ids = [r.id for r in _current(self.s.checkins, athlete_id, None) if r.value.date == day]
        return ids[0] if ids else None

    def checkins(
        self, athlete_id: str, since: date | None = None, limit: int | None = None, offset: int = 0
    ) -> Page[Stored[CheckIn]]:
        return _page(_current(self.s.checkins, athlete_id, since), limit, offset)

    def add_session(
        self,
        athlete_id: str,
        s: SessionLog,
        by: str,
        now: datetime,
        telemetry_session_id: int | None = None,
        supersedes_id: int | None = None,
    ) -> int:
        i = self.s.next_id()
        self.s.sessions.append(_Row(i, athlete_id, s, now, by, supersedes_id))
        return i

    def sessions(
        self, athlete_id: str, since: date | None = None, limit: int | None = None, offset: int = 0
    ) -> Page[Stored[SessionLog]]:
        return _page(_current(self.s.sessions, athlete_id, since), limit, offset)

    def add_clearance(
        self, athlete_id: str, day: date, engine_decision: str, override_reason: str, note: str, by: str, now: datetime
    ) -> int:
        i = self.s.next_id()
        self.s.clearances.append(
            {"id": i, "athlete_id": athlete_id, "date": day, "engine_decision": engine_decision,
             "override_reason": override_reason, "note": note, "recorded_at": now, "recorded_by": by}
        )  # fmt: skip
        return i

    def clearances(self, athlete_id: str) -> list[dict[str, Any]]:
        return [dict(c) for c in self.s.clearances if c["athlete_id"] == athlete_id]

    def case(self, athlete_id: str) -> Case | None:
        row = self.athlete(athlete_id)
        injury = self.current_injury(athlete_id)
        if injury is None:
            return None

        def values(rows: list[_Row], retracted_too: bool = True) -> tuple[Any, ...]:
            current = _current(rows, athlete_id, injury.date)
            return tuple(r.value for r in current if retracted_too or not r.retracted)

        return Case(
            row.athlete,
            injury,
            values(self.s.measurements, retracted_too=False),
            values(self.s.checkins),
            values(self.s.sessions),
            pain_mode=row.pain_mode,
        )

    def cases(self, athlete_ids: Sequence[str]) -> dict[str, Case]:
        return {a: c for a in athlete_ids if a in self.s.athletes and (c := self.case(a)) is not None}

    def clearances_of(self, athlete_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        return {a: self.clearances(a) for a in athlete_ids}


class FakeAccounts:
    def __init__(self, s: FakeState) -> None:
        self.s = s

    def add_team(self, team_id: str, name: str) -> None:
        self.s.teams[team_id] = name

    def teams(self, team_ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
        rows = [{"id": t, "name": n} for t, n in self.s.teams.items() if team_ids is None or t in team_ids]
        return sorted(rows, key=lambda r: r["name"])

    def team_by_name_or_id(self, key: str) -> str | None:
        return next((t for t, n in self.s.teams.items() if key in (t, n)), None)

    def add_user(
        self,
        username: str,
        password_hash: str,
        role: str,
        display_name: str,
        athlete_id: str | None,
        team_ids: Sequence[str],
        now: datetime,
    ) -> int:
        i = self.s.next_id()
        self.s.users[i] = UserRow(i, username, password_hash, role, athlete_id, display_name, True, frozenset(team_ids))
        return i

    def username_taken(self, username: str) -> bool:
        return any(u.username == username for u in self.s.users.values())

    def user_by_name(self, username: str) -> UserRow | None:
        return next((u for u in self.s.users.values() if u.username == username), None)

    def user(self, user_id: int) -> UserRow:
        if user_id not in self.s.users:
            raise NotFound(f"no user {user_id}", "user_id")
        return self.s.users[user_id]

    def users(self, limit: int, offset: int) -> tuple[list[UserRow], int]:
        rows = sorted(self.s.users.values(), key=lambda u: u.username)
        return rows[offset : offset + limit], len(rows)

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        u = self.s.users[user_id]
        self.s.users[user_id] = UserRow(
            u.id, u.username, password_hash, u.role, u.athlete_id, u.display_name, u.active, u.team_ids
        )

    def add_token(self, token_sha256: str, user_id: int, now: datetime, expires_at: datetime) -> None:
        self.s.tokens[token_sha256] = {
            "user_id": user_id,
            "created_at": now,
            "expires_at": expires_at,
            "revoked": False,
        }

    def token(self, token_sha256: str) -> dict[str, Any] | None:
        row = self.s.tokens.get(token_sha256)
        return dict(row) if row else None

    def revoke_token(self, token_sha256: str) -> None:
        if token_sha256 in self.s.tokens:
            self.s.tokens[token_sha256]["revoked"] = True

    def delete_expired_tokens(self, now: datetime) -> int:
        old = [k for k, v in self.s.tokens.items() if v["expires_at"] < now]
        for k in old:
            del self.s.tokens[k]
        return len(old)

    def add_login_failure(self, key: str, now: datetime) -> None:
        self.s.login_failures.append((key, now))

    def login_failures_since(self, key: str, since: datetime) -> int:
        return sum(1 for k, at in self.s.login_failures if k == key and at >= since)

    def clear_login_failures(self, key: str) -> None:
        self.s.login_failures = [(k, at) for k, at in self.s.login_failures if k != key]


class FakeAuditLog:
    def __init__(self, s: FakeState) -> None:
        self.s = s

    def append(self, e: AuditEntry) -> None:
        self.s.audit.append(e)

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
        rows = [
            {**e.__dict__, "id": i + 1}
            for i, e in enumerate(self.s.audit)
            if (athlete_id is None or e.athlete_id == athlete_id)
            and (username is None or e.username == username)
            and (action is None or e.action == action)
            and (since is None or e.at >= since)
            and (until is None or e.at < until)
        ][::-1]
        return rows[offset : offset + limit], len(rows)


class FakeJobs:
    def __init__(self, s: FakeState) -> None:
        self.s = s

    def add(
        self, job_id: str, kind: str, params: dict[str, Any], athlete_id: str | None, by: str, now: datetime
    ) -> None:
        self.s.jobs[job_id] = {"id": job_id, "kind": kind, "params": params, "status": "queued",
                               "athlete_id": athlete_id, "created_by": by, "created_at": now, "finished_at": None,
                               "result": None, "error": None}  # fmt: skip

    def get(self, job_id: str) -> dict[str, Any]:
        if job_id not in self.s.jobs:
            raise NotFound(f"no job {job_id!r}", "job_id")
        return dict(self.s.jobs[job_id])

    def set_status(
        self,
        job_id: str,
        status: str,
        now: datetime | None = None,
        result: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> None:
        job = self.s.jobs[job_id]
        job["status"] = status
        if status in ("done", "failed"):
            job.update(finished_at=now, result=result, error=error)

    def ids_for_athlete(self, athlete_id: str) -> list[str]:
        return [j for j, v in self.s.jobs.items() if v["athlete_id"] == athlete_id]


class FakeTelemetry:
    def __init__(self, s: FakeState) -> None:
        self.s = s

    def add_alias(self, alias: str, athlete_id: str) -> None:
        self.s.aliases[normalise_alias(alias)] = athlete_id

    def aliases(self, athlete_id: str) -> list[str]:
        return sorted(a for a, who in self.s.aliases.items() if who == athlete_id)

    def resolve(self, key: str | None) -> str | None:
        if not key or not key.strip():
            return None
        norm = normalise_alias(key)
        if norm in self.s.aliases:
            return self.s.aliases[norm]
        named = [a for a, r in self.s.athletes.items() if r.athlete.name.lower() == norm]
        return named[0] if len(named) == 1 else None

    def already_imported(self, content_sha256: str) -> bool:
        return any(t["content_sha256"] == content_sha256 for t in self.s.telemetry_sessions)

    def sessions(self, athlete_id: str) -> list[dict[str, Any]]:
        return [dict(t) for t in self.s.telemetry_sessions if t["athlete_id"] == athlete_id]

    def store_session(self, athlete_id: str, s: ImportedSession, index: int, now: datetime) -> int:
        i = self.s.next_id()
        self.s.telemetry_sessions.append(
            {"id": i, "athlete_id": athlete_id, "content_sha256": s.content_sha256, "date": s.date, "file_index": index}
        )
        for m in s.measurements:
            FakeCaseRecords(self.s).add_measurement(athlete_id, m, f"import:{s.format}", now, "telemetry")
        return i


class FakeAthleteData:
    def __init__(self, s: FakeState) -> None:
        self.s = s

    def history(self, athlete_id: str) -> dict[str, list[dict[str, Any]]]:
        mine = [r for r in self.s.measurements if r.athlete_id == athlete_id]
        return {"measurements": [{"id": r.id, "kind": r.value.kind, "value": r.value.value} for r in mine]}

    def erase(self, athlete_id: str) -> dict[str, int]:
        before = len(self.s.measurements)
        self.s.measurements = [r for r in self.s.measurements if r.athlete_id != athlete_id]
        self.s.athletes.pop(athlete_id, None)
        return {"measurements": before - len(self.s.measurements)}


class FakeReplays:
    """`ports.ReplayRepository` that keeps no days between units of work: every replay is computed by the
    engine (the service tests check the use cases; the stored replays are tested on SQL), and a unit of work
    remembers what it computed, as the real one does."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str], tuple[Case, list[Decision]]] = {}

    def revision(self, athlete_id: str) -> int:
        return 0

    def covered_through(self, athlete_id: str, protocol_key: str, first: date, last: date) -> date | None:
        return None

    def decisions(
        self, athlete_id: str, protocol_key: str, first: date, last: date, sources: Mapping[str, str]
    ) -> list[Decision]:
        return []

    def decision_on(self, athlete_id: str, protocol_key: str, day: date, sources: Mapping[str, str]) -> Decision | None:
        return None

    def defer_fill(
        self,
        athlete_id: str,
        protocol_key: str,
        revision: int,
        decisions: Sequence[Decision],
        sources: Mapping[str, str],
    ) -> None:
        return None

    def remembered(self, athlete_id: str, protocol_key: str, case: Case | None) -> list[Decision] | None:
        hit = self._seen.get((athlete_id, protocol_key))
        if hit is None or (case is not None and hit[0] != case):
            return None
        return hit[1]

    def remember(self, athlete_id: str, protocol_key: str, case: Case, days: list[Decision]) -> None:
        self._seen[(athlete_id, protocol_key)] = (case, days)

    def clear(self) -> int:
        return 0  # nothing is kept between units of work
