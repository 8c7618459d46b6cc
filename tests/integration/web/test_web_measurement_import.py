"""The CSV import page: a file with one bad row shows that row's error and stores nothing until accepted."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from fastapi.testclient import TestClient
from websupport import TODAY, csrf_of

from sprintback.services import assessments
from sprintback.services.access import CLI_OPERATOR
from sprintback.store import Store

Browser = Callable[[str | None], TestClient]
DAY = TODAY.isoformat()
CSV = (
    f"date,athlete,kind,side,value\n{DAY},sam-rivera,ake_deg,left,71\n{DAY},sam-rivera,ake_deg,right,80\n"
    f"{DAY},sam-rivera,pain_walking,,14\n"
).encode()


def _count(store: Store) -> int:
    from datetime import UTC, datetime

    now = datetime.combine(TODAY, datetime.min.time(), tzinfo=UTC)
    return assessments.list_measurements(store, CLI_OPERATOR, "sam-rivera", now, 1, 0).total or 0


def _preview(c: TestClient, data: bytes) -> str:
    token = csrf_of(c.get("/measurements/import").text)
    r = c.post("/measurements/import", data={"csrf": token}, files={"file": ("clinic.csv", data, "text/csv")})
    assert r.status_code in (200, 422), r.text[:300]
    return html.unescape(r.text)


def test_one_bad_row_is_shown_and_nothing_is_stored_until_the_valid_rows_are_accepted(
    browser: Browser, store: Store
) -> None:
    maria = browser("maria")
    assert "Import measurements (CSV)" in maria.get("/squad").text
    before = _count(store)
    page = _preview(maria, CSV)
    assert "2 of 3 rows are ready" in page
    assert "Pain walking: 14 is outside" in page and ">4<" in page  # the bad row's line number
    assert "pain_walking" not in re.sub(r"<[^>]+>", " ", page)  # people's words, never the internal id
    assert _count(store) == before
    form = re.search(r'name="data" value="([^"]+)"', page)
    assert form and "Import the 2 valid rows only" in page
    r = maria.post("/measurements/import/commit", data={"csrf": csrf_of(page), "data": form.group(1),
                                                         "accept_valid": "1"})  # fmt: skip
    assert r.status_code == 200 and "Stored 2 measurements" in html.unescape(r.text)
    assert _count(store) == before + 2


def test_a_file_without_the_columns_is_refused_in_words(browser: Browser) -> None:
    page = _preview(browser("maria"), b"when,who\n1,2\n")
    assert "missing column(s)" in page


def test_coaches_and_athletes_cannot_open_or_send_the_import(browser: Browser) -> None:
    for who in ("coach", "sam"):
        c = browser(who)
        assert c.get("/measurements/import").status_code == 403
        home = "/squad" if who == "coach" else "/me"
        token = csrf_of(c.get(home).text)
        r = c.post("/measurements/import", data={"csrf": token}, files={"file": ("x.csv", CSV, "text/csv")})
        assert r.status_code == 403
