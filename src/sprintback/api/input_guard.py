"""Refuse text no store can hold before any route sees it: the URL path, query parameters and form fields.

JSON bodies are checked by their models (`core.text.Text` on every string field); what arrives outside a model
(a path segment such as an athlete id, `?team=`, a web form field) is checked here, with the same rule
(`core.text.text_problem`) and the standard 422 body naming the parameter. Percent-escapes that do not decode as
UTF-8 are refused too (the server would otherwise replace them and look up a different name).
"""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, unquote_to_bytes

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sprintback.api.errors import error_body
from sprintback.core.text import text_problem

FORM = b"application/x-www-form-urlencoded"


def _decoded(raw: bytes) -> tuple[str | None, str | None]:
    """(text, problem) for percent-decoded bytes."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, "is not valid UTF-8 text"
    return text, text_problem(text)


def _pairs_problem(raw: bytes, where: str) -> tuple[str, str] | None:
    """(field, problem) for the first bad name or value in a query string or urlencoded form."""
    for name_b, value_b in parse_qsl(raw.decode("latin-1"), keep_blank_values=True, encoding="latin-1"):
        name, problem = _decoded(name_b.encode("latin-1"))
        if problem is None:
            _, problem = _decoded(value_b.encode("latin-1"))
        if problem is not None:
            return (name or where), problem
    return None


class TextGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw_path = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogatepass")
        _, problem = _decoded(unquote_to_bytes(raw_path))
        found = ("path", problem) if problem else _pairs_problem(scope.get("query_string", b""), "query")
        if found is None and dict(scope.get("headers") or []).get(b"content-type", b"").startswith(FORM):
            body, receive = await _buffered(receive)  # forms are small; the body limit applies before this
            found = _pairs_problem(body, "form")
        if found is not None:
            await _refuse(send, *found)
            return
        await self.app(scope, receive, send)


async def _buffered(receive: Receive) -> tuple[bytes, Receive]:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    body = b"".join(chunks)
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return body, replay


async def _refuse(send: Send, field: str, problem: str) -> None:
    body = error_body("invalid_request", f"{field} {problem}", field)
    body["error"]["details"] = [{"field": field, "message": problem}]
    data = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 422,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": data})
