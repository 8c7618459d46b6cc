"""Bad input to every write route answers 4xx naming the field; oversize bodies answer 413; never a 500."""

from __future__ import annotations

import copy
import io
from typing import Any

import pytest
from fastapi.routing import APIRoute

from sprintback.api.app import create_app
from sprintback.api.limits import UPLOAD_SUFFIXES
from sprintback.settings import MIB, Settings

APP = create_app(Settings(database_url="sqlite://", data_dir=__import__("pathlib").Path("unused")), migrate=False)
WRITE_ROUTES = sorted(
    (m, r.path)
    for r in APP.routes
    if isinstance(r, APIRoute) and r.path.startswith("/api/v1")
    for m in (r.methods or ())
    if m in ("POST", "PUT", "PATCH", "DELETE")
)
A = "/api/v1/athletes/{athlete_id}"
VALID_JSON: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", "/api/v1/auth/login"): {"username": "ada", "password": "correct-horse-battery"},
    ("POST", "/api/v1/teams"): {"id": "academy", "name": "Academy"},
    ("POST", "/api/v1/athletes"): {"name": "New Player", "team": "harbour"},
    ("POST", "/api/v1/users"): {"username": "newcoach", "password": "long-enough-pw", "role": "coach"},
    ("POST", f"{A}/injuries"): {"date": "2026-11-24", "side": "right", "grade": "1a"},
    ("POST", f"{A}/clearances"): {"override_reason": "shared decision"},
    ("POST", f"{A}/assessments"): {
        "measurements": [{"date": "2026-11-24", "kind": "ake_deg", "value": 64, "side": "left"}]
    },
    ("POST", f"{A}/measurements/{{measurement_id}}/corrections"): {"value": 62},
    ("POST", f"{A}/checkins"): {"date": "2026-11-25", "pain_walking": 1},
    ("POST", f"{A}/sessions"): {"date": "2026-11-24", "kind": "rehab", "minutes": 40},
    ("POST", f"{A}/device-aliases"): {"alias": "garmin-3948"},
    ("POST", f"{A}/report-jobs"): {"as_of": "2026-11-25"},
}
NO_BODY = {("POST", "/api/v1/auth/logout"), ("DELETE", A), ("POST", f"{A}/export-jobs"), ("POST", f"{A}/telemetry"),
           ("POST", "/api/v1/measurement-imports")}  # fmt: skip


def _url(h: Any, path: str, athlete: str = "sam") -> str:
    return (
        path.replace("{athlete_id}", athlete)
        .replace("{measurement_id}", str(h.world.measurement_ids.get(athlete, 999999)))
        .replace("{job_id}", "nope")
    )


def _assert_error(r: Any, field_prefix: str | None) -> None:
    assert 400 <= r.status_code < 500, f"{r.status_code}: {r.text[:300]}"
    err = r.json()["error"]
    assert set(err) >= {"code", "message", "field"} and err["message"]
    if field_prefix is not None:
        assert err["field"] and err["field"].startswith(field_prefix), err


def test_every_write_route_is_covered_here() -> None:
    assert sorted(set(WRITE_ROUTES) - set(VALID_JSON) - NO_BODY) == []


def _wrong_type_cases() -> list[tuple[str, str, str]]:
    return [(m, p, key) for (m, p), body in VALID_JSON.items() for key in body]


@pytest.mark.parametrize(("method", "path", "key"), _wrong_type_cases())
def test_wrong_type_for_each_field_names_that_field(harness: Any, method: str, path: str, key: str) -> None:
    body = copy.deepcopy(VALID_JSON[(method, path)])
    body[key] = {"not": ["what", "was", "asked"]}
    r = harness.client.request(method, _url(harness, path), json=body, headers=harness.auth("admin"))
    _assert_error(r, key)


@pytest.mark.parametrize(("method", "path"), sorted(VALID_JSON))
def test_unknown_field_is_named(harness: Any, method: str, path: str) -> None:
    body = {**VALID_JSON[(method, path)], "surprise_field": 1}
    r = harness.client.request(method, _url(harness, path), json=body, headers=harness.auth("admin"))
    _assert_error(r, "surprise_field")


@pytest.mark.parametrize(("method", "path"), sorted(VALID_JSON))
def test_malformed_json_is_a_422_on_the_body(harness: Any, method: str, path: str) -> None:
    headers = {**harness.auth("admin"), "content-type": "application/json"}
    r = harness.client.request(method, _url(harness, path), content=b'{"date": ', headers=headers)
    assert r.status_code == 422
    _assert_error(r, "")


@pytest.mark.parametrize(("method", "path"), sorted(WRITE_ROUTES))
def test_oversize_body_is_rejected_with_413(harness: Any, method: str, path: str) -> None:
    big = b'{"note": "' + b"x" * (2 * MIB) + b'"}'
    headers = {**harness.auth("admin"), "content-type": "application/json"}
    r = harness.client.request(method, _url(harness, path), content=big, headers=headers)
    if path.rstrip("/").endswith(UPLOAD_SUFFIXES):  # uploads have their own, larger limit (32 MiB)
        assert r.status_code == 422
        return
    assert r.status_code == 413
    assert r.json()["error"] == {
        "code": "payload_too_large", "message": "the request body is larger than 1048576 bytes", "field": "body"
    }  # fmt: skip


def test_streamed_body_without_length_is_cut_off_at_the_limit(harness: Any) -> None:
    def chunks() -> Any:
        for _ in range(40):
            yield b"x" * 65536

    headers = {**harness.auth("admin"), "content-type": "application/json"}
    r = harness.client.post(_url(harness, f"{A}/checkins"), content=chunks(), headers=headers)
    assert r.status_code == 413 and r.json()["error"]["code"] == "payload_too_large"


def test_upload_over_its_limit_is_rejected(harness: Any) -> None:
    assert harness.app.state.context.settings.max_upload_bytes == 32 * MIB
    data = io.BytesIO(b"0" * (33 * MIB))
    r = harness.client.post(
        _url(harness, f"{A}/telemetry"), files=[("files", ("big.fit", data, "application/octet-stream"))],
        headers=harness.auth("admin"),
    )  # fmt: skip
    assert r.status_code == 413


@pytest.mark.parametrize(
    ("path", "body", "field", "words"),
    [
        (f"{A}/checkins", {"date": "2026-11-25", "pain_walking": 14}, "pain_walking", "14 is outside 0–10"),
        (f"{A}/checkins", {"date": "2026-11-25", "sleep_hours": -1}, "sleep_hours", "outside"),
        (f"{A}/checkins", {"date": "2026-13-01"}, "date", ""),
        (f"{A}/assessments",
         {"measurements": [{"date": "2026-11-24", "kind": "ake_deg", "value": 170, "side": "left"}]},
         "measurements[0].value", "170 is outside 0–110 deg"),
        (f"{A}/assessments", {"measurements": [{"date": "2026-11-24", "kind": "ake_deg", "value": 60}]},
         "measurements[0].side", "per leg"),
        (f"{A}/assessments", {"measurements": [{"date": "2026-11-24", "kind": "hamstring_mood", "value": 1}]},
         "measurements[0].kind", "unknown measure kind"),
        (f"{A}/assessments", {"measurements": []}, "measurements", ""),
        (f"{A}/sessions", {"date": "2026-11-24", "kind": "run", "minutes": 30, "rpe": 11}, "rpe", "outside"),
        (f"{A}/sessions", {"date": "2026-11-24", "kind": "juggling", "minutes": 30}, "kind", ""),
        (f"{A}/injuries", {"date": "2026-11-24", "side": "left", "grade": "9z"}, "grade", "BAMIC"),
        (f"{A}/injuries", {"date": "2026-11-24", "side": "middle", "grade": "2b"}, "side", ""),
        ("/api/v1/athletes", {"name": "X", "team": "harbour", "baselines": {"max_speed_m_s": 40}},
         "baselines.max_speed_m_s", "outside"),
        ("/api/v1/athletes", {"name": "X", "team": "nowhere"}, "team_id", "no team"),
        ("/api/v1/users", {"username": "Bad Name", "password": "long-enough-pw", "role": "coach"}, "username", ""),
        ("/api/v1/users", {"username": "okname", "password": "long-enough-pw", "role": "wizard"}, "role", "wizard"),
    ],
)  # fmt: skip
def test_domain_errors_name_the_field_like_the_case_file(
    harness: Any, path: str, body: dict[str, Any], field: str, words: str
) -> None:
    r = harness.client.post(_url(harness, path), json=body, headers=harness.auth("admin"))
    _assert_error(r, field)
    assert r.json()["error"]["field"] == field
    assert words in r.json()["error"]["message"]


def test_unknown_athlete_is_404_naming_athlete_id(harness: Any) -> None:
    r = harness.client.post(
        "/api/v1/athletes/ghost/checkins", json={"date": "2026-11-25"}, headers=harness.auth("admin")
    )
    assert r.status_code == 404 and r.json()["error"]["field"] == "athlete_id"


@pytest.mark.parametrize("query", ["limit=0", "limit=100000", "offset=-1", "as_of=yesterday"])
def test_bad_query_parameters_are_422_naming_the_parameter(harness: Any, query: str) -> None:
    r = harness.client.get(f"/api/v1/athletes?{query}", headers=harness.auth("admin"))
    assert r.status_code == 422 and r.json()["error"]["field"] == query.split("=")[0]
