"""Jobs whose runner died, and jobs the queue lost: found and dealt with when an app or a worker starts.

- A `running` job whose lease has expired (its process was killed: the lease keeper stopped renewing) is
  queued and run again, once: imports are idempotent by content hash, exports and reports are rewritten
  whole. A job that has already been tried `MAX_ATTEMPTS` times is marked `failed` with the reason, and its
  uploaded files are deleted (nothing will read them).
- A `queued` job is handed to the runner again: an in-process pool died with its process, and a Redis that
  restarted without persistence forgot its list. A job delivered twice runs once (`JobRecords.claim`).
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from datetime import datetime

from sprintback.services.jobs import JobContext, JobRunner

MAX_ATTEMPTS = 2
log = logging.getLogger("sprintback.jobs")


@dataclass(frozen=True)
class Recovered:
    rerun: list[str]
    failed: list[str]
    requeued: list[str]


def recover_jobs(ctx: JobContext, runner: JobRunner, now: datetime) -> Recovered:
    expired = ctx.store.run(lambda uow: uow.jobs.expired_running(now))
    rerun, failed = [], []
    for job in expired:
        job_id = str(job["id"])
        if int(job["attempts"] or 0) >= MAX_ATTEMPTS:
            reason = (
                f"its runner stopped before it finished ({job['attempts']} attempts; the lease expired); "
                "submit it again"
            )
            _fail(ctx, job_id, reason, now)
            shutil.rmtree(ctx.settings.data_dir / "uploads" / job_id, ignore_errors=True)
            failed.append(job_id)
        else:
            _requeue(ctx, job_id)
            rerun.append(job_id)
    queued = ctx.store.run(lambda uow: uow.jobs.queued_ids())
    for job_id in queued:
        runner.submit(job_id)
    if expired or queued:
        log.warning("jobs recovered: %d re-run, %d failed, %d queued again", len(rerun), len(failed), len(queued))
    return Recovered(rerun, failed, [j for j in queued if j not in rerun])


def _fail(ctx: JobContext, job_id: str, reason: str, now: datetime) -> None:
    ctx.store.run(lambda uow: uow.jobs.set_status(job_id, "failed", now, error=reason))


def _requeue(ctx: JobContext, job_id: str) -> None:
    ctx.store.run(lambda uow: uow.jobs.requeue(job_id))
