"""What every command shares: one place that turns SprintbackError into `field: message` and exit 2."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from datetime import date
from typing import Any, NoReturn, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from sprintback.bounds import check_day, check_recorded_day
from sprintback.domain.errors import SprintbackError
from sprintback.domain.models import Case

P = ParamSpec("P")
R = TypeVar("R")

console = Console()
err_console = Console(stderr=True)

EXIT_INVALID_INPUT = 2


def fail(exc: SprintbackError) -> NoReturn:
    """The CLI's one error translator: `error: field: message` on stderr, exit code 2."""
    err_console.print(f"[bold red]error[/]: {escape(str(exc))}", highlight=False, markup=True, soft_wrap=True)
    raise typer.Exit(EXIT_INVALID_INPUT) from None


def handle_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Translate domain errors into a clear message naming the field, and exit code 2 (through `fail`)."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except SprintbackError as exc:
            fail(exc)

    return wrapper


def bounded_day(day: date, field: str, label: str, case: Case | None = None) -> date:
    """A date that drives computation, within `sprintback.bounds` (2000 to today + 366 days); with a case, its
    injury date must lie between 2000 and tomorrow too, since a replay starts there. A day before the injury
    is left to the engine, which names it."""
    today = date.today()  # the faces read the clock
    if case is not None:
        check_recorded_day(case.injury.date, today, "injury.date", "the injury date")
    return check_day(day, today, field, label)


def parse_date(text: str | None, field: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SprintbackError(f"{text!r} is not a date (use YYYY-MM-DD)", field) from None


def print_json(data: Any) -> None:
    """Stable JSON on stdout: sorted keys, two-space indent, no Rich markup."""
    typer.echo(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False))
