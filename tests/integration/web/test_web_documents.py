"""PDFs from the web: order on the athlete page, follow the job page (it reloads itself), download."""

from __future__ import annotations

import time
from collections.abc import Callable

from fastapi.testclient import TestClient
from websupport import csrf_of

Browser = Callable[[str | None], TestClient]


def _order(c: TestClient, page: str, athlete: str, document: str) -> str:
    r = c.post(f"/athletes/{athlete}/documents", data={"csrf": csrf_of(c.get(page).text), "document": document})
    assert r.status_code == 303, r.text[:300]
    return str(r.headers["location"])


def _ready(c: TestClient, job_page: str) -> str:
    deadline = time.monotonic() + 180  # a loaded CI machine: minutes, not seconds
    while time.monotonic() < deadline:
        page = c.get(job_page).text
        if "Download the PDF" in page or "could not be made" in page:
            return page
        assert 'http-equiv="refresh"' in page  # still running: the page reloads itself
        time.sleep(0.1)
    raise AssertionError("the document job did not finish")


def test_the_clinician_orders_the_report_pdf_and_downloads_it(browser: Browser) -> None:
    maria = browser("maria")
    assert "Report as PDF" in maria.get("/athletes/sam-rivera").text
    job_page = _order(maria, "/athletes/sam-rivera", "sam-rivera", "case_report_pdf")
    assert "Download the PDF" in _ready(maria, job_page)
    pdf = maria.get(job_page + "/download")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_the_athlete_prints_their_programme_from_the_phone_page(browser: Browser) -> None:
    sam = browser("sam")
    assert "Print my programme" in sam.get("/me").text
    job_page = _order(sam, "/me", "sam-rivera", "home_programme")
    assert "Download the PDF" in _ready(sam, job_page)
    assert sam.get(job_page + "/download").content.startswith(b"%PDF")


def test_a_coach_cannot_order_a_clinical_document_nor_read_another_accounts_job(browser: Browser) -> None:
    coach, maria = browser("coach"), browser("maria")
    token = csrf_of(coach.get("/squad").text)
    r = coach.post("/athletes/sam-rivera/documents", data={"csrf": token, "document": "case_report_pdf"})
    assert r.status_code == 403
    job_page = _order(maria, "/athletes/sam-rivera", "sam-rivera", "case_report_pdf")
    assert coach.get(job_page).status_code == 403
    assert coach.get(job_page + "/download").status_code == 403


def test_an_unknown_document_is_refused_in_words(browser: Browser) -> None:
    maria = browser("maria")
    token = csrf_of(maria.get("/athletes/sam-rivera").text)
    r = maria.post("/athletes/sam-rivera/documents", data={"csrf": token, "document": "payroll"})
    assert r.status_code == 400 and "Case report (PDF)" in r.text
