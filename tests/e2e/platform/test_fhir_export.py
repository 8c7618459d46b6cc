"""GET /athletes/{id}/fhir: the stored case as a FHIR R5 Bundle, clinical data with clinical access."""

from __future__ import annotations

from typing import Any

from fhir.resources.bundle import Bundle

from sprintback.casefile import case_to_dict
from sprintback.reports.fhir_import import case_from_bundle


def test_clinician_downloads_a_valid_bundle_that_reads_back_as_the_stored_case(harness: Any) -> None:
    r = harness.client.get("/api/v1/athletes/sam/fhir?as_of=2026-11-25", headers=harness.auth("clinician"))
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/fhir+json")
    bundle = r.json()
    Bundle.model_validate(bundle)
    case = case_from_bundle(bundle)
    assert case.athlete.id == "sam" and str(case.injury.grade) == "2b"
    assert [m.kind for m in case.measurements] == ["ake_deg"]
    assert case_to_dict(case)["injury"]["date"] == "2026-11-01"


def test_the_athlete_may_export_their_own_record(harness: Any) -> None:
    assert harness.client.get("/api/v1/athletes/sam/fhir", headers=harness.auth("athlete")).status_code == 200
    assert harness.client.get("/api/v1/athletes/kofi/fhir", headers=harness.auth("athlete")).status_code == 403


def test_a_coach_gets_no_clinical_record(harness: Any) -> None:
    assert harness.client.get("/api/v1/athletes/sam/fhir", headers=harness.auth("coach")).status_code == 403


def test_a_date_before_the_injury_is_refused_naming_as_of(harness: Any) -> None:
    r = harness.client.get("/api/v1/athletes/sam/fhir?as_of=2026-10-01", headers=harness.auth("clinician"))
    assert r.status_code == 409 and r.json()["error"]["field"] == "as_of"
