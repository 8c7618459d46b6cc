"""Stored rows as the services see them: a value with its provenance, a page of results, an athlete's row,
a user's row, an audit entry. The store builds them from tables; the services and faces read them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from sprintback.domain.models import Athlete, PainMode

T = TypeVar("T")


@dataclass(frozen=True)
class Stored(Generic[T]):
    """A domain value with its row id and who recorded it when."""

    id: int
    value: T
    recorded_at: datetime
    recorded_by: str
    supersedes_id: int | None = None


@dataclass(frozen=True)
class AthleteRow:
    athlete: Athlete
    team_id: str | None
    pain_mode: PainMode | None


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int


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


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    user_id: int | None
    username: str
    role: str
    action: str
    athlete_id: str | None
    outcome: str  # allowed | denied
    ip: str | None
    detail: str = ""
