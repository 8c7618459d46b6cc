"""Service health for load balancers and monitoring."""

from __future__ import annotations

import logging

from sprintback.services.ports import Store

log = logging.getLogger("sprintback.status")


def database_reachable(store: Store) -> bool:
    try:
        store.ping()
    except Exception as exc:  # any failure means "not ready"; the reason goes to the log, not the caller
        log.warning("database unreachable: %s", exc)
        return False
    return True
