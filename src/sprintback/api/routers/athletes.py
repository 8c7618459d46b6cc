"""Teams, the squad list, athlete profiles, injuries, evaluation, clearance, device aliases, erasure."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from sprintback.api import convert
from sprintback.api import schemas as s
from sprintback.api.deps import ActorDep, AsOfDay, Limit, Offset, PlatformDep, bounded_day
from sprintback.casefile import InjuryIn
from sprintback.domain.models import Athlete, BamicGrade, Injury
from sprintback.services import accounts, athlete_plans, athletes, evaluation
from sprintback.services.data_rights import erase_athlete

router = APIRouter()


def _injury(i: InjuryIn, field: str) -> Injury:
    return Injury(
        date=i.date, side=i.side, grade=BamicGrade.parse(i.grade, field), mechanism=i.mechanism, muscle=i.muscle,
        previous_hsi=i.previous_hsi, recent_hsi=i.recent_hsi, notes=i.notes, physician_review_on=i.physician_review_on,
        intake_signs=tuple(dict.fromkeys(i.intake_signs)),
    )  # fmt: skip


@router.get("/teams", response_model=list[s.TeamOut])
def list_teams(p: PlatformDep, actor: ActorDep) -> list[s.TeamOut]:
    return [s.TeamOut(**t) for t in accounts.list_teams(p.store, actor, p.now())]


@router.post("/teams", response_model=s.TeamOut, status_code=201)
def create_team(body: s.TeamIn, p: PlatformDep, actor: ActorDep) -> s.TeamOut:
    accounts.create_team(p.store, actor, body.id, body.name, p.now())
    return s.TeamOut(id=body.id, name=body.name)


@router.get(
    "/athletes", response_model=s.Page[s.SquadEntryOut], summary="The squad: athletes you may see, with availability"
)
def list_athletes(
    p: PlatformDep, actor: ActorDep, as_of: AsOfDay, limit: Limit = 50, offset: Offset = 0,
    team: str | None = Query(None, max_length=120, description="Only this team (id or name)."),
) -> s.Page[s.SquadEntryOut]:  # fmt: skip
    page = athletes.list_squad(p.services, actor, as_of, p.now(), limit, offset, team)
    return s.Page(items=[convert.squad_entry(e) for e in page.items], total=page.total, limit=limit, offset=offset)


@router.post("/athletes", response_model=s.AthleteOut, status_code=201)
def create_athlete(body: s.AthleteIn, p: PlatformDep, actor: ActorDep) -> s.AthleteOut:
    a = Athlete(body.id, body.name, body.sport, body.position, dict(body.baselines))
    injury = _injury(body.injury, "injury.grade") if body.injury else None
    created, team_id = athletes.create_athlete(p.store, actor, a, body.team, p.now(), injury, body.pain_mode)
    return s.AthleteOut(
        id=created.id, name=created.name, sport=created.sport, position=created.position, team_id=team_id
    )


@router.get("/athletes/{athlete_id}", response_model=s.ProfileOut)
def get_athlete(athlete_id: str, p: PlatformDep, actor: ActorDep, as_of: AsOfDay) -> s.ProfileOut:
    return convert.profile(athletes.athlete_profile(p.services, actor, athlete_id, as_of, p.now()))


@router.delete("/athletes/{athlete_id}", summary="Erase the athlete and all their data (the audit log is kept)")
def erase(athlete_id: str, p: PlatformDep, actor: ActorDep) -> dict[str, Any]:
    counts = erase_athlete(p.store, actor, athlete_id, p.now(), p.settings.data_dir)
    return {"erased": athlete_id, "rows_deleted": counts}


@router.get("/athletes/{athlete_id}/availability", response_model=s.AvailabilityOut)
def get_availability(athlete_id: str, p: PlatformDep, actor: ActorDep, as_of: AsOfDay) -> s.AvailabilityOut:
    return convert.availability(evaluation.availability(p.services, actor, athlete_id, as_of, p.now()))


@router.post("/athletes/{athlete_id}/injuries", response_model=s.CreatedOut, status_code=201)
def record_injury(athlete_id: str, body: InjuryIn, p: PlatformDep, actor: ActorDep) -> s.CreatedOut:
    return s.CreatedOut(ids=[athletes.record_injury(p.store, actor, athlete_id, _injury(body, "grade"), p.now())])


@router.get("/athletes/{athlete_id}/evaluation", summary="The engine's decision with one reason per criterion")
def evaluate(athlete_id: str, p: PlatformDep, actor: ActorDep, as_of: AsOfDay) -> dict[str, Any]:
    return evaluation.evaluate_athlete(p.services, actor, athlete_id, as_of, p.now()).to_dict()


@router.get(
    "/athletes/{athlete_id}/fhir",
    summary="The athlete's case as a FHIR R5 Bundle (Patient, Condition, Observations, check-ins, CarePlan)",
    response_class=Response,
    responses={200: {"content": {"application/fhir+json": {}}}},
)
def fhir_bundle(athlete_id: str, p: PlatformDep, actor: ActorDep, as_of: AsOfDay) -> Response:
    from sprintback.services.fhir_export import athlete_bundle

    bundle = athlete_bundle(p.services, actor, athlete_id, as_of, p.now())
    headers = {"Content-Disposition": f'attachment; filename="sprintback-{athlete_id}.fhir.json"'}
    return Response(json.dumps(bundle, ensure_ascii=False), media_type="application/fhir+json", headers=headers)


@router.get("/athletes/{athlete_id}/plan", summary="This week's sessions, adapted to today's decision")
def week_plan(
    athlete_id: str, p: PlatformDep, actor: ActorDep, as_of: AsOfDay,
    week: dt.date | None = Query(None, description="Monday of the week to plan (default: this week)."),
    minutes: int = Query(60, ge=15, le=240, description="Session length, minutes."),
) -> dict[str, Any]:  # fmt: skip
    week_day = bounded_day(p, week, "week", "the planned week") if week is not None else None
    plan = athlete_plans.plan_for_athlete(p.services, actor, athlete_id, as_of, p.now(), week_day, minutes)
    return plan.to_dict()


@router.get("/athletes/{athlete_id}/plan.ics", summary="This week's plan as an iCalendar file")
def week_plan_ics(athlete_id: str, p: PlatformDep, actor: ActorDep, as_of: AsOfDay) -> Response:
    from sprintback.reports.calendar import plan_to_ics

    plan = athlete_plans.plan_for_athlete(p.services, actor, athlete_id, as_of, p.now())
    body = plan_to_ics(plan.plan, plan.athlete_id, plan.athlete_name, p.now())
    headers = {"Content-Disposition": f'attachment; filename="sprintback-plan-{athlete_id}.ics"'}
    return Response(body, media_type="text/calendar", headers=headers)


@router.post("/athletes/{athlete_id}/clearances", response_model=s.ClearanceOut, status_code=201)
def clear(athlete_id: str, body: s.ClearanceIn, p: PlatformDep, actor: ActorDep) -> s.ClearanceOut:
    day = bounded_day(p, body.as_of, "as_of", "the clearance date")
    c = evaluation.clear_for_return(p.services, actor, athlete_id, day, p.now(), body.note, body.override_reason)
    return s.ClearanceOut(**c.__dict__)


@router.post("/athletes/{athlete_id}/device-aliases", status_code=201)
def add_alias(athlete_id: str, body: s.AliasIn, p: PlatformDep, actor: ActorDep) -> dict[str, str]:
    athletes.add_device_alias(p.store, actor, athlete_id, body.alias, p.now())
    return {"alias": body.alias, "athlete_id": athlete_id}
