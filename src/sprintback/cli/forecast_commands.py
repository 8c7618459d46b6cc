"""`sprintback forecast CASE`: when the athlete is likely ready, gate by gate, with the reinjury risk profile
and, after clearance, drift alerts. Heavy modules are imported by the command, not at start."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sprintback.cli.common import handle_errors, parse_date, print_json

if TYPE_CHECKING:
    from sprintback.services.forecasting import AthleteForecast


def register(app: typer.Typer) -> None:
    @app.command("forecast")
    @handle_errors
    def forecast_cmd(
        case_file: Annotated[Path, typer.Argument(help="Case file (YAML or JSON, see docs/case-file.md).")],
        as_of: Annotated[str | None, typer.Option("--as-of", help="Forecast as of this date (YYYY-MM-DD).")] = None,
        programme: Annotated[
            str | None, typer.Option("--programme", help="Published programme for the prior (docs/forecast.md).")
        ] = None,
        protocol: Annotated[Path | None, typer.Option("--protocol", help="Protocol YAML (default: bundled).")] = None,
        priors: Annotated[
            Path | None, typer.Option("--priors", help="Forecast data YAML (default: protocols/forecast-default.yaml).")
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output (docs/forecast.md).")] = False,
    ) -> None:
        """Days to each remaining gate and to readiness for clearance (10th, 50th, 90th centile)."""
        from datetime import date

        from sprintback.casefile import load_case
        from sprintback.forecast_files import load_default_forecast_config, load_forecast_config
        from sprintback.protocol_files import load_default_protocol, load_protocol
        from sprintback.services.forecasting import case_forecast

        case = load_case(case_file)
        proto = load_protocol(protocol) if protocol else load_default_protocol()
        day = parse_date(as_of, "--as-of") or date.today()  # the face reads the clock, never the domain
        cfg = load_forecast_config(priors) if priors else load_default_forecast_config()
        result = case_forecast(case, proto, cfg, day, programme=programme)
        if as_json:
            print_json(result.to_dict())
        else:
            _print(result)


def _print(r: AthleteForecast) -> None:
    f = r.forecast
    d10, d50, d90 = f.rts.dates(f.injury_date)
    echo = typer.echo
    echo(f"FORECAST  {f.athlete_id} · day {f.day_since_injury} · phase: {f.phase_name} · today: {f.decision}")
    if f.cleared_on is not None:
        echo(f"Cleared on {f.cleared_on.isoformat()} (day {f.rts.p50}).")
    else:
        echo(
            f"Ready for clearance: {d50.isoformat()} (median, day {f.rts.p50}); 80% between "
            f"{d10.isoformat()} and {d90.isoformat()} (days {f.rts.p10}-{f.rts.p90})"
        )
        echo("Remaining gates (days from injury, p10 / p50 / p90):")
        for g in f.gates:
            floor = f"  minimum day {g.min_day}" if g.min_day else ""
            echo(f"  {g.phase_name} -> {g.next_phase_name}: {g.p10} / {g.p50} / {g.p90}{floor}")
    p, b = f.prior, f.basis
    echo(f"Prior: {p.label}, {p.centre} ({p.evidence.source}, {p.evidence.grade.value}, {p.status})")
    if p.derivation:
        echo(f"  {p.derivation}")
    echo(
        f"So far: {b.work_done:.0%} of the work done, {b.current_phase_credit:.0%} of this phase's criteria, "
        f"pace {b.pace_observed:.2f}× the prior's (weight {b.pace_weight:.2f}), {b.setback_days} setback day(s)"
    )
    for note in b.notes:
        echo(f"  {note}")
    echo("Reinjury risk profile (flags, never gates):")
    for flag in r.risk:
        x = flag.factor
        ci = f" (95% CI {x.ci[0]:g}-{x.ci[1]:g})" if x.ci else ""
        echo(f"  {flag.status:<12} {x.label}: {x.effect} {x.value:g}{ci} [{x.evidence.source}] {flag.observed}")
    if r.maintenance is not None:
        echo("Maintenance after clearance:")
        for c in r.maintenance.checks:
            echo(f"  {c.status:<12} {c.rule.label}: {c.detail} [{c.rule.evidence.source}]")
        for due in r.maintenance.schedule:
            echo(f"  re-assessment #{due.number} due {due.due.isoformat()}: {due.status}")
