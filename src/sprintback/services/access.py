"""Who may do what to whose data: the ONE authorisation check, which also writes the audit trail.

Every service that reads or changes health data calls `authorize` first. The policy is a table
(action × role → scope) so it can be read, documented (docs/platform.md) and tested as a whole:
- admin: every athlete;
- clinician: athletes of teams they belong to, clinical data included;
- coach: athletes of their teams, availability, training and plans, but no clinical data
  (measurements, check-ins, injury notes, decision reasons);
- athlete: only themself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sprintback.core.records import AuditEntry
from sprintback.domain.errors import NotFound, PermissionDenied
from sprintback.services.ports import UnitOfWork


class Role(StrEnum):
    ADMIN = "admin"
    CLINICIAN = "clinician"
    COACH = "coach"
    ATHLETE = "athlete"


class Scope(StrEnum):
    ALL = "all"
    TEAM = "team"  # athletes of the teams the user belongs to
    SELF = "self"  # the athlete linked to the user
    NONE = "none"


class Action(StrEnum):
    VIEW_ROSTER = "view_roster"  # names, team, phase, availability
    READ_CLINICAL = "read_clinical"  # injury details, measurements, check-ins, decision reasons
    WRITE_CLINICAL = "write_clinical"  # record injury / assessment / corrections
    LOG_CHECKIN = "log_checkin"
    READ_TRAINING = "read_training"  # sessions, load, running allowance
    LOG_SESSION = "log_session"
    CLEAR_RETURN = "clear_return"
    IMPORT_TELEMETRY = "import_telemetry"
    EXPORT = "export"  # data portability: everything about one athlete
    CREATE_ATHLETE = "create_athlete"
    ERASE = "erase"
    MANAGE_USERS = "manage_users"
    READ_AUDIT = "read_audit"


_A, _T, _S, _N = Scope.ALL, Scope.TEAM, Scope.SELF, Scope.NONE

# action: (admin, clinician, coach, athlete)
_POLICY: dict[Action, tuple[Scope, Scope, Scope, Scope]] = {
    Action.VIEW_ROSTER: (_A, _T, _T, _S),
    Action.READ_CLINICAL: (_A, _T, _N, _S),
    Action.WRITE_CLINICAL: (_A, _T, _N, _N),
    Action.LOG_CHECKIN: (_A, _T, _N, _S),
    Action.READ_TRAINING: (_A, _T, _T, _S),
    Action.LOG_SESSION: (_A, _T, _T, _S),
    Action.CLEAR_RETURN: (_A, _T, _N, _N),
    Action.IMPORT_TELEMETRY: (_A, _T, _T, _N),
    Action.EXPORT: (_A, _T, _N, _S),
    Action.CREATE_ATHLETE: (_A, _T, _N, _N),
    Action.ERASE: (_A, _N, _N, _N),
    Action.MANAGE_USERS: (_A, _N, _N, _N),
    Action.READ_AUDIT: (_A, _N, _N, _N),
}
_ROLE_INDEX = {Role.ADMIN: 0, Role.CLINICIAN: 1, Role.COACH: 2, Role.ATHLETE: 3}


def scope_of(role: Role, action: Action) -> Scope:
    return _POLICY[action][_ROLE_INDEX[role]]


@dataclass(frozen=True)
class Actor:
    """The authenticated user behind a request or command, and where it came from."""

    user_id: int | None
    username: str
    role: Role
    athlete_id: str | None = None
    team_ids: frozenset[str] = field(default_factory=frozenset)
    ip: str | None = None


# The local operator at the command line (`sprintback user add`, `demo`): full rights, audited as "cli".
CLI_OPERATOR = Actor(None, "cli", Role.ADMIN, ip="local")


def visible_team_ids(actor: Actor, action: Action) -> list[str] | None:
    """Teams whose athletes `actor` may see for `action`: None means every team."""
    scope = scope_of(actor.role, action)
    if scope is Scope.ALL:
        return None
    if scope is Scope.TEAM:
        return sorted(actor.team_ids)
    return []


def authorize(
    uow: UnitOfWork,
    actor: Actor,
    action: Action,
    now: datetime,
    athlete_id: str | None = None,
    team_id: str | None = None,
    detail: str = "",
) -> None:
    """Allow or refuse `action` (on `athlete_id`, or within `team_id`); audit either way.

    A refusal is audited even though it aborts the unit of work (`keep_on_rollback`). Only a
    user who may reach every athlete learns that an id does not exist (404).
    """
    exists = True
    if athlete_id is not None:
        exists, team_id = uow.records.athlete_team(athlete_id)
        if not exists and scope_of(actor.role, action) is Scope.ALL:
            raise NotFound(f"no athlete {athlete_id!r}", "athlete_id")
    # An unknown athlete is refused like one out of reach, so ids cannot be probed for existence.
    allowed = exists and _permits(actor, action, athlete_id, team_id)
    entry = AuditEntry(
        at=now,
        user_id=actor.user_id,
        username=actor.username,
        role=actor.role.value,
        action=action.value,
        athlete_id=athlete_id,
        outcome="allowed" if allowed else "denied",
        ip=actor.ip,
        detail=detail,
    )
    if allowed:
        uow.pending_audit.append(entry)  # written by the store after the work (ports.UnitOfWork)
        return
    uow.keep_on_rollback.append(entry)
    whom = f" for athlete {athlete_id}" if athlete_id else (f" in team {team_id}" if team_id else "")
    raise PermissionDenied(
        f"a {actor.role.value} may not {action.value.replace('_', ' ')}{whom}", "athlete_id" if athlete_id else None
    )


def record_listed(
    uow: UnitOfWork, actor: Actor, action: Action, now: datetime, athlete_ids: list[str], detail: str
) -> None:
    """After an allowed listing, one audit entry per athlete shown, so "who saw this athlete's
    data" is answered per athlete, listings included."""
    for athlete_id in athlete_ids:
        uow.pending_audit.append(
            AuditEntry(now, actor.user_id, actor.username, actor.role.value, action.value, athlete_id, "allowed",
                       actor.ip, detail)
        )  # fmt: skip


def _permits(actor: Actor, action: Action, athlete_id: str | None, team_id: str | None) -> bool:
    scope = scope_of(actor.role, action)
    if scope is Scope.ALL:
        return True
    if scope is Scope.NONE:
        return False
    if scope is Scope.SELF:
        # Without a target athlete (e.g. listing) the athlete may proceed: the listing is filtered to self.
        return (athlete_id is None and team_id is None) or (athlete_id is not None and athlete_id == actor.athlete_id)
    if athlete_id is None and team_id is None:
        return True  # a listing, filtered to the actor's teams
    return team_id is not None and team_id in actor.team_ids
