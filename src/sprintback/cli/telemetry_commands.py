"""Telemetry commands: `import` (files or folders, progress bar, summary), `inspect` (metrics, nothing
stored), `load` (EWMA ACWR, monotony and strain per athlete over a folder, nothing stored)."""

from __future__ import annotations

import dataclasses
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import typer

from sprintback.domain.errors import SprintbackError
from sprintback.telemetry.native import quiet_native_stderr

UNITS_HELP = "Catapult summary units: imperial (yd, mph; default, see docs/telemetry.md), metric, metric-kmh."
BANDS_HELP = (
    "The team's Catapult velocity-band lower edges, bands 1-8, in the export's speed unit (e.g. "
    "0,2,4,6,8,12.3,15.7,18): HSR and sprint distance from the bands (docs/telemetry.md)."
)
SPEED_HELP = "Speed unit of 10 Hz GPS / time-speed CSVs: m/s, km/h or mph (default: from the header, else m/s)."


def _options(
    units: str, speed_units: str | None, athlete: str | None, name_map: Path | None, on: str | None,
    max_speed: float | None,
    hsr: float | None = None,
    sprint: float | None = None,
    bands: str | None = None,
) -> Any:  # fmt: skip
    from sprintback.domain.errors import ImportFailed
    from sprintback.services.telemetry_import import ImportOptions, load_name_map
    from sprintback.telemetry.catapult import CATAPULT_UNITS
    from sprintback.telemetry.gps10hz import SPEED_UNITS

    if units not in CATAPULT_UNITS:
        raise ImportFailed(f"unknown Catapult units {units!r}; use {', '.join(CATAPULT_UNITS)}", "--units")
    if speed_units is not None and speed_units not in SPEED_UNITS:
        raise ImportFailed(f"unknown speed unit {speed_units!r}; use {', '.join(SPEED_UNITS)}", "--speed-units")
    from sprintback.telemetry.catapult import parse_band_edges
    from sprintback.telemetry.formats import ReadOptions
    from sprintback.telemetry.metrics import DEFAULT_SETTINGS

    try:
        edges = parse_band_edges(bands) if bands else None
    except ValueError as e:
        raise ImportFailed(str(e), "--catapult-bands") from None
    return ImportOptions(
        read=ReadOptions(catapult_units=units, speed_units=speed_units, athlete_key=None, catapult_bands=edges),
        settings=_settings(DEFAULT_SETTINGS, max_speed, hsr, sprint),
        athlete_id=athlete,
        name_map=load_name_map(name_map) if name_map else {},
        session_date=date.fromisoformat(on) if on else None,
    )


def _settings(base: Any, max_speed: float | None, hsr: float | None, sprint: float | None) -> Any:
    from dataclasses import replace

    from sprintback.domain.errors import ImportFailed
    from sprintback.telemetry.model import MAX_HUMAN_SPEED_M_S

    hsr = base.hsr_m_s if hsr is None else hsr
    sprint = base.sprint_m_s if sprint is None else sprint
    if not 0 < hsr < sprint <= MAX_HUMAN_SPEED_M_S:
        raise ImportFailed(f"need 0 < HSR ({hsr:g}) < sprint ({sprint:g}) ≤ {MAX_HUMAN_SPEED_M_S} m/s", "--hsr-speed")
    if max_speed is not None and not 0 < max_speed <= MAX_HUMAN_SPEED_M_S:
        raise ImportFailed(f"{max_speed:g} m/s is not a human max speed", "--athlete-max-speed")
    # The sprint exit threshold keeps the default hysteresis gap (0.5 m/s) below the entry.
    gap = base.sprint_m_s - base.sprint_exit_m_s
    return replace(base, athlete_max_speed_m_s=max_speed, hsr_m_s=hsr, sprint_m_s=sprint, sprint_exit_m_s=sprint - gap)


def _with_body(options: Any, height_m: float | None, mass_kg: float | None) -> Any:
    from dataclasses import replace

    from sprintback.domain.errors import ImportFailed

    if height_m is not None and not 1.0 <= height_m <= 2.5:
        raise ImportFailed(f"{height_m:g} m is not a human height (metres, e.g. 1.80)", "--height-m")
    if mass_kg is not None and not 30 <= mass_kg <= 200:
        raise ImportFailed(f"{mass_kg:g} kg is not a body mass for a sprint profile", "--mass-kg")
    return replace(options, settings=replace(options.settings, height_m=height_m, mass_kg=mass_kg))


def _fail(e: SprintbackError) -> None:
    typer.echo(f"{e.field}: {e.message}" if e.field else e.message, err=True)
    raise typer.Exit(2)


def register(app: typer.Typer) -> None:
    @app.command("import")
    def import_(
        files: list[Path] = typer.Argument(..., help="Files or folders (FIT, Catapult CSV, 10 Hz GPS, NordBord)."),
        athlete: str | None = typer.Option(None, "--athlete", help="Athlete id for every session of the batch."),
        name_map: Path | None = typer.Option(None, "--map", help="`key: athlete-id` mapping file (YAML or CSV)."),
        units: str = typer.Option("imperial", "--units", help=UNITS_HELP),
        bands: str | None = typer.Option(None, "--catapult-bands", help=BANDS_HELP),
        speed_units: str | None = typer.Option(None, "--speed-units", help=SPEED_HELP),
        on: str | None = typer.Option(None, "--date", help="Date for files without one (YYYY-MM-DD)."),
        max_speed: float | None = typer.Option(None, "--athlete-max-speed", help="m/s, for % of max metrics."),
        hsr: float | None = typer.Option(None, "--hsr-speed", help="High-speed running threshold, m/s (5.5)."),
        sprint: float | None = typer.Option(None, "--sprint-speed", help="Sprint threshold, m/s (7.0)."),
        database_url: str | None = typer.Option(None, "--database-url", envvar="SPRINTBACK_DATABASE_URL"),
    ) -> None:
        """Import telemetry files into the store: idempotent, one file's failure never stops the batch."""
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        from sprintback.services.telemetry_import import ImportSummary, expand_paths, import_one

        try:
            options = _options(units, speed_units, athlete, name_map, on, max_speed, hsr, sprint, bands)
        except (SprintbackError, ValueError, OSError) as e:
            _fail(e if isinstance(e, SprintbackError) else SprintbackError(str(e), "options"))
        from sprintback.bootstrap import telemetry_sink

        paths = expand_paths(files)
        console = Console(stderr=True)
        summary = ImportSummary()
        if database_url is None:
            from sprintback.settings import Settings

            database_url = Settings.from_env().database_url  # the face reads the environment, not the store
        with (
            telemetry_sink(database_url) as sink,
            Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
                auto_refresh=False,  # drawn between files only: stderr is muted while a decoder runs
            ) as progress,
        ):
            task = progress.add_task("importing", total=len(paths))
            for p in paths:
                progress.update(task, description=f"importing {p.name[:40]}", refresh=True)
                with quiet_native_stderr():  # a Rust panic's own print; the summary names the file
                    summary.outcomes.append(import_one(p, sink, options))
                progress.advance(task)
            progress.refresh()
        _print_summary(summary)
        if summary.failed:
            raise typer.Exit(1)

    @app.command()
    def inspect(
        file: Path = typer.Argument(..., help="One telemetry file."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON (documented keys) instead of a table."),
        units: str = typer.Option("imperial", "--units", help=UNITS_HELP),
        bands: str | None = typer.Option(None, "--catapult-bands", help=BANDS_HELP),
        speed_units: str | None = typer.Option(None, "--speed-units", help=SPEED_HELP),
        max_speed: float | None = typer.Option(None, "--athlete-max-speed", help="m/s, for % of max metrics."),
        hsr: float | None = typer.Option(None, "--hsr-speed", help="High-speed running threshold, m/s (5.5)."),
        sprint: float | None = typer.Option(None, "--sprint-speed", help="Sprint threshold, m/s (7.0)."),
        height: float | None = typer.Option(None, "--height-m", help="Athlete's height, m (sprint profile air drag)."),
        mass: float | None = typer.Option(None, "--mass-kg", help="Athlete's body mass, kg (sprint profile air drag)."),
    ) -> None:
        """Print a file's session metrics without storing anything."""
        from sprintback.services.telemetry_import import UNDATED, inspect_file, reader_warnings, refused_values

        try:
            options = _with_body(
                _options(units, speed_units, None, None, None, max_speed, hsr, sprint, bands), height, mass
            )
            with quiet_native_stderr():  # a panicking decoder's print; our one-line error says it
                sessions = inspect_file(file, options)
                refused = refused_values(file.read_bytes(), file.name, options)
                warnings = reader_warnings(file.read_bytes(), file.name, options)
        except SprintbackError as e:
            _fail(e)
        except OSError as e:
            _fail(SprintbackError(f"cannot read: {e.strerror or e}", file.name))
        rows: list[dict[str, Any]] = [
            {"athlete_key": s.athlete_key, "date": None if s.date == UNDATED else s.date.isoformat(), **s.metrics,
             "measurements": [{"kind": m.kind, "value": m.value, "side": m.side.value if m.side else None}
                              for m in s.measurements]}
            for s in sessions
        ]  # fmt: skip
        for r in rows:
            r["sprint_profile"] = _sprint_profile(r)
        if as_json:
            doc = {"file": file.name, "sessions": rows, "refused": refused, "warnings": warnings}
            json.dump(doc, sys.stdout, indent=2)
            sys.stdout.write("\n")
            return
        _print_sessions(file.name, rows, refused, warnings)

    @app.command()
    def load(
        files: list[Path] = typer.Argument(None, help="Files or folders of one squad's sessions (file mode)."),
        metric: str = typer.Option(
            "distance_m",
            "--metric",
            help="File mode: session metric used as load (e.g. distance_m, hsr_m, player_load).",
        ),
        units: str = typer.Option("imperial", "--units", help=UNITS_HELP),
        bands: str | None = typer.Option(None, "--catapult-bands", help=BANDS_HELP),
        athlete: list[str] = typer.Option(None, "--athlete", help="Store mode: athlete id (repeat for several)."),
        days: int = typer.Option(28, "--days", min=1, help="Store mode: days shown, ending today."),
        database_url: str | None = typer.Option(None, "--database-url", envvar="SPRINTBACK_DATABASE_URL"),
        as_json: bool = typer.Option(False, "--json"),
    ) -> None:
        """EWMA acute:chronic ratio (7/28 d, williams2017), monotony and strain (foster1998) per athlete.

        With files: computed over them, nothing stored. With --athlete: from the store (sRPE × minutes of the
        logged sessions, and distance and HSR of the imported telemetry)."""
        if files and athlete:
            _fail(SprintbackError("give files (file mode) or --athlete (store mode), not both", "--athlete"))
        if not files and not athlete:
            _fail(SprintbackError("give files or folders, or --athlete ID to read the store", "files"))
        if athlete:
            _load_from_store(list(athlete), days, database_url, as_json)
            return
        from sprintback.services.telemetry_load import squad_load

        try:
            options = _options(units, None, None, None, None, None, bands=bands)
            with quiet_native_stderr():
                report = squad_load(files, options, metric)
        except SprintbackError as e:
            _fail(e)
        if as_json:
            json.dump(report, sys.stdout, indent=2, default=str)
            sys.stdout.write("\n")
            return
        _print_load(report, metric)


def _load_from_store(athletes: list[str], days: int, database_url: str | None, as_json: bool) -> None:
    from datetime import UTC, datetime

    from sprintback.bootstrap import open_store
    from sprintback.services.access import CLI_OPERATOR
    from sprintback.services.telemetry_views import athlete_load
    from sprintback.settings import Settings

    settings = Settings.from_env()  # the face reads the environment, not the store
    if database_url is not None:
        settings = dataclasses.replace(settings, database_url=database_url)
    store = open_store(settings, migrate=False)
    try:
        now = datetime.now(UTC)
        reports = {a: athlete_load(store, CLI_OPERATOR, a, now, days) for a in athletes}
    except SprintbackError as e:
        _fail(e)
    finally:
        store.dispose()
    if as_json:
        json.dump(reports, sys.stdout, indent=2, default=str)
        sys.stdout.write("\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Load from the store: today per athlete and source")
    for col in ("athlete", "source", "sessions", "acute", "chronic", "ACWR", "flag", "week", "monotony", "strain"):
        table.add_column(col)
    for who, report in reports.items():
        for source, r in report["sources"].items():
            last = r["days"][-1] if r["days"] else {}
            week = r["weeks"][-1] if r["weeks"] else {}
            flags = [f for f, on in (("ACWR", last.get("danger")), ("rise", week.get("rise_flag"))) if on]
            table.add_row(
                who, source, str(r["sessions"]), _f(last.get("acute")), _f(last.get("chronic")),
                _f(last.get("acwr")), ", ".join(flags), _f(week.get("total")), _f(week.get("monotony")),
                _f(week.get("strain")),
            )  # fmt: skip
    Console().print(table)


def _print_summary(summary: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Import summary")
    for col in ("file", "status", "sessions", "reason / refused values"):
        table.add_column(col)
    for o in summary.outcomes:
        style = {"imported": "green", "duplicate": "yellow", "failed": "red"}[o.status]
        detail = o.reason or "; ".join((*o.warnings, *o.refused))
        table.add_row(Path(o.path).name, f"[{style}]{o.status}[/]", str(o.sessions), detail)
    console = Console()
    console.print(table)
    console.print(f"imported {summary.imported}, skipped as duplicate {summary.duplicates}, failed {summary.failed}")


def _print_sessions(name: str, rows: list[dict[str, Any]], refused: list[str], warnings: list[str]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for r in rows:
        table = Table(title=f"{name}: {r['athlete_key'] or '?'} {r['date'] or 'undated'} ({r['sport']})")
        table.add_column("metric")
        table.add_column("value", justify="right")
        for k, v in r.items():
            if k in ("measurements", "athlete_key", "date") or v is None:
                continue
            table.add_row(k, f"{v:.2f}" if isinstance(v, float) else str(v))
        console.print(table)
    for msg in refused:
        console.print(f"[yellow]refused:[/] {msg}")
    for msg in warnings:
        console.print(f"[yellow]warning:[/] {msg}")


def _print_load(report: dict[str, Any], metric: str) -> None:
    from rich.console import Console
    from rich.table import Table

    from sprintback.domain.load import ACWR_WARMUP_DAYS

    table = Table(title=f"Load by {metric}: latest day per athlete")
    for col in ("athlete", "sessions", "last day", "acute", "chronic", "ACWR", "≥ 1.5", "monotony", "strain"):
        table.add_column(col)
    for who, a in report["athletes"].items():
        last = a["days"][-1] if a["days"] else {}
        week = a["weeks"][-1] if a["weeks"] else {}
        table.add_row(
            who, str(a["sessions"]), str(last.get("date", "")),
            _f(last.get("acute")), _f(last.get("chronic")),
            _f(last.get("acwr")), "yes" if last.get("danger") else "", _f(week.get("monotony")),
            _f(week.get("strain")),
        )  # fmt: skip
    console = Console()
    console.print(table)
    console.print(
        f"[dim]ACWR (EWMA) is blank for the first {ACWR_WARMUP_DAYS} days of a series; its bands are contested "
        "(Impellizzeri 2020): informational, never a gate.[/]"
    )


def _sprint_profile(row: dict[str, Any]) -> dict[str, Any] | None:
    """The session's sprint mechanical profile as one object (docs/telemetry.md), null without a maximal sprint."""
    from sprintback.telemetry.metrics import SPRINT_PROFILE_KEYS

    if row.get("sprint_vmax_m_s") is None:
        return None
    profile: dict[str, Any] = {k: row.get(f"sprint_{k}") for k in SPRINT_PROFILE_KEYS}
    profile["air_friction"] = bool(row.get("sprint_air_friction"))
    return profile


def _f(x: Any) -> str:
    return "" if x is None else f"{x:.2f}"
