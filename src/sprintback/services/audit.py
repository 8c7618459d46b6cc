"""Read the audit trail (admins only; reading it is itself audited)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sprintback.services.access import Action, Actor, authorize
from sprintback.services.ports import Store, UnitOfWork


def query_audit(
    store: Store,
    actor: Actor,
    now: datetime,
    athlete_id: str | None = None,
    username: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    def _do(uow: UnitOfWork) -> tuple[list[dict[str, Any]], int]:
        authorize(uow, actor, Action.READ_AUDIT, now, detail=f"audit query athlete={athlete_id} user={username}")
        return uow.audit.query(athlete_id, username, action, since, until, limit, offset)

    return store.read(_do)
