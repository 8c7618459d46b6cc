"""`sprintback --help` loads only Typer, Rich and a few small modules: the heavy libraries wait for the commands
that use them (it cost 0.9 s of CPU, as much as a 30-day evaluation; bench: `/usr/bin/time sprintback --help`)."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = (
    "pydantic",
    "yaml",
    "sqlalchemy",
    "fastapi",
    "numpy",
    "icalendar",
    "jinja2",
    "argon2",
    "redis",
    "alembic",
    "matplotlib",
    "fpdf",
    "fhir",
)


def test_the_command_line_imports_no_heavy_library_until_a_command_needs_it() -> None:
    code = "import sys, json, sprintback.cli.main; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    loaded = {m.split(".")[0] for m in json.loads(out.stdout)}
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
    assert "sprintback.domain.engine" not in json.loads(out.stdout)
