"""Assessments: a clinician records measurements; corrections and retractions are new rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from sprintback.core.records import Page, Stored
from sprintback.domain.models import Measurement
from sprintback.services.access import Action, Actor, authorize
from sprintback.services.errors import Conflict
from sprintback.services.ports import Store, UnitOfWork
from sprintback.services.validation import check_measurements


def record_assessment(
    store: Store, actor: Actor, athlete_id: str, measurements: Sequence[Measurement], now: datetime
) -> list[int]:
    """A clinician's assessment: several measurements (often one day), stored together or not at all."""
    if not measurements:
        raise Conflict("an assessment needs at least one measurement", "measurements")

    def _do(uow: UnitOfWork) -> list[int]:
        authorize(
            uow,
            actor,
            Action.WRITE_CLINICAL,
            now,
            athlete_id=athlete_id,
            detail=f"assessment of {len(measurements)} values",
        )
        injury = uow.records.current_injury(athlete_id)
        if injury is None:
            raise Conflict("record the injury before assessing it", "athlete_id")
        check_measurements(measurements, injury, now.date())
        return [uow.records.add_measurement(athlete_id, m, actor.username, now) for m in measurements]

    return store.run(_do)


def correct_measurement(
    store: Store,
    actor: Actor,
    athlete_id: str,
    measurement_id: int,
    now: datetime,
    value: float | None = None,
    note: str = "",
    retract: bool = False,
) -> int:
    """Correct (new value) or retract a measurement; the original row is kept and marked superseded."""
    if value is None and not retract:
        raise Conflict("give a corrected value or retract", "value")

    def _do(uow: UnitOfWork) -> int:
        authorize(
            uow,
            actor,
            Action.WRITE_CLINICAL,
            now,
            athlete_id=athlete_id,
            detail=f"correct measurement {measurement_id}",
        )
        old = uow.records.measurement(athlete_id, measurement_id)
        if uow.records.is_superseded("measurements", measurement_id):
            raise Conflict(
                f"measurement {measurement_id} was already corrected; correct the newest row", "measurement_id"
            )
        new = replace(old.value, value=old.value.value if value is None else value, note=note or old.value.note)
        injury = uow.records.current_injury(athlete_id)
        if injury is not None and not retract:
            check_measurements([new], injury, now.date(), prefix="correction")
        return uow.records.add_measurement(
            athlete_id, new, actor.username, now, supersedes_id=measurement_id, retracted=retract
        )

    return store.run(_do)


def list_measurements(
    store: Store, actor: Actor, athlete_id: str, now: datetime, limit: int, offset: int, since: date | None = None
) -> Page[Stored[Measurement]]:
    def _do(uow: UnitOfWork) -> Page[Stored[Measurement]]:
        authorize(uow, actor, Action.READ_CLINICAL, now, athlete_id=athlete_id, detail="measurements")
        return uow.records.measurements(athlete_id, since, limit, offset)

    return store.read(_do)
