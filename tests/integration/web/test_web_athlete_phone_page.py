"""The athlete's own page: today in plain words, the daily check-in, their history, and only their own data."""

from __future__ import annotations

import html
from collections.abc import Callable

import httpx
import pytest
from clinic import clinic
from fastapi.testclient import TestClient
from websupport import NOW, TODAY, csrf_of

from sprintback.services import checkins, evaluation
from sprintback.services.access import CLI_OPERATOR
from sprintback.store import Store
from sprintback.web.render import PLAIN_DECISION

Browser = Callable[[str | None], TestClient]


def _checkins(store: Store, athlete: str = "sam-rivera") -> int:
    return checkins.list_checkins(store, CLI_OPERATOR, athlete, NOW, 1, 0).total


def _send(c: TestClient, **fields: str) -> httpx.Response:
    token = csrf_of(c.get("/me").text)
    return c.post("/me/checkin", data={"csrf": token, **fields})


def test_the_athlete_sees_today_in_plain_words_with_phase_and_running_allowance(browser: Browser, store: Store) -> None:
    page = html.unescape(browser("sam").get("/me").text)
    d = evaluation.evaluate_athlete(clinic(store), CLI_OPERATOR, "sam-rivera", TODAY, NOW)
    assert PLAIN_DECISION[d.kind] in page
    assert d.phase_name in page
    assert "No running today" in page or "Running today: up to" in page
    assert 'name="viewport"' in page and 'class="phone"' in page
    # Plain words, not the clinician's table: no evidence keys or grades on the athlete's page.
    assert "practice-default" not in page and "silbernagel2007" not in page


def test_the_athlete_sends_a_check_in_and_sees_it_in_their_history(browser: Browser, store: Store) -> None:
    sam = browser("sam")
    before = _checkins(store)
    r = _send(sam, pain_rest="0", pain_walking="1", pain_exercise="2", pain_next_morning="1", soreness="2",
              sleep_hours="7,5", night_pain="no", note="felt fine")  # fmt: skip
    assert r.status_code == 303 and r.headers["location"].startswith("/me?saved=checkin")
    stored = checkins.list_checkins(store, CLI_OPERATOR, "sam-rivera", NOW, 1, _checkins(store) - 1).items[0]
    c = stored.value
    assert (c.date, c.pain_walking, c.pain_exercise, c.sleep_hours, c.night_pain, c.note) == (
        TODAY,
        1,
        2,
        7.5,
        False,
        "felt fine",
    )
    assert stored.recorded_by == "sam" and stored.supersedes_id is not None  # replaces today's demo check-in
    assert _checkins(store) == before  # a correction, not a second row for the day
    page = html.unescape(sam.get("/me?saved=checkin").text)
    assert "your check-in is saved" in page and "sleep <b>7.5 h</b>" in page


def test_night_pain_in_a_check_in_turns_today_into_a_referral(browser: Browser, store: Store) -> None:
    sam = browser("sam")
    _send(sam, pain_rest="1", pain_walking="2", pain_exercise="2", pain_next_morning="1", night_pain="yes")
    page = html.unescape(sam.get("/me").text)
    assert (
        PLAIN_DECISION[evaluation.evaluate_athlete(clinic(store), CLI_OPERATOR, "sam-rivera", TODAY, NOW).kind] in page
    )
    assert "contact your physio or doctor" in page


@pytest.mark.parametrize(
    ("fields", "bad_field", "words"),
    [
        ({"pain_walking": "11"}, "pain_walking", "outside 0–10"),
        ({"pain_rest": "1", "sleep_hours": "30"}, "sleep_hours", "outside 0–24"),
        ({"pain_rest": "1", "sleep_hours": "lots"}, "sleep_hours", "is not a number"),
        ({"pain_rest": "1", "night_pain": "maybe"}, "night_pain", "answer yes or no"),
    ],
)
def test_bad_check_in_input_is_shown_next_to_its_field_and_nothing_is_stored(
    browser: Browser, store: Store, fields: dict[str, str], bad_field: str, words: str
) -> None:
    sam = browser("sam")
    before = checkins.list_checkins(store, CLI_OPERATOR, "sam-rivera", NOW, 500, 0).items
    r = _send(sam, **fields)
    assert r.status_code == 422
    page = html.unescape(r.text)
    after_error = page.split(f'id="{bad_field}-error">', 1)
    assert len(after_error) == 2, f"no error next to {bad_field}"
    assert words in after_error[1].split("</span>", 1)[0]
    assert checkins.list_checkins(store, CLI_OPERATOR, "sam-rivera", NOW, 500, 0).items == before


def test_an_empty_check_in_asks_for_an_answer(browser: Browser, store: Store) -> None:
    before = _checkins(store)
    r = _send(browser("sam"))
    assert r.status_code == 422 and "answer at least one question" in r.text
    assert _checkins(store) == before


@pytest.mark.parametrize("other", ["jonas-berg", "mia-tanaka", "dan-okafor"])
def test_an_athlete_cannot_open_another_athletes_page(browser: Browser, other: str) -> None:
    sam = browser("sam")
    for path in (f"/athletes/{other}", f"/athletes/{other}/assess"):
        r = sam.get(path)
        assert r.status_code == 403
        assert "Not allowed" in r.text


def test_the_athlete_board_and_own_staff_page_lead_back_to_their_own_page(browser: Browser) -> None:
    sam = browser("sam")
    assert sam.get("/squad").headers["location"] == "/me"
    assert sam.get("/athletes/sam-rivera").headers["location"] == "/me"
    page = html.unescape(sam.get("/me").text)
    assert "Jonas" not in page and "Mia" not in page


def test_an_athlete_cannot_record_an_assessment(browser: Browser, store: Store) -> None:
    from sprintback.services import assessments

    sam = browser("sam")
    token = csrf_of(sam.get("/me").text)
    before = assessments.list_measurements(store, CLI_OPERATOR, "sam-rivera", NOW, 1, 0).total
    r = sam.post("/athletes/sam-rivera/assess", data={"csrf": token, "kind": "ake_deg", "value": "90", "side": "left"})
    assert r.status_code == 403
    assert assessments.list_measurements(store, CLI_OPERATOR, "sam-rivera", NOW, 1, 0).total == before


def test_staff_cannot_send_an_athlete_check_in_from_the_phone_page(browser: Browser, store: Store) -> None:
    maria = browser("maria")
    token = csrf_of(maria.get("/squad").text)
    before = _checkins(store)
    r = maria.post("/me/checkin", data={"csrf": token, "pain_rest": "1"})
    assert r.status_code == 403
    assert _checkins(store) == before


def test_the_phone_page_shows_todays_session_and_the_week_in_plain_words(browser: Browser, store: Store) -> None:
    from sprintback.services.athlete_plans import plan_for_athlete

    sam = browser("sam")
    result = plan_for_athlete(clinic(store), CLI_OPERATOR, "sam-rivera", TODAY, NOW)
    assert result is not None
    today = next(d for d in result.plan.days if d.date == TODAY)
    page = html.unescape(sam.get("/me").text)
    assert "Today's session" in page and today.items
    for item in today.items:
        assert item.name in page and item.describe() in page
    week = html.unescape(sam.get("/me/plan").text)
    assert week.count('class="day ') == 7 and "My week" in week
    assert "Sources" not in week and "practice-default" not in week  # the clinician's view keeps those
