"""An athlete's stored case as a FHIR R5 Bundle (clinical data: the same access as the case report).

One read transaction with one case load and one replay (`replays.replay_for`); the audit entry is written
just after."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sprintback.reports.fhir import case_bundle
from sprintback.services import replays
from sprintback.services.access import Action, Actor, authorize
from sprintback.services.context import ServiceContext
from sprintback.services.errors import Conflict
from sprintback.services.ports import UnitOfWork


def athlete_bundle(ctx: ServiceContext, actor: Actor, athlete_id: str, as_of: date, now: datetime) -> dict[str, Any]:
    """The Bundle of the athlete's current case with the decisions up to `as_of` and every clearance."""

    def _do(uow: UnitOfWork) -> dict[str, Any]:
        authorize(uow, actor, Action.READ_CLINICAL, now, athlete_id=athlete_id, detail=f"FHIR export {as_of}")
        case = uow.records.case(athlete_id)
        if case is None:
            raise Conflict("no injury on record to export", "athlete_id")
        if as_of < case.injury.date:
            raise Conflict(f"{as_of.isoformat()} is before the injury on {case.injury.date.isoformat()}", "as_of")
        p = ctx.protocol
        clearances = [c for c in uow.records.clearances(athlete_id) if c["date"] >= case.injury.date]
        return case_bundle(case, p, replays.replay_for(uow, case, p, as_of), now, clearances)

    return ctx.store.read(_do)
