"""What the HTTP benchmarks share: generated case files, seeding through the CLI, servers in their own
processes, server CPU from /proc, and min/median/max.

Everything goes through public entry points (`sprintback case import`, `sprintback serve`, the HTTP API and
the web pages), so the benchmarks keep measuring the same thing whatever changes inside.
"""

from __future__ import annotations

import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
TEAM = "squad"
USER, PASSWORD = "bench", "bench-password-1"
CLK_TCK = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def env_for(url: str, data_dir: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{data_dir}", "SPRINTBACK_DATABASE_URL": url,
           "SPRINTBACK_DATA_DIR": str(data_dir)}  # fmt: skip
    env.pop("SPRINTBACK_REDIS_URL", None)
    return env


def sprintback(args: Sequence[str], env: dict[str, str], stdin: str | None = None) -> str:
    out = subprocess.run([sys.executable, "-m", "sprintback", *args], env=env, input=stdin, capture_output=True,
                         text=True, timeout=3600)  # fmt: skip
    if out.returncode != 0:
        raise SystemExit(f"sprintback {' '.join(args[:3])} failed:\n{out.stderr[-2000:]}")
    return out.stdout


# --- generated case files (docs/case-file.md) -----------------------------------------------------------------


def case_file(i: int, days: int, today: date) -> dict[str, Any]:
    """A season-long case: a check-in most days, tests every third day, rehab and running sessions; values
    recover over about 40 days, so the engine moves the athlete through the phases and then holds."""
    rnd = random.Random(i)
    side, other = ("left", "right") if i % 2 else ("right", "left")
    start = today - timedelta(days=days)
    strength, ake, vmax = rnd.uniform(260, 340), rnd.uniform(72, 84), round(rnd.uniform(8.6, 9.8), 2)
    checkins, tests, sessions = [], [], []
    for d in range(days + 1):
        day = (start + timedelta(days=d)).isoformat()
        r = min(1.0, d / rnd.uniform(30, 50))
        if rnd.random() > 0.1 or d == days:
            pain = max(0, round(5 * (1 - r / 0.4)))
            checkins.append({"date": day, "pain_rest": max(0, pain - 2), "pain_walking": pain,
                             "pain_exercise": max(0, pain - 1), "pain_next_morning": max(0, pain - 1),
                             "soreness": max(0, round(3 * (1 - r))),
                             "sleep_hours": round(rnd.uniform(6.5, 8.5), 1)})  # fmt: skip
        if d % 3 == 1:
            ratio = min(1.02, 0.55 + 0.47 * r)
            tests += [
                {"date": day, "kind": "iso_90_90_n", "value": round(strength * ratio), "side": side, "pain": 0},
                {"date": day, "kind": "iso_90_90_n", "value": round(strength), "side": other, "pain": 0},
                {"date": day, "kind": "ake_deg", "value": round(ake - 25 * (1 - r)), "side": side},
                {"date": day, "kind": "ake_deg", "value": round(ake), "side": other},
                {"date": day, "kind": "palpation_pain", "value": max(0, round(5 * (1 - r / 0.8)))},
            ]
            if r >= 0.35:
                tests += [
                    {"date": day, "kind": "nordic_force_n", "value": round(380 * min(1.03, 0.6 + 0.45 * r)),
                     "side": side},
                    {"date": day, "kind": "nordic_force_n", "value": 380, "side": other},
                    {"date": day, "kind": "single_leg_hop_cm", "value": round(150 * min(1.02, 0.6 + 0.42 * r)),
                     "side": side},
                    {"date": day, "kind": "single_leg_hop_cm", "value": 150, "side": other},
                ]  # fmt: skip
        if d >= 1 and rnd.random() > 0.25:
            sessions.append({"date": day, "kind": "rehab", "minutes": 40, "rpe": round(3 + 3 * r), "pain_during": 0})
            if r >= 0.15:
                sessions.append({"date": day, "kind": "run", "minutes": 25, "rpe": 5, "pain_during": 0,
                                 "top_speed_pct": round(min(100, 35 + 70 * r))})  # fmt: skip
    return {
        "format": "sprintback-case/1",
        "athlete": {"id": f"a{i:03d}", "name": f"Athlete {i:03d}", "sport": "football",
                    "baselines": {"max_speed_m_s": vmax}},
        "injury": {"date": start.isoformat(), "side": side, "grade": ("1b", "2a", "2b", "2c", "3b")[i % 5],
                   "mechanism": "sprint" if i % 4 else "stretch"},
        "measurements": tests, "checkins": checkins, "sessions": sessions,
    }  # fmt: skip


def seed(url: str, folder: Path, athletes: int, days: int, today: date) -> dict[str, str]:
    """A team, a clinician for it, and `athletes` generated case files loaded with `sprintback case import`."""
    env = env_for(url, folder)
    cases = folder / "cases"
    cases.mkdir(exist_ok=True)
    paths = []
    for i in range(athletes):
        p = cases / f"a{i:03d}.json"
        p.write_text(json.dumps(case_file(i, days, today)), encoding="utf-8")
        paths.append(str(p))
    sprintback(["db", "upgrade"], env)
    sprintback(["team", "add", TEAM, "Squad"], env)
    sprintback(["user", "add", USER, "--role", "clinician", "--team", TEAM, "--password-stdin"], env, PASSWORD + "\n")
    t0 = time.perf_counter()
    sprintback(["case", "import", *paths, "--team", TEAM], env)
    print(
        f"  seeded {athletes} athletes × {days} days with `sprintback case import` in {time.perf_counter() - t0:.1f} s"
    )
    return env


# --- servers ----------------------------------------------------------------------------------------------------


@contextmanager
def server(cmd: Sequence[str], env: dict[str, str], port: int, health: str = "/api/v1/health") -> Iterator[int]:
    """Run a server in its own process until the block ends; yields its pid (for its CPU time)."""
    proc = subprocess.Popen(list(cmd), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"server failed: {proc.stderr.read().decode()[-2000:] if proc.stderr else ''}")
            try:
                if httpx.get(f"http://127.0.0.1:{port}{health}", timeout=5).status_code < 500:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("server did not start")
            time.sleep(0.2)
        yield proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def sprintback_server(env: dict[str, str], port: int) -> Any:
    return server([sys.executable, "-m", "sprintback", "serve", "--host", "127.0.0.1", "--port", str(port)], env, port)


def uvicorn_server(app: str, env: dict[str, str], port: int, health: str) -> Any:
    cmd = [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
           "--no-access-log"]  # fmt: skip
    return server(cmd, env, port, health)


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def wait_idle(pid: int, timeout: float = 600.0) -> None:
    """Until the server has used under 5 % of a CPU for half a second (requests left over from a load phase
    are still being computed after their clients went away)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        c0 = cpu_seconds(pid)
        time.sleep(0.5)
        if cpu_seconds(pid) - c0 < 0.025:
            return


def api_token(base: str) -> str:
    r = httpx.post(f"{base}/api/v1/auth/login", json={"username": USER, "password": PASSWORD}, timeout=60)
    r.raise_for_status()
    return str(r.json()["token"])


def web_client(base: str) -> httpx.Client:
    """A browser-like client signed in through the login form."""
    client = httpx.Client(base_url=base, timeout=600, follow_redirects=False)
    page = client.get("/login")
    m = re.search(r'name="csrf" value="([^"]+)"', page.text)
    if not m:
        raise SystemExit("no csrf field on the login page")
    r = client.post("/login", data={"username": USER, "password": PASSWORD, "csrf": m.group(1), "next": ""})
    if r.status_code != 303:
        raise SystemExit(f"web login failed: {r.status_code}")
    return client


# --- figures ------------------------------------------------------------------------------------------------------


def spread(values: Sequence[float], scale: float = 1000.0, unit: str = "ms") -> str:
    v = sorted(values)
    return f"min {v[0] * scale:8.1f}  median {statistics.median(v) * scale:8.1f}  max {v[-1] * scale:8.1f} {unit}"


def percentile(values: Sequence[float], q: float) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, int(q * len(v)))]


@contextmanager
def database(postgres_url: str | None, folder: Path) -> Iterator[str]:
    """A fresh SQLite file in `folder`, or a scratch PostgreSQL database next to `postgres_url`'s (created here,
    dropped afterwards; `sprintback db upgrade` makes the schema)."""
    if not postgres_url:
        yield f"sqlite:///{(folder / 'bench.db').as_posix()}"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(postgres_url)
    name = f"sprintback_bench_{os.getpid()}_{int(time.time())}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
