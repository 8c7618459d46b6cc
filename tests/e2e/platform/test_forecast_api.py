"""GET /athletes/{id}/forecast and /alerts over HTTP: clinicians see the dates and why; coaches the dates only."""

from __future__ import annotations

from datetime import date
from typing import Any

from sprintback.services.forecasting import FORMAT

URL = "/api/v1/athletes/sam/forecast"


def test_a_clinician_gets_dates_centiles_every_gate_and_the_reasons_behind_them(harness: Any) -> None:
    r = harness.client.get(URL, headers=harness.auth("clinician"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["format"] == FORMAT and body["as_of"] == "2026-11-25"
    assert body["rts_p10"] <= body["rts_p50"] <= body["rts_p90"]
    assert body["rts_days_p50"] == (date.fromisoformat(body["rts_p50"]) - date(2026, 11, 1)).days
    assert body["gates"] and body["gates"][-1]["p50"] == body["rts_p50"]
    assert body["prior"]["source"] == "pollock2022" and body["prior"]["id"] == "bamic-2ab"
    assert "pace_observed" in body["basis"]
    risk = {f["id"]: f for f in body["reinjury_risk"]}
    assert risk["this_injury"]["status"] == "present" and risk["this_injury"]["value"] == 4.8


def test_a_coach_sees_the_dates_not_the_clinical_reasons(harness: Any) -> None:
    clinician = harness.client.get(URL, headers=harness.auth("clinician")).json()
    coach = harness.client.get(URL, headers=harness.auth("coach"))
    assert coach.status_code == 200
    body = coach.json()
    assert (body["rts_p10"], body["rts_p50"], body["rts_p90"]) == (
        clinician["rts_p10"], clinician["rts_p50"], clinician["rts_p90"],
    )  # fmt: skip
    for clinical in ("prior", "basis", "reinjury_risk", "maintenance", "decision"):
        assert clinical not in body, f"a coach must not see {clinical}"
    assert "pollock" not in coach.text and "pace" not in coach.text


def test_the_same_request_gives_the_same_forecast(harness: Any) -> None:
    a = harness.client.get(URL, headers=harness.auth("clinician")).json()
    b = harness.client.get(URL, headers=harness.auth("clinician")).json()
    assert a == b


def test_alerts_are_clinical_and_empty_before_clearance(harness: Any) -> None:
    r = harness.client.get("/api/v1/athletes/sam/alerts", headers=harness.auth("clinician"))
    assert r.status_code == 200 and r.json()["cleared_on"] is None and r.json()["alerts"] == []
    assert harness.client.get("/api/v1/athletes/sam/alerts", headers=harness.auth("coach")).status_code == 403


def test_an_unknown_programme_is_a_clear_error_naming_it(harness: Any) -> None:
    r = harness.client.get(URL, params={"programme": "magic"}, headers=harness.auth("clinician"))
    assert r.status_code == 422 and r.json()["error"]["field"] == "programme"
