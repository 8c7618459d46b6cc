"""The HTTP server's application: the API under /api/v1 and the web pages at /, over one context.

The two faces never import each other; this module puts them in one FastAPI app for `sprintback serve`
(uvicorn builds one app per worker process with `app_from_env`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from fastapi import FastAPI

from sprintback import web
from sprintback.api.app import create_app as create_api_app
from sprintback.bootstrap import Context, bootstrap, utcnow
from sprintback.settings import Settings

if TYPE_CHECKING:
    from sprintback.bootstrap import Store  # the SQL store a test may hand in


def create_app(
    settings: Settings | None = None,
    clock: Callable[[], datetime] = utcnow,
    store: Store | None = None,
    migrate: bool | None = None,
    *,
    context: Context | None = None,
) -> FastAPI:
    """The API and the web pages over `context` (default: bootstrapped from the other arguments)."""
    ctx = context or bootstrap(settings, clock=clock, store=store, migrate=migrate)
    return create_api_app(context=ctx, pages=[web.router])


def app_from_env() -> FastAPI:
    """Uvicorn factory for `sprintback serve`: each worker process bootstraps from its environment."""
    return create_app(context=bootstrap())
