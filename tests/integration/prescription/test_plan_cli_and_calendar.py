"""`sprintback plan` run as a user would (a real subprocess), and the ICS file it writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from icalendar import Calendar

from sprintback.catalogue_files import load_default_library
from sprintback.domain.prescription import EQUIPMENT, WEEKDAYS, DayDecision, PlanRequest, plan_week
from sprintback.domain.protocol import DecisionKind
from sprintback.reports.calendar import plan_to_ics

ROOT = Path(__file__).parents[3]
DEMO = ROOT / "src/sprintback/demo/sam-2b-sprint.yaml"


def sprintback(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "sprintback", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_ics_opens_with_the_icalendar_parser_and_holds_one_event_per_session(tmp_path):
    lib = load_default_library()
    monday = date(2026, 11, 23)
    plan = plan_week(
        PlanRequest(
            "sport",
            100,
            monday,
            ("mon", "wed", "fri", "sat"),
            frozenset({"band"}),
            60,
            decisions={monday: DayDecision(DecisionKind.DELOAD, "Soreness 6/10 this morning")},
        ),
        lib,
    )
    data = plan_to_ics(plan, "sam", "Sam Rivera", datetime(2026, 11, 23, 7, 0, tzinfo=UTC))
    cal = Calendar.from_ical(data)
    events = [c for c in cal.walk("VEVENT")]
    assert len(events) == len(plan.sessions) == 4
    assert len({str(e["uid"]) for e in events}) == len(events)
    first = min(events, key=lambda e: e.decoded("dtstart"))
    assert first.decoded("dtstart") == monday
    assert "Soreness 6/10 this morning" in str(first["description"])
    assert "deload" in str(first["summary"])


def test_plan_cli_prints_a_week_and_writes_the_calendar(tmp_path):
    ics = tmp_path / "plan.ics"
    out = sprintback(
        "plan",
        str(DEMO),
        "--as-of",
        "2026-10-22",
        "--days",
        "mon,wed,fri,sat",
        "--equipment",
        "band,bench",
        "--ics",
        str(ics),
    )
    assert out.returncode == 0, out.stderr
    assert "strength" in out.stdout and "Nordic" in out.stdout
    events = list(Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    assert len(events) == 4  # mon, wed, fri, sat


def test_plan_cli_json_holds_seven_days_with_prescriptions_and_reasons():
    out = sprintback("plan", str(DEMO), "--as-of", "2026-10-28", "--week", "2026-10-28", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["format"] == "sprintback-plan/1"
    assert data["week_start"] == "2026-10-26" and len(data["days"]) == 7
    assert data["phase"] == data["decision"]["phase"]
    items = [i for d in data["days"] for s in d["sessions"] for i in s["items"]]
    assert items and all({"sets", "reps", "tempo", "rest_s", "cues", "evidence"} <= set(i) for i in items)
    runs = [i for i in items if i["pct_max_speed"] is not None]
    assert runs and max(i["pct_max_speed"] for i in runs) <= data["running_max_pct"]
    today = next(d for d in data["days"] if d["date"] == "2026-10-28")
    assert today["adjustment"] is not None and today["adjustment"]["reason"]


def test_cleared_athlete_gets_maintenance_and_reassessment_dates_from_the_cli():
    out = sprintback("plan", str(DEMO), "--as-of", "2026-11-23", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["phase"] == "maintenance" and data["clearance"] == "2026-11-12"
    assert [r["date"] for r in data["reassessments"]][:2] == ["2027-02-12", "2027-05-12"]
    kinds = {s["kind"] for d in data["days"] for s in d["sessions"]}
    assert kinds == {"maintenance"}


def test_unknown_equipment_is_a_clear_error_naming_the_option():
    out = sprintback("plan", str(DEMO), "--as-of", "2026-10-22", "--equipment", "band,trampoline")
    assert out.returncode == 2
    assert "--equipment" in out.stderr and "trampoline" in out.stderr


def test_no_available_days_is_a_clear_error_naming_the_option():
    out = sprintback("plan", str(DEMO), "--as-of", "2026-10-22", "--days", "")
    assert out.returncode == 2
    assert "--days" in out.stderr


def test_text_output_reads_like_a_home_program():
    out = sprintback("plan", str(DEMO), "--as-of", "2026-10-22", "--equipment", "band", "--text")
    assert out.returncode == 0, out.stderr
    assert "Your week from Monday 19 October 2026" in out.stdout
    assert "Instead of" in out.stdout
    assert all(name in out.stdout for name in ("Monday", "Sunday"))


def test_every_weekday_name_and_equipment_is_known_to_the_cli():
    from sprintback.cli.plan_commands import parse_days, parse_equipment

    assert parse_days("Mon,wed") == ("mon", "wed")
    assert parse_equipment("none") == frozenset()
    assert parse_equipment(None) == frozenset(EQUIPMENT)
    assert parse_days(None) == WEEKDAYS


def test_catalogue_check_accepts_the_bundled_files_and_names_a_broken_link(tmp_path):
    ok = sprintback("catalogue", "check")
    assert ok.returncode == 0, ok.stderr
    assert "62 exercises" in ok.stdout
    for f in (ROOT / "src/sprintback/catalogue").glob("*.yaml"):
        text = f.read_text(encoding="utf-8")
        if f.name == "exercises.yaml":
            text = text.replace("progression: nordic_bench", "progression: nordic_machine", 1)
        (tmp_path / f.name).write_text(text, encoding="utf-8")
    bad = sprintback("catalogue", "check", str(tmp_path))
    assert bad.returncode == 2
    assert "progression" in bad.stderr and "nordic_machine" in bad.stderr


def test_plan_uses_a_clinic_catalogue_directory(tmp_path):
    for f in (ROOT / "src/sprintback/catalogue").glob("*.yaml"):
        text = f.read_text(encoding="utf-8")
        if f.name == "education.yaml":
            text = text.replace('"Why we load early"', '"Why our clinic loads early"')
        (tmp_path / f.name).write_text(text, encoding="utf-8")
    out = sprintback("plan", str(DEMO), "--as-of", "2026-10-16", "--catalogue", str(tmp_path), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["phase"] == "loading"
    assert "Why our clinic loads early" in [lesson["title"] for lesson in data["lessons"]]


def test_a_week_before_the_injury_is_an_error_naming_week():
    out = sprintback("plan", str(DEMO), "--as-of", "2026-10-22", "--week", "2026-09-01")
    assert out.returncode == 2
    assert "--week" in out.stderr and "before the injury" in out.stderr
