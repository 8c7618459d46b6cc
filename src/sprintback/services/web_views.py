"""Read models the web pages need that no other service gives whole: the squad board and the timeline.

Both are compositions of existing use cases, with the same one authorisation check (and audit entry)
per athlete and per kind of data: the board lists the squad (`view_roster`) and adds each athlete's
decision only where the actor may read clinical data (`read_clinical`); a coach's board therefore
has availability but no criteria. No rule lives here — the engine decides, `access` allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sprintback.domain.decision import Decision, Reason
from sprintback.domain.protocol import Phase
from sprintback.reports.timeline_svg import timeline_svg
from sprintback.services.access import Action, Actor, Scope, scope_of, visible_team_ids
from sprintback.services.athlete_plans import plan_for_athlete
from sprintback.services.athletes import SquadEntry, list_squad
from sprintback.services.availability import protocol
from sprintback.services.case_history import replayed_case
from sprintback.services.errors import Conflict
from sprintback.services.planning import CasePlan
from sprintback.store.uow import Store

BOARD_LIMIT = 500  # one page is the whole board of a club; the API pages, a wall display does not


@dataclass(frozen=True)
class BoardRow:
    entry: SquadEntry
    decision: Decision | None  # None: no clinical access, or no injury on record
    key_unmet: Reason | None  # what most stands between the athlete and the next phase


def may_read_clinical(actor: Actor) -> bool:
    """Whether the policy lets this role read clinical data at all (what to ask for, not a permission:
    each service still checks the athlete)."""
    return scope_of(actor.role, Action.READ_CLINICAL) is not Scope.NONE


def may_write_clinical(actor: Actor) -> bool:
    return scope_of(actor.role, Action.WRITE_CLINICAL) is not Scope.NONE


def may_clear(actor: Actor) -> bool:
    return scope_of(actor.role, Action.CLEAR_RETURN) is not Scope.NONE


def squad_board(store: Store, actor: Actor, as_of: date, now: datetime, team: str | None = None) -> list[BoardRow]:
    """Every athlete the actor may see, with availability, and the decision where clinical access allows."""
    clinical = may_read_clinical(actor)
    page = list_squad(store, actor, as_of, now, limit=BOARD_LIMIT, offset=0, team=team, with_decisions=clinical)
    return [BoardRow(e, e.decision, e.decision.key_reason() if e.decision else None) for e in page.items]


def decision_and_timeline(
    store: Store, actor: Actor, athlete_id: str, as_of: date, now: datetime
) -> tuple[Decision, str] | None:
    """Today's decision and the SVG timeline of the current case up to `as_of`, from one replay (the decision is
    its last day); None without an injury on record by then."""
    replayed = replayed_case(store, actor, athlete_id, as_of, now, "evaluate and timeline")
    return (replayed[2][-1], timeline_svg(*replayed)) if replayed else None


def team_names(store: Store, actor: Actor) -> dict[str, str]:
    """Names of the teams whose athletes the actor may see (for headings; ids are for machines)."""
    teams = visible_team_ids(actor, Action.VIEW_ROSTER)
    return {r["id"]: r["name"] for r in store.run(lambda uow: uow.accounts.teams(teams))}


def phase(phase_id: str) -> Phase | None:
    """A phase of the protocol in use (its name, goals and running cap are shown to the athlete);
    None for a plan's own stage such as `maintenance` after clearance."""
    p = protocol()
    try:
        return p.phases[p.phase_index(phase_id)]
    except KeyError:
        return None


def week_plan(store: Store, actor: Actor, athlete_id: str, as_of: date, now: datetime) -> CasePlan | None:
    """This week's prescription, from the same use case as the API (`athlete_plans.plan_for_athlete`, read as
    training data: coaches see plans), or None without an injury on record. The page decides how much of each
    changed day's clinical reason to show."""
    try:
        return plan_for_athlete(store, actor, athlete_id, as_of, now)
    except Conflict:  # no injury on record: nothing to plan
        return None
