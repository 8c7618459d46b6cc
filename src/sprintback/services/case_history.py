"""A stored case replayed day by day, for the views built on the whole history (timeline, case report).

One audited `read_clinical` check, then one replay up to `as_of` (`replays.replay_for`), in one read
transaction; the web pages and the report job both come here.
"""

from __future__ import annotations

from datetime import date, datetime

from sprintback.domain.decision import Decision
from sprintback.domain.models import Case
from sprintback.domain.protocol import Protocol
from sprintback.reports.case_report import render_case_report
from sprintback.services import replays
from sprintback.services.access import Action, Actor, authorize
from sprintback.services.context import ServiceContext
from sprintback.services.ports import UnitOfWork


def replayed_case(
    ctx: ServiceContext, actor: Actor, athlete_id: str, as_of: date, now: datetime, what: str
) -> tuple[Case, Protocol, list[Decision]] | None:
    """(case, protocol, one decision per day up to `as_of`), or None without an injury on record; a day before
    the injury is the engine's InvalidCase. `what` says in the audit log what the history was read for."""

    def _do(uow: UnitOfWork) -> tuple[Case, Protocol, list[Decision]] | None:
        authorize(uow, actor, Action.READ_CLINICAL, now, athlete_id=athlete_id, detail=f"{what} {as_of}")
        case = uow.records.case(athlete_id)
        if case is None:
            return None
        return case, ctx.protocol, replays.replay_for(uow, case, ctx.protocol, as_of)

    return ctx.store.read(_do)


def case_report_html(
    ctx: ServiceContext, actor: Actor, athlete_id: str, as_of: date, now: datetime, what: str = "case report"
) -> str | None:
    """The printable HTML case report (the one `sprintback report` writes) up to `as_of`, or None without an
    injury on record."""
    replayed = replayed_case(ctx, actor, athlete_id, as_of, now, what)
    return render_case_report(*replayed) if replayed else None
