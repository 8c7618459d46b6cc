"""`sprintback case import FILE… [--team TEAM]`: load case files into the store (a clinic moving in, benchmarks)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from sprintback.cli.common import EXIT_INVALID_INPUT, err_console, handle_errors
from sprintback.domain.errors import SprintbackError


def register(case_app: typer.Typer) -> None:
    @case_app.command("import")
    @handle_errors
    def import_cmd(
        files: Annotated[list[Path], typer.Argument(help="Case files (YAML or JSON, docs/case-file.md).")],
        team: Annotated[str | None, typer.Option("--team", help="Team id or name for every athlete.")] = None,
        database_url: Annotated[
            str | None, typer.Option("--database-url", envvar="SPRINTBACK_DATABASE_URL", help="Default: SQLite.")
        ] = None,
    ) -> None:
        """Store each file's athlete, injury and records; a bad file stores nothing of itself, the rest go in."""
        from sprintback.bootstrap import open_store
        from sprintback.casefile import load_case
        from sprintback.services.access import CLI_OPERATOR
        from sprintback.services.case_import import import_case
        from sprintback.settings import Settings

        settings = Settings.from_env()  # the face reads the environment, not the store
        if database_url is not None:
            settings = dataclasses.replace(settings, database_url=database_url)
        store = open_store(settings, migrate=True)
        imported = failed = 0
        try:
            for path in files:
                try:
                    done = import_case(store, CLI_OPERATOR, load_case(path), team, datetime.now(UTC))
                except SprintbackError as exc:
                    failed += 1
                    where = f"{exc.field}: " if exc.field and exc.field != str(path) else ""
                    err_console.print(
                        f"[bold red]failed[/] {escape(f'{path}: {where}{exc.message}')}",
                        highlight=False,
                        soft_wrap=True,
                    )
                    continue
                imported += 1
                typer.echo(
                    f"imported {path}: {done.athlete_id} (team {done.team_id or '-'}): {done.measurements} tests, "
                    f"{done.checkins} check-ins, {done.sessions} sessions"
                )
        finally:
            store.dispose()
        typer.echo(f"{imported} case file(s) imported, {failed} failed")
        if failed:
            raise typer.Exit(EXIT_INVALID_INPUT)
