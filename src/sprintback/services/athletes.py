"""Athletes and injuries: create an athlete, record an injury, list the squad, read one profile."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sprintback.core.records import AthleteRow, Page
from sprintback.core.telemetry import normalise_alias
from sprintback.domain.decision import Decision
from sprintback.domain.errors import InvalidCase, NotFound
from sprintback.domain.models import Athlete, Injury, PainMode
from sprintback.services.access import (
    Action,
    Actor,
    Scope,
    authorize,
    record_listed,
    scope_of,
    visible_team_ids,
)
from sprintback.services.availability import Availability, EvaluatedCase, evaluate_loaded, evaluate_stored
from sprintback.services.context import ServiceContext
from sprintback.services.errors import Conflict
from sprintback.services.ports import Store, UnitOfWork
from sprintback.services.validation import check_athlete_id, check_baselines, check_injury


@dataclass(frozen=True)
class SquadEntry:
    athlete: Athlete
    team_id: str | None
    availability: Availability
    decision: Decision | None = None  # only with `with_decisions`, after a read_clinical check


@dataclass(frozen=True)
class Profile:
    athlete: Athlete
    team_id: str | None
    pain_mode: PainMode | None
    injury: Injury | None  # None for a coach: injury details are clinical
    availability: Availability
    clearances: list[dict[str, Any]]


def create_athlete(
    store: Store,
    actor: Actor,
    athlete: Athlete,
    team_id: str,
    now: datetime,
    injury: Injury | None = None,
    pain_mode: PainMode | None = None,
) -> tuple[Athlete, str]:
    """Add an athlete to a team (and their injury, if known). An empty id gets a generated one.

    Returns the athlete and the id of the team it joined (`team` may be given by name)."""
    if not athlete.name.strip():
        raise InvalidCase("a name is needed", "name")
    if athlete.id:
        check_athlete_id(athlete.id, "id")
    if not athlete.id:
        athlete = Athlete(
            f"ath-{secrets.token_hex(5)}", athlete.name, athlete.sport, athlete.position, athlete.baselines
        )
    check_baselines(athlete)
    if injury is not None:
        check_injury(injury, now.date(), "injury")

    def _do(uow: UnitOfWork) -> tuple[Athlete, str]:
        tid = uow.accounts.team_by_name_or_id(team_id)
        if tid is None:
            raise NotFound(f"no team {team_id!r}", "team_id")
        authorize(uow, actor, Action.CREATE_ATHLETE, now, team_id=tid, detail=f"create athlete {athlete.id}")
        if uow.records.athlete_exists(athlete.id):
            raise Conflict(f"athlete id {athlete.id!r} is taken", "id")
        uow.records.add_athlete(athlete, tid, pain_mode, now)
        if injury is not None:
            uow.records.add_injury(athlete.id, injury, actor.username, now)
        return athlete, tid

    return store.run(_do)


def record_injury(store: Store, actor: Actor, athlete_id: str, injury: Injury, now: datetime) -> int:
    """A new injury starts a new case: the engine looks at the latest injury and what follows it."""
    check_injury(injury, now.date())

    def _do(uow: UnitOfWork) -> int:
        authorize(uow, actor, Action.WRITE_CLINICAL, now, athlete_id=athlete_id, detail="record injury")
        return uow.records.add_injury(athlete_id, injury, actor.username, now)

    return store.run(_do)


def list_squad(
    ctx: ServiceContext,
    actor: Actor,
    as_of: date,
    now: datetime,
    limit: int = 50,
    offset: int = 0,
    team: str | None = None,
    with_decisions: bool = False,
) -> Page[SquadEntry]:
    """The athletes the actor may see, with today's availability (phase, running allowance): the squad board's
    and the API list's one read model, in one read transaction with one case load and one replay per athlete.

    `with_decisions` also hands on each athlete's engine decision (one audited `read_clinical` check per
    athlete, as `evaluation.evaluate_athlete` does) from the same replay as the availability."""
    return ctx.store.read(lambda uow: squad_of(uow, ctx, actor, as_of, now, limit, offset, team, with_decisions))


def squad_of(
    uow: UnitOfWork,
    ctx: ServiceContext,
    actor: Actor,
    as_of: date,
    now: datetime,
    limit: int,
    offset: int,
    team: str | None,
    with_decisions: bool,
) -> Page[SquadEntry]:
    """`list_squad` inside the caller's unit of work."""
    authorize(uow, actor, Action.VIEW_ROSTER, now, detail="squad list")
    scope = scope_of(actor.role, Action.VIEW_ROSTER)
    teams = visible_team_ids(actor, Action.VIEW_ROSTER)
    only = None
    if scope is Scope.SELF:
        if actor.athlete_id is None:
            return Page([], 0)
        teams, only = None, actor.athlete_id
    if team is not None:
        tid = uow.accounts.team_by_name_or_id(team)
        if tid is None:
            raise NotFound(f"no team {team!r}", "team")
        teams = [t for t in (teams if teams is not None else [tid]) if t == tid]
    page: Page[AthleteRow] = uow.records.list_athletes(teams, only, limit, offset)
    ids = [r.athlete.id for r in page.items]
    cases, clearances = uow.records.cases(ids), uow.records.clearances_of(ids)  # a few queries for the whole page
    entries = []
    for r in page.items:
        evaluated = evaluate_loaded(uow, ctx.protocol, r, cases.get(r.athlete.id), clearances[r.athlete.id], as_of)
        decision = evaluated.decision
        if with_decisions and decision is not None:
            authorize(uow, actor, Action.READ_CLINICAL, now, athlete_id=r.athlete.id, detail=f"evaluate {as_of}")
        entries.append(SquadEntry(r.athlete, r.team_id, evaluated.availability, decision if with_decisions else None))
    record_listed(uow, actor, Action.VIEW_ROSTER, now, [e.athlete.id for e in entries], "squad list")
    return Page(entries, page.total)


def athlete_profile(ctx: ServiceContext, actor: Actor, athlete_id: str, as_of: date, now: datetime) -> Profile:
    """GET /athletes/{id}: one read transaction, one case load, one replay."""

    def _do(uow: UnitOfWork) -> Profile:
        authorize(uow, actor, Action.VIEW_ROSTER, now, athlete_id=athlete_id, detail="profile")
        return profile_of(uow, ctx, actor, athlete_id, as_of)[0]

    return ctx.store.read(_do)


def profile_of(
    uow: UnitOfWork, ctx: ServiceContext, actor: Actor, athlete_id: str, as_of: date
) -> tuple[Profile, Decision | None, EvaluatedCase]:
    """The profile (clinical parts only for roles that read clinical data), the decision on `as_of` (for the
    caller to hand on only after a `read_clinical` check) and the evaluated case behind both, from one case
    load and one replay. The caller has authorised `view_roster` on the athlete."""
    clinical = scope_of(actor.role, Action.READ_CLINICAL) is not Scope.NONE
    evaluated = evaluate_stored(uow, ctx.protocol, athlete_id, as_of)
    row = evaluated.row
    injury = evaluated.case.injury if evaluated.case is not None else None
    profile = Profile(
        athlete=row.athlete
        if clinical
        else Athlete(row.athlete.id, row.athlete.name, row.athlete.sport, row.athlete.position),
        team_id=row.team_id,
        pain_mode=row.pain_mode,
        injury=injury if clinical else None,
        availability=evaluated.availability,
        clearances=evaluated.clearances if clinical else [],
    )
    return profile, evaluated.decision, evaluated


def add_device_alias(store: Store, actor: Actor, athlete_id: str, alias: str, now: datetime) -> None:
    """Link a device serial or a name used in telemetry files to the athlete."""
    if not alias.strip():
        raise InvalidCase("an alias cannot be empty", "alias")

    def _do(uow: UnitOfWork) -> None:
        authorize(uow, actor, Action.IMPORT_TELEMETRY, now, athlete_id=athlete_id, detail="add device alias")
        if uow.telemetry.resolve(alias) not in (None, athlete_id):
            raise Conflict(f"{alias!r} already names another athlete", "alias")
        if normalise_alias(alias) not in uow.telemetry.aliases(athlete_id):
            uow.telemetry.add_alias(alias, athlete_id)

    store.run(_do)
