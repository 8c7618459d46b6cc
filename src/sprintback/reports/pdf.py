"""PDF documents people print and file: the case report, the clearance certificate, the home programme.

fpdf2 (pure Python, pip-installable, no browser or system package) writes real text, so every word is
selectable and searchable; charts are the same figures as on the web (`charts.py`), embedded as PNG. The font
is DejaVu Sans as shipped inside matplotlib, so ≥, ° and accented names print without a system font.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sprintback.domain.decision import Decision, Reason, ReasonStatus
from sprintback.domain.measures import MEASURES
from sprintback.domain.models import Case
from sprintback.domain.protocol import Protocol
from sprintback.reports.chart_data import Chart, case_charts
from sprintback.reports.turning_points import turning_points, why

STATUS = {
    ReasonStatus.MET: "met",
    ReasonStatus.OK: "ok",
    ReasonStatus.NOT_MET: "NOT MET",
    ReasonStatus.NOT_MEASURED: "not measured",
    ReasonStatus.TRIGGERED: "TRIGGERED",
}
DISCLAIMER = "Sprintback supports clinical reasoning; it does not replace a clinician's examination or judgement."


def _font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def _document(title: str) -> Any:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    fonts = _font_dir()
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.set_title(title)
    pdf.set_creator("Sprintback")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_font("DejaVu", size=10)
    pdf.add_page()
    return pdf


def _heading(pdf: Any, text: str, size: int = 13) -> None:
    pdf.ln(2)
    pdf.set_font("DejaVu", "B", size)
    pdf.multi_cell(0, 7, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)


def _para(pdf: Any, text: str, size: int = 10) -> None:
    pdf.set_font("DejaVu", "", size)
    pdf.multi_cell(0, 5, text, align="L", new_x="LMARGIN", new_y="NEXT")


def _table(pdf: Any, header: Sequence[str], rows: Iterable[Sequence[str]], widths: Sequence[int]) -> None:
    pdf.set_font("DejaVu", "", 8)
    with pdf.table(col_widths=widths, text_align="LEFT", line_height=4.5, first_row_as_headings=True) as table:
        for row in (header, *rows):
            r = table.row()
            for cell in row:
                r.cell(cell)
    pdf.set_font("DejaVu", "", 10)


def _chart(pdf: Any, chart: Chart) -> None:
    import io

    from sprintback.reports.charts import chart_png

    png = chart_png(chart, width_in=7.5, dpi=150)
    if pdf.will_page_break(80):
        pdf.add_page()
    pdf.image(io.BytesIO(png), w=pdf.epw)
    pdf.set_font("DejaVu", "", 7)
    pdf.multi_cell(0, 3.5, chart.description, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)


def _observed(r: Reason) -> str:
    return "–" if r.observed is None else f"{r.observed:g}"


def _header(pdf: Any, case: Case, protocol: Protocol, title: str) -> None:
    inj = case.injury
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    _para(
        pdf,
        f"{case.athlete.name} · {inj.side.value} hamstring, BAMIC {inj.grade}, {inj.mechanism.value}-type · "
        f"injured {inj.date.isoformat()} · protocol {protocol.name} v{protocol.version}",
    )


def _lsi_rows(case: Case) -> list[list[str]]:
    injured, other = case.injury.side.value, case.injury.side.other.value
    same_day: dict[tuple[date, str], dict[str, float]] = {}
    for m in case.measurements:
        if m.side is not None:
            same_day.setdefault((m.date, m.kind), {})[m.side.value] = m.value
    rows = []
    for m in case.measurements:
        mk = MEASURES.get(m.kind)
        legs = same_day.get((m.date, m.kind), {})
        lsi = ""
        if m.side is not None and m.side.value == injured and other in legs and legs[other] > 0 and mk:
            lsi = f"{legs[injured] / legs[other] * 100:.0f}%" if mk.higher_is_better else ""
        rows.append(
            [
                m.date.isoformat(),
                mk.label if mk else m.kind,
                m.side.value if m.side else "",
                f"{m.value:g} {mk.unit if mk else ''}".strip(),
                lsi,
                "" if m.pain is None else f"{m.pain:g}/10",
            ]
        )
    return rows


def _clearance_lines(cl: Mapping[str, Any]) -> str:
    parts = [f"Cleared for return to sport on {cl.get('date')} by {cl.get('recorded_by') or 'unknown'}"]
    parts.append(f"Engine decision that day: {cl.get('engine_decision', 'unknown')}.")
    if cl.get("override_reason"):
        parts.append(f"Clinician's reason for clearing against the criteria: {cl['override_reason']}")
    if cl.get("note"):
        parts.append(f"Note: {cl['note']}")
    return "\n".join(parts)


def case_report_pdf(
    case: Case, protocol: Protocol, days: Sequence[Decision], clearances: Iterable[Mapping[str, Any]] = ()
) -> bytes:
    """The case report: today's decision and every criterion, the charts, turning points, check-ins,
    measurements with LSI, and the clearance record."""
    today = days[-1]
    pdf = _document(f"Sprintback case report: {case.athlete.name}")
    _header(pdf, case, protocol, "Case report")
    _heading(pdf, f"{today.kind.value.upper()} on {today.as_of} · day {today.day_since_injury} · {today.phase_name}")
    _para(pdf, today.summary)
    rows = [
        [r.label, _observed(r), r.threshold, STATUS[r.status], f"{r.evidence.source} ({r.evidence.grade.value})"]
        for r in today.reasons
        if not (r.kind == "red_flag" and r.met)
    ]
    _table(pdf, ["Criterion or rule", "Observed", "Threshold", "Status", "Evidence"], rows, (70, 18, 30, 22, 50))
    _heading(pdf, "Trends")
    for chart in case_charts(case, protocol, days):
        _chart(pdf, chart)
    _heading(pdf, "Turning points")
    tp = [
        [f"{a}" if n == 1 else f"{a} to {b} ({n} days)", d.kind.value, d.phase_name, why(d)]
        for a, b, n, d in turning_points(days)
    ]
    _table(pdf, ["When", "Decision", "Phase", "Why"], tp or [["–", "no change yet", "", ""]], (45, 20, 45, 80))
    _heading(pdf, "Check-ins")
    ci = [
        [c.date.isoformat(), *("" if (v := getattr(c, f)) is None else f"{v:g}" for f in
         ("pain_rest", "pain_walking", "pain_exercise", "pain_next_morning", "soreness", "sleep_hours")),
         {True: "yes", False: "no"}.get(c.night_pain, "unanswered")]
        for c in case.checkins
    ]  # fmt: skip
    _table(pdf, ["Date", "Rest", "Walk", "Exercise", "Morning", "Soreness", "Sleep h", "Night pain"], ci,
           (24, 19, 19, 22, 22, 22, 20, 42))  # fmt: skip
    _heading(pdf, "Measurements")
    _table(pdf, ["Date", "Measure", "Side", "Value", "LSI", "Test pain"], _lsi_rows(case), (24, 66, 18, 32, 20, 30))
    _heading(pdf, "Clearance")
    cls = list(clearances)
    _para(pdf, "\n\n".join(_clearance_lines(c) for c in cls) if cls else "Not cleared for return to sport.")
    _heading(pdf, "Evidence cited", 11)
    for key in sorted({r.evidence.source for r in today.reasons}):
        if key in protocol.sources:
            _para(pdf, f"{key}: {protocol.sources[key]}", 8)
    _para(pdf, DISCLAIMER, 8)
    return bytes(pdf.output())


def clearance_certificate_pdf(
    case: Case, protocol: Protocol, days: Sequence[Decision], clearance: Mapping[str, Any]
) -> bytes:
    """The signed clearance: who, when, the protocol, and every criterion as it stood on the clearance day."""
    day = clearance["date"] if isinstance(clearance["date"], date) else date.fromisoformat(str(clearance["date"]))
    on_day = next((d for d in days if d.as_of == day), days[-1])
    pdf = _document(f"Sprintback clearance certificate: {case.athlete.name}")
    _header(pdf, case, protocol, "Return-to-sport clearance")
    _para(pdf, _clearance_lines(clearance))
    _heading(pdf, f"Criteria on {on_day.as_of} (engine: {on_day.kind.value}, phase {on_day.phase_name})")
    rows = [[r.label, _observed(r), r.threshold, STATUS[r.status], r.evidence.source] for r in on_day.reasons]
    _table(pdf, ["Criterion", "Observed", "Threshold", "Status", "Source"], rows, (78, 20, 30, 24, 38))
    for ack in clearance.get("acknowledgements", ()):
        _para(pdf, f"Acknowledged by {ack.get('by')} ({ack.get('role')}) on {ack.get('at')}")
    _heading(pdf, "Signature", 11)
    _para(pdf, "Clinician: ______________________________    Athlete: ______________________________")
    _para(pdf, DISCLAIMER, 8)
    return bytes(pdf.output())


def home_programme_pdf(athlete_name: str, plan_dict: Mapping[str, Any]) -> bytes:
    """The week's programme (the plan's JSON form, docs/prescription.md), a page per session."""
    pdf = _document(f"Sprintback home programme: {athlete_name}")
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 8, f"Home programme: {athlete_name}", new_x="LMARGIN", new_y="NEXT")
    equipment = ", ".join(plan_dict.get("equipment") or ()) or "none"
    _para(pdf, f"Week of {plan_dict['week_start']} · equipment: {equipment} · running up to "
               f"{plan_dict.get('running_max_pct', 0):g}% of your top speed")  # fmt: skip
    for note in plan_dict.get("notes", ()):
        _para(pdf, f"• {note}", 9)
    first = True
    for day in plan_dict["days"]:
        for session in day["sessions"]:
            if not first:
                pdf.add_page()
            first = False
            _heading(pdf, f"{day['date']} · {session['title']}")
            if day.get("adjustment"):
                _para(pdf, f"Changed today: {day['adjustment'].get('reason', '')}", 9)
            for item in session["items"]:
                pdf.set_font("DejaVu", "B", 11)
                pdf.multi_cell(0, 6, f"☐ {item['name']}", new_x="LMARGIN", new_y="NEXT")
                _para(pdf, item.get("summary", ""), 9)
                for cue in item.get("cues", ()):
                    _para(pdf, f"   – {cue}", 9)
            for note in session.get("notes", ()):
                _para(pdf, note, 9)
    _para(pdf, DISCLAIMER, 8)
    return bytes(pdf.output())
