"""POST /measurement-imports: a preview lists every bad row; nothing is stored until the user accepts."""

from __future__ import annotations

from typing import Any

CSV = (
    b"date,athlete,kind,side,value,pain\n"
    b"2026-11-21,sam,iso_90_90_n,left,240,0\n"
    b"2026-11-21,sam,iso_90_90_n,right,300,0\n"
    b"2026-11-21,sam,pain_walking,,14,\n"  # line 4: out of range
    b"2026-11-21,mia,ake_deg,left,70,\n"  # line 5: another team's athlete for maria
)


def _post(h: Any, role: str, data: bytes = CSV, **params: str) -> Any:
    return h.client.post(
        "/api/v1/measurement-imports", params=params, files={"file": ("clinic.csv", data, "text/csv")},
        headers=h.auth(role),
    )  # fmt: skip


def _count(h: Any, athlete: str) -> int:
    r = h.client.get(f"/api/v1/athletes/{athlete}/measurements", headers=h.auth("admin"))
    return int(r.json()["total"])


def test_preview_shows_each_bad_rows_error_and_stores_nothing(harness: Any) -> None:
    before = _count(harness, "sam")
    r = _post(harness, "clinician")
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["rows"], body["valid"], body["stored"]) == (4, 2, 0)
    errors = {e["line"]: e for e in body["errors"]}
    assert "Pain walking: 14 is outside" in errors[4]["message"]
    assert errors[5]["column"] == "athlete" and "you may record for" in errors[5]["message"]
    assert _count(harness, "sam") == before


def test_importing_a_file_with_errors_stores_nothing_until_the_valid_rows_are_accepted(harness: Any) -> None:
    before = _count(harness, "sam")
    r = _post(harness, "clinician", commit="true")
    assert r.status_code == 409 and "nothing was stored" in r.json()["error"]["message"]
    assert _count(harness, "sam") == before
    r = _post(harness, "clinician", commit="true", accept_valid="true")
    assert r.status_code == 200 and r.json()["stored"] == 2
    assert _count(harness, "sam") == before + 2


def test_coaches_and_athletes_cannot_import_measurements(harness: Any) -> None:
    assert _post(harness, "coach").status_code == 403
    assert _post(harness, "athlete").status_code == 403


def test_a_file_without_the_columns_is_refused_naming_the_file(harness: Any) -> None:
    r = _post(harness, "clinician", data=b"when,who\n1,2\n")
    assert r.status_code == 422 and r.json()["error"]["field"] == "file"
