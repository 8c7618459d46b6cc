"""A real browser (Debian's chromium, driven by Playwright) against `sprintback demo` in a subprocess.

A clinician signs in, reads the squad board, opens an athlete and records a measurement of both legs; an athlete
signs in on a phone-sized screen and sends the daily check-in. Screenshots go to the test's tmp_path.
Never downloads a browser: without /usr/bin/chromium the test is skipped, saying why.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
SRC = Path(__file__).resolve().parents[3] / "src"
PASSWORD = "sprintback-demo-squad"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync",
]  # fmt: skip

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="browser test needs Debian's chromium at /usr/bin/chromium"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="browser test needs the playwright package (dev extra)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("web-demo")
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    for var in ("SPRINTBACK_DATABASE_URL", "SPRINTBACK_REDIS_URL", "SPRINTBACK_DATA_DIR"):
        env.pop(var, None)
    cmd = [sys.executable, "-m", "sprintback", "demo", "--port", str(port), "--data-dir", str(folder / "demo")]
    proc = subprocess.Popen(cmd, env=env, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"demo exited early: {proc.stdout.read() if proc.stdout else ''}")
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("the demo server did not answer within 60 s")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/")
    assert page.url.startswith(f"{base}/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_clinician_reads_the_board_opens_an_athlete_and_records_a_measurement(
    demo: str, chromium: Any, tmp_path: Path
) -> None:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _sign_in(page, demo, "maria")
    page.wait_for_url(f"{demo}/squad")
    board = page.locator("table.board")
    assert board.locator("tbody tr").count() == 6  # Harbour FC only
    assert "Dan Okafor" in board.inner_text() and "Mia Tanaka" not in board.inner_text()
    page.screenshot(path=str(tmp_path / "squad-board.png"), full_page=True)

    page.get_by_role("link", name="Sam Rivera").click()
    page.wait_for_url(f"{demo}/athletes/sam-rivera")
    assert page.get_by_role("heading", name="Today's decision").is_visible()
    assert page.locator(".timeline svg").count() == 1
    page.get_by_role("link", name="Record a measurement").click()

    page.get_by_label("Measure").select_option("nordic_force_n")
    page.get_by_label("Value", exact=True).fill("246")
    page.get_by_role("button", name="Save measurement").click()  # no side: the service says which field
    assert page.locator("#side-error").is_visible()
    assert "per leg" in page.locator("#side-error").inner_text()
    page.screenshot(path=str(tmp_path / "assessment-error.png"), full_page=True)

    page.get_by_label("Side").select_option("left")
    page.get_by_label("Value, other leg").fill("331")
    page.get_by_role("button", name="Save measurement").click()
    page.wait_for_url(f"{demo}/athletes/sam-rivera?saved=measurement")
    assert page.get_by_role("status").inner_text().startswith("Measurement saved")
    measurements = page.locator("table.compact").last.inner_text()
    assert "246 N" in measurements and "331 N" in measurements
    page.screenshot(path=str(tmp_path / "athlete-page.png"), full_page=True)
    assert (tmp_path / "athlete-page.png").stat().st_size > 10_000
    context.close()


def test_an_athlete_sends_the_daily_check_in_from_a_phone(demo: str, chromium: Any, tmp_path: Path) -> None:
    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    _sign_in(page, demo, "sam")
    page.wait_for_url(f"{demo}/me")
    assert page.locator(".plain").is_visible()
    assert page.get_by_role("heading", name="Today's session").is_visible()
    # Made for a phone: nothing wider than the screen, answers big enough to tap (44 px, WCAG 2.5.5).
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    chip = page.locator("fieldset", has_text="Pain when walking").locator("label.tap span").first.bounding_box()
    assert chip is not None and chip["height"] >= 44

    answers = {"Pain at rest": "0", "Pain when walking": "1", "Pain during your exercises": "2", "Muscle soreness": "2"}
    for question, value in answers.items():
        radio = page.locator("fieldset", has=page.locator("legend", has_text=question)).get_by_role(
            "radio", name=value, exact=True
        )
        radio.tap()
        assert radio.is_checked()
    page.get_by_label("Hours of sleep last night").fill("7.5")
    page.locator("fieldset", has_text="Did pain wake you").get_by_role("radio", name="No", exact=True).tap()
    page.get_by_role("button", name="Send check-in").tap()
    page.wait_for_url(f"{demo}/me?saved=checkin#today")
    assert "your check-in is saved" in page.get_by_role("status").inner_text()
    latest = page.locator(".history li").first.inner_text()
    assert "walk 1" in latest and "exercise 2" in latest and "7.5 h" in latest
    page.screenshot(path=str(tmp_path / "athlete-phone.png"), full_page=True)

    page.goto(f"{demo}/athletes/jonas-berg")  # another athlete's page: refused by the services
    assert page.get_by_role("heading", name="Not allowed").is_visible()
    context.close()
