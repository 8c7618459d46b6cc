"""The engine's command-line face, run as a user would (a real subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[3]
DEMO = ROOT / "src/sprintback/demo/sam-2b-sprint.yaml"
PROTOCOL = ROOT / "src/sprintback/protocols/hamstring-default.yaml"


def sprintback(*args: str, cwd: Path | None = None, columns: int = 160) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": str(columns)}
    return subprocess.run(
        [sys.executable, "-m", "sprintback", *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=120
    )


def test_evaluate_json_is_stable_and_documented() -> None:
    out = sprintback("evaluate", str(DEMO), "--as-of", "2026-10-30", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["format"] == "sprintback-decision/1"
    assert (data["decision"], data["phase"], data["day_since_injury"]) == ("hold", "running", 25)
    keys = {
        "id",
        "kind",
        "label",
        "status",
        "met",
        "measure",
        "observed",
        "threshold",
        "detail",
        "source",
        "grade",
        "evidence_type",
        "citation",
    }
    assert all(set(r) == keys for r in data["reasons"])
    h = next(r for r in data["reasons"] if r["id"] == "h_test_no_insecurity")
    assert (h["observed"], h["met"], h["source"]) == (30, False, "askling2013-criterion")
    assert (h["grade"], h["evidence_type"]) == ("practice-default", "rct")
    assert sprintback("evaluate", str(DEMO), "--as-of", "2026-10-30", "--json").stdout == out.stdout


def test_evaluate_prints_every_criterion_with_its_evidence() -> None:
    out = sprintback("evaluate", str(DEMO), "--as-of", "2026-11-12")
    assert out.returncode == 0, out.stderr
    assert "CLEAR" in out.stdout and "zambaldi2017" in out.stdout and "practice-lsi90" in out.stdout


def test_replay_prints_one_line_per_day() -> None:
    out = sprintback("replay", str(DEMO), "--to", "2026-10-14", "--json")
    days = json.loads(out.stdout)["days"]
    assert len(days) == 10 and [d["decision"] for d in days][6] == "progress"


def test_malformed_case_names_the_field_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "case.yaml"
    bad.write_text(DEMO.read_text().replace("  value: 3\n", "  value: 16\n", 1))  # pain_slow_jog 16/10
    before = sorted(p.name for p in tmp_path.iterdir())
    out = sprintback("evaluate", str(bad), "--as-of", "2026-10-10", cwd=tmp_path)
    assert out.returncode == 2
    assert "measurements[" in out.stderr and "16 is outside 0–10" in out.stderr
    assert "Traceback" not in out.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["evaluate", "nope.yaml"], "cannot read the case file"),
        (["evaluate", str(DEMO), "--as-of", "30/10/2026"], "--as-of: '30/10/2026' is not a date"),
        (["evaluate", str(DEMO), "--as-of", "2020-01-01"], "as_of: 2020-01-01 is before the injury date"),
    ],
)
def test_bad_arguments_exit_2_with_a_clear_message(args: list[str], message: str) -> None:
    out = sprintback(*args)
    assert out.returncode == 2 and message in out.stderr


def test_protocol_check_accepts_the_default_and_names_the_field_of_a_broken_copy(tmp_path: Path) -> None:
    ok = sprintback("protocol", "check", str(PROTOCOL))
    assert ok.returncode == 0 and ok.stdout.startswith("OK:")
    broken = tmp_path / "my.yaml"
    broken.write_text(
        PROTOCOL.read_text().replace(
            "threshold: 90, window_days: 7, source: practice-lsi90",
            "threshold: ninety, window_days: 7, source: practice-lsi90",
            1,
        )
    )
    out = sprintback("protocol", "check", str(broken))
    assert out.returncode == 2 and "phases[2].exit_criteria[0].threshold: expected a number" in out.stderr


def test_protocol_show_and_case_schema() -> None:
    show = sprintback("protocol", "show", columns=600)  # wide enough that no cell wraps
    assert show.returncode == 0 and "Sport simulation" in show.stdout and "pollock2022" in show.stdout
    # Evidence v2: grade with evidence type, the derivation of each healing floor, what each pain mode relaxes.
    out = show.stdout
    assert "zambaldi2017 (secondary, consensus)" in out and "bourne2015 (secondary, screening)" in out
    assert ">= 27 d; 34 - 7 = 27" in out and ">= 28 d; 43 - 15 = 28" in out
    assert "relaxes jog_50_within_pain_rule, pain_exercise_limit" in out
    assert "pain mode pain_free: exercise pain up to 0/10; relaxes nothing" in out
    schema = json.loads(sprintback("case", "schema").stdout)
    assert schema["title"] == "CaseFile"


def test_demo_case_replays_the_bundled_case() -> None:
    out = sprintback("demo-case")
    assert out.returncode == 0 and "clear" in out.stdout and "Sam Rivera" in out.stdout


def test_report_writes_a_self_contained_html_file(tmp_path: Path) -> None:
    out = tmp_path / "sam.html"
    run = sprintback("report", str(DEMO), "--out", str(out), "--as-of", "2026-11-12")
    assert run.returncode == 0, run.stderr
    html = out.read_text()
    assert html.startswith("<!doctype html>") and "<svg" in html and "Sam Rivera" in html
    assert [p.name for p in tmp_path.iterdir()] == ["sam.html"]  # no temporary file left behind
