"""A date far ahead or far back on every route that takes one answers 4xx at once, naming the field.

The list of dated inputs is generated from `app.routes` (query parameters, dependencies and body models, nested
ones included), so a new route that takes a date and skips `sprintback.bounds` fails here: without the bound an
`as_of` of 2226-12-01 replays two centuries of days (it once held the database for ten minutes and answered 500).
"""

from __future__ import annotations

import copy
import types
from datetime import date, datetime
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from pydantic import BaseModel

from sprintback.api.app import create_app
from sprintback.settings import Settings

APP = create_app(Settings(database_url="sqlite://", data_dir=Path("unused")), migrate=False)
A = "/api/v1/athletes/{athlete_id}"
FAR = ("9999-12-31", "2226-12-01", "0001-01-01")

# Filters that only narrow what a read returns; no date here makes anything compute for longer.
FILTERS = {
    ("GET", "/api/v1/audit", "since"),
    ("GET", "/api/v1/audit", "until"),
    ("GET", f"{A}/measurements", "since"),
    ("GET", f"{A}/checkins", "since"),
    ("GET", f"{A}/sessions", "since"),
}
# A valid body for every write route with a date in it (a new one needs an entry here).
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", "/api/v1/athletes"): {
        "name": "New Player", "team": "harbour",
        "injury": {"date": "2026-11-20", "side": "left", "grade": "2b", "physician_review_on": "2026-11-22"},
    },
    ("POST", f"{A}/injuries"): {"date": "2026-11-24", "side": "right", "grade": "1a", "physician_review_on": None},
    ("POST", f"{A}/assessments"): {"measurements": [{"date": "2026-11-24", "kind": "ake_deg", "value": 64,
                                                     "side": "left"}]},
    ("POST", f"{A}/checkins"): {"date": "2026-11-25", "pain_walking": 1},
    ("POST", f"{A}/sessions"): {"date": "2026-11-24", "kind": "rehab", "minutes": 40},
    ("POST", f"{A}/clearances"): {"as_of": "2026-11-25", "override_reason": "shared decision"},
    ("POST", f"{A}/report-jobs"): {"as_of": "2026-11-25"},
}  # fmt: skip
# Multipart uploads with a dated form field: the files that go with it (the date is sent as a form field).
UPLOADS: dict[tuple[str, str], list[tuple[str, tuple[str, bytes]]]] = {
    ("POST", f"{A}/telemetry"): [("files", ("session.csv", b"Player Name,Total Distance\nSam,5000\n"))],
}


def _date_paths(annotation: Any, prefix: str) -> list[str]:
    """Paths of every date inside a parameter's type: `as_of`, `injury.date`, `measurements[0].date`."""
    if annotation in (date, datetime):
        return [prefix]
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        return sorted({p for arg in get_args(annotation) for p in _date_paths(arg, prefix)})
    if origin in (list, tuple):
        return [p for arg in get_args(annotation)[:1] for p in _date_paths(arg, f"{prefix}[0]")]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        sep = "." if prefix else ""
        return [
            p for name, f in annotation.model_fields.items() for p in _date_paths(f.annotation, f"{prefix}{sep}{name}")
        ]
    return []


def _dated_inputs(d: Dependant, body_is_whole: bool) -> list[tuple[str, str]]:
    found = [("query", p) for f in d.query_params for p in _date_paths(f.field_info.annotation, f.name)]
    for f in d.body_params:
        name = f.alias or f.name  # a form field is sent under its alias (`date`), and the error names that
        found += [("body", p) for p in _date_paths(f.field_info.annotation, "" if body_is_whole else name)]
    for sub in d.dependencies:
        found += _dated_inputs(sub, body_is_whole)
    return found


DATED = sorted(
    (method, r.path, where, path)
    for r in APP.routes
    if isinstance(r, APIRoute) and r.path.startswith("/api/v1")
    for method in (r.methods or ())
    for where, path in _dated_inputs(r.dependant, body_is_whole=len(r.dependant.body_params) == 1)
    if (method, r.path, path) not in FILTERS
)


def test_the_generated_list_sees_every_kind_of_dated_input() -> None:
    found = {(m, p, path) for m, p, _, path in DATED}
    assert ("GET", "/api/v1/athletes", "as_of") in found
    assert ("GET", f"{A}/plan", "week") in found
    assert ("POST", "/api/v1/athletes", "injury.date") in found
    assert ("POST", f"{A}/assessments", "measurements[0].date") in found
    assert ("POST", f"{A}/clearances", "as_of") in found


def _set(body: dict[str, Any], path: str, value: str) -> None:
    parts = path.replace("[0]", ".0").split(".")
    node: Any = body
    for part in parts[:-1]:
        node = node[int(part)] if part.isdigit() else node[part]
    node[parts[-1]] = value


@pytest.mark.parametrize(("method", "path", "where", "field"), DATED, ids=["-".join(d) for d in DATED])
@pytest.mark.parametrize("far", FAR)
def test_a_far_date_is_refused_at_once_naming_the_field(
    harness: Any, method: str, path: str, where: str, field: str, far: str
) -> None:
    url = path.replace("{athlete_id}", "sam")
    kwargs: dict[str, Any] = {}
    if where == "query":
        kwargs["params"] = {field: far}
    if (method, path) in UPLOADS:
        kwargs["data"] = {field: far}
        kwargs["files"] = UPLOADS[(method, path)]
    elif method != "GET":
        assert (method, path) in BODIES, f"add a valid example body for {method} {path} to BODIES"
        body = copy.deepcopy(BODIES[(method, path)])
        if where == "body":
            _set(body, field, far)
        kwargs["json"] = body
    r = harness.client.request(method, url, headers=harness.auth("admin"), **kwargs)
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])
    error = r.json()["error"]
    assert error["field"] == field, error
    assert far in error["message"] or "before the injury" in error["message"], error


def test_a_date_inside_the_bounds_still_works(harness: Any) -> None:
    r = harness.client.get(
        "/api/v1/athletes/sam/evaluation", params={"as_of": "2027-06-01"}, headers=harness.auth("admin")
    )
    assert r.status_code == 200, r.text
    assert r.json()["as_of"] == "2027-06-01"
