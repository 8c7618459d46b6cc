"""Check-in POST throughput: the Sprintback API against a bare FastAPI endpoint doing the same work: goal ≥ 0.8×.

    python bench/bench_checkin_api.py [--requests 400] [--concurrency 16] [--runs 5] [--postgres-url URL]

Both servers run in their own process (uvicorn, one worker each) on the same fresh database (SQLite file, or a
scratch PostgreSQL database), seeded through the CLI (`team add`, `user add`, `case import` of 100 athletes):
- `sprintback`: `sprintback serve`; each request authenticates the bearer token, authorises, writes the audit
  entry and stores the check-in (a second one on a day supersedes the first);
- `bare`: a FastAPI app with the same route and body model that does the same authenticated INSERT by hand:
  the same token check (SHA-256 of the bearer token, not revoked, not expired, active user), the same
  previous-check-in lookup and the same row in `checkins`, in one transaction (BEGIN IMMEDIATE on SQLite, as
  Sprintback's store does), and nothing else.
The load generator is this process. Runs alternate bare, sprintback, bare, sprintback … (`--runs` of each), every
run sending the same POSTs (different athletes, the same days); prints throughput, p50/p99 latency and server
CPU per request as min/median/max over the runs, and the ratio of median throughputs.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import textwrap
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
from _common import api_token, cpu_seconds, database, free_port, percentile, seed, spread, sprintback_server
from _common import uvicorn_server as uvicorn

ATHLETES = 100
BARE_APP = textwrap.dedent(
    """
    import hashlib
    import os
    from datetime import datetime, timezone

    from fastapi import FastAPI, Header, HTTPException
    from sqlalchemy import create_engine, event, text

    from sprintback.casefile import CheckInIn

    URL = os.environ["SPRINTBACK_DATABASE_URL"]
    SQLITE = URL.startswith("sqlite")
    engine = create_engine(URL, connect_args={"timeout": 30} if SQLITE else {})
    if SQLITE:
        @event.listens_for(engine, "connect")
        def _connect(dbapi, _record):
            dbapi.isolation_level = None  # we say BEGIN ourselves

        @event.listens_for(engine, "begin")
        def _begin(conn):
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    app = FastAPI()
    TOKEN = text("SELECT t.revoked, t.expires_at, u.username, u.active FROM api_tokens t "
                 "JOIN users u ON u.id = t.user_id WHERE t.token_sha256 = :digest")
    PREVIOUS = text("SELECT c.id FROM checkins c WHERE c.athlete_id = :a AND c.date = :d AND NOT EXISTS "
                    "(SELECT 1 FROM checkins n WHERE n.supersedes_id = c.id)")
    FIELDS = ("pain_rest", "pain_walking", "pain_exercise", "pain_next_morning", "soreness", "sleep_hours")
    INSERT = text("INSERT INTO checkins (athlete_id, date, " + ", ".join(FIELDS) + ", night_pain, note, "
                  "supersedes_id, recorded_at, recorded_by) VALUES (:athlete_id, :date, "
                  + ", ".join(":" + f for f in FIELDS) + ", :night_pain, :note, :supersedes_id, :recorded_at, "
                  ":recorded_by) RETURNING id")

    @app.get("/health")
    def health():
        return {"ok": True}

    @app.post("/api/v1/athletes/{athlete_id}/checkins", status_code=201)
    def checkin(athlete_id: str, body: CheckInIn, authorization: str = Header("")) -> dict:
        digest = hashlib.sha256(authorization.partition(" ")[2].strip().encode()).hexdigest()
        now = datetime.now(timezone.utc)
        with engine.begin() as c:
            row = c.execute(TOKEN, {"digest": digest}).first()
            if row is None:
                raise HTTPException(401)
            expires = row.expires_at if isinstance(row.expires_at, datetime) else datetime.fromisoformat(row.expires_at)
            if row.revoked or not row.active or expires.replace(tzinfo=expires.tzinfo or timezone.utc) <= now:
                raise HTTPException(401)
            previous = c.execute(PREVIOUS, {"a": athlete_id, "d": body.date}).scalar()
            values = body.model_dump()
            values.update(athlete_id=athlete_id, supersedes_id=previous, recorded_at=now, recorded_by=row.username)
            new_id = c.execute(INSERT, values).scalar_one()
        return {"id": new_id, "athlete_id": athlete_id, **body.model_dump(mode="json")}
    """
)


async def _load(base: str, headers: dict[str, str], n: int, concurrency: int, today: date) -> tuple[float, list[float]]:
    latencies: list[float] = []
    counter = iter(range(n))
    errors: list[str] = []
    resent = [0]
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=120) as client:

        async def worker() -> None:
            for i in counter:
                day = today - timedelta(days=i // ATHLETES % 7)
                body = {"date": day.isoformat(), "pain_walking": i % 4, "soreness": 2, "sleep_hours": 7.5}
                url = f"/api/v1/athletes/a{i % ATHLETES:03d}/checkins"
                t0 = time.perf_counter()
                try:
                    r = await client.post(url, json=body)
                except httpx.TransportError:  # a keep-alive connection the server closed as we reused it
                    resent[0] += 1
                    r = await client.post(url, json=body)
                latencies.append(time.perf_counter() - t0)
                if r.status_code != 201:
                    errors.append(f"{r.status_code} {r.text[:200]}")

        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - t0
    if errors:
        raise SystemExit(f"{len(errors)} failed requests, first: {errors[0]}")
    if resent[0]:
        print(f"  ({resent[0]} requests re-sent after a dropped connection; their time includes both tries)")
    return wall, latencies


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--requests", type=int, default=400, help="POSTs per run.")
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--runs", type=int, default=5, help="Runs of each server, alternating (≥ 5 for the figures).")
    ap.add_argument("--postgres-url", default=None, help="A PostgreSQL server for a scratch database (else SQLite).")
    a = ap.parse_args()
    today = datetime.now(UTC).date()
    with tempfile.TemporaryDirectory() as tmp, database(a.postgres_url, Path(tmp)) as url:
        folder = Path(tmp)
        env = seed(url, folder, ATHLETES, 14, today)
        (folder / "bare_app.py").write_text(BARE_APP)
        sp_port, bare_port = free_port(), free_port()
        with sprintback_server(env, sp_port) as sp_pid, uvicorn("bare_app:app", env, bare_port, "/health") as bare_pid:
            sp_base, bare_base = f"http://127.0.0.1:{sp_port}", f"http://127.0.0.1:{bare_port}"
            headers = {"Authorization": f"Bearer {api_token(sp_base)}"}  # one token, valid for both
            servers = {"bare": (bare_base, bare_pid), "sprintback": (sp_base, sp_pid)}
            for base, _ in servers.values():  # warm-up
                asyncio.run(_load(base, headers, min(100, a.requests), a.concurrency, today))
            rps: dict[str, list[float]] = {k: [] for k in servers}
            p50: dict[str, list[float]] = {k: [] for k in servers}
            p99: dict[str, list[float]] = {k: [] for k in servers}
            cpu: dict[str, list[float]] = {k: [] for k in servers}
            for _ in range(a.runs):
                for name, (base, pid) in servers.items():
                    c0 = cpu_seconds(pid)
                    wall, lat = asyncio.run(_load(base, headers, a.requests, a.concurrency, today))
                    cpu[name].append((cpu_seconds(pid) - c0) / a.requests)
                    rps[name].append(a.requests / wall)
                    p50[name].append(statistics.median(lat))
                    p99[name].append(percentile(lat, 0.99))
            backend = url.split(":", 1)[0]
            print(f"check-in POST, {a.runs} alternating runs of {a.requests} requests, concurrency {a.concurrency}, "
                  f"database {backend}, {os.cpu_count()} CPUs:")  # fmt: skip
            for name in servers:
                print(f"  {name:<10} throughput {spread(rps[name], 1, 'req/s')}")
                print(f"  {'':<10} p50 {spread(p50[name])}   p99 {spread(p99[name])}")
                print(f"  {'':<10} server cpu per request {spread(cpu[name])}")
            ratio = statistics.median(rps["sprintback"]) / statistics.median(rps["bare"])
            lat_ratio = statistics.median(p99["sprintback"]) / statistics.median(p99["bare"])
            print(f"  ratio throughput sprintback / bare = {ratio:.2f}   (goal ≥ 0.8)   p99 sprintback / bare = "
                  f"{lat_ratio:.1f}×")  # fmt: skip


if __name__ == "__main__":
    main()
