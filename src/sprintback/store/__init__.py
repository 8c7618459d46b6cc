"""Storage: SQLAlchemy Core tables, repositories, unit of work and Alembic migrations.

SQLite (WAL) in the data directory by default; PostgreSQL by URL. The URL is always handed in (the
composition root, `sprintback.bootstrap`, reads the settings): nothing here reads the environment. No SQL
lives outside this package, and nothing here imports the services.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sprintback.store.database import Database, make_engine
from sprintback.store.migrate import upgrade
from sprintback.store.telemetry import SqlTelemetrySink
from sprintback.store.uow import Store, UnitOfWork


def open_database(database_url: str, migrate: bool = True) -> Database:
    """A database for the URL, upgraded to the head schema."""
    db = Database(database_url)
    if migrate:
        upgrade(db.engine)
    return db


@contextmanager
def open_telemetry_sink(database_url: str) -> Iterator[SqlTelemetrySink]:
    """A telemetry sink (the services' `TelemetrySink` port) on the platform database at this URL."""
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
