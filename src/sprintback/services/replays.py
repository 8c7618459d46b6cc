"""The one way a stored case is replayed: the engine's decisions, computed once and kept.

`replay_for(uow, case, protocol, as_of)` answers what `engine.replay(case, protocol, as_of)` answers, and
`decision_on(uow, athlete_id, protocol, as_of)` what `engine.evaluate` answers, but each day is decided once:
the decisions are kept per athlete and protocol (`store/replays.py`), a write drops the days from its date on,
and a later read serves the kept days and computes only what is missing, from a full replay (the engine's
day-to-day state, pain memory included, is not kept, so no replay is resumed part-way). The pure engine stays
the single source of truth: tests compare the kept replay with a fresh one on every demo athlete and on
generated write sequences, back-dated corrections included.

A read that has to compute days does so in its own transaction and hands them to the unit of work, which
stores them in a short write transaction after it (never holding SQLite's write lock while replaying).

Contract for `replay_for`: `case` is the athlete's stored case as `uow.records.case(athlete_id)` returned it in
this unit of work (`case.athlete.id` names the athlete). `decision_on` loads the case itself, and only when the
day is not kept (the squad board's warm path reads one row per athlete, not the case).
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

from sprintback.domain.decision import Decision
from sprintback.domain.engine import replay
from sprintback.domain.models import Case
from sprintback.domain.protocol import Protocol
from sprintback.services.ports import UnitOfWork


def replay_for(uow: UnitOfWork, case: Case, protocol: Protocol, as_of: date) -> list[Decision]:
    """One decision per day from the injury to `as_of`, as `engine.replay` gives it (a day before the injury is
    the engine's own error)."""
    first = case.injury.date
    if as_of < first:
        return replay(case, protocol, as_of)
    stored, athlete, key = uow.replays, case.athlete.id, protocol_key(protocol)
    known = stored.remembered(athlete, key, case)
    if known is not None and known[-1].as_of >= as_of:
        return known[: (as_of - first).days + 1]  # asked before in this unit of work
    revision = stored.revision(athlete)
    through = stored.covered_through(athlete, key, first, as_of)
    known = stored.decisions(athlete, key, first, through, protocol.sources) if through else []
    fresh = _extend(case, protocol, as_of, known[-1] if known else None)
    stored.defer_fill(athlete, key, revision, fresh, protocol.sources)
    days = known + fresh
    stored.remember(athlete, key, case, days)
    return days


def decision_on(uow: UnitOfWork, athlete_id: str, protocol: Protocol, as_of: date) -> Decision | None:
    """The decision for `as_of` on the athlete's stored case, as `engine.evaluate` gives it (None: no injury on
    record by then). When that day is kept, only it is read: the case itself is loaded only to compute."""
    stored, key = uow.replays, protocol_key(protocol)
    revision = stored.revision(athlete_id)  # before any of the case's rows (see store/replays.py)
    injury = uow.records.current_injury(athlete_id)
    if injury is None or as_of < injury.date:
        return None
    known = stored.remembered(athlete_id, key, None)
    if known is not None and known[0].as_of == injury.date and known[-1].as_of >= as_of:
        return known[(as_of - injury.date).days]
    through = stored.covered_through(athlete_id, key, injury.date, as_of)
    last = stored.decision_on(athlete_id, key, through, protocol.sources) if through else None
    if last is not None and through == as_of:
        return last
    case = uow.records.case(athlete_id)
    if case is None or as_of < case.injury.date:
        return None
    if case.injury != injury:  # changed between two reads of this transaction (PostgreSQL): compute it all
        last = None
    fresh = _extend(case, protocol, as_of, last)
    stored.defer_fill(athlete_id, key, revision, fresh, protocol.sources)
    return fresh[-1]


def _extend(case: Case, protocol: Protocol, as_of: date, last: Decision | None) -> list[Decision]:
    """The days after `last` (a kept decision) up to `as_of`, from a full replay of the engine.

    The engine now carries more than the phase from one day to the next (pain memory, the days a phase is
    re-earned on after a step back), and a kept decision does not hold that state: resuming from it could
    differ from a full replay. So the new days come from a full replay, and only the reading is saved."""
    if last is None:
        return replay(case, protocol, as_of)
    return replay(case, protocol, as_of, start=last.as_of + timedelta(days=1))


_KEYS: dict[int, tuple[Protocol, str]] = {}


def protocol_key(protocol: Protocol) -> str:
    """`id@version#hash`: the hash covers the protocol's whole content, so a clinic that edits its protocol
    without changing the version still never reads decisions made under the old one."""
    hit = _KEYS.get(id(protocol))
    if hit is not None and hit[0] is protocol:
        return hit[1]
    # The parsed protocol is frozen dataclasses, tuples, dicts in file order, enums and numbers: its repr is
    # the same in every process for the same content.
    digest = hashlib.sha256(repr(protocol).encode("utf-8")).hexdigest()[:16]
    key = f"{protocol.id[:60]}@{protocol.version[:40]}#{digest}"
    if len(_KEYS) > 64:
        _KEYS.clear()
    _KEYS[id(protocol)] = (protocol, key)  # holding the protocol keeps its id from being reused
    return key
