"""Training sessions (rehab, runs, team sessions): logged by athlete, clinician or coach."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from sprintback.domain.models import SessionLog
from sprintback.services import field_policy
from sprintback.services.access import Action, Actor, authorize
from sprintback.services.validation import check_session
from sprintback.store.records import Page, Stored
from sprintback.store.uow import Store, UnitOfWork


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
        page = uow.records.sessions(athlete_id, since, limit, offset)
        if field_policy.may_read_clinical(actor):
            return page
        # A coach sees what was trained, not the pain during it nor the notes (clinical).
        items = [replace(r, value=field_policy.withhold("SessionOut", r.value)) for r in page.items]
        return Page(items, page.total)

    return store.run(_do)
