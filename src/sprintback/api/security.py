"""Response headers every answer carries, the API docs served from local files, and the input guard.

`install(app, settings)` is the one call `create_app` makes. Headers (OWASP secure headers):
- Content-Security-Policy: only this origin's scripts, styles and images; no inline script or style anywhere,
  no plugins, no framing (`frame-ancestors 'none'`), forms post only here, `<base>` cannot be moved. The
  printable case report is a self-contained file (it must open the same when downloaded), so its own CSP
  allows its inline `<style>` and nothing else; it still runs no script at all.
- X-Frame-Options DENY (browsers without CSP level 2), X-Content-Type-Options nosniff, Referrer-Policy
  no-referrer (URLs hold athlete ids), Permissions-Policy turning off what the app never uses,
  Cross-Origin-Opener-Policy same-origin.
- Strict-Transport-Security only when the request came over HTTPS: directly, or via a reverse proxy's
  X-Forwarded-Proto when `SPRINTBACK_TRUST_FORWARDED_FOR=1` (the same switch the session cookie's Secure flag
  uses, web/session.py). Sent over plain HTTP it would be ignored, and a mistaken one would lock users out.

API docs: `/api/v1/docs` is Swagger UI from the `swagger-ui-bundle-v2` package, served from this app, with its
start-up script in a file: nothing loads from the internet, and the docs page lives under the same CSP.
"""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sprintback.api.input_guard import TextGuard
from sprintback.settings import Settings

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
# The case report (web page and job download): its own inline stylesheet, no script, no framing.
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'"
_REPORT_PATHS = re.compile(r"^(/athletes/[^/]+/report|/api/v1/jobs/[^/]+/download)$")
PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
HSTS = "max-age=31536000; includeSubDomains"
DOCS = "/api/v1/docs"
DOCS_ASSETS = "/api-docs"  # outside /api/v1: files, not API routes (the route table covers only the API)
_DOCS_FILES = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "text/javascript",
    "favicon-32x32.png": "image/png",
}


def is_https(scope: Scope, trust_proxy: bool) -> bool:
    if scope.get("scheme") == "https":
        return True
    if not trust_proxy:
        return False
    proto = dict(scope.get("headers") or []).get(b"x-forwarded-proto", b"")
    return bool(proto.split(b",")[0].strip().lower() == b"https")


class SecurityHeaders:
    def __init__(self, app: ASGIApp, trust_proxy: bool) -> None:
        self.app = app
        self.trust_proxy = trust_proxy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = is_https(scope, self.trust_proxy)
        csp = REPORT_CSP if _REPORT_PATHS.match(scope["path"]) else CSP

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                h = MutableHeaders(scope=message)
                h.setdefault("Content-Security-Policy", csp)
                h.setdefault("X-Frame-Options", "DENY")
                h.setdefault("X-Content-Type-Options", "nosniff")
                h.setdefault("Referrer-Policy", "no-referrer")
                h.setdefault("Permissions-Policy", PERMISSIONS)
                h.setdefault("Cross-Origin-Opener-Policy", "same-origin")
                if https:
                    h.setdefault("Strict-Transport-Security", HSTS)
            await send(message)

        await self.app(scope, receive, with_headers)


def _swagger_dir() -> Path:
    import swagger_ui_bundle

    return Path(swagger_ui_bundle.swagger_ui_path)


_DOCS_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Sprintback API</title>
<link rel="stylesheet" href="{assets}/swagger-ui.css">
<link rel="icon" href="{assets}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui" data-openapi-url="{openapi}"></div>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script src="{assets}/init.js"></script>
</body>
</html>
"""


def _add_docs(app: FastAPI) -> None:
    openapi = app.openapi_url or "/api/v1/openapi.json"
    page = _DOCS_PAGE.format(assets=DOCS_ASSETS, openapi=openapi)
    init = files("sprintback.api").joinpath("docs_init.js").read_bytes()

    @app.get(DOCS, include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(page)

    @app.get(DOCS_ASSETS + "/{name}", include_in_schema=False)
    def docs_static(name: str) -> Response:
        if name == "init.js":
            return Response(init, media_type="text/javascript")
        if name not in _DOCS_FILES:
            return Response(status_code=404)
        body = (_swagger_dir() / name).read_bytes()
        return Response(body, media_type=_DOCS_FILES[name], headers={"Cache-Control": "public, max-age=86400"})


def install(app: FastAPI, settings: Settings) -> None:
    """Input guard, security headers, local API docs. Call before adding the body-size limit, so that limit
    stays the outermost layer (a body is bounded before anything buffers it)."""
    _add_docs(app)
    app.add_middleware(TextGuard)
    app.add_middleware(SecurityHeaders, trust_proxy=settings.trust_forwarded_for)


def request_is_https(request: Request, settings: Settings) -> bool:
    return is_https(request.scope, settings.trust_forwarded_for)
