"""A FIT file uploaded through the API is imported by a job into the athlete's record, once."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("sprintback.services.telemetry_import", reason="the telemetry import service is not merged")

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = "shared/data/fit/garmin-fenix-5-run.fit"
FIT = next((p for p in (ROOT.parent / SAMPLE, Path("/work") / SAMPLE) if p.exists()), None)


def _wait(h: Any, job_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job = h.client.get(f"/api/v1/jobs/{job_id}", headers=h.auth("admin")).json()
        if job["status"] in ("done", "failed"):
            return job  # type: ignore[no-any-return]
        time.sleep(0.1)
    raise AssertionError("import job did not finish")


@pytest.mark.skipif(FIT is None, reason="shared FIT sample data not found")
def test_uploaded_fit_file_becomes_a_telemetry_session_and_a_second_upload_is_a_duplicate(harness: Any) -> None:
    assert FIT is not None
    data = FIT.read_bytes()

    def upload() -> dict[str, Any]:
        r = harness.client.post(
            "/api/v1/athletes/sam/telemetry", files=[("files", (FIT.name, data, "application/octet-stream"))],
            headers=harness.auth("clinician"),
        )  # fmt: skip
        assert r.status_code == 202, r.text
        return _wait(harness, r.json()["id"])

    first = upload()
    assert first["status"] == "done", first["error"]
    assert first["result"]["imported"] == 1, first["result"]
    second = upload()
    assert second["result"]["duplicates"] == 1 and second["result"]["imported"] == 0
    store = harness.app.state.context.store
    sessions = store.run(lambda uow: uow.telemetry.sessions("sam"))
    assert len(sessions) == 1 and sessions[0]["format"] == "fit"
