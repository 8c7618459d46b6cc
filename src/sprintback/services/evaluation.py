"""Evaluate an athlete's stored case, and clear an athlete for return to sport.

The two reads (the decision with its reasons, availability) are each one read transaction with one case
load and one replay (`availability.evaluate_stored`); their audit entries are written just after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sprintback.domain.decision import Decision
from sprintback.domain.protocol import DecisionKind
from sprintback.services.access import Action, Actor, authorize
from sprintback.services.availability import Availability, evaluate_stored
from sprintback.services.context import ServiceContext
from sprintback.services.errors import Conflict
from sprintback.services.ports import UnitOfWork


def evaluate_athlete(ctx: ServiceContext, actor: Actor, athlete_id: str, as_of: date, now: datetime) -> Decision:
    """The engine's decision for `as_of`, with one reason per criterion (clinical: not for coaches)."""

    def _do(uow: UnitOfWork) -> Decision:
        authorize(uow, actor, Action.READ_CLINICAL, now, athlete_id=athlete_id, detail=f"evaluate {as_of}")
        d = evaluate_stored(uow, ctx.protocol, athlete_id, as_of).decision
        if d is None:
            raise Conflict(f"no injury on record on {as_of.isoformat()}", "as_of")
        return d

    return ctx.store.read(_do)


def availability(ctx: ServiceContext, actor: Actor, athlete_id: str, as_of: date, now: datetime) -> Availability:
    def _do(uow: UnitOfWork) -> Availability:
        authorize(uow, actor, Action.VIEW_ROSTER, now, athlete_id=athlete_id, detail=f"availability {as_of}")
        return evaluate_stored(uow, ctx.protocol, athlete_id, as_of).availability

    return ctx.store.read(_do)


@dataclass(frozen=True)
class Clearance:
    id: int
    athlete_id: str
    date: date
    engine_decision: str
    override_reason: str


def clear_for_return(
    ctx: ServiceContext,
    actor: Actor,
    athlete_id: str,
    as_of: date,
    now: datetime,
    note: str = "",
    override_reason: str = "",
) -> Clearance:
    """The clinician's return-to-sport clearance (a shared decision, vanderhorst2017).

    When the engine does not say `clear` on that day, the clinician must write why they clear anyway.
    """

    def _do(uow: UnitOfWork) -> Clearance:
        authorize(uow, actor, Action.CLEAR_RETURN, now, athlete_id=athlete_id, detail=f"clear for return {as_of}")
        d = evaluate_stored(uow, ctx.protocol, athlete_id, as_of).decision
        if d is None:
            raise Conflict("no injury on record to clear", "athlete_id")
        engine_says = d.kind.value
        if d.kind is not DecisionKind.CLEAR and not override_reason.strip():
            unmet = ", ".join(r.id for r in d.unmet[:5]) or engine_says
            raise Conflict(
                f"the engine says {engine_says} on {as_of.isoformat()} (not met: {unmet}); "
                "give override_reason to clear anyway",
                "override_reason",
            )
        cid = uow.records.add_clearance(
            athlete_id, as_of, engine_says, override_reason.strip(), note, actor.username, now
        )
        return Clearance(cid, athlete_id, as_of, engine_says, override_reason.strip())

    return ctx.store.run(_do)
