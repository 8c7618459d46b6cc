"""The athlete's daily check-in. A second check-in for the same day is stored as a correction of the first."""

from __future__ import annotations

from datetime import date, datetime

from sprintback.core.records import Page, Stored
from sprintback.domain.models import CheckIn
from sprintback.services.access import Action, Actor, authorize
from sprintback.services.ports import Store, UnitOfWork
from sprintback.services.validation import check_checkin


def log_checkin(store: Store, actor: Actor, athlete_id: str, checkin: CheckIn, now: datetime) -> Stored[CheckIn]:
    """The athlete's daily check-in (or a clinician entering it). A second one for the same day corrects it."""
    check_checkin(checkin, now.date())

    def _do(uow: UnitOfWork) -> Stored[CheckIn]:
        authorize(uow, actor, Action.LOG_CHECKIN, now, athlete_id=athlete_id, detail=f"check-in {checkin.date}")
        previous = uow.records.current_checkin_id(athlete_id, checkin.date)
        new_id = uow.records.add_checkin(athlete_id, checkin, actor.username, now, supersedes_id=previous)
        return Stored(new_id, checkin, now, actor.username, previous)

    return store.run(_do)


def list_checkins(
    store: Store, actor: Actor, athlete_id: str, now: datetime, limit: int, offset: int, since: date | None = None
) -> Page[Stored[CheckIn]]:
    def _do(uow: UnitOfWork) -> Page[Stored[CheckIn]]:
        authorize(uow, actor, Action.READ_CLINICAL, now, athlete_id=athlete_id, detail="check-ins")
        return uow.records.checkins(athlete_id, since, limit, offset)

    return store.read(_do)
