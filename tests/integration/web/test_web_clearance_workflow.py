"""On the web: a referred athlete needs a physician review before clearance; the clearance record is shown;
a partial check-in correction keeps the day's other answers; unanswered night pain stays unanswered."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient
from websupport import NOW, TODAY, csrf_of

from sprintback.services import checkins
from sprintback.services.access import CLI_OPERATOR
from sprintback.store import Store

Browser = Callable[[str | None], TestClient]
DAN = "/athletes/dan-okafor"


def _post(c: TestClient, page: str, action: str, **fields: str):  # type: ignore[no-untyped-def]
    token = csrf_of(c.get(page).text)
    return c.post(action, data={"csrf": token, **fields})


def _today(store: Store, athlete: str) -> object:
    return checkins.todays_checkin(store, CLI_OPERATOR, athlete, TODAY, NOW)


def test_a_referred_athlete_is_cleared_only_after_a_physician_review(browser: Browser, store: Store) -> None:
    maria = browser("maria")
    r = _post(maria, DAN, f"{DAN}/clear", override_reason="ok")
    page = html.unescape(r.text)
    assert r.status_code == 422 and "a physician review is needed before clearance" in page
    assert "Night pain reported" in page and "red_flag_night_pain" not in page
    r = _post(maria, DAN, f"{DAN}/physician-review", reviewed_on=TODAY.isoformat(), physician="", outcome="continue")
    assert r.status_code == 422 and "physician's name is needed" in html.unescape(r.text)
    r = _post(maria, DAN, f"{DAN}/physician-review", reviewed_on=TODAY.isoformat(), physician="Dr Adeyemi",
              outcome="continue", note="MRI: no new damage")  # fmt: skip
    assert r.status_code == 303
    r = _post(maria, DAN, f"{DAN}/clear", override_reason="shared decision with the club doctor")
    assert r.status_code == 303, html.unescape(r.text)[:2000]
    page = html.unescape(maria.get(DAN).text)
    assert "Clearance record" in page and "Physician review on" in page and "Dr Adeyemi" in page
    assert "shared decision with the club doctor" in page and "Criterion that day" in page
    assert "(clinician)" in page and "protocol " in page


def test_a_coach_cannot_record_a_physician_review(browser: Browser, store: Store) -> None:
    coach = browser("coach")
    r = _post(
        coach, DAN, f"{DAN}/physician-review", reviewed_on=TODAY.isoformat(), physician="Dr A", outcome="continue"
    )
    assert r.status_code == 403
    assert "physician review" not in html.unescape(coach.get(DAN).text).lower()


def test_a_sleep_only_resend_keeps_the_pain_answers_and_the_form_is_prefilled(browser: Browser, store: Store) -> None:
    sam = browser("sam")
    assert _post(sam, "/me", "/me/checkin", pain_exercise="6", pain_rest="1").status_code == 303
    assert _post(sam, "/me", "/me/checkin", sleep_hours="6.5").status_code == 303
    c = _today(store, "sam-rivera")
    assert (c.pain_exercise, c.pain_rest, c.sleep_hours) == (6, 1, 6.5)  # type: ignore[attr-defined]
    page = sam.get("/me").text
    assert (
        'name="pain_exercise" value="6" checked' in page
        and 'name="sleep_hours" inputmode="decimal" value="6.5"' in page
    )


def test_unanswered_night_pain_is_stored_as_unanswered(browser: Browser, store: Store) -> None:
    tomorrow = TODAY + timedelta(days=1)
    assert _post(browser("sam"), "/me", "/me/checkin", date=tomorrow.isoformat(), pain_rest="1").status_code == 303
    c = checkins.todays_checkin(store, CLI_OPERATOR, "sam-rivera", tomorrow, NOW)
    assert c is not None and c.night_pain is None
