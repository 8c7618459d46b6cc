"""A coach plans around availability; nothing clinical reaches them, in any face (JSON, iCalendar, pages).

The demo squad has Dan Okafor (Harbour FC) with pain rising and night pain: the engine refers him, and
its reason ("Refer to a physician: Night pain reported…") is clinical. Every field of every response the
coach gets is checked against `services.field_policy`: a clinical field must be empty. The clinician's
answers are checked to hold those values, so the test cannot pass by everything being empty.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sprintback.services.field_policy import RESPONSE_FIELDS, clinical_fields

RED_FLAG = "dan-okafor"
# The engine's reason for the referral. A refer day's training instruction ("Rest and see your physician") is
# training data: the coach must know not to train him; why he was referred is not theirs.
CLINICAL_TEXT = ("Night pain", "night pain", "Refer to a physician")


def _api(browser: Callable[[str | None], TestClient], squad_tokens: dict[str, str], user: str) -> TestClient:
    c = browser(None)
    c.headers["Authorization"] = f"Bearer {squad_tokens[user]}"
    return c


def _empty_clinical(kind: str, doc: dict[str, Any], where: str) -> list[str]:
    assert set(doc) <= set(RESPONSE_FIELDS[kind]), (
        f"{where}: unclassified fields {set(doc) - set(RESPONSE_FIELDS[kind])}"
    )
    return [f"{where}.{f}={doc[f]!r}" for f in clinical_fields(kind) if doc.get(f) not in (None, "", [], {})]


def _coach_leaks(c: TestClient, athlete_id: str) -> list[str]:
    leaks: list[str] = []
    base = f"/api/v1/athletes/{athlete_id}"
    profile = c.get(base).json()
    leaks += _empty_clinical("ProfileOut", profile, "profile")
    leaks += _empty_clinical("AvailabilityOut", profile["availability"], "profile.availability")
    leaks += _empty_clinical("AvailabilityOut", c.get(f"{base}/availability").json(), "availability")
    for s in c.get(f"{base}/sessions").json()["items"]:
        leaks += _empty_clinical("SessionOut", s, "sessions[]")
    plan = c.get(f"{base}/plan")
    if plan.status_code == 200:
        doc = plan.json()
        leaks += _empty_clinical("CasePlan", doc, "plan")
        for d in doc["days"]:
            if d["adjustment"]:
                leaks += _empty_clinical("DayAdjustment", d["adjustment"], f"plan.days[{d['date']}].adjustment")
    for path in ("", "/availability", "/sessions", "/plan", "/plan.ics"):
        text = c.get(base + path).text
        leaks += [f"{path or '/'} says {t!r}" for t in CLINICAL_TEXT if t in text]
    return leaks


def test_no_clinical_field_or_reason_reaches_a_coach(browser: Callable[[str | None], TestClient], squad: Any) -> None:
    coach = _api(browser, squad.tokens, "coach")
    squad_list = coach.get("/api/v1/athletes").json()["items"]
    assert RED_FLAG in {e["id"] for e in squad_list}
    leaks = [
        f"squad[{e['id']}]: {x}"
        for e in squad_list
        for x in _empty_clinical("AvailabilityOut", e["availability"], "availability")
    ]
    for e in squad_list:
        leaks += [f"{e['id']}: {x}" for x in _coach_leaks(coach, e["id"])]
    assert leaks == []


def test_coach_pages_carry_no_decision_or_reason(browser: Callable[[str | None], TestClient]) -> None:
    coach = browser("coach")
    for page in ("/squad", f"/athletes/{RED_FLAG}", f"/athletes/{RED_FLAG}/plan"):
        r = coach.get(page)
        assert r.status_code == 200, page
        assert not [t for t in (*CLINICAL_TEXT, 'class="decision') if t in r.text], page


@pytest.mark.parametrize("path", ["/plan", "/plan.ics"])
def test_the_clinician_still_gets_the_reason(
    browser: Callable[[str | None], TestClient], squad: Any, path: str
) -> None:
    clinician = _api(browser, squad.tokens, "maria")
    assert "Night pain" in clinician.get(f"/api/v1/athletes/{RED_FLAG}{path}").text
    assert clinician.get(f"/api/v1/athletes/{RED_FLAG}/availability").json()["decision"] == "refer"
