"""The week's plan for a stored athlete: what a coach, clinician or the athlete trains this week.

Loads the case from the store and hands it to the prescription use case (`services.planning`), so the
API gives the same plan as `sprintback plan CASE` does for a case file.
"""

from __future__ import annotations

from datetime import date, datetime

from sprintback.catalogue_files import load_default_library
from sprintback.domain.models import Case
from sprintback.domain.prescription.catalogue import EQUIPMENT
from sprintback.domain.prescription.plan import WEEKDAYS
from sprintback.services.access import Action, Actor, authorize
from sprintback.services.availability import protocol
from sprintback.services.errors import Conflict
from sprintback.services.planning import CasePlan, plan_for_case
from sprintback.store.uow import Store, UnitOfWork


def plan_for_athlete(
    store: Store,
    actor: Actor,
    athlete_id: str,
    as_of: date,
    now: datetime,
    week_start: date | None = None,
    session_minutes: int = 60,
) -> CasePlan:
    """This week's sessions (every day available, a fully equipped clinic), adapted to today's decision."""

    def _do(uow: UnitOfWork) -> tuple[Case | None, date | None]:
        authorize(uow, actor, Action.READ_TRAINING, now, athlete_id=athlete_id, detail=f"plan {as_of}")
        case = uow.records.case(athlete_id)
        if case is None:
            return None, None
        # The clinician's clearance, not the engine's `clear`, starts maintenance (the latest since the injury).
        days = [c["date"] for c in uow.records.clearances(athlete_id) if c["date"] >= case.injury.date]
        return case, max(days) if days else None

    case, cleared_on = store.run(_do)
    if case is None:
        raise Conflict("no injury on record: nothing to plan", "athlete_id")
    return plan_for_case(
        case,
        protocol(),
        load_default_library(),
        as_of=as_of,
        week_start=week_start,
        days=WEEKDAYS,
        equipment=frozenset(EQUIPMENT),
        session_minutes=session_minutes,
        clinician_clearance=cleared_on,
    )
