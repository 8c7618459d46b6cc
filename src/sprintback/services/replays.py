"""The one way a service obtains a case's day-by-day decisions.

Every read model asks here, so a stored replay (a derived table of per-day decisions, rebuilt when the
case changes) can serve them without any caller changing; today it runs the engine. The engine stays the
single source of truth for what a decision is.
"""

from __future__ import annotations

from datetime import date

from sprintback.domain.decision import Decision
from sprintback.domain.engine import replay
from sprintback.domain.models import Case
from sprintback.domain.protocol import Protocol
from sprintback.services.ports import UnitOfWork


def replay_for(uow: UnitOfWork, case: Case, protocol: Protocol, as_of: date) -> list[Decision]:
    """One decision per day from the injury to `as_of` (the engine's `replay`)."""
    return replay(case, protocol, as_of)
