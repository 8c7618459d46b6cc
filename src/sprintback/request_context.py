"""What the two HTTP faces (the API under /api/v1 and the web pages at /) share, so neither imports the
other: the app's context on the request, the client's address for the audit log, and today's date.

The context is built once by `sprintback.bootstrap` and put on `app.state.context` by the app factory.
"""

from __future__ import annotations

from datetime import date

from starlette.requests import Request

from sprintback.bootstrap import Context


def context_of(request: Request) -> Context:
    ctx: Context = request.app.state.context
    return ctx


def client_ip(request: Request, ctx: Context) -> str | None:
    if ctx.settings.trust_forwarded_for:
        fwd = request.headers.get("x-forwarded-for")
        if fwd:
            return fwd.split(",")[0].strip()[:64]
    return request.client.host if request.client else None


def today(ctx: Context) -> date:
    """The faces read the clock: 'today' for a request is the context's today (UTC)."""
    return ctx.today()
