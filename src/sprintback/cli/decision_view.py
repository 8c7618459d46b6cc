"""Rich rendering of decisions, timelines and protocols for the terminal."""

from __future__ import annotations

from collections.abc import Sequence

from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from sprintback.cli.common import console
from sprintback.domain.decision import Decision, Reason, ReasonStatus
from sprintback.domain.models import Case
from sprintback.domain.protocol import DecisionKind, Evidence, Protocol

KIND_STYLE = {
    DecisionKind.PROGRESS: "bold green",
    DecisionKind.CLEAR: "bold green",
    DecisionKind.HOLD: "bold yellow",
    DecisionKind.DELOAD: "bold dark_orange",
    DecisionKind.REGRESS: "bold red",
    DecisionKind.REFER: "bold white on red",
}
STATUS_MARK = {
    ReasonStatus.MET: ("✔ met", "green"),
    ReasonStatus.OK: ("✔ ok", "green"),
    ReasonStatus.NOT_MET: ("✘ not met", "red"),
    ReasonStatus.NOT_MEASURED: ("? not measured", "yellow"),
    ReasonStatus.TRIGGERED: ("! triggered", "bold red"),
}


def print_decision(case: Case, protocol: Protocol, d: Decision) -> None:
    inj = case.injury
    head = Text.assemble(
        (d.kind.value.upper(), KIND_STYLE[d.kind]),
        f"  {case.athlete.name} · {inj.side.value} hamstring, BAMIC {inj.grade}, {inj.mechanism.value}-type · ",
        f"day {d.day_since_injury} ({d.as_of.isoformat()}) · phase: {d.phase_name}",
    )
    console.print(Panel(Text.assemble(head, "\n", d.summary), title="Sprintback decision", expand=False))
    console.print(reasons_table(d.reasons))
    if d.measure_next:
        console.print(f"[bold]Measure next:[/] {', '.join(d.measure_next)}")
    console.print(
        f"[dim]Protocol {protocol.id}@{protocol.version}; pain mode {d.extras['pain_mode']} "
        f"(exercise pain ≤ {d.extras['pain_limit']:g}/10).[/]"
    )


def reasons_table(reasons: Sequence[Reason]) -> Table:
    t = Table(show_lines=False, header_style="bold")
    for col in ("", "criterion / rule", "observed", "threshold", "evidence", "detail"):
        t.add_column(col, overflow="fold")
    for r in reasons:
        if r.kind == "red_flag" and r.status is ReasonStatus.OK:
            continue  # quiet red flags clutter the view; --json lists them all
        mark, style = STATUS_MARK[r.status]
        observed = "—" if r.observed is None else f"{r.observed:g}"
        t.add_row(
            Text(mark, style=style),
            r.label,
            observed,
            r.threshold,
            _ev(r.evidence),
            r.detail,
        )
    return t


def print_timeline(case: Case, days: Sequence[Decision]) -> None:
    t = Table(title=f"{case.athlete.name}: BAMIC {case.injury.grade} {case.injury.side.value}", header_style="bold")
    for col in ("date", "day", "phase", "decision", "key reason"):
        t.add_column(col, overflow="fold")
    for d in days:
        t.add_row(
            d.as_of.isoformat(), str(d.day_since_injury), d.phase, Text(d.kind.value, KIND_STYLE[d.kind]), key_reason(d)
        )
    console.print(t)


def key_reason(d: Decision) -> str:
    """The day's decision in one phrase, from `Decision.key_reason()` (the same one the squad board shows)."""
    if d.kind in (DecisionKind.PROGRESS, DecisionKind.CLEAR):
        return f"all exit criteria met → {d.next_phase}"
    r = d.key_reason()
    if r is None:
        return "maintenance"
    if r.status is ReasonStatus.TRIGGERED:
        return f"{r.label} ({r.evidence.source})"
    unmet = d.unmet
    seen = "not measured" if r.status is ReasonStatus.NOT_MEASURED else f"{r.observed:g} vs {r.threshold}"
    more = f" (+{len(unmet) - 1} more)" if len(unmet) > 1 else ""
    return f"{r.label}: {seen}{more}"


def _ev(e: Evidence) -> str:
    kind = f", {e.evidence_type.value}" if e.evidence_type is not None else ""
    return f"{e.source} ({e.grade.value}{kind})"


def print_protocol(p: Protocol) -> None:
    console.print(f"[bold]{p.name}[/] ({p.id} v{p.version})")
    for mode, limit in p.pain.limits.items():
        relaxed = ", ".join(sorted(p.pain.relaxed(mode))) or "nothing: every pain gate is 0/10"
        console.print(f"pain mode [bold]{mode.value}[/]: exercise pain up to {limit:g}/10; relaxes {relaxed}")
    for i, ph in enumerate(p.phases, 1):
        run = f", running up to {ph.running_max_pct:g}% max speed" if ph.running_max_pct is not None else ""
        t = Table(title=f"{i}. {ph.name} [{ph.id}]{run}", header_style="bold", title_justify="left")
        for col in ("exit criterion", "measure", "statistic", "threshold", "window", "evidence"):
            t.add_column(col, overflow="fold")
        floors = [(f"grade {k}", r) for k, r in ph.min_days.by_grade.items()]
        floors += [
            (f"{m.value}-type (grade {ph.min_days.mechanism_from_grade}+)", r)
            for m, r in ph.min_days.by_mechanism.items()
        ]
        for name, rule in floors:
            derived = f"; {rule.evidence.derived}" if rule.evidence.derived else ""
            t.add_row(
                f"minimum days since injury, {name}", "—", "days", f">= {rule.days} d{derived}", "—", _ev(rule.evidence)
            )
        for c in ph.exit_criteria:
            window = "any" if c.window_days is None else f"{c.window_days} d"
            label = f"{c.label} (advisory)" if c.advisory else c.label
            t.add_row(label, c.measure, c.statistic.value, c.describe_threshold(), window, _ev(c.evidence))
        console.print(t)
