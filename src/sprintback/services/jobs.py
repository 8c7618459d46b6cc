"""Jobs: telemetry imports, athlete exports and case reports run outside the request.

Embedded default: an in-process thread pool (`InProcessRunner`), nothing to install. Deployed, with
`SPRINTBACK_REDIS_URL`: jobs go to an RQ queue on Redis and `sprintback worker` runs them
(`RedisRunner`). Why RQ: a small, actively maintained library whose only dependency is Redis; a job is
a plain importable function called with plain arguments, so the same `run_job` serves both runners;
no broker topology (Celery) or actor model (Dramatiq) to learn for two job kinds.

The job row in the database is the source of truth for status and result, whatever runs the job.
Arguments on the queue are job ids only: no health data and no database credentials travel through
Redis (the worker reads `SPRINTBACK_DATABASE_URL` itself).
"""

from __future__ import annotations

import logging
import secrets
import shutil
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from sprintback.domain.errors import InvalidCase, NotFound, SprintbackError
from sprintback.services.access import Action, Actor, Role, authorize
from sprintback.services.data_rights import export_athlete
from sprintback.services.errors import Conflict, QueueUnavailable
from sprintback.settings import Settings
from sprintback.store.uow import Store, UnitOfWork

QUEUE_NAME = "sprintback"
# How long a running job's claim lasts without renewal: its runner renews it every third of that, so a
# job whose runner died is found within LEASE of its last renewal.
LEASE = timedelta(minutes=5)
log = logging.getLogger("sprintback.jobs")


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class JobContext:
    store: Store
    settings: Settings
    clock: Callable[[], datetime] = field(default=_utcnow)


class JobRunner(Protocol):
    def submit(self, job_id: str) -> None: ...

    def state(self) -> str:
        """For /health: ok | in-process | unreachable | stopped."""
        ...


class InProcessRunner:
    """Runs jobs on a small thread pool in the app process (the embedded default)."""

    def __init__(self, ctx: JobContext, workers: int = 2) -> None:
        self.ctx = ctx
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sprintback-job")

    def submit(self, job_id: str) -> None:
        self.pool.submit(run_job, self.ctx, job_id)

    def shutdown(self) -> None:
        self.pool.shutdown(wait=True)

    def state(self) -> str:
        return "stopped" if getattr(self.pool, "_shutdown", False) else "in-process"


class RedisRunner:
    """Puts job ids on an RQ queue; `sprintback worker` runs them."""

    def __init__(self, redis_url: str, queue_name: str = QUEUE_NAME) -> None:
        from redis import Redis
        from rq import Queue

        self.queue = Queue(queue_name, connection=Redis.from_url(redis_url))

    def submit(self, job_id: str) -> None:
        self.queue.enqueue("sprintback.services.jobs.run_queued_job", job_id, job_id=job_id, job_timeout=3600)

    def state(self) -> str:
        try:
            self.queue.connection.ping()
        except Exception:
            return "unreachable"
        return "ok"


def make_runner(ctx: JobContext) -> JobRunner:
    if ctx.settings.redis_url:
        return RedisRunner(ctx.settings.redis_url)
    return InProcessRunner(ctx)


_ACTIONS = {
    "export_athlete": Action.EXPORT,
    "import_telemetry": Action.IMPORT_TELEMETRY,
    "case_report": Action.READ_CLINICAL,
    "case_report_pdf": Action.READ_CLINICAL,
    "clearance_certificate": Action.READ_CLINICAL,
    "home_programme": Action.READ_TRAINING,
}
# Where a finished job's output is, relative to the data directory, and its media type.
_OUTPUTS = {
    "export_athlete": ("exports", ".zip", "application/zip"),
    "case_report": ("reports", ".html", "text/html"),
    "case_report_pdf": ("reports", ".pdf", "application/pdf"),
    "clearance_certificate": ("reports", ".pdf", "application/pdf"),
    "home_programme": ("reports", ".pdf", "application/pdf"),
}


def submit_job(
    ctx: JobContext,
    runner: JobRunner,
    actor: Actor,
    kind: str,
    athlete_id: str,
    now: datetime,
    params: dict[str, Any] | None = None,
    files: dict[str, bytes] | None = None,
) -> dict[str, Any]:
    """Authorise, record the job, save its input files, and hand it to the runner."""
    if kind not in _ACTIONS:
        raise InvalidCase(f"{kind!r} is not one of: {', '.join(_ACTIONS)}", "kind")
    job_id = secrets.token_hex(12)

    def _do(uow: UnitOfWork) -> dict[str, Any]:
        authorize(uow, actor, _ACTIONS[kind], now, athlete_id=athlete_id, detail=f"submit {kind} job {job_id}")
        uow.jobs.add(job_id, kind, dict(params or {}), athlete_id, actor.username, now)
        return uow.jobs.get(job_id)

    job = ctx.store.run(_do)  # authorised and recorded before anything touches the disk
    if files:
        try:
            folder = ctx.settings.data_dir / "uploads" / job_id
            folder.mkdir(parents=True, exist_ok=True)
            for name, data in files.items():
                (folder / Path(name).name).write_bytes(data)
        except OSError as exc:
            error = f"could not save the upload: {exc.strerror or exc}"
            ctx.store.run(lambda uow: uow.jobs.set_status(job_id, "failed", ctx.clock(), error=error))
            raise
    try:
        runner.submit(job_id)
    except Exception as exc:  # the queue is down: nothing must stay behind that no worker will ever run
        log.warning("job queue unreachable, job %s not submitted: %s", job_id, exc)
        ctx.store.run(lambda uow: uow.jobs.delete(job_id))
        shutil.rmtree(ctx.settings.data_dir / "uploads" / job_id, ignore_errors=True)
        raise QueueUnavailable("the job queue is not reachable; nothing was stored, try again shortly", None) from None
    return job


def job_status(store: Store, actor: Actor, job_id: str, now: datetime) -> dict[str, Any]:
    def _do(uow: UnitOfWork) -> dict[str, Any]:
        job = uow.jobs.get(job_id)
        authorize(uow, actor, _ACTIONS[job["kind"]], now, athlete_id=job["athlete_id"], detail=f"job {job_id}")
        return job

    return store.run(_do)


def job_output(ctx: JobContext, actor: Actor, job_id: str, now: datetime) -> tuple[Path, str]:
    """The file a finished export or report job produced, and its media type."""
    job = job_status(ctx.store, actor, job_id, now)
    if job["kind"] not in _OUTPUTS or job["status"] != "done":
        raise NotFound(f"job {job_id} has no finished export or report", "job_id")
    folder, suffix, media_type = _OUTPUTS[job["kind"]]
    return ctx.settings.data_dir / folder / f"{job_id}{suffix}", media_type


def run_job(ctx: JobContext, job_id: str) -> None:
    """Run one recorded job and store its outcome; never raises (the job row says what happened)."""
    try:
        job = ctx.store.run(lambda uow: uow.jobs.get(job_id))
        if not ctx.store.run(lambda uow: uow.jobs.claim(job_id, ctx.clock(), LEASE)):
            return  # finished, or run by another worker (a duplicate delivery after a re-enqueue)
        with _LeaseKeeper(ctx, job_id):
            result = _KINDS[job["kind"]](ctx, job)
        ctx.store.run(lambda uow: uow.jobs.set_status(job_id, "done", ctx.clock(), result=result))
    except SprintbackError as exc:
        error = str(exc)
        ctx.store.run(lambda uow: uow.jobs.set_status(job_id, "failed", ctx.clock(), error=error))
    except Exception as exc:  # a bug in one job must not kill the worker
        msg = f"unexpected {type(exc).__name__}: {exc}\n{traceback.format_exc(limit=5)}"
        ctx.store.run(lambda uow: uow.jobs.set_status(job_id, "failed", ctx.clock(), error=msg))


class _LeaseKeeper:
    """Renews a running job's lease every third of its length until the job ends; if the process dies, the
    lease runs out and `job_recovery.recover_jobs` re-runs or fails the job."""

    def __init__(self, ctx: JobContext, job_id: str) -> None:
        self.ctx, self.job_id = ctx, job_id
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._renew, name=f"lease-{job_id}", daemon=True)

    def _renew(self) -> None:
        while not self.stop.wait(LEASE.total_seconds() / 3):
            try:
                self._renew_once(self.ctx.clock() + LEASE)
            except Exception as exc:  # a missed renewal is retried next time; the lease has slack for two
                log.warning("could not renew the lease of job %s: %s", self.job_id, exc)

    def _renew_once(self, until: datetime) -> None:
        self.ctx.store.run(lambda uow: uow.jobs.renew(self.job_id, until))

    def __enter__(self) -> _LeaseKeeper:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        self.thread.join(timeout=5)


def run_queued_job(job_id: str) -> None:
    """The entry point RQ calls in `sprintback worker`."""
    settings = Settings.from_env()
    store = Store.from_url(settings.database_url)
    try:
        run_job(JobContext(store, settings), job_id)
    finally:
        store.dispose()


def _job_actor(job: dict[str, Any]) -> Actor:
    # The submitter was authorised at submission; the job acts on their behalf and is audited as such.
    return Actor(None, f"job:{job['created_by']}"[:80], Role.ADMIN, ip="worker")


def _export(ctx: JobContext, job: dict[str, Any]) -> dict[str, Any]:
    data = export_athlete(ctx.store, _job_actor(job), job["athlete_id"], ctx.clock())
    out = ctx.settings.data_dir / "exports" / f"{job['id']}.zip"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return {"file": out.name, "bytes": len(data)}


def _import(ctx: JobContext, job: dict[str, Any]) -> dict[str, Any]:
    from sprintback.services.telemetry_import import ImportOptions, import_files
    from sprintback.store.telemetry import SqlTelemetrySink

    folder = ctx.settings.data_dir / "uploads" / job["id"]
    files = sorted(p for p in folder.iterdir() if p.is_file())
    summary = import_files(
        files, SqlTelemetrySink(ctx.store.database, ctx.clock), ImportOptions(athlete_id=job["athlete_id"])
    )
    return {
        "imported": summary.imported,
        "duplicates": summary.duplicates,
        "failed": summary.failed,
        "files": [
            {"file": Path(o.path).name, "status": o.status, "sessions": o.sessions, "reason": o.reason}
            for o in summary.outcomes
        ],
    }


def _report(ctx: JobContext, job: dict[str, Any]) -> dict[str, Any]:
    """The HTML case report (decision, criteria with evidence, timeline) as of the requested day."""
    from sprintback.services.case_history import case_report_html

    athlete_id = str(job["athlete_id"])
    as_of = date.fromisoformat(str(job["params"].get("as_of")))
    html = case_report_html(ctx.store, _job_actor(job), athlete_id, as_of, ctx.clock(), f"report job {job['id']}")
    if html is None:
        raise Conflict("no injury on record to report on", "athlete_id")
    out = ctx.settings.data_dir / "reports" / f"{job['id']}.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return {"file": out.name, "bytes": out.stat().st_size, "as_of": as_of.isoformat()}


def _pdf(ctx: JobContext, job: dict[str, Any]) -> dict[str, Any]:
    """A PDF document of the case: the report, the clearance certificate or the home programme."""
    from sprintback.services import documents

    athlete_id, actor, what = str(job["athlete_id"]), _job_actor(job), f"{job['kind']} job {job['id']}"
    as_of = date.fromisoformat(str(job["params"].get("as_of")))
    if job["kind"] == "case_report_pdf":
        data = documents.case_report_pdf(ctx.store, actor, athlete_id, as_of, ctx.clock(), what)
    elif job["kind"] == "clearance_certificate":
        data = documents.clearance_certificate_pdf(ctx.store, actor, athlete_id, ctx.clock(), what)
    else:
        data = documents.home_programme_pdf(ctx.store, actor, athlete_id, as_of, ctx.clock())
    out = ctx.settings.data_dir / "reports" / f"{job['id']}.pdf"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(out)
    return {"file": out.name, "bytes": out.stat().st_size, "as_of": as_of.isoformat()}


_KINDS: dict[str, Callable[[JobContext, dict[str, Any]], dict[str, Any]]] = {
    "export_athlete": _export,
    "import_telemetry": _import,
    "case_report": _report,
    "case_report_pdf": _pdf,
    "clearance_certificate": _pdf,
    "home_programme": _pdf,
}
