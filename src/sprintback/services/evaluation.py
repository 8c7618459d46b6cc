"""Evaluate an athlete's stored case, and clear an athlete for return to sport.

The two reads (the decision with its reasons, availability) are each one read transaction with one case
load and one replay (`availability.evaluate_stored`); their audit entries are written just after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sprintback.core.records import ClearanceRecord
from sprintback.domain.decision import Decision, Reason, ReasonStatus
from sprintback.domain.errors import InvalidCase
from sprintback.domain.measures import MEASURES
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
    clinician_name: str = ""
    clinician_role: str = ""
    protocol_name: str = ""
    protocol_version: str = ""
    criteria: tuple[dict[str, Any], ...] = ()
    note: str = ""


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

    An active referral (the engine says `refer` that day) blocks it whatever the reason given: only a
    recorded physician review lifts the red flags. Any other unmet criterion may be overridden, with a
    written reason. The record keeps who cleared, the protocol and every criterion as it stood.
    """
    if as_of > now.date():
        raise InvalidCase(f"a clearance cannot be dated in the future ({as_of.isoformat()})", "as_of")
    reason = override_reason.strip()

    def _do(uow: UnitOfWork) -> Clearance:
        authorize(uow, actor, Action.CLEAR_RETURN, now, athlete_id=athlete_id, detail=f"clear for return {as_of}")
        d = evaluate_stored(uow, ctx.protocol, athlete_id, as_of).decision
        if d is None:
            raise Conflict("no injury on record to clear on that day", "as_of")
        if d.kind is DecisionKind.REFER:
            raise Conflict(referral_blocks_clearance(d), "physician_review")
        if d.kind is not DecisionKind.CLEAR and not reason:
            unmet = "; ".join(reason_in_words(r) for r in d.unmet[:5]) or d.summary
            raise Conflict(
                f"not every criterion for return is met on {as_of.isoformat()} ({unmet}); "
                "write the reason you clear anyway",
                "override_reason",
            )
        p = ctx.protocol
        snapshot = tuple(criterion_snapshot(r) for r in d.reasons)
        record = ClearanceRecord(_display_name(uow, actor), actor.role.value, p.name, p.version, snapshot)
        cid = uow.records.add_clearance(athlete_id, as_of, d.kind.value, reason, note, actor.username, now, record)
        return Clearance(
            cid, athlete_id, as_of, d.kind.value, reason, record.clinician_name, record.clinician_role,
            p.name, p.version, snapshot, note,
        )  # fmt: skip

    return ctx.store.run(_do)


def referral_blocks_clearance(d: Decision) -> str:
    """Why a referred athlete cannot be cleared, in the words of the red flags that fired."""
    flags = [r for r in d.reasons if r.kind == "red_flag" and r.status is ReasonStatus.TRIGGERED]
    words = "; ".join(f"{r.label} ({r.detail})" if r.detail else r.label for r in flags) or d.summary
    return f"{words}: a physician review is needed before clearance"


def reason_in_words(r: Reason) -> str:
    """A criterion as a person reads it: its label, what was measured (with the unit) and what is needed."""
    if r.status is ReasonStatus.NOT_MEASURED:
        return f"{r.label}: not measured"
    unit = _unit(r) or ""
    observed = f"{r.observed:g}{' ' + unit if unit and unit != '%' else unit}" if r.observed is not None else ""
    needed = f"needs {r.threshold}" if r.threshold else "not met"
    return f"{r.label}: {observed}, {needed}" if observed else f"{r.label}: {needed}"


def criterion_snapshot(r: Reason) -> dict[str, Any]:
    unit = _unit(r)
    return {
        "id": r.id, "kind": r.kind, "label": r.label, "value": r.observed, "unit": unit, "threshold": r.threshold,
        "status": r.status.value, "met": r.met, "detail": r.detail,
    }  # fmt: skip


def _unit(r: Reason) -> str | None:
    return MEASURES[r.measure].unit if r.measure is not None and r.measure in MEASURES else None


def _display_name(uow: UnitOfWork, actor: Actor) -> str:
    if actor.user_id is None:
        return actor.username
    return uow.accounts.user(actor.user_id).display_name or actor.username
