"""Telemetry uploads (as jobs), data export (direct or as a job), case reports (jobs), job status and download."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, UploadFile
from fastapi.responses import FileResponse, Response

from sprintback.api import schemas as s
from sprintback.api.deps import ActorDep, PlatformDep, today
from sprintback.domain.errors import InvalidCase
from sprintback.services import jobs
from sprintback.services.data_rights import export_athlete

router = APIRouter()
MAX_FILES = 50


def _job(j: dict[str, object]) -> s.JobOut:
    return s.JobOut.model_validate({k: j.get(k) for k in s.JobOut.model_fields})


@router.post(
    "/athletes/{athlete_id}/telemetry", response_model=s.JobOut, status_code=202,
    summary="Upload telemetry files (FIT, Catapult CSV, GPS, NordBord); imported by a job",
)  # fmt: skip
async def upload_telemetry(athlete_id: str, files: list[UploadFile], p: PlatformDep, actor: ActorDep) -> s.JobOut:
    if not files:
        raise InvalidCase("attach at least one file", "files")
    if len(files) > MAX_FILES:
        raise InvalidCase(f"at most {MAX_FILES} files per upload", "files")
    data: dict[str, bytes] = {}
    for i, f in enumerate(files):
        name = (f.filename or "").replace("\\", "/").rsplit("/", 1)[-1]
        if not name or name.startswith("."):
            raise InvalidCase("each file needs a name", f"files[{i}]")
        data[name] = await f.read()
    from starlette.concurrency import run_in_threadpool

    job = await run_in_threadpool(
        jobs.submit_job, p.jobs, p.runner, actor, "import_telemetry", athlete_id, p.now(), {"files": sorted(data)}, data
    )
    return _job(job)


@router.post(
    "/measurement-imports",
    summary="A CSV of measurements (date, athlete, kind, side, value, pain, note): preview each row's error, "
    "or import; nothing is stored from a file with errors unless accept_valid",
)  # fmt: skip
async def import_measurements(
    file: UploadFile, p: PlatformDep, actor: ActorDep, commit: bool = False, accept_valid: bool = False
) -> dict[str, Any]:
    from starlette.concurrency import run_in_threadpool

    from sprintback.measurement_csv import MAX_CSV_BYTES
    from sprintback.services.measurement_import import import_measurement_csv

    data = await file.read(MAX_CSV_BYTES + 1)
    preview = await run_in_threadpool(
        lambda: import_measurement_csv(p.store, actor, data, p.now(), commit=commit, accept_valid=accept_valid)
    )
    return preview.to_dict()


@router.get("/athletes/{athlete_id}/export", summary="Everything about the athlete: zip of JSON + CSV")
def export(athlete_id: str, p: PlatformDep, actor: ActorDep) -> Response:
    data = export_athlete(p.store, actor, athlete_id, p.now())
    headers = {"Content-Disposition": f'attachment; filename="sprintback-{athlete_id}.zip"'}
    return Response(data, media_type="application/zip", headers=headers)


@router.post("/athletes/{athlete_id}/export-jobs", response_model=s.JobOut, status_code=202)
def export_job(athlete_id: str, p: PlatformDep, actor: ActorDep) -> s.JobOut:
    return _job(jobs.submit_job(p.jobs, p.runner, actor, "export_athlete", athlete_id, p.now()))


@router.post(
    "/athletes/{athlete_id}/report-jobs", response_model=s.JobOut, status_code=202,
    summary="Render a document as a job: the case report (HTML or PDF), the clearance certificate or the home "
    "programme (PDF)",
)  # fmt: skip
def report_job(athlete_id: str, body: s.ReportIn, p: PlatformDep, actor: ActorDep) -> s.JobOut:
    as_of = (body.as_of or today(p)).isoformat()
    if body.document == "case_report":
        kind = "case_report_pdf" if body.format == "pdf" else "case_report"
    elif body.format != "pdf":
        raise InvalidCase(f"the {body.document.replace('_', ' ')} is a PDF only: give format pdf", "format")
    else:
        kind = body.document
    return _job(jobs.submit_job(p.jobs, p.runner, actor, kind, athlete_id, p.now(), {"as_of": as_of}))


@router.get("/jobs/{job_id}", response_model=s.JobOut)
def job_status(job_id: str, p: PlatformDep, actor: ActorDep) -> s.JobOut:
    return _job(jobs.job_status(p.store, actor, job_id, p.now()))


@router.get("/jobs/{job_id}/download", summary="The file a finished export (zip) or report (HTML) job produced")
def download(job_id: str, p: PlatformDep, actor: ActorDep) -> FileResponse:
    path, media_type = jobs.job_output(p.jobs, actor, job_id, p.now())
    return FileResponse(path, media_type=media_type, filename=path.name)
