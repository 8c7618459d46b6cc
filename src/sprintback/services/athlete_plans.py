"""The week's plan for a stored athlete: what a coach, clinician or the athlete trains this week.

Loads the case from the store and hands it to the prescription use case (`services.planning`), so the
API gives the same plan as `sprintback plan CASE` does for a case file.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from sprintback.catalogue_files import load_default_library
from sprintback.domain.models import Case
from sprintback.domain.prescription.catalogue import EQUIPMENT
from sprintback.domain.prescription.plan import WEEKDAYS
from sprintback.services import field_policy
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

    def _do(uow: UnitOfWork) -> Case | None:
        authorize(uow, actor, Action.READ_TRAINING, now, athlete_id=athlete_id, detail=f"plan {as_of}")
        return uow.records.case(athlete_id)

    case = store.run(_do)
    if case is None:
        raise Conflict("no injury on record: nothing to plan", "athlete_id")
    plan = plan_for_case(
        case,
        protocol(),
        load_default_library(),
        as_of=as_of,
        week_start=week_start,
        days=WEEKDAYS,
        equipment=frozenset(EQUIPMENT),
        session_minutes=session_minutes,
    )
    return plan if field_policy.may_read_clinical(actor) else _for_coach(plan)


def _for_coach(plan: CasePlan) -> CasePlan:
    """The plan without the clinical reasons: each changed day keeps what changed, not the decision or why."""
    days = tuple(
        replace(d, adjustment=field_policy.withhold("DayAdjustment", d.adjustment)) if d.adjustment else d
        for d in plan.plan.days
    )
    return replace(plan, plan=replace(plan.plan, days=days), clinical=False)
