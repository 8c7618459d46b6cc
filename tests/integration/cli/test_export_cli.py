"""`sprintback export fhir` and `sprintback import-fhir`, run as a user would (a real subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sprintback.casefile import case_to_dict, load_case

ROOT = Path(__file__).parents[3]
DEMO = ROOT / "src/sprintback/demo/sam-2b-sprint.yaml"


def sprintback(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "160"}
    return subprocess.run(
        [sys.executable, "-m", "sprintback", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_export_then_import_gives_back_the_same_case_file(tmp_path: Path) -> None:
    bundle = tmp_path / "sam.fhir.json"
    out = sprintback("export", "fhir", str(DEMO), "-o", str(bundle))
    assert out.returncode == 0, out.stderr
    assert json.loads(bundle.read_text())["resourceType"] == "Bundle"
    back = tmp_path / "sam.yaml"
    out = sprintback("import-fhir", str(bundle), "-o", str(back))
    assert out.returncode == 0, out.stderr
    assert case_to_dict(load_case(back)) == case_to_dict(load_case(DEMO))
    same = sprintback("evaluate", str(back), "--as-of", "2026-10-30", "--json")
    original = sprintback("evaluate", str(DEMO), "--as-of", "2026-10-30", "--json")
    assert json.loads(same.stdout) == json.loads(original.stdout)


def test_a_file_that_is_not_a_bundle_exits_2_naming_the_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"resourceType": "Patient"}')
    out = sprintback("import-fhir", str(bad), "-o", str(tmp_path / "never.yaml"))
    assert out.returncode == 2 and "Bundle" in out.stderr
    assert not (tmp_path / "never.yaml").exists()
    bad.write_text("not json")
    assert sprintback("import-fhir", str(bad)).returncode == 2


def test_report_pdf_and_plan_pdf_are_written(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    out = sprintback("report", str(DEMO), "-o", str(tmp_path / "r.html"), "--pdf", str(pdf), "--as-of", "2026-10-30")
    assert out.returncode == 0, out.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    plan = tmp_path / "plan.pdf"
    out = sprintback("plan", str(DEMO), "--as-of", "2026-10-20", "--pdf", str(plan), "--text")
    assert out.returncode == 0, out.stderr
    assert plan.read_bytes().startswith(b"%PDF")


def test_measurements_import_stores_nothing_from_a_file_with_errors_unless_accepted(tmp_path: Path) -> None:
    db = tmp_path / "db"
    env = {"SPRINTBACK_DATA_DIR": str(db), "SPRINTBACK_DATABASE_URL": f"sqlite:///{db / 'sb.db'}"}
    run = lambda *a: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "sprintback", *a], capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src"), **env},
    )  # fmt: skip
    db.mkdir()
    assert run("db", "upgrade").returncode == 0
    assert run("team", "add", "harbour", "Harbour FC").returncode == 0
    csv_file = tmp_path / "m.csv"
    csv_file.write_text("date,athlete,kind,side,value\n2026-11-20,sam,ake_deg,left,70\n2026-11-20,sam,ake_deg,,70\n")
    out = run("measurements", "import", str(csv_file))
    assert out.returncode == 2, out.stderr
    assert "line 2: athlete: no athlete 'sam'" in out.stderr and "line 3: side:" in out.stderr
    assert "nothing was stored" in out.stderr
