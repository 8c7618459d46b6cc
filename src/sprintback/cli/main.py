"""The `sprintback` command. Each area registers its commands from its own module."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="sprintback",
    help="Criteria-based hamstring strain rehabilitation: evaluate, plan, import, serve.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Registration: one line per area keeps merges trivial.
from sprintback.cli import engine_commands  # noqa: E402

engine_commands.register(app)
from sprintback.cli import platform_commands  # noqa: E402

platform_commands.register(app)

from sprintback.cli import plan_commands  # noqa: E402

plan_commands.register(app)

from sprintback.cli import telemetry_commands  # noqa: E402

telemetry_commands.register(app)

from sprintback.cli import export_commands  # noqa: E402

export_commands.register(app)
