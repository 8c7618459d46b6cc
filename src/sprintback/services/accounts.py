"""Accounts: users with argon2id password hashes, login with throttling, opaque bearer tokens.

Why opaque tokens stored hashed server-side (not JWTs, not cookie sessions): any app process can check
a token with one indexed read of the shared database, so several stateless processes behind a load
balancer just work; logout and account deactivation take effect at once (a JWT stays valid until it
expires); and a leaked database holds only SHA-256 digests of tokens, not usable tokens.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from sprintback.domain.errors import NotFound
from sprintback.services.access import CLI_OPERATOR, Action, Actor, Role, authorize, visible_team_ids
from sprintback.services.errors import Conflict, InvalidInput, NotAuthenticated, RateLimited
from sprintback.services.password_policy import check_new_password
from sprintback.settings import Settings
from sprintback.store.accounts import UserRow
from sprintback.store.audit import AuditEntry
from sprintback.store.uow import Store, UnitOfWork

_HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters
_DUMMY_HASH = _HASHER.hash("timing equaliser")  # verified for unknown users so timing does not tell
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,79}$")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class UserView:
    id: int
    username: str
    role: str
    display_name: str
    athlete_id: str | None
    team_ids: list[str]
    active: bool


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime
    user: UserView


def _view(u: UserRow) -> UserView:
    return UserView(u.id, u.username, u.role, u.display_name, u.athlete_id, sorted(u.team_ids), u.active)


def actor_for(u: UserRow, ip: str | None) -> Actor:
    return Actor(u.id, u.username, Role(u.role), u.athlete_id, u.team_ids, ip)


def create_user(
    store: Store,
    actor: Actor,
    username: str,
    password: str,
    role: str,
    now: datetime,
    display_name: str = "",
    athlete_id: str | None = None,
    teams: list[str] | None = None,
) -> UserView:
    """Add an account. An athlete account is linked to its athlete; staff belong to teams."""
    if not _USERNAME.match(username):
        raise InvalidInput("2-80 characters: lower-case letters, digits, '.', '_' or '-'", "username")
    check_new_password(password, username, display_name)
    try:
        role_v = Role(role)
    except ValueError:
        raise InvalidInput(f"{role!r} is not one of: {', '.join(r.value for r in Role)}", "role") from None
    if role_v is Role.ATHLETE and not athlete_id:
        raise InvalidInput("an athlete account must be linked to an athlete", "athlete_id")
    password_hash = hash_password(password)  # slow on purpose: outside the transaction

    def _do(uow: UnitOfWork) -> UserView:
        authorize(uow, actor, Action.MANAGE_USERS, now, detail=f"create user {username} ({role_v.value})")
        if uow.accounts.username_taken(username):
            raise Conflict(f"username {username!r} is taken", "username")
        if athlete_id is not None and not uow.records.athlete_exists(athlete_id):
            raise NotFound(f"no athlete {athlete_id!r}", "athlete_id")
        team_ids = []
        for i, key in enumerate(teams or []):
            tid = uow.accounts.team_by_name_or_id(key)
            if tid is None:
                raise NotFound(f"no team {key!r}", f"teams[{i}]")
            team_ids.append(tid)
        uid = uow.accounts.add_user(
            username, password_hash, role_v.value, display_name or username, athlete_id, team_ids, now
        )
        return _view(uow.accounts.user(uid))

    return store.run(_do)


def list_users(store: Store, actor: Actor, now: datetime, limit: int, offset: int) -> tuple[list[UserView], int]:
    def _do(uow: UnitOfWork) -> tuple[list[UserView], int]:
        authorize(uow, actor, Action.MANAGE_USERS, now, detail="list users")
        rows, total = uow.accounts.users(limit, offset)
        return [_view(u) for u in rows], total

    return store.run(_do)


def create_team(store: Store, actor: Actor, team_id: str, name: str, now: datetime) -> None:
    def _do(uow: UnitOfWork) -> None:
        authorize(uow, actor, Action.MANAGE_USERS, now, detail=f"create team {team_id}")
        if uow.accounts.team_by_name_or_id(team_id) or uow.accounts.team_by_name_or_id(name):
            raise Conflict(f"team {name!r} exists", "name")
        uow.accounts.add_team(team_id, name)

    store.run(_do)


def list_teams(store: Store, actor: Actor, now: datetime) -> list[dict[str, str]]:
    """The teams whose athletes the actor may see (an athlete sees their own athlete's team)."""

    def _do(uow: UnitOfWork) -> list[dict[str, str]]:
        authorize(uow, actor, Action.VIEW_ROSTER, now, detail="teams")
        teams = visible_team_ids(actor, Action.VIEW_ROSTER)
        if actor.role is Role.ATHLETE and actor.athlete_id:
            own = uow.records.team_of(actor.athlete_id)
            teams = [own] if own else []
        return [{"id": r["id"], "name": r["name"]} for r in uow.accounts.teams(teams)]

    return store.run(_do)


# A window that ends exhausted doubles the next one, up to 2**6 = 64 windows (16 h with the default 15 min).
MAX_THROTTLE_STRIKES = 6


def _throttle_keys(settings: Settings, username: str, ip: str | None) -> tuple[tuple[str, int], tuple[str, int]]:
    """Per account whatever the address (guessing one password), and per address whatever the account
    (spraying one password over many)."""
    return (f"account:{username.lower()[:80]}", settings.login_max_failures), (
        f"address:{ip or '-'}",
        settings.login_max_per_address,
    )


def check_password(
    store: Store, settings: Settings, username: str, password: str, ip: str | None, now: datetime
) -> UserRow:
    """The user if the password is right.

    Throttled before the check, atomically: each check first takes an attempt from the account's and the
    address's counters (database rows, locked while read and set, so the limit holds across threads and app
    processes; 40 parallel guesses get at most `login_max_failures` checks). A success gives the attempts back.
    The password hash is verified outside any transaction: a slow hash never holds a lock or a connection."""
    (account_key, account_limit), (address_key, address_limit) = _throttle_keys(settings, username, ip)
    window = timedelta(minutes=settings.login_window_minutes)

    def _claim(uow: UnitOfWork) -> None:
        for key, limit in ((account_key, account_limit), (address_key, address_limit)):
            free_at = uow.accounts.claim_attempt(key, now, limit, window, MAX_THROTTLE_STRIKES)
            if free_at is not None:  # nothing is taken: the whole claim rolls back
                uow.keep_on_rollback.append(
                    AuditEntry(now, None, username[:80], "-", "login", None, "denied", ip, "throttled")
                )
                minutes = max(1, int((free_at - now).total_seconds() + 59) // 60)
                raise RateLimited(
                    f"too many failed logins; try again in {minutes} minute{'s' if minutes != 1 else ''}",
                    "username",
                    retry_after_s=max(1, int((free_at - now).total_seconds())),
                )

    store.run(_claim)
    user = store.read(lambda uow: uow.accounts.user_by_name(username))
    ok = _verify(user.password_hash if user else _DUMMY_HASH, password) and user is not None and user.active
    if not ok or user is None:
        store.run(
            lambda uow: uow.audit.append(AuditEntry(now, None, username[:80], "-", "login", None, "denied", ip, ""))
        )
        raise NotAuthenticated("wrong username or password", "password")

    def _succeeded(uow: UnitOfWork) -> None:
        uow.accounts.reset_throttle(account_key)
        uow.accounts.refund_attempt(address_key)

    store.run(_succeeded)
    return user


def login(store: Store, settings: Settings, username: str, password: str, ip: str | None, now: datetime) -> IssuedToken:
    """Check the password and issue a bearer token (only its SHA-256 is stored)."""
    user = check_password(store, settings, username, password, ip, now)
    token = secrets.token_urlsafe(32)
    expires = now + timedelta(hours=settings.token_ttl_hours)

    def _issue(uow: UnitOfWork) -> None:
        uow.accounts.add_token(_digest(token), user.id, now, expires)
        uow.audit.append(AuditEntry(now, user.id, user.username, user.role, "login", None, "allowed", ip, ""))

    store.run(_issue)
    return IssuedToken(token, expires, _view(user))


def authenticate_token(store: Store, token: str, ip: str | None, now: datetime) -> Actor:
    def _do(uow: UnitOfWork) -> Actor:
        row = uow.accounts.token(_digest(token))
        if row is None or row["revoked"] or _aware(row["expires_at"]) <= now:
            raise NotAuthenticated("the token is unknown, revoked or expired; log in again", "authorization")
        user = uow.accounts.user(row["user_id"])
        if not user.active:
            raise NotAuthenticated("this account is deactivated", "authorization")
        return actor_for(user, ip)

    return store.read(_do)


def logout(store: Store, token: str) -> None:
    store.run(lambda uow: uow.accounts.revoke_token(_digest(token)))


def me(store: Store, actor: Actor) -> UserView:
    if actor.user_id is None:
        return UserView(0, actor.username, actor.role.value, actor.username, None, [], True)
    return store.run(lambda uow: _view(uow.accounts.user(actor.user_id)))  # type: ignore[arg-type]


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(t: datetime) -> datetime:
    """SQLite hands datetimes back without a zone; everything is stored in UTC."""
    return t if t.tzinfo else t.replace(tzinfo=UTC)


__all__ = ["CLI_OPERATOR", "IssuedToken", "UserView", "create_user", "login"]
