"""The one place where errors become HTTP responses: `{"error": {"code", "message", "field"}}`.

SprintbackError subclasses map to 4xx by kind; FastAPI's own validation errors become 422 with the
field path (`measurements[0].value`, `limit`); unknown routes and methods keep their 404/405 in the
same body. Only a bug answers 500, and that body names no internals.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from sprintback.domain.errors import NotFound, PermissionDenied, SprintbackError
from sprintback.services.errors import Conflict, NotAuthenticated, PayloadTooLarge, QueueUnavailable, RateLimited

log = logging.getLogger("sprintback.api")

_STATUS: tuple[tuple[type[SprintbackError], int], ...] = (
    (NotAuthenticated, 401),
    (PermissionDenied, 403),
    (NotFound, 404),
    (Conflict, 409),
    (PayloadTooLarge, 413),
    (RateLimited, 429),
    (QueueUnavailable, 503),
)


_HTTP_CODES = {401: "not_authenticated", 404: "not_found", 405: "method_not_allowed", 413: "payload_too_large"}


def status_for(exc: SprintbackError) -> int:
    for kind, status in _STATUS:
        if isinstance(exc, kind):
            return status
    return 422  # invalid case / input / protocol / import: the request's content is wrong


def error_body(code: str, message: str, field: str | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "field": field}}


def field_path(loc: Sequence[int | str]) -> str | None:
    """("body", "measurements", 0, "value") -> "measurements[0].value"; the request part is dropped."""
    parts = list(loc)
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:]
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or (str(loc[0]) if loc else None)


def _message(e: Any) -> str:
    """Pydantic's message without its "Value error, " prefix (our validators' messages are written for people)."""
    return str(e.get("msg", "invalid request")).removeprefix("Value error, ")


def install(app: FastAPI) -> None:
    @app.exception_handler(SprintbackError)
    async def _sprintback(_: Request, exc: SprintbackError) -> JSONResponse:
        headers = {"WWW-Authenticate": 'Bearer realm="sprintback"'} if isinstance(exc, NotAuthenticated) else None
        if isinstance(exc, RateLimited) and exc.retry_after_s:
            headers = {"Retry-After": str(exc.retry_after_s)}
        return JSONResponse(error_body(exc.code, exc.message, exc.field), status_for(exc), headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
        if first.get("type") == "json_invalid":  # the body is not JSON at all: the field is the body
            where = f" at character {first['loc'][1]}" if len(first.get("loc", ())) > 1 else ""
            body = error_body("invalid_request", f"the body is not valid JSON ({first.get('msg')}{where})", "body")
            body["error"]["details"] = [{"field": "body", "message": body["error"]["message"]}]
            return JSONResponse(body, 422)
        field = field_path(first.get("loc", ()))
        body = error_body("invalid_request", _message(first), field)
        body["error"]["details"] = [
            {"field": field_path(e.get("loc", ())), "message": _message(e)} for e in errors[:20]
        ]
        return JSONResponse(body, 422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        field = "body" if exc.status_code == 413 else None
        return JSONResponse(error_body(code, str(exc.detail), field), exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def _bug(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return JSONResponse(error_body("internal_error", "an unexpected error occurred; it has been logged"), 500)
