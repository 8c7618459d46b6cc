"""Bulk load: a clinic moving its records in brings one case file per athlete (docs/case-file.md).

`import_case` stores one case — the athlete, the injury and every test, check-in and session — in one
transaction: a bad value anywhere stores nothing of that case, and the error names the field with the
case file's own path (`checkins[12].pain_walking`). Rows go in one statement per table, so a season of
data loads in a fraction of a second.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sprintback.bounds import check_recorded_day
from sprintback.domain.errors import InvalidCase, NotFound
from sprintback.domain.models import Case
from sprintback.services.access import Action, Actor, authorize
from sprintback.services.errors import Conflict
from sprintback.services.ports import Store, UnitOfWork
from sprintback.services.validation import check_athlete_id, check_injury


@dataclass(frozen=True)
class ImportedCase:
    athlete_id: str
    team_id: str | None
    measurements: int
    checkins: int
    sessions: int


def check_case_for_store(case: Case, today: date) -> None:
    """What the store needs beyond `Case.validate()`: an id it can hold, dates within `sprintback.bounds`,
    and one check-in per day (the store keeps a later one as a correction of the earlier)."""
    check_athlete_id(case.athlete.id, "athlete.id")
    case.validate()
    check_injury(case.injury, today, "injury")
    labelled: tuple[tuple[str, str, list[date]], ...] = (
        ("measurements", "the test date", [m.date for m in case.measurements]),
        ("checkins", "the check-in date", [c.date for c in case.checkins]),
        ("sessions", "the session date", [s.date for s in case.sessions]),
    )
    for name, label, days in labelled:
        for i, day in enumerate(days):
            check_recorded_day(day, today, f"{name}[{i}].date", label)
    seen: dict[date, int] = {}
    for i, c in enumerate(case.checkins):
        if c.date in seen:
            raise InvalidCase(
                f"a second check-in on {c.date.isoformat()} (the first is checkins[{seen[c.date]}]); keep one per day",
                f"checkins[{i}].date",
            )
        seen[c.date] = i


def import_case(store: Store, actor: Actor, case: Case, team: str | None, now: datetime) -> ImportedCase:
    """Store a whole case for a new athlete, in `team` (id or name; None: no team, seen by admins only)."""
    check_case_for_store(case, now.date())
    athlete_id = case.athlete.id

    def _do(uow: UnitOfWork) -> ImportedCase:
        team_id = None
        if team is not None:
            team_id = uow.accounts.team_by_name_or_id(team)
            if team_id is None:
                raise NotFound(f"no team {team!r}", "team")
        authorize(uow, actor, Action.CREATE_ATHLETE, now, team_id=team_id, detail=f"import case {athlete_id}")
        if uow.records.athlete_exists(athlete_id):
            raise Conflict(f"athlete id {athlete_id!r} is already on record", "athlete.id")
        uow.records.add_athlete(case.athlete, team_id, case.pain_mode, now)
        uow.records.add_injury(athlete_id, case.injury, actor.username, now)
        uow.records.add_records(athlete_id, case.measurements, case.checkins, case.sessions, actor.username, now)
        return ImportedCase(athlete_id, team_id, len(case.measurements), len(case.checkins), len(case.sessions))

    return store.run(_do)
