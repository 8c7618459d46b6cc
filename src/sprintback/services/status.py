"""Service health for load balancers and monitoring: can the database take a write, can jobs be queued?

A database that answers SELECT 1 may still refuse every check-in (a read-only file or volume, a full disk), so
the check is a real committed write of one heartbeat row. The reason goes back to the caller in a word
(`read-only`, `disk full`, `unreachable`, `not writable`) and in full to the log; no internals are sent.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sprintback.store.uow import Store

log = logging.getLogger("sprintback.status")


@dataclass(frozen=True)
class Health:
    database: str  # ok | read-only | disk full | unreachable | not writable
    queue: str  # ok | in-process | unreachable | stopped

    @property
    def ok(self) -> bool:
        return self.database == "ok" and self.queue in ("ok", "in-process")


def _database_problem(exc: BaseException) -> str:
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text or "read only" in text:
        return "read-only"
    if "disk is full" in text or "no space left" in text or "disk full" in text or "could not extend" in text:
        return "disk full"
    if "unable to open" in text or "connection" in text or "could not connect" in text:
        return "unreachable"
    return "not writable"


def database_state(store: Store, now: datetime) -> str:
    try:
        store.database.heartbeat(now)
    except Exception as exc:  # any failure means "not ready"; the detail goes to the log, not the caller
        log.warning("database health check failed: %s", exc)
        return store.database.storage_problem() or _database_problem(exc)
    return "ok"


def database_reachable(store: Store) -> bool:
    try:
        store.database.ping()
    except Exception as exc:
        log.warning("database unreachable: %s", exc)
        return False
    return True


def health(store: Store, queue_state: str, now: datetime) -> Health:
    return Health(database_state(store, now), queue_state)
