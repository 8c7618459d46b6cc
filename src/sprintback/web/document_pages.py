"""PDF documents from the web: a form on the athlete's pages orders one as a job, a small page follows the
job (it reloads itself while the job runs, no JavaScript) and offers the download."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from sprintback.api.deps import Platform
from sprintback.domain.errors import InvalidCase
from sprintback.services import jobs
from sprintback.services.access import Actor
from sprintback.web.render import day, render, signed_in
from sprintback.web.session import check_csrf

router = APIRouter(include_in_schema=False)
Short = Annotated[str, Form(max_length=200)]

DOCUMENTS = {
    "case_report_pdf": "Case report (PDF)",
    "clearance_certificate": "Clearance certificate (PDF)",
    "home_programme": "Home programme (PDF)",
}


@router.post("/athletes/{athlete_id}/documents")
def order_document(request: Request, athlete_id: str, csrf: Short = "", document: Short = "") -> Response:
    """Order a PDF: the job service authorises it (clinical documents for clinical staff and the athlete)."""

    def _submit(actor: Actor, p: Platform) -> Response:
        check_csrf(request, csrf)
        if document not in DOCUMENTS:
            raise InvalidCase(f"choose one of: {', '.join(DOCUMENTS.values())}", "document")
        params = {"as_of": day(p).isoformat()}
        job = jobs.submit_job(p.jobs, p.runner, actor, document, athlete_id, p.now(), params)
        return RedirectResponse(f"/jobs/{job['id']}", status_code=303)

    return signed_in(request, _submit)


@router.get("/jobs/{job_id}")
def job_page(request: Request, job_id: str) -> Response:
    def _page(actor: Actor, p: Platform) -> Response:
        job = jobs.job_status(p.store, actor, job_id, p.now())
        title = DOCUMENTS.get(job["kind"], job["kind"].replace("_", " ").capitalize())
        return render(request, "job.html", actor=actor, job=job, title=title)

    return signed_in(request, _page)


@router.get("/jobs/{job_id}/download")
def job_download(request: Request, job_id: str) -> Response:
    def _file(actor: Actor, p: Platform) -> Response:
        path, media_type = jobs.job_output(p.jobs, actor, job_id, p.now())
        name = f"sprintback-{job_id}{path.suffix}"
        return FileResponse(path, media_type=media_type, filename=name, headers={"Cache-Control": "no-store"})

    return signed_in(request, _file)
