"""Check-in POST throughput and p99 latency: the Sprintback API against a bare FastAPI endpoint.

    PYTHONPATH=src python bench/bench_checkin_api.py [--requests 2000] [--concurrency 16] [--postgres-url URL]

Starts two uvicorn servers (one process each) on free localhost ports:
- `sprintback`: the real API on a fresh database (a SQLite file, or a scratch PostgreSQL database) seeded with a team, a
  clinician and 100 athletes; each request authenticates a bearer token, authorises, writes the
  audit entry and stores the check-in (all in the database);
- `bare`: a FastAPI app with the same route and the same Pydantic body model that stores nothing.
The same POSTs (different athletes and days) go to both with the same concurrency; the script prints
throughput, p50/p99 latency and the ratios. Timing goals belong here, never in unit tests.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from contextlib import ExitStack
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
ATHLETES = 100
BARE_APP = textwrap.dedent(
    """
    from fastapi import FastAPI
    from sprintback.casefile import CheckInIn

    app = FastAPI()

    @app.post("/api/v1/athletes/{athlete_id}/checkins", status_code=201)
    def checkin(athlete_id: str, body: CheckInIn) -> dict:
        return {"athlete_id": athlete_id, **body.model_dump(mode="json")}
    """
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _seed(database_url: str, today: date) -> None:
    from sprintback.domain.models import Athlete, BamicGrade, Injury, Side
    from sprintback.services import accounts
    from sprintback.services.access import CLI_OPERATOR
    from sprintback.services.athletes import create_athlete
    from sprintback.store import Store, open_database

    now = datetime.now(UTC)
    store = Store(open_database(database_url))
    accounts.create_team(store, CLI_OPERATOR, "squad", "Squad", now)
    accounts.create_user(store, CLI_OPERATOR, "bench", "bench-password-1", "clinician", now, teams=["squad"])
    injury = Injury(today - timedelta(days=120), Side.LEFT, BamicGrade.parse("2b"))
    for i in range(ATHLETES):
        create_athlete(store, CLI_OPERATOR, Athlete(f"a{i:03d}", f"Athlete {i:03d}"), "squad", now, injury)
    store.dispose()


def _start(args: list[str], env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", *args, "--port", str(port), "--log-level", "warning", "--no-access-log"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(f"server failed: {proc.stderr.read().decode() if proc.stderr else ''}") from None
            time.sleep(0.1)
    raise SystemExit("server did not start")


async def _load(base: str, headers: dict[str, str], n: int, concurrency: int, today: date) -> tuple[float, list[float]]:
    latencies: list[float] = []
    counter = iter(range(n))
    errors: list[str] = []
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=60) as client:

        async def worker() -> None:
            for i in counter:
                day = today - timedelta(days=i // ATHLETES % 90)
                body = {"date": day.isoformat(), "pain_walking": i % 4, "soreness": 2, "sleep_hours": 7.5}
                t0 = time.perf_counter()
                r = await client.post(f"/api/v1/athletes/a{i % ATHLETES:03d}/checkins", json=body)
                latencies.append(time.perf_counter() - t0)
                if r.status_code != 201:
                    errors.append(f"{r.status_code} {r.text[:200]}")

        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - t0
    if errors:
        raise SystemExit(f"{len(errors)} failed requests, first: {errors[0]}")
    return wall, latencies


def _run(name: str, base: str, headers: dict[str, str], n: int, c: int, today: date) -> dict[str, float]:
    asyncio.run(_load(base, headers, min(200, n), c, today))  # warm-up (connections, caches)
    wall, lat = asyncio.run(_load(base, headers, n, c, today))
    lat.sort()
    res = {
        "rps": n / wall,
        "p50_ms": 1000 * statistics.median(lat),
        "p99_ms": 1000 * lat[min(len(lat) - 1, int(0.99 * len(lat)))],
    }
    print(f"{name:<11} {res['rps']:>9.0f} req/s   p50 {res['p50_ms']:>7.1f} ms   p99 {res['p99_ms']:>7.1f} ms")
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument(
        "--postgres-url", default=None,
        help="run against a scratch database created (and dropped) on this PostgreSQL server; default: SQLite",
    )  # fmt: skip
    a = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    today = datetime.now(UTC).date()
    from sprintback.store.testing import scratch_postgres

    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        url = stack.enter_context(scratch_postgres(a.postgres_url)) if a.postgres_url else f"sqlite:///{tmp}/bench.db"
        _seed(url, today)
        (Path(tmp) / "bare_app.py").write_text(BARE_APP)
        env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{tmp}", "SPRINTBACK_DATABASE_URL": url,
               "SPRINTBACK_DATA_DIR": tmp}  # fmt: skip
        env.pop("SPRINTBACK_REDIS_URL", None)
        sp_port, bare_port = _free_port(), _free_port()
        procs = [
            _start(["sprintback.server:app_from_env", "--factory"], env, sp_port),
            _start(["bare_app:app"], env, bare_port),
        ]
        try:
            credentials = {"username": "bench", "password": "bench-password-1"}
            login = httpx.post(f"http://127.0.0.1:{sp_port}/api/v1/auth/login", json=credentials)
            headers = {"Authorization": f"Bearer {login.json()['token']}"}
            backend = url.split(":", 1)[0]
            print(f"check-in POST, {a.requests} requests, concurrency {a.concurrency}, database {backend}, "
                  f"{os.cpu_count()} CPUs")  # fmt: skip
            bare = _run("bare", f"http://127.0.0.1:{bare_port}", {}, a.requests, a.concurrency, today)
            sp = _run("sprintback", f"http://127.0.0.1:{sp_port}", headers, a.requests, a.concurrency, today)
            print(f"ratio       throughput sprintback/bare = {sp['rps'] / bare['rps']:.2f}   "
                  f"p99 sprintback/bare = {sp['p99_ms'] / bare['p99_ms']:.1f}x")  # fmt: skip
        finally:
            for p in procs:
                p.terminate()
                p.wait(timeout=10)


if __name__ == "__main__":
    main()
