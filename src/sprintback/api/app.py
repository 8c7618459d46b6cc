"""The FastAPI application factory: `create_app(settings)` or `create_app(context=...)`.

The app is handed the context the composition root built (`sprintback.bootstrap`: settings, store, clock,
protocol, catalogue, job queue). Every route under `/api/v1` passes the guard (rule table +
authentication); OpenAPI is served at `/api/v1/openapi.json` with docs at `/api/v1/docs`. The web pages
are mounted at `/` by the caller (`pages`), so the API never imports the web face.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Depends, FastAPI
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute

from sprintback.api import errors
from sprintback.api.deps import guard
from sprintback.api.limits import BodySizeLimit
from sprintback.api.routers import admin, athletes, auth, data, forecast, records, telemetry
from sprintback.api.schemas import ErrorOut
from sprintback.bootstrap import Context, bootstrap, utcnow
from sprintback.settings import Settings

if TYPE_CHECKING:
    from sprintback.bootstrap import Store  # the SQL store a test may hand in

API = "/api/v1"


_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": text}
    for code, text in (
        (401, "Not signed in, or the token expired"),
        (403, "Not allowed for your role or teams"),
        (404, "No such athlete, record or job"),
        (409, "Conflicts with what is stored (e.g. clearance against the engine without a reason)"),
        (413, "Body larger than the limit"),
        (422, "Invalid input; `field` names it"),
        (429, "Too many failed logins"),
    )
}


def _add_routes(app: FastAPI, router: APIRouter) -> None:
    """Add a router's routes to the app itself, under /api/v1, each behind the guard.

    Routes are added one by one (not `include_router`) so `app.routes` lists every API route with
    its full path on every FastAPI version: the authorisation matrix test walks exactly that list.
    """
    for route in router.routes:
        assert isinstance(route, APIRoute)
        app.add_api_route(
            API + route.path,
            route.endpoint,
            methods=sorted(route.methods or ()),
            response_model=route.response_model,
            status_code=route.status_code,
            summary=route.summary,
            description=route.description,
            name=route.name,
            dependencies=[Depends(guard), *route.dependencies],
            response_class=route.response_class,
            include_in_schema=route.include_in_schema,
            responses={**_ERROR_RESPONSES, **route.responses},
        )


def create_app(
    settings: Settings | None = None,
    clock: Callable[[], datetime] = utcnow,
    store: Store | None = None,
    migrate: bool | None = None,
    *,
    context: Context | None = None,
    pages: Sequence[APIRouter] = (),
) -> FastAPI:
    """Build the app over `context`, or over one bootstrapped from the other arguments (`migrate`, default only
    for SQLite, upgrades the schema at startup; a PostgreSQL deployment runs `sprintback db upgrade` once
    instead, not from every app process at once). `pages`: routers mounted at `/` (the web face)."""
    ctx = context or bootstrap(settings, clock=clock, store=store, migrate=migrate)
    settings = ctx.settings

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        ctx.close_runner()

    from sprintback import __version__

    app = FastAPI(
        title="Sprintback API",
        version=__version__,
        description="Criteria-based hamstring strain rehabilitation: athletes, assessments, check-ins, "
        'decisions with evidence, availability. Errors: `{"error": {"code", "message", "field"}}`.',
        openapi_url=f"{API}/openapi.json",
        docs_url=f"{API}/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.context = ctx
    errors.install(app)
    for r in (
        auth.router,
        athletes.router,
        records.router,
        data.router,
        admin.router,
        telemetry.router,
        forecast.router,
    ):
        _add_routes(app, r)
    for pages_router in pages:
        app.include_router(pages_router)  # the web pages at / (docs/web.md); their "/" comes before the API's
    app.add_middleware(BodySizeLimit, json_limit=settings.max_json_bytes, upload_limit=settings.max_upload_bytes)

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse(f"{API}/docs")

    return app
