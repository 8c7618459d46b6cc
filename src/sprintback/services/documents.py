"""Printable documents of a stored case: the PDF case report and the clearance certificate (clinical data,
the same access as the HTML case report), and the athlete's home programme (training data).

Each is one read transaction with one case load and one replay (`replays.replay_for`); the PDF is rendered
from that, and the audit entry written just after."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sprintback.domain.decision import Decision
from sprintback.domain.models import Case
from sprintback.domain.protocol import Protocol
from sprintback.services import replays
from sprintback.services.access import Action, Actor, authorize
from sprintback.services.athlete_plans import plan_for_athlete
from sprintback.services.context import ServiceContext
from sprintback.services.errors import Conflict
from sprintback.services.ports import UnitOfWork


def case_report_pdf(ctx: ServiceContext, actor: Actor, athlete_id: str, as_of: date, now: datetime, what: str) -> bytes:
    """The PDF case report up to `as_of`: decision, criteria, charts, check-ins, measurements, clearances."""
    from sprintback.reports.pdf import case_report_pdf as render

    def _do(uow: UnitOfWork) -> tuple[Case, Protocol, list[Decision], list[dict[str, Any]]]:
        authorize(uow, actor, Action.READ_CLINICAL, now, athlete_id=athlete_id, detail=f"{what} {as_of}")
        case = uow.records.case(athlete_id)
        if case is None:
            raise Conflict("no injury on record to report on", "athlete_id")
        p = ctx.protocol
        clearances = [c for c in uow.records.clearances(athlete_id) if case.injury.date <= c["date"] <= as_of]
        return case, p, replays.replay_for(uow, case, p, as_of), clearances

    return render(*ctx.store.read(_do))  # drawn after the read transaction


def clearance_certificate_pdf(ctx: ServiceContext, actor: Actor, athlete_id: str, now: datetime, what: str) -> bytes:
    """The latest clearance of the current injury as a certificate with the criteria of its day."""
    from sprintback.reports.pdf import clearance_certificate_pdf as render

    def _do(uow: UnitOfWork) -> tuple[Case, Protocol, list[Decision], dict[str, Any]]:
        authorize(uow, actor, Action.READ_CLINICAL, now, athlete_id=athlete_id, detail=what)
        case = uow.records.case(athlete_id)
        if case is None:
            raise Conflict("no injury on record", "athlete_id")
        clearances = [c for c in uow.records.clearances(athlete_id) if c["date"] >= case.injury.date]
        if not clearances:
            raise Conflict("this athlete has not been cleared for return to sport", "athlete_id")
        p = ctx.protocol
        cl = clearances[-1]
        return case, p, replays.replay_for(uow, case, p, cl["date"]), cl

    return render(*ctx.store.read(_do))  # drawn after the read transaction


def home_programme_pdf(ctx: ServiceContext, actor: Actor, athlete_id: str, as_of: date, now: datetime) -> bytes:
    """The week's programme, a page per session, for printing (what `GET …/plan` gives, on paper)."""
    from sprintback.reports.pdf import home_programme_pdf as render

    plan = plan_for_athlete(ctx, actor, athlete_id, as_of, now)
    return render(plan.athlete_name, plan.plan.to_dict())
