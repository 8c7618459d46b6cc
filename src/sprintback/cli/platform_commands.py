"""Platform commands: serve, demo, worker, user add, team add, db upgrade, device link."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from sprintback.domain.errors import SprintbackError
from sprintback.settings import Settings


def _now() -> datetime:
    return datetime.now(UTC)


def _fail(exc: SprintbackError) -> None:
    typer.echo(f"{exc.field}: {exc.message}" if exc.field else exc.message, err=True)
    raise typer.Exit(2)


def _run(fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except SprintbackError as exc:
        _fail(exc)


def app_from_env() -> Any:
    """Uvicorn factory for `sprintback serve` (each worker process builds its app from the environment)."""
    from sprintback.api.app import create_app

    return create_app(Settings.from_env())


def _serve(host: str, port: int, workers: int) -> None:
    import uvicorn

    uvicorn.run(
        "sprintback.cli.platform_commands:app_from_env", factory=True, host=host, port=port, workers=workers,
        log_level="info", proxy_headers=False,
    )  # fmt: skip


def register(app: typer.Typer) -> None:
    user_app = typer.Typer(help="Accounts.", no_args_is_help=True)
    team_app = typer.Typer(help="Teams.", no_args_is_help=True)
    db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
    device_app = typer.Typer(help="Telemetry device aliases.", no_args_is_help=True)
    app.add_typer(user_app, name="user")
    app.add_typer(team_app, name="team")
    app.add_typer(db_app, name="db")
    app.add_typer(device_app, name="device")

    @app.command()
    def serve(
        host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
        workers: Annotated[int, typer.Option(help="App processes (use with PostgreSQL).")] = 1,
    ) -> None:
        """Serve the API on SPRINTBACK_DATABASE_URL (default: SQLite in ./sprintback-data)."""
        s = Settings.from_env()
        typer.echo(f"Sprintback on http://{host}:{port}/api/v1/docs  (database: {_redact(s.database_url)})")
        _serve(host, port, workers)

    @app.command()
    def demo(
        host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
        data_dir: Annotated[Path, typer.Option(help="Where the demo database goes (recreated).")] = Path(
            "sprintback-demo"
        ),
        today: Annotated[str | None, typer.Option(help="Pretend today is this date (YYYY-MM-DD).")] = None,
        seed_only: Annotated[bool, typer.Option("--seed-only/--serve", help="Seed and exit without serving.")] = False,
    ) -> None:
        """Seed a demo squad (12 athletes, 2 teams, real-looking histories) into a fresh SQLite file and serve it."""
        from sprintback.services.demo_squad import DEMO_PASSWORD, seed_demo
        from sprintback.store import Store, open_database

        try:
            day = date.fromisoformat(today) if today else _now().date()
        except ValueError:
            typer.echo(f"today: {today!r} is not a date (YYYY-MM-DD)", err=True)
            raise typer.Exit(2) from None
        if data_dir.exists():
            shutil.rmtree(data_dir)
        url = f"sqlite:///{(data_dir / 'sprintback.db').as_posix()}"
        store = Store(open_database(url))
        users = _run(lambda: seed_demo(store, day, _now()))
        store.dispose()
        base = f"http://{host}:{port}"
        typer.echo(f"Demo squad seeded in {data_dir}/sprintback.db (today = {day.isoformat()}).")
        typer.echo(f"Web pages:  {base}/  (sign in as maria, coach or sam)")
        typer.echo(f"API docs:   {base}/api/v1/docs")
        typer.echo(f"Squad list: curl -u coach:{DEMO_PASSWORD} {base}/api/v1/athletes")
        typer.echo(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for u in users:
            scope = ", ".join(u.teams) or (f"athlete {u.athlete_id}" if u.athlete_id else "everything")
            typer.echo(f"  {u.username:<7} {u.role:<10} {scope}")
        if seed_only:
            return
        os.environ["SPRINTBACK_DATABASE_URL"] = url
        os.environ["SPRINTBACK_DATA_DIR"] = str(data_dir)
        _serve(host, port, 1)

    @app.command()
    def worker(
        burst: Annotated[bool, typer.Option(help="Run queued jobs, then exit.")] = False,
    ) -> None:
        """Run imports and reports from the Redis queue (SPRINTBACK_REDIS_URL)."""
        from redis import Redis
        from rq import Worker

        from sprintback.services.jobs import QUEUE_NAME

        s = Settings.from_env()
        if not s.redis_url:
            typer.echo("SPRINTBACK_REDIS_URL: not set; without Redis, jobs run inside `sprintback serve`", err=True)
            raise typer.Exit(2)
        typer.echo(f"worker on queue {QUEUE_NAME!r} at {_redact(s.redis_url)} (database: {_redact(s.database_url)})")
        _resume_jobs(s)
        Worker([QUEUE_NAME], connection=Redis.from_url(s.redis_url)).work(burst=burst)

    def _resume_jobs(s: Settings) -> None:
        """Before taking jobs: re-run jobs whose worker died, fail those tried twice, re-enqueue queued rows."""
        from datetime import UTC, datetime

        from sprintback.services.job_recovery import recover_jobs
        from sprintback.services.jobs import JobContext, RedisRunner
        from sprintback.store import Store

        store = Store.from_url(s.database_url)
        try:
            done = recover_jobs(JobContext(store, s), RedisRunner(str(s.redis_url)), datetime.now(UTC))
        finally:
            store.dispose()
        if done.rerun or done.failed or done.requeued:
            typer.echo(
                f"resumed jobs: {len(done.rerun)} re-run, {len(done.failed)} failed, {len(done.requeued)} re-queued"
            )

    @user_app.command("add")
    def user_add(
        username: Annotated[str, typer.Argument(help="Login name (lower case).")],
        role: Annotated[str, typer.Option(help="admin | clinician | coach | athlete")],
        team: Annotated[list[str] | None, typer.Option(help="Team id or name (repeatable).")] = None,
        athlete_id: Annotated[str | None, typer.Option(help="For an athlete account: which athlete.")] = None,
        display_name: Annotated[str, typer.Option(help="Shown name.")] = "",
        password_stdin: Annotated[bool, typer.Option(help="Read the password from standard input.")] = False,
    ) -> None:
        """Add an account (the password is prompted for, or read from stdin)."""
        from sprintback.services import accounts
        from sprintback.services.access import CLI_OPERATOR
        from sprintback.store import Store, open_database

        if password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
        store = Store(open_database())
        u = _run(
            lambda: accounts.create_user(
                store, CLI_OPERATOR, username, password, role, _now(), display_name, athlete_id, list(team or [])
            )
        )
        typer.echo(f"added {u.username} ({u.role}) teams={','.join(u.team_ids) or '-'}")

    @team_app.command("add")
    def team_add(team_id: Annotated[str, typer.Argument()], name: Annotated[str, typer.Argument()]) -> None:
        """Add a team."""
        from sprintback.services import accounts
        from sprintback.services.access import CLI_OPERATOR
        from sprintback.store import Store, open_database

        store = Store(open_database())
        _run(lambda: accounts.create_team(store, CLI_OPERATOR, team_id, name, _now()))
        typer.echo(f"added team {team_id} ({name})")

    @device_app.command("link")
    def device_link(
        alias: Annotated[str, typer.Argument(help="Device serial or the name telemetry files use.")],
        athlete_id: Annotated[str, typer.Argument()],
    ) -> None:
        """Link a device serial or file name to an athlete, for `sprintback import`."""
        from sprintback.services.access import CLI_OPERATOR
        from sprintback.services.athletes import add_device_alias
        from sprintback.store import Store, open_database

        store = Store(open_database())
        _run(lambda: add_device_alias(store, CLI_OPERATOR, athlete_id, alias, _now()))
        typer.echo(f"{alias} -> {athlete_id}")

    @db_app.command("backup")
    def db_backup(
        file: Annotated[Path, typer.Argument(help="Where to write the backup (SQLite file or pg_dump archive).")],
    ) -> None:
        """A consistent copy of the database, taken while the server runs (docs/platform.md: Backups)."""
        from sprintback.store.backup import backup

        s = Settings.from_env()
        info = backup(s.database_url, file)
        typer.echo(f"{_redact(s.database_url)} -> {file}: {info.kind}, {_counts(info.rows)}")

    @db_app.command("restore")
    def db_restore(
        file: Annotated[Path, typer.Argument(help="A backup made by `sprintback db backup`.")],
        yes: Annotated[bool, typer.Option("--yes", help="Replace the current database without asking.")] = False,
    ) -> None:
        """Check a backup, then replace the database with it (stop the server and workers first)."""
        from sprintback.store.backup import check, restore

        s = Settings.from_env()
        info = check(file)
        typer.echo(f"{file}: {info.kind}, revision {info.revision or '-'}, {_counts(info.rows)}")
        if not yes and not typer.confirm(f"Replace {_redact(s.database_url)} with it?"):
            raise typer.Exit(1)
        restore(file, s.database_url)
        typer.echo(f"restored into {_redact(s.database_url)}; run `sprintback db upgrade` if this version is newer")

    def _counts(rows: dict[str, int]) -> str:
        return ", ".join(f"{n} {t}" for t, n in rows.items())

    measurements_app = typer.Typer(help="Measurements from a clinic's spreadsheet.", no_args_is_help=True)
    app.add_typer(measurements_app, name="measurements")

    @measurements_app.command("import")
    def measurements_import(
        file: Annotated[Path, typer.Argument(help="CSV: date, athlete, kind, side, value[, pain, note].")],
        accept_valid: Annotated[
            bool, typer.Option("--accept-valid", help="Store the valid rows even if some rows have errors.")
        ] = False,
        dry_run: Annotated[bool, typer.Option("--dry-run", help="Check every row, store nothing.")] = False,
    ) -> None:
        """Import measurements from a CSV; any row error stores nothing unless --accept-valid."""
        from sprintback.services.access import CLI_OPERATOR
        from sprintback.services.measurement_import import import_measurement_csv
        from sprintback.store import Store, open_database

        try:
            data = file.read_bytes()
        except OSError as exc:
            _fail(SprintbackError(f"cannot read the file: {exc.strerror}", str(file)))
        store = Store(open_database())
        preview = _run(lambda: import_measurement_csv(store, CLI_OPERATOR, data, _now(), commit=False))
        for row in preview.errors:
            typer.echo(f"line {row.line}: {row.error}", err=True)
        if dry_run:
            typer.echo(f"{len(preview.valid)} of {len(preview.rows)} rows are valid; nothing stored (--dry-run)")
            return
        result = _run(lambda: import_measurement_csv(store, CLI_OPERATOR, data, _now(), commit=True,
                                                     accept_valid=accept_valid))  # fmt: skip
        typer.echo(f"stored {result.stored} of {len(result.rows)} rows")

    @db_app.command("upgrade")
    def db_upgrade() -> None:
        """Create or upgrade the schema to the latest revision (run once per deployment upgrade)."""
        from sprintback.store import open_database
        from sprintback.store.migrate import current_revision

        db = open_database(migrate=False)
        before = current_revision(db.engine)
        from sprintback.store.migrate import upgrade

        upgrade(db.engine)
        typer.echo(f"{_redact(db.url)}: {before or 'empty'} -> {current_revision(db.engine)}")


def _redact(url: str) -> str:
    from sprintback.store.database import redacted_url

    return redacted_url(url)
