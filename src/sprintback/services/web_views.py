"""The read models of the web pages: one function per screen, one read transaction each, one case load and
one replay behind everything the screen shows about the athlete's state.

The same one authorisation check (and audit entry) per athlete and per kind of data as the API's use cases:
the board lists the squad (`view_roster`) and adds each athlete's decision only where the actor may read
clinical data (`read_clinical`); a coach's board therefore has availability but no criteria. The audit
entries are written in a short write after the read (`ports.Store.read`). No rule lives here — the engine
decides, `access` allows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

from sprintback.core.records import Page, Stored
from sprintback.domain.decision import Decision, Reason
from sprintback.domain.errors import InvalidPlanRequest
from sprintback.domain.models import CheckIn, Measurement
from sprintback.domain.prescription.plan import DayPlan
from sprintback.domain.protocol import Phase, Protocol
from sprintback.reports.timeline_svg import timeline_svg
from sprintback.services.access import Action, Actor, Scope, authorize, scope_of, visible_team_ids
from sprintback.services.athlete_plans import plan_of
from sprintback.services.athletes import Profile, SquadEntry, profile_of, squad_of
from sprintback.services.context import ServiceContext
from sprintback.services.planning import CasePlan
from sprintback.services.ports import UnitOfWork

T = TypeVar("T")
# A repository's dated listing (check-ins, measurements): athlete, since, limit, offset.
_Pager = Callable[[str, date | None, int | None, int], Page[Stored[T]]]

BOARD_LIMIT = 500  # one page is the whole board of a club; the API pages, a wall display does not


@dataclass(frozen=True)
class BoardRow:
    entry: SquadEntry
    decision: Decision | None  # None: no clinical access, or no injury on record
    key_unmet: Reason | None  # what most stands between the athlete and the next phase


@dataclass(frozen=True)
class AthletePage:
    """`/athletes/{id}`: the profile; for clinical roles also today's decision, the timeline (SVG) and the
    latest check-ins and measurements, newest first."""

    profile: Profile
    team_name: str | None
    decision: Decision | None = None
    timeline: str | None = None
    checkins: tuple[Stored[CheckIn], ...] = ()
    measurements: tuple[Stored[Measurement], ...] = ()


@dataclass(frozen=True)
class PhonePage:
    """`/me`: the athlete's own page: profile, today's decision and phase, today's session, recent check-ins."""

    profile: Profile
    decision: Decision | None
    phase: Phase | None
    today: DayPlan | None
    checkins: tuple[Stored[CheckIn], ...]


def may_read_clinical(actor: Actor) -> bool:
    """Whether the policy lets this role read clinical data at all (what to ask for, not a permission:
    each service still checks the athlete)."""
    return scope_of(actor.role, Action.READ_CLINICAL) is not Scope.NONE


def may_write_clinical(actor: Actor) -> bool:
    return scope_of(actor.role, Action.WRITE_CLINICAL) is not Scope.NONE


def may_clear(actor: Actor) -> bool:
    return scope_of(actor.role, Action.CLEAR_RETURN) is not Scope.NONE


@dataclass(frozen=True)
class SquadBoard:
    rows: list[BoardRow]
    team_names: dict[str, str]  # the teams the actor may see, for the filter


def squad_board(ctx: ServiceContext, actor: Actor, as_of: date, now: datetime, team: str | None = None) -> SquadBoard:
    """Every athlete the actor may see, with availability, and the decision where clinical access allows
    (the API's squad list, `athletes.squad_of`, in the same read)."""
    clinical = may_read_clinical(actor)

    def _do(uow: UnitOfWork) -> SquadBoard:
        page = squad_of(uow, ctx, actor, as_of, now, BOARD_LIMIT, 0, team, clinical)
        rows = [BoardRow(e, e.decision, e.decision.key_reason() if e.decision else None) for e in page.items]
        return SquadBoard(rows, _team_names(uow, actor))

    return ctx.store.read(_do)


def athlete_page(
    ctx: ServiceContext,
    actor: Actor,
    athlete_id: str,
    as_of: date,
    now: datetime,
    recent_checkins: int = 7,
    recent_measurements: int = 16,
) -> AthletePage:
    def _do(uow: UnitOfWork) -> AthletePage:
        authorize(uow, actor, Action.VIEW_ROSTER, now, athlete_id=athlete_id, detail="profile")
        profile, decision, evaluated = profile_of(uow, ctx, actor, athlete_id, as_of)
        team_name = _team_names(uow, actor).get(profile.team_id or "", profile.team_id)
        if not may_read_clinical(actor):
            return AthletePage(profile, team_name)
        authorize(uow, actor, Action.READ_CLINICAL, now, athlete_id=athlete_id, detail=f"athlete page {as_of}")
        timeline = None
        if evaluated.case is not None and evaluated.history:
            timeline = timeline_svg(evaluated.case, ctx.protocol, evaluated.history)
        return AthletePage(
            profile,
            team_name,
            decision,
            timeline,
            _latest(uow.records.checkins, athlete_id, recent_checkins),
            _latest(uow.records.measurements, athlete_id, recent_measurements),
        )

    return ctx.store.read(_do)


def phone_page(
    ctx: ServiceContext, actor: Actor, athlete_id: str, today: date, now: datetime, days: int = 14
) -> PhonePage:
    def _do(uow: UnitOfWork) -> PhonePage:
        authorize(uow, actor, Action.VIEW_ROSTER, now, athlete_id=athlete_id, detail="profile")
        authorize(uow, actor, Action.READ_CLINICAL, now, athlete_id=athlete_id, detail=f"phone page {today}")
        authorize(uow, actor, Action.READ_TRAINING, now, athlete_id=athlete_id, detail=f"plan {today}")
        profile, decision, evaluated = profile_of(uow, ctx, actor, athlete_id, today)
        phase = session = None
        if decision is not None and evaluated.case is not None:
            phase = phase_of(ctx.protocol, decision.phase)
            try:
                plan = plan_of(uow, ctx, evaluated.case, today, history=evaluated.history)
                session = next((d for d in plan.plan.days if d.date == today), None)
            except InvalidPlanRequest:
                pass  # the week page says why; the phone page just leaves the session out
        return PhonePage(profile, decision, phase, session, _latest(uow.records.checkins, athlete_id, days))

    return ctx.store.read(_do)


@dataclass(frozen=True)
class PlanPage:
    """The week plan page: whose plan, the plan (None without an injury on record, or when the catalogue cannot
    make one: `problem` says why)."""

    name: str
    plan: CasePlan | None
    problem: str = ""


def plan_page(ctx: ServiceContext, actor: Actor, athlete_id: str, as_of: date, now: datetime) -> PlanPage:
    """This week's prescription, read as training data (coaches see plans)."""

    def _do(uow: UnitOfWork) -> PlanPage:
        authorize(uow, actor, Action.READ_TRAINING, now, athlete_id=athlete_id, detail=f"plan {as_of}")
        case = uow.records.case(athlete_id)
        if case is None:
            return PlanPage(uow.records.athlete(athlete_id).athlete.name, None)
        try:
            return PlanPage(case.athlete.name, plan_of(uow, ctx, case, as_of))
        except InvalidPlanRequest as exc:  # e.g. a clinic's catalogue without templates for this phase
            return PlanPage(case.athlete.name, None, exc.message)

    return ctx.store.read(_do)


def phase_of(protocol: Protocol, phase_id: str) -> Phase | None:
    """A phase of the protocol in use (its name, goals and running cap are shown to the athlete);
    None for a plan's own stage such as `maintenance` after clearance."""
    try:
        return protocol.phases[protocol.phase_index(phase_id)]
    except KeyError:
        return None


def _team_names(uow: UnitOfWork, actor: Actor) -> dict[str, str]:
    teams = visible_team_ids(actor, Action.VIEW_ROSTER)
    return {r["id"]: r["name"] for r in uow.accounts.teams(teams)}


def _latest(rows: _Pager[T], athlete_id: str, n: int) -> tuple[Stored[T], ...]:
    total = rows(athlete_id, None, 1, 0).total
    return tuple(rows(athlete_id, None, n, max(total - n, 0)).items[::-1])
