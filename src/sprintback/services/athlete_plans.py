"""The week's plan for a stored athlete: what a coach, clinician or the athlete trains this week.

Loads the case from the store and hands it to the prescription use case (`services.planning`), so the
API gives the same plan as `sprintback plan CASE` does for a case file. One read transaction, one case
load, one replay (to the plan's reference day); the audit entry is written just after.
"""

from __future__ import annotations

from datetime import date, datetime

from sprintback.domain.decision import Decision
from sprintback.domain.models import Case
from sprintback.domain.prescription.catalogue import EQUIPMENT
from sprintback.domain.prescription.plan import WEEKDAYS
from sprintback.services import replays
from sprintback.services.access import Action, Actor, authorize
from sprintback.services.context import ServiceContext
from sprintback.services.errors import Conflict
from sprintback.services.planning import CasePlan, plan_for_case, plan_reference
from sprintback.services.ports import UnitOfWork


def plan_for_athlete(
    ctx: ServiceContext,
    actor: Actor,
    athlete_id: str,
    as_of: date,
    now: datetime,
    week_start: date | None = None,
    session_minutes: int = 60,
) -> CasePlan:
    """This week's sessions (every day available, a fully equipped clinic), adapted to today's decision."""

    def _do(uow: UnitOfWork) -> CasePlan:
        authorize(uow, actor, Action.READ_TRAINING, now, athlete_id=athlete_id, detail=f"plan {as_of}")
        case = uow.records.case(athlete_id)
        if case is None:
            raise Conflict("no injury on record: nothing to plan", "athlete_id")
        return plan_of(uow, ctx, case, as_of, week_start, session_minutes)

    return ctx.store.read(_do)


def plan_of(
    uow: UnitOfWork,
    ctx: ServiceContext,
    case: Case,
    as_of: date,
    week_start: date | None = None,
    session_minutes: int = 60,
    history: list[Decision] | None = None,
) -> CasePlan:
    """The plan for a loaded case; `history` is its replay to the plan's reference day when the caller has it."""
    reference = plan_reference(case, as_of, week_start)
    return plan_for_case(
        case,
        ctx.protocol,
        ctx.catalogue,
        as_of=as_of,
        week_start=week_start,
        days=WEEKDAYS,
        equipment=frozenset(EQUIPMENT),
        session_minutes=session_minutes,
        history=history if history is not None else replays.replay_for(uow, case, ctx.protocol, reference),
    )
