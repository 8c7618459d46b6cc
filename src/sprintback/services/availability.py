"""A stored case evaluated once, and what a coach needs from it: is the athlete available?

`evaluate_stored` is the one place a read model loads a stored case and replays it (through
`replays.replay_for`): one case load, one replay, inside the caller's read transaction. Everything a
screen shows about the athlete's state comes from that one result.

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
from typing import Any

from sprintback.core.records import AthleteRow
from sprintback.domain.decision import Decision
from sprintback.domain.models import Case
from sprintback.domain.protocol import DecisionKind, Protocol
from sprintback.services import replays
from sprintback.services.ports import UnitOfWork


@dataclass(frozen=True)
class Availability:
    status: str  # available | restricted | unavailable
    phase: str | None
    phase_name: str | None
    decision: str | None
    running_max_pct: float | None
    day_since_injury: int | None
    cleared_on: date | None = None


NOT_INJURED = Availability("available", None, None, None, None, None)


@dataclass(frozen=True)
class EvaluatedCase:
    """An athlete's stored case as of a day: the row, the case (None without an injury), one decision per day
    from the injury to `as_of` (empty without an injury on record by then), the clearances, availability."""

    row: AthleteRow
    case: Case | None
    history: list[Decision]
    clearances: list[dict[str, Any]]
    availability: Availability

    @property
    def decision(self) -> Decision | None:
        """The decision on `as_of` (clinical: hand it on only after a `read_clinical` check)."""
        return self.history[-1] if self.history else None


def evaluate_stored(
    uow: UnitOfWork, protocol: Protocol, athlete_id: str, as_of: date, row: AthleteRow | None = None
) -> EvaluatedCase:
    """Load the athlete's current case once and replay it once up to `as_of`."""
    row = row or uow.records.athlete(athlete_id)
    return evaluate_loaded(uow, protocol, row, uow.records.case(athlete_id), uow.records.clearances(athlete_id), as_of)


def evaluate_loaded(
    uow: UnitOfWork,
    protocol: Protocol,
    row: AthleteRow,
    case: Case | None,
    clearances: list[dict[str, Any]],
    as_of: date,
) -> EvaluatedCase:
    """`evaluate_stored` for a case already loaded (a squad board loads every athlete's case in a few queries)."""
    if case is None or as_of < case.injury.date:
        return EvaluatedCase(row, case, [], clearances, NOT_INJURED)
    history = replays.replay_for(uow, case, protocol, as_of)
    return EvaluatedCase(
        row, case, history, clearances, availability_from(protocol, case, history[-1], clearances, as_of)
    )


def availability_from(
    protocol: Protocol, case: Case, decision: Decision, clearances: list[dict[str, Any]], as_of: date
) -> Availability:
    """What the decision on `as_of` and the clearances since the injury mean for training."""
    phase = protocol.phases[protocol.phase_index(decision.phase)]
    cleared = [c["date"] for c in clearances if case.injury.date <= c["date"] <= as_of]
    last_phase = decision.phase == protocol.phases[-1].id
    if decision.kind is DecisionKind.REFER:
        status = "unavailable"
    elif cleared or last_phase or decision.kind is DecisionKind.CLEAR:
        status = "available"
    else:
        status = "restricted"
    cap = phase.running_max_pct
    if decision.kind is DecisionKind.DELOAD or decision.kind is DecisionKind.REFER:
        cap = 0.0  # deload removes high-speed work today; a referral stops running until reviewed
    return Availability(
        status,
        decision.phase,
        decision.phase_name,
        decision.kind.value,
        cap,
        decision.day_since_injury,
        max(cleared) if cleared else None,
    )
