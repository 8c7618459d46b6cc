"""/health says whether the app can do its work: the database takes a write, jobs can be queued.

On main `/health` answered `"database": "ok"` while every write was a 500: with the database on a read-only
volume and on a full disk. Both are real here: the SQLite database lives on a small tmpfs that the test
remounts read-only, or fills up (needs root to mount; skipped otherwise). The Redis queue down is a 503 too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sprintback.api.app import create_app
from sprintback.services.jobs import RedisRunner
from sprintback.settings import Settings

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.fixture
def small_volume(tmp_path: Path) -> Iterator[Path]:
    point = tmp_path / "vol"
    point.mkdir()
    if (
        os.geteuid() != 0
        or not shutil.which("mount")
        or not _mount("-t", "tmpfs", "-o", "size=8m", "tmpfs", str(point))
    ):
        pytest.skip("needs root and mount to make a small or read-only volume")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], capture_output=True)


def _app(folder: Path) -> TestClient:
    settings = Settings(database_url=f"sqlite:///{folder / 'sprintback.db'}", data_dir=folder)
    return TestClient(create_app(settings, clock=lambda: NOW, migrate=True), raise_server_exceptions=False)


def test_health_is_ok_when_the_database_takes_writes(tmp_path: Path) -> None:
    with _app(tmp_path) as c:
        r = c.get("/api/v1/health")
    assert r.status_code == 200 and r.json()["database"] == "ok" and r.json()["queue"] == "in-process"


def test_a_read_only_database_volume_is_503_read_only(small_volume: Path) -> None:
    with _app(small_volume) as c:
        assert c.get("/api/v1/health").status_code == 200
        c.app.state.platform.store.dispose()  # type: ignore[attr-defined]  # a busy volume cannot be remounted
        assert _mount("-o", "remount,ro", str(small_volume))
        r = c.get("/api/v1/health")
        assert r.status_code == 503 and r.json()["status"] == "degraded"
        assert r.json()["database"] == "read-only", r.json()


def test_a_full_disk_is_503_disk_full(small_volume: Path) -> None:
    with _app(small_volume) as c:
        assert c.get("/api/v1/health").status_code == 200
        # Closing the connections checkpoints and removes the WAL, so the next write needs new space.
        c.app.state.platform.store.dispose()  # type: ignore[attr-defined]
        filler = small_volume / "filler"
        with filler.open("wb", buffering=0) as f:  # take every free byte of the volume
            for chunk in (65536, 4096, 1):
                try:
                    while True:
                        f.write(b"\0" * chunk)
                except OSError:
                    pass
        r = c.get("/api/v1/health")
        assert r.status_code == 503 and r.json()["database"] == "disk full", r.json()
        filler.unlink()
        assert c.get("/api/v1/health").status_code == 200


def test_the_queue_down_is_503(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite'}", data_dir=tmp_path,
                        redis_url="redis://127.0.0.1:1/0")  # fmt: skip
    app = create_app(settings, clock=lambda: NOW, migrate=True)
    assert isinstance(app.state.platform.runner, RedisRunner)
    with TestClient(app) as c:
        r = c.get("/api/v1/health")
    assert r.status_code == 503 and r.json() == {**r.json(), "database": "ok", "queue": "unreachable"}
