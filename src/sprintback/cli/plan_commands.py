"""`sprintback plan CASE`: this week's sessions (Rich table, --json, --text, --ics FILE)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from sprintback.casefile import load_case
from sprintback.catalogue_files import load_default_library, load_library
from sprintback.cli.common import console, handle_errors, parse_date, print_json
from sprintback.domain.errors import InvalidPlanRequest, SprintbackError
from sprintback.domain.prescription.catalogue import EQUIPMENT
from sprintback.domain.prescription.plan import WEEKDAY_NAMES, WEEKDAYS
from sprintback.domain.prescription.plan_text import plan_as_text
from sprintback.protocol_files import load_default_protocol, load_protocol
from sprintback.reports.calendar import plan_to_ics
from sprintback.services.planning import CasePlan, plan_for_case

_OPTION_FOR_FIELD = {
    "days": "--days",
    "equipment": "--equipment",
    "week": "--week",
    "week_start": "--week",
    "as_of": "--as-of",
    "session_minutes": "--minutes",
}


def parse_equipment(text: str | None) -> frozenset[str]:
    """Comma list of equipment; `none` = bodyweight only; omitted = a fully equipped clinic."""
    if text is None:
        return frozenset(EQUIPMENT)
    names = [t.strip() for t in text.split(",") if t.strip()]
    if names == ["none"]:
        return frozenset()
    for name in names:
        if name not in EQUIPMENT:
            known = ", ".join(sorted(EQUIPMENT))
            raise SprintbackError(f"unknown equipment {name!r}; known: {known} (or none)", "--equipment")
    return frozenset(names)


def parse_days(text: str | None) -> tuple[str, ...]:
    if text is None:
        return WEEKDAYS
    names = [t.strip().lower()[:3] for t in text.split(",") if t.strip()]
    if not names:
        raise SprintbackError("give at least one available day, e.g. mon,wed,fri", "--days")
    for name in names:
        if name not in WEEKDAYS:
            raise SprintbackError(f"unknown day {name!r}; use {', '.join(WEEKDAYS)}", "--days")
    return tuple(d for d in WEEKDAYS if d in names)


def print_plan(result: CasePlan) -> None:
    plan = result.plan
    d = result.decision
    console.print(
        f"[bold]{result.athlete_name}[/] — week of {plan.week_start} — phase [bold]{plan.phase}[/] "
        f"(running up to {plan.running_max_pct:g}% of max speed)"
    )
    console.print(f"Engine on {result.as_of}: [bold]{d.kind.value}[/] — {d.summary}", highlight=False)
    table = Table(show_lines=True)
    for col in ("Day", "Load", "Session", "Prescription", "Why changed"):
        table.add_column(col, overflow="fold")
    for day in plan.days:
        label = f"{WEEKDAY_NAMES[day.date.weekday()][:3]} {day.date:%d %b}"
        why = ""
        if day.adjustment:
            a = day.adjustment
            why = f"[bold]{a.decision}[/]: {a.reason}\n{a.rule} ({a.evidence.source}, {a.evidence.grade.value})"
            why += "".join(f"\n• {c}" for c in a.changes[:6])
        if not day.sessions:
            what = "No rehab session (normal team training)" if day.load.value == "easy" else "Rest"
            table.add_row(label, day.load.value, what, "", why)
            continue
        for s in day.sessions:
            lines = [f"{i.name}: {i.describe()}" + (" [sub]" if i.substituted_for else "") for i in s.items]
            lines.extend(s.notes)
            title = s.title + (f"\n~{s.minutes} min" if s.items else "")
            table.add_row(label, day.load.value, title, "\n".join(lines), why)
    console.print(table)
    for note in plan.notes:
        console.print(f"• {note}", highlight=False)
    if result.reassessments:
        dates = ", ".join(r.date.isoformat() for r in result.reassessments)
        console.print(f"Re-assessments (from clearance on {result.clearance}): {dates}")
    for lesson in plan.lessons:
        console.print(f"[bold]{lesson.title}[/] — {lesson.text}", highlight=False)
    console.print("Sources: " + "; ".join(sorted(plan.citations)), highlight=False)


def register(app: typer.Typer) -> None:
    register_catalogue(app)

    @app.command("plan")
    @handle_errors
    def plan_cmd(
        case_file: Annotated[Path, typer.Argument(help="Case file (YAML or JSON).")],
        week: Annotated[
            str | None,
            typer.Option(
                "--week", help="Any date in the week to plan; the plan starts on its Monday (default: the as-of week)."
            ),
        ] = None,
        as_of: Annotated[str | None, typer.Option("--as-of", help="Evaluate as of this date (default: today).")] = None,
        equipment: Annotated[
            str | None,
            typer.Option(
                "--equipment", help="Comma list, e.g. band,bench; 'none' = bodyweight (default: full clinic)."
            ),
        ] = None,
        days: Annotated[
            str | None, typer.Option("--days", help="Available days, e.g. mon,wed,fri,sat (default: every day).")
        ] = None,
        minutes: Annotated[int, typer.Option("--minutes", help="Session length in minutes.")] = 60,
        protocol: Annotated[Path | None, typer.Option("--protocol", help="Protocol YAML.")] = None,
        catalogue: Annotated[
            Path | None, typer.Option("--catalogue", help="Directory with a clinic's own catalogue YAML files.")
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
        as_text: Annotated[bool, typer.Option("--text", help="Plain text for the athlete.")] = False,
        ics: Annotated[Path | None, typer.Option("--ics", help="Also write the sessions to this .ics file.")] = None,
        pdf: Annotated[
            Path | None, typer.Option("--pdf", help="Also write the printable programme (a page per session).")
        ] = None,
    ) -> None:
        """This week's plan: strength, running, recovery and rest, adapted to today's decision."""
        kit = parse_equipment(equipment)
        available = parse_days(days)
        day = parse_date(as_of, "--as-of") or date.today()  # the faces read the clock
        week_day = parse_date(week, "--week")
        start = week_day - timedelta(days=week_day.weekday()) if week_day else None
        if not 10 <= minutes <= 240:
            raise SprintbackError(f"{minutes} is outside 10–240 minutes", "--minutes")
        case = load_case(case_file)
        proto = load_protocol(protocol) if protocol else load_default_protocol()
        try:
            result = plan_for_case(
                case,
                proto,
                load_library(catalogue) if catalogue else load_default_library(),
                as_of=day,
                week_start=start,
                days=available,
                equipment=kit,
                session_minutes=minutes,
            )
        except InvalidPlanRequest as exc:
            # Name the command-line option the user can change, not the internal field.
            raise InvalidPlanRequest(exc.message, _OPTION_FOR_FIELD.get(exc.field or "", exc.field)) from None
        if ics is not None:
            data = plan_to_ics(result.plan, case.athlete.id, case.athlete.name, datetime.now(UTC))
            ics.write_bytes(data)
        if pdf is not None:
            from sprintback.reports.pdf import home_programme_pdf

            tmp = pdf.with_name(pdf.name + ".tmp")
            tmp.write_bytes(home_programme_pdf(case.athlete.name, result.plan.to_dict()))
            tmp.replace(pdf)
        if as_json:
            print_json(result.to_dict())
        elif as_text:
            typer.echo(plan_as_text(result.plan, case.athlete.name))
        else:
            print_plan(result)
            if ics is not None:
                console.print(f"Calendar written: {ics} ({len(result.plan.sessions)} sessions)")


def register_catalogue(app: typer.Typer) -> None:
    catalogue_app = typer.Typer(help="The exercise catalogue and dose rules.", no_args_is_help=True)
    app.add_typer(catalogue_app, name="catalogue")

    @catalogue_app.command("check")
    @handle_errors
    def check_cmd(
        directory: Annotated[
            Path | None,
            typer.Argument(help="Directory with exercises/doses/sessions/education.yaml (default: the bundled files)."),
        ] = None,
    ) -> None:
        """Validate catalogue files: ids, links, phases, doses and their evidence."""
        lib = load_library(directory) if directory else load_default_library()
        console.print(
            f"OK: {len(lib.catalogue)} exercises, {len(lib.doses.rules)} dose rules, "
            f"{len(lib.doses.running.stages)} running stages, {len(lib.lessons)} lessons."
        )

    @catalogue_app.command("list")
    @handle_errors
    def list_cmd(
        phase: Annotated[str | None, typer.Option("--phase", help="Only exercises that fit this phase.")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    ) -> None:
        """List the exercises, with phases, equipment and long-length loading."""
        lib = load_default_library()
        if phase is not None and phase not in lib.phase_ids:
            raise SprintbackError(f"unknown phase {phase!r}; known: {', '.join(lib.phase_ids)}", "--phase")
        exercises = [e for e in lib.catalogue.exercises.values() if phase is None or e.fits(phase)]
        if as_json:
            print_json(
                [
                    {
                        "id": e.id,
                        "name": e.name,
                        "family": e.family,
                        "phases": list(e.phases),
                        "qualities": list(e.qualities),
                        "equipment": sorted(e.equipment),
                        "long_length": e.long_length,
                        "progression": e.progression,
                        "regression": e.regression,
                        "cues": list(e.cues),
                        "faults": list(e.faults),
                        "source": e.source,
                    }
                    for e in exercises
                ]
            )
            return
        table = Table()
        for col in ("id", "name", "phases", "equipment", "long"):
            table.add_column(col, overflow="fold")
        for e in exercises:
            table.add_row(
                e.id, e.name, ", ".join(e.phases), ", ".join(sorted(e.equipment)) or "—", "yes" if e.long_length else ""
            )
        console.print(table)
