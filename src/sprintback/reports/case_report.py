"""A self-contained HTML report of a case: today's decision, every criterion with evidence, the timeline."""

from __future__ import annotations

from collections.abc import Sequence

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from sprintback.domain.decision import Decision, ReasonStatus
from sprintback.domain.models import Case
from sprintback.domain.protocol import Protocol
from sprintback.reports.chart_data import case_charts
from sprintback.reports.timeline_svg import DECISION_COLOURS, timeline_svg
from sprintback.reports.turning_points import turning_points, why

_env = Environment(loader=PackageLoader("sprintback.reports", "templates"), autoescape=select_autoescape(["html"]))

STATUS_TEXT = {
    ReasonStatus.MET: "met",
    ReasonStatus.OK: "ok",
    ReasonStatus.NOT_MET: "not met",
    ReasonStatus.NOT_MEASURED: "not measured",
    ReasonStatus.TRIGGERED: "triggered",
}


def render_case_report(case: Case, protocol: Protocol, days: Sequence[Decision]) -> str:
    """HTML for people: no scripts, no external assets, prints well."""
    from sprintback.reports.charts import chart_svg  # matplotlib: imported only when a report is drawn

    today = days[-1]
    changes = turning_points(days)
    cited = sorted({r.evidence.source for r in today.reasons})
    return _env.get_template("case_report.html").render(
        case=case,
        protocol=protocol,
        today=today,
        colour=DECISION_COLOURS[today.kind],
        reasons=[r for r in today.reasons if not (r.kind == "red_flag" and r.met)],
        status_text=STATUS_TEXT,
        changes=changes,
        why=why,
        svg=Markup(timeline_svg(case, protocol, days)),  # built from escaped parts in timeline_svg
        charts=[Markup(chart_svg(c)) for c in case_charts(case, protocol, days)],  # matplotlib SVG, text escaped
        sources=[(k, protocol.sources[k]) for k in cited if k in protocol.sources],
    )
