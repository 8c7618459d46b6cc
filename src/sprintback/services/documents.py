"""Printable documents of a stored case: the PDF case report and the clearance certificate (clinical data,
the same access as the HTML case report), and the athlete's home programme (training data)."""

from __future__ import annotations

from datetime import date, datetime

from sprintback.domain.engine import replay
from sprintback.services.access import Action, Actor, authorize
from sprintback.services.athlete_plans import plan_for_athlete
from sprintback.services.availability import protocol
from sprintback.services.errors import Conflict
from sprintback.store.uow import Store, UnitOfWork


def case_report_pdf(store: Store, actor: Actor, athlete_id: str, as_of: date, now: datetime, what: str) -> bytes:
    """The PDF case report up to `as_of`: decision, criteria, charts, check-ins, measurements, clearances."""
    from sprintback.reports.pdf import case_report_pdf as render

    def _do(uow: UnitOfWork) -> bytes:
        authorize(uow, actor, Action.READ_CLINICAL, now, athlete_id=athlete_id, detail=f"{what} {as_of}")
        case = uow.records.case(athlete_id)
        if case is None:
            raise Conflict("no injury on record to report on", "athlete_id")
        p = protocol()
        clearances = [c for c in uow.records.clearances(athlete_id) if case.injury.date <= c["date"] <= as_of]
        return render(case, p, replay(case, p, as_of), clearances)

    return store.run(_do)


def clearance_certificate_pdf(store: Store, actor: Actor, athlete_id: str, now: datetime, what: str) -> bytes:
    """The latest clearance of the current injury as a certificate with the criteria of its day."""
    from sprintback.reports.pdf import clearance_certificate_pdf as render

    def _do(uow: UnitOfWork) -> bytes:
        authorize(uow, actor, Action.READ_CLINICAL, now, athlete_id=athlete_id, detail=what)
        case = uow.records.case(athlete_id)
        if case is None:
            raise Conflict("no injury on record", "athlete_id")
        clearances = [c for c in uow.records.clearances(athlete_id) if c["date"] >= case.injury.date]
        if not clearances:
            raise Conflict("this athlete has not been cleared for return to sport", "athlete_id")
        p = protocol()
        cl = clearances[-1]
        return render(case, p, replay(case, p, cl["date"]), cl)

    return store.run(_do)


def home_programme_pdf(store: Store, actor: Actor, athlete_id: str, as_of: date, now: datetime) -> bytes:
    """The week's programme, a page per session, for printing (what `GET …/plan` gives, on paper)."""
    from sprintback.reports.pdf import home_programme_pdf as render

    plan = plan_for_athlete(store, actor, athlete_id, as_of, now)
    return render(plan.athlete_name, plan.plan.to_dict())
