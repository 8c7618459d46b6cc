"""Sign in, sign out, the home redirect, and the stylesheet."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from sprintback.bootstrap import Context
from sprintback.request_context import client_ip, context_of
from sprintback.services import accounts
from sprintback.services.access import Actor
from sprintback.services.errors import NotAuthenticated, RateLimited
from sprintback.web import session
from sprintback.web.render import error_page, home_for, render, signed_in

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=10_000)]


def _safe_next(target: str) -> str | None:
    """Only a local path: never `//evil.example` or `https://…` (open redirect)."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target and "\n" not in target:
        return target
    return None


@router.get("/")
def home(request: Request) -> Response:
    return signed_in(request, lambda actor, _p: RedirectResponse(home_for(actor), status_code=303))


def _login_form(request: Request, status: int = 200, error: str = "", username: str = "", nxt: str = "") -> Response:
    token, fresh = session.login_csrf(request)
    response = render(request, "login.html", status=status, error=error, username=username, next=nxt, login_csrf=token)
    if fresh:
        session.set_login_csrf(request, response, token)
    return response


@router.get("/login")
def login_page(request: Request, next: str = "") -> Response:
    p = context_of(request)
    if session.session_token(request):
        try:
            actor = session.actor_of(request, p)
            return RedirectResponse(_safe_next(next) or home_for(actor), status_code=303)
        except NotAuthenticated:
            pass  # a stale cookie: show the form
    return _login_form(request, nxt=_safe_next(next) or "")


@router.post("/login")
def login(request: Request, username: Text = "", password: Text = "", csrf: Text = "", next: Text = "") -> Response:
    p = context_of(request)
    username = username.strip().lower()
    try:
        session.check_login_csrf(request, csrf)
    except session.CsrfFailed as exc:
        return _login_form(request, 403, str(exc), username, next)
    try:
        issued = accounts.login(p.store, p.settings, username, password, client_ip(request, p), p.now())
    except NotAuthenticated:
        return _login_form(request, 401, "Wrong username or password.", username, next)
    except RateLimited as exc:
        return _login_form(request, 429, exc.message, username, next)
    home = "/me" if issued.user.role == "athlete" else "/squad"
    response = RedirectResponse(_safe_next(next) or home, status_code=303)
    session.start_session(request, response, issued, p.now())
    return response


@router.post("/logout")
def logout(request: Request, csrf: Text = "") -> Response:
    def _out(_actor: Actor, p: Context) -> Response:
        session.check_csrf(request, csrf)
        response = RedirectResponse("/login", status_code=303)
        session.end_session(request, response, p)
        return response

    return signed_in(request, _out)


_MEDIA = {".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}


@cache
def _static(name: str) -> bytes | None:
    entry = files("sprintback.web").joinpath("static").joinpath(name)
    return entry.read_bytes() if entry.is_file() else None


@router.get("/static/{name}")
def static(request: Request, name: str) -> Response:
    """The stylesheet (and any icon) from the package: no CDN, nothing loaded from the internet."""
    suffix = name[name.rfind(".") :] if "." in name else ""
    body = _static(name) if suffix in _MEDIA and "/" not in name and not name.startswith(".") else None
    if body is None:
        return error_page(request, 404, "Not found", f"no file {name!r}")
    return Response(body, media_type=_MEDIA[suffix], headers={"Cache-Control": "public, max-age=3600"})
