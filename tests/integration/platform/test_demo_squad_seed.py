"""The demo squad: deterministic for a given day, twelve athletes in two teams at different phases."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from clinic import clinic

from sprintback.services.access import CLI_OPERATOR
from sprintback.services.athletes import list_squad
from sprintback.services.demo_squad import DEMO_SQUAD, build_case, seed_demo
from sprintback.store import Store, open_database

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


def test_the_same_day_gives_the_same_histories() -> None:
    for i, plan in enumerate(DEMO_SQUAD):
        assert build_case(plan, TODAY, seed=1000 + i) == build_case(plan, TODAY, seed=1000 + i)


def test_seeded_squad_spreads_over_phases_with_one_referral(tmp_path: Path) -> None:
    store = Store(open_database(f"sqlite:///{(tmp_path / 'demo.db').as_posix()}"))
    users = seed_demo(store, TODAY, NOW)
    squad = list_squad(clinic(store), CLI_OPERATOR, TODAY, NOW, limit=50).items
    store.dispose()
    assert len(squad) == 12 and {e.team_id for e in squad} == {"harbour-fc", "city-athletics"}
    phases = {e.availability.phase for e in squad}
    assert {"protect", "loading", "strength", "return"} <= phases
    assert [e.athlete.id for e in squad if e.availability.status == "unavailable"] == ["dan-okafor"]
    assert {u.role for u in users} == {"admin", "clinician", "coach", "athlete"}
