"""Every CLI option that takes a date refuses one far ahead or far back at once: exit 2, the option named."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from sprintback.cli.main import app

ROOT = Path(__file__).parents[3]
DEMO = str(ROOT / "src/sprintback/demo/sam-2b-sprint.yaml")
FAR = ("9999-12-31", "2226-12-01", "0001-01-01")
DATED_OPTIONS = [
    (["evaluate", DEMO], "--as-of"),
    (["replay", DEMO], "--to"),
    (["replay", DEMO], "--from"),
    (["report", DEMO], "--as-of"),
    (["plan", DEMO], "--as-of"),
    (["plan", DEMO], "--week"),
    (["demo", "--seed-only"], "--today"),
    (["import", DEMO], "--date"),
    (["export", "fhir", DEMO], "--as-of"),
    (["forecast", DEMO], "--as-of"),
]


def _dated_options(group: Any, path: tuple[str, ...] = ()) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for name, cmd in group.commands.items():
        if hasattr(cmd, "commands"):  # a group (Typer vendors its own click)
            found |= _dated_options(cmd, (*path, name))
            continue
        for p in cmd.params:
            text = getattr(p, "help", None) or ""
            if "YYYY-MM-DD" in text or "date" in text.lower():
                found |= {(" ".join((*path, name)), o) for o in p.opts if o.startswith("--")}
    return found


def test_the_list_covers_every_dated_option() -> None:
    """A new command option documented as a date needs a line above (sub-commands included)."""
    listed = {
        (" ".join(a for a in args if a != DEMO and not a.startswith("--")), option) for args, option in DATED_OPTIONS
    }
    root = typer.main.get_command(app)
    found = _dated_options(root)
    assert ("export fhir", "--as-of") in found
    assert found <= listed, found - listed


@pytest.mark.parametrize(("args", "option"), DATED_OPTIONS)
@pytest.mark.parametrize("far", FAR)
def test_a_far_date_exits_2_naming_the_option(
    args: list[str], option: str, far: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPRINTBACK_DATABASE_URL", f"sqlite:///{(tmp_path / 'x.db').as_posix()}")
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(app, [*args, option, far])
    assert r.exit_code == 2, r.output
    assert f"{option}: " in r.stderr and far in r.stderr, r.stderr
    assert list(tmp_path.iterdir()) in ([], [tmp_path / "x.db"])  # nothing written but the empty database
