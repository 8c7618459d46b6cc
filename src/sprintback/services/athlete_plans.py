"""The week's plan for a stored athlete: what a coach, clinician or the athlete trains this week.

Loads the case from the store and hands it to the prescription use case (`services.planning`), so the
API gives the same plan as `sprintback plan CASE` does for a case file.
"""

from __future__ import annotations

from datetime import date, datetime

from sprintback.catalogue_files import load_default_library
from sprintback.domain.decision import Decision
from sprintback.domain.models import Case
from sprintback.domain.prescription.catalogue import EQUIPMENT
from sprintback.domain.prescription.plan import WEEKDAYS
from sprintback.services.access import Action, Actor, authorize
from sprintback.services.availability import protocol
from sprintback.services.errors import Conflict
from sprintback.services.planning import CasePlan, plan_for_case, reference_day
from sprintback.services.replays import replay_for
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
    p = protocol()
    reference = reference_day(as_of, week_start)

    def _do(uow: UnitOfWork) -> tuple[Case, list[Decision]] | None:
        authorize(uow, actor, Action.READ_TRAINING, now, athlete_id=athlete_id, detail=f"plan {as_of}")
        case = uow.records.case(athlete_id)
        if case is None:
            return None
        # A week ending before the injury has no history: plan_for_case says so in its own words.
        return case, replay_for(uow, case, p, reference) if reference >= case.injury.date else []

    loaded = store.run(_do)
    if loaded is None:
        raise Conflict("no injury on record: nothing to plan", "athlete_id")
    case, history = loaded

    def _history(_case: Case, _protocol: object, day: date) -> list[Decision]:
        assert day == reference, "the plan is decided on the day its history was replayed to"
        return history

    return plan_for_case(
        case,
        p,
        load_default_library(),
        as_of=as_of,
        week_start=week_start,
        days=WEEKDAYS,
        equipment=frozenset(EQUIPMENT),
        session_minutes=session_minutes,
        replayer=_history,
    )
