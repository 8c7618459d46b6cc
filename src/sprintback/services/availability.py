"""Evaluate a stored case with the engine, and what a coach needs from it: is the athlete available?

Availability is read from the engine's decision and the clinician's clearances:
- `available`: no current injury, the last protocol phase reached, or cleared by a clinician since the
  latest injury;
- `unavailable`: a red flag (decision `refer`);
- `restricted`: in rehab; `running_max_pct` says how fast they may run today (the phase's cap, or 0
  on a deload day when high speed is removed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sprintback.domain.decision import Decision
from sprintback.domain.protocol import DecisionKind, Protocol
from sprintback.protocol_files import load_default_protocol
from sprintback.services.replays import decision_on
from sprintback.store.uow import UnitOfWork


@dataclass(frozen=True)
class Availability:
    status: str  # available | restricted | unavailable
    phase: str | None
    phase_name: str | None
    decision: str | None
    running_max_pct: float | None
    day_since_injury: int | None
    cleared_on: date | None = None


def protocol() -> Protocol:
    return load_default_protocol()


def decision_for(uow: UnitOfWork, athlete_id: str, as_of: date) -> Decision | None:
    """The engine's decision for the athlete's current case on `as_of` (None: no injury on record)."""
    return decision_on(uow, athlete_id, protocol(), as_of)


def availability_of(uow: UnitOfWork, athlete_id: str, as_of: date) -> Availability:
    return availability_and_decision(uow, athlete_id, as_of)[0]


def availability_and_decision(uow: UnitOfWork, athlete_id: str, as_of: date) -> tuple[Availability, Decision | None]:
    """Availability and the engine decision it comes from (None without an injury on record), from one replay.
    The decision is clinical: callers hand it on only after a `read_clinical` check."""
    injury = uow.records.current_injury(athlete_id)
    if injury is None or as_of < injury.date:
        return Availability("available", None, None, None, None, None), None
    d = decision_for(uow, athlete_id, as_of)
    assert d is not None
    p = protocol()
    phase = p.phases[p.phase_index(d.phase)]
    cleared = [c["date"] for c in uow.records.clearances(athlete_id) if injury.date <= c["date"] <= as_of]
    last_phase = d.phase == p.phases[-1].id
    if d.kind is DecisionKind.REFER:
        status = "unavailable"
    elif cleared or last_phase or d.kind is DecisionKind.CLEAR:
        status = "available"
    else:
        status = "restricted"
    cap = phase.running_max_pct
    if d.kind is DecisionKind.DELOAD or d.kind is DecisionKind.REFER:
        cap = 0.0  # deload removes high-speed work today; a referral stops running until reviewed
    return Availability(
        status, d.phase, d.phase_name, d.kind.value, cap, d.day_since_injury, max(cleared) if cleared else None
    ), d
