"""Every answer carries the security headers; the pages run under a CSP with no inline script or style.

On main no page, API answer or the API docs had a CSP, frame-ancestors / X-Frame-Options, nosniff,
Referrer-Policy or Permissions-Policy, and the docs loaded Swagger UI from a CDN with an inline script.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib.resources import files

import pytest
from fastapi.testclient import TestClient

from sprintback.api.app import create_app
from sprintback.settings import Settings

PAGES = ["/login", "/squad", "/athletes/dan-okafor", "/athletes/dan-okafor/plan", "/athletes/dan-okafor/assess"]
API = ["/api/v1/health", "/api/v1/athletes", "/api/v1/openapi.json", "/api/v1/docs", "/api/v1/nope"]


def _assert_headers(r: object, path: str) -> None:
    h = r.headers  # type: ignore[attr-defined]
    csp = h.get("content-security-policy", "")
    assert "frame-ancestors 'none'" in csp and "default-src 'none'" in csp, path
    assert "'unsafe-inline'" not in csp.split("script-src")[-1].split(";")[0], path
    assert h.get("x-frame-options") == "DENY" and h.get("x-content-type-options") == "nosniff", path
    assert h.get("referrer-policy") == "no-referrer" and "camera=()" in h.get("permissions-policy", ""), path
    assert "strict-transport-security" not in h, f"{path}: HSTS over plain http"


def test_pages_and_api_answers_carry_the_headers(browser: Callable[[str | None], TestClient]) -> None:
    maria = browser("maria")
    for path in PAGES + API:
        _assert_headers(maria.get(path), path)
    _assert_headers(browser(None).post("/login", data={"username": "x"}), "POST /login")


def test_no_inline_script_style_or_handler_in_any_page(browser: Callable[[str | None], TestClient]) -> None:
    maria = browser("maria")
    for path in PAGES:
        html = maria.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), path
        assert not re.search(r"\sstyle=|<style|\son[a-z]+=", html), path
    for template in files("sprintback.web").joinpath("templates").iterdir():
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)|\sstyle=|<style|\son[a-z]+=", text), template.name


def test_api_docs_load_only_local_assets(browser: Callable[[str | None], TestClient]) -> None:
    c = browser(None)
    page = c.get("/api/v1/docs")
    assert page.status_code == 200 and "http" not in page.text.replace('href="/', "").split("<body>")[0]
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets and all(a.startswith("/api-docs/") for a in assets)
    for a in assets:
        r = c.get(a)
        assert r.status_code == 200 and len(r.content) > 100, a
    assert b"SwaggerUIBundle" in c.get("/api-docs/init.js").content


def test_the_printable_report_has_its_own_csp_without_script(browser: Callable[[str | None], TestClient]) -> None:
    r = browser("maria").get("/athletes/dan-okafor/report")
    assert r.status_code == 200
    csp = r.headers["content-security-policy"]
    assert "script-src" not in csp and "default-src 'none'" in csp and "frame-ancestors 'none'" in csp


@pytest.mark.parametrize("trust, https", [(True, True), (False, False)])
def test_hsts_only_over_https_and_a_proxy_only_when_trusted(trust: bool, https: bool) -> None:
    app = create_app(Settings(database_url="sqlite://", trust_forwarded_for=trust), migrate=True)
    with TestClient(app) as c:
        r = c.get("/api/v1/health", headers={"X-Forwarded-Proto": "https"})
        assert ("strict-transport-security" in r.headers) is https
    with TestClient(app, base_url="https://testserver") as c:
        assert "max-age=" in c.get("/api/v1/health").headers["strict-transport-security"]
