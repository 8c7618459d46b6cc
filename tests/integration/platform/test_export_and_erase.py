"""Data rights: export everything about one athlete; erasure removes it but keeps the audit trail."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from sprintback.casefile import case_from_dict
from sprintback.domain.errors import NotFound, PermissionDenied
from sprintback.domain.models import CheckIn, Measurement, Side
from sprintback.services import assessments, checkins
from sprintback.services.access import Actor
from sprintback.services.audit import query_audit
from sprintback.services.data_rights import erase_athlete, export_athlete
from sprintback.store import Store

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.fixture
def history(two_teams: Store, actors: dict[str, Actor]) -> Store:
    checkins.log_checkin(two_teams, actors["athlete"], "sam", CheckIn(date(2026, 11, 20), pain_walking=3), NOW)
    checkins.log_checkin(two_teams, actors["athlete"], "sam", CheckIn(date(2026, 11, 20), pain_walking=2), NOW)
    assessments.record_assessment(
        two_teams, actors["clinician"], "sam", [Measurement(date(2026, 11, 21), "iso_90_90_n", 240, Side.LEFT, 0)], NOW
    )
    return two_teams


def test_export_holds_every_row_including_corrections_as_json_csv_and_a_case_file(
    history: Store, actors: dict[str, Actor]
) -> None:
    z = zipfile.ZipFile(io.BytesIO(export_athlete(history, actors["athlete"], "sam", NOW)))
    doc = json.loads(z.read("athlete.json"))
    assert doc["format"] == "sprintback-export/1" and doc["athlete_id"] == "sam"
    assert [c["pain_walking"] for c in doc["tables"]["checkins"]] == [3, 2]
    rows = list(csv.DictReader(io.StringIO(z.read("measurements.csv").decode())))
    assert [(r["kind"], r["value"]) for r in rows] == [("iso_90_90_n", "240.0")]
    case = case_from_dict(json.loads(z.read("case.json")))
    assert case.athlete.id == "sam" and [c.pain_walking for c in case.checkins] == [2]
    assert any(e["action"] == "log_checkin" for e in doc["tables"]["audit_log"])


def test_erasure_removes_the_athlete_and_keeps_an_audit_entry_without_health_values(
    history: Store, actors: dict[str, Actor], tmp_path: Path
) -> None:
    counts = erase_athlete(history, actors["admin"], "sam", NOW, tmp_path)
    assert counts["checkins"] == 2 and counts["measurements"] == 1 and counts["athletes"] == 1
    with pytest.raises(NotFound):
        export_athlete(history, actors["admin"], "sam", NOW)
    rows, _ = query_audit(history, actors["admin"], NOW, athlete_id="sam")
    assert rows[0]["action"] == "erase" and rows[0]["outcome"] == "allowed"
    text = json.dumps(rows, default=str)
    assert "pain_walking" not in text and "240" not in text
    assert history.run(lambda uow: uow.records.athlete_exists("mia"))


def test_only_an_admin_erases(history: Store, actors: dict[str, Actor], tmp_path: Path) -> None:
    for role in ("clinician", "coach", "athlete"):
        with pytest.raises(PermissionDenied):
            erase_athlete(history, actors[role], "sam", NOW, tmp_path)
