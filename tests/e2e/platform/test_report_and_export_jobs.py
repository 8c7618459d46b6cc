"""Reports and exports as jobs through the API: submit, poll, download; erasure removes their files."""

from __future__ import annotations

import io
import time
import zipfile
from typing import Any


def _finish(h: Any, job_id: str, role: str) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job: dict[str, Any] = h.client.get(f"/api/v1/jobs/{job_id}", headers=h.auth(role)).json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError("job did not finish")


def test_case_report_job_renders_html_for_the_clinician(harness: Any) -> None:
    r = harness.client.post(
        "/api/v1/athletes/sam/report-jobs", json={"as_of": "2026-11-25"}, headers=harness.auth("clinician")
    )
    assert r.status_code == 202 and r.json()["kind"] == "case_report"
    job = _finish(harness, r.json()["id"], "clinician")
    assert job["status"] == "done", job["error"]
    page = harness.client.get(f"/api/v1/jobs/{job['id']}/download", headers=harness.auth("clinician"))
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Sam Rivera" in page.text and "<svg" in page.text


def test_coach_cannot_order_a_clinical_report(harness: Any) -> None:
    r = harness.client.post("/api/v1/athletes/sam/report-jobs", json={}, headers=harness.auth("coach"))
    assert r.status_code == 403


def test_report_before_the_injury_fails_as_a_job_with_the_reason(harness: Any) -> None:
    r = harness.client.post(
        "/api/v1/athletes/sam/report-jobs", json={"as_of": "2026-10-01"}, headers=harness.auth("admin")
    )
    job = _finish(harness, r.json()["id"], "admin")
    assert job["status"] == "failed" and "before the injury" in job["error"]


def test_export_job_zip_downloads_and_erasure_deletes_it(harness: Any) -> None:
    r = harness.client.post("/api/v1/athletes/kofi/export-jobs", headers=harness.auth("admin"))
    job = _finish(harness, r.json()["id"], "admin")
    z = harness.client.get(f"/api/v1/jobs/{job['id']}/download", headers=harness.auth("admin"))
    assert "athlete.json" in zipfile.ZipFile(io.BytesIO(z.content)).namelist()
    zip_path = harness.folder / "exports" / f"{job['id']}.zip"
    assert zip_path.exists()
    assert harness.client.delete("/api/v1/athletes/kofi", headers=harness.auth("admin")).status_code == 200
    assert not zip_path.exists()
    assert harness.client.get("/api/v1/athletes/kofi", headers=harness.auth("admin")).status_code == 404


def test_refused_upload_leaves_no_file_behind(harness: Any) -> None:
    files = [("files", ("run.fit", b"\x0e\x10" * 100, "application/octet-stream"))]
    r = harness.client.post("/api/v1/athletes/mia/telemetry", files=files, headers=harness.auth("coach"))
    assert r.status_code == 403
    uploads = harness.folder / "uploads"
    assert not uploads.exists() or not any(uploads.iterdir())


def test_pdf_case_report_job_downloads_a_pdf_for_the_clinician(harness: Any) -> None:
    r = harness.client.post(
        "/api/v1/athletes/sam/report-jobs", json={"as_of": "2026-11-25", "format": "pdf"},
        headers=harness.auth("clinician"),
    )  # fmt: skip
    assert r.status_code == 202 and r.json()["kind"] == "case_report_pdf"
    job = _finish(harness, r.json()["id"], "clinician")
    assert job["status"] == "done", job["error"]
    pdf = harness.client.get(f"/api/v1/jobs/{job['id']}/download", headers=harness.auth("clinician"))
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_home_programme_is_a_pdf_only_document(harness: Any) -> None:
    r = harness.client.post(
        "/api/v1/athletes/sam/report-jobs", json={"document": "home_programme"}, headers=harness.auth("athlete")
    )
    assert r.status_code == 422 and r.json()["error"]["field"] == "format"
    r = harness.client.post(
        "/api/v1/athletes/sam/report-jobs", json={"document": "home_programme", "format": "pdf"},
        headers=harness.auth("athlete"),
    )  # fmt: skip
    job = _finish(harness, r.json()["id"], "athlete")
    assert job["status"] == "done", job["error"]


def test_a_certificate_before_any_clearance_fails_with_the_reason(harness: Any) -> None:
    r = harness.client.post(
        "/api/v1/athletes/sam/report-jobs", json={"document": "clearance_certificate", "format": "pdf"},
        headers=harness.auth("clinician"),
    )  # fmt: skip
    job = _finish(harness, r.json()["id"], "clinician")
    assert job["status"] == "failed" and "not been cleared" in job["error"]
