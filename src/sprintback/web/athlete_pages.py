"""The athlete's own page, made for a phone: today in plain words, the daily check-in, their history.

Everything is asked for the athlete linked to the signed-in account; the services allow an athlete
only their own data, so no page here can show anyone else's.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from sprintback.bootstrap import Context
from sprintback.domain.errors import PermissionDenied
from sprintback.services import checkins, web_views
from sprintback.services.access import Actor, Role
from sprintback.web import forms
from sprintback.web.render import PLAIN_DECISION, day, render, signed_in
from sprintback.web.session import check_csrf

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=10_000)]
HISTORY_DAYS = 14
PAIN_QUESTIONS = (
    ("pain_rest", "Pain at rest"),
    ("pain_walking", "Pain when walking"),
    ("pain_exercise", "Pain during your exercises"),
    ("pain_next_morning", "Pain this morning, after yesterday's exercises"),
    ("soreness", "Muscle soreness"),
)


def _own_athlete(actor: Actor) -> str:
    if actor.role is not Role.ATHLETE or actor.athlete_id is None:
        raise PermissionDenied("this page is for athletes; staff open an athlete from the squad board", None)
    return actor.athlete_id


def _me_page(
    request: Request, actor: Actor, p: Context, values: dict[str, str], errors: forms.FormErrors, saved: bool = False
) -> Response:
    athlete_id = _own_athlete(actor)
    today = day(p)
    page = web_views.phone_page(p.services, actor, athlete_id, today, p.now(), HISTORY_DAYS)
    decision = page.decision
    checked_in_today = any(s.value.date == today for s in page.checkins)
    return render(
        request, "me.html", status=422 if errors else 200, actor=actor, profile=page.profile, decision=decision,
        phase=page.phase, plain=PLAIN_DECISION.get(decision.kind) if decision else None, history=list(page.checkins),
        values=values, errors=errors, saved=saved, today=today, questions=PAIN_QUESTIONS,
        checked_in_today=checked_in_today, day=page.today,
    )  # fmt: skip


@router.get("/me")
def me(request: Request, saved: str = "") -> Response:
    def _page(actor: Actor, p: Context) -> Response:
        if actor.role is not Role.ATHLETE:
            return RedirectResponse("/squad", status_code=303)
        return _me_page(request, actor, p, {"date": day(p).isoformat()}, forms.FormErrors(), saved == "checkin")

    return signed_in(request, _page)


@router.post("/me/checkin")
def submit_checkin(
    request: Request, csrf: Text = "", date: Text = "", pain_rest: Text = "", pain_walking: Text = "",
    pain_exercise: Text = "", pain_next_morning: Text = "", soreness: Text = "", sleep_hours: Text = "",
    night_pain: Text = "", note: Text = "",
) -> Response:  # fmt: skip
    values = {
        "date": date, "pain_rest": pain_rest, "pain_walking": pain_walking, "pain_exercise": pain_exercise,
        "pain_next_morning": pain_next_morning, "soreness": soreness, "sleep_hours": sleep_hours,
        "night_pain": night_pain, "note": note,
    }  # fmt: skip

    def _submit(actor: Actor, p: Context) -> Response:
        check_csrf(request, csrf)
        athlete_id = _own_athlete(actor)
        c, errors = forms.checkin(values, day(p))
        if c is not None:
            log = partial(checkins.log_checkin, p.store, actor, athlete_id, c, p.now())
            if forms.saved(errors, log, "", forms.CHECKIN_FIELDS):
                return RedirectResponse("/me?saved=checkin#today", status_code=303)
        return _me_page(request, actor, p, values, errors)

    return signed_in(request, _submit)
