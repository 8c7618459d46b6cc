"""Request plumbing: the route guard (authentication) and common parameters. The app's context (built once
by `sprintback.bootstrap`) reaches routes as `PlatformDep`; what the web pages share with the API lives in
`sprintback.request_context`."""

from __future__ import annotations

import base64
import binascii
from datetime import date
from typing import Annotated

from fastapi import Depends, Query, Request

from sprintback.api.rules import rule_for
from sprintback.bootstrap import Context as Platform
from sprintback.domain.errors import PermissionDenied
from sprintback.request_context import client_ip, today
from sprintback.request_context import context_of as platform
from sprintback.services import accounts
from sprintback.services.access import Actor
from sprintback.services.errors import NotAuthenticated

__all__ = ["ActorDep", "AsOf", "Limit", "Offset", "Platform", "PlatformDep", "client_ip", "guard", "today"]


def guard(request: Request) -> None:
    """Runs before every API route: refuse routes without an access rule; authenticate the rest.

    Authorisation proper happens in the service (`services.access.authorize`), with the audit entry.
    """
    route = request.scope.get("route")
    path = getattr(route, "path", "")
    rule = rule_for(request.method, path)
    if rule is None:
        raise PermissionDenied(f"{request.method} {path} has no access rule", None)
    if rule.public:
        return
    p = platform(request)
    request.state.actor = _authenticate(request, p)


def _authenticate(request: Request, p: Platform) -> Actor:
    header = request.headers.get("authorization", "")
    scheme, _, credentials = header.partition(" ")
    ip = client_ip(request, p)
    if scheme.lower() == "bearer" and credentials.strip():
        return accounts.authenticate_token(p.store, credentials.strip(), ip, p.now())
    if scheme.lower() == "basic" and credentials.strip():
        # For scripts and curl; every request pays the password hash and the login throttle applies.
        try:
            username, _, password = base64.b64decode(credentials.strip()).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            raise NotAuthenticated("malformed Basic credentials", "authorization") from None
        user = accounts.check_password(p.store, p.settings, username, password, ip, p.now())
        return accounts.actor_for(user, ip)
    raise NotAuthenticated("send Authorization: Bearer <token> (POST /api/v1/auth/login)", "authorization")


def current_actor(request: Request) -> Actor:
    actor: Actor | None = getattr(request.state, "actor", None)
    if actor is None:
        raise NotAuthenticated("not signed in", "authorization")
    return actor


PlatformDep = Annotated[Platform, Depends(platform)]
ActorDep = Annotated[Actor, Depends(current_actor)]
Limit = Annotated[int, Query(ge=1, le=500, description="Page size (items).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]
AsOf = Annotated[date | None, Query(description="Evaluate as of this date (default: today, UTC).")]
