"""An athlete's stored case as a FHIR R5 Bundle (clinical data: the same access as the case report)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sprintback.domain.engine import replay
from sprintback.reports.fhir import case_bundle
from sprintback.services.access import Action, Actor, authorize
from sprintback.services.availability import protocol
from sprintback.services.errors import Conflict
from sprintback.store.uow import Store, UnitOfWork


def athlete_bundle(store: Store, actor: Actor, athlete_id: str, as_of: date, now: datetime) -> dict[str, Any]:
    """The Bundle of the athlete's current case with the decisions up to `as_of` and every clearance."""

    def _do(uow: UnitOfWork) -> dict[str, Any]:
        authorize(uow, actor, Action.READ_CLINICAL, now, athlete_id=athlete_id, detail=f"FHIR export {as_of}")
        case = uow.records.case(athlete_id)
        if case is None:
            raise Conflict("no injury on record to export", "athlete_id")
        if as_of < case.injury.date:
            raise Conflict(f"{as_of.isoformat()} is before the injury on {case.injury.date.isoformat()}", "as_of")
        p = protocol()
        clearances = [c for c in uow.records.clearances(athlete_id) if c["date"] >= case.injury.date]
        return case_bundle(case, p, replay(case, p, as_of), now, clearances)

    return store.run(_do)
