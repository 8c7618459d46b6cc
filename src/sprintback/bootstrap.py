"""The composition root: the one place the app is wired (cosmicpython's `bootstrap`).

`bootstrap(settings)` builds, once: the settings (from the environment only if none are given), the store
(SQLite or PostgreSQL, migrated when that is safe), the clock, the clinic's protocol and catalogue (a
`SPRINTBACK_PROTOCOL` file and `SPRINTBACK_CATALOGUE_DIR`, validated now, or the bundled defaults) and the
job queue (in-process, or Redis with `SPRINTBACK_REDIS_URL`). The API (`api.app.create_app`), the web pages,
the worker (`run_queued_job`) and the CLI all start here and hand the pieces down; nothing below the faces
reads the environment, loads a protocol or opens a database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from sprintback.catalogue_files import load_default_library, load_library
from sprintback.domain.prescription.library import PrescriptionLibrary
from sprintback.domain.protocol import Protocol
from sprintback.protocol_files import load_default_protocol, load_protocol
from sprintback.services.context import ServiceContext
from sprintback.services.jobs import InProcessRunner, JobContext, JobRunner, make_runner, run_job
from sprintback.services.telemetry_port import TelemetrySink
from sprintback.settings import Settings

if TYPE_CHECKING:  # the store (SQLAlchemy) is imported when a command or the app needs it, not at import
    from sprintback.store import Store as Store  # re-exported for the faces' type hints


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class Context:
    """Everything a face needs, built once per process."""

    settings: Settings
    store: Store
    clock: Callable[[], datetime]
    protocol: Protocol
    catalogue: PrescriptionLibrary
    jobs: JobContext
    runner: JobRunner
    services: ServiceContext = field(init=False)

    def __post_init__(self) -> None:
        self.services = self.jobs.services

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        """The faces' 'today' (UTC): the one place a date is read from the clock."""
        return self.now().astimezone(UTC).date()

    def close_runner(self) -> None:
        """Wait for in-process jobs to finish (the app's shutdown)."""
        if isinstance(self.runner, InProcessRunner):
            self.runner.shutdown()

    def close(self) -> None:
        self.close_runner()
        self.store.dispose()


def clinic_protocol(settings: Settings) -> Protocol:
    """The clinic's protocol file when configured (validated: a bad file stops start-up), else the default."""
    return load_protocol(settings.protocol_path) if settings.protocol_path else load_default_protocol()


def clinic_catalogue(settings: Settings, protocol: Protocol) -> PrescriptionLibrary:
    if settings.catalogue_dir is None:
        return load_default_library()
    return load_library(settings.catalogue_dir, tuple(p.id for p in protocol.phases))


def open_store(settings: Settings, migrate: bool | None = None) -> Store:
    """The store for the settings' database. `migrate` (default: only for SQLite) upgrades the schema; a
    PostgreSQL deployment runs `sprintback db upgrade` once instead, not from every process at once."""
    from sprintback.store import Database, Store, upgrade

    store = Store(Database(settings.database_url))
    if migrate if migrate is not None else store.database.is_sqlite:
        upgrade(store.database.engine)
    return store


def bootstrap(
    settings: Settings | None = None,
    *,
    clock: Callable[[], datetime] = utcnow,
    store: Store | None = None,
    migrate: bool | None = None,
    protocol: Protocol | None = None,
    catalogue: PrescriptionLibrary | None = None,
    runner: JobRunner | None = None,
) -> Context:
    """Build the app's context. Each piece may be given instead (tests pass a store, a fixed clock)."""
    from sprintback.store import SqlTelemetrySink, upgrade

    settings = settings or Settings.from_env()
    if store is None:
        store = open_store(settings, migrate)
    elif migrate:
        upgrade(store.database.engine)
    protocol = protocol or clinic_protocol(settings)
    catalogue = catalogue or clinic_catalogue(settings, protocol)
    sql_store = store
    services = ServiceContext(sql_store, protocol, catalogue)
    jobs = JobContext(services, settings, clock, lambda: SqlTelemetrySink(sql_store.database, clock))
    return Context(settings, sql_store, clock, protocol, catalogue, jobs, runner or make_runner(jobs))


def upgrade_schema(settings: Settings) -> tuple[str, str | None, str | None]:
    """`sprintback db upgrade`: (the database URL with any password masked, revision before, revision after)."""
    from sprintback.store import Database, upgrade
    from sprintback.store.database import redacted_url
    from sprintback.store.migrate import current_revision

    db = Database(settings.database_url)
    try:
        before = current_revision(db.engine)
        upgrade(db.engine)
        return redacted_url(db.url), before, current_revision(db.engine)
    finally:
        db.dispose()


def redacted(url: str) -> str:
    """A database or Redis URL with any password masked, for messages."""
    from sprintback.store.database import redacted_url

    return redacted_url(url)


@contextmanager
def telemetry_sink(database_url: str) -> Iterator[TelemetrySink]:
    """A telemetry sink on this database, schema upgraded (`sprintback import`). The store is imported when the
    command runs."""
    from sprintback.store import open_telemetry_sink

    with open_telemetry_sink(database_url) as sink:
        yield sink


_WORKER: Context | None = None


def run_queued_job(job_id: str) -> None:
    """The entry point RQ calls in `sprintback worker`: the worker process's context is built once, from its
    environment, and serves every job it runs."""
    global _WORKER
    settings = Settings.from_env()
    if _WORKER is None or _WORKER.settings != settings:
        if _WORKER is not None:
            _WORKER.close()
        _WORKER = bootstrap(settings, migrate=False, runner=_NO_RUNNER)
    run_job(_WORKER.jobs, job_id)


class _NoQueue:
    """A worker runs jobs; it never queues new ones."""

    def submit(self, job_id: str) -> None:
        raise RuntimeError(f"a worker does not queue jobs ({job_id})")


_NO_RUNNER = _NoQueue()
