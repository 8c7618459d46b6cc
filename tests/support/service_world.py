"""The fixed day of the service unit tests, and reading the in-memory store's audit trail."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from fake_store import FakeStore

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 25)
INJURED_ON = date(2026, 11, 1)


def audit_of(store: FakeStore, **match: Any) -> list[tuple[str, str, str | None, str]]:
    """(username, action, athlete, outcome) of the audit entries matching `match`, oldest first."""
    return [
        (e.username, e.action, e.athlete_id, e.outcome)
        for e in store.state.audit
        if all(getattr(e, k) == v for k, v in match.items())
    ]
