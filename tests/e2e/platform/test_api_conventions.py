"""API conventions: OpenAPI served, login throttled over HTTP, pagination, coaches kept from clinical fields."""

from __future__ import annotations

from typing import Any


def test_openapi_is_served_and_lists_every_api_route(harness: Any) -> None:
    doc = harness.client.get("/api/v1/openapi.json").json()
    assert doc["info"]["title"] == "Sprintback API"
    assert "/api/v1/athletes/{athlete_id}/checkins" in doc["paths"]
    assert {"get", "post"} <= set(doc["paths"]["/api/v1/athletes/{athlete_id}/checkins"])
    assert harness.client.get("/api/v1/docs").status_code == 200


def test_sixth_wrong_password_from_one_address_answers_429(harness: Any) -> None:
    codes = [
        harness.client.post("/api/v1/auth/login", json={"username": "maria", "password": "wrong-guess"}).status_code
        for _ in range(6)
    ]
    assert codes == [401] * 5 + [429]
    body = harness.client.post("/api/v1/auth/login", json={"username": "maria", "password": "x"}).json()
    assert body["error"]["code"] == "rate_limited"


def test_basic_credentials_work_for_scripts(harness: Any) -> None:
    r = harness.client.get("/api/v1/me", auth=("carl", "correct-horse-battery"))
    assert r.status_code == 200 and r.json()["role"] == "coach"
    assert harness.client.get("/api/v1/me", auth=("carl", "nope")).status_code == 401


def test_logout_revokes_the_token(harness: Any) -> None:
    login = harness.client.post("/api/v1/auth/login", json={"username": "maria", "password": "correct-horse-battery"})
    headers = {"Authorization": f"Bearer {login.json()['token']}"}
    assert harness.client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    assert harness.client.get("/api/v1/me", headers=headers).status_code == 401


def test_squad_list_pages(harness: Any) -> None:
    first = harness.client.get("/api/v1/athletes?limit=2&offset=0", headers=harness.auth("admin")).json()
    rest = harness.client.get("/api/v1/athletes?limit=2&offset=2", headers=harness.auth("admin")).json()
    assert first["total"] == rest["total"] == 3
    assert len(first["items"]) == 2 and len(rest["items"]) == 1
    assert {a["id"] for a in first["items"] + rest["items"]} == {"sam", "kofi", "mia"}


def test_coach_profile_has_availability_but_no_injury_or_baselines(harness: Any) -> None:
    coach = harness.client.get("/api/v1/athletes/sam", headers=harness.auth("coach")).json()
    clinician = harness.client.get("/api/v1/athletes/sam", headers=harness.auth("clinician")).json()
    assert coach["injury"] is None and coach["baselines"] == {}
    assert clinician["injury"]["grade"] == "2b"
    # The same availability, less the engine's decision kind (clinical: services/field_policy).
    assert coach["availability"] == {**clinician["availability"], "decision": ""} and coach["pain_mode"] is None


def test_teams_listed_per_role(harness: Any) -> None:
    def ids(role: str) -> list[str]:
        return [t["id"] for t in harness.client.get("/api/v1/teams", headers=harness.auth(role)).json()]

    assert sorted(ids("admin")) == ["city", "harbour"]
    assert ids("coach") == ids("clinician") == ids("athlete") == ["harbour"]


def test_clearance_against_the_engine_needs_a_reason(harness: Any) -> None:
    url = "/api/v1/athletes/sam/clearances"
    r = harness.client.post(url, json={}, headers=harness.auth("clinician"))
    assert r.status_code == 409 and r.json()["error"]["field"] == "override_reason"
    ok = harness.client.post(url, json={"override_reason": "specialist review"}, headers=harness.auth("clinician"))
    assert ok.status_code == 201 and ok.json()["engine_decision"] != "clear"
    avail = harness.client.get("/api/v1/athletes/sam/availability", headers=harness.auth("coach")).json()
    assert avail["status"] == "available" and avail["cleared_on"] == "2026-11-25"


def test_audit_log_answers_who_read_which_athlete_from_where(harness: Any) -> None:
    harness.client.get("/api/v1/athletes/sam/checkins", headers=harness.auth("clinician"))
    harness.client.get("/api/v1/athletes/mia/checkins", headers=harness.auth("clinician"))
    rows = harness.client.get("/api/v1/audit?username=maria", headers=harness.auth("admin")).json()["items"]
    got = {(r["athlete_id"], r["action"], r["outcome"], r["ip"]) for r in rows}
    assert ("sam", "read_clinical", "allowed", "testclient") in got
    assert ("mia", "read_clinical", "denied", "testclient") in got


def test_health_reports_the_database(harness: Any) -> None:
    r = harness.client.get("/api/v1/health")
    assert r.status_code == 200 and r.json()["database"] == "ok"


def test_health_is_503_when_the_database_is_unreachable(tmp_path: Any) -> None:
    from fastapi.testclient import TestClient

    from sprintback.api.app import create_app
    from sprintback.settings import Settings

    url = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1"
    app = create_app(Settings(database_url=url, data_dir=tmp_path), migrate=False)
    with TestClient(app) as client:
        r = client.get("/api/v1/health")
    assert r.status_code == 503 and r.json()["database"] == "unreachable"


def test_coach_sees_the_weeks_plan_of_a_team_athlete(harness: Any) -> None:
    r = harness.client.get("/api/v1/athletes/sam/plan", headers=harness.auth("coach"))
    assert r.status_code == 200, r.text
    plan = r.json()
    assert plan["format"] == "sprintback-plan/1" and plan["athlete"] == "sam"
    assert (
        plan["phase"]
        == harness.client.get("/api/v1/athletes/sam/availability", headers=harness.auth("coach")).json()["phase"]
    )
    assert plan["decision"] == {}  # the decision and its summary are clinical
    bad = harness.client.get("/api/v1/athletes/sam/plan?minutes=5", headers=harness.auth("coach"))
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "minutes"


def test_athlete_downloads_their_plan_as_a_calendar(harness: Any) -> None:
    r = harness.client.get("/api/v1/athletes/sam/plan.ics", headers=harness.auth("athlete"))
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/calendar")
    assert r.text.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in r.text
