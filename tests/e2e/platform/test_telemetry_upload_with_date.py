"""An undated file (a `time,speed` CSV) uploaded through the API takes the date given with the upload."""

from __future__ import annotations

import time
from typing import Any

SPEED_CSV = b"time,speed\n" + b"".join(f"{i / 10:.1f},{min(8.0, i * 0.1):.2f}\n".encode() for i in range(200))


def upload(h: Any, data: dict[str, str]) -> dict[str, Any]:
    r = h.client.post(
        "/api/v1/athletes/sam/telemetry", files=[("files", ("sprint.csv", SPEED_CSV, "text/csv"))], data=data,
        headers=h.auth("clinician"),
    )  # fmt: skip
    assert r.status_code == 202, r.text
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job = h.client.get(f"/api/v1/jobs/{r.json()['id']}", headers=h.auth("admin")).json()
        if job["status"] in ("done", "failed"):
            return job  # type: ignore[no-any-return]
        time.sleep(0.1)
    raise AssertionError("import job did not finish")


def test_undated_csv_fails_naming_the_missing_date_then_imports_with_the_date_given(harness: Any) -> None:
    without = upload(harness, {})
    (f,) = without["result"]["files"]
    assert f["status"] == "failed" and "no calendar date" in f["reason"] and "`date` with an upload" in f["reason"]
    with_date = upload(harness, {"date": "2026-11-24"})
    assert with_date["result"]["imported"] == 1, with_date["result"]
    sessions = harness.app.state.context.store.run(lambda uow: uow.telemetry.sessions("sam"))
    assert [str(s["date"]) for s in sessions] == ["2026-11-24"]


def test_a_date_that_is_not_a_date_is_refused_naming_the_field(harness: Any) -> None:
    r = harness.client.post(
        "/api/v1/athletes/sam/telemetry", files=[("files", ("sprint.csv", SPEED_CSV, "text/csv"))],
        data={"date": "yesterday"}, headers=harness.auth("clinician"),
    )  # fmt: skip
    assert r.status_code == 422 and "date" in r.text
