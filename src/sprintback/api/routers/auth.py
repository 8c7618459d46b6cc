"""Health, login/logout, who am I, and the measure vocabulary."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from sprintback.api import convert
from sprintback.api.deps import ActorDep, PlatformDep, client_ip
from sprintback.api.schemas import LoginIn, TokenOut, UserOut
from sprintback.domain.measures import MEASURES
from sprintback.services import accounts, status

router = APIRouter()


@router.get(
    "/health", summary="Readiness: the database takes a write and jobs can be queued (no authentication)",
    responses={503: {"description": "Not ready; `database` / `queue` say why (read-only, disk full, unreachable)"}},
)  # fmt: skip
def health(p: PlatformDep) -> JSONResponse:
    from sprintback import __version__

    h = status.health(p.store, p.runner.state(), p.now())
    body = {"status": "ok" if h.ok else "degraded", "database": h.database, "queue": h.queue, "version": __version__}
    return JSONResponse(body, 200 if h.ok else 503)


@router.post("/auth/login", response_model=TokenOut, summary="Exchange username and password for a bearer token")
def login(body: LoginIn, request: Request, p: PlatformDep) -> TokenOut:
    issued = accounts.login(p.store, p.settings, body.username, body.password, client_ip(request, p), p.now())
    return TokenOut(token=issued.token, expires_at=issued.expires_at, user=convert.user(issued.user))


@router.post("/auth/logout", status_code=204, summary="Revoke the bearer token used for this request")
def logout(request: Request, p: PlatformDep, _actor: ActorDep) -> None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer":
        accounts.logout(p.store, token.strip())


@router.get("/me", response_model=UserOut)
def me(p: PlatformDep, actor: ActorDep) -> UserOut:
    return convert.user(accounts.me(p.store, actor))


@router.get("/measures", summary="Measure kinds: unit, valid range, direction, per leg or not")
def measures(_actor: ActorDep) -> list[dict[str, Any]]:
    return [
        {
            "key": m.key, "label": m.label, "unit": m.unit, "minimum": m.minimum, "maximum": m.maximum,
            "direction": m.direction.value, "bilateral": m.bilateral, "description": m.description,
        }
        for m in MEASURES.values()
    ]  # fmt: skip
