"""Storage: SQLAlchemy Core tables, repositories, unit of work and Alembic migrations.

SQLite (WAL) in the data directory by default; PostgreSQL when `SPRINTBACK_DATABASE_URL` says so.
No SQL lives outside this package.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sprintback.services.telemetry_port import TelemetrySink
from sprintback.settings import Settings
from sprintback.store.database import Database, make_engine
from sprintback.store.migrate import upgrade
from sprintback.store.telemetry import SqlTelemetrySink
from sprintback.store.uow import Store, UnitOfWork


def open_database(database_url: str | None = None, migrate: bool = True) -> Database:
    """A database for the URL (default: from the environment), upgraded to the head schema."""
    url = database_url or Settings.from_env().database_url
    db = Database(url)
    if migrate:
        upgrade(db.engine)
    return db


@contextmanager
def open_telemetry_sink(database_url: str | None = None) -> Iterator[TelemetrySink]:
    """A TelemetrySink on the platform database (`SPRINTBACK_DATABASE_URL` or the default SQLite file)."""
    db = open_database(database_url)
    try:
        yield SqlTelemetrySink(db)
    finally:
        db.dispose()


__all__ = [
    "Database",
    "SqlTelemetrySink",
    "Store",
    "UnitOfWork",
    "make_engine",
    "open_database",
    "open_telemetry_sink",
    "upgrade",
]
