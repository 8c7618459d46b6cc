"""The FastAPI application factory: `create_app(settings)`.

Every route under `/api/v1` passes the guard (rule table + authentication); OpenAPI is served at
`/api/v1/openapi.json` with docs at `/api/v1/docs`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends, FastAPI
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute

from sprintback import web
from sprintback.api import errors, security
from sprintback.api.deps import Platform, guard
from sprintback.api.limits import BodySizeLimit
from sprintback.api.routers import admin, athletes, auth, data, records
from sprintback.api.schemas import ErrorOut
from sprintback.services.jobs import InProcessRunner, JobContext, JobRunner, make_runner
from sprintback.settings import Settings
from sprintback.store.migrate import upgrade
from sprintback.store.uow import Store

API = "/api/v1"


def _utcnow() -> datetime:
    return datetime.now(UTC)


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


def _recover_jobs(ctx: JobContext, runner: JobRunner, clock: Callable[[], datetime]) -> None:
    from sprintback.services.job_recovery import recover_jobs

    try:
        recover_jobs(ctx, runner, clock())
    except Exception as exc:  # e.g. a PostgreSQL schema not upgraded yet: serve anyway, /health tells
        errors.log.warning("job recovery at startup failed: %s", exc)


def create_app(
    settings: Settings | None = None,
    clock: Callable[[], datetime] = _utcnow,
    store: Store | None = None,
    migrate: bool | None = None,
) -> FastAPI:
    """Build the app. `migrate` (default: only for SQLite) upgrades the schema at startup; a PostgreSQL
    deployment runs `sprintback db upgrade` once instead, not from every app process at once."""
    settings = settings or Settings.from_env()
    store = store or Store.from_url(settings.database_url)
    if migrate if migrate is not None else store.database.is_sqlite:
        upgrade(store.database.engine)
    ctx = JobContext(store, settings, clock)
    runner = make_runner(ctx)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        _recover_jobs(ctx, runner, clock)  # jobs left running by a killed process, queued ones the queue lost
        yield
        if isinstance(runner, InProcessRunner):
            runner.shutdown()

    from sprintback import __version__

    app = FastAPI(
        title="Sprintback API",
        version=__version__,
        description="Criteria-based hamstring strain rehabilitation: athletes, assessments, check-ins, "
        'decisions with evidence, availability. Errors: `{"error": {"code", "message", "field"}}`.',
        openapi_url=f"{API}/openapi.json",
        docs_url=None,  # served from local files under a strict CSP by api/security.py
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.platform = Platform(settings, store, clock, ctx, runner)
    errors.install(app)
    for r in (auth.router, athletes.router, records.router, data.router, admin.router):
        _add_routes(app, r)
    app.include_router(web.router)  # the web pages at / (docs/web.md)
    security.install(app, settings)  # input guard, security headers, local API docs (before the body limit)
    app.add_middleware(BodySizeLimit, json_limit=settings.max_json_bytes, upload_limit=settings.max_upload_bytes)

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse(f"{API}/docs")

    return app
