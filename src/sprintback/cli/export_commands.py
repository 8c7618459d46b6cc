"""Exports other systems read: `export fhir` writes a case as a FHIR R5 Bundle; `import-fhir` reads one back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from sprintback.cli.common import handle_errors, parse_date
from sprintback.domain.errors import InvalidCase


def register(app: typer.Typer) -> None:
    export_app = typer.Typer(help="Export a case for other systems.", no_args_is_help=True)
    app.add_typer(export_app, name="export")

    @export_app.command("fhir")
    @handle_errors
    def export_fhir(
        case_file: Annotated[Path, typer.Argument(help="Case file (YAML or JSON, see docs/case-file.md).")],
        out: Annotated[Path | None, typer.Option("--out", "-o", help="File to write (default: stdout).")] = None,
        as_of: Annotated[str | None, typer.Option("--as-of", help="Decisions up to this date (YYYY-MM-DD).")] = None,
    ) -> None:
        """Write the case as a FHIR R5 Bundle: Patient, Condition, Observations, check-ins, CarePlan."""
        from datetime import UTC, datetime

        from sprintback.casefile import load_case
        from sprintback.cli.engine_commands import last_recorded_day
        from sprintback.domain.engine import replay
        from sprintback.protocol_files import load_default_protocol
        from sprintback.reports.fhir import case_bundle
        from sprintback.reports.fhir_import import validate_bundle

        case = load_case(case_file)
        protocol = load_default_protocol()
        last = parse_date(as_of, "--as-of") or last_recorded_day(case)
        bundle = case_bundle(case, protocol, replay(case, protocol, last), datetime.now(UTC))
        validate_bundle(bundle)
        _write(json.dumps(bundle, indent=2, ensure_ascii=False), out)

    @app.command("import-fhir")
    @handle_errors
    def import_fhir(
        bundle_file: Annotated[Path, typer.Argument(help="A FHIR R5 Bundle written by `sprintback export fhir`.")],
        out: Annotated[Path | None, typer.Option("--out", "-o", help="Case file to write (default: stdout).")] = None,
    ) -> None:
        """Turn a Sprintback FHIR Bundle back into a case file (YAML; JSON when OUT ends in .json)."""
        import yaml

        from sprintback.casefile import case_to_dict
        from sprintback.reports.fhir_import import MAX_BUNDLE_BYTES, case_from_bundle

        try:
            size = bundle_file.stat().st_size
            if size > MAX_BUNDLE_BYTES:
                raise InvalidCase(f"{size} bytes is larger than the {MAX_BUNDLE_BYTES} byte limit", str(bundle_file))
            data = json.loads(bundle_file.read_text(encoding="utf-8"))
        except OSError as exc:
            raise InvalidCase(f"cannot read the bundle: {exc.strerror}", str(bundle_file)) from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InvalidCase(f"not a JSON file: {exc}", str(bundle_file)) from None
        if not isinstance(data, dict):
            raise InvalidCase("a FHIR Bundle is a JSON object", str(bundle_file))
        case = case_to_dict(case_from_bundle(data))
        if out is not None and out.suffix.lower() == ".json":
            _write(json.dumps(case, indent=2, ensure_ascii=False), out)
        else:
            _write(yaml.safe_dump(case, sort_keys=False, allow_unicode=True), out)


def _write(text: str, out: Path | None) -> None:
    if out is None:
        typer.echo(text)
        return
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(text + "\n", encoding="utf-8")
    tmp.replace(out)  # never leave a half-written file behind
    typer.echo(f"wrote {out}", err=True)
