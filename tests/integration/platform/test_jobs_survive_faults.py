"""Jobs survive faults: a job whose runner died is re-run (or failed with the reason) after a restart; with the
queue down a submission answers 503 and stores nothing; queued rows the queue lost are enqueued again.

On main a job killed with its server stayed `running` forever with its uploads left behind; `POST …/export-jobs`
with Redis down answered 500 and left a `queued` row that no worker would ever run.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sprintback.api.app import create_app
from sprintback.services import accounts
from sprintback.services.access import CLI_OPERATOR, Actor
from sprintback.services.job_recovery import MAX_ATTEMPTS, recover_jobs
from sprintback.services.jobs import JobContext, RedisRunner, job_status, submit_job
from sprintback.settings import Settings
from sprintback.store import Store

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)  # long after any lease taken at NOW has run out
REDIS = os.environ.get("SPRINTBACK_TEST_REDIS_URL")


class _Lost:
    """A runner whose process dies right after the job was handed to it."""

    def submit(self, job_id: str) -> None:
        pass

    def state(self) -> str:
        return "in-process"


def _killed_mid_run(store: Store, settings: Settings, attempts: int) -> str:
    """A job claimed by a runner that was then killed: running, lease taken at NOW, never renewed."""
    job = submit_job(JobContext(store, settings, lambda: NOW), _Lost(), CLI_OPERATOR, "export_athlete", "sam", NOW)
    job_id = str(job["id"])
    for _ in range(attempts):
        store.run(lambda uow: uow.jobs.requeue(job_id))
        assert store.run(lambda uow: uow.jobs.claim(job_id, NOW, timedelta(minutes=5)))
    (settings.data_dir / "uploads" / job_id).mkdir(parents=True)
    (settings.data_dir / "uploads" / job_id / "run.fit").write_bytes(b"partial")
    return job_id


def _wait(store: Store, job_id: str) -> dict[str, object]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        job = job_status(store, CLI_OPERATOR, job_id, LATER)
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} still {job['status']}")


def test_a_job_whose_server_was_killed_is_run_again_when_it_restarts(
    two_teams: Store, db_url: str, tmp_path: Path
) -> None:
    settings = Settings(database_url=db_url, data_dir=tmp_path)
    job_id = _killed_mid_run(two_teams, settings, attempts=1)
    with TestClient(create_app(settings, clock=lambda: LATER, migrate=False)):  # the restart
        done = _wait(two_teams, job_id)
    assert done["status"] == "done", done["error"]
    assert (tmp_path / "exports" / f"{job_id}.zip").stat().st_size > 0


def test_a_job_that_died_on_every_attempt_fails_with_the_reason_and_its_uploads_go(
    two_teams: Store, db_url: str, tmp_path: Path
) -> None:
    settings = Settings(database_url=db_url, data_dir=tmp_path)
    job_id = _killed_mid_run(two_teams, settings, attempts=MAX_ATTEMPTS)
    outcome = recover_jobs(JobContext(two_teams, settings, lambda: LATER), _Lost(), LATER)
    assert outcome.failed == [job_id]
    job = job_status(two_teams, CLI_OPERATOR, job_id, LATER)
    assert job["status"] == "failed" and "runner stopped" in str(job["error"])
    assert not (tmp_path / "uploads" / job_id).exists()


def test_a_live_lease_is_left_alone(two_teams: Store, db_url: str, tmp_path: Path) -> None:
    settings = Settings(database_url=db_url, data_dir=tmp_path)
    job_id = _killed_mid_run(two_teams, settings, attempts=1)
    soon = NOW + timedelta(minutes=1)
    assert recover_jobs(JobContext(two_teams, settings, lambda: soon), _Lost(), soon).rerun == []
    assert job_status(two_teams, CLI_OPERATOR, job_id, soon)["status"] == "running"


def test_with_the_queue_down_a_submission_is_503_and_stores_nothing(
    two_teams: Store, actors: dict[str, Actor], db_url: str, tmp_path: Path
) -> None:
    accounts.create_user(two_teams, CLI_OPERATOR, "maria", "correct-horse-battery", "clinician", NOW, teams=["harbour"])
    settings = Settings(database_url=db_url, data_dir=tmp_path, redis_url="redis://127.0.0.1:1/0")
    token = accounts.login(two_teams, settings, "maria", "correct-horse-battery", None, NOW).token
    app = create_app(settings, clock=lambda: NOW, migrate=False)
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.post("/api/v1/athletes/sam/export-jobs", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 503 and r.json()["error"]["code"] == "queue_unavailable"
    assert two_teams.run(lambda uow: uow.jobs.ids_for_athlete("sam")) == []
    assert not (tmp_path / "uploads").exists() or list((tmp_path / "uploads").iterdir()) == []


@pytest.mark.redis
def test_queued_rows_the_queue_lost_are_enqueued_again_and_run_once(
    two_teams: Store, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not REDIS:
        pytest.skip("SPRINTBACK_TEST_REDIS_URL is not set")
    from redis import Redis
    from rq import SimpleWorker

    queue_name = f"sprintback-test-{os.getpid()}-{time.monotonic_ns()}"
    settings = Settings(database_url=db_url, data_dir=tmp_path, redis_url=REDIS)
    job = submit_job(JobContext(two_teams, settings, lambda: NOW), _Lost(), CLI_OPERATOR, "export_athlete", "sam", NOW)
    runner = RedisRunner(REDIS, queue_name)  # the queue came back empty (a Redis restart without persistence)
    assert recover_jobs(JobContext(two_teams, settings, lambda: NOW), runner, NOW).requeued == [job["id"]]
    recover_jobs(JobContext(two_teams, settings, lambda: NOW), runner, NOW)  # a second start: delivered twice
    monkeypatch.setenv("SPRINTBACK_DATABASE_URL", db_url)
    monkeypatch.setenv("SPRINTBACK_DATA_DIR", str(tmp_path))
    conn = Redis.from_url(REDIS)
    try:
        SimpleWorker([queue_name], connection=conn).work(burst=True)
    finally:
        runner.queue.delete(delete_jobs=True)
        for key in [*conn.scan_iter(f"rq:*{queue_name}*"), f"rq:job:{job['id']}", f"rq:results:{job['id']}"]:
            conn.delete(key)
    done = job_status(two_teams, CLI_OPERATOR, str(job["id"]), NOW)
    assert done["status"] == "done" and done["attempts"] == 1, done
