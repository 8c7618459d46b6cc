"""Intake findings of an injury survive the store, and the stored case refers on day 0."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sprintback.domain.engine import evaluate
from sprintback.domain.models import Athlete, BamicGrade, Injury, IntakeSign, Side
from sprintback.domain.protocol import DecisionKind
from sprintback.protocol_files import load_default_protocol
from sprintback.services import accounts
from sprintback.services.access import CLI_OPERATOR
from sprintback.services.athletes import create_athlete
from sprintback.store import Store

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def test_intake_signs_are_stored_and_read_back(store: Store) -> None:
    accounts.create_team(store, CLI_OPERATOR, "harbour", "Harbour FC", NOW)
    signs = (IntakeSign.PALPABLE_GAP, IntakeSign.SITTING_PAIN)
    injury = Injury(date(2026, 11, 1), Side.LEFT, BamicGrade.parse("3c"), intake_signs=signs)
    create_athlete(store, CLI_OPERATOR, Athlete("lee", "Lee Park"), "harbour", NOW, injury)
    create_athlete(
        store,
        CLI_OPERATOR,
        Athlete("ana", "Ana Ruiz"),
        "harbour",
        NOW,
        Injury(date(2026, 11, 1), Side.LEFT, BamicGrade.parse("2b")),
    )
    lee = store.run(lambda uow: uow.records.case("lee"))
    ana = store.run(lambda uow: uow.records.case("ana"))
    assert lee is not None and lee.injury.intake_signs == signs
    assert ana is not None and ana.injury.intake_signs == ()
    assert evaluate(lee, load_default_protocol(), date(2026, 11, 1)).kind is DecisionKind.REFER
