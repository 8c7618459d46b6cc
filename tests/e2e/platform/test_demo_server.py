"""`sprintback demo` starts a server; curl with the documented demo credentials returns the squad list."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

SRC = Path(__file__).resolve().parents[3] / "src"
DOCS = Path(__file__).resolve().parents[3] / "docs" / "platform.md"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    folder = tmp_path_factory.mktemp("demo")
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    env.pop("SPRINTBACK_DATABASE_URL", None)
    env.pop("SPRINTBACK_REDIS_URL", None)
    cmd = [sys.executable, "-m", "sprintback", "demo", "--port", str(port), "--data-dir", str(folder / "demo")]
    proc = subprocess.Popen(cmd, env=env, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"demo exited early: {proc.stdout.read() if proc.stdout else ''}")
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            pytest.fail("demo server did not answer within 60 s")
        yield base, str(folder)
    finally:
        proc.terminate()
        try:
            output, _ = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            output, _ = proc.communicate()
        (folder / "demo-output.txt").write_text(output or "")


def test_demo_prints_url_and_the_documented_credentials(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    cmd = [sys.executable, "-m", "sprintback", "demo", "--seed-only", "--data-dir", str(tmp_path / "d")]
    out = subprocess.run(
        [*cmd, "--today", "2026-11-25"],
        env=env, capture_output=True, text=True, timeout=120, check=True,
    ).stdout  # fmt: skip
    assert "curl -u coach:sprintback-demo-squad http://127.0.0.1:8000/api/v1/athletes" in out
    for user in ("admin", "maria", "lena", "coach", "sam"):
        assert f"  {user} " in out
    docs = DOCS.read_text(encoding="utf-8")
    assert "curl -u coach:sprintback-demo-squad http://127.0.0.1:8000/api/v1/athletes" in docs
    assert "sprintback-demo-squad" in docs


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_with_demo_credentials_returns_the_coachs_squad(demo_server: tuple[str, str]) -> None:
    base, _ = demo_server
    out = subprocess.run(
        ["curl", "-sS", "--fail", "-u", "coach:sprintback-demo-squad", f"{base}/api/v1/athletes"],
        capture_output=True, text=True, timeout=60, check=True,
    ).stdout  # fmt: skip
    squad = json.loads(out)
    assert squad["total"] == 6  # the coach belongs to Harbour FC only
    assert {a["team_id"] for a in squad["items"]} == {"harbour-fc"}
    statuses = {a["availability"]["status"] for a in squad["items"]}
    assert {"restricted", "unavailable"} <= statuses
    assert all("baselines" not in a for a in squad["items"])


def test_demo_admin_sees_both_teams_and_the_athlete_only_themself(demo_server: tuple[str, str]) -> None:
    base, _ = demo_server
    admin = httpx.get(f"{base}/api/v1/athletes", auth=("admin", "sprintback-demo-squad"), timeout=30).json()
    assert admin["total"] == 12
    assert len({a["availability"]["phase"] for a in admin["items"]}) >= 4  # athletes at different phases
    token = httpx.post(
        f"{base}/api/v1/auth/login", json={"username": "sam", "password": "sprintback-demo-squad"}
    ).json()
    me = httpx.get(f"{base}/api/v1/athletes", headers={"Authorization": f"Bearer {token['token']}"}).json()
    assert [a["id"] for a in me["items"]] == ["sam-rivera"]
