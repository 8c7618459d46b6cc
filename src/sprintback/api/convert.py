"""Domain and store values → response models."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from sprintback.api import schemas as s
from sprintback.core.records import Stored
from sprintback.domain.measures import MEASURES
from sprintback.domain.models import CheckIn, Injury, Measurement, SessionLog
from sprintback.services.accounts import UserView
from sprintback.services.athletes import Profile, SquadEntry
from sprintback.services.availability import Availability


def availability(a: Availability) -> s.AvailabilityOut:
    return s.AvailabilityOut(**a.__dict__)


def user(u: UserView) -> s.UserOut:
    return s.UserOut(**u.__dict__)


def squad_entry(e: SquadEntry) -> s.SquadEntryOut:
    a = e.athlete
    return s.SquadEntryOut(
        id=a.id, name=a.name, sport=a.sport, position=a.position, team_id=e.team_id,
        availability=availability(e.availability),
    )  # fmt: skip


def injury(i: Injury) -> s.InjuryOut:
    return s.InjuryOut(
        date=i.date, side=i.side.value, grade=str(i.grade), mechanism=i.mechanism.value, muscle=i.muscle,
        previous_hsi=i.previous_hsi, recent_hsi=i.recent_hsi, notes=i.notes, physician_review_on=i.physician_review_on,
        intake_signs=[x.value for x in i.intake_signs],
    )  # fmt: skip


def profile(p: Profile) -> s.ProfileOut:
    a = p.athlete
    return s.ProfileOut(
        id=a.id, name=a.name, sport=a.sport, position=a.position, team_id=p.team_id,
        baselines=dict(a.baselines), pain_mode=p.pain_mode.value if p.pain_mode else None,
        injury=injury(p.injury) if p.injury else None, availability=availability(p.availability),
        clearances=p.clearances,
    )  # fmt: skip


def _meta(r: Stored[Any]) -> dict[str, Any]:
    return {"id": r.id, "recorded_at": r.recorded_at, "recorded_by": r.recorded_by, "supersedes_id": r.supersedes_id}


def _values(record: Any) -> dict[str, Any]:
    """A domain record's fields by name, whatever fields it has (the answer models derive from the same)."""
    return {f.name: getattr(record, f.name) for f in fields(record)}


def measurement(r: Stored[Measurement]) -> s.MeasurementOut:
    unit = MEASURES[r.value.kind].unit if r.value.kind in MEASURES else ""
    return s.MeasurementOut(**_meta(r), **_values(r.value), unit=unit)


def checkin(r: Stored[CheckIn]) -> s.CheckInOut:
    return s.CheckInOut(**_meta(r), **_values(r.value))


def session(r: Stored[SessionLog]) -> s.SessionOut:
    return s.SessionOut(**_meta(r), **_values(r.value), load_au=r.value.load_au)
