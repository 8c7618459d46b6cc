"""The week plan: what the athlete does each day, adapted to the engine's decisions.

The plan comes from `services.web_views.plan_page` (the API's plan use case, `athlete_plans.plan_of`); staff,
coaches included, open it from the athlete page, the athlete from their phone page (`/me/plan`), and the phone
page shows today's part of it.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from sprintback.bootstrap import Context
from sprintback.domain.errors import NotFound, PermissionDenied
from sprintback.services import web_views
from sprintback.services.access import Actor, Role
from sprintback.web.render import day, render, signed_in

router = APIRouter(include_in_schema=False)


def _plan_page(request: Request, actor: Actor, p: Context, athlete_id: str, phone: bool) -> Response:
    today = day(p)
    page = web_views.plan_page(p.services, actor, athlete_id, today, p.now())
    result, problem, name = page.plan, page.problem, page.name
    if result is None and not problem:
        raise NotFound(f"no injury on record for {name}: nothing to plan", "athlete_id")
    phase = web_views.phase_of(p.protocol, result.plan.phase) if result else None
    return render(
        request, "plan.html", actor=actor, result=result, problem=problem, name=name,
        athlete_id=athlete_id, today=today, phone=phone,
        show_reasons=not phone and web_views.may_read_clinical(actor),  # a coach sees what changed, not why
        phase_name=phase.name if phase else None,
    )  # fmt: skip


@router.get("/athletes/{athlete_id}/plan")
def staff_plan(request: Request, athlete_id: str) -> Response:
    def _page(actor: Actor, p: Context) -> Response:
        if actor.role is Role.ATHLETE and actor.athlete_id == athlete_id:
            return RedirectResponse("/me/plan", status_code=303)
        return _plan_page(request, actor, p, athlete_id, phone=False)

    return signed_in(request, _page)


@router.get("/me/plan")
def my_plan(request: Request) -> Response:
    def _page(actor: Actor, p: Context) -> Response:
        if actor.role is not Role.ATHLETE or actor.athlete_id is None:
            raise PermissionDenied("this page is for athletes; staff open a plan from the athlete page", None)
        return _plan_page(request, actor, p, actor.athlete_id, phone=True)

    return signed_in(request, _page)
