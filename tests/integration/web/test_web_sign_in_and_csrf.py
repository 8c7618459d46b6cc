"""Signing in and out, the session cookie, CSRF form tokens, redirects for the signed-out."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from websupport import NOW, csrf_of

from sprintback.api.app import create_app
from sprintback.services import checkins
from sprintback.services.access import CLI_OPERATOR
from sprintback.settings import Settings
from sprintback.store import Store

Browser = Callable[[str | None], TestClient]
PAGES = ["/", "/squad", "/me", "/athletes/sam-rivera", "/athletes/sam-rivera/assess"]
FORMS = ["/me/checkin", "/athletes/sam-rivera/assess", "/logout"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_sends_a_signed_out_visitor_to_sign_in(browser: Browser, path: str) -> None:
    r = browser(None).get(path)
    assert r.status_code == 303
    assert r.headers["location"].startswith("/login")


def test_the_page_asked_for_is_where_sign_in_leads(browser: Browser) -> None:
    c = browser(None)
    first = c.get("/athletes/sam-rivera")
    assert first.headers["location"] == "/login?next=/athletes/sam-rivera"
    page = c.get(first.headers["location"])
    r = c.post(
        "/login",
        data={
            "username": "maria",
            "password": "sprintback-demo-squad",
            "csrf": csrf_of(page.text),
            "next": "/athletes/sam-rivera",
        },
    )
    assert r.status_code == 303 and r.headers["location"] == "/athletes/sam-rivera"


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example"])
def test_sign_in_never_redirects_off_site(browser: Browser, target: str) -> None:
    c = browser(None)
    page = c.get("/login")
    r = c.post(
        "/login",
        data={"username": "maria", "password": "sprintback-demo-squad", "csrf": csrf_of(page.text), "next": target},
    )
    assert r.headers["location"] == "/squad"


@pytest.mark.parametrize("path", FORMS)
def test_a_signed_out_post_goes_to_sign_in_and_stores_nothing(browser: Browser, store: Store, path: str) -> None:
    before = checkins.list_checkins(store, CLI_OPERATOR, "sam-rivera", NOW, 1, 0).total
    r = browser(None).post(path, data={"pain_rest": "1", "kind": "pain_rest", "value": "1"})
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert checkins.list_checkins(store, CLI_OPERATOR, "sam-rivera", NOW, 1, 0).total == before


def test_the_session_cookie_is_httponly_and_samesite_lax(browser: Browser) -> None:
    c = browser(None)
    page = c.get("/login")
    r = c.post("/login", data={"username": "maria", "password": "sprintback-demo-squad", "csrf": csrf_of(page.text)})
    cookie = [h for h in r.headers.get_list("set-cookie") if h.startswith("sb_session=")]
    assert len(cookie) == 1
    attrs = cookie[0].lower()
    assert "httponly" in attrs and "samesite=lax" in attrs and "path=/" in attrs and "max-age=" in attrs


def test_a_wrong_password_shows_the_form_again_without_a_session(browser: Browser) -> None:
    c = browser(None)
    page = c.get("/login")
    r = c.post("/login", data={"username": "maria", "password": "not-the-password", "csrf": csrf_of(page.text)})
    assert r.status_code == 401
    assert "Wrong username or password" in r.text
    assert 'value="maria"' in r.text  # the username is kept, the password is not
    assert "sb_session" not in c.cookies
    assert c.get("/squad").status_code == 303


def test_sign_in_without_the_login_form_token_is_refused(browser: Browser) -> None:
    c = browser(None)
    c.get("/login")
    r = c.post("/login", data={"username": "maria", "password": "sprintback-demo-squad", "csrf": "forged"})
    assert r.status_code == 403
    assert "sb_session" not in c.cookies


def test_a_form_without_the_session_form_token_is_refused_and_stores_nothing(browser: Browser, store: Store) -> None:
    sam = browser("sam")
    before = checkins.list_checkins(store, CLI_OPERATOR, "sam-rivera", NOW, 1, 0).total
    for token in ("", "0" * 64):
        r = sam.post("/me/checkin", data={"csrf": token, "pain_rest": "1", "pain_walking": "1"})
        assert r.status_code == 403
    assert checkins.list_checkins(store, CLI_OPERATOR, "sam-rivera", NOW, 1, 0).total == before


def test_form_tokens_differ_between_sessions(browser: Browser) -> None:
    a = csrf_of(browser("sam").get("/me").text)
    b = csrf_of(browser("sam").get("/me").text)
    assert a != b and len(a) == 64


def test_sign_out_revokes_the_token_not_just_the_cookie(browser: Browser) -> None:
    c = browser("maria")
    token = c.cookies["sb_session"]
    r = c.post("/logout", data={"csrf": csrf_of(c.get("/squad").text)})
    assert r.status_code == 303 and r.headers["location"] == "/login"
    thief = browser(None)
    thief.cookies.set("sb_session", token)
    assert thief.get("/squad").status_code == 303  # the copied cookie no longer opens anything


def test_a_made_up_session_cookie_opens_nothing(browser: Browser) -> None:
    c = browser(None)
    c.cookies.set("sb_session", "made-up-token")
    assert c.get("/squad").headers["location"].startswith("/login")
    assert c.get("/login").status_code == 200  # and the sign-in form still shows


def test_home_leads_staff_to_the_board_and_athletes_to_their_page(browser: Browser) -> None:
    assert browser("maria").get("/").headers["location"] == "/squad"
    assert browser("coach").get("/").headers["location"] == "/squad"
    assert browser("sam").get("/").headers["location"] == "/me"


def test_the_stylesheet_is_served_from_the_package(browser: Browser) -> None:
    r = browser(None).get("/static/sprintback.css")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/css")
    assert "body" in r.text
    for bad in ("/static/missing.css", "/static/..%2Fweb%2F__init__.py", "/static/.hidden.css"):
        assert browser(None).get(bad).status_code == 404


@pytest.mark.parametrize("who", ["maria", "coach", "sam"])
def test_pages_load_nothing_from_the_internet(browser: Browser, who: str) -> None:
    c = browser(who)
    for path in ("/login", "/squad", "/me", "/athletes/sam-rivera"):
        r = c.get(path, follow_redirects=True)
        assert r.status_code == 200
        assert not re.search(r'(src|href)="(https?:)?//', r.text), path
        assert "<script" not in r.text  # no JavaScript at all


def test_over_https_the_session_cookie_is_also_secure(settings: Settings, store: Store) -> None:
    app = create_app(settings, clock=lambda: NOW, store=store, migrate=False)
    with TestClient(app, base_url="https://clinic.example", follow_redirects=False) as c:
        page = c.get("/login")
        r = c.post(
            "/login", data={"username": "maria", "password": "sprintback-demo-squad", "csrf": csrf_of(page.text)}
        )
        cookie = next(h for h in r.headers.get_list("set-cookie") if h.startswith("sb_session="))
        assert "secure" in cookie.lower()


def test_repeated_wrong_passwords_are_throttled(browser: Browser) -> None:
    c = browser(None)
    token = csrf_of(c.get("/login").text)
    statuses = [
        c.post("/login", data={"username": "coach", "password": f"wrong-{i}", "csrf": token}).status_code
        for i in range(6)
    ]
    assert statuses[:5] == [401] * 5 and statuses[5] == 429
    # Even the right password waits out the window now.
    r = c.post("/login", data={"username": "coach", "password": "sprintback-demo-squad", "csrf": token})
    assert r.status_code == 429 and "too many failed logins" in r.text


def test_an_expired_session_sends_the_browser_back_to_sign_in(settings: Settings, store: Store) -> None:
    from datetime import timedelta

    from sprintback.services import accounts

    issued = accounts.login(store, settings, "maria", "sprintback-demo-squad", None, NOW)
    later = NOW + timedelta(hours=settings.token_ttl_hours, minutes=1)
    app = create_app(settings, clock=lambda: later, store=store, migrate=False)
    with TestClient(app, follow_redirects=False) as c:
        c.cookies.set("sb_session", issued.token)
        r = c.get("/squad")
        assert r.status_code == 303 and r.headers["location"] == "/login?next=/squad"


def test_names_typed_by_users_are_shown_as_text_never_run_as_markup(browser: Browser, store: Store) -> None:
    from sprintback.domain.models import Athlete
    from sprintback.services.athletes import create_athlete

    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    create_athlete(store, CLI_OPERATOR, Athlete("mallory", evil, evil), "harbour-fc", NOW)
    for path in ("/squad", "/athletes/mallory"):
        page = browser("maria").get(path).text
        assert "<script>" not in page and "<img src=x" not in page
        assert "&lt;script&gt;" in page
