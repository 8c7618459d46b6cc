"""Pages for clinicians, coaches and admins: the squad board, an athlete, the assessment form.

Each page asks the services for what it shows; what a role may see is decided there (a coach's
profile has no injury, the clinical services refuse a coach). The page only leaves out what the
role cannot have, so it does not ask for it and fill the audit log with refusals.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from sprintback.bootstrap import Context
from sprintback.domain.errors import NotFound, PermissionDenied
from sprintback.domain.measures import MEASURES
from sprintback.reports.forecast_svg import forecast_fan_svg
from sprintback.services import assessments, athletes, case_history, evaluation, web_views
from sprintback.services.access import Actor, Role
from sprintback.web import forms
from sprintback.web.render import day, render, signed_in
from sprintback.web.session import check_csrf

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=10_000)]
_STATUS_ORDER = {"unavailable": 0, "restricted": 1, "available": 2}
RECENT_CHECKINS = 7
RECENT_MEASUREMENTS = 16


def _board_order(r: web_views.BoardRow) -> tuple[int, str]:
    return _STATUS_ORDER.get(r.entry.availability.status, 9), r.entry.athlete.name


@router.get("/squad")
def squad(request: Request, team: str = "") -> Response:
    def _page(actor: Actor, p: Context) -> Response:
        if actor.role is Role.ATHLETE:
            return RedirectResponse("/me", status_code=303)
        today = day(p)
        board = web_views.squad_board(p.services, actor, today, p.now(), team or None)
        rows = sorted(board.rows, key=_board_order)
        counts = {s: sum(1 for r in rows if r.entry.availability.status == s) for s in _STATUS_ORDER}
        return render(
            request, "squad.html", actor=actor, rows=rows, today=today, counts=counts,
            teams=board.team_names, team=team, clinical=web_views.may_read_clinical(actor),
        )  # fmt: skip

    return signed_in(request, _page)


def _athlete_context(actor: Actor, p: Context, athlete_id: str, **extra: Any) -> dict[str, Any]:
    today = day(p)
    page = web_views.athlete_page(p.services, actor, athlete_id, today, p.now(), RECENT_CHECKINS, RECENT_MEASUREMENTS)
    ctx: dict[str, Any] = {"profile": page.profile, "today": today, "actor": actor, **extra}
    ctx["team_name"] = page.team_name
    ctx["clinical"] = clinical = web_views.may_read_clinical(actor)
    ctx["can_assess"] = web_views.may_write_clinical(actor)
    ctx["can_clear"] = web_views.may_clear(actor)
    ctx.setdefault("clear_errors", forms.FormErrors())
    ctx.setdefault("clear_values", {})
    ctx.update(_forecast(page))
    if not clinical:
        return ctx
    ctx["decision"] = page.decision
    # Built from escaped parts by reports.timeline_svg.
    ctx["timeline"] = Markup(page.timeline) if page.timeline is not None else None
    ctx["checkins"] = list(page.checkins)
    ctx["measurements"] = list(page.measurements)
    ctx["measures"] = MEASURES
    return ctx


def _forecast(page: web_views.AthletePage) -> dict[str, Any]:
    """The page's forecast (dates for every role; reasons for clinical staff) and, for clinical staff, its fan
    chart (a coach's page keeps to dates, as it has no timeline either)."""
    f = page.forecast
    if f is None:
        return {"forecast": None, "forecast_note": page.forecast_note} if page.forecast_note else {"forecast": None}
    svg = Markup(forecast_fan_svg(f.forecast)) if f.clinical else None  # built from escaped parts
    return {"forecast": f, "forecast_svg": svg}


@router.get("/athletes/{athlete_id}")
def athlete(request: Request, athlete_id: str, saved: str = "") -> Response:
    def _page(actor: Actor, p: Context) -> Response:
        if actor.role is Role.ATHLETE and actor.athlete_id == athlete_id:
            return RedirectResponse("/me", status_code=303)
        ctx = _athlete_context(actor, p, athlete_id)
        return render(request, "athlete.html", saved=saved, **ctx)

    return signed_in(request, _page)


@router.post("/athletes/{athlete_id}/clear")
def clear(request: Request, athlete_id: str, csrf: Text = "", note: Text = "", override_reason: Text = "") -> Response:
    """Return-to-sport clearance: the service asks for a written reason when the engine does not say clear."""
    values = {"note": note, "override_reason": override_reason}

    def _submit(actor: Actor, p: Context) -> Response:
        check_csrf(request, csrf)
        errors = forms.FormErrors()
        clear = partial(
            evaluation.clear_for_return, p.services, actor, athlete_id, day(p), p.now(), note.strip(), override_reason
        )
        if forms.saved(errors, clear, "", {"note", "override_reason"}):
            return RedirectResponse(f"/athletes/{athlete_id}?saved=clearance", status_code=303)
        ctx = _athlete_context(actor, p, athlete_id, clear_errors=errors, clear_values=values)
        return render(request, "athlete.html", status=422, **ctx)

    return signed_in(request, _submit)


@router.get("/athletes/{athlete_id}/report")
def report(request: Request, athlete_id: str) -> Response:
    """The printable case report, for the clinical staff (the service refuses everyone else)."""

    def _page(actor: Actor, p: Context) -> Response:
        html = case_history.case_report_html(p.services, actor, athlete_id, day(p), p.now())
        if html is None:
            raise NotFound(f"no injury on record for {athlete_id} on {day(p).isoformat()}", "athlete_id")
        return HTMLResponse(html, headers={"Cache-Control": "no-store"})

    return signed_in(request, _page)


def _assess_form(
    request: Request, actor: Actor, p: Context, athlete_id: str, values: dict[str, str], errors: forms.FormErrors
) -> Response:
    profile = athletes.athlete_profile(p.services, actor, athlete_id, day(p), p.now())
    return render(
        request, "assess.html", status=422 if errors else 200, actor=actor, profile=profile, values=values,
        errors=errors, measures=sorted(MEASURES.values(), key=lambda m: m.label), today=day(p),
    )  # fmt: skip


def _require_clinical_writer(actor: Actor) -> None:
    # Only to avoid showing a form that cannot be sent: the service refuses (and audits) on submit anyway.
    if not web_views.may_write_clinical(actor):
        raise PermissionDenied(f"a {actor.role.value} may not record assessments", "athlete_id")


@router.get("/athletes/{athlete_id}/assess")
def assess_form(request: Request, athlete_id: str, kind: str = "") -> Response:
    def _page(actor: Actor, p: Context) -> Response:
        _require_clinical_writer(actor)
        values = {"date": day(p).isoformat(), "kind": kind if kind in MEASURES else ""}
        return _assess_form(request, actor, p, athlete_id, values, forms.FormErrors())

    return signed_in(request, _page)


@router.post("/athletes/{athlete_id}/assess")
def assess(
    request: Request, athlete_id: str, csrf: Text = "", date: Text = "", kind: Text = "", value: Text = "",
    side: Text = "", pain: Text = "", other_value: Text = "", other_pain: Text = "", note: Text = "",
) -> Response:  # fmt: skip
    values = {
        "date": date, "kind": kind, "value": value, "side": side, "pain": pain, "other_value": other_value,
        "other_pain": other_pain, "note": note,
    }  # fmt: skip

    def _submit(actor: Actor, p: Context) -> Response:
        check_csrf(request, csrf)
        ms, errors = forms.measurements(values, day(p))
        record = partial(assessments.record_assessment, p.store, actor, athlete_id, ms, p.now())
        if ms and forms.saved(errors, record, "measurements[0]", forms.MEASUREMENT_FIELDS, forms.OTHER_LEG):
            return RedirectResponse(f"/athletes/{athlete_id}?saved=measurement", status_code=303)
        return _assess_form(request, actor, p, athlete_id, values, errors)

    return signed_in(request, _submit)
