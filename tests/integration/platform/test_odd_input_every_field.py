"""Odd input in every text, number and date field of every JSON write route: 422 naming the field, never a 500.

Generated from the OpenAPI document, so a new field or route is covered without a line here: every string
property gets a lone surrogate and a NUL, every number a boolean and a numeric string, every date year 1 and
year 9999. On SQLite and PostgreSQL (which refuses NUL in text: a 500 on main, as a lone surrogate was on
SQLite). Path and query text, and malformed bodies, are checked too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sprintback.api.app import create_app
from sprintback.domain.models import Athlete, BamicGrade, Injury, Side
from sprintback.services import accounts
from sprintback.services.access import CLI_OPERATOR
from sprintback.services.athletes import create_athlete
from sprintback.settings import Settings
from sprintback.store import Store

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
PASSWORD = "correct-horse-battery"
A = "/api/v1/athletes/sam"
VALID: dict[str, dict[str, Any]] = {
    "/api/v1/auth/login": {"username": "ada", "password": PASSWORD},
    "/api/v1/teams": {"id": "academy", "name": "Academy"},
    "/api/v1/athletes": {
        "name": "New Player",
        "team": "harbour",
        "injury": {"date": "2026-11-20", "side": "left", "grade": "1a"},
    },
    "/api/v1/users": {"username": "newcoach", "password": "long-enough-pw-9", "role": "coach"},
    f"{A}/injuries": {"date": "2026-11-24", "side": "right", "grade": "1a"},
    f"{A}/clearances": {"override_reason": "shared decision"},
    f"{A}/assessments": {"measurements": [{"date": "2026-11-24", "kind": "ake_deg", "value": 64, "side": "left"}]},
    f"{A}/measurements/1/corrections": {"value": 62},
    f"{A}/checkins": {"date": "2026-11-25", "pain_walking": 1},
    f"{A}/sessions": {"date": "2026-11-24", "kind": "rehab", "minutes": 40},
    f"{A}/device-aliases": {"alias": "garmin-3948"},
    f"{A}/report-jobs": {"as_of": "2026-11-25"},
}


@pytest.fixture
def api(db_url: str, tmp_path: Path) -> Iterator[TestClient]:
    store = Store.from_url(db_url)
    accounts.create_team(store, CLI_OPERATOR, "harbour", "Harbour FC", NOW)
    create_athlete(store, CLI_OPERATOR, Athlete("sam", "Sam Rivera"), "harbour", NOW,
                   Injury(date(2026, 11, 1), Side.LEFT, BamicGrade.parse("2b")))  # fmt: skip
    accounts.create_user(store, CLI_OPERATOR, "ada", PASSWORD, "admin", NOW)
    settings = Settings(database_url=db_url, data_dir=tmp_path)
    token = accounts.login(store, settings, "ada", PASSWORD, None, NOW).token
    app = create_app(settings, clock=lambda: NOW, migrate=False)
    with TestClient(app, raise_server_exceptions=False) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        yield client
    app.state.platform.store.dispose()
    store.dispose()


def _resolve(schema: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _kind(prop: dict[str, Any], doc: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The property's JSON type (nullable unions unwrapped) and its resolved schema."""
    prop = _resolve(prop, doc)
    for option in prop.get("anyOf", []):
        option = _resolve(option, doc)
        if option.get("type") != "null":
            return _kind(option, doc)
    if prop.get("format") == "date":
        return "date", prop
    return str(prop.get("type", "object")), prop


def _mutations(schema: dict[str, Any], doc: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(field path, bad value) for every leaf of the body model."""
    for name, prop in _resolve(schema, doc).get("properties", {}).items():
        path = f"{prefix}{name}"
        kind, resolved = _kind(prop, doc)
        if kind == "string":
            yield path, "bad\ud800"
            yield path, "bad\u0000"
        elif kind in ("number", "integer"):
            yield path, True
            yield path, "7"
        elif kind == "date":
            yield path, "0001-01-01"
            yield path, "9999-12-31"
        elif kind == "array" and "properties" in _resolve(resolved.get("items", {}), doc):
            yield from ((f"{path}[0].{p}", v) for p, v in _mutations(resolved["items"], doc))
        elif kind == "object" and "properties" in resolved:
            yield from ((f"{path}.{p}", v) for p, v in _mutations(resolved, doc))
        elif kind == "object" and isinstance(resolved.get("additionalProperties"), dict):
            yield f"{path}.max_speed_m_s", True


def _with(body: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    import copy
    import re

    out = copy.deepcopy(body)
    parts = [p for p in re.split(r"\.|\[(\d+)\]", path) if p]
    target: Any = out
    for p in parts[:-1]:
        target = target[int(p)] if p.isdigit() else target.setdefault(p, {})
    target[parts[-1]] = value
    return out


def _body_schemas(client: TestClient) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    doc = client.get("/api/v1/openapi.json").json()
    out = {}
    for path, ops in doc["paths"].items():
        content = ops.get("post", {}).get("requestBody", {}).get("content", {})
        if "application/json" in content:
            out[path] = content["application/json"]["schema"]
    return doc, out


def test_every_text_number_and_date_field_refuses_odd_values_naming_it(api: TestClient) -> None:
    doc, schemas = _body_schemas(api)
    concrete = {p: p.replace("{athlete_id}", "sam").replace("{measurement_id}", "1") for p in schemas}
    assert sorted(concrete.values()) == sorted(VALID), "a JSON write route without a valid example here"
    wrong = []
    tried = 0
    for template, path in concrete.items():
        for field, value in _mutations(schemas[template], doc):
            body = json.dumps(_with(VALID[path], field, value))  # ASCII: "\\ud800" travels as its JSON escape
            r = api.post(path, content=body, headers={"content-type": "application/json"})
            tried += 1
            got = (
                r.json().get("error", {}).get("field")
                if r.headers["content-type"].startswith("application/json")
                else None
            )
            if r.status_code != 422 or got != field:
                wrong.append(f"{path} {field}={value!r}: {r.status_code} field={got!r}")
    assert tried > 60 and wrong == []


@pytest.mark.parametrize(
    "url, field",
    [("/api/v1/athletes/sam%00x", "path"), ("/api/v1/athletes?team=a%00", "team"),
     ("/api/v1/athletes?team=%ED%A0%80", "team"), ("/api/v1/audit?username=x%00", "username")],
)  # fmt: skip
def test_path_and_query_text_is_checked_too(api: TestClient, url: str, field: str) -> None:
    r = api.get(url)
    assert r.status_code == 422 and r.json()["error"]["field"] == field


@pytest.mark.parametrize("body", ["{bad json", '{"date": "2026-11-25",}', "\xff\xfe"])
def test_a_body_that_is_not_json_answers_the_documented_422(api: TestClient, body: str) -> None:
    r = api.post(f"{A}/checkins", content=body.encode("latin-1"), headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_request" and r.json()["error"]["field"] == "body"


def test_a_clearance_cannot_be_dated_in_the_future(api: TestClient) -> None:
    r = api.post(f"{A}/clearances", json={"as_of": "2060-01-01", "override_reason": "x"})
    assert r.status_code == 422 and r.json()["error"]["field"] == "as_of"
