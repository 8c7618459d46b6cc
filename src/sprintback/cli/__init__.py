"""Command-line face (Typer + Rich): a thin shell over the services."""
