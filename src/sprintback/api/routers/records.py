"""Dated records: assessments and measurements (with corrections), daily check-ins, training sessions."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query

from sprintback.api import convert
from sprintback.api import schemas as s
from sprintback.api.deps import ActorDep, Limit, Offset, PlatformDep
from sprintback.casefile import CheckInIn, SessionIn
from sprintback.domain.models import CheckIn, Measurement, SessionLog
from sprintback.services import assessments, checkins, training

router = APIRouter(prefix="/athletes/{athlete_id}")
Since = Query(None, description="Only records on or after this date.")


@router.get("/measurements", response_model=s.Page[s.MeasurementOut])
def list_measurements(
    athlete_id: str, p: PlatformDep, actor: ActorDep, limit: Limit = 100, offset: Offset = 0, since: date | None = Since
) -> s.Page[s.MeasurementOut]:
    page = assessments.list_measurements(p.store, actor, athlete_id, p.now(), limit, offset, since)
    return s.Page(items=[convert.measurement(r) for r in page.items], total=page.total, limit=limit, offset=offset)


@router.post("/assessments", response_model=s.CreatedOut, status_code=201, summary="Record measurements")
def record_assessment(athlete_id: str, body: s.AssessmentIn, p: PlatformDep, actor: ActorDep) -> s.CreatedOut:
    ms = [Measurement(m.date, m.kind, m.value, m.side, m.pain, m.note) for m in body.measurements]
    return s.CreatedOut(ids=assessments.record_assessment(p.store, actor, athlete_id, ms, p.now()))


@router.post(
    "/measurements/{measurement_id}/corrections", response_model=s.CreatedOut, status_code=201,
    summary="Correct or retract a measurement (the original is kept)",
)  # fmt: skip
def correct(
    athlete_id: str, measurement_id: int, body: s.CorrectionIn, p: PlatformDep, actor: ActorDep
) -> s.CreatedOut:
    new_id = assessments.correct_measurement(
        p.store, actor, athlete_id, measurement_id, p.now(), body.value, body.note, body.retract
    )
    return s.CreatedOut(ids=[new_id])


@router.get("/checkins", response_model=s.Page[s.CheckInOut])
def list_checkins(
    athlete_id: str, p: PlatformDep, actor: ActorDep, limit: Limit = 100, offset: Offset = 0, since: date | None = Since
) -> s.Page[s.CheckInOut]:
    page = checkins.list_checkins(p.store, actor, athlete_id, p.now(), limit, offset, since)
    return s.Page(items=[convert.checkin(r) for r in page.items], total=page.total, limit=limit, offset=offset)


@router.post("/checkins", response_model=s.CheckInOut, status_code=201, summary="Daily check-in (pain NRS 0-10)")
def log_checkin(athlete_id: str, body: CheckInIn, p: PlatformDep, actor: ActorDep) -> s.CheckInOut:
    stored = checkins.log_checkin(p.store, actor, athlete_id, CheckIn(**body.model_dump()), p.now())
    return convert.checkin(stored)


@router.get("/sessions", response_model=s.Page[s.SessionOut])
def list_sessions(
    athlete_id: str, p: PlatformDep, actor: ActorDep, limit: Limit = 100, offset: Offset = 0, since: date | None = Since
) -> s.Page[s.SessionOut]:
    page = training.list_sessions(p.store, actor, athlete_id, p.now(), limit, offset, since)
    return s.Page(items=[convert.session(r) for r in page.items], total=page.total, limit=limit, offset=offset)


@router.post("/sessions", response_model=s.CreatedOut, status_code=201, summary="Log a training session")
def log_session(athlete_id: str, body: SessionIn, p: PlatformDep, actor: ActorDep) -> s.CreatedOut:
    sid = training.log_session(p.store, actor, athlete_id, SessionLog(**body.model_dump()), p.now())
    return s.CreatedOut(ids=[sid])
