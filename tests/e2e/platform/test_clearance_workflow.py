"""Clearance is the clinician's documented act, and a referral blocks it until a physician has reviewed.

Through the HTTP API on the demo squad: Dan Okafor reports night pain and is referred.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sprintback.api.app import create_app
from sprintback.services.demo_squad import seed_demo
from sprintback.settings import Settings
from sprintback.store import Store, open_database

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
PASSWORD = "sprintback-demo"
DAN = "/api/v1/athletes/dan-okafor"


def _settings(folder: Path) -> Settings:
    return Settings(database_url=f"sqlite:///{(folder / 'sprintback.db').as_posix()}", data_dir=folder)


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    store = Store(open_database(_settings(folder).database_url))
    seed_demo(store, TODAY, NOW)
    store.dispose()
    return folder


@pytest.fixture
def client(demo_template: Path, tmp_path: Path) -> Iterator[TestClient]:
    folder = tmp_path / "demo"
    shutil.copytree(demo_template, folder)
    app = create_app(_settings(folder), clock=lambda: NOW)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
    app.state.context.store.dispose()


def _as(user: str) -> tuple[str, str]:
    return (user, PASSWORD)


def test_a_referred_athlete_cannot_be_cleared_even_with_a_reason(client: TestClient) -> None:
    assert client.get(f"{DAN}/evaluation", auth=_as("maria")).json()["decision"] == "refer"
    r = client.post(f"{DAN}/clearances", json={"override_reason": "ok"}, auth=_as("maria"))
    assert r.status_code == 409, r.text
    message = r.json()["error"]["message"]
    assert "Night pain (reported on" in message and "a physician review is needed before clearance" in message
    assert r.json()["error"]["field"] == "physician_review"
    profile = client.get(DAN, auth=_as("maria")).json()
    assert profile["clearances"] == [] and profile["availability"]["status"] == "unavailable"


def test_after_a_physician_review_the_clinician_clears_with_a_written_reason(client: TestClient) -> None:
    review = {"reviewed_on": TODAY.isoformat(), "physician": "Dr Adeyemi", "outcome": "continue", "note": "MRI clear"}
    r = client.post(f"{DAN}/physician-reviews", json=review, auth=_as("maria"))
    assert r.status_code == 201, r.text
    assert r.json()["physician"] == "Dr Adeyemi" and r.json()["recorded_by"] == "maria"
    # The review's date lifts the flags raised up to it: the engine no longer refers.
    assert client.get(f"{DAN}/evaluation", auth=_as("maria")).json()["decision"] != "refer"
    profile = client.get(DAN, auth=_as("maria")).json()
    assert profile["injury"]["physician_review_on"] == TODAY.isoformat()
    assert [p["physician"] for p in profile["physician_reviews"]] == ["Dr Adeyemi"]
    # Dan is early in rehab: clearing him still needs the clinician's written reason, in human words.
    r = client.post(f"{DAN}/clearances", json={}, auth=_as("maria"))
    assert r.status_code == 409 and r.json()["error"]["field"] == "override_reason"
    assert "write the reason you clear anyway" in r.json()["error"]["message"]
    r = client.post(f"{DAN}/clearances", json={"override_reason": "shared decision, club final"}, auth=_as("maria"))
    assert r.status_code == 201, r.text
    assert r.json()["clinician_role"] == "clinician" and r.json()["protocol_version"]
    # The clinician's clearance, not the engine's decision, starts maintenance and the re-assessments.
    plan = client.get(f"{DAN}/plan", auth=_as("maria")).json()
    assert plan["clearance"] == TODAY.isoformat() and plan["reassessments"][0]["date"] > TODAY.isoformat()
    [record] = client.get(DAN, auth=_as("maria")).json()["clearances"]
    assert record["clinician_name"] and record["override_reason"] == "shared decision, club final"
    assert {c["label"] for c in record["criteria"]} >= {"Night pain"}
    assert client.get(DAN, auth=_as("coach")).json()["clearances"] == []


def test_the_plan_of_a_cleared_demo_athlete_counts_from_the_clinicians_date(client: TestClient) -> None:
    profile = client.get("/api/v1/athletes/ivan-petrov", auth=_as("lena")).json()
    [cleared] = profile["clearances"]
    plan = client.get("/api/v1/athletes/ivan-petrov/plan", auth=_as("lena")).json()
    assert plan["clearance"] == cleared["date"] == (TODAY - timedelta(days=30)).isoformat()


def test_a_review_that_refers_on_keeps_the_referral(client: TestClient) -> None:
    review = {"reviewed_on": TODAY.isoformat(), "physician": "Dr Adeyemi", "outcome": "refer_on"}
    assert client.post(f"{DAN}/physician-reviews", json=review, auth=_as("maria")).status_code == 201
    r = client.post(f"{DAN}/clearances", json={"override_reason": "ok"}, auth=_as("maria"))
    assert r.status_code == 409 and "physician review is needed" in r.json()["error"]["message"]


def test_physician_reviews_are_clinical_writes_refused_to_a_coach_and_audited(client: TestClient) -> None:
    review = {"reviewed_on": TODAY.isoformat(), "physician": "Dr Adeyemi", "outcome": "continue"}
    assert client.post(f"{DAN}/physician-reviews", json=review, auth=_as("coach")).status_code == 403
    assert client.get(DAN, auth=_as("coach")).json()["physician_reviews"] == []
    assert client.post(f"{DAN}/physician-reviews", json=review, auth=_as("maria")).status_code == 201
    audit = client.get("/api/v1/audit", params={"athlete_id": "dan-okafor"}, auth=_as("admin")).json()["items"]
    details = [(a["username"], a["outcome"], a["detail"]) for a in audit if "physician review" in a["detail"]]
    assert ("coach", "denied", f"physician review {TODAY}") in details
    assert ("maria", "allowed", f"physician review {TODAY}") in details


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reviewed_on": (TODAY + timedelta(days=2)).isoformat(), "physician": "Dr A", "outcome": "continue"},
         "reviewed_on"),
        ({"reviewed_on": "2020-01-01", "physician": "Dr A", "outcome": "continue"}, "reviewed_on"),
        ({"reviewed_on": TODAY.isoformat(), "physician": "  ", "outcome": "continue"}, "physician"),
        ({"reviewed_on": TODAY.isoformat(), "physician": "Dr A", "outcome": "fine"}, "outcome"),
    ],
)  # fmt: skip
def test_a_bad_review_is_refused_naming_the_field_and_nothing_is_stored(
    client: TestClient, body: dict[str, str], field: str
) -> None:
    r = client.post(f"{DAN}/physician-reviews", json=body, auth=_as("maria"))
    assert r.status_code == 422, r.text
    assert field in (r.json()["error"]["field"] or "")
    assert client.get(DAN, auth=_as("maria")).json()["physician_reviews"] == []


def test_a_clearance_dated_in_the_future_is_refused(client: TestClient) -> None:
    body = {"as_of": (TODAY + timedelta(days=1)).isoformat(), "override_reason": "planned"}
    r = client.post("/api/v1/athletes/sam-rivera/clearances", json=body, auth=_as("maria"))
    assert r.status_code == 422 and r.json()["error"]["field"] == "as_of"
    assert "future" in r.json()["error"]["message"]


def test_an_api_resend_with_only_sleep_keeps_the_pain_answers_and_the_deload(client: TestClient) -> None:
    url = "/api/v1/athletes/sam-rivera/checkins"
    first = client.post(url, json={"date": TODAY.isoformat(), "pain_exercise": 6, "pain_rest": 1}, auth=_as("sam"))
    assert first.status_code == 201, first.text
    decision = client.get("/api/v1/athletes/sam-rivera/evaluation", auth=_as("maria")).json()["decision"]
    assert decision in ("deload", "regress")
    second = client.post(url, json={"date": TODAY.isoformat(), "sleep_hours": 7}, auth=_as("sam")).json()
    assert (second["pain_exercise"], second["pain_rest"], second["sleep_hours"]) == (6, 1, 7)
    assert second["supersedes_id"] == first.json()["id"]
    assert client.get("/api/v1/athletes/sam-rivera/evaluation", auth=_as("maria")).json()["decision"] == decision
    cleared = client.post(url, json={"date": TODAY.isoformat(), "pain_exercise": None}, auth=_as("sam")).json()
    assert cleared["pain_exercise"] is None and cleared["pain_rest"] == 1


def test_unanswered_night_pain_is_null_through_the_api(client: TestClient) -> None:
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    r = client.post("/api/v1/athletes/sam-rivera/checkins", json={"date": tomorrow, "pain_rest": 1}, auth=_as("sam"))
    assert r.status_code == 201 and r.json()["night_pain"] is None
    listed = client.get("/api/v1/athletes/sam-rivera/checkins", params={"since": tomorrow}, auth=_as("maria")).json()
    assert [c["night_pain"] for c in listed["items"]] == [None]
