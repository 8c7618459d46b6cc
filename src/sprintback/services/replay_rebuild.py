"""Rebuild the stored replays (`sprintback db rebuild-replays`): drop every kept day, then replay each athlete.

The table is derived (`store/replays.py`), so this is always safe: after a protocol edit, a restore from a
backup, or a bulk load that wrote rows outside `CaseRecords`. Reads meanwhile just compute what is not kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sprintback.domain.protocol import Protocol
from sprintback.services.access import Action, Actor, authorize
from sprintback.services.ports import Store, UnitOfWork
from sprintback.services.replays import protocol_key, replay_for

_PAGE = 500


@dataclass(frozen=True)
class Rebuilt:
    dropped_days: int
    athletes: int  # athletes with an injury on record by `as_of`
    days: int  # decisions replayed and stored
    protocol_key: str


def rebuild_replays(store: Store, actor: Actor, protocol: Protocol, as_of: date, now: datetime) -> Rebuilt:
    """Drop every stored day, then replay every athlete up to `as_of` and keep the result (one short read and one
    short write per athlete, so the app keeps serving meanwhile)."""

    def _clear(uow: UnitOfWork) -> tuple[int, list[str]]:
        authorize(uow, actor, Action.READ_CLINICAL, now, detail=f"rebuild stored replays to {as_of}")
        ids: list[str] = []
        while True:
            page = uow.records.list_athletes(None, None, _PAGE, len(ids))
            ids += [r.athlete.id for r in page.items]
            if not page.items or len(ids) >= page.total:
                return uow.replays.clear(), ids

    dropped, athlete_ids = store.run(_clear)
    athletes = days = 0
    for athlete_id in athlete_ids:
        replayed = store.read(_replayer(athlete_id, protocol, as_of))
        if replayed is not None:
            athletes, days = athletes + 1, days + replayed
    return Rebuilt(dropped, athletes, days, protocol_key(protocol))


def _replayer(athlete_id: str, protocol: Protocol, as_of: date) -> Callable[[UnitOfWork], int | None]:
    """How many days the athlete's case replays to up to `as_of` (None: no injury on record by then)."""

    def _replay(uow: UnitOfWork) -> int | None:
        case = uow.records.case(athlete_id)
        if case is None or as_of < case.injury.date:
            return None
        return len(replay_for(uow, case, protocol, as_of))

    return _replay
