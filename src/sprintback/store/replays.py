"""Stored replays: each athlete's decision for every day, derived from the case and rebuildable at any time.

Two tables (revision 0007):
- `case_revisions`: one counter per athlete, bumped by every write to the case, in the writing transaction
  (`CaseRecords` calls `invalidate`). It fences cache fills: rows computed from an older revision are never
  stored, so a replay computed while someone wrote cannot outlive the write.
- `replay_days`: one row per (athlete, protocol key, day): the engine's decision for that day as compact JSON,
  and the revision it was computed from. The protocol key names the protocol's id, version and a hash of its
  content, so an edited clinic protocol never reads another protocol's decisions.

A decision depends only on data dated up to its own day (an engine guarantee, Hypothesis-tested), so a write
dated D drops the rows of days >= D and keeps the earlier ones; a new injury (a new case) drops them all.
The rows of an athlete and protocol key are therefore always one unbroken run of days from the injury date,
which the reads check anyway (`covered_through`).

Concurrency (several app processes and workers on PostgreSQL): a writer bumps the revision row first (a
row lock) and then deletes; a fill takes a shared lock on the same row (`FOR SHARE`) before it compares the
revision and inserts with ON CONFLICT DO NOTHING. A fill racing a write therefore either commits before the
write's delete runs, or sees the new revision and stores nothing; two fills of the same athlete insert the
same rows, once. SQLite serialises writers, so the same steps hold trivially there.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from datetime import date, timedelta
from enum import Enum
from functools import cache
from typing import Any, cast, get_args, get_type_hints

from sqlalchemy import Connection, Insert, Table, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from sprintback.domain.decision import Decision, Reason
from sprintback.domain.models import Case
from sprintback.domain.protocol import DecisionKind, Evidence
from sprintback.store import tables as t


@dataclass(frozen=True)
class PendingFill:
    """Decisions computed in a read, to be stored in their own short write transaction after it."""

    athlete_id: str
    protocol_key: str
    revision: int
    decisions: tuple[Decision, ...]
    sources: Mapping[str, str] = field(default_factory=dict)


class ReplayCache:
    """The stored replays, as seen from one transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._revisions: dict[str, int] = {}  # first read in this transaction wins (see `revision`)
        self._invalidated: dict[str, date | None] = {}  # earliest day dropped in this transaction; None: all
        self.pending: list[PendingFill] = []
        # Replays already answered in this transaction, by (athlete, protocol key), with the case they were
        # answered for: a page that asks twice replays once.
        self._answered: dict[tuple[str, str], tuple[Case, list[Decision]]] = {}

    # --- the revision fence ---
    def revision(self, athlete_id: str) -> int:
        """The case's revision as this transaction first saw it. `CaseRecords.case` reads it before the case's
        rows, so a fill tagged with it can never be newer than the data it was computed from (on PostgreSQL each
        statement sees the latest commits; reading the revision first keeps the tag on the safe side)."""
        if athlete_id not in self._revisions:
            q = select(t.case_revisions.c.revision).where(t.case_revisions.c.athlete_id == athlete_id)
            self._revisions[athlete_id] = int(self.conn.execute(q).scalar_one_or_none() or 0)
        return self._revisions[athlete_id]

    def wrote(self, athlete_id: str) -> bool:
        """Whether this transaction changed the athlete's case (its replays cannot be stored: the revision moved)."""
        return athlete_id in self._invalidated

    def invalidate(self, athlete_id: str, from_day: date | None) -> None:
        """The case changed on `from_day` (None: all of it, e.g. a new injury): bump the revision, then drop the
        stored days from then on. Called by the writing transaction itself."""
        if athlete_id in self._invalidated:
            done = self._invalidated[athlete_id]
            if done is None or (from_day is not None and done <= from_day):
                return  # already dropped from an earlier day in this transaction; the revision row is ours
        else:
            self.conn.execute(_bump(self.conn, athlete_id))  # first: its row lock fences concurrent fills
        q = delete(t.replay_days).where(t.replay_days.c.athlete_id == athlete_id)
        if from_day is not None:
            q = q.where(t.replay_days.c.day >= from_day)
        self.conn.execute(q)
        self._invalidated[athlete_id] = from_day
        self._answered = {k: v for k, v in self._answered.items() if k[0] != athlete_id}

    def forget(self, athlete_id: str) -> None:
        """Erasure: the athlete's stored replays and revision go with the rest of their data."""
        self.conn.execute(delete(t.replay_days).where(t.replay_days.c.athlete_id == athlete_id))
        self.conn.execute(delete(t.case_revisions).where(t.case_revisions.c.athlete_id == athlete_id))

    # --- reading ---
    def covered_through(self, athlete_id: str, protocol_key: str, first: date, last: date) -> date | None:
        """The last day of the unbroken run of stored days from `first` (the injury date), looking no further than
        `last`; None when `first` itself is not stored."""
        c = t.replay_days.c
        q = select(func.count(), func.max(c.day)).where(
            c.athlete_id == athlete_id, c.protocol == protocol_key, c.day >= first, c.day <= last
        )
        count, latest = self.conn.execute(q).one()
        if not count:
            return None
        if (latest - first).days + 1 == count:
            return cast(date, latest)  # days are unique per key: as many rows as days means no gap
        days = self.conn.execute(
            select(c.day)
            .where(c.athlete_id == athlete_id, c.protocol == protocol_key, c.day >= first, c.day <= last)
            .order_by(c.day)
        ).scalars()
        through = None
        for expected, stored in enumerate(days):
            if stored != first + timedelta(days=expected):
                break
            through = stored
        return through

    def decisions(
        self, athlete_id: str, protocol_key: str, first: date, last: date, sources: Mapping[str, str]
    ) -> list[Decision]:
        """The stored decisions of days `first`..`last`, in date order."""
        c = t.replay_days.c
        q = (
            select(c.day, c.decision)
            .where(c.athlete_id == athlete_id, c.protocol == protocol_key, c.day >= first, c.day <= last)
            .order_by(c.day)
        )
        return [decode_decision(day, text, sources) for day, text in self.conn.execute(q)]

    def decision_on(self, athlete_id: str, protocol_key: str, day: date, sources: Mapping[str, str]) -> Decision | None:
        c = t.replay_days.c
        q = select(c.decision).where(c.athlete_id == athlete_id, c.protocol == protocol_key, c.day == day)
        text = self.conn.execute(q).scalar_one_or_none()
        return None if text is None else decode_decision(day, text, sources)

    def remembered(self, athlete_id: str, protocol_key: str, case: Case | None) -> list[Decision] | None:
        """The replay answered earlier in this transaction for this same case (None: for the athlete's stored case,
        which cannot have changed since without `invalidate` forgetting it), if any."""
        hit = self._answered.get((athlete_id, protocol_key))
        if hit is None or (case is not None and hit[0] is not case and hit[0] != case):
            return None
        return hit[1]

    def remember(self, athlete_id: str, protocol_key: str, case: Case, days: list[Decision]) -> None:
        self._answered[(athlete_id, protocol_key)] = (case, days)

    # --- filling ---
    def defer_fill(
        self,
        athlete_id: str,
        protocol_key: str,
        revision: int,
        decisions: Sequence[Decision],
        sources: Mapping[str, str],
    ) -> None:
        """Keep computed days for the write transaction after this one (`Store` runs it). Nothing is kept when
        this transaction itself changed the case: the revision it read is already out of date."""
        if decisions and not self.wrote(athlete_id):
            self.pending.append(PendingFill(athlete_id, protocol_key, revision, tuple(decisions), dict(sources)))

    def fill(self, fill: PendingFill) -> bool:
        """Store computed days in this (short, write) transaction, unless the case moved on since they were
        computed. Returns whether they were stored."""
        ensure = _insert(self.conn, t.case_revisions).values(athlete_id=fill.athlete_id, revision=0)
        self.conn.execute(ensure.on_conflict_do_nothing(index_elements=["athlete_id"]))
        q = select(t.case_revisions.c.revision).where(t.case_revisions.c.athlete_id == fill.athlete_id)
        if int(self.conn.execute(q.with_for_update(read=True)).scalar_one()) != fill.revision:
            return False  # a write committed after the read: these days may be stale
        rows = [
            {
                "athlete_id": fill.athlete_id,
                "protocol": fill.protocol_key,
                "day": d.as_of,
                "revision": fill.revision,
                "phase": d.phase,
                "decision": encode_decision(d, fill.sources),
            }
            for d in fill.decisions
        ]
        stmt = _insert(self.conn, t.replay_days).on_conflict_do_nothing(
            index_elements=["athlete_id", "protocol", "day"]
        )
        self.conn.execute(stmt, rows)
        return True

    def clear(self) -> int:
        """Drop every stored day (the table is derived: `sprintback db rebuild-replays`)."""
        return int(self.conn.execute(delete(t.replay_days)).rowcount or 0)

    def stored_days(self) -> int:
        return int(self.conn.execute(select(func.count()).select_from(t.replay_days)).scalar_one())


def _insert(conn: Connection, table: Table) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT (SQLite and PostgreSQL spell it the same)."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def _bump(conn: Connection, athlete_id: str) -> Insert:
    stmt = _insert(conn, t.case_revisions).values(athlete_id=athlete_id, revision=1)
    bumped: Insert = stmt.on_conflict_do_update(
        index_elements=["athlete_id"], set_={"revision": t.case_revisions.c.revision + 1}
    )
    return bumped


# --- the row format: compact JSON, citations left to the protocol ------------------------------------------
# Reasons and their evidence are written field by field in dataclass order, read back through their type hints
# (enums by value, lists as tuples), so a field added to either in the domain is carried without a change here.

_KINDS = {k.value: k for k in DecisionKind}


def encode_decision(d: Decision, sources: Mapping[str, str]) -> str:
    """One day's decision as JSON; a reason's citation is left out when it is the protocol's citation for its
    source (the common case: the text is long and the same every day)."""
    reasons = []
    for r in d.reasons:
        row = [_plain(getattr(r, name)) for name, _ in _fields(Reason)]
        row[_CITATION] = None if r.citation == sources.get(r.evidence.source, "") else r.citation
        row[_EVIDENCE] = [_plain(getattr(r.evidence, name)) for name, _ in _fields(Evidence)]
        reasons.append(row)
    return json.dumps(
        {
            "k": d.kind.value,
            "p": d.phase,
            "pn": d.phase_name,
            "n": d.next_phase,
            "ds": d.day_since_injury,
            "s": d.summary,
            "r": reasons,
            "m": list(d.measure_next),
            "e": d.phase_entered.isoformat() if d.phase_entered else None,
            "x": d.extras,
        },
        separators=(",", ":"),
        ensure_ascii=False,
    )


def decode_decision(day: date, text: str, sources: Mapping[str, str]) -> Decision:
    o = json.loads(text)
    reasons = []
    for row in o["r"]:
        evidence = _evidence(tuple(_hashable(v) for v in row[_EVIDENCE]))
        values = {name: _typed(kind, v) for (name, kind), v in zip(_fields(Reason), row, strict=True)}
        values["evidence"] = evidence
        if values["citation"] is None:
            values["citation"] = sources.get(evidence.source, "")
        reasons.append(Reason(**values))
    return Decision(
        as_of=day,
        kind=_KINDS[o["k"]],
        phase=o["p"],
        phase_name=o["pn"],
        next_phase=o["n"],
        day_since_injury=o["ds"],
        summary=o["s"],
        reasons=tuple(reasons),
        measure_next=tuple(o["m"]),
        phase_entered=date.fromisoformat(o["e"]) if o["e"] else None,
        extras=o["x"],
    )


@cache
def _fields(cls: type) -> tuple[tuple[str, type[Enum] | None], ...]:
    """(field name, its enum type if any) in declaration order."""
    hints = get_type_hints(cls)
    out = []
    for f in dataclass_fields(cls):
        hint = hints[f.name]
        enum = next((c for c in (hint, *get_args(hint)) if isinstance(c, type) and issubclass(c, Enum)), None)
        out.append((f.name, enum))
    return tuple(out)


_CITATION = [name for name, _ in _fields(Reason)].index("citation")
_EVIDENCE = [name for name, _ in _fields(Reason)].index("evidence")


def _plain(v: Any) -> Any:
    if isinstance(v, Enum):
        return v.value
    if isinstance(v, tuple):
        return [_plain(x) for x in v]
    return v


def _hashable(v: Any) -> Any:
    return tuple(_hashable(x) for x in v) if isinstance(v, list) else v


def _typed(enum: type[Enum] | None, v: Any) -> Any:
    if v is None:
        return None
    if enum is not None:
        return enum(v)
    return _hashable(v)


@cache
def _evidence(values: tuple[Any, ...]) -> Evidence:
    """Evidence is a frozen value: one object per distinct content serves every decoded day."""
    return Evidence(**{name: _typed(kind, v) for (name, kind), v in zip(_fields(Evidence), values, strict=True)})
