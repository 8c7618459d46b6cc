"""One seam for replaying a stored case: services reach the engine's replay only through services/replays."""

from __future__ import annotations

import ast
from pathlib import Path

SERVICES = Path(__file__).resolve().parents[3] / "src" / "sprintback" / "services"
REPLAYING = {"replay", "evaluate", "resume", "_days"}
# planning.plan_for_case also plans a case file (`sprintback plan CASE`): the engine's replay is its default,
# and a stored athlete's plan hands it services.replays.replay_for instead (services/athlete_plans.py).
# forecasting.case_forecast likewise forecasts a case file; a stored athlete's forecast passes replay_for's days.
ALLOWED = {"replays.py": REPLAYING, "planning.py": {"replay"}, "forecasting.py": {"replay"}}


def _engine_names(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "sprintback.domain.engine":
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.Import) and any(a.name == "sprintback.domain.engine" for a in node.names):
            names.add("*")
    return names


def test_no_service_but_the_seam_replays_with_the_engine() -> None:
    offenders = {
        p.name: sorted(used)
        for p in sorted(SERVICES.glob("*.py"))
        if (used := _engine_names(p) & (REPLAYING | {"*"}) - ALLOWED.get(p.name, set()))
    }
    assert offenders == {}


def test_the_seam_test_sees_an_engine_import() -> None:
    assert _engine_names(SERVICES / "replays.py") >= {"replay"}
