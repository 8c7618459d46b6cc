"""Every API route × every role × own/other athlete, generated from the app's route table.

A route missing from `api.rules.ROUTE_RULES` fails `test_every_api_route_has_an_access_rule`; a route
whose service authorises a different action than its rule says fails here, because the expected
outcome comes from the policy as documented (docs/platform.md, "Access"), written out below
independently of `services.access`.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute

from sprintback.api.app import create_app
from sprintback.api.rules import ROUTE_RULES, rule_for
from sprintback.services.access import Action
from sprintback.settings import Settings

APP = create_app(Settings(database_url="sqlite://", data_dir=Path("unused")), migrate=False)
API_ROUTES = sorted(
    (method, r.path)
    for r in APP.routes
    if isinstance(r, APIRoute) and r.path.startswith("/api/v1")
    for method in (r.methods or ())
)

# The documented policy: which athletes each role reaches for each action.
ALL, TEAM, SELF, NONE = "all", "team", "self", "none"
DOCUMENTED_POLICY: dict[Action, dict[str, str]] = {
    Action.VIEW_ROSTER: {"admin": ALL, "clinician": TEAM, "coach": TEAM, "athlete": SELF},
    Action.READ_CLINICAL: {"admin": ALL, "clinician": TEAM, "coach": NONE, "athlete": SELF},
    Action.WRITE_CLINICAL: {"admin": ALL, "clinician": TEAM, "coach": NONE, "athlete": NONE},
    Action.LOG_CHECKIN: {"admin": ALL, "clinician": TEAM, "coach": NONE, "athlete": SELF},
    Action.READ_TRAINING: {"admin": ALL, "clinician": TEAM, "coach": TEAM, "athlete": SELF},
    Action.LOG_SESSION: {"admin": ALL, "clinician": TEAM, "coach": TEAM, "athlete": SELF},
    Action.CLEAR_RETURN: {"admin": ALL, "clinician": TEAM, "coach": NONE, "athlete": NONE},
    Action.IMPORT_TELEMETRY: {"admin": ALL, "clinician": TEAM, "coach": TEAM, "athlete": NONE},
    Action.EXPORT: {"admin": ALL, "clinician": TEAM, "coach": NONE, "athlete": SELF},
    Action.CREATE_ATHLETE: {"admin": ALL, "clinician": TEAM, "coach": NONE, "athlete": NONE},
    Action.ERASE: {"admin": ALL, "clinician": NONE, "coach": NONE, "athlete": NONE},
    Action.MANAGE_USERS: {"admin": ALL, "clinician": NONE, "coach": NONE, "athlete": NONE},
    Action.READ_AUDIT: {"admin": ALL, "clinician": NONE, "coach": NONE, "athlete": NONE},
}

A = "/api/v1/athletes/{athlete_id}"
# A valid request for every route that takes input (a new write route needs one here).
Example = Callable[[], dict[str, Any]]
EXAMPLES: dict[tuple[str, str], Example] = {
    ("POST", "/api/v1/auth/login"): lambda: {"json": {"username": "ada", "password": "correct-horse-battery"}},
    ("POST", "/api/v1/auth/logout"): lambda: {},
    ("POST", "/api/v1/teams"): lambda: {"json": {"id": "academy", "name": "Academy"}},
    ("POST", "/api/v1/athletes"): lambda: {"json": {"name": "New Player", "team": "harbour"}},
    ("POST", "/api/v1/users"): lambda: {
        "json": {"username": "newcoach", "password": "long-enough-pw", "role": "coach", "teams": ["harbour"]}
    },
    ("DELETE", A): lambda: {},
    ("POST", f"{A}/injuries"): lambda: {"json": {"date": "2026-11-24", "side": "right", "grade": "1a"}},
    ("POST", f"{A}/clearances"): lambda: {"json": {"override_reason": "shared decision after review"}},
    ("POST", f"{A}/assessments"): lambda: {
        "json": {"measurements": [{"date": "2026-11-24", "kind": "ake_deg", "value": 64, "side": "left"}]}
    },
    ("POST", f"{A}/measurements/{{measurement_id}}/corrections"): lambda: {"json": {"value": 62}},
    ("POST", f"{A}/checkins"): lambda: {"json": {"date": "2026-11-25", "pain_walking": 1, "soreness": 2}},
    ("POST", f"{A}/sessions"): lambda: {"json": {"date": "2026-11-24", "kind": "rehab", "minutes": 40, "rpe": 4}},
    ("POST", f"{A}/device-aliases"): lambda: {"json": {"alias": "garmin-3948"}},
    ("POST", f"{A}/telemetry"): lambda: {
        "files": [("files", ("run.csv", io.BytesIO(b"time,speed\n0,1\n"), "text/csv"))]
    },
    ("POST", "/api/v1/measurement-imports"): lambda: {
        "files": [
            (
                "file",
                (
                    "clinic.csv",
                    io.BytesIO(b"date,athlete,kind,side,value\n2026-11-24,sam,ake_deg,left,64\n"),
                    "text/csv",
                ),
            )
        ]
    },
    ("POST", f"{A}/export-jobs"): lambda: {},
    ("POST", f"{A}/report-jobs"): lambda: {"json": {"as_of": "2026-11-25"}},
}


def _expected_allowed(action: Action | None, role: str, target: str) -> bool:
    if action is None:
        return True
    scope = DOCUMENTED_POLICY[action][role]
    if scope in (ALL, NONE):
        return scope == ALL
    return target in ("own", "listing")


def _cases() -> list[tuple[str, str, str, str]]:
    out = []
    for method, path in API_ROUTES:
        rule = rule_for(method, path)
        if rule is None:  # still tried, so the route's own tests fail too
            out += [(method, path, role, "own") for role in ("admin", "clinician", "coach", "athlete")]
            continue
        if rule.public:
            continue
        for role in ("admin", "clinician", "coach", "athlete"):
            for target in ("own", "other") if rule.athlete else ("listing",):
                out.append((method, path, role, target))
    return out


def test_every_api_route_has_an_access_rule() -> None:
    missing = [f"{m} {p}" for m, p in API_ROUTES if rule_for(m, p) is None]
    assert not missing, f"routes without an access rule in api/rules.py: {missing}"
    stale = sorted(set(ROUTE_RULES) - set(API_ROUTES))
    assert not stale, f"rules for routes that do not exist: {stale}"
    assert len(API_ROUTES) >= 25


def test_every_write_route_has_an_example_request() -> None:
    writes = [(m, p) for m, p in API_ROUTES if m != "GET"]
    assert [w for w in writes if w not in EXAMPLES] == []


def _call(h: Any, method: str, path: str, role: str | None, athlete: str) -> Any:
    rule = rule_for(method, path)
    assert rule is not None
    url = path.replace("{athlete_id}", athlete)
    url = url.replace("{measurement_id}", str(h.world.measurement_ids[athlete]))
    url = url.replace("{job_id}", h.world.job_ids[athlete])
    kwargs = EXAMPLES.get((method, path), dict)()
    headers = h.auth(role) if role else {}
    return h.client.request(method, url, headers=headers, **kwargs)


@pytest.mark.parametrize(("method", "path", "role", "target"), _cases())
def test_route_answers_each_role_as_the_policy_says(
    harness: Any, harness_targets: dict[str, tuple[str, str]], method: str, path: str, role: str, target: str
) -> None:
    rule = rule_for(method, path)
    assert rule is not None, f"{method} {path} has no access rule"
    own, other = harness_targets[role]
    athlete = other if target == "other" else own
    r = _call(harness, method, path, role, athlete)
    if _expected_allowed(rule.action, role, target):
        assert 200 <= r.status_code < 300, f"{role} {method} {path} ({target}): {r.status_code} {r.text[:300]}"
    else:
        assert r.status_code == 403, f"{role} {method} {path} ({target}) should be refused: {r.status_code}"
        assert r.json()["error"]["code"] == "permission_denied"


@pytest.mark.parametrize(
    ("method", "path"), [(m, p) for m, p in API_ROUTES if not getattr(rule_for(m, p), "public", False)]
)
def test_route_refuses_anonymous_requests(harness: Any, method: str, path: str) -> None:
    r = _call(harness, method, path, None, "sam")
    assert r.status_code == 401
    assert r.json()["error"]["field"] == "authorization"


@pytest.mark.parametrize(
    ("method", "path"), [(m, p) for m, p in API_ROUTES if getattr(rule_for(m, p), "public", False)]
)
def test_public_routes_answer_without_a_token(harness: Any, method: str, path: str) -> None:
    assert 200 <= _call(harness, method, path, None, "sam").status_code < 300
