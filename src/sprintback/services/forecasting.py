"""The return-to-play forecast, reinjury risk profile and maintenance alerts of a stored athlete.

One `view_roster` check gives the dates (coaches plan a season with them); the reasons behind them (prior,
pace, criteria, risk factors) are clinical and are added only after a `read_clinical` check, for the roles the
policy lets read clinical data. Drift alerts carry test values: clinical only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sprintback.domain.engine import replay
from sprintback.domain.forecast.config import ForecastConfig
from sprintback.domain.forecast.model import Forecast, forecast
from sprintback.domain.forecast.monitoring import MaintenanceReport, maintenance_report
from sprintback.domain.forecast.reinjury import RiskFlag, reinjury_profile
from sprintback.domain.models import Case
from sprintback.domain.protocol import Protocol
from sprintback.forecast_files import load_default_forecast_config
from sprintback.services.access import Action, Actor, Scope, authorize, scope_of
from sprintback.services.context import ServiceContext
from sprintback.services.errors import Conflict
from sprintback.services.ports import UnitOfWork

FORMAT = "sprintback-forecast/1"


def config() -> ForecastConfig:
    return load_default_forecast_config()


@dataclass(frozen=True)
class AthleteForecast:
    forecast: Forecast
    clinical: bool
    risk: tuple[RiskFlag, ...] = ()  # empty without clinical access
    maintenance: MaintenanceReport | None = None  # clinical, after clearance
    sources: Mapping[str, str] = field(default_factory=dict)  # citations of the forecast data file

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"format": FORMAT, **self.forecast.to_dict(clinical=self.clinical)}
        if self.clinical:
            cite = self.sources
            out["reinjury_risk"] = [f.to_dict(cite.get(f.factor.evidence.source, "")) for f in self.risk]
            out["maintenance"] = self.maintenance.to_dict(dict(cite)) if self.maintenance else None
        return out


def _cleared_on(uow: UnitOfWork, athlete_id: str, case: Case, as_of: date) -> date | None:
    days = [c["date"] for c in uow.records.clearances(athlete_id) if case.injury.date <= c["date"] <= as_of]
    return max(days) if days else None


def case_forecast(
    case: Case,
    p: Protocol,
    cfg: ForecastConfig,
    as_of: date,
    cleared_on: date | None = None,
    programme: str | None = None,
    clinical: bool = True,
) -> AthleteForecast:
    """The forecast of a case (stored or from a file) with, when `clinical`, its risk profile and alerts."""
    days = replay(case, p, as_of)
    f = forecast(case, p, cfg, as_of, programme=programme, cleared_on=cleared_on, decisions=days)
    if not clinical:
        return AthleteForecast(f, False, sources=cfg.sources)
    risk = reinjury_profile(case, cfg.risk_factors, as_of)
    cleared = f.cleared_on
    report = maintenance_report(case, cfg.monitoring, cleared, as_of) if cleared and cfg.monitoring else None
    return AthleteForecast(f, True, risk, report, cfg.sources)


def forecast_for_athlete(
    ctx: ServiceContext, actor: Actor, athlete_id: str, as_of: date, now: datetime, programme: str | None = None
) -> AthleteForecast:
    def _do(uow: UnitOfWork) -> AthleteForecast:
        authorize(uow, actor, Action.VIEW_ROSTER, now, athlete_id=athlete_id, detail=f"forecast {as_of}")
        clinical = scope_of(actor.role, Action.READ_CLINICAL) is not Scope.NONE
        if clinical:
            authorize(uow, actor, Action.READ_CLINICAL, now, athlete_id=athlete_id, detail=f"forecast {as_of}")
        case = uow.records.case(athlete_id)
        if case is None or as_of < case.injury.date:
            raise Conflict(f"no injury on record on {as_of.isoformat()}", "as_of")
        cleared = _cleared_on(uow, athlete_id, case, as_of)
        return case_forecast(case, ctx.protocol, config(), as_of, cleared, programme, clinical)

    return ctx.store.run(_do)


def alerts_for_athlete(
    ctx: ServiceContext, actor: Actor, athlete_id: str, as_of: date, now: datetime
) -> dict[str, Any]:
    """Maintenance monitoring after clearance: drift alerts and overdue re-assessments (clinical)."""

    def _do(uow: UnitOfWork) -> dict[str, Any]:
        authorize(uow, actor, Action.READ_CLINICAL, now, athlete_id=athlete_id, detail=f"alerts {as_of}")
        case = uow.records.case(athlete_id)
        empty: dict[str, Any] = {
            "athlete": athlete_id,
            "as_of": as_of.isoformat(),
            "cleared_on": None,
            "alerts": [],
            "checks": [],
        }
        if case is None or as_of < case.injury.date:
            return empty
        f = case_forecast(case, ctx.protocol, config(), as_of, _cleared_on(uow, athlete_id, case, as_of))
        if f.maintenance is None:
            return empty
        return {"athlete": athlete_id, **f.maintenance.to_dict(dict(config().sources))}

    return ctx.store.run(_do)
