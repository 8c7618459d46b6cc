"""The browser session and CSRF protection.

Session: the cookie `sb_session` holds the platform's own bearer token (`services.accounts.login`), so a
browser is authenticated exactly like an API client: one indexed read of the shared database per
request, logout and deactivation take effect at once, several app processes need no shared memory.
The cookie is HttpOnly (page scripts cannot read it), SameSite=Lax (other sites' forms and scripts do
not get it sent with their POSTs), Path=/, Secure when the request came over HTTPS, and expires with
the token.

CSRF, two layers: SameSite=Lax already keeps the cookie off cross-site POSTs in current browsers; on top,
every POST form carries a token the server checks:
- signed-in forms: `csrf_for(session token)` = SHA-256 of a fixed label and the secret session token.
  Another site cannot compute it (it never sees the cookie) and the server stores nothing for it;
- the login form (no session yet): a double-submit token — a random value in the cookie `sb_login_csrf`
  that the form must repeat — which stops "login CSRF" (signing a victim into the attacker's account).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from fastapi import Request, Response

from sprintback.bootstrap import Context
from sprintback.request_context import client_ip, context_of
from sprintback.services import accounts
from sprintback.services.access import Actor
from sprintback.services.errors import NotAuthenticated

SESSION_COOKIE = "sb_session"
LOGIN_CSRF_COOKIE = "sb_login_csrf"
_CSRF_LABEL = b"sprintback-web-csrf/1:"


class CsrfFailed(Exception):
    """A POST without the right form token: answered 403, nothing is stored."""


def session_token(request: Request) -> str | None:
    token = request.cookies.get(SESSION_COOKIE, "").strip()
    return token or None


def actor_of(request: Request, p: Context) -> Actor:
    """The signed-in user, or NotAuthenticated (no cookie, unknown/expired/revoked token)."""
    token = session_token(request)
    if token is None:
        raise NotAuthenticated("not signed in", "session")
    return accounts.authenticate_token(p.store, token, client_ip(request, p), p.now())


def csrf_for(token: str) -> str:
    return hashlib.sha256(_CSRF_LABEL + token.encode()).hexdigest()


def check_csrf(request: Request, submitted: str) -> None:
    token = session_token(request)
    if token is None or not hmac.compare_digest(csrf_for(token), submitted or ""):
        raise CsrfFailed("the form token is missing or wrong; reload the page and try again")


def _secure(request: Request) -> bool:
    """HTTPS, seen directly or (only when the deployment trusts its proxy) via X-Forwarded-Proto."""
    if request.url.scheme == "https":
        return True
    p = context_of(request)
    return p.settings.trust_forwarded_for and request.headers.get("x-forwarded-proto", "") == "https"


def start_session(request: Request, response: Response, issued: accounts.IssuedToken, now: datetime) -> None:
    max_age = max(int((issued.expires_at - now).total_seconds()), 0)
    response.set_cookie(
        SESSION_COOKIE, issued.token, max_age=max_age, path="/", httponly=True, samesite="lax", secure=_secure(request)
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")


def end_session(request: Request, response: Response, p: Context) -> None:
    token = session_token(request)
    if token is not None:
        accounts.logout(p.store, token)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=_secure(request))


def login_csrf(request: Request) -> tuple[str, bool]:
    """The login form's double-submit token, and whether the cookie must be (re)set."""
    existing = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if len(existing) >= 32:
        return existing, False
    return secrets.token_urlsafe(32), True


def set_login_csrf(request: Request, response: Response, value: str) -> None:
    response.set_cookie(
        LOGIN_CSRF_COOKIE, value, max_age=3600, path="/login", httponly=True, samesite="lax", secure=_secure(request)
    )


def check_login_csrf(request: Request, submitted: str) -> None:
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not cookie or not hmac.compare_digest(cookie, submitted or ""):
        raise CsrfFailed("the sign-in form expired; please try again")
