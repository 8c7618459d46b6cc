"""Templates, and the one place where the web face turns errors into pages.

`signed_in(request, build)` runs a page for the signed-in user: no or stale session → redirect to
/login (with `next`), PermissionDenied → 403 page, NotFound → 404 page, a bad form token → 403 page,
anything else from the one error hierarchy → an error page with its message (400/409/429).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from sprintback.bootstrap import Context
from sprintback.domain.errors import NotFound, PermissionDenied, SprintbackError
from sprintback.domain.protocol import DecisionKind
from sprintback.reports.timeline_svg import DECISION_COLOURS
from sprintback.request_context import context_of, today
from sprintback.services.access import Actor, Role
from sprintback.services.errors import Conflict, NotAuthenticated, RateLimited
from sprintback.web.session import CsrfFailed, actor_of, csrf_for, session_token

env = Environment(loader=PackageLoader("sprintback.web", "templates"), autoescape=select_autoescape(["html"]))

AVAILABILITY_COLOURS = {"available": "#15803d", "restricted": "#b45309", "unavailable": "#b91c1c"}
# The timeline's colours, except a darker grey for "hold" so white text on the chip stays readable.
env.globals["decision_colours"] = {k.value: v for k, v in DECISION_COLOURS.items()} | {"hold": "#6b7280"}
env.globals["availability_colours"] = AVAILABILITY_COLOURS


def _num(x: float | None, unit: str = "") -> str:
    """1.0 → "1", 62.456 → "62.5"; None → "—"."""
    if x is None:
        return "—"
    text = f"{x:.1f}".rstrip("0").rstrip(".")
    return f"{text} {unit}".strip()


env.filters["num"] = _num


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    token = session_token(request)
    context.setdefault("csrf", csrf_for(token) if token else "")
    html = env.get_template(template).render(request=request, **context)
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})


def home_for(actor: Actor) -> str:
    return "/me" if actor.role is Role.ATHLETE else "/squad"


def to_login(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.method != "GET" or target in ("/", "/login"):
        return RedirectResponse("/login", status_code=303)
    return RedirectResponse(f"/login?next={quote(target, safe='/')}", status_code=303)


def error_page(request: Request, status: int, title: str, message: str, actor: Actor | None = None) -> HTMLResponse:
    return render(request, "error.html", status=status, title=title, message=message, actor=actor)


def signed_in(request: Request, build: Callable[[Actor, Context], Response]) -> Response:
    p = context_of(request)
    try:
        actor = actor_of(request, p)
    except NotAuthenticated:
        return to_login(request)
    try:
        return build(actor, p)
    except NotAuthenticated:
        return to_login(request)
    except (PermissionDenied, CsrfFailed) as exc:
        return error_page(request, 403, "Not allowed", str(getattr(exc, "message", exc)), actor)
    except NotFound as exc:
        return error_page(request, 404, "Not found", exc.message, actor)
    except SprintbackError as exc:
        status = 409 if isinstance(exc, Conflict) else 429 if isinstance(exc, RateLimited) else 400
        return error_page(request, status, "Cannot do that", exc.message, actor)


def day(p: Context) -> Any:
    """The faces read the clock: 'today' for a page is the platform's today (UTC)."""
    return today(p)


PLAIN_DECISION = {
    DecisionKind.PROGRESS: "Good news: you have met every step of this phase. You move on to the next phase.",
    DecisionKind.HOLD: "Keep going with this phase: a few steps are not reached yet.",
    DecisionKind.DELOAD: "Take it easier today: a lighter session and no fast running.",
    DecisionKind.REGRESS: "Step back a little: today's session goes back to an easier level.",
    DecisionKind.REFER: "Please stop training today and contact your physio or doctor.",
    DecisionKind.CLEAR: "You have met the criteria to return to sport. Your physio will confirm it with you.",
}
