"""The athlete's daily check-in. A second check-in for the same day is a correction of the first: it changes
only the answers it gives, and every version is kept."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import date, datetime

from sprintback.core.records import Page, Stored
from sprintback.domain.errors import InvalidCase
from sprintback.domain.models import CheckIn
from sprintback.services.access import Action, Actor, authorize
from sprintback.services.ports import Store, UnitOfWork
from sprintback.services.validation import check_checkin

ANSWERS = (*CheckIn.MEASURE_FIELDS, "night_pain", "note")


def log_checkin(
    store: Store,
    actor: Actor,
    athlete_id: str,
    checkin: CheckIn,
    now: datetime,
    answered: Collection[str] | None = None,
) -> Stored[CheckIn]:
    """The athlete's daily check-in (or a clinician entering it). A second one for the same day corrects it.

    `answered` names the answers this submission gives (None: all of them). A correction changes only
    those: the day's other answers are carried over from the current version, so resending just the
    sleep keeps the pain answers; clearing an answer is explicit (named, with no value). Every version
    is kept (the new row supersedes the old)."""
    check_checkin(checkin, now.date())
    unknown = set(answered or ()) - set(ANSWERS) - {"date"}
    if unknown:
        raise InvalidCase(f"unknown check-in question {sorted(unknown)[0]!r}", sorted(unknown)[0])

    def _do(uow: UnitOfWork) -> Stored[CheckIn]:
        authorize(uow, actor, Action.LOG_CHECKIN, now, athlete_id=athlete_id, detail=f"check-in {checkin.date}")
        previous = uow.records.current_checkin(athlete_id, checkin.date)
        value = checkin
        if previous is not None and answered is not None:
            kept = {name: getattr(previous.value, name) for name in ANSWERS if name not in answered}
            value = replace(checkin, **kept)
        previous_id = previous.id if previous is not None else None
        new_id = uow.records.add_checkin(athlete_id, value, actor.username, now, supersedes_id=previous_id)
        return Stored(new_id, value, now, actor.username, previous_id)

    return store.run(_do)


def todays_checkin(store: Store, actor: Actor, athlete_id: str, day: date, now: datetime) -> CheckIn | None:
    """The current answers for `day` (to prefill a correction), or None."""

    def _do(uow: UnitOfWork) -> CheckIn | None:
        authorize(uow, actor, Action.LOG_CHECKIN, now, athlete_id=athlete_id, detail=f"check-in {day} (read)")
        current = uow.records.current_checkin(athlete_id, day)
        return current.value if current is not None else None

    return store.run(_do)


def list_checkins(
    store: Store, actor: Actor, athlete_id: str, now: datetime, limit: int, offset: int, since: date | None = None
) -> Page[Stored[CheckIn]]:
    def _do(uow: UnitOfWork) -> Page[Stored[CheckIn]]:
        authorize(uow, actor, Action.READ_CLINICAL, now, athlete_id=athlete_id, detail="check-ins")
        return uow.records.checkins(athlete_id, since, limit, offset)

    return store.read(_do)
