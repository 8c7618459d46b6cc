"""What every command shares: one place that turns SprintbackError into `field: message` and exit 2."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from datetime import date
from typing import Any, ParamSpec, TypeVar

import typer
from rich.console import Console

from sprintback.domain.errors import SprintbackError

P = ParamSpec("P")
R = TypeVar("R")

console = Console()
err_console = Console(stderr=True)

EXIT_INVALID_INPUT = 2


def handle_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Translate domain errors into a clear message naming the field, and exit code 2."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except SprintbackError as exc:
            err_console.print(f"[bold red]error[/]: {exc}", highlight=False, markup=True, soft_wrap=True)
            raise typer.Exit(EXIT_INVALID_INPUT) from None

    return wrapper


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
