"""`sprintback forecast` run as a user would (a real subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).parents[3]
DEMO = ROOT / "src/sprintback/demo/sam-2b-sprint.yaml"


def sprintback(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "160"}
    return subprocess.run(
        [sys.executable, "-m", "sprintback", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_forecast_json_has_the_centile_dates_days_and_one_entry_per_remaining_gate() -> None:
    out = sprintback("forecast", str(DEMO), "--as-of", "2026-10-30", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["format"] == "sprintback-forecast/1" and data["day_since_injury"] == 25
    injured = date.fromisoformat(data["injury_date"])
    for q in ("p10", "p50", "p90"):
        assert date.fromisoformat(data[f"rts_{q}"]) == injured + timedelta(days=data[f"rts_days_{q}"])
    assert data["rts_days_p10"] <= data["rts_days_p50"] <= data["rts_days_p90"]
    assert data["rts_days_p10"] > 25  # not before tomorrow
    assert data["gates"][0]["phase"] == data["phase"]  # from the current phase on
    assert data["gates"][-1]["days_p50"] == data["rts_days_p50"]
    assert {f["id"] for f in data["reinjury_risk"]} >= {"this_injury", "nordic_below_337", "previous_acl"}
    again = sprintback("forecast", str(DEMO), "--as-of", "2026-10-30", "--json")
    assert json.loads(again.stdout) == data  # a fixed seed: the same answer every time


def test_forecast_text_names_the_prior_and_its_source() -> None:
    out = sprintback("forecast", str(DEMO), "--as-of", "2026-10-30")
    assert out.returncode == 0, out.stderr
    assert "Ready for clearance" in out.stdout and "pollock2022" in out.stdout and "never gates" in out.stdout


def test_a_bad_date_or_programme_is_exit_code_2_naming_the_field() -> None:
    out = sprintback("forecast", str(DEMO), "--as-of", "30/10/2026")
    assert out.returncode == 2 and "--as-of" in out.stderr
    out = sprintback("forecast", str(DEMO), "--as-of", "2026-10-30", "--programme", "magic")
    assert out.returncode == 2 and "programme" in out.stderr


def test_a_clinic_copy_of_the_forecast_data_is_validated_and_names_the_field(tmp_path: Path) -> None:
    text = (ROOT / "src/sprintback/protocols/forecast-default.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "priors.yaml"
    bad.write_text(text.replace("  samples: 4000", "  samples: 5"), encoding="utf-8")
    out = sprintback("forecast", str(DEMO), "--as-of", "2026-10-30", "--priors", str(bad))
    assert out.returncode == 2 and "model.samples" in out.stderr
    good = tmp_path / "fewer.yaml"
    good.write_text(text.replace("  samples: 4000", "  samples: 500"), encoding="utf-8")
    out = sprintback("forecast", str(DEMO), "--as-of", "2026-10-30", "--priors", str(good), "--json")
    assert out.returncode == 0 and json.loads(out.stdout)["samples"] == 500
