"""Scratch databases for tests and benchmarks: a throw-away PostgreSQL database, a migrated SQLite copy."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from sprintback.store.database import make_engine
from sprintback.store.migrate import upgrade
from sprintback.store.tables import metadata


@contextmanager
def scratch_postgres(base_url: str, migrate: bool = True) -> Iterator[str]:
    """Create a uniquely named database next to `base_url`'s, yield its URL, drop it afterwards."""
    base = make_url(base_url)
    name = f"sprintback_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)
    try:
        if migrate:
            engine = make_engine(url)
            upgrade(engine)
            engine.dispose()
        yield url
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def migrated_sqlite_template(folder: Path) -> Path:
    """A SQLite file at the head revision, to be copied per test (migrating each time is slower)."""
    path = folder / "template.db"
    if not path.exists():
        engine = make_engine(f"sqlite:///{path.as_posix()}")
        upgrade(engine)
        engine.dispose()  # closing the last connection checkpoints the WAL into the main file
    return path


def copy_sqlite(template: Path, target: Path) -> str:
    shutil.copyfile(template, target)
    return f"sqlite:///{target.as_posix()}"


def truncate_all(url: str) -> None:
    """Empty every table (PostgreSQL scratch databases shared by the tests of one worker)."""
    engine = make_engine(url)
    names = ", ".join(f'"{t.name}"' for t in reversed(metadata.sorted_tables))
    with engine.begin() as c:
        c.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()
