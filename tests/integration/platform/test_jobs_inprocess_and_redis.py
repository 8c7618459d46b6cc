"""Exports run as jobs: in-process by default; through Redis and an RQ worker when configured."""

from __future__ import annotations

import io
import os
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sprintback.bootstrap import bootstrap
from sprintback.domain.errors import PermissionDenied
from sprintback.services.access import Actor
from sprintback.services.jobs import InProcessRunner, RedisRunner, job_status, run_job, submit_job
from sprintback.settings import Settings
from sprintback.store import Store

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
REDIS = os.environ.get("SPRINTBACK_TEST_REDIS_URL")


def _wait_done(store: Store, actor: Actor, job_id: str, timeout: float = 30) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = job_status(store, actor, job_id, NOW)
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish")


def test_in_process_export_job_writes_a_zip_of_the_athletes_data(
    two_teams: Store, actors: dict[str, Actor], db_url: str, tmp_path: Path
) -> None:
    ctx = bootstrap(Settings(database_url=db_url, data_dir=tmp_path), store=two_teams, clock=lambda: NOW).jobs
    runner = InProcessRunner(ctx)
    job = submit_job(ctx, runner, actors["clinician"], "export_athlete", "sam", NOW)
    done = _wait_done(two_teams, actors["clinician"], str(job["id"]))
    runner.shutdown()
    assert done["status"] == "done", done["error"]
    data = (tmp_path / "exports" / f"{job['id']}.zip").read_bytes()
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert {"athlete.json", "measurements.csv", "checkins.csv", "audit_log.csv", "case.json"} <= set(names)


def test_job_of_another_teams_athlete_cannot_be_submitted_or_read(
    two_teams: Store, actors: dict[str, Actor], db_url: str, tmp_path: Path
) -> None:
    ctx = bootstrap(Settings(database_url=db_url, data_dir=tmp_path), store=two_teams, clock=lambda: NOW).jobs
    with pytest.raises(PermissionDenied):
        submit_job(ctx, InProcessRunner(ctx), actors["clinician"], "export_athlete", "mia", NOW)
    job = submit_job(ctx, _NoRunner(), actors["admin"], "export_athlete", "mia", NOW)
    with pytest.raises(PermissionDenied):
        job_status(two_teams, actors["clinician"], str(job["id"]), NOW)


def test_a_failing_job_is_recorded_as_failed_not_raised(
    two_teams: Store, actors: dict[str, Actor], db_url: str, tmp_path: Path
) -> None:
    ctx = bootstrap(Settings(database_url=db_url, data_dir=tmp_path), store=two_teams, clock=lambda: NOW).jobs
    job = submit_job(ctx, _NoRunner(), actors["admin"], "import_telemetry", "sam", NOW)  # no uploaded files
    run_job(ctx, str(job["id"]))
    done = job_status(two_teams, actors["admin"], str(job["id"]), NOW)
    assert done["status"] == "failed" and done["error"]


class _NoRunner:
    def submit(self, job_id: str) -> None:
        pass


@pytest.mark.redis
def test_redis_queue_job_is_run_by_an_rq_worker(
    two_teams: Store, actors: dict[str, Actor], db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not REDIS:
        pytest.skip("SPRINTBACK_TEST_REDIS_URL is not set")
    from redis import Redis
    from rq import SimpleWorker

    queue_name = f"sprintback-test-{os.getpid()}-{time.monotonic_ns()}"
    settings = Settings(database_url=db_url, data_dir=tmp_path, redis_url=REDIS)
    ctx = bootstrap(settings, store=two_teams, clock=lambda: NOW, runner=_NoRunner()).jobs
    runner = RedisRunner(REDIS, queue_name)
    job = submit_job(ctx, runner, actors["clinician"], "export_athlete", "sam", NOW)
    assert job_status(two_teams, actors["clinician"], str(job["id"]), NOW)["status"] == "queued"
    # The worker reads its settings from the environment, as `sprintback worker` does.
    monkeypatch.setenv("SPRINTBACK_DATABASE_URL", db_url)
    monkeypatch.setenv("SPRINTBACK_DATA_DIR", str(tmp_path))
    conn = Redis.from_url(REDIS)
    try:
        SimpleWorker([queue_name], connection=conn).work(burst=True)
    finally:  # leave nothing behind in the shared Redis database
        runner.queue.delete(delete_jobs=True)
        for key in [*conn.scan_iter(f"rq:*{queue_name}*"), f"rq:job:{job['id']}", f"rq:results:{job['id']}"]:
            conn.delete(key)
    done = job_status(two_teams, actors["clinician"], str(job["id"]), NOW)
    assert done["status"] == "done", done["error"]
    assert (tmp_path / "exports" / f"{job['id']}.zip").stat().st_size > 0
