"""Training sessions (rehab, runs, team sessions): logged by athlete, clinician or coach."""

from __future__ import annotations

from datetime import date, datetime

from sprintback.core.records import Page, Stored
from sprintback.domain.models import SessionLog
from sprintback.services.access import Action, Actor, authorize
from sprintback.services.ports import Store, UnitOfWork
from sprintback.services.validation import check_session


def log_session(store: Store, actor: Actor, athlete_id: str, session: SessionLog, now: datetime) -> int:
    check_session(session, now.date())

    def _do(uow: UnitOfWork) -> int:
        authorize(uow, actor, Action.LOG_SESSION, now, athlete_id=athlete_id, detail=f"session {session.date}")
        return uow.records.add_session(athlete_id, session, actor.username, now)

    return store.run(_do)


def list_sessions(
    store: Store, actor: Actor, athlete_id: str, now: datetime, limit: int, offset: int, since: date | None = None
) -> Page[Stored[SessionLog]]:
    def _do(uow: UnitOfWork) -> Page[Stored[SessionLog]]:
        authorize(uow, actor, Action.READ_TRAINING, now, athlete_id=athlete_id, detail="sessions")
        return uow.records.sessions(athlete_id, since, limit, offset)

    return store.read(_do)
