"""Administration: users and the audit log."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Query

from sprintback.api import convert
from sprintback.api import schemas as s
from sprintback.api.deps import ActorDep, Limit, Offset, PlatformDep
from sprintback.services import accounts
from sprintback.services.audit import query_audit

router = APIRouter()


@router.get("/users", response_model=s.Page[s.UserOut])
def list_users(p: PlatformDep, actor: ActorDep, limit: Limit = 100, offset: Offset = 0) -> s.Page[s.UserOut]:
    users, total = accounts.list_users(p.store, actor, p.now(), limit, offset)
    return s.Page(items=[convert.user(u) for u in users], total=total, limit=limit, offset=offset)


@router.post("/users", response_model=s.UserOut, status_code=201)
def create_user(body: s.UserIn, p: PlatformDep, actor: ActorDep) -> s.UserOut:
    u = accounts.create_user(
        p.store, actor, body.username, body.password, body.role, p.now(), body.display_name, body.athlete_id, body.teams
    )
    return convert.user(u)


@router.get(
    "/audit", response_model=s.Page[s.AuditOut], summary="Who read or changed which athlete's data, when, from where"
)
def audit(
    p: PlatformDep,
    actor: ActorDep,
    limit: Limit = 100,
    offset: Offset = 0,
    athlete_id: str | None = Query(None, max_length=40),
    username: str | None = Query(None, max_length=80),
    action: str | None = Query(None, max_length=40),
    since: datetime | None = None,
    until: datetime | None = None,
) -> s.Page[s.AuditOut]:
    rows, total = query_audit(p.store, actor, p.now(), athlete_id, username, action, since, until, limit, offset)
    return s.Page(items=[s.AuditOut(**r) for r in rows], total=total, limit=limit, offset=offset)
