"""An athlete's telemetry from the store: imported sessions, training load, injured-side asymmetry."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from sprintback.api.deps import ActorDep, PlatformDep
from sprintback.services import telemetry_views as views

router = APIRouter(prefix="/athletes/{athlete_id}")


@router.get(
    "/telemetry", summary="The athlete's imported telemetry sessions (FIT, GPS, Catapult, NordBord), oldest first"
)
def list_telemetry(athlete_id: str, p: PlatformDep, actor: ActorDep) -> dict[str, Any]:
    items = views.athlete_telemetry(p.store, actor, athlete_id, p.now())
    return {"items": items, "total": len(items)}


@router.get(
    "/load",
    summary="Daily load (sRPE × minutes, distance, HSR): EWMA ACWR, weekly change, monotony, strain",
)
def training_load(
    athlete_id: str,
    p: PlatformDep,
    actor: ActorDep,
    days: int = Query(56, ge=1, le=730, description="Days to return, ending today."),
    change_limit_pct: float | None = Query(
        None, gt=0, description="Flag a week whose load rises more than this % on the week before (no default)."
    ),
) -> dict[str, Any]:
    return views.athlete_load(p.store, actor, athlete_id, p.now(), days, change_limit_pct)


@router.get(
    "/asymmetry",
    summary="GCT balance as the injured leg's share vs the athlete's own baseline; strength LSI and trends",
)
def asymmetry(athlete_id: str, p: PlatformDep, actor: ActorDep) -> dict[str, Any]:
    return views.athlete_asymmetry(p.store, actor, athlete_id, p.now())
