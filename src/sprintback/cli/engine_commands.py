"""Engine commands: evaluate, replay, protocol check/show, case schema, demo."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def version() -> None:
        """Print the Sprintback version."""
        from sprintback import __version__

        typer.echo(__version__)
