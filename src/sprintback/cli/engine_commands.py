"""Engine commands: evaluate, replay, protocol check/show, case schema, demo-case."""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer

from sprintback import __version__
from sprintback.casefile import case_json_schema, load_case
from sprintback.cli.common import handle_errors, parse_date, print_json
from sprintback.cli.decision_view import print_decision, print_protocol, print_timeline
from sprintback.domain.engine import evaluate, replay
from sprintback.domain.models import Case
from sprintback.domain.protocol import Protocol
from sprintback.protocol_files import load_default_protocol, load_protocol

JSON_FORMAT = "sprintback-decision/1"

CaseArg = Annotated[Path, typer.Argument(help="Case file (YAML or JSON, see docs/case-file.md).")]
ProtocolOpt = Annotated[
    Path | None, typer.Option("--protocol", help="Protocol YAML (default: the bundled hamstring protocol).")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output (documented in docs/cli.md).")]


def _protocol(path: Path | None) -> Protocol:
    return load_protocol(path) if path else load_default_protocol()


def _today() -> date:
    return date.today()  # the faces read the clock; the domain never does


def register(app: typer.Typer) -> None:
    protocol_app = typer.Typer(help="Validate and show protocols.", no_args_is_help=True)
    case_app = typer.Typer(help="The case-file format.", no_args_is_help=True)
    app.add_typer(protocol_app, name="protocol")
    app.add_typer(case_app, name="case")

    @app.command()
    def version() -> None:
        """Print the Sprintback version."""
        typer.echo(__version__)

    @app.command("evaluate")
    @handle_errors
    def evaluate_cmd(
        case_file: CaseArg,
        as_of: Annotated[str | None, typer.Option("--as-of", help="Decide as of this date (YYYY-MM-DD).")] = None,
        protocol: ProtocolOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        """Where is this athlete, and what happens today? Every criterion with its evidence."""
        case = load_case(case_file)
        proto = _protocol(protocol)
        day = parse_date(as_of, "--as-of") or _today()
        decision = evaluate(case, proto, day)
        if as_json:
            print_json({"format": JSON_FORMAT, "athlete": case.athlete.id, **decision.to_dict()})
        else:
            print_decision(case, proto, decision)

    @app.command("replay")
    @handle_errors
    def replay_cmd(
        case_file: CaseArg,
        start: Annotated[str | None, typer.Option("--from", help="First day (default: injury date).")] = None,
        end: Annotated[str | None, typer.Option("--to", help="Last day (default: last recorded day).")] = None,
        protocol: ProtocolOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        """One line per day: phase, decision and the key reason."""
        case = load_case(case_file)
        proto = _protocol(protocol)
        last = parse_date(end, "--to") or last_recorded_day(case)
        days = replay(case, proto, last, parse_date(start, "--from"))
        if as_json:
            print_json(
                {"format": "sprintback-replay/1", "athlete": case.athlete.id, "days": [d.to_dict() for d in days]}
            )
        else:
            print_timeline(case, days)

    @app.command("demo-case")
    @handle_errors
    def demo_case() -> None:
        """Replay the bundled demo case day by day (no database, no server)."""
        path = resources.files("sprintback.demo").joinpath("sam-2b-sprint.yaml")
        with resources.as_file(path) as p:
            case = load_case(p)
            print_timeline(case, replay(case, load_default_protocol(), last_recorded_day(case)))

    @app.command("report")
    @handle_errors
    def report_cmd(
        case_file: CaseArg,
        out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")] = Path("sprintback-report.html"),
        as_of: Annotated[str | None, typer.Option("--as-of", help="Report as of this date (YYYY-MM-DD).")] = None,
        protocol: ProtocolOpt = None,
        pdf: Annotated[
            Path | None, typer.Option("--pdf", help="Also write the PDF report (text, charts, tables) here.")
        ] = None,
    ) -> None:
        """Write a self-contained HTML report (and, with --pdf, a PDF): today's decision, every criterion,
        the charts, the timeline."""
        from sprintback.reports.case_report import render_case_report

        case = load_case(case_file)
        proto = _protocol(protocol)
        last = parse_date(as_of, "--as-of") or last_recorded_day(case)
        days = replay(case, proto, last)
        _write_atomic(out, render_case_report(case, proto, days).encode("utf-8"))
        typer.echo(f"wrote {out}")
        if pdf is not None:
            from sprintback.reports.pdf import case_report_pdf

            _write_atomic(pdf, case_report_pdf(case, proto, days))
            typer.echo(f"wrote {pdf}")

    @protocol_app.command("check")
    @handle_errors
    def protocol_check(path: Annotated[Path, typer.Argument(help="Protocol YAML file.")]) -> None:
        """Validate a protocol file; any error names the exact field."""
        p = load_protocol(path)
        n = sum(len(ph.exit_criteria) for ph in p.phases)
        typer.echo(f"OK: {p.name} v{p.version}: {len(p.phases)} phases, {n} exit criteria, {len(p.sources)} sources")

    @protocol_app.command("show")
    @handle_errors
    def protocol_show(
        path: Annotated[Path | None, typer.Argument(help="Protocol YAML (default: bundled).")] = None,
    ) -> None:
        """Show phases, exit criteria, thresholds and their evidence."""
        print_protocol(_protocol(path))

    @case_app.command("schema")
    def case_schema() -> None:
        """Print the JSON Schema of the case file."""
        print_json(case_json_schema())


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)  # never leave a half-written file behind


def last_recorded_day(case: Case) -> date:
    """The latest date anything was recorded in the case (the default end of a replay)."""
    dates = [case.injury.date]
    dates += [m.date for m in case.measurements] + [c.date for c in case.checkins] + [s.date for s in case.sessions]
    return max(dates)
