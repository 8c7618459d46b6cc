"""Repository for accounts: users, teams and membership, bearer tokens, login failures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, func, select, update

from sprintback.domain.errors import NotFound
from sprintback.store import tables as t


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    password_hash: str
    role: str
    athlete_id: str | None
    display_name: str
    active: bool
    team_ids: frozenset[str]


class Accounts:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # --- teams ---
    def add_team(self, team_id: str, name: str) -> None:
        self.conn.execute(t.teams.insert().values(id=team_id, name=name))

    def teams(self, team_ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
        q = select(t.teams).order_by(t.teams.c.name)
        if team_ids is not None:
            q = q.where(t.teams.c.id.in_(list(team_ids)))
        return [dict(r) for r in self.conn.execute(q).mappings()]

    def team_by_name_or_id(self, key: str) -> str | None:
        q = select(t.teams.c.id).where((t.teams.c.id == key) | (t.teams.c.name == key))
        return self.conn.execute(q).scalar_one_or_none()

    # --- users ---
    def add_user(
        self,
        username: str,
        password_hash: str,
        role: str,
        display_name: str,
        athlete_id: str | None,
        team_ids: Sequence[str],
        now: datetime,
    ) -> int:
        res = self.conn.execute(
            t.users.insert().values(
                username=username,
                password_hash=password_hash,
                role=role,
                athlete_id=athlete_id,
                display_name=display_name,
                active=True,
                created_at=now,
            )
        )
        user_id = int(res.inserted_primary_key[0])  # type: ignore[index]
        for team_id in team_ids:
            self.conn.execute(t.team_members.insert().values(user_id=user_id, team_id=team_id))
        return user_id

    def username_taken(self, username: str) -> bool:
        q = select(func.count()).select_from(t.users).where(t.users.c.username == username)
        return bool(self.conn.execute(q).scalar_one())

    def user_by_name(self, username: str) -> UserRow | None:
        row = self.conn.execute(select(t.users).where(t.users.c.username == username)).mappings().first()
        return self._user(row) if row else None

    def user(self, user_id: int) -> UserRow:
        row = self.conn.execute(select(t.users).where(t.users.c.id == user_id)).mappings().first()
        if row is None:
            raise NotFound(f"no user {user_id}", "user_id")
        return self._user(row)

    def users(self, limit: int, offset: int) -> tuple[list[UserRow], int]:
        total = self.conn.execute(select(func.count()).select_from(t.users)).scalar_one()
        rows = self.conn.execute(select(t.users).order_by(t.users.c.username).limit(limit).offset(offset))
        return [self._user(r) for r in rows.mappings()], total

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        self.conn.execute(update(t.users).where(t.users.c.id == user_id).values(password_hash=password_hash))

    def _user(self, row: Any) -> UserRow:
        q = select(t.team_members.c.team_id).where(t.team_members.c.user_id == row["id"])
        teams = frozenset(self.conn.execute(q).scalars())
        return UserRow(
            row["id"],
            row["username"],
            row["password_hash"],
            row["role"],
            row["athlete_id"],
            row["display_name"],
            bool(row["active"]),
            teams,
        )

    # --- tokens (only the SHA-256 of a token is stored) ---
    def add_token(self, token_sha256: str, user_id: int, now: datetime, expires_at: datetime) -> None:
        self.conn.execute(
            t.api_tokens.insert().values(
                token_sha256=token_sha256, user_id=user_id, created_at=now, expires_at=expires_at, revoked=False
            )
        )

    def token(self, token_sha256: str) -> dict[str, Any] | None:
        q = select(t.api_tokens).where(t.api_tokens.c.token_sha256 == token_sha256)
        row = self.conn.execute(q).mappings().first()
        return dict(row) if row else None

    def revoke_token(self, token_sha256: str) -> None:
        q = update(t.api_tokens).where(t.api_tokens.c.token_sha256 == token_sha256).values(revoked=True)
        self.conn.execute(q)

    def delete_expired_tokens(self, now: datetime) -> int:
        return self.conn.execute(delete(t.api_tokens).where(t.api_tokens.c.expires_at < now)).rowcount

    # --- login throttling (atomic: the row is locked, or SQLite's write lock is held, while it is read and set) ---
    def claim_attempt(
        self, key: str, now: datetime, limit: int, window: timedelta, max_strikes: int
    ) -> datetime | None:
        """Take one of `key`'s `limit` attempts in its current window: None if taken, else when the next is free.

        A window that ended with every attempt used makes the next one twice as long (up to 2**max_strikes)."""
        row = self._locked_throttle_row(key, now)
        attempts, start, strikes = row["attempts"], _aware(row["window_start"]), row["strikes"]
        if start + window * 2**strikes <= now:  # the window is over: a new one, longer if that one was exhausted
            strikes = min(strikes + 1, max_strikes) if attempts >= limit else 0
            attempts, start = 0, now
        allowed = attempts < limit
        self.conn.execute(
            update(t.login_throttle)
            .where(t.login_throttle.c.key == key)
            .values(attempts=attempts + 1 if allowed else attempts, window_start=start, strikes=strikes)
        )
        return None if allowed else start + window * 2**strikes

    def refund_attempt(self, key: str) -> None:
        """Give back an attempt that turned out to be a success (only failures should use up a window)."""
        c = t.login_throttle.c
        self.conn.execute(update(t.login_throttle).where(c.key == key, c.attempts > 0).values(attempts=c.attempts - 1))

    def reset_throttle(self, key: str) -> None:
        self.conn.execute(delete(t.login_throttle).where(t.login_throttle.c.key == key))

    def _locked_throttle_row(self, key: str, now: datetime) -> Any:
        values = {"key": key, "attempts": 0, "window_start": now, "strikes": 0}
        dialect = self.conn.dialect.name
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            self.conn.execute(pg_insert(t.login_throttle).values(**values).on_conflict_do_nothing())
        else:
            from sqlalchemy.dialects.sqlite import insert as sqlite_insert

            self.conn.execute(sqlite_insert(t.login_throttle).values(**values).on_conflict_do_nothing())
        q = select(t.login_throttle).where(t.login_throttle.c.key == key).with_for_update()
        return self.conn.execute(q).mappings().one()


def _aware(at: datetime) -> datetime:
    """SQLite returns naive datetimes; every stored time is UTC."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)
