"""A squad board loads every athlete's case in a few queries (`CaseRecords.cases`); it must be exactly the case
`CaseRecords.case` loads one by one: latest injury only, corrections and retractions applied, days before the
injury left out."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sprintback.domain.models import BamicGrade, CheckIn, Injury, Measurement, Side
from sprintback.services import accounts, assessments, checkins
from sprintback.services.access import CLI_OPERATOR
from sprintback.services.athletes import record_injury
from sprintback.services.demo_squad import DEMO_SQUAD, seed_demo
from sprintback.store import Store

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def test_the_squads_cases_loaded_together_are_the_cases_loaded_one_by_one(store: Store) -> None:
    seed_demo(store, TODAY, NOW)
    accounts.create_team(store, CLI_OPERATOR, "empty", "No injuries", NOW)
    day = TODAY - timedelta(days=2)
    [left, _] = assessments.record_assessment(
        store, CLI_OPERATOR, "sam-rivera",
        [Measurement(day, "nordic_force_n", 250, Side.LEFT), Measurement(day, "nordic_force_n", 300, Side.RIGHT)], NOW,
    )  # fmt: skip
    assessments.correct_measurement(store, CLI_OPERATOR, "sam-rivera", left, NOW, value=260)
    [gone] = assessments.record_assessment(
        store, CLI_OPERATOR, "jonas-berg", [Measurement(day, "ake_deg", 61, Side.LEFT)], NOW
    )
    assessments.correct_measurement(store, CLI_OPERATOR, "jonas-berg", gone, NOW, retract=True)
    checkins.log_checkin(store, CLI_OPERATOR, "mia-tanaka", CheckIn(TODAY, pain_walking=4), NOW)  # corrects today's
    record_injury(store, CLI_OPERATOR, "ali-haddad", Injury(TODAY - timedelta(days=1), Side.RIGHT, BamicGrade(1)), NOW)
    ids = [p.id for p in DEMO_SQUAD] + ["no-such-athlete"]

    together = store.read(lambda uow: uow.records.cases(ids))
    one_by_one = {a: store.read(lambda uow, a=a: uow.records.case(a)) for a in ids[:-1]}
    assert set(together) == set(one_by_one) and together == one_by_one
    assert together["ali-haddad"].injury.date == TODAY - timedelta(days=1)  # the new injury starts a new case
    assert store.read(lambda uow: uow.records.clearances_of(["ivan-petrov", "sam-rivera"]))["sam-rivera"] == []
