"""Return-to-play forecast (dates for everyone who sees the squad; reasons for clinical staff) and maintenance
alerts after clearance (clinical)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from sprintback.api.deps import ActorDep, AsOf, PlatformDep, today
from sprintback.services import forecasting

router = APIRouter()


@router.get(
    "/athletes/{athlete_id}/forecast",
    summary="When the athlete is likely ready: days to each remaining gate and to clearance (p10/p50/p90)",
)
def get_forecast(
    athlete_id: str, p: PlatformDep, actor: ActorDep, as_of: AsOf = None,
    programme: str | None = Query(None, max_length=60, description="Published programme for the prior."),
) -> dict[str, Any]:  # fmt: skip
    f = forecasting.forecast_for_athlete(p.services, actor, athlete_id, as_of or today(p), p.now(), programme)
    return f.to_dict()


@router.get("/athletes/{athlete_id}/alerts", summary="After clearance: drift alerts and overdue re-assessments")
def get_alerts(athlete_id: str, p: PlatformDep, actor: ActorDep, as_of: AsOf = None) -> dict[str, Any]:
    return forecasting.alerts_for_athlete(p.services, actor, athlete_id, as_of or today(p), p.now())
