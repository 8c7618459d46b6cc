"""Squad board, athlete page and assessment form, for each staff role; what each role sees and not."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import httpx
import pytest
from clinic import clinic
from fastapi.testclient import TestClient
from websupport import NOW, TODAY, csrf_of

from sprintback.services import assessments, evaluation
from sprintback.services.access import CLI_OPERATOR
from sprintback.services.demo_squad import DEMO_SQUAD
from sprintback.store import Store

Browser = Callable[[str | None], TestClient]
HARBOUR = [p.name for p in DEMO_SQUAD if p.team == "harbour-fc"]
CITY = [p.name for p in DEMO_SQUAD if p.team == "city-athletics"]

# page × account → status (303: sent to the account's own home page)
MATRIX = {
    "/squad": {"admin": 200, "maria": 200, "lena": 200, "coach": 200, "sam": 303},
    "/athletes/sam-rivera": {"admin": 200, "maria": 200, "lena": 403, "coach": 200, "sam": 303},
    "/athletes/mia-tanaka": {"admin": 200, "maria": 403, "lena": 200, "coach": 403, "sam": 403},
    "/athletes/jonas-berg": {"admin": 200, "maria": 200, "lena": 403, "coach": 200, "sam": 403},
    "/athletes/sam-rivera/assess": {"admin": 200, "maria": 200, "lena": 403, "coach": 403, "sam": 403},
    # The case report is clinical: the athlete may read their own (the services allow it), a coach not.
    "/athletes/sam-rivera/report": {"admin": 200, "maria": 200, "lena": 403, "coach": 403, "sam": 200},
    "/athletes/jonas-berg/report": {"admin": 200, "maria": 200, "lena": 403, "coach": 403, "sam": 403},
    # Coaches see plans (training data, as in the API); the page leaves out the clinical reasons for them.
    "/athletes/sam-rivera/plan": {"admin": 200, "maria": 200, "lena": 403, "coach": 200, "sam": 303},
    "/athletes/jonas-berg/plan": {"admin": 200, "maria": 200, "lena": 403, "coach": 200, "sam": 403},
    "/me/plan": {"admin": 403, "maria": 403, "lena": 403, "coach": 403, "sam": 200},
    # Only an admin learns that an id does not exist; anyone else gets the same 403 as for a hidden athlete.
    "/athletes/nobody-here": {"admin": 404, "maria": 403, "lena": 403, "coach": 403, "sam": 403},
    "/me": {"admin": 303, "maria": 303, "lena": 303, "coach": 303, "sam": 200},
}
CASES = [(path, who, status) for path, row in MATRIX.items() for who, status in row.items()]

# Every web route and how its access is tested. Generated from the routers below, so a new page or form
# without an entry here fails `test_every_web_route_has_its_access_tested`.
ROUTE_ACCESS = {
    ("GET", "/"): "public: redirects to the account's home or to /login",
    ("GET", "/login"): "public",
    ("POST", "/login"): "public: test_web_sign_in_and_csrf.py",
    ("POST", "/logout"): "any signed-in account: test_web_sign_in_and_csrf.py",
    ("GET", "/static/{name}"): "public stylesheet",
    ("GET", "/squad"): "MATRIX",
    ("GET", "/athletes/{athlete_id}"): "MATRIX",
    ("GET", "/athletes/{athlete_id}/assess"): "MATRIX",
    ("GET", "/athletes/{athlete_id}/report"): "MATRIX",
    ("GET", "/athletes/{athlete_id}/plan"): "MATRIX",
    ("GET", "/me"): "MATRIX",
    ("GET", "/me/plan"): "MATRIX",
    ("POST", "/athletes/{athlete_id}/assess"): "coach, athlete and other-team clinician refused: tests below",
    ("POST", "/athletes/{athlete_id}/clear"): "coach refused: test_a_coach_can_neither_see_nor_send_the_clearance_form",
    ("POST", "/me/checkin"): "staff refused: test_staff_cannot_send_an_athlete_check_in_from_the_phone_page",
    ("POST", "/athletes/{athlete_id}/documents"): "coach refused: test_web_documents.py",
    ("GET", "/jobs/{job_id}"): "the job's own authorisation: test_web_documents.py",
    ("GET", "/jobs/{job_id}/download"): "the job's own authorisation: test_web_documents.py",
    ("GET", "/measurements/import"): "clinical staff only: test_web_measurement_import.py",
    ("POST", "/measurements/import"): "clinical staff only: test_web_measurement_import.py",
    ("POST", "/measurements/import/commit"): "clinical staff only: test_web_measurement_import.py",
}


def test_every_web_route_has_its_access_tested() -> None:
    from sprintback.web import PAGE_MODULES

    routes = {(m, r.path) for mod in PAGE_MODULES for r in mod.router.routes for m in r.methods}  # type: ignore[attr-defined]
    assert routes == set(ROUTE_ACCESS)
    for method, template in ROUTE_ACCESS:
        if ROUTE_ACCESS[(method, template)] == "MATRIX":
            pattern = re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$")
            assert any(pattern.match(path) for path in MATRIX), f"{template} has no row in MATRIX"


@pytest.mark.parametrize(("path", "who", "status"), CASES)
def test_each_page_for_each_account(browser: Browser, path: str, who: str, status: int) -> None:
    r = browser(who).get(path)
    assert r.status_code == status, r.text[:300]
    if status == 403:
        assert "Not allowed" in r.text
    if status == 303:
        home = "/me" if who == "sam" else "/squad"
        assert r.headers["location"] == (home + "/plan" if path.endswith("/plan") else home)


def test_the_clinician_board_lists_her_team_with_decisions_and_the_key_unmet_criterion(
    browser: Browser, store: Store
) -> None:
    page = html.unescape(browser("maria").get("/squad").text)
    for name in HARBOUR:
        assert name in page
    for name in CITY:
        assert name not in page
    # Dan Okafor's demo history ends in night pain: the engine refers, and the board says why.
    dan = evaluation.evaluate_athlete(clinic(store), CLI_OPERATOR, "dan-okafor", TODAY, NOW)
    assert dan.kind.value == "refer"
    fired = next(r for r in dan.reasons if r.status.value == "triggered")
    assert fired.label in page
    assert "Key criterion not met" in page
    assert "unavailable" in page.lower()


def test_the_admin_board_has_every_athlete_and_a_team_filter(browser: Browser) -> None:
    admin = browser("admin")
    page = html.unescape(admin.get("/squad").text)
    for name in HARBOUR + CITY:
        assert name in page
    only_city = html.unescape(admin.get("/squad?team=city-athletics").text)
    assert all(n in only_city for n in CITY) and not any(n in only_city for n in HARBOUR)


def test_the_coach_board_shows_availability_but_no_clinical_criteria(browser: Browser, store: Store) -> None:
    page = html.unescape(browser("coach").get("/squad").text)
    for name in HARBOUR:
        assert name in page
    assert "restricted" in page.lower()
    assert "Key criterion not met" not in page
    dan = evaluation.evaluate_athlete(clinic(store), CLI_OPERATOR, "dan-okafor", TODAY, NOW)
    for r in dan.reasons:
        assert r.label not in page


def test_the_athlete_page_shows_every_reason_with_observed_threshold_result_and_evidence(
    browser: Browser, store: Store
) -> None:
    page = html.unescape(browser("maria").get("/athletes/sam-rivera").text)
    d = evaluation.evaluate_athlete(clinic(store), CLI_OPERATOR, "sam-rivera", TODAY, NOW)
    assert d.summary in page
    for r in d.reasons:
        assert r.label in page
        assert r.evidence.source in page
        if r.threshold:
            assert r.threshold in page
    assert "<svg" in page and "rehabilitation timeline" in page
    assert "Recent check-ins" in page and "Recent measurements" in page
    assert "Sharp pain in the posterior thigh" in page  # the injury note is clinical: clinicians see it


def test_the_coach_athlete_page_has_no_injury_notes_reasons_or_timeline(browser: Browser, store: Store) -> None:
    page = html.unescape(browser("coach").get("/athletes/sam-rivera").text)
    assert "Sam Rivera" in page and "Availability" in page and "Protect and activate" in page
    d = evaluation.evaluate_athlete(clinic(store), CLI_OPERATOR, "sam-rivera", TODAY, NOW)
    for r in d.reasons:
        assert r.label not in page
    assert "<svg" not in page
    assert "Sharp pain" not in page and "BAMIC" not in page
    assert "Record a measurement" not in page


def _count(store: Store, athlete: str = "sam-rivera") -> int:
    return assessments.list_measurements(store, CLI_OPERATOR, athlete, NOW, 1, 0).total


def _assess(c: TestClient, athlete: str, **fields: str) -> httpx.Response:
    token = csrf_of(c.get(f"/athletes/{athlete}/assess").text)
    return c.post(f"/athletes/{athlete}/assess", data={"csrf": token, **fields})


def test_a_clinician_records_a_measurement_and_sees_it_on_the_athlete_page(browser: Browser, store: Store) -> None:
    maria = browser("maria")
    before = _count(store)
    r = _assess(maria, "sam-rivera", kind="nordic_force_n", value="251", side="left", pain="1", note="first Nordic")
    assert r.status_code == 303 and r.headers["location"] == "/athletes/sam-rivera?saved=measurement"
    assert _count(store) == before + 1
    latest = assessments.list_measurements(store, CLI_OPERATOR, "sam-rivera", NOW, 1, before).items[0].value
    assert (latest.kind, latest.value, latest.side and latest.side.value, latest.pain) == (
        "nordic_force_n",
        251,
        "left",
        1,
    )
    page = html.unescape(maria.get("/athletes/sam-rivera?saved=measurement").text)
    assert "Measurement saved" in page and "Nordic eccentric force" in page and "251 N" in page


@pytest.mark.parametrize(
    ("fields", "bad_field", "words"),
    [
        ({"kind": "iso_90_90_n", "value": "99999", "side": "left"}, "value", "outside 0–1500 N"),
        ({"kind": "iso_90_90_n", "value": "abc", "side": "left"}, "value", "is not a number"),
        ({"kind": "iso_90_90_n", "value": "250"}, "side", "per leg"),
        ({"kind": "", "value": "250"}, "kind", "choose what was measured"),
        ({"kind": "ake_deg", "value": "70", "side": "left", "pain": "12"}, "pain", "outside 0–10"),
        ({"kind": "ake_deg", "value": "70", "side": "left", "date": "2030-01-01"}, "date", "in the future"),
        ({"kind": "ake_deg", "value": "70", "side": "left", "date": "0001-01-01"}, "date", "before the earliest date"),
        ({"kind": "ake_deg", "value": "70", "side": "left", "date": "25/11/2026"}, "date", "is not a date"),
    ],
)
def test_bad_assessment_input_is_shown_next_to_its_field_and_nothing_is_stored(
    browser: Browser, store: Store, fields: dict[str, str], bad_field: str, words: str
) -> None:
    before = _count(store)
    r = _assess(browser("maria"), "sam-rivera", **fields)
    assert r.status_code == 422
    page = html.unescape(r.text)
    error = page.split(f'id="{bad_field}-error">', 1)
    assert len(error) == 2, f"no error next to {bad_field}"
    assert words in error[1].split("</span>", 1)[0]
    if fields.get("value"):
        assert f'value="{fields["value"]}"' in page  # what was typed is kept for correction
    assert _count(store) == before


def test_a_coach_cannot_record_a_measurement_even_by_posting_directly(browser: Browser, store: Store) -> None:
    coach = browser("coach")
    token = csrf_of(coach.get("/squad").text)
    before = _count(store)
    r = coach.post(
        "/athletes/sam-rivera/assess", data={"csrf": token, "kind": "ake_deg", "value": "70", "side": "left"}
    )
    assert r.status_code == 403
    assert _count(store) == before


def test_a_clinician_cannot_assess_another_teams_athlete(browser: Browser, store: Store) -> None:
    maria = browser("maria")
    token = csrf_of(maria.get("/squad").text)
    before = _count(store, "mia-tanaka")
    r = maria.post(
        "/athletes/mia-tanaka/assess", data={"csrf": token, "kind": "ake_deg", "value": "70", "side": "left"}
    )
    assert r.status_code == 403
    assert _count(store, "mia-tanaka") == before


def test_the_printable_report_is_todays_case_report(browser: Browser, store: Store) -> None:
    page = html.unescape(browser("maria").get("/athletes/dan-okafor/report").text)
    d = evaluation.evaluate_athlete(clinic(store), CLI_OPERATOR, "dan-okafor", TODAY, NOW)
    assert "Dan Okafor" in page and d.summary in page and "<svg" in page


def test_an_athlete_without_an_injury_shows_as_available_with_nothing_to_decide(browser: Browser, store: Store) -> None:
    from sprintback.domain.models import Athlete
    from sprintback.services.athletes import create_athlete

    create_athlete(store, CLI_OPERATOR, Athlete("eve-fit", "Eve Fit", "football"), "harbour-fc", NOW)
    maria = browser("maria")
    board = html.unescape(maria.get("/squad").text)
    row = board.split("Eve Fit", 1)[1].split("</tr>", 1)[0]
    assert "no injury" in row and "available" in row
    page = html.unescape(maria.get("/athletes/eve-fit").text)
    assert "Eve Fit" in page and "Today's decision" not in page and "<svg" not in page
    assert maria.get("/athletes/eve-fit/report").status_code == 404
    r = _assess(maria, "eve-fit", kind="ake_deg", value="80", side="left")
    assert r.status_code == 422 and "record the injury before assessing it" in r.text
    assert _count(store, "eve-fit") == 0


def test_both_legs_of_one_test_are_recorded_together_for_limb_symmetry(browser: Browser, store: Store) -> None:
    before = _count(store)
    r = _assess(browser("maria"), "sam-rivera", kind="iso_90_90_n", value="230", side="left", pain="2",
                other_value="300", other_pain="0")  # fmt: skip
    assert r.status_code == 303
    new = assessments.list_measurements(store, CLI_OPERATOR, "sam-rivera", NOW, 10, before).items
    assert sorted((m.value.side.value, m.value.value, m.value.pain) for m in new if m.value.side) == [
        ("left", 230, 2),
        ("right", 300, 0),
    ]


@pytest.mark.parametrize(
    ("fields", "bad_field", "words"),
    [
        ({"other_value": "5000", "other_pain": "0"}, "other_value", "outside 0–1500 N"),
        ({"other_value": "300", "other_pain": "15"}, "other_pain", "outside 0–10"),
        ({"other_pain": "1"}, "other_value", "enter the other leg's value"),
    ],
)
def test_an_error_on_the_other_leg_is_shown_there_and_neither_leg_is_stored(
    browser: Browser, store: Store, fields: dict[str, str], bad_field: str, words: str
) -> None:
    before = _count(store)
    r = _assess(browser("maria"), "sam-rivera", kind="iso_90_90_n", value="230", side="left", **fields)
    assert r.status_code == 422
    after_error = html.unescape(r.text).split(f'id="{bad_field}-error">', 1)
    assert len(after_error) == 2 and words in after_error[1].split("</span>", 1)[0]
    assert _count(store) == before


def _clear(c: TestClient, athlete: str, **fields: str) -> httpx.Response:
    token = csrf_of(c.get(f"/athletes/{athlete}").text)
    return c.post(f"/athletes/{athlete}/clear", data={"csrf": token, **fields})


def test_clearing_against_the_engine_needs_a_written_reason(browser: Browser, store: Store) -> None:
    maria = browser("maria")
    assert evaluation.evaluate_athlete(clinic(store), CLI_OPERATOR, "kofi-mensah", TODAY, NOW).kind.value != "clear"
    r = _clear(maria, "kofi-mensah", note="match on Saturday")
    assert r.status_code == 422
    after = html.unescape(r.text).split('id="override_reason-error">', 1)
    assert len(after) == 2 and "give override_reason to clear anyway" in after[1].split("</span>", 1)[0]
    assert 'value="match on Saturday"' in r.text
    assert evaluation.availability(clinic(store), CLI_OPERATOR, "kofi-mensah", TODAY, NOW).cleared_on is None

    r = _clear(maria, "kofi-mensah", override_reason="H-test apprehension is habitual; discussed with the athlete")
    assert r.status_code == 303 and r.headers["location"] == "/athletes/kofi-mensah?saved=clearance"
    assert evaluation.availability(clinic(store), CLI_OPERATOR, "kofi-mensah", TODAY, NOW).status == "available"
    page = html.unescape(maria.get(r.headers["location"]).text)
    assert "Cleared for return to sport today" in page and "Cleared on" in page


def test_a_coach_can_neither_see_nor_send_the_clearance_form(browser: Browser, store: Store) -> None:
    coach = browser("coach")
    assert "Clear for return to sport" not in coach.get("/athletes/kofi-mensah").text
    r = _clear(coach, "kofi-mensah", override_reason="we need him")
    assert r.status_code == 403
    assert evaluation.availability(clinic(store), CLI_OPERATOR, "kofi-mensah", TODAY, NOW).cleared_on is None


def test_the_week_plan_shows_seven_days_with_every_exercise_and_why_days_changed(
    browser: Browser, store: Store
) -> None:
    from sprintback.services.athlete_plans import plan_for_athlete

    page = html.unescape(browser("maria").get("/athletes/sam-rivera/plan").text)
    result = plan_for_athlete(clinic(store), CLI_OPERATOR, "sam-rivera", TODAY, NOW)
    assert result is not None and len(result.plan.days) == 7
    assert page.count('class="day ') == 7 and page.count("is-today") == 1
    for d in result.plan.days:
        assert d.date.strftime("%A %d %b") in page
        for item in d.items:
            assert item.name in page and item.describe() in page
        if d.adjustment is not None:
            assert d.adjustment.rule in page and d.adjustment.reason in page
    for key in result.plan.citations:
        assert key in page


def test_the_coach_sees_the_week_plan_but_not_the_clinical_reasons_for_changed_days(
    browser: Browser, store: Store
) -> None:
    from sprintback.services.athlete_plans import plan_for_athlete

    assert "Week plan" in browser("coach").get("/athletes/sam-rivera").text
    assert "Week plan" in browser("maria").get("/athletes/sam-rivera").text
    coach = html.unescape(browser("coach").get("/athletes/sam-rivera/plan").text)
    maria = html.unescape(browser("maria").get("/athletes/sam-rivera/plan").text)
    result = plan_for_athlete(clinic(store), CLI_OPERATOR, "sam-rivera", TODAY, NOW)
    assert result is not None
    changed = [d.adjustment for d in result.plan.days if d.adjustment is not None]
    assert changed, "the demo athlete's week has a changed day"
    for adj in changed:
        assert adj.reason in maria and adj.reason not in coach
    for d in result.plan.days:
        for item in d.items:
            assert item.name in coach


def test_the_clinician_page_shows_the_forecast_fan_chart_risk_profile_and_post_clearance_alerts(
    browser: Browser, store: Store
) -> None:
    from sprintback.services.forecasting import forecast_for_athlete

    page = html.unescape(browser("maria").get("/athletes/sam-rivera").text)
    f = forecast_for_athlete(clinic(store), CLI_OPERATOR, "sam-rivera", TODAY, NOW).forecast
    assert "Return-to-play forecast" in page and f.rts.dates(f.injury_date)[1].strftime("%d %b %Y") in page
    assert "<title>Return-to-play forecast for sam-rivera</title>" in page and "<desc>Median readiness" in page
    assert "Reinjury risk profile" in page and "green2020" in page and f.prior.evidence.source in page
    lena = html.unescape(browser("lena").get("/athletes/ivan-petrov").text)  # cleared 30 days ago
    assert "After clearance" in lena and "Re-assessment #1" in lena
    assert "Nordic eccentric force of the injured leg: " in lena  # the demo drift after clearance


def test_the_coach_sees_the_forecast_dates_but_not_the_prior_or_the_risk_profile(
    browser: Browser, store: Store
) -> None:
    from sprintback.services.forecasting import forecast_for_athlete

    page = html.unescape(browser("coach").get("/athletes/sam-rivera").text)
    f = forecast_for_athlete(clinic(store), CLI_OPERATOR, "sam-rivera", TODAY, NOW).forecast
    assert "Return-to-play forecast" in page and f.rts.dates(f.injury_date)[1].strftime("%d %b %Y") in page
    assert "Reinjury risk profile" not in page and "Prior:" not in page and f.prior.evidence.source not in page
